"""Deletes uploaded files that were checked but never committed: they hold personal data nobody needs. Rerun-safe."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from metodist.imports.models import ImportBatch


class Command(BaseCommand):
    help = "Удаляет файлы, которые были проверены, но не загружены в реестр, если они старше N дней."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="сколько дней хранить незагруженные файлы")

    def handle(self, *args, days: int, **options):
        deleted, _ = ImportBatch.objects.pending().filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
        self.stdout.write(f"Удалено незагруженных файлов старше {days} дн.: {deleted}")
