"""What an import would do: rows with their problems and the record changes they imply; applying those changes.

A dry run builds a Plan and writes nothing. The commit builds the Plan again from the same file inside the
transaction (the registry may have changed in between) and applies it only when it has no problems.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import prefetch_related_objects

from metodist.audit.actions import created_entry, record_updated, snapshot
from metodist.audit.models import AuditEntry
from metodist.facts.signals import invalidate as invalidate_facts

from .cells import number_text

BATCH_SIZE = 500
WRITTEN = "Записано записей"


@dataclass
class Problem:
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row and self.column:
            return f"Строка {self.row}, столбец «{self.column}»: {self.message}"
        if self.row:
            return f"Строка {self.row}: {self.message}"
        return self.message


@dataclass(eq=False)
class Change:
    """A record to create, or an existing record and the values that differ; nothing is written before apply()."""

    instance: models.Model
    values: dict = field(default_factory=dict)
    many: dict = field(default_factory=dict)  # many-to-many field -> the complete new list of objects
    is_new: bool = False

    @classmethod
    def create(cls, model: type[models.Model], values: dict, many: dict | None = None) -> "Change":
        """`values` may hold unsaved instances (a new educator of a new employment): apply() saves them first."""
        return cls(instance=model(**values), values=values, many=many or {}, is_new=True)

    @classmethod
    def update(cls, instance: models.Model, values: dict, many: dict | None = None) -> "Change | None":
        """The values (and many-to-many lists) that differ from `instance`; None when nothing does.

        Many-to-many lists are compared with `instance`'s prefetched objects, so the caller prefetches them.
        """
        differing = {name: value for name, value in values.items() if getattr(instance, name) != value}
        differing_many = {
            name: items
            for name, items in (many or {}).items()
            if {item.pk for item in getattr(instance, name).all()} != {item.pk for item in items}
        }
        if not differing and not differing_many:
            return None
        return cls(instance=instance, values=differing, many=differing_many)

    @property
    def model_label(self) -> str:
        return str(self.instance._meta.verbose_name)

    def lines(self) -> list[tuple[str, str, str]]:
        """(field, old value, new value) of an update, as the preview shows them."""
        opts = self.instance._meta
        result = [
            (str(opts.get_field(name).verbose_name), display(self.instance, name), display_value(opts, name, value))
            for name, value in self.values.items()
        ]
        for name, items in self.many.items():
            old = ", ".join(str(item) for item in getattr(self.instance, name).all()) or "—"
            result.append((str(opts.get_field(name).verbose_name), old, display_value(opts, name, items)))
        return result

    def save(self, actor) -> None:
        """Writes an update and its audit entry (creations are written in bulk by create_all)."""
        instance = self.instance
        before = snapshot(instance)
        for name, value in self.values.items():
            setattr(instance, name, value)
        touched = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
        instance.save(update_fields=[*self.values, *touched])
        for name, items in self.many.items():
            getattr(instance, name).set(items)
        record_updated(actor, instance, before)


def create_all(changes: list[Change], actor, progress=None) -> None:
    """Inserts new records model by model, in bulk: a first import of a municipality is thousands of rows.

    Models are taken in the order they first appear, so an educator is inserted before the employments that
    refer to it (bulk_create fills their educator_id from the saved instance). Each record gets the same audit
    entry as metodist.audit.actions.record_created writes, only saved in bulk too. `progress(records written)`
    is called after each batch of inserts.
    """
    by_model: dict[type[models.Model], list[Change]] = {}
    written = 0
    for change in changes:
        by_model.setdefault(type(change.instance), []).append(change)
    for model, group in by_model.items():
        instances = [change.instance for change in group]
        for start in range(0, len(instances), BATCH_SIZE):
            model.objects.bulk_create(instances[start : start + BATCH_SIZE])
            written += len(instances[start : start + BATCH_SIZE])
            if progress:
                progress(written)
        names = list(dict.fromkeys(name for change in group for name in change.many))
        for name in names:
            relation = model._meta.get_field(name)
            through = relation.remote_field.through
            links = [
                through(**{relation.m2m_column_name(): change.instance.pk, relation.m2m_reverse_name(): item.pk})
                for change in group
                for item in change.many.get(name, [])
            ]
            through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        prefetch_related_objects(instances, *names)  # the audit snapshot reads them without a query per record
    AuditEntry.objects.bulk_create([created_entry(actor, change.instance) for change in changes], batch_size=BATCH_SIZE)
    invalidate_facts()  # bulk_create sends no signals


def display(instance: models.Model, name: str) -> str:
    return display_value(instance._meta, name, getattr(instance, name))


def display_value(opts, name: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    model_field = opts.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _record_key(instance: models.Model) -> tuple:
    """Identifies a record before and after it is saved: by pk when it has one, else by the object itself."""
    return ("pk", instance.pk) if instance.pk is not None else ("new", id(instance))


def _main_key(instance: models.Model, main: type[models.Model]) -> tuple | None:
    """The record of `main` that `instance` is, or belongs to through a foreign key; None if neither."""
    if isinstance(instance, main):
        return _record_key(instance)
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation and model_field.related_model is main:
            pk = getattr(instance, model_field.attname)
            # an unsaved parent is cached on the instance, so reading it costs no query
            return ("pk", pk) if pk is not None else _record_key(getattr(instance, model_field.name))
    return None


STATUS_LABELS = {
    "create": "будет создано",
    "update": "будет изменено",
    "unchanged": "без изменений",
    "error": "ошибка",
}


@dataclass(eq=False)
class Row:
    """One data row of the file: its parsed values, what is wrong with it, and the changes it brings."""

    number: int
    values: dict
    headers: dict  # field -> column header, to name the cell of a problem
    raw: dict = field(default_factory=dict)  # field -> the cell as typed, for titles of rows that failed to parse
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    title: str = ""
    municipality_id: int | None = None  # whose records the row writes: the commit holds that municipality's lock

    def text(self, *names: str, sep: str = " ") -> str:
        return sep.join(self.raw[name] for name in names if self.raw.get(name))

    def fail(self, name: str, message: str) -> None:
        self.problems.append(Problem(message, self.number, self.headers.get(name)))

    @property
    def status(self) -> str:
        if self.problems:
            return "error"
        if any(change.is_new for change in self.changes):
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    models: tuple = ()  # the kinds of records the format writes, in the order the totals list them
    file_problems: list[Problem] = field(default_factory=list)  # the file as a whole cannot be imported
    warnings: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    @property
    def ok(self) -> bool:
        return not self.file_problems and not any(row.problems for row in self.rows)

    @property
    def changes(self) -> list[Change]:
        """In the order the rows produced them: a record comes before the records that refer to it."""
        return [change for row in self.rows for change in row.changes]

    @property
    def municipalities(self) -> set[int]:
        return {row.municipality_id for row in self.rows if row.municipality_id is not None}

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def totals(self) -> list[tuple[str, int, int]]:
        """(kind of record, created, updated) for each kind the plan touches.

        The first kind of the format (an educator, an organization) counts whole records: «updated» is every
        existing one with any change, its own or of a record that refers to it (an employment, a diploma), so a
        file of 15 employments of 12 teachers reports 12 educators, not 15 or the 3 whose personal data changed.
        """
        table: dict[type, list[int]] = {model: [0, 0] for model in self.models}
        for change in self.changes:
            counts = table.setdefault(type(change.instance), [0, 0])
            counts[0 if change.is_new else 1] += 1
        if self.models:
            main = self.models[0]
            new = {
                _record_key(change.instance)
                for change in self.changes
                if change.is_new and type(change.instance) is main
            }
            touched = {key for change in self.changes if (key := _main_key(change.instance, main)) is not None}
            table[main] = [len(new), len(touched - new)]
        return [
            (str(model._meta.verbose_name_plural), created, updated)
            for model, (created, updated) in table.items()
            if created or updated
        ]

    def apply(self, actor, progress=None) -> tuple[int, int]:
        """Writes every change with its audit entry; returns (created, updated). The caller holds the transaction.

        Updates go first: closing a dated record (a staff line valid until yesterday) must precede inserting
        the record that continues it, or the database would see two open ones.
        `progress(records written, records, unit)` is called every BATCH_SIZE records, for the job's progress bar.
        """
        if not self.ok:
            raise ValueError("a plan with problems cannot be applied")
        created = [change for change in self.changes if change.is_new]
        updated = [change for change in self.changes if not change.is_new]
        total = len(created) + len(updated)
        for done, change in enumerate(updated, start=1):
            change.save(actor)
            if progress and done % BATCH_SIZE == 0:
                progress(done, total, WRITTEN)
        create_all(created, actor, progress and (lambda done: progress(len(updated) + done, total, WRITTEN)))
        return len(created), len(updated)
