"""manage.py backup: one archive of the database and the uploaded files (metodist.backups.archive)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from metodist.backups import archive


class Command(BaseCommand):
    help = "Резервная копия: база данных (согласованный снимок, запись не останавливается) и загруженные файлы."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.BASE_DIR / "var" / "backups",
            help="папка для архива metodist-ГГГГММДД-ЧЧММСС.tar.gz (по умолчанию var/backups)",
        )
        parser.add_argument("--output", type=Path, help="полное имя архива вместо имени по времени в --dir")
        parser.add_argument("--keep", type=int, help="оставить в папке только столько последних архивов")

    def handle(self, *args, **options):
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep должно быть не меньше 1: иначе будет удалена и только что снятая копия.")
        now = timezone.now()
        path = options["output"] or options["dir"] / archive.default_name(now)
        manifest = archive.create(path, now)
        rows = sum(manifest["tables"].values())
        media = sum(1 for name in manifest["files"] if name.startswith(f"{archive.MEDIA}/"))
        self.stdout.write(
            f"Резервная копия: {path} ({filesizeformat(path.stat().st_size)}). База {manifest['engine']}: "
            f"таблиц {len(manifest['tables'])}, строк {rows}; загруженных файлов: {media}."
        )
        if keep is not None:
            for old in archive.prune(path.parent, keep):
                self.stdout.write(f"Удалена старая копия: {old}")
