"""Keep the tallies (reports/kpis/tallies.py) right on every save and delete that changes them.

What changes what:
- a support visit: its team's visits; its household's village (first reached);
- a household: its village (and the one it left); when its priority flags change or it is
  deleted (its visits stay, without it), the teams that visited it;
- a platform record (HouseholdPlatform, saved or added with household.platforms.add): its
  household's village; a platform becoming or ceasing to be essential (or VNeID): every
  village;
- a communication activity (its date, the households it names, the villages it reaches):
  those villages;
- a bulk write of the households app (households.signals.written_in_bulk): those villages
  and the teams that visited their households.
Only the household writes recount the member tallies (K4, from the households' history): the
others cannot change who is in charge of a household (`assignments=False`).
Loading fixtures (`raw`) is left alone: whoever loads them rebuilds the tallies.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from households import queries as household_queries
from households.models import (
    CommunicationActivity,
    Household,
    HouseholdPlatform,
    Platform,
    SupportVisit,
)
from households.signals import written_in_bulk
from reports.kpis import tallies
from teams.models import Village


def _village_of(household_id) -> int | None:
    if household_id is None:
        return None
    return Household.objects.filter(pk=household_id).values_list("village_id", flat=True).first()


# --- support visits ---------------------------------------------------------------------------


@receiver(pre_save, sender=SupportVisit, dispatch_uid="tallies_visit_before")
def _visit_before(sender, instance, raw=False, **kwargs):
    instance._tallied = (
        SupportVisit.objects.filter(pk=instance.pk).values_list("team_id", "household_id").first()
        if instance.pk and not raw
        else None
    )


@receiver(post_save, sender=SupportVisit, dispatch_uid="tallies_visit_saved")
@receiver(post_delete, sender=SupportVisit, dispatch_uid="tallies_visit_deleted")
def _visit_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    team_before, household_before = getattr(instance, "_tallied", None) or (None, None)
    villages = {_village_of(instance.household_id)}
    if household_before != instance.household_id:
        villages.add(_village_of(household_before))
    tallies.refresh(villages=villages, teams=[instance.team_id, team_before], assignments=False)


@receiver(written_in_bulk, dispatch_uid="tallies_written_in_bulk")
def _written_in_bulk(sender, villages, **kwargs):
    households = Household.objects.filter(village_id__in=villages)
    tallies.refresh(villages=villages, teams=tallies.teams_visiting(households))


# --- households -------------------------------------------------------------------------------


@receiver(pre_save, sender=Household, dispatch_uid="tallies_household_before")
def _household_before(sender, instance, raw=False, **kwargs):
    instance._tallied = (
        Household.objects.filter(pk=instance.pk)
        .values_list("village_id", "has_elderly", "has_no_device")
        .first()
        if instance.pk and not raw
        else None
    )


@receiver(post_save, sender=Household, dispatch_uid="tallies_household_saved")
def _household_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_tallied", None)
    teams = []
    if before and before[1:] != (instance.has_elderly, instance.has_no_device):
        teams = tallies.teams_visiting([instance.pk])
    tallies.refresh(villages=[instance.village_id, before and before[0]], teams=teams)


@receiver(pre_delete, sender=Household, dispatch_uid="tallies_household_deleting")
def _household_deleting(sender, instance, **kwargs):
    instance._tallied_teams = tallies.teams_visiting([instance.pk])


@receiver(post_delete, sender=Household, dispatch_uid="tallies_household_deleted")
def _household_deleted(sender, instance, **kwargs):
    tallies.refresh(villages=[instance.village_id], teams=getattr(instance, "_tallied_teams", []))


# --- platforms --------------------------------------------------------------------------------


@receiver(post_save, sender=HouseholdPlatform, dispatch_uid="tallies_platform_record_saved")
@receiver(post_delete, sender=HouseholdPlatform, dispatch_uid="tallies_platform_record_deleted")
def _platform_record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        tallies.refresh(villages=[_village_of(instance.household_id)], assignments=False)


@receiver(m2m_changed, sender=HouseholdPlatform, dispatch_uid="tallies_platforms_of_household")
def _platforms_of_household_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """household.platforms.add(...) writes HouseholdPlatform rows without their own signals."""
    if action == "pre_clear" and reverse:  # platform.households.clear()
        instance._tallied_villages = set(
            Household.objects.filter(platforms=instance).values_list("village_id", flat=True)
        )
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            villages = [instance.village_id]
        elif pk_set is not None:
            villages = Household.objects.filter(pk__in=pk_set).values_list("village_id", flat=True)
        else:
            villages = getattr(instance, "_tallied_villages", ())
        tallies.refresh(villages=villages, assignments=False)


def _platform_counts_as(platform) -> tuple:
    """What of a platform the village tallies depend on."""
    return (platform.is_essential, household_queries.is_vneid(platform))


@receiver(pre_save, sender=Platform, dispatch_uid="tallies_platform_before")
def _platform_before(sender, instance, raw=False, **kwargs):
    before = Platform.objects.filter(pk=instance.pk).first() if instance.pk and not raw else None
    instance._tallied = _platform_counts_as(before) if before else None


@receiver(post_save, sender=Platform, dispatch_uid="tallies_platform_saved")
def _platform_saved(sender, instance, raw=False, created=False, **kwargs):
    # A new platform has no household yet; a new name or order changes no count.
    before = getattr(instance, "_tallied", None)
    if not raw and not created and before != _platform_counts_as(instance):
        tallies.refresh(villages=Village.objects.values_list("pk", flat=True), assignments=False)


# --- communication activities -----------------------------------------------------------------


def _activity_villages(activity) -> set[int]:
    villages = set(activity.villages.values_list("pk", flat=True))
    villages |= set(activity.households.values_list("village_id", flat=True))
    return villages


@receiver(post_save, sender=CommunicationActivity, dispatch_uid="tallies_activity_saved")
def _activity_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:  # a new activity reaches nobody until its lists are set
        tallies.refresh(villages=_activity_villages(instance), assignments=False)


@receiver(pre_delete, sender=CommunicationActivity, dispatch_uid="tallies_activity_deleting")
def _activity_deleting(sender, instance, **kwargs):
    instance._tallied_villages = _activity_villages(instance)


@receiver(post_delete, sender=CommunicationActivity, dispatch_uid="tallies_activity_deleted")
def _activity_deleted(sender, instance, **kwargs):
    tallies.refresh(villages=getattr(instance, "_tallied_villages", ()), assignments=False)


def _villages_touched(sender, instance, reverse: bool, pk_set) -> set[int]:
    """The villages whose reach a change to an activity's list of households (or of villages)
    touches; pk_set None: the whole list, about to be cleared."""
    if sender is CommunicationActivity.households.through:
        if reverse:  # from the household's side: household.communications.add(...)
            return {instance.village_id}
        households = (
            instance.households.all() if pk_set is None else Household.objects.filter(pk__in=pk_set)
        )
        return set(households.values_list("village_id", flat=True))
    if reverse:  # from the village's side: village.communications.add(...)
        return {instance.pk}
    return set(instance.villages.values_list("pk", flat=True) if pk_set is None else pk_set)


@receiver(
    m2m_changed,
    sender=CommunicationActivity.households.through,
    dispatch_uid="tallies_activity_households",
)
@receiver(
    m2m_changed,
    sender=CommunicationActivity.villages.through,
    dispatch_uid="tallies_activity_villages",
)
def _activity_lists_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        instance._tallied_villages = _villages_touched(sender, instance, reverse, None)
    elif action == "post_clear":
        tallies.refresh(villages=getattr(instance, "_tallied_villages", ()), assignments=False)
    elif action in ("post_add", "post_remove"):
        tallies.refresh(
            villages=_villages_touched(sender, instance, reverse, pk_set), assignments=False
        )
