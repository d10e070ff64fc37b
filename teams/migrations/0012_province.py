"""Provinces: the commune's province, a name until now, becomes a row of its own (the
Department of Science and Technology of a province receives its communes' reports), and a
role for the Department's staff. Each distinct province name becomes a province (code: the
name's letters without diacritics, e.g. THAINGUYEN); a commune without one keeps none."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def province_code(name: str) -> str:
    from binhdan.text import fold

    letters = "".join(c for c in fold(name).upper() if c.isascii() and c.isalnum())
    return (letters or "TINH")[:20].ljust(2, "0")


def provinces_from_names(apps, schema_editor):
    Commune = apps.get_model("teams", "Commune")
    Province = apps.get_model("teams", "Province")
    for commune in Commune.objects.exclude(province=""):
        name = " ".join(commune.province.split())
        province = Province.objects.filter(name=name).first()
        if province is None:
            code, n = province_code(name), 1
            while Province.objects.filter(code=code).exists():
                n += 1
                code = f"{province_code(name)[:17]}-{n}"
            province = Province.objects.create(code=code, name=name)
        commune.province_row = province
        commune.save(update_fields=["province_row"])


def names_from_provinces(apps, schema_editor):
    Commune = apps.get_model("teams", "Commune")
    for commune in Commune.objects.select_related("province_row"):
        commune.province = commune.province_row.name if commune.province_row else ""
        commune.save(update_fields=["province"])


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0011_user_must_change_password'),
        # After every migration that reads communes as they were (their province a name),
        # so that going back undoes this one first.
        ('households', '0015_first_reached_on'),
    ]

    operations = [
        migrations.CreateModel(
            name='Province',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z0-9_-]{2,20}$', "Use 2 to 20 capital letters, digits, '-' or '_' (for example LM01).")], verbose_name='code')),
                ('name', models.CharField(help_text='For example: Thái Nguyên', max_length=100, unique=True, verbose_name='name')),
            ],
            options={
                'verbose_name': 'province',
                'verbose_name_plural': 'provinces',
                'ordering': ['name'],
            },
        ),
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(blank=True, choices=[('office', 'Commune office staff'), ('leader', 'Village team leader'), ('member', 'Team member'), ('leadership', 'Commune leadership'), ('police', 'Commune police'), ('department', 'Department of Science and Technology staff')], max_length=20, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='user',
            name='province',
            field=models.ForeignKey(blank=True, help_text="Required for the Department's staff, and only for them.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='teams.province', verbose_name='province'),
        ),
        migrations.AddField(
            model_name='commune',
            name='province_row',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='teams.province', verbose_name='province'),
        ),
        migrations.RunPython(provinces_from_names, names_from_provinces),
        migrations.RemoveField(model_name='commune', name='province'),
        migrations.RenameField(model_name='commune', old_name='province_row', new_name='province'),
    ]
