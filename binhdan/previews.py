"""Import previews (xem trước khi nhập), shared by every spreadsheet import of the portal.

An import runs in two steps. The file is read (binhdan.spreadsheets) and kept as plain values
in an `ImportPreview`, bound to the user, until they confirm; a planner of the app compares
those rows with the database and says, row by row, what confirming would do. Nothing is
written before the confirmation, and the preview survives a page reload.

This module holds what the planners of households and members share: the kinds of row, the
shape of a plan, how a preview is stored, and how a value is shown to the user.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binhdan.models import ImportPreview
from binhdan.spreadsheets import HeaderCell, ImportResult, ReadFile, RowError

NEW, UPDATE, UNCHANGED, ASK = "new", "update", "unchanged", "ask"
SKIP = "skip"
LIFETIME = timedelta(hours=8)
SHOWN = 300  # rows of each kind listed on a preview page; the counts are always complete


class DecisionError(ValueError):
    """A decision on a look-alike row that cannot be carried out; the message is for the user."""


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: Any
    after: Any

    def __str__(self):
        return f"{self.label}: {describe(self.before)} → {describe(self.after)}"

    @property
    def before_text(self) -> str:
        return describe(self.before)

    @property
    def after_text(self) -> str:
        return describe(self.after)


@dataclass(frozen=True)
class Choice:
    value: str  # NEW, SKIP, "id:<pk>" (that record), "row:<n>" (same as row n: not again)
    label: str


@dataclass(eq=False)
class RowPlan:
    """What confirming would do with one row of the file."""

    row: int
    values: dict[str, Any]  # the row's values, only for the columns the file has
    action: str  # NEW, UPDATE, UNCHANGED or ASK
    summary: str = ""  # the row in one line, as the preview lists it
    record: Any = None  # the record it updates or leaves unchanged
    changes: list[Change] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why it looks like another record
    lookalikes: list = field(default_factory=list)  # existing records it looks like
    choices: list[Choice] = field(default_factory=list)
    proposed: str = NEW

    def decide(self, choice: str | None):
        """The action and record for the user's `choice` (None: the proposal)."""
        choice = choice or self.proposed
        if choice not in {c.value for c in self.choices}:
            raise DecisionError(
                _("Row %(row)s: choose one of the options offered.") % {"row": self.row}
            )
        if choice.startswith("id:"):
            return UPDATE, next(r for r in self.lookalikes if f"id:{r.pk}" == choice)
        return (NEW if choice == NEW else SKIP), None

    @property
    def differs_from(self) -> list[str]:
        """The look-alikes ("id:…", "row:…") this row is declared different from by NEW."""
        return [c.value for c in self.choices if c.value.startswith(("id:", "row:"))]


@dataclass
class ImportPlan(ReadFile):
    rows: list[RowPlan]
    errors: list[RowError]
    header: list[HeaderCell]

    def resolved(self, decisions: dict[int, str], changes_for):
        """Each row with what confirming does to it: (row, action, record, changes), the rows
        to decide taking the user's `decisions` (row number -> choice; missing: the proposal).
        A look-alike declared the same record is compared again with `changes_for(record,
        values)`: UPDATE when something changes, UNCHANGED otherwise."""
        for row in self.rows:
            action, record, changes = row.action, row.record, row.changes
            if action == ASK:
                action, record = row.decide(decisions.get(row.row))
                if action == UPDATE:
                    changes = changes_for(record, row.values)
                    action = UPDATE if changes else UNCHANGED
            yield row, action, record, changes

    def with_action(self, action: str) -> list[RowPlan]:
        return [row for row in self.rows if row.action == action]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((NEW, UPDATE, UNCHANGED, ASK), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


def table_payload(table: ImportResult) -> dict[str, Any]:
    """A read file as JSON-ready values for an ImportPreview (dates as ISO text)."""
    rows = [
        {key: value.isoformat() if isinstance(value, date) else value for key, value in r.items()}
        for r in table.rows
    ]
    return {
        "header_row": table.header_row,
        "header": [[c.letter, c.text, c.key, c.taken_as] for c in table.header],
        "rows": rows,
        "errors": [[e.row, e.column, e.message] for e in table.errors],
    }


def payload_header(payload) -> list[HeaderCell]:
    return [HeaderCell(*cell) for cell in payload["header"]]


def payload_errors(payload) -> list[RowError]:
    return [RowError(*error) for error in payload["errors"]]


def store_preview(user, kind: str, target_id: int, filename: str, payload) -> ImportPreview:
    """Keep a read file for its preview: the user's earlier preview of the same kind and every
    expired preview go (they hold residents' personal data)."""
    now = timezone.now()
    ImportPreview.objects.filter(expires_at__lte=now).delete()
    ImportPreview.objects.filter(user=user, kind=kind).delete()
    return ImportPreview.objects.create(
        user=user,
        kind=kind,
        target_id=target_id,
        filename=filename[:255],
        payload=payload,
        expires_at=now + LIFETIME,
    )


def describe(value) -> str:
    """A value as a preview shows it: có/không, a date dd/mm/yyyy, "—" for nothing."""
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return "—"
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def preview_page(request, preview, plan, *, confirm, done_url, retry_url, template, context):
    """The answer of a preview page: cancel it, confirm it, or show it.

    `confirm(decisions)` writes the plan (decisions: row number -> the user's choice for each
    row to decide) and returns the success message; it may raise DecisionError.
    """
    from django.contrib import messages
    from django.shortcuts import redirect, render

    if request.method == "POST" and request.POST.get("action") == "cancel":
        preview.delete()
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect(retry_url)
    problem = None
    if request.method == "POST" and plan.ok:
        asked = plan.with_action(ASK)
        decisions = {row.row: request.POST.get(f"row-{row.row}", row.proposed) for row in asked}
        try:
            message = confirm(decisions)
        except DecisionError as error:
            problem = str(error)
        else:
            preview.delete()  # with it, the personal data it held
            messages.success(request, message)
            return redirect(done_url)
    return render(
        request,
        template,
        {
            "preview": preview,
            "plan": plan,
            "problem": problem,
            "counts": plan.counts,
            "errors": plan.errors[:SHOWN],
            "asked": plan.with_action(ASK)[:SHOWN],
            "updated": plan.with_action(UPDATE)[:SHOWN],
            "added": plan.with_action(NEW)[:SHOWN],
            "shown": SHOWN,
            "retry_url": retry_url,
            **context,
        },
    )
