"""Each commune keeps its own digital platforms and kinds of support (issue 14, finding 7):
the columns first, empty; 0009 fills them, 0010 makes them required. Three migrations, so
that PostgreSQL never changes a table in the transaction that updated its rows."""

from django.db import migrations, models


def commune_column(related_name):
    return models.ForeignKey(
        null=True,
        on_delete=models.deletion.CASCADE,
        related_name=related_name,
        to="teams.commune",
        verbose_name="commune",
    )


class Migration(migrations.Migration):
    dependencies = [("households", "0007_truthful_dates"), ("teams", "0009_role_commune_required")]

    operations = [
        migrations.AddField(
            model_name="platform", name="commune", field=commune_column("platforms")
        ),
        migrations.AddField(
            model_name="supporttype", name="commune", field=commune_column("support_types")
        ),
        migrations.AlterField(
            model_name="platform",
            name="code",
            field=models.SlugField(max_length=40, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="supporttype",
            name="code",
            field=models.SlugField(max_length=40, verbose_name="code"),
        ),
    ]
