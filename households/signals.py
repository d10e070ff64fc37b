"""The households app's signals.

`written_in_bulk`: sent after writes that bypass the model signals (bulk_create,
bulk_update: imports, demo data), with `villages`, the ids of the villages whose households,
platform records or visits changed. The reports app keeps its tallies up to date with it.

Deleting a household removes its personal data, also from the change history.

The audit history (django-simple-history) keeps a copy of every version of a household;
once the household is deleted those copies would be the last place its head's name, address
and phone survive. They are blanked, keeping who changed what and when (and the deletion
itself). Submitted reports hold only counts in their snapshots, so they keep their figures.
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from django.utils.translation import gettext_lazy as _

from households.models import Household

ERASED = _("(deleted household)")

written_in_bulk = Signal()


@receiver(post_delete, sender=Household, dispatch_uid="erase_household_personal_data")
def erase_personal_data_from_history(sender, instance, **kwargs):
    Household.history.filter(id=instance.pk).update(
        head_name=str(ERASED), address="", phone="", notes=""
    )
