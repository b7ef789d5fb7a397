"""Writes the sample educators files (a valid one and one with typical mistakes) for a municipality. Rerun-safe."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from metodist.accounts.models import Role, User
from metodist.imports.context import ImportContext
from metodist.imports.workbooks import DEMO_MUNICIPALITY, sample_bytes
from metodist.orgs.models import Municipality

FILES = {"educators_sample.xlsx": False, "educators_broken.xlsx": True}


class Command(BaseCommand):
    help = "Создаёт примеры файлов импорта педагогов по организациям муниципалитета (или с демонстрационными именами)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", default=DEMO_MUNICIPALITY, help="муниципалитет, чьи организации назвать")
        parser.add_argument("--out", default=str(settings.BASE_DIR / "docs" / "samples"), help="папка для файлов")

    def handle(self, *args, municipality: str, out: str, **options):
        found = Municipality.objects.filter(name=municipality).first()
        # The files a coordinator of the municipality would download from the import page; never saved.
        coordinator = User(role=Role.COORDINATOR, municipality=found)
        ctx = ImportContext(coordinator, timezone.localdate())
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, broken in FILES.items():
            (folder / name).write_bytes(sample_bytes(ctx, broken=broken))
            self.stdout.write(f"Записан {folder / name}")
        if found is None:
            self.stdout.write(f"Муниципалитет «{municipality}» не найден: в примерах демонстрационные организации.")
