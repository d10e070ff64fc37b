"""Each commune keeps its own digital platforms and kinds of support (issue 14, finding 7).

The two catalogues so far were shared by every commune. Their entries go to the first commune
(the one opened first); every other commune gets a copy, and what of that commune used an entry
moves to the copy with the same code: households' platforms (K8), OCOP listings (K9) and the
kinds of support of visits, their history included. No figure changes. On a database without
communes (a new installation), the seeded entries go: each commune now gets its own when it
is opened (`binhdan.communes.open_commune`).
"""

from django.db import migrations


def _copy(model, entry, commune, fields):
    return model.objects.create(
        commune=commune, **{name: getattr(entry, name) for name in ("code", *fields)}
    )


def distribute(apps, schema_editor):
    Commune = apps.get_model("teams", "Commune")
    Platform = apps.get_model("households", "Platform")
    SupportType = apps.get_model("households", "SupportType")
    HouseholdPlatform = apps.get_model("households", "HouseholdPlatform")
    Listing = apps.get_model("households", "OcopProduct").listed_on.through
    Given = apps.get_model("households", "SupportVisit").support_types.through
    GivenHistory = apps.get_model("households", "HistoricalSupportVisit_support_types")
    communes = list(Commune.objects.order_by("pk"))
    if not communes:
        Platform.objects.all().delete()
        SupportType.objects.all().delete()
        return
    first, *others = communes
    Platform.objects.update(commune=first)
    SupportType.objects.update(commune=first)
    platforms = list(Platform.objects.filter(commune=first))
    support_types = list(SupportType.objects.filter(commune=first))
    for commune in others:
        for platform in platforms:
            fields = ("name", "is_essential", "is_ecommerce", "sort_order", "is_active")
            copy = _copy(Platform, platform, commune, fields)
            HouseholdPlatform.objects.filter(
                household__village__commune=commune, platform=platform
            ).update(platform=copy)
            Listing.objects.filter(ocopproduct__commune=commune, platform=platform).update(
                platform=copy
            )
        for support_type in support_types:
            copy = _copy(SupportType, support_type, commune, ("name", "sort_order", "is_active"))
            Given.objects.filter(supportvisit__team__commune=commune, supporttype=support_type).update(
                supporttype=copy
            )
            GivenHistory.objects.filter(
                history__team__commune=commune, supporttype=support_type
            ).update(supporttype=copy)


def gather(apps, schema_editor):
    """Back to shared catalogues: the first commune's entries, what used another commune's
    copy moved to the entry of the same code (one only another commune had stays)."""
    Commune = apps.get_model("teams", "Commune")
    Platform = apps.get_model("households", "Platform")
    SupportType = apps.get_model("households", "SupportType")
    HouseholdPlatform = apps.get_model("households", "HouseholdPlatform")
    Listing = apps.get_model("households", "OcopProduct").listed_on.through
    Given = apps.get_model("households", "SupportVisit").support_types.through
    GivenHistory = apps.get_model("households", "HistoricalSupportVisit_support_types")
    first = Commune.objects.order_by("pk").first()
    if first is None:
        return
    kept = {p.code: p for p in Platform.objects.filter(commune=first)}
    for platform in Platform.objects.exclude(commune=first).order_by("pk"):
        if platform.code not in kept:
            kept[platform.code] = platform
            continue
        HouseholdPlatform.objects.filter(platform=platform).update(platform=kept[platform.code])
        Listing.objects.filter(platform=platform).update(platform=kept[platform.code])
        platform.delete()
    kept = {t.code: t for t in SupportType.objects.filter(commune=first)}
    for support_type in SupportType.objects.exclude(commune=first).order_by("pk"):
        if support_type.code not in kept:
            kept[support_type.code] = support_type
            continue
        Given.objects.filter(supporttype=support_type).update(supporttype=kept[support_type.code])
        GivenHistory.objects.filter(supporttype=support_type).update(
            supporttype=kept[support_type.code]
        )
        support_type.delete()


class Migration(migrations.Migration):
    dependencies = [("households", "0008_catalogue_commune_columns")]

    operations = [migrations.RunPython(distribute, gather, elidable=False)]
