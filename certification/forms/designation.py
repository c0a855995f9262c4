"""Forms of a designation: the application and its decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    INDICATOR_FIELDS,
    INDICATORS,
    Designation,
)


class DesignationForm(forms.ModelForm):
    """The answers to the six ISCCC indicators."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Designation
        fields = list(INDICATOR_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in INDICATOR_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name, title, help_text in INDICATORS:
            self.fields[name].label = title
            self.fields[name].help_text = help_text

    def answers(self) -> dict[str, str]:
        """The six answers, as the service takes them."""
        return {name: self.cleaned_data[name] for name in INDICATOR_FIELDS}


class DesignationDecisionForm(forms.Form):
    """The outcome of an ISCCC application, as the secretariat records it."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Designation.Status.DESIGNATED, _("Designated")),
            (Designation.Status.NOT_DESIGNATED, _("Not designated")),
        ],
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the reasons, or the date of the ceremony."),
    )
