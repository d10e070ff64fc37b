"""A platform's and a kind of support's commune is required; a code is unique in a commune."""

from django.db import migrations, models


def commune_column(related_name):
    return models.ForeignKey(
        on_delete=models.deletion.CASCADE,
        related_name=related_name,
        to="teams.commune",
        verbose_name="commune",
    )


class Migration(migrations.Migration):
    dependencies = [("households", "0009_catalogues_per_commune")]

    operations = [
        migrations.AlterField(
            model_name="platform", name="commune", field=commune_column("platforms")
        ),
        migrations.AlterField(
            model_name="supporttype", name="commune", field=commune_column("support_types")
        ),
        migrations.AddConstraint(
            model_name="platform",
            constraint=models.UniqueConstraint(
                fields=("commune", "code"), name="platform_code_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="supporttype",
            constraint=models.UniqueConstraint(
                fields=("commune", "code"), name="support_type_code_unique"
            ),
        ),
    ]
