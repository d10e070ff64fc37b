"""A household's size, the people helped in a visit and an OCOP product's stars within their
bounds (households.models: HOUSEHOLD_SIZE, PEOPLE_HELPED, OCOP_STARS), checked by the
database too.

Rows already out of bounds are not changed: a household of 0 or 120 people, a visit that
helped 0 or 500, a product of 1 or 7 stars is a mistake only the commune can correct
(clamping 120 to 99 would store another wrong figure as if it were checked). So the
migration stops before adding the checks, saying how many rows of each table are out of
bounds and their ids (no names): correct them (the previous version's admin or forms
accept them) and migrate again. The bounds are written out here, frozen at this migration.
"""

import binhdan.bounds
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Q

OUT_OF_BOUNDS = [
    ("Household", ~Q(people_count__gte=1, people_count__lte=99), "number of people, 1 to 99"),
    ("SupportVisit", ~Q(people_helped__gte=1, people_helped__lte=99), "people helped, 1 to 99"),
    ("OcopProduct", Q(stars__lt=3) | Q(stars__gt=5), "OCOP stars, 3 to 5 or empty"),
]


def refuse_rows_out_of_bounds(apps, schema_editor):
    found = []
    for model_name, outside, rule in OUT_OF_BOUNDS:
        model = apps.get_model("households", model_name)
        ids = list(model.objects.filter(outside).order_by("pk").values_list("pk", flat=True))
        if ids:
            shown = ", ".join(map(str, ids[:20])) + (", ..." if len(ids) > 20 else "")
            found.append(f"{model._meta.db_table}: {len(ids)} out of bounds ({rule}), ids {shown}")
    if found:
        raise CommandError(
            "Some rows are out of the bounds this migration makes the database check; "
            "correct them and migrate again.\n" + "\n".join(found)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0010_catalogue_commune_required'),
    ]

    operations = [
        migrations.RunPython(refuse_rows_out_of_bounds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalhousehold',
            name='people_count',
            field=models.PositiveSmallIntegerField(default=1, validators=[binhdan.bounds.Bounds(1, 99, 'A household has %(lowest)s to %(highest)s people.')], verbose_name='number of people'),
        ),
        migrations.AlterField(
            model_name='historicalsupportvisit',
            name='people_helped',
            field=models.PositiveSmallIntegerField(default=1, validators=[binhdan.bounds.Bounds(1, 99, 'A visit helps %(lowest)s to %(highest)s people.')], verbose_name='people helped'),
        ),
        migrations.AlterField(
            model_name='household',
            name='people_count',
            field=models.PositiveSmallIntegerField(default=1, validators=[binhdan.bounds.Bounds(1, 99, 'A household has %(lowest)s to %(highest)s people.')], verbose_name='number of people'),
        ),
        migrations.AlterField(
            model_name='ocopproduct',
            name='stars',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[binhdan.bounds.Bounds(3, 5, 'OCOP products are rated %(lowest)s to %(highest)s stars.')], verbose_name='OCOP stars'),
        ),
        migrations.AlterField(
            model_name='supportvisit',
            name='people_helped',
            field=models.PositiveSmallIntegerField(default=1, validators=[binhdan.bounds.Bounds(1, 99, 'A visit helps %(lowest)s to %(highest)s people.')], verbose_name='people helped'),
        ),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.CheckConstraint(condition=models.Q(('people_count__gte', 1), ('people_count__lte', 99)), name='household_size_bounds'),
        ),
        migrations.AddConstraint(
            model_name='ocopproduct',
            constraint=models.CheckConstraint(condition=models.Q(('stars__isnull', True), models.Q(('stars__gte', 3), ('stars__lte', 5)), _connector='OR'), name='ocop_stars_bounds'),
        ),
        migrations.AddConstraint(
            model_name='supportvisit',
            constraint=models.CheckConstraint(condition=models.Q(('people_helped__gte', 1), ('people_helped__lte', 99)), name='people_helped_bounds'),
        ),
    ]
