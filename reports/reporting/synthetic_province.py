"""A synthetic province for demos and benchmarks (issue 18): `build_province`.

Each commune is built by reports.kpis.synthetic.build_commune (bulk writes, as the benchmark
builds its commune) with realistic names (teams/names.py) and the data a commune would hold
today: from the plan's start (PLAN_START) to `as_of`. Sizes follow the benchmark's commune:
a village per 333 households, 10 members a village, 6 support visits a household.

Then its reports of the last three closed quarters, written through the workflow's services
(reports/reporting/workflow.py: frozen content, data-quality gate, transitions logged), by
the commune office's account and the Department's: most village team reports accepted,
some late, returned or missing; the commune reports in every state the Department sees:
sent on time or late, received, returned with a comment (and sent again), draft, missing.
The first communes take each `PATTERNS` row once, so that a province of three already shows
sent, received, returned and draft; the others draw theirs.

Safe to run again: communes are taken in the order the seed gives their names, and one the
province already has (by name) is left as it is.
"""

import datetime
import random
import time
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from binhdan.communes import province_of
from binhdan.quarters import FIRST_QUARTER, Quarter
from binhdan.text import fold
from reports.kpis.synthetic import build_commune
from reports.models import QuarterlyReport, ReportKind
from reports.reporting import demo, workflow
from teams import names
from teams.demo import COMMUNE as DEMO_COMMUNE
from teams.demo import DEMO_PASSWORD
from teams.models import Commune, Province, Role, User

#: The communes of `manage.py seed_demo` in the province, whose names are left to them.
DEMO_NAMES = (DEMO_COMMUNE["name"], *(name for _code, name, *_rest in demo.NEIGHBOURS))

#: The commune report of each of the three quarters, oldest first (see `_commune_report`).
PATTERNS = (
    ("received", "received", "sent"),
    ("received", "resent", "returned"),
    ("received_late", "received", "draft"),
    ("received", "received_late", "sent_late"),
    ("received", "returned", "missing"),
    ("received", "received", "received"),
)
#: What the Department asks a commune to correct ({village}: one of its villages).
DEPARTMENT_COMMENTS = (
    "Đề nghị xã bổ sung Phụ lục I: số liệu của {village} còn thiếu.",
    "Đề nghị xã rà soát số hộ được hỗ trợ cài đặt, kích hoạt VNeID cho khớp với báo cáo của "
    "các thôn, xóm.",
    "Báo cáo chưa nêu rõ khó khăn, vướng mắc và đề xuất; đề nghị xã bổ sung rồi gửi lại.",
)
#: A village team report's fate -> its chance, in the latest quarter and in the older ones.
VILLAGE_FATES = {
    "accepted": (0.70, 0.85),
    "accepted_late": (0.10, 0.08),
    "returned": (0.05, 0.0),
    "submitted": (0.07, 0.0),
    "missing": (0.08, 0.07),
}


def sizes(households: int) -> dict:
    """The benchmark commune's proportions (30 villages, 300 members and 60,000 visits for
    10,000 households), with 3 villages at least."""
    villages = min(max(round(households / 333), 3), 60)
    return {
        "villages": villages,
        "households": households,
        "members": villages * 10,
        "visits": households * 6,
    }


def commune_code(name: str) -> str:
    """A new commune's code from its name ("Minh Đức" -> "MINHDUC"), numbered when another
    province has taken it ("MINHDUC2")."""
    base = "".join(c for c in fold(name).upper() if c.isascii() and c.isalnum())[:18]
    code, number = base, 1
    while Commune.objects.filter(code=code).exists():
        number += 1
        code = f"{base}{number}"
    return code


def department_of(province: Province, password: str) -> User:
    """The province's Department account (the first one it has), made if it has none."""
    found = User.objects.filter(role=Role.DEPARTMENT, province=province).order_by("pk").first()
    if found:
        return found
    account = User(
        username=f"sokhcn-{province.code.lower()}",
        full_name=names.person(random.Random(province.code)),
        role=Role.DEPARTMENT,
        province=province,
        password=password,
    )
    account.full_clean()
    account.save()
    return account


def build_province(
    province_name: str,
    *,
    communes: int,
    households: int = 10_000,
    seed: int = 2026,
    last_quarter: Quarter | None = None,
    as_of: datetime.date | None = None,
    log: Callable[[str], None] | None = None,
) -> list[Commune]:
    """The province `province_name` with `communes` synthetic communes of `households`
    households each (those it already has are kept) and their reports, as of `as_of`
    (today: it may not be later, as the data-quality gate judges dates by today). Data over
    the 8 quarters that end with `last_quarter` (the quarter of `as_of`), from the plan's
    start. Returns the communes, in the order of their names' seed; `log` is told about each."""
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise ValueError(f"as_of ({as_of}) is after today ({today}).")
    last_quarter = last_quarter or Quarter.containing(as_of)
    if communes > names.COMMUNE_NAME_COUNT - len(DEMO_NAMES):
        raise ValueError(f"At most {names.COMMUNE_NAME_COUNT - len(DEMO_NAMES)} communes.")
    log = log or (lambda line: None)
    province = province_of(province_name)
    password = make_password(DEMO_PASSWORD)  # hashed once: the same for every account
    department = department_of(province, password)
    existing = {c.name: c for c in Commune.objects.filter(province=province)}
    quarters = _reported_quarters(as_of, last_quarter)
    built = []
    for index, name in enumerate(names.commune_names(random.Random(seed), DEMO_NAMES)):
        if index == communes:
            break
        if name in existing:
            log(f"{name}: already in the province, kept as it is")
            built.append(existing[name])
            continue
        rng = random.Random(f"{seed}-{index}")
        pattern = PATTERNS[index] if index < len(PATTERNS) else rng.choice(PATTERNS)
        started = time.perf_counter()
        with transaction.atomic():
            commune = build_commune(
                commune_code(name),
                **sizes(households),
                last_quarter=last_quarter,
                seed=seed + index,
                name=name,
                province=province.name,
                village_names=names.village_names(rng, sizes(households)["villages"]),
                person_name=lambda rng=rng: names.person(rng),
                as_of=as_of,
            )
            office = User.objects.create(
                username=f"vanphong-{commune.code.lower()}",
                full_name=f"Văn phòng UBND xã {name}",
                role=Role.OFFICE,
                commune=commune,
                password=password,
            )
            _analyze()
            data_done = time.perf_counter()
            for quarter, fate in zip(quarters, pattern[-len(quarters) :], strict=False):
                latest = quarter == quarters[-1]
                _village_reports(commune, quarter, office, rng, latest, as_of)
                _commune_report(commune, quarter, fate, office, department, rng, as_of)
        finished = time.perf_counter()
        log(
            f"{name} ({commune.code}): {sizes(households)['villages']} villages, "
            f"{households} households; data {data_done - started:.1f} s, "
            f"reports {finished - data_done:.1f} s"
        )
        built.append(commune)
    return built


