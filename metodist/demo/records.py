"""What the generator knows about a person before it becomes rows: bands of age, studies, jobs."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from metodist.lib.dates import full_years
from metodist.people.models import Category

from .organizations import OrgPlan, Slot

YOUNG, REGULAR, CAREER_CHANGER, PRE_PENSION, PENSION = "young", "regular", "career_changer", "pre_pension", "pension"


@dataclass(frozen=True)
class Study:
    level: str  # EducationLevel
    speciality: str
    is_pedagogical: bool
    institution: str
    completed_on: date  # 30 June of the graduation year, or the reference date if that is later


@dataclass(frozen=True)
class Job:
    org: OrgPlan
    position: str
    kind: str  # EmploymentKind
    rate: Decimal
    hours: int
    subjects: tuple[str, ...]
    start: date


@dataclass(eq=False)
class Person:
    slot: Slot
    featured: bool = False  # the young teacher of mathematics the demo login «teacher» is
    band: str = REGULAR
    higher: bool = True
    heavy_load: bool = False
    out_of_profile: bool = False
    part_time: tuple[OrgPlan, str] | None = None  # (organization, position) of a second job
    sex: str = "F"
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    ped_work_start: date | None = None
    snils: str = ""
    category: str = Category.NONE
    category_awarded_on: date | None = None
    category_expires_on: date | None = None
    studies: list[Study] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    pk: int | None = None  # of the saved Educator

    @property
    def is_teacher(self) -> bool:
        return self.slot.position == "teacher"

    def experience(self, on: date) -> int:
        return full_years(self.ped_work_start, on)
