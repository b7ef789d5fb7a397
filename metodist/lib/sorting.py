"""Natural order of names: «Школа № 4» before «Школа № 22», in SQL so that a sorted list still paginates."""

import re

NUMBER_DIGITS = 10  # numbers are padded to this many digits, so that they compare as numbers
SORT_KEY_LENGTH = 300


def natural_key(text: str) -> str:
    """A key that sorts as a person reads: case and «ё» ignored, every number padded with zeros.

    'Школа № 4' -> 'школа № 0000000004', which sorts before 'школа № 0000000022'.
    """
    folded = (text or "").lower().replace("ё", "е")
    return re.sub(r"\d+", lambda match: match.group().zfill(NUMBER_DIGITS), folded)[:SORT_KEY_LENGTH]
