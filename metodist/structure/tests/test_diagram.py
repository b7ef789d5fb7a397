"""The diagram: a layered tree in two bands, no box over another, every name inside its box."""

import re

from metodist.structure import diagram
from metodist.structure.models import BodyLevel


def boxes_of(bodies):
    return diagram.layout(bodies).boxes


def overlap(a, b, height):
    return a.x < b.x + diagram.BOX_W and b.x < a.x + diagram.BOX_W and a.y < b.y + height and b.y < a.y + height


def test_no_two_boxes_overlap_and_every_line_fits_its_box(structure):
    drawn = diagram.layout(list(structure.values()))

    pairs = [(a, b) for a in drawn.boxes for b in drawn.boxes if a is not b]
    assert not [pair for pair in pairs if overlap(*pair, drawn.box_h)]
    assert all(len(line) <= diagram.CHARS for box in drawn.boxes for line in box.lines)
    assert all(box.x + diagram.BOX_W <= drawn.width for box in drawn.boxes)


def test_the_service_is_on_top_its_six_bodies_below_and_the_organization_level_in_its_own_band(structure):
    boxes = {box.body.template_key: box for box in boxes_of(list(structure.values()))}

    assert boxes["service"].row == 0
    assert {boxes[key].row for key in ("councils-associations", "sites", "communities", "specialists", "leaders")} == {
        1
    }
    assert (boxes["org-council"].row, boxes["pairs"].row) == (2, 3)
    assert boxes["pairs"].body.level == BodyLevel.ORGANIZATION
    # the parent is centred over its children: the service over the first and the last of its columns
    children = sorted(box.x for box in boxes.values() if box.body.parent_id == structure["service"].pk)
    assert boxes["service"].x == (children[0] + children[-1]) / 2


def test_the_svg_links_every_box_and_draws_a_line_per_parent_link(structure):
    drawn = diagram.svg(list(structure.values()), lambda body: f"/b/{body.pk}", "Схема")

    assert drawn.count('<a class="structure-box"') == 8
    assert drawn.count('class="structure-edge"') == 7
    assert all(f'href="/b/{body.pk}"' in drawn for body in structure.values())
    assert "Муниципальный уровень" in drawn and "Учрежденческий уровень" in drawn
    assert " style=" not in drawn  # the CSP forbids inline styles


def test_a_name_is_escaped_and_a_long_word_is_cut(structure):
    body = structure["pairs"]
    body.name = "<b>Очень-очень-очень-длинное-название</b> пар"

    drawn = diagram.svg([body], lambda body: "#", "Схема")

    assert "<b>" not in drawn and "&lt;b&gt;" in drawn
    assert all(len(line) <= diagram.CHARS for line in diagram.wrap(body.name))


def test_a_loop_of_parents_is_still_drawn(structure):
    council, pairs = structure["org-council"], structure["pairs"]
    council.parent = pairs

    drawn = diagram.layout([council, pairs])

    assert len(drawn.boxes) == 2
    assert re.match(r"\d+", str(drawn.height))
