"""manage.py mentoring match --municipality ID [--dry-run] [--on YYYY-MM-DD]: the whole-pool proposal of mentors
for a municipality's unmatched young educators, printed with its timing; without --dry-run it is published
(ACTIVE mentorships, source «по предложению подбора»), as the coordinator's page does."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from metodist.mentoring.matching import Pair, ProposalStale, propose, publish
from metodist.orgs.models import Municipality


class Command(BaseCommand):
    help = "Подбор наставников: предложение для всех молодых педагогов муниципалитета без наставника."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        match = commands.add_parser("match", help="Сформировать (и утвердить, если не --dry-run) предложение.")
        match.add_argument("--municipality", type=int, required=True, help="id муниципального образования")
        match.add_argument("--dry-run", action="store_true", help="только показать предложение, ничего не сохранять")
        match.add_argument("--on", type=date.fromisoformat, help="дата (по умолчанию сегодня), ГГГГ-ММ-ДД")

    def handle(self, *args, action, municipality, dry_run, on, **options):
        if not Municipality.objects.filter(pk=municipality).exists():
            raise CommandError(f"Муниципальное образование с id {municipality} не найдено.")
        on = on or timezone.localdate()
        started = time.perf_counter()
        proposal = propose(municipality, on)
        elapsed = time.perf_counter() - started
        for line in proposal.lines:
            self.stdout.write(f"{line.mentee} → {line.choice.mentor}: {line.choice.percent} % ({line.choice.reason})")
        for _, name, _ in proposal.unmatched:
            self.stdout.write(f"{name} → без наставника")
        t = proposal.timings
        self.stdout.write(
            f"Ожидают наставника: {proposal.waiting}, предложено пар: {len(proposal.lines)}, без наставника: "
            f"{len(proposal.unmatched)}; наставников: {proposal.mentors}, мест: {proposal.places}. "
            f"Время: {elapsed:.2f} с (чтение {t['read']:.2f} с, соответствие {t['score']:.2f} с, "
            f"распределение {t['solve']:.2f} с, обоснования {t['explain']:.2f} с)."
        )
        if dry_run:
            self.stdout.write("Пробный запуск: ничего не сохранено.")
            return
        pairs = [Pair(line.mentee_id, line.choice.mentor_id, line.choice.reason) for line in proposal.lines]
        try:
            created = publish(pairs, municipality_id=municipality, by=None, today=on)
        except ProposalStale as stale:
            raise CommandError(str(stale)) from stale
        self.stdout.write(self.style.SUCCESS(f"Утверждено наставнических пар: {len(created)}."))
