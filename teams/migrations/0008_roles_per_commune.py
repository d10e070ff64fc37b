"""Each commune keeps its own role catalogue (issue 14, finding 7).

The catalogue so far was shared by every commune. Its entries go to the first commune (the one
opened first); every other commune gets a copy of them, and its members are moved to the copy
of their role, matched by code, so that no member changes role and K2 counts as before. On a
database without communes (a new installation), the seeded entries go: each commune now gets
its own when it is opened (`binhdan.communes.open_commune`).
"""

from django.db import migrations


def distribute(apps, schema_editor):
    Commune = apps.get_model("teams", "Commune")
    MemberRole = apps.get_model("teams", "MemberRole")
    Member = apps.get_model("teams", "Member")
    communes = list(Commune.objects.order_by("pk"))
    if not communes:
        MemberRole.objects.all().delete()
        return
    first, *others = communes
    MemberRole.objects.update(commune=first)
    shared = list(MemberRole.objects.filter(commune=first))
    for commune in others:
        for role in shared:
            copy = MemberRole.objects.create(
                commune=commune,
                code=role.code,
                name=role.name,
                required_in_village_team=role.required_in_village_team,
                sort_order=role.sort_order,
                is_active=role.is_active,
            )
            Member.objects.filter(team__commune=commune, role=role).update(role=copy)


def gather(apps, schema_editor):
    """Back to one shared catalogue: the first commune's entries, every member moved to the
    entry of the same code (a role only another commune had stays as it is)."""
    Commune = apps.get_model("teams", "Commune")
    MemberRole = apps.get_model("teams", "MemberRole")
    Member = apps.get_model("teams", "Member")
    first = Commune.objects.order_by("pk").first()
    if first is None:
        return
    kept = {role.code: role for role in MemberRole.objects.filter(commune=first)}
    for role in MemberRole.objects.exclude(commune=first).order_by("pk"):
        if role.code not in kept:
            kept[role.code] = role
            continue
        Member.objects.filter(role=role).update(role=kept[role.code])
        role.delete()


class Migration(migrations.Migration):
    dependencies = [("teams", "0007_role_commune_column")]

    operations = [migrations.RunPython(distribute, gather, elidable=False)]
