"""The reference lists in the database (positions, subjects, specialities), checked against the demo's data files.

Specialities and the subjects they cover may be edited in admin, so which speciality is in profile for a teacher
is decided from the database, not from reference.toml.
"""

from dataclasses import dataclass

from metodist.people.models import Position, Speciality, Subject

from .catalog import Catalog, Profile

MANAGER_POSITIONS = ("head", "deputy_head", "unit_head")


class ReferenceError(ValueError):
    """The reference lists lack something the demo needs; the message is for the user."""


@dataclass(frozen=True)
class Reference:
    positions: dict[str, Position]
    subjects: dict[str, Subject]
    specialities: dict[str, Speciality]
    coverage: dict[str, frozenset[str]]  # speciality name -> codes of the subjects it qualifies one to teach
    in_profile: dict[str, tuple[str, ...]]  # profile code -> specialities that cover all its subjects
    out_of_profile: dict[str, tuple[str, ...]]  # profile code -> plausible specialities that do not

    def covers(self, specialities: list[str], subjects: tuple[str, ...]) -> bool:
        covered = set().union(*(self.coverage[name] for name in specialities))
        return set(subjects) <= covered


def load_reference(data: Catalog) -> Reference:
    positions = {p.code: p for p in Position.objects.all()}
    subjects = {s.code: s for s in Subject.objects.all()}
    specialities = {s.name: s for s in Speciality.objects.all()}
    coverage = {name: frozenset() for name in specialities}
    for name, code in Speciality.subjects.through.objects.values_list("speciality__name", "subject__code"):
        coverage[name] |= {code}
    _require(positions, _position_codes(data), "должности")
    _require(subjects, {code for p in data.profiles for code in p.subjects}, "учебные предметы")
    _require(specialities, _speciality_names(data), "специальности")
    in_profile = {p.code: tuple(s for s in p.specialities if set(p.subjects) <= coverage[s]) for p in data.profiles}
    out_of_profile = {
        p.code: tuple(s for s in p.out_of_profile if not set(p.subjects) <= coverage[s]) for p in data.profiles
    }
    for profile in data.profiles:
        _require_any(profile, in_profile[profile.code], "ни одна специальность не даёт права преподавать")
        _require_any(profile, out_of_profile[profile.code], "нет специальности не по профилю")
    return Reference(positions, subjects, specialities, coverage, in_profile, out_of_profile)


def _position_codes(data: Catalog) -> set[str]:
    codes = {code for mix in data.mix.values() for code in mix} | set(MANAGER_POSITIONS)
    return codes | {code for codes in data.internal_part_time.values() for code in codes}


def _speciality_names(data: Catalog) -> set[str]:
    names = {name for traits in data.positions.values() for name in traits.specialities}
    names |= {name for name in data.managers["specialities"].values() if name != "teacher"}
    names |= {name for p in data.profiles for name in p.specialities + p.out_of_profile}
    return names | {data.managers["second_education"], data.non_pedagogical}


def _require(existing: dict, needed: set[str], what: str) -> None:
    missing = sorted(needed - set(existing))
    if missing:
        raise ReferenceError(f"В справочнике нет записей ({what}): {', '.join(missing)}. Выполните manage.py migrate.")


def _require_any(profile: Profile, names: tuple[str, ...], problem: str) -> None:
    if not names:
        raise ReferenceError(
            f"Справочник специальностей изменён: для предметов {', '.join(profile.subjects)} {problem}."
        )
