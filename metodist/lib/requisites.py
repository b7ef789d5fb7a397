"""ИНН and ОГРН (ОГРНИП): the check digits of the Tax Code and of the state register.

`inn_ok` / `ogrn_ok` answer whether digits form a valid number; `inn_error` / `ogrn_error` say what is wrong
in Russian, for the organization forms (through the model's validators) and the organizations import alike.
"""

from django.core.exceptions import ValidationError

INN_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN_WEIGHTS_12_FIRST = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN_WEIGHTS_12_SECOND = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_ok(digits: str) -> bool:
    """A 10-digit ИНН of an organization (one check digit) or a 12-digit one of a person (two)."""
    if not digits.isdigit() or len(digits) not in (10, 12) or int(digits) == 0:
        return False
    if len(digits) == 10:
        return _inn_digit(digits, INN_WEIGHTS_10) == int(digits[9])
    return _inn_digit(digits, INN_WEIGHTS_12_FIRST) == int(digits[10]) and _inn_digit(
        digits, INN_WEIGHTS_12_SECOND
    ) == int(digits[11])


def ogrn_ok(digits: str) -> bool:
    """ОГРН (13 digits: the first 12 mod 11, last digit of the remainder) or ОГРНИП (15: the first 14 mod 13)."""
    if not digits.isdigit() or len(digits) not in (13, 15) or int(digits) == 0:
        return False
    divisor = 11 if len(digits) == 13 else 13
    return int(digits[:-1]) % divisor % 10 == int(digits[-1])


def inn_error(digits: str) -> str | None:
    """None for a valid ИНН, else what is wrong, in Russian."""
    if not digits.isdigit() or len(digits) not in (10, 12):
        return "ИНН состоит из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель)"
    return None if inn_ok(digits) else "неверное контрольное число ИНН"


def ogrn_error(digits: str) -> str | None:
    """None for a valid ОГРН or ОГРНИП, else what is wrong, in Russian."""
    if not digits.isdigit() or len(digits) not in (13, 15):
        return "ОГРН состоит из 13 цифр (ОГРНИП индивидуального предпринимателя — из 15)"
    return None if ogrn_ok(digits) else "неверное контрольное число ОГРН"


def validate_inn(value: str) -> None:
    """A model field validator: the same rule wherever an ИНН is entered (forms, the admin)."""
    if value and (error := inn_error(value)):
        raise ValidationError(error[0].upper() + error[1:] + ".")


def validate_ogrn(value: str) -> None:
    if value and (error := ogrn_error(value)):
        raise ValidationError(error[0].upper() + error[1:] + ".")
