"""manage.py seed_demo: load the synthetic demo data set (see docs/demo.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from metodist.demo.seeding import SeedError, clear_registry, registry_counts, seed_demo
from metodist.demo.territory import SCALES
from metodist.demo.writer import LOADED
from metodist.orgs.models import Municipality, Region

ANALYZED = (Region, Municipality, *LOADED)


class Command(BaseCommand):
    help = "Загружает демонстрационные данные: организации, педагогов, штатные расписания и демо-пользователей."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="municipality", help="масштаб данных")
        parser.add_argument("--seed", type=int, default=1, help="зерно генератора: одно зерно — одни и те же данные")
        parser.add_argument("--educators", type=int, help="число педагогов (для region и nation)")
        parser.add_argument(
            "--on",
            type=date.fromisoformat,
            help="отчётная дата ГГГГ-ММ-ДД, на которую верны показатели (по умолчанию сегодня)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--if-empty", action="store_true", help="ничего не делать, если в реестре уже есть данные")
        mode.add_argument(
            "--replace", action="store_true", help="удалить данные реестра и демо-пользователей и загрузить заново"
        )

    def handle(self, *args, scale, seed, educators, on, if_empty, replace, **options):
        on = on or timezone.localdate()
        counts = registry_counts()
        present = ", ".join(f"{name}: {count}" for name, count in counts.items() if count)
        if present and if_empty:
            self.stdout.write(f"В реестре уже есть данные ({present}) — демонстрационные данные не загружаются.")
            return
        if present and not replace:
            raise CommandError(
                f"В реестре уже есть данные ({present}). Укажите --replace, чтобы удалить их и загрузить "
                "демонстрационные, или --if-empty, чтобы ничего не делать."
            )
        try:
            with transaction.atomic():
                if present:
                    self.stdout.write("Удаляю данные реестра и демо-пользователей…")
                    clear_registry()
                summary = seed_demo(scale, seed, on, educators, progress=self.stdout.write)
        except SeedError as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            # fresh planner statistics after a bulk load; without them PostgreSQL picks nested loops. Only the
            # loaded tables: a database-wide ANALYZE also takes the shared catalogues and waits for every other
            # database's open transaction that analyzed them.
            tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in ANALYZED)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")
        for warning in summary.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            self.style.SUCCESS(
                f"Готово за {summary.seconds:.0f} с: регионов {summary.regions}, муниципалитетов "
                f"{summary.municipalities}, организаций {summary.organizations}, педагогов {summary.educators}. "
                f"Показатели верны на {on:%d.%m.%Y}. Входы: manage.py demo_logins"
            )
        )
