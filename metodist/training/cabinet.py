"""The educator's panel of the start page (contract: `panel(user, today) -> dict | None`)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.urls import reverse

from metodist.lib.dates import add_months, add_years

from .models import CYCLE_DUE_MONTHS, CYCLE_YEARS, ProgramKind, Review, Training


@dataclass(frozen=True)
class Cycle:
    last: date | None  # the end of the last counted ПК
    runs_out: date | None  # three years after it
    due: bool  # no ПК for CYCLE_DUE_MONTHS or none on record

    @property
    def text(self) -> str:
        if self.last is None:
            return "Сведений о пройденных курсах повышения квалификации нет: пора пройти курсы."
        if self.due:
            return f"Трёхлетний срок повышения квалификации истекает {self.runs_out:%d.%m.%Y}: пора пройти курсы."
        return f"Последние курсы — {self.last:%d.%m.%Y}; следующие нужны до {self.runs_out:%d.%m.%Y}."


def cycle_status(educator, today: date) -> Cycle:
    last = Training.objects.counted().filter(educator=educator, kind=ProgramKind.PK).aggregate(last=Max("ends_on"))
    ended = last["last"]
    if ended is None:
        return Cycle(None, None, True)
    return Cycle(ended, add_years(ended, CYCLE_YEARS), ended < add_months(today, -CYCLE_DUE_MONTHS))


def panel(user, today: date) -> dict | None:
    if not user.is_authenticated or not user.educator_id:
        return None
    rows = list(
        Training.objects.filter(educator_id=user.educator_id).select_related("program").order_by("-ends_on", "-pk")
    )
    return {
        "trainings": [row for row in rows if row.review == Review.VERIFIED][:5],
        "pending": [row for row in rows if row.review == Review.PENDING],
        "rejected": [row for row in rows if row.review == Review.REJECTED][:3],
        "cycle": cycle_status(user.educator, today),
        "my_url": reverse("training:my"),
        "request_url": reverse("training:request_create"),
    }
