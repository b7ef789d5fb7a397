"""Templates of the structure (data/*.toml): seed 003's table 1 «Структура Системы» as declarative data, read and
checked here and loaded into a municipality by `actions.load_template`."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .models import BodyKind, BodyLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT = "seed-003"
BODY_FIELDS = {"key", "level", "kind", "row", "name", "parent", "order", "functions"}


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Row:
    key: str
    level: str
    kind: str
    row: str  # the table's own name of the row
    name: str
    parent: str  # the key of the row it belongs to, "" for a root
    order: int
    functions: str


def keys() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.toml"))


def read(key: str = DEFAULT) -> tuple[dict, list[Row]]:
    """The head and the rows of the template `key`; a broken file fails loudly with what is wrong."""
    if key not in keys():
        raise TemplateError(f"Нет шаблона «{key}»; есть: {', '.join(keys())}.")
    data = tomllib.loads((DATA_DIR / f"{key}.toml").read_text(encoding="utf-8"))
    rows = []
    for number, raw in enumerate(data.get("bodies", []), 1):
        if set(raw) != BODY_FIELDS:
            raise TemplateError(f"Строка {number}: поля {sorted(set(raw) ^ BODY_FIELDS)} не ожидались или пропущены.")
        if raw["level"] not in BodyLevel.values or raw["kind"] not in BodyKind.values:
            raise TemplateError(f"Строка {raw['key']}: неизвестный уровень или вид.")
        rows.append(Row(**{**raw, "functions": raw["functions"].strip()}))
    found = {row.key for row in rows}
    if len(found) != len(rows):
        raise TemplateError("Ключи строк шаблона повторяются.")
    if missing := [row.key for row in rows if row.parent and row.parent not in found]:
        raise TemplateError(f"Строки {missing} ссылаются на отсутствующую вышестоящую строку.")
    return data["head"], rows
