"""The writes of the data-quality pages: a commune's rule settings and its follow-up list.
Each takes the acting user and refuses a commune outside what they may change."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from binhdan.access import Capability, can, communes_for
from reports.models import QualitySetting, VerifiedFinding
from reports.quality.rules import BY_CODE


def _refuse_outside(commune, by) -> None:
    if by is not None and not (
        can(by, Capability.MANAGE_DATA_QUALITY) and communes_for(by).filter(pk=commune.pk).exists()
    ):
        raise PermissionDenied


def save_settings(commune, rows: dict[str, dict], by) -> int:
    """Store how `commune` runs each rule (`rows`: code -> enabled, threshold, minimum,
    maximum); only the rules that changed get a new row in the history. Returns how many
    changed."""
    _refuse_outside(commune, by)
    changed = 0
    with transaction.atomic():
        stored = {
            s.code: s
            for s in QualitySetting.objects.select_for_update().filter(
                commune=commune, code__in=list(rows)
            )
        }
        for code, values in rows.items():
            if code not in BY_CODE:
                continue
            setting = stored.get(code) or QualitySetting(commune=commune, code=code)
            before = (setting.enabled, setting.threshold, setting.minimum, setting.maximum)
            for name in ("enabled", "threshold", "minimum", "maximum"):
                setattr(setting, name, values.get(name, getattr(setting, name)))
            after = (setting.enabled, setting.threshold, setting.minimum, setting.maximum)
            if setting.pk and before == after:
                continue
            setting.changed_by = by
            setting.save()
            changed += 1
    return changed


def verify(commune, code: str, key: str, note: str, by) -> VerifiedFinding:
    """Put a finding on the follow-up list as checked ("đã xác minh"): it stops being
    reported. Verifying it again changes the note."""
    _refuse_outside(commune, by)
    if code not in BY_CODE:
        raise ValueError(code)
    found, _ = VerifiedFinding.objects.update_or_create(
        commune=commune, code=code, key=key[:100], defaults={"note": note, "verified_by": by}
    )
    return found


def unverify(commune, code: str, key: str, by) -> None:
    """Take a finding off the follow-up list: it is reported again."""
    _refuse_outside(commune, by)
    VerifiedFinding.objects.filter(commune=commune, code=code, key=key).delete()
