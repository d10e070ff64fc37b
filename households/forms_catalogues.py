"""Forms of the two catalogues the commune office keeps: digital platforms and kinds of support.

A code is chosen once, when the entry is added, and never changed afterwards: the demo data,
the tallies (VNeID) and whoever reads the database by hand know entries by their code.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdan.forms import submit_helper
from households.models import Platform, SupportType


class CatalogueForm(forms.ModelForm):
    """An entry of `commune`'s catalogue (the entry's own commune when it is changed): code
    (new entries only), name, order and "in use". Subclasses name their Vietnamese errors for
    a duplicate code or name (`duplicate_code`, `duplicate_name`)."""

    duplicate_code: str
    duplicate_name: str

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.commune = commune
        code = self.fields["code"]
        code.error_messages["invalid"] = _(
            "Use lower-case letters without diacritics, digits and hyphens only, e.g. zalo-pay."
        )
        if self.instance.pk:
            code.disabled = True
            code.help_text = _("The code cannot be changed once the entry has been added.")
        else:
            code.help_text = _(
                "A short name without diacritics, e.g. zalo-pay. It cannot be changed later."
            )
        self.fields["sort_order"].help_text = _("Smaller numbers come first in the lists.")
        self.helper = submit_helper()

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.instance.pk:
            return self.instance.code
        code = code.lower()
        if self._catalogue().filter(code=code).exists():
            raise forms.ValidationError(self.duplicate_code)
        return code

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = self._catalogue().filter(name__iexact=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(self.duplicate_name)
        return name

    def _catalogue(self):
        return type(self.instance).objects.of(self.instance.commune_id)


class PlatformForm(CatalogueForm):
    duplicate_code = _("A digital platform with this code already exists: choose another code.")
    duplicate_name = _("A digital platform with this name already exists.")

    class Meta:
        model = Platform
        fields = ["code", "name", "is_essential", "is_ecommerce", "sort_order", "is_active"]
        help_texts = {
            "is_essential": _(
                "Essential platforms count for KPI K8 (households using at least one essential "
                "platform). Changing this recounts K8 for every village, past quarters "
                "included; reports already submitted keep their figures."
            ),
            "is_ecommerce": _(
                "OCOP products are listed on e-commerce platforms; KPI K9 counts the products "
                "listed on at least one, so changing this changes K9."
            ),
            "is_active": _(
                "Untick to stop offering the platform on household and visit forms; households "
                "that use it keep it."
            ),
        }


class SupportTypeForm(CatalogueForm):
    duplicate_code = _("A kind of support with this code already exists: choose another code.")
    duplicate_name = _("A kind of support with this name already exists.")

    class Meta:
        model = SupportType
        fields = ["code", "name", "sort_order", "is_active"]
        help_texts = {
            "is_active": _(
                "Untick to stop offering it on the visit form; visits that gave it keep it."
            ),
        }
