"""manage.py restore ARCHIVE: the database and the uploaded files back from an archive of `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from metodist.backups import archive


class Command(BaseCommand):
    help = (
        "Восстановление из резервной копии manage.py backup в базу из настроек (DATABASE_URL) и MEDIA_ROOT. "
        "В непустую базу — только с --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="архив metodist-….tar.gz")
        parser.add_argument("--force", action="store_true", help="заменить содержимое непустой базы и файлы")
        parser.add_argument(
            "--check", action="store_true", help="только проверить архив (опись и контрольные суммы), ничего не менять"
        )

    def handle(self, *args, **options):
        path = options["archive"]
        if not path.is_file():
            raise CommandError(f"Нет файла {path}.")
        manifest, contents = archive.restore(path, force=options["force"], check_only=options["check"])
        self.stdout.write(
            f"Копия от {manifest['created_at']} (версия {manifest['metodist_version']}, база {manifest['engine']}): "
            f"файлов {len(manifest['files'])}, контрольные суммы совпадают."
        )
        newer = archive.unknown_migrations(manifest)
        if newer:
            self.stderr.write(
                "Копия сделана более новой версией Методиста (неизвестные миграции: "
                + ", ".join(newer[:5])
                + (" …" if len(newer) > 5 else "")
                + "): обновите программу до этой версии."
            )
        if contents is None:
            return
        self.report(manifest["tables"], contents.tables)

    def report(self, expected: dict[str, int], restored: dict[str, int]) -> None:
        width = max(map(len, expected | restored), default=10)
        self.stdout.write(f"{'таблица':<{width}}  {'в копии':>10}  {'восстановлено':>13}")
        for table in sorted(expected | restored):
            self.stdout.write(f"{table:<{width}}  {expected.get(table, '—'):>10}  {restored.get(table, '—'):>13}")
        differ = sorted(table for table in expected | restored if expected.get(table) != restored.get(table))
        if differ:
            raise CommandError("Число строк не совпадает с описью копии в таблицах: " + ", ".join(differ) + ".")
        self.stdout.write(
            f"Восстановлено таблиц {len(restored)}, строк {sum(restored.values())} — как в описи копии. "
            "Если программа новее копии, выполните manage.py migrate."
        )
