import pytest

from metodist.lib.snils import format_snils, normalize_snils, snils_checksum_ok


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("112-233-445 95", True),  # sum 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95
        ("112-233-445 94", False),
        ("123-456-789 64", True),  # sum 165 → 165 mod 101 = 64
        ("000-000-111 00", True),  # up to 001-001-998 no checksum is defined
        ("000-000-000 00", False),  # a placeholder, not a number
        ("00000000000", False),
        ("1122334459", False),  # ten digits
        ("abc", False),
    ],
)
def test_snils_checksum(raw, valid):
    assert snils_checksum_ok(normalize_snils(raw)) is valid


def test_snils_sum_above_101_is_taken_modulo_101():
    # 9 8 7 6 5 4 3 2 1 weights on 987-654-321: 81+64+49+36+25+16+9+4+1 = 285; 285 mod 101 = 83
    assert snils_checksum_ok("98765432183")
    assert not snils_checksum_ok("98765432185")


def test_snils_sum_of_100_gives_control_00():
    # 333-311-001: 3·9+3·8+3·7+3·6+1·5+1·4+0·3+0·2+1·1 = 100
    assert snils_checksum_ok("33331100100")


def test_snils_formatting():
    assert format_snils("11223344595") == "112-233-445 95"
