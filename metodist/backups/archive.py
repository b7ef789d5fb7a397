"""A backup archive: one .tar.gz holding the database dump, the uploaded files (MEDIA_ROOT) under media/, and
manifest.json — the engine, the time, the version and applied migrations, the rows of every table in the dump's
snapshot, and the size and sha256 of every other member. docs/operations.md, «Резервное копирование».

The uploaded files are copied after the database snapshot: every file the snapshot refers to already exists then.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import tomllib
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .engines import Contents, engine

FORMAT = "metodist-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
NAME_PATTERN = "metodist-*.tar.gz"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def version() -> str:
    try:
        return tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "неизвестна"


def default_name(now: datetime) -> str:
    return f"metodist-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar.gz"


def media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


class Hashing:
    """A file read into the archive, hashed on the way: the checksum is of the very bytes stored, even if the file
    changes while the backup runs."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1) -> bytes:
        block = self.file.read(size)
        self.digest.update(block)
        return block


def add(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    with path.open("rb") as file:
        info = archive.gettarinfo(arcname=name, fileobj=file)
        reader = Hashing(file)
        archive.addfile(info, reader)
    return {"bytes": info.size, "sha256": reader.digest.hexdigest()}


def create(path: Path, now: datetime) -> dict:
    """Writes the archive to `path` (through a .part file, so that a broken run never leaves a complete-looking
    archive) and returns its manifest, the last member."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.touch(mode=0o600)  # personal data: readable by the owner only
    partial.chmod(0o600)
    try:
        manifest = write(partial, now)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return manifest


def write(partial: Path, now: datetime) -> dict:
    database = engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="metodist-backup-") as scratch, tarfile.open(partial, "w:gz") as archive:
        dump = Path(scratch) / database.member
        contents = database.dump(dump)
        files = {database.member: add(archive, database.member, dump)}
        for file in media_files(media_root):
            name = f"{MEDIA}/{file.relative_to(media_root).as_posix()}"
            try:
                files[name] = add(archive, name, file)
            except FileNotFoundError:
                continue  # deleted since the listing, as by a card's new evidence replacing it
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "metodist_version": version(),
            "engine": database.code,
            "database": database.member,
            **asdict(contents),
            "files": files,
        }
        encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime = len(encoded), int(now.timestamp())
        archive.addfile(info, io.BytesIO(encoded))
    return manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Deletes all but the `keep` newest archives of `directory` (their names sort by time); returns them."""
    archives = sorted(directory.glob(NAME_PATTERN))
    old = archives[: max(len(archives) - keep, 0)]
    for archive in old:
        archive.unlink()
    return old


def unpack(path: Path, into: Path) -> dict:
    """Extracts the archive into `into`, checks every member against the manifest, returns the manifest."""
    try:
        with tarfile.open(path, "r:*") as archive:
            archive.extractall(into, filter="data")  # refuses absolute paths, .. and links out of `into`
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"Не удалось прочитать архив {path}: {error}") from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"В архиве {path} нет описи {MANIFEST}: это не резервная копия Методиста.") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Неизвестный формат копии: {manifest.get('format')!r} (ожидался {FORMAT}).")
    found = {file.relative_to(into).as_posix() for file in into.rglob("*") if file.is_file()} - {MANIFEST}
    problems = [f"нет файла {name}" for name in sorted(set(manifest["files"]) - found)]
    problems += [f"лишний файл {name}" for name in sorted(found - set(manifest["files"]))]
    problems += [
        f"не совпадает контрольная сумма {name}"
        for name, expected in sorted(manifest["files"].items())
        if name in found and sha256(into / name) != expected["sha256"]
    ]
    if problems:
        raise CommandError("Копия повреждена: " + "; ".join(problems) + ".")
    return manifest


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations applied in the copy that this code does not have: the copy is of a newer version."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = [(app, name) for app, names in manifest["migrations"].items() for name in names]
    return [f"{app}.{name}" for app, name in applied if (app, name) not in known]


def restore(path: Path, force: bool, check_only: bool = False) -> tuple[dict, Contents | None]:
    """Restores the archive into the default database and MEDIA_ROOT; returns the manifest and what the database
    holds afterwards (None with `check_only`: the archive is only checked)."""
    database = engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="metodist-restore-") as scratch:
        manifest = unpack(path, Path(scratch))
        if manifest["engine"] != database.code:
            raise CommandError(
                f"Копия снята с базы {manifest['engine']}, а восстанавливается в {database.code}: так нельзя."
            )
        if check_only:
            return manifest, None
        if not force:
            tables = database.table_count()
            if tables:
                raise CommandError(
                    f"База данных не пуста (таблиц: {tables}). Восстановление заменит её содержимое; "
                    "если это и нужно, повторите с --force."
                )
            if media_files(media_root):
                raise CommandError(
                    f"В папке файлов {media_root} уже есть файлы. Восстановление перезапишет одноимённые; "
                    "если это и нужно, повторите с --force."
                )
        database.load(Path(scratch) / manifest["database"])
        for name in manifest["files"]:
            if name.startswith(f"{MEDIA}/"):
                target = media_root / name.removeprefix(f"{MEDIA}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(scratch) / name, target)
    return manifest, database.contents()
