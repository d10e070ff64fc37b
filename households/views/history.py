"""The audit history (lịch sử thay đổi) of a household or a visit: who, when, what.

Kept by django-simple-history; the commune office reads it here.
"""

from django.shortcuts import render

from binhdan.access import Capability, capability_required, get_for_user, villages_for
from binhdan.paging import page_of
from households.models import Household, SupportVisit

HIDDEN_FIELDS = {"search_text", "match_key", "sort_key", "updated_at", "created_at"}


def _changes(records):
    """Each history record with the fields it changed against the one before it."""
    records = list(records)
    names = _RelatedNames()
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": names.display(field, change.old),
                        "new": names.display(field, change.new),
                    }
                )
        rows.append({"record": record, "changes": changes})
    return rows


class _RelatedNames:
    """Shows a changed value as a person reads it: names for ids, labels for choices."""

    def __init__(self):
        self.cache = {}

    def name(self, model, pk):
        if (model, pk) not in self.cache:
            self.cache[model, pk] = str(model.objects.filter(pk=pk).first() or pk)
        return self.cache[model, pk]

    def display(self, field, value):
        if field.many_to_many:  # a list of through rows: {"supportvisit": 1, "supporttype": 2}
            target = field.related_model
            key = target._meta.model_name
            return ", ".join(self.name(target, row[key]) for row in value) or "—"
        if value in (None, ""):
            return "—"
        if field.is_relation:
            return self.name(field.related_model, value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "✓" if value else "✗"
        return value


@capability_required(Capability.VIEW_HISTORY)
def household_history(request, pk):
    household, _can_change = get_for_user(request, Household, pk=pk)
    records = household.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    return render(
        request,
        "households/history.html",
        {"object": household, "rows": _changes(records), "back_url": household.get_absolute_url()},
    )


@capability_required(Capability.VIEW_HISTORY)
def visit_history(request, pk):
    visit, _can_change = get_for_user(request, SupportVisit, pk=pk)
    records = visit.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(request, "households/history.html", {"object": visit, "rows": _changes(records)})


@capability_required(Capability.VIEW_HISTORY)
def change_log(request):
    """Every recorded change to households (or, with ?kind=visits, to visits), newest first."""
    kind = "visits" if request.GET.get("kind") == "visits" else "households"
    villages = villages_for(request.user)
    if kind == "visits":
        records = SupportVisit.history.filter(team__village__in=villages).select_related(
            "history_user", "team", "member"
        )
    else:
        records = Household.history.filter(village__in=villages).select_related(
            "history_user", "village"
        )
    records = records.order_by("-history_date", "-history_id")
    page = page_of(request, records, 50)
    return render(request, "households/change_log.html", {"page_obj": page, "kind": kind})
