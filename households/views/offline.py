"""Field work without a signal (issue 19): what a phone keeps to log visits offline, and the
endpoint its outbox sends them to.

`offline_data` is the household list and catalogues the visit form needs offline (only the
user's write scope, only what the form shows). `visit_sync` takes one visit, as JSON, with
the id the phone gave it: the visit form's own validation (`SupportVisitForm`) and service
(`save_visit`: capability, village scope, tallies) decide, exactly as for the form; the id
makes a second send of the same visit (after a timeout) answer "already stored" instead of
storing it twice. Every answer is JSON the phone understands: 201 saved, 200 already stored,
400 unreadable, 401 logged out (the outbox is kept; log in again), 403 not allowed, 409 id
taken by someone else's visit, 422 refused with a Vietnamese reason per field.
"""

import json
import uuid

from django.db import IntegrityError, transaction
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from binhdan.access import Capability, can, capability_required, villages_for
from households.forms import SupportVisitForm
from households.models import Household, Platform, SupportType, SupportVisit
from households.services import save_visit
from teams.models import Member

C = Capability

LOGIN_AGAIN = gettext_lazy(
    "Your session has ended: log in again. The visits waiting on this phone are kept."
)
NOT_ALLOWED = gettext_lazy("Your account may not log support visits.")
UNREADABLE = gettext_lazy("The visit could not be read: log it again on the visit form.")
NO_CLIENT_ID = gettext_lazy("The visit has no id from the phone: log it again.")
ID_TAKEN = gettext_lazy("Another visit was stored with this id: delete this one and log it again.")
SAVED = gettext_lazy("The support visit was saved.")
ALREADY = gettext_lazy("This support visit was already stored.")
REFUSED = gettext_lazy("The support visit was not saved: correct it or delete it.")
HOUSEHOLD_DELETED = gettext_lazy(
    "This household was deleted from the registry: choose another or write a walk-in name."
)
HOUSEHOLD_MOVED = gettext_lazy(
    "This household is no longer in your village (it moved to another village)."
)
HOUSEHOLD_OUTSIDE = gettext_lazy("Choose a household of your village.")
MEMBER_LEFT = gettext_lazy("This member has left the team: choose another member.")
MEMBER_OUTSIDE = gettext_lazy("Choose a member of your team.")
NOT_YOUR_NAME = gettext_lazy("You log support visits in your own name only.")

#: The fields of the visit form a phone sends (the household search box is not one).
SCALARS = ("member", "date", "household", "walk_in_name", "method", "people_helped", "notes")
LISTS = ("support_types", "platforms_now_used")


def _answer(status: int, state: str, message, **extra) -> JsonResponse:
    return JsonResponse({"status": state, "message": str(message), **extra}, status=status)


@capability_required(C.LOG_VISITS)
def offline_data(request):
    """The households the user may log visits for (id, head's name, village: no address, no
    phone) and the commune's kinds of support and platforms in use: the visit form's choices
    when there is no signal. The service worker keeps it and refreshes it on each online
    visit (templates/service-worker.js)."""
    user = request.user
    households = (
        Household.objects.for_user(user, write=True)
        .in_list_order()
        .values_list("pk", "head_name", "village__name")
    )
    support_types = SupportType.objects.for_user(user).filter(is_active=True)
    platforms = Platform.objects.for_user(user).filter(is_active=True)
    return JsonResponse(
        {
            "user": user.pk,
            "households": [list(row) for row in households],
            "support_types": list(support_types.values_list("pk", "name")),
            "platforms": list(platforms.values_list("pk", "name")),
        }
    )


