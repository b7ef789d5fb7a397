"""The data files of the demo (metodist/demo/data), read once into plain structures."""

import functools
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Figures:
    """The figures of seed 002 for the demo municipality; see data/figures.toml for the quotes."""

    educators: int
    by_kind: dict[str, int]
    organizations: dict[str, int]
    counts: dict[str, int]
    percent: dict[str, int]
    deficit: Decimal
    flags: dict[str, tuple[int, tuple[str, ...]]]  # field -> (count in the demo municipality, eligible kinds)


@dataclass(frozen=True)
class Profile:
    """What a teacher teaches and which education specialities match it."""

    code: str
    weight: float
    subjects: tuple[str, ...]
    specialities: tuple[str, ...]
    out_of_profile: tuple[str, ...]
    vocational: bool
    male: float
    vacancy: float


@dataclass(frozen=True)
class PositionTraits:
    specialities: tuple[str, ...] = ()
    male: float = 0.0
    without_higher: float = 0.0
    young: float = 1.0
    hours_per_rate: int = 0
    vacancy: float = 1.0


@dataclass(frozen=True)
class Names:
    surnames: tuple[tuple[str, str], ...]  # (male form, female form)
    male: tuple[str, ...]
    female: tuple[str, ...]
    patronymics: tuple[tuple[str, str], ...]  # (male form, female form)


@dataclass(frozen=True)
class Catalog:
    figures: Figures
    mix: dict[str, dict[str, float]]  # organization kind -> pedagogical position code -> weight
    internal_part_time: dict[str, tuple[str, ...]]
    positions: dict[str, PositionTraits]
    managers: dict
    non_pedagogical: str
    profiles: tuple[Profile, ...]
    organizations: dict
    territories: dict
    names: Names


def _toml(name: str) -> dict:
    return tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _rows(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.strip() and not line.startswith("#")]


def _figures(data: dict) -> Figures:
    return Figures(
        educators=data["educators"],
        by_kind=data["by_kind"],
        organizations=data["organizations"],
        counts=data["counts"],
        percent=data["percent"],
        deficit=Decimal(data["staffing"]["deficit"]),
        flags={field: (row["count"], tuple(row["kinds"])) for field, row in data["flags"].items()},
    )


def _profile(row: dict) -> Profile:
    return Profile(
        code=row["code"],
        weight=row["weight"],
        subjects=tuple(row["subjects"]),
        specialities=tuple(row["specialities"]),
        out_of_profile=tuple(row["out_of_profile"]),
        vocational=row.get("vocational", False),
        male=row["male"],
        vacancy=row.get("vacancy", 1.0),
    )


def _position(row: dict) -> PositionTraits:
    return PositionTraits(**{**row, "specialities": tuple(row.get("specialities", ()))})


@functools.cache
def catalog() -> Catalog:
    staff = _toml("staff.toml")
    male_names = _rows("male_names.txt")
    return Catalog(
        figures=_figures(_toml("figures.toml")),
        mix=staff["mix"],
        internal_part_time={kind: tuple(codes) for kind, codes in staff["internal_part_time"].items()},
        positions={code: _position(row) for code, row in staff["positions"].items()},
        managers=staff["managers"],
        non_pedagogical=staff["non_pedagogical"],
        profiles=tuple(_profile(row) for row in staff["profiles"]),
        organizations=_toml("organizations.toml"),
        territories=_toml("territories.toml"),
        names=Names(
            surnames=tuple((row[0], row[1]) for row in _rows("surnames.txt")),
            male=tuple(row[0] for row in male_names),
            female=tuple(row[0] for row in _rows("female_names.txt")),
            patronymics=tuple((row[1], row[2]) for row in male_names),
        ),
    )
