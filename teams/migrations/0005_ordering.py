"""Members are listed in Vietnamese order of their name (Member.sort_key), given name first;
households 0006 computes every stored key again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0004_member_sort_key"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="member",
            options={
                "ordering": ["team", "-is_leader", "sort_key", "pk"],
                "verbose_name": "team member",
                "verbose_name_plural": "team members",
            },
        ),
    ]
