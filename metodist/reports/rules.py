"""The rule files of the analytical report (rules/*.toml): reading and checking them, evaluating a rule's
condition and filling its template. A condition is a small expression over the numbers of one object
(«has_value and change < 0»); it is parsed, not executed, so a rule file can say nothing but comparisons."""

import ast
import operator
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent / "rules"
SECTION_KINDS = {"report", "group"}
UNITS = {"report", "group", "indicator", "deficit", "cluster", "placement"}
COMPARISONS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
               ast.Eq: operator.eq, ast.NotEq: operator.ne}  # fmt: skip
ALLOWED_NODES = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare, ast.Name,
                 ast.Load, ast.Constant, *COMPARISONS)  # fmt: skip


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    key: str
    unit: str  # what the rule speaks of: one sentence per object of this kind
    when: ast.Expression | None
    text: str

    def applies(self, facts: dict) -> bool:
        return self.when is None or bool(_evaluate(self.when.body, facts))

    def render(self, shown: dict) -> str:
        try:
            return self.text.format_map(shown)
        except KeyError as error:
            raise RuleError(
                f"В шаблоне правила «{self.key}» имя «{error.args[0]}», которого у этого объекта нет."
            ) from error

    @property
    def names(self) -> list[str]:
        """The names the template quotes, in their order."""
        return [name for _, name, _, _ in string.Formatter().parse(self.text) if name]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    per: str
    when: ast.Expression | None
    rules: tuple[Rule, ...]

    def applies(self, facts: dict) -> bool:
        return self.when is None or bool(_evaluate(self.when.body, facts))


def load(path: Path | None = None) -> list[Section]:
    """The sections of a rule file (by default every rules/*.toml, in the order of their names)."""
    paths = [path] if path else sorted(RULES_DIR.glob("*.toml"))
    sections = []
    for source in paths:
        with source.open("rb") as handle:
            data = tomllib.load(handle)
        sections += [_section(source.name, item) for item in data.get("sections", [])]
    keys = [section.key for section in sections]
    if len(keys) != len(set(keys)):
        raise RuleError("Ключи разделов в файлах правил повторяются.")
    return sections


def _section(source: str, data: dict) -> Section:
    where = f"{source}, раздел «{data.get('key', '?')}»"
    if data.get("per", "report") not in SECTION_KINDS:
        raise RuleError(f"{where}: per — одно из {', '.join(sorted(SECTION_KINDS))}.")
    rules = tuple(_rule(where, item) for item in data.get("rules", []))
    if len({rule.key for rule in rules}) != len(rules):
        raise RuleError(f"{where}: ключи правил повторяются.")
    return Section(data["key"], data["title"], data.get("per", "report"), _condition(where, data.get("when")), rules)


def _rule(where: str, data: dict) -> Rule:
    where = f"{where}, правило «{data.get('key', '?')}»"
    if data.get("for") not in UNITS:
        raise RuleError(f"{where}: for — одно из {', '.join(sorted(UNITS))}.")
    return Rule(data["key"], data["for"], _condition(where, data.get("when")), data["text"])


def _condition(where: str, text: str | None) -> ast.Expression | None:
    if not text:
        return None
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise RuleError(f"{where}: условие «{text}» не читается.") from error
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            raise RuleError(f"{where}: в условии «{text}» допустимы только имена, числа, сравнения, and, or, not.")
    return tree


def _evaluate(node, facts: dict):
    if isinstance(node, ast.BoolOp):
        values = (_evaluate(value, facts) for value in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, facts)
        return (not value) if isinstance(node.op, ast.Not) else -value
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, facts)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(right_node, facts)
            if left is None or right is None:  # «нет данных» compares with nothing
                return False
            if not COMPARISONS[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Name):
        if node.id not in facts:
            raise RuleError(f"В условии имя «{node.id}», которого у этого объекта нет.")
        return facts[node.id]
    return node.value
