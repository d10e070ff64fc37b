"""Build a realistic province for demos and benchmarks.

    python manage.py seed_province [--communes 10] [--province "Thái Nguyên"]
                                   [--households 10000] [--seed 2026]

Communes with realistic names, their villages, teams, members, households, support visits,
activity days and trainings since the plan began, and their quarterly reports in every state
of the workflow (reports/reporting/synthetic_province.py); an office account per commune and
the province's Department account if it has none. Safe to run again: the communes already
there are kept.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from reports.reporting.synthetic_province import build_province, commune_report_states
from teams.demo import DEMO_PASSWORD
from teams.models import Role, User


class Command(BaseCommand):
    help = "Build a province of synthetic communes with their reports (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=10, help="communes (default 10)")
        parser.add_argument(
            "--province", default="Thái Nguyên", help="the province's name (default Thái Nguyên)"
        )
        parser.add_argument(
            "--households", type=int, default=10_000, help="households a commune (default 10000)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args, **options):
        if options["communes"] < 1 or options["households"] < 1:
            raise CommandError("--communes and --households must be at least 1.")
        province = " ".join(options["province"].split())
        had_department = User.objects.filter(role=Role.DEPARTMENT, province__name=province).exists()
        started = time.perf_counter()
        try:
            communes = build_province(
                province,
                communes=options["communes"],
                households=options["households"],
                seed=options["seed"],
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        states = commune_report_states(communes)
        self.stdout.write(
            f"Province {province}: {len(communes)} communes in {seconds:.1f} s; commune "
            "reports: " + ", ".join(f"{count} {status}" for status, count in states.items())
        )
        department = (
            User.objects.filter(role=Role.DEPARTMENT, province=communes[0].province)
            .order_by("pk")
            .first()
        )
        office = User.objects.filter(role=Role.OFFICE, commune__in=communes).order_by("pk").first()
        password = "its own password" if had_department else f"password: {DEMO_PASSWORD}"
        offices = (
            f"; a commune's office as vanphong-<commune code>, e.g. {office.username} "
            f"(password: {DEMO_PASSWORD})"
            if office
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"The Department logs in as {department.username} ({password}){offices}."
            )
        )
