import pytest

from metodist.lib.requisites import inn_error, inn_ok, ogrn_error, ogrn_ok


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        # 7·2+7·4+0·10+7·3+0·5+8·9+3·4+8·6+9·8 = 267; 267 mod 11 = 3 → the tenth digit is 3
        ("7707083893", True),
        ("7707083894", False),
        ("6601002010", True),
        ("500100732259", True),  # 12 digits: both check digits (5 and 9) right
        ("500100732258", False),  # the second check digit wrong
        ("500100732269", False),  # the first one wrong
        ("0000000000", False),  # zeros pass the sum but are no number
        ("770708389", False),
        ("77070838931", False),
        ("77070838x3", False),
    ],
)
def test_inn_check_digits(digits, valid):
    assert inn_ok(digits) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        # 102770013219 mod 11 = 5 → the thirteenth digit is 5
        ("1027700132195", True),
        ("1027700132194", False),
        # ОГРНИП: 30450011600015 mod 13 = 7 → the fifteenth digit is 7
        ("304500116000157", True),
        ("304500116000156", False),
        ("0000000000000", False),
        ("10277001321", False),
    ],
)
def test_ogrn_check_digits(digits, valid):
    assert ogrn_ok(digits) is valid


def test_errors_say_what_is_wrong():
    assert inn_error("7707083893") is None
    assert inn_error("123") == "ИНН состоит из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель)"
    assert inn_error("7707083894") == "неверное контрольное число ИНН"
    assert ogrn_error("1027700132195") is None
    assert ogrn_error("12345") == "ОГРН состоит из 13 цифр (ОГРНИП индивидуального предпринимателя — из 15)"
    assert ogrn_error("1027700132194") == "неверное контрольное число ОГРН"
