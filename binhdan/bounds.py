"""The bounds (giới hạn) of the whole numbers people type: a household's size, the people
helped in one visit, an OCOP product's stars.

Each quantity has one `Bounds`, defined next to its model, and the same object is
- the model field's validator: every form, the admin and `full_clean()` refuse the rest with
  the range in their message;
- the number box's `min` and `max` (`widget_attrs`);
- the import column's limits (`lowest`, `highest`: the row and column are named);
- the database's check constraint (`condition`), so that a write that skips the forms
  (a script, `QuerySet.update()`) is refused too, on SQLite as on PostgreSQL, whose own
  limits (32,767 for a small integer; none on SQLite) are far above anything real.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class Bounds:
    """The lowest and highest value of a whole number; a validator (None passes: an empty
    optional number is no claim) whose `message` may say what the number counts."""

    message = _("Enter a whole number from %(lowest)s to %(highest)s.")
    code = "out_of_range"

    def __init__(self, lowest: int, highest: int, message=None):
        self.lowest, self.highest = lowest, highest
        if message is not None:
            self.message = message

    def __call__(self, value) -> None:
        if value is not None and not self.lowest <= value <= self.highest:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"lowest": self.lowest, "highest": self.highest, "value": value},
            )

    def __eq__(self, other):
        return isinstance(other, Bounds) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def _key(self):
        return (self.lowest, self.highest, str(self.message))

    def __repr__(self):
        return f"Bounds({self.lowest}, {self.highest})"

    def condition(self, field: str, *, null: bool = False) -> Q:
        """The check constraint's condition on `field` (with `null`, an empty value passes)."""
        within = Q(**{f"{field}__gte": self.lowest, f"{field}__lte": self.highest})
        return Q(**{f"{field}__isnull": True}) | within if null else within

    def widget_attrs(self) -> dict[str, int]:
        """A number box's `min` and `max`."""
        return {"min": self.lowest, "max": self.highest}
