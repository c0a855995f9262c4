"""Forms of the reports app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DossierJob


class DossierRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=DossierJob.Kind.choices,
        initial=DossierJob.Kind.DOSSIER,
    )
