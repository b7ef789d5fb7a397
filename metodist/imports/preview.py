"""The result of a check, stored on the batch and shown by its page without reading or checking the file again.

The page of a 20 000-row file is opened many times (filters, a return after lunch); the check takes seconds
and is a job, so its result is kept as plain data: the rows' numbers, titles, statuses, problems and the lines
of their changes, the totals and the municipalities the commit will lock.
"""

from dataclasses import dataclass, field

from .plan import STATUS_LABELS, Plan, Problem


def summary(plan: Plan) -> dict:
    return {
        "file_problems": [problem.message for problem in plan.file_problems],
        "warnings": plan.warnings,
        "rows": [
            {
                "number": row.number,
                "title": row.title,
                "status": row.status,
                "problems": [[problem.column, problem.message] for problem in row.problems],
                "changes": [
                    {
                        "new": change.is_new,
                        "label": change.model_label,
                        "text": str(change.instance) if change.is_new else "",
                        "lines": [] if change.is_new else [list(line) for line in change.lines()],
                    }
                    for change in row.changes
                ],
            }
            for row in plan.rows
        ],
        "totals": [list(line) for line in plan.totals()],
        "municipalities": sorted(plan.municipalities),
    }


@dataclass
class ShownChange:
    is_new: bool
    model_label: str
    instance: str
    lines: list


@dataclass
class ShownRow:
    number: int
    title: str
    status: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[ShownChange] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class Preview:
    """A stored summary read back with the names the batch page uses for a Plan."""

    def __init__(self, data: dict):
        self.data = data
        self.file_problems = [Problem(message) for message in data["file_problems"]]
        self.warnings = data["warnings"]
        self.totals = data["totals"]
        self.municipalities = data["municipalities"]

    @property
    def row_count(self) -> int:
        return len(self.data["rows"])

    def rows(self, statuses: set[str] | None = None) -> list[dict]:
        return [row for row in self.data["rows"] if statuses is None or row["status"] in statuses]

    @staticmethod
    def shown(row: dict) -> ShownRow:
        return ShownRow(
            number=row["number"],
            title=row["title"],
            status=row["status"],
            problems=[Problem(message, row["number"], column) for column, message in row["problems"]],
            changes=[
                ShownChange(change["new"], change["label"], change["text"], [tuple(line) for line in change["lines"]])
                for change in row["changes"]
            ],
        )

    @property
    def problems(self) -> list[Problem]:
        rows = self.data["rows"]
        return self.file_problems + [Problem(m, row["number"], c) for row in rows for c, m in row["problems"]]

    @property
    def ok(self) -> bool:
        return not self.file_problems and not any(row["problems"] for row in self.data["rows"])

    @property
    def changes(self) -> bool:
        return any(row["changes"] for row in self.data["rows"])

    def count(self, status: str) -> int:
        return sum(1 for row in self.data["rows"] if row["status"] == status)
