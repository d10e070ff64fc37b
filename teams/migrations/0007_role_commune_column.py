"""Each commune keeps its own role catalogue (issue 14, finding 7): the column first, empty;
0008 fills it, 0009 makes it required. Three migrations, so that PostgreSQL never changes a
table in the transaction that updated its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("teams", "0006_truthful_dates")]

    operations = [
        migrations.AddField(
            model_name="memberrole",
            name="commune",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="member_roles",
                to="teams.commune",
                verbose_name="commune",
            ),
        ),
        migrations.AlterField(
            model_name="memberrole",
            name="code",
            field=models.SlugField(max_length=40, verbose_name="code"),
        ),
    ]
