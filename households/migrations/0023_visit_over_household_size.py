"""Whether a support visit helped more people than its household has (data-quality rule
CL09), stored on the visit. The existing visits are marked here with the historical models,
in one UPDATE, rather than through households/services.py, so that later changes to that
module cannot change what this migration does."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_visits(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    SupportVisit = apps.get_model("households", "SupportVisit")
    smaller = Household.objects.filter(
        pk=OuterRef("household_id"), people_count__lt=OuterRef("people_helped")
    )
    SupportVisit.objects.filter(Exists(smaller)).update(over_household_size=True)


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0022_household_first_reached_index'),
        ('teams', '0014_digital_skills_framework'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='supportvisit',
            name='over_household_size',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_visits, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='supportvisit',
            index=models.Index(condition=models.Q(('over_household_size', True)), fields=['team', 'date'], name='visit_over_household_size'),
        ),
    ]
