"""Households are listed in Vietnamese order of their head's name (Household.sort_key)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0005_identity_keys_and_phones"),
        ("teams", "0005_ordering"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="household",
            options={
                "ordering": ["village", "sort_key", "pk"],
                "verbose_name": "household",
                "verbose_name_plural": "households",
            },
        ),
    ]