@require_POST
def visit_sync(request):
    """Store one visit logged offline (JSON body: the visit form's fields and `client_id`)."""
    user = request.user
    if not user.is_authenticated:
        return _answer(401, "login", LOGIN_AGAIN)
    if not can(user, C.LOG_VISITS):
        return _answer(403, "forbidden", NOT_ALLOWED)
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return _answer(400, "unreadable", UNREADABLE)
    try:
        client_id = uuid.UUID(str(body.get("client_id")))
    except ValueError:
        return _answer(400, "unreadable", NO_CLIENT_ID)

    stored = _stored(client_id, user)
    if stored is not None:
        return stored
    form = SupportVisitForm(_form_data(body), user=user)
    form.is_valid()
    errors = _reasons(form, body, user)
    if errors:
        return _answer(422, "refused", REFUSED, errors=errors)
    visit = form.save(commit=False)
    visit.client_id = client_id
    try:
        with transaction.atomic():
            save_visit(
                visit,
                user,
                support_types=form.cleaned_data["support_types"],
                platforms=form.cleaned_data["platforms_now_used"],
            )
    except IntegrityError:
        # The same visit, sent again while its first send was still being stored.
        stored = _stored(client_id, user)
        if stored is None:
            raise
        return stored
    return _answer(201, "saved", SAVED, visit=visit.pk, client_id=str(client_id))


def stored_under(client_id, user) -> int | None:
    """The visit already stored under the phone's `client_id`: its id when `user` stored it,
    TAKEN when someone else did, None when there is none yet."""
    found = SupportVisit.objects.filter(client_id=client_id).values_list("pk", "created_by_id")
    found = found.first()
    if found is None:
        return None
    pk, created_by = found
    return pk if created_by == user.pk else TAKEN


#: `stored_under`'s answer for an id already used by another user's visit.
TAKEN = -1


def _stored(client_id, user) -> JsonResponse | None:
    """The answer for a visit already stored under `client_id`, or None."""
    pk = stored_under(client_id, user)
    if pk is None:
        return None
    if pk == TAKEN:
        return _answer(409, "taken", ID_TAKEN)
    return _answer(200, "already", ALREADY, visit=pk, client_id=str(client_id))


def _form_data(body: dict) -> QueryDict:
    """The JSON body as the visit form's POST would carry it."""
    data = QueryDict(mutable=True)
    for name in SCALARS:
        value = body.get(name)
        if value is not None and not isinstance(value, (dict, list)):
            data[name] = str(value)
    for name in LISTS:
        values = body.get(name) or []
        if isinstance(values, list):
            data.setlist(name, [str(v) for v in values if not isinstance(v, (dict, list))])
    return data


def _id(value) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


def _reasons(form, body: dict, user) -> dict[str, list[str]]:
    """The form's errors by field, a household or member it could not choose explained
    (deleted, moved, left the team) instead of "choose a valid option". Only households
    that were once in the user's villages are explained: no other id is told apart."""
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    household_id = _id(body.get("household"))
    in_scope = Household.objects.for_user(user, write=True)
    if (
        "household" in errors
        and household_id is not None
        and not in_scope.filter(pk=household_id).exists()
    ):
        known = Household.history.filter(
            id=household_id, village__in=villages_for(user, write=True)
        )
        if known.filter(history_type="-").exists():
            errors["household"] = [str(HOUSEHOLD_DELETED)]
        elif known.exists():
            errors["household"] = [str(HOUSEHOLD_MOVED)]
        else:
            errors["household"] = [str(HOUSEHOLD_OUTSIDE)]
    member_error = _member_reason(form, body, user)
    if member_error:
        errors["member"] = [str(member_error)]
    return errors


def _member_reason(form, body, user):
    """Why the member the phone named cannot log this visit, or None."""
    member_id = _id(body.get("member"))
    if form.fields["member"].disabled:
        # A team member logs visits as themselves: the form ignores the member a POST names;
        # the phone is told rather than the visit moved to their name.
        own = Member.objects.filter(user=user).first()
        if member_id is not None and (own is None or own.pk != member_id):
            return NOT_YOUR_NAME
        if own is not None and not own.is_active:
            return MEMBER_LEFT
        return None
    if "member" not in form.errors or member_id is None:
        return None
    if Member.objects.for_user(user, write=True).filter(pk=member_id).exists():
        return MEMBER_LEFT
    return MEMBER_OUTSIDE
