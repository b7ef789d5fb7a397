"""The effect of programs on deficits (a difference in differences); see docs/growth.md.

Contract for the routes' proposed steps: `effects(region_id)` → {(program_id, competency_code): Effect}.
"""

from dataclasses import dataclass
from decimal import Decimal

MIN_PEOPLE = 5  # below this many participants or comparable non-participants a figure reads «мало данных»


@dataclass(frozen=True)
class Effect:
    participants: int  # people behind the participants' change
    comparison: int  # comparable educators who did not take the program
    participants_change: Decimal | None  # mean change of the result, percentage points
    comparison_change: Decimal | None
    difference: Decimal | None  # participants_change − comparison_change; None when too few people

    @property
    def enough(self) -> bool:
        return self.difference is not None


def effects(region_id: int | None = None) -> dict[tuple[int, str], Effect]:
    return {}
