"""manage.py seed_demo_monitoring: demo campaigns of monitoring for the demo municipality (after seed_demo)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from metodist.demo import monitoring as demo
from metodist.monitoring.catalogue import CatalogueError


class Command(BaseCommand):
    help = "Демонстрационный мониторинг Энска: каталоги, кампании, карты, расчёт. Повторный запуск безопасен."

    def handle(self, *args, **options):
        try:
            report = demo.seed(today=timezone.localdate())
        except (demo.DemoError, CatalogueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Каталоги: " + ", ".join(report.catalogues))
        for line in report.lines:
            self.stdout.write(line)
