"""The structure drawn as a server-side SVG: a layered tree in two bands (municipal level above, organization
level below), a box per body with its name and kind, a line from each parent to its children.

The layout gives every leaf its own column and centres a parent over its children's columns, so boxes of one
row never overlap and a line going down to a lower band runs through a column no other box of the rows between
takes. No inline style (the CSP forbids it): presentation attributes and classes of metodist.css only.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import BodyLevel, SystemBody

BOX_W, COLUMN_W = 210, 232
LINE_H, PAD = 16, 10
# Characters per line of a box at 13px: in the widest sans-serif a browser may fall back to (DejaVu Sans), 22
# Cyrillic characters take about 175px of the 190px inside a box.
CHARS = 22
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"
ROW_GAP, BAND_HEAD, MARGIN = 40, 30, 12
BANDS = [BodyLevel.MUNICIPAL, BodyLevel.ORGANIZATION]


def wrap(text: str, width: int = CHARS) -> list[str]:
    """Words into lines of at most `width` characters: a long word breaks after its own hyphen, else is cut."""
    lines: list[str] = []
    for word in text.split():
        pieces = re.split(r"(?<=-)(?=\w)", word)
        for number, piece in enumerate(pieces):
            joiner = "" if number else " "
            while len(piece) > width:
                lines.append(piece[: width - 1] + "-")
                piece, joiner = piece[width - 1 :], " "
            if lines and len(lines[-1]) + len(joiner) + len(piece) <= width:
                lines[-1] += joiner + piece
            else:
                lines.append(piece)
    return lines or [""]


@dataclass
class Box:
    body: SystemBody
    row: int = 0
    x: float = 0
    y: float = 0
    lines: list[str] = field(default_factory=list)
    children: list["Box"] = field(default_factory=list)


@dataclass
class Layout:
    boxes: list[Box]
    width: int
    height: int
    box_h: int
    bands: list[tuple[str, int, int]]  # label, top, height


def layout(bodies: list[SystemBody]) -> Layout:
    boxes = {body.pk: Box(body, lines=wrap(body.name)) for body in bodies}
    roots = []
    for box in boxes.values():
        parent = boxes.get(box.body.parent_id)
        (parent.children if parent else roots).append(box)
    for box in boxes.values():
        box.children.sort(key=lambda child: (BANDS.index(child.body.level), child.body.order, child.body.pk))
    roots.sort(key=lambda box: (BANDS.index(box.body.level), box.body.order, box.body.pk))

    depth: dict[int, int] = {}

    def walk(box: Box, level: int, trail: frozenset) -> None:
        depth[box.body.pk] = level
        for child in box.children:
            if child.body.pk not in trail:
                walk(child, level + 1, trail | {child.body.pk})

    for root in roots:
        walk(root, 0, frozenset({root.body.pk}))
    for box in boxes.values():  # a loop of parents (made outside the form) is drawn from where it is met
        if box.body.pk not in depth:
            box.children = [child for child in box.children if child.body.pk not in depth]
            roots.append(box)
            walk(box, 0, frozenset({box.body.pk}))
    # rows: the depths met in each band, in order, so each band starts on a row of its own
    keys = sorted({(BANDS.index(box.body.level), depth[pk]) for pk, box in boxes.items()})
    row_of = {key: number for number, key in enumerate(keys)}
    for pk, box in boxes.items():
        box.row = row_of[(BANDS.index(box.body.level), depth[pk])]

    column = 0

    def place(box: Box, trail: frozenset) -> None:
        nonlocal column
        children = [child for child in box.children if child.body.pk not in trail]
        for child in children:
            place(child, trail | {child.body.pk})
        if children:
            box.x = (children[0].x + children[-1].x) / 2
        else:
            box.x = column * COLUMN_W + MARGIN + (COLUMN_W - BOX_W) / 2
            column += 1

    for root in roots:
        place(root, frozenset({root.body.pk}))

    box_h = PAD * 2 + LINE_H * (max((len(box.lines) for box in boxes.values()), default=1) + 1)
    row_h = box_h + ROW_GAP
    tops, bands, y = {}, [], MARGIN
    for band_index, band in enumerate(BANDS):
        rows = [row_of[key] for key in keys if key[0] == band_index]
        if not rows:
            continue
        top = y
        y += BAND_HEAD
        for row in rows:
            tops[row] = y
            y += row_h
        bands.append((band.label, top, y - top - ROW_GAP / 2))
        y += MARGIN
    for box in boxes.values():
        box.y = tops[box.row]
    width = max(column, 1) * COLUMN_W + MARGIN * 2
    return Layout(list(boxes.values()), int(width), int(y), box_h, bands)


def svg(bodies: list[SystemBody], href: Callable[[SystemBody], str], title: str) -> SafeString:
    """The diagram of `bodies` as an inline <svg>; each box a link to `href(body)`."""
    drawn = layout(bodies)
    parts = [
        f'<svg class="structure-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawn.width} {drawn.height}"'
        f' width="{drawn.width}" height="{drawn.height}" font-family="{FONT}" role="group"'
        ' aria-labelledby="structure-diagram-title">',
        f'<title id="structure-diagram-title">{escape(title)}</title>',
    ]
    for label, top, height in drawn.bands:
        parts.append(
            f'<rect class="structure-band" x="2" y="{top}" width="{drawn.width - 4}" height="{height:.0f}" rx="8"'
            f' fill="#f4f6fa" stroke="#d5dbe6"/>'
            f'<text class="structure-band-label" x="{MARGIN}" y="{top + 20}" font-size="13" font-weight="600"'
            f' fill="#3b4a63">{escape(label)}</text>'
        )
    for box in drawn.boxes:
        for child in box.children:
            x1, y1 = box.x + BOX_W / 2, box.y + drawn.box_h
            x2, y2 = child.x + BOX_W / 2, child.y
            middle = y1 + ROW_GAP / 2
            parts.append(
                f'<path class="structure-edge" d="M{x1:.0f} {y1:.0f} V{middle:.0f} H{x2:.0f} V{y2:.0f}"'
                f' fill="none" stroke="#7a869a" stroke-width="1.5"/>'
            )
    for box in drawn.boxes:
        body = box.body
        text_x = box.x + PAD
        lines = "".join(
            f'<tspan x="{text_x:.0f}" dy="{LINE_H if number else 0}">{escape(line)}</tspan>'
            for number, line in enumerate(box.lines)
        )
        parts.append(
            f'<a class="structure-box" href="{escape(href(body))}" id="box-{body.pk}">'
            f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{BOX_W}" height="{drawn.box_h}" rx="6"'
            f' fill="{"#ffffff" if body.public else "#fbf7ec"}" stroke="#1f4e8c" stroke-width="1.5"/>'
            f'<text x="{text_x:.0f}" y="{box.y + PAD + 12:.0f}" font-size="13" fill="#13233d">{lines}</text>'
            f'<text x="{text_x:.0f}" y="{box.y + drawn.box_h - PAD:.0f}" font-size="11" fill="#5a6678">'
            f"{escape(KIND_SHORT.get(body.kind, body.get_kind_display()))}</text></a>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


# The kind under a box's name, short enough for one line of a box.
KIND_SHORT = {
    "service": "методическая служба",
    "council": "методический совет",
    "association": "методические объединения",
    "site": "площадки и ресурсные центры",
    "community": "сообщества, ассоциации",
    "specialists": "методисты и тьюторы",
    "leaders": "победители конкурсов",
    "org_council": "совет организации",
    "pairs": "пары педагогов",
}