def _analyze() -> None:
    """Planner statistics for the rows just written, which autovacuum gathers only later:
    without them PostgreSQL plans the reports' queries (quality rules, figures) as if the
    tables were empty, and writing the reports takes half as long again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _reported_quarters(as_of: datetime.date, last_quarter: Quarter) -> list[Quarter]:
    """The last three quarters closed on `as_of` (and not after `last_quarter`) since the
    plan's first, oldest first."""
    quarter = min(Quarter.containing(as_of), last_quarter.next()).previous()
    found = []
    while len(found) < 3 and quarter >= FIRST_QUARTER:
        found.insert(0, quarter)
        quarter = quarter.previous()
    return found


def _at(day: datetime.date, as_of: datetime.date, hour: int = 9) -> datetime.datetime:
    """A step's moment: `hour` o'clock on `day`, or on `as_of` if `day` is later."""
    return timezone.make_aware(datetime.datetime.combine(min(day, as_of), datetime.time(hour)))


def _village_reports(commune, quarter, office, rng, latest, as_of) -> None:
    """Each village team's report of `quarter`: submitted (on time by the 21st, or late)
    and accepted, returned or waiting, or missing. The office acts for the team's leader,
    who has no account here."""
    fates = list(VILLAGE_FATES)
    weights = [chances[0 if latest else 1] for chances in VILLAGE_FATES.values()]
    due = quarter.team_report_due()
    for village in commune.villages.order_by("code"):
        fate = rng.choices(fates, weights)[0]
        if fate == "missing":
            continue
        late = fate == "accepted_late"
        submitted = due + datetime.timedelta(days=rng.randint(1, 6) if late else -rng.randint(0, 7))
        report = workflow.save_narrative(
            workflow.report_for(commune, quarter, village),
            {
                "results": demo.RESULTS,
                "difficulties": demo.DIFFICULTIES,
                "proposals": demo.PROPOSALS,
                "number": quarter.number,
                "signer_title": "TỔ TRƯỞNG",
            },
        )
        report = workflow.submit(
            report, office, at=_at(submitted, as_of), explanation=demo.EXPLANATION
        )
        reviewed = _at(submitted + datetime.timedelta(days=rng.randint(1, 3)), as_of, 15)
        if fate.startswith("accepted"):
            workflow.accept(report, office, at=reviewed)
        elif fate == "returned":
            workflow.return_report(report, office, demo.RETURN_COMMENT, at=reviewed)


def _commune_report(commune, quarter, fate, office, department, rng, as_of) -> None:
    """The commune report of `quarter`, as `fate` says: "missing" (never written), "draft"
    (written, not sent), "sent" / "sent_late" (by the 26th or after it), "received" /
    "received_late" (and received by the Department), "returned" (with a comment), "resent"
    (returned, corrected, sent again and received)."""
    if fate == "missing":
        return
    report = workflow.save_narrative(
        workflow.report_for(commune, quarter),
        {
            "results": demo.RESULTS,
            "difficulties": demo.DIFFICULTIES,
            "proposals": demo.PROPOSALS,
            "number": 10 + quarter.number,
            "signer_name": names.person(rng),
            "signer_title": "PHÓ CHỦ TỊCH",
        },
    )
    if fate == "draft":
        return
    due = quarter.commune_report_due()
    late = fate.endswith("_late")
    sent = due + datetime.timedelta(days=rng.randint(2, 20) if late else -rng.randint(0, 6))
    report = workflow.send(report, office, at=_at(sent, as_of))
    if fate.startswith("sent"):
        return
    answered = sent + datetime.timedelta(days=rng.randint(1, 5))
    if fate.startswith("received"):
        workflow.receive(report, department, at=_at(answered, as_of, 15))
        return
    village = rng.choice(list(commune.villages.values_list("name", flat=True)))
    comment = rng.choice(DEPARTMENT_COMMENTS).format(village=village[0].lower() + village[1:])
    report = workflow.return_to_commune(report, department, comment, at=_at(answered, as_of, 15))
    if fate == "resent":
        again = answered + datetime.timedelta(days=rng.randint(2, 6))
        report = workflow.send(report, office, at=_at(again, as_of))
        workflow.receive(report, department, at=_at(again + datetime.timedelta(days=2), as_of, 15))


def commune_report_states(communes) -> dict[str, int]:
    """How many of `communes`' commune reports are in each status."""
    rows = (
        QuarterlyReport.objects.filter(kind=ReportKind.COMMUNE, commune__in=communes)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by("status")
    )
    return dict(rows)
