"""The workflow engine: one declarative table of actions per workflow, one way to perform them.

A workflow (the quarterly reports' in reports/reporting/workflow.py, the emulation
nominations' in reports/awards/workflow.py) is a `Workflow`: its model, its statuses, the
model that logs its transitions and a table of `Action`s. An action says everything about
one step: its URL word and labels, the statuses it may start from and the one it leads to,
the capability it needs (binhdan/access.py), the question of its confirmation page, whether
it needs a comment, the refusals, and what else it does (a hook: freezing a report's
snapshot, stamping who changed a nomination).

`perform(obj, action, user)` runs a step the same way for every workflow: checks that do not
need the row (a quarter not started, a missing comment), then inside transaction.atomic()
the row locked with select_for_update(), the capability on the object, the status found
there (two people doing a step at the same moment are serialised, and the second one is
refused with a Vietnamese message), the new status, the hook, the save and one row of the
transition log. `allowed_actions(obj, user)` lists the steps a user may take on an object
now (status, capability, scope): the pages show exactly those buttons.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from binhdan.access import Capability, can


class TransitionRefused(Exception):
    """The object is not in a status that allows this step; the message says why."""


@dataclass(frozen=True)
class Action:
    """One step of a workflow, as its table declares it."""

    name: str  # the URL word: "nop", "tra-lai", "gui-so"...
    label: str  # the button on the object's page
    sources: frozenset[str]  # the statuses it may start from
    target: str  # the status it leads to
    capability: Capability  # what the user needs, on the object (in their write scope)
    question: str  # what the confirmation page asks
    confirm: str  # the confirmation page's button
    done: str  # the message once done
    refused: str  # the refusal when the status does not allow it; may use %(status)s
    labels: Mapping[str, str] = field(default_factory=dict)  # a label for a from-status
    heading: str = ""  # the confirmation page's title, where it has one
    style: str = "primary"  # the buttons' Bootstrap colour
    kind: str = ""  # only for objects of this `kind` (a village team's or the commune report)
    needs_comment: bool = False  # a comment is required (returning a report: what to correct)
    missing_comment: str = ""  # the refusal without one
    check: Callable | None = None  # check(obj, at), before anything is saved; may refuse
    hook: Callable | None = None  # hook(locked, user, at, comment), once the status has changed

    def applies_to(self, obj) -> bool:
        return not self.kind or getattr(obj, "kind", "") == self.kind

    def label_for(self, obj) -> str:
        return self.labels.get(obj.status, self.label)


def _lock_row(obj):
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


@dataclass(frozen=True)
class Workflow:
    """The statuses of `model`, the table of its actions and the log of its transitions."""

    model: type[models.Model]
    statuses: type[models.TextChoices]
    actions: tuple[Action, ...]
    log: type[models.Model]  # the transition model: from/to status, user, at, comment
    subject: str  # the log's foreign key to the object: "report", "nomination"
    #: may `user` do `capability` to the object? (`can()` on the object by default)
    permits: Callable = can
    #: inside atomic(): the object's row, locked (a new report is saved first)
    lock: Callable = _lock_row
    #: the fields a step saves (None: the whole row)
    saves: tuple[str, ...] | None = None

    def __post_init__(self):
        _WORKFLOWS[self.model] = self
        for action in self.actions:
            unknown = (action.sources | {action.target}) - set(self.statuses.values)
            if unknown:
                raise ValueError(f"{action.name}: unknown statuses {sorted(unknown)}")

    def action(self, name: str, obj=None) -> Action | None:
        """The action with this URL word (that applies to `obj`, when given)."""
        for action in self.actions:
            if action.name == name and (obj is None or action.applies_to(obj)):
                return action
        return None

    def allowed_actions(self, obj, user, *, in_scope: bool | None = None) -> list[Action]:
        """The steps `user` may take on `obj` now, in the table's order. `in_scope`: whether
        the object is in the user's write scope, when the caller already knows (a list asks
        once for its whole page)."""
        allowed = []
        for action in self.actions:
            if not action.applies_to(obj) or obj.status not in action.sources:
                continue
            if not can(user, action.capability):
                continue
            if in_scope is False or (
                in_scope is None and not self.permits(user, action.capability, obj)
            ):
                continue
            allowed.append(action)
        return allowed

    def perform(
        self,
        obj,
        action: Action | str,
        user,
        *,
        comment: str = "",
        at: datetime.datetime | None = None,
        check_access: bool = True,
    ):
        """Take the step `action` on `obj` as `user`; return the object as saved.

        Raises TransitionRefused (a Vietnamese message) when the step is not allowed from
        the status found under the lock or lacks its comment, PermissionDenied when the user
        may not do it to this object. `check_access=False` is for callers that have decided
        who acts themselves (the demo's history, where the office stands in for a village
        without a leader account); everything else runs the same.
        """
        if isinstance(action, str):
            # A step of another kind of object is refused like one from the wrong status.
            action = self.action(action, obj) or self.action(action)
            if action is None:
                raise LookupError(f"no such action for {obj!r}")
        at = at or timezone.now()
        comment = comment.strip()
        if check_access and not self.permits(user, action.capability, obj):
            raise PermissionDenied
        if action.needs_comment and not comment:
            raise TransitionRefused(action.missing_comment)
        if action.check:
            action.check(obj, at)
        with transaction.atomic():
            locked = self.lock(obj)
            if not action.applies_to(locked) or locked.status not in action.sources:
                raise TransitionRefused(action.refused % {"status": locked.get_status_display()})
            self.log._default_manager.create(
                **{self.subject: locked},
                from_status=locked.status,
                to_status=action.target,
                user=user,
                comment=comment,
                at=at,
            )
            locked.status = action.target
            if action.hook:
                action.hook(locked, user, at, comment)
            locked.save(update_fields=self.saves)
        return locked


#: model -> its workflow (filled as each workflow's module defines it)
_WORKFLOWS: dict[type[models.Model], Workflow] = {}


def workflow_of(obj) -> Workflow:
    try:
        return _WORKFLOWS[type(obj)]
    except KeyError:
        raise LookupError(f"{type(obj).__name__} has no workflow") from None


def perform(obj, action: Action | str, user, **details):
    """Take a step of `obj`'s workflow (see `Workflow.perform`)."""
    return workflow_of(obj).perform(obj, action, user, **details)


def allowed_actions(obj, user, **details) -> list[Action]:
    """The steps `user` may take on `obj` now (see `Workflow.allowed_actions`)."""
    return workflow_of(obj).allowed_actions(obj, user, **details)
