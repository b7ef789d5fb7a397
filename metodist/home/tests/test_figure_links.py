"""Every figure of the start page opens the list that produces it: the list finds exactly that many."""

import re
from html import unescape

import pytest

FIGURE = re.compile(
    r'<a class="figure-card[^"]*" href="(?P<href>/people/[^"]*)">.*?<span class="figure-value">(?P<value>[^<]*)</span>',
    re.S,
)
TOTAL = re.compile(r'<strong id="total">([^<]*)</strong>')


def number(text: str) -> int:
    return int(re.sub(r"\D", "", unescape(text)))


pytestmark = pytest.mark.usefixtures("on_today")


@pytest.mark.parametrize(("who", "shown"), [("coordinator", 12), ("school1_admin", 8)])
def test_each_people_figure_equals_the_count_of_its_list(client, cast, town, who, shown):
    client.force_login(getattr(cast, who))

    home = client.get("/").content.decode()
    figures = [(unescape(m["href"]), number(m["value"])) for m in FIGURE.finditer(home)]

    assert len(figures) >= shown
    for href, value in figures:
        listed = TOTAL.search(client.get(href).content.decode())
        assert listed is not None, href
        assert number(listed.group(1)) == value, href
