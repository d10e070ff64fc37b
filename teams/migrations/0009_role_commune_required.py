"""The role catalogue's commune is required, and a code is unique within a commune."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("teams", "0008_roles_per_commune")]

    operations = [
        migrations.AlterField(
            model_name="memberrole",
            name="commune",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="member_roles",
                to="teams.commune",
                verbose_name="commune",
            ),
        ),
        migrations.AddConstraint(
            model_name="memberrole",
            constraint=models.UniqueConstraint(
                fields=("commune", "code"), name="member_role_code_unique"
            ),
        ),
    ]
