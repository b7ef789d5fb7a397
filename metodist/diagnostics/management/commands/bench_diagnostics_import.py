"""manage.py bench_diagnostics_import: times the check and the commit of a regional results file (bench.py)."""

from django.core.management.base import BaseCommand

from metodist.diagnostics import bench


class Command(BaseCommand):
    help = "Замер импорта результатов диагностики: проверка и загрузка регионального файла .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000, help="участников (строк файла)")
        parser.add_argument("--competencies", type=int, default=20, help="компетенций в строке")

    def handle(self, *args, rows, competencies, **options):
        for line in bench.run(rows, competencies, self.stdout.write):
            self.stdout.write(line)
