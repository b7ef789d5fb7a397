from decimal import Decimal

from django import template
from django.utils.formats import number_format

from metodist.lib.shares import Share

register = template.Library()


@register.simple_tag
def share(part, whole) -> str:
    """`part` of `whole` in percent by the rule of the start page («12,3 %», «нет данных» when whole is 0)."""
    return Share(part or 0, whole or 0).display


@register.filter
def number(value) -> str:
    """A rate or an hour count as people write it («2,5», «14», «1 234,25»): no trailing zeros."""
    if value is None or value == "":
        return ""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")), use_l10n=True, force_grouping=True)
