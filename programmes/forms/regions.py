"""Forms of regional programmes: a local group of a member municipality."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Municipality

from ..models import Programme


class LocalGroupForm(forms.Form):
    """The local working group of one member municipality."""

    municipality = forms.ModelChoiceField(
        label=_("Member municipality"), queryset=Municipality.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = programme.member_municipalities.order_by(
            "name"
        )
