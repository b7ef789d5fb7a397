"""СНИЛС: normalisation and the Pension Fund's checksum rule."""

import re

SNILS_DIGITS = 11


def normalize_snils(value: str) -> str:
    """Digits only: '112-233-445 95' -> '11223344595'."""
    return re.sub(r"\D", "", value or "")


def snils_checksum_ok(digits: str) -> bool:
    """The last two digits are the control number of the first nine.

    Sum of digit × weight (weights 9..1 from the left); below 100 it is the control number, 100 and 101
    give 00, above 101 the sum is taken modulo 101 first. Numbers up to 001-001-998 carry no checksum;
    000-000-000 is no number at all (a placeholder typed for an unknown SNILS).
    """
    if len(digits) != SNILS_DIGITS or not digits.isdigit():
        return False
    number, control = digits[:9], int(digits[9:])
    if int(number) == 0:
        return False
    if int(number) <= 1001998:
        return True
    total = sum(int(d) * w for d, w in zip(number, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    expected = 0 if total in (100, 101) else total
    return expected == control


def format_snils(digits: str) -> str:
    """'11223344595' -> '112-233-445 95'."""
    if len(digits) != SNILS_DIGITS:
        return digits
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"
