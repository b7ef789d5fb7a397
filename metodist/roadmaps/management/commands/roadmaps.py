"""`roadmaps deadline "ФРАЗА" --year 2024` — the due dates the words give in that year, one ISO date a line, or
«не определяется»; `roadmaps load` — the seeds' road maps as templates (rerun-safe)."""

from django.core.management.base import BaseCommand

from metodist.roadmaps.deadlines import due_dates
from metodist.roadmaps.library import load_templates


class Command(BaseCommand):
    help = "Дорожные карты: сроки из формулировок документа; загрузка шаблонов"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        deadline = commands.add_parser("deadline", help="сроки, которые даёт формулировка, в календарном году")
        deadline.add_argument("phrase")
        deadline.add_argument("--year", type=int, required=True)
        commands.add_parser("load", help="загрузить дорожные карты документов как шаблоны")

    def handle(self, *args, command, **options):
        if command == "deadline":
            dates = due_dates(options["phrase"], options["year"])
            if dates is None:
                self.stdout.write("не определяется")
            elif not dates:
                self.stderr.write(f"в {options['year']} году по этой формулировке сроков нет")
            for day in dates or ():
                self.stdout.write(day.isoformat())
            return
        for roadmap, created in load_templates():
            done = "загружен" if created else "обновлён"
            self.stdout.write(f"{done}: {roadmap.code} — {roadmap.items.count()} мероприятий")
