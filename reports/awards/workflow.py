"""The emulation nominations' workflow (thi đua): proposed → submitted to the Department
(gửi Sở), or withdrawn (rút), by the commune office.

`NOMINATION_ACTIONS` is the table of its steps, run by the engine of reports/transitions.py
like the quarterly reports' (row lock, refusal with a Vietnamese message, a transition log:
`NominationTransition`). Every step also stamps who changed the status and when, as the
list of nominations shows it.
"""

from django.utils.translation import gettext_lazy as _

from binhdan.access import Capability
from reports.models import Nomination, NominationStatus, NominationTransition
from reports.transitions import Action, Workflow


def _stamp(nomination: Nomination, user, at, comment="") -> None:
    nomination.status_changed_by, nomination.status_changed_at = user, at


S = NominationStatus

#: The steps of an emulation nomination.
NOMINATION_ACTIONS = (
    Action(
        name="gui-so",
        label=_("Submit to the Department"),
        heading=_("Submit to the Department?"),
        sources=frozenset({S.PROPOSED}),
        target=S.SUBMITTED,
        capability=Capability.MANAGE_NOMINATIONS,
        question=_(
            "Mark the nomination of “%(name)s” for “%(title)s” as submitted to the "
            "Department? It can no longer be edited afterwards."
        ),
        confirm=_("Yes, submit"),
        done=_("The nomination was marked as submitted to the Department."),
        refused=_("Only a proposed nomination can be submitted."),
        hook=_stamp,
    ),
    Action(
        name="rut",
        label=_("Withdraw"),
        heading=_("Withdraw the nomination?"),
        style="danger",
        sources=frozenset({S.PROPOSED, S.SUBMITTED}),
        target=S.WITHDRAWN,
        capability=Capability.MANAGE_NOMINATIONS,
        question=_(
            "Withdraw the nomination of “%(name)s” for “%(title)s”? It stays in the list as "
            "withdrawn."
        ),
        confirm=_("Yes, withdraw"),
        done=_("The nomination was withdrawn."),
        refused=_("The nomination is already withdrawn."),
        hook=_stamp,
    ),
)

NOMINATIONS = Workflow(
    model=Nomination,
    statuses=NominationStatus,
    actions=NOMINATION_ACTIONS,
    log=NominationTransition,
    subject="nomination",
    saves=("status", "status_changed_by", "status_changed_at"),
)
