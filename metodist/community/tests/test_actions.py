"""Membership with dates, plans, meetings and products through the actions: Russian refusals, audit, no
history lost."""

from datetime import date

import pytest

from metodist.audit.models import AuditEntry
from metodist.community import actions
from metodist.community.models import AssociationPlanItem, Membership, PlanItemForm
from metodist.testing.community import association


@pytest.fixture
def rmo(cast):
    return association(cast.municipality, founded_on=date(2020, 9, 1))


def test_a_member_joins_and_leaves_and_the_record_stays(cast, rmo):
    membership = actions.add_member(rmo, cast.teacher, date(2023, 9, 1), by=cast.methodologist)

    actions.end_membership(membership, date(2024, 6, 30), by=cast.methodologist)
    actions.add_member(rmo, cast.teacher, date(2024, 9, 1), by=cast.methodologist)

    periods = list(Membership.objects.filter(educator=cast.teacher).order_by("joined_on")
                   .values_list("joined_on", "left_on"))  # fmt: skip
    assert periods == [(date(2023, 9, 1), date(2024, 6, 30)), (date(2024, 9, 1), None)]
    assert AuditEntry.objects.filter(model="community.membership").count() == 3


@pytest.mark.parametrize(
    ("joined_on", "left_on", "message"),
    [
        (date(2024, 9, 1), date(2024, 8, 1), "Дата выхода (01.08.2024) раньше даты вступления (01.09.2024)."),
        (date(2019, 9, 1), None, "Объединение создано 01.09.2020: вступить раньше нельзя."),
        (date(2024, 1, 1), None, "уже состоит в объединении в эти даты (с 01.09.2023 по 30.06.2024)"),
        (date(2023, 1, 1), date(2023, 9, 1), "периоды членства не должны пересекаться"),
    ],
)
def test_inverted_or_overlapping_dates_are_refused_in_russian(cast, rmo, joined_on, left_on, message):
    actions.add_member(rmo, cast.teacher, date(2023, 9, 1), date(2024, 6, 30), by=cast.methodologist)

    with pytest.raises(actions.Refused, match=message.replace("(", r"\(").replace(")", r"\)")):
        actions.add_member(rmo, cast.teacher, joined_on, left_on, by=cast.methodologist)

    assert Membership.objects.filter(educator=cast.teacher).count() == 1


def test_leaving_before_joining_is_refused(cast, rmo):
    membership = actions.add_member(rmo, cast.teacher, date(2023, 9, 1), by=cast.methodologist)

    with pytest.raises(actions.Refused, match="раньше даты вступления"):
        actions.end_membership(membership, date(2023, 8, 1), by=cast.methodologist)


def test_a_meeting_marks_present_members_and_its_plan_item_done(cast, rmo):
    actions.add_member(rmo, cast.teacher, date(2023, 9, 1), by=cast.methodologist)
    item = actions.add_plan_item(rmo, 2024, {"month": date(2024, 10, 1), "topic": "Анализ ВПР",
                                             "form": PlanItemForm.MEETING}, by=cast.methodologist)  # fmt: skip

    meeting = actions.log_meeting(rmo, {"held_on": date(2024, 10, 15), "topic": "Анализ ВПР", "minutes": "Решили",
                                        "plan_item": item}, [cast.teacher], by=cast.methodologist)  # fmt: skip

    assert list(meeting.attendees.all()) == [cast.teacher]
    assert AssociationPlanItem.objects.get(pk=item.pk).done


def test_only_members_of_the_day_attend(cast, rmo):
    with pytest.raises(actions.Refused, match="Не были членами объединения 15.10.2024: Орлова"):
        actions.log_meeting(rmo, {"held_on": date(2024, 10, 15), "topic": "Заседание"}, [cast.school2_educator],
                            by=cast.methodologist)  # fmt: skip


def test_a_product_needs_a_file_or_a_link(cast, rmo):
    with pytest.raises(actions.Refused, match="Приложите файл продукта или укажите ссылку"):
        actions.add_product(rmo, {"title": "Сборник", "made_on": date(2024, 5, 1)}, by=cast.methodologist)
