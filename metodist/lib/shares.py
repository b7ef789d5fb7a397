"""A share of a whole as the pages show it: a percentage rounded to one decimal half up, «нет данных» over zero."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NO_DATA = "нет данных"


@dataclass(frozen=True)
class Share:
    """`part` out of `whole` (counts of people, or staff rates)."""

    part: int | Decimal
    whole: int | Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(self.part) * 100 / Decimal(self.whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def display(self) -> str:
        percent = self.percent
        if percent is None:
            return NO_DATA
        return f"{percent}".replace(".", ",") + "\u00a0%"

    def __str__(self) -> str:
        return self.display
