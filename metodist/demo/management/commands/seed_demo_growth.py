"""manage.py seed_demo_growth: the professional-growth history of the demo (diagnostics, courses, routes,
attestation), after seed_demo and before seed_demo_monitoring, so that the demo campaigns count it."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from metodist.demo.growth import SEEDERS


class Command(BaseCommand):
    help = "Демонстрационная история профессионального роста: диагностики, курсы, маршруты, аттестация."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for seeder in SEEDERS:
            for line in seeder.seed(today=today, progress=self.stdout.write):
                self.stdout.write(line)
