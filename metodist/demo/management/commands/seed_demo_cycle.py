"""manage.py seed_demo_cycle: the demo's management cycle (road maps, clusters, the analytical report,
recommendations, decisions and measures, reminders), after seed_demo_monitoring."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from metodist.demo.cycle import SEEDERS


class Command(BaseCommand):
    help = "Демонстрационный управленческий цикл: дорожные карты, справка, кластеры, рекомендации, решения и меры."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for seeder in SEEDERS:
            for line in seeder.seed(today=today, progress=self.stdout.write):
                self.stdout.write(line)
