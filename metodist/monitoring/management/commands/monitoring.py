"""manage.py monitoring load [PATH …] | check FILE | vocabulary | compute --campaign ID [--format json|xlsx]
[--out FILE]"""

import json
import sys
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from metodist.monitoring import catalogue, vocabulary
from metodist.monitoring.actions import compute_snapshot
from metodist.monitoring.models import Campaign, Level
from metodist.monitoring.results import result_rows


class Command(BaseCommand):
    help = "Каталоги показателей и расчёт кампаний мониторинга."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="загрузить файлы PATH (без них — встроенные каталоги)")
        load.add_argument("paths", nargs="*", metavar="PATH", help="файл каталога .toml (в любом месте диска)")
        check = sub.add_parser("check", help="проверить файл каталога")
        check.add_argument("file")
        vocab = sub.add_parser("vocabulary", help="напечатать словарь предикатов")
        vocab.add_argument("--markdown", action="store_true")
        compute = sub.add_parser("compute", help="рассчитать кампанию и вывести результат")
        compute.add_argument("--campaign", type=int, required=True)
        compute.add_argument("--format", choices=["json", "xlsx"], default="json")
        compute.add_argument("--out")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except catalogue.CatalogueError as error:
            raise CommandError(str(error)) from error

    def do_load(self, paths=(), **options):
        for path in map(Path, paths):
            if not path.is_file():
                raise CommandError(f"{path}: файл каталога не найден.")
        loaded_all = [catalogue.load(path) for path in map(Path, paths)] if paths else catalogue.load_all()
        for loaded in loaded_all:
            self.stdout.write(f"{loaded.code}: показателей {loaded.indicators.count()}, карт {loaded.cards.count()}")

    def do_check(self, file, **options):
        data = catalogue.read(Path(file))
        self.stdout.write(
            f"{file}: в порядке, показателей {len(data['indicators'])}, элементов {len(data['elements'])}"
        )

    def do_vocabulary(self, markdown=False, **options):
        for code, population in vocabulary.POPULATIONS.items():
            self.stdout.write(f"| `{code}` | {population.unit} | {population.label} |" if markdown else code)
        by_module = {}
        for code, predicate in vocabulary.PREDICATES.items():
            by_module.setdefault((not predicate.connected, predicate.module), []).append((code, predicate))
        for (pending, module), predicates in sorted(by_module.items()):
            state = "ещё не подключён" if pending else "подключён"
            self.stdout.write(f"\n**{module}** ({state})\n" if markdown else f"\n# {module} ({state})")
            for code, predicate in predicates:
                params = ", ".join(
                    f"`{name}`" + ("" if p.required else "?") + (f" ({p.doc})" if p.doc else "")
                    + (f": {' / '.join(p.kind)}" if isinstance(p.kind, tuple) else "")
                    for name, p in predicate.params.items()
                )  # fmt: skip
                line = f"| `{code}` | {predicate.unit} | {predicate.label} | {params} |"
                self.stdout.write(line if markdown else f"{code}: {predicate.label}")

    def do_compute(self, campaign, format, out=None, **options):
        try:
            target = Campaign.objects.select_related("catalogue").get(pk=campaign)
        except Campaign.DoesNotExist as error:
            raise CommandError(f"Кампания {campaign} не найдена.") from error
        try:
            snapshot = compute_snapshot(target)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if format == "xlsx":
            from metodist.monitoring.export import snapshot_workbook

            if not out:
                raise CommandError("Для формата xlsx укажите --out FILE.")
            Path(out).write_bytes(snapshot_workbook(snapshot))
            self.stderr.write(f"Записано: {out}")
            return
        payload = {
            "campaign": target.title,
            "period": target.period,
            "snapshot": snapshot.pk,
            "catalogue_version": snapshot.catalogue_version,
            "data_read_at": snapshot.data_read_at.isoformat(),
            "values": [
                {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}
                for level in (Level.REGION, Level.MUNICIPALITY, Level.ORGANIZATION)
                for row in result_rows(snapshot, level)
            ],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=1)
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"Записано: {out}")
        else:
            sys.stdout.write(text + "\n")
