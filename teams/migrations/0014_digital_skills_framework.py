"""The areas of the basic digital skills framework (Khung kiến thức, kỹ năng số cơ bản,
Quyết định 757/QĐ-BKHCN of 29/4/2025, Phụ lục I), which training topics map to.

The framework groups its skills in domains numbered from 0 (using the device and its
software) to 6 (applying artificial intelligence); the names below are those domains' in
short. The catalogue is editable in the admin (a province may word them as its own plan
does), and so is each topic's mapping: the one seeded for the plan's six topics is a
starting point.
"""

from django.db import migrations, models

AREAS = [
    (0, "Sử dụng thiết bị số và phần mềm trên thiết bị"),
    (1, "Khai thác dữ liệu và thông tin"),
    (2, "Giao tiếp và hợp tác trong môi trường số"),
    (3, "Sáng tạo nội dung số"),
    (4, "An toàn (an toàn thông tin, bảo vệ dữ liệu cá nhân, sức khỏe)"),
    (5, "Giải quyết vấn đề"),
    (6, "Ứng dụng trí tuệ nhân tạo"),
]

#: The plan's six topics (teams 0003) and the areas each teaches.
TOPIC_AREAS = {1: [1], 2: [0, 5], 3: [1, 4], 4: [4, 5], 5: [4], 6: [0, 2]}


def seed(apps, schema_editor):
    Area = apps.get_model("teams", "DigitalSkillArea")
    Topic = apps.get_model("teams", "TrainingTopic")
    areas = {}
    for number, name in AREAS:
        areas[number], _created = Area.objects.get_or_create(number=number, defaults={"name": name})
    for topic in Topic.objects.filter(number__in=TOPIC_AREAS):
        topic.skill_areas.add(*(areas[n] for n in TOPIC_AREAS[topic.number]))


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0013_allowances'),
    ]

    operations = [
        migrations.CreateModel(
            name='DigitalSkillArea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                ('name', models.CharField(max_length=250, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='in use')),
            ],
            options={
                'verbose_name': 'digital skills area',
                'verbose_name_plural': 'digital skills areas',
                'ordering': ['number'],
            },
        ),
        migrations.AddField(
            model_name='trainingtopic',
            name='skill_areas',
            field=models.ManyToManyField(blank=True, related_name='topics', to='teams.digitalskillarea', verbose_name='digital skills areas (757/QĐ-BKHCN)'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
