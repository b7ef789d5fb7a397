import pytest

from metodist.lib.sorting import natural_key


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Школа № 22", "Школа № 4", "Школа № 100"], ["Школа № 4", "Школа № 22", "Школа № 100"]),
        (["МБОУ СОШ № 10", "мбоу сош № 9"], ["мбоу сош № 9", "МБОУ СОШ № 10"]),  # case ignored
        (["Ёлочка", "Елань", "Жаворонок"], ["Елань", "Ёлочка", "Жаворонок"]),  # «ё» sorts as «е»
        (["Детский сад № 5 корпус 12", "Детский сад № 5 корпус 3"],
         ["Детский сад № 5 корпус 3", "Детский сад № 5 корпус 12"]),
    ],
)  # fmt: skip
def test_names_sort_as_read(names, expected):
    assert sorted(names, key=natural_key) == expected


def test_key_pads_numbers():
    assert natural_key("Школа № 4") == "школа № 0000000004"
