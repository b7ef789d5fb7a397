"""The draft of a report: the rules of rules/*.toml applied to the objects of facts.ReportData."""

from dataclasses import dataclass

from . import rules as rule_files
from .facts import Item, ReportData, group_key


@dataclass(frozen=True)
class Draft:
    section: str
    section_title: str
    section_order: int  # 1, 2, …: the sections that say something, numbered without gaps
    order: int
    key: str  # section / rule / object: stable across regenerations
    text: str
    numbers: dict  # {name: as quoted} of every name the rule's template quotes
    evidence: list


def drafts(data: ReportData, sections=None) -> list[Draft]:
    result, number = [], 0
    report = data.report()
    for section in sections if sections is not None else rule_files.load():
        if not section.applies(report.facts):
            continue
        if section.per == "group":
            places = [(f"{section.key}:{group_key(title)}", section.title.format(group=title), group, members)
                      for title, group, members in data.groups()]  # fmt: skip
        else:
            places = [(section.key, section.title, report, data.all_indicators())]
        for key, title, owner, indicators in places:
            sentences = list(_sentences(section, data, owner, indicators))
            if not sentences:
                continue
            number += 1
            result += [
                Draft(key, title, number, order, f"{key}/{rule.key}/{item.key}", text, numbers, item.evidence)
                for order, (rule, item, text, numbers) in enumerate(sentences, start=1)
            ]
    return result


def _sentences(section, data: ReportData, owner: Item, indicators: list[Item]):
    """(rule, object, text, numbers) in the order of the rules, consecutive rules about one kind of object
    taken object by object (an indicator's value, then its dynamics, then its extremes)."""
    objects = {
        "report": lambda: [owner],
        "group": lambda: [owner],
        "indicator": lambda: indicators,
        "deficit": data.deficit_rows,
        "cluster": data.cluster_items,
        "placement": data.placement_items,
    }
    blocks: list[list] = []
    for rule in section.rules:
        if blocks and blocks[-1][0].unit == rule.unit:
            blocks[-1].append(rule)
        else:
            blocks.append([rule])
    for block in blocks:
        for item in objects[block[0].unit]():
            for rule in block:
                if rule.applies(item.facts):
                    numbers = {name: item.shown[name] for name in rule.names}
                    yield rule, item, rule.render(item.shown), numbers
