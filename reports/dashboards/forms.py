"""The dashboard's filter form: period, sex and age band (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from injuries.codes import AgeBand

from .common import Filters

SEX_CHOICES = [("", _("Both sexes")), ("F", _("Women")), ("M", _("Men"))]


class DashboardFilterForm(forms.Form):
    """Filters of the dashboard and the regional view; bad input falls back."""

    first_year = forms.TypedChoiceField(label=_("From year"), coerce=int)
    last_year = forms.TypedChoiceField(label=_("To year"), coerce=int)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=[("", _("All ages")), *AgeBand.choices],
        required=False,
    )

    def __init__(self, data, *, years: list[int], default: Filters) -> None:
        self.default = default
        merged = {
            "first_year": default.first_year,
            "last_year": default.last_year,
            "sex": "",
            "age_band": "",
        }
        merged.update({key: data[key] for key in merged if data.get(key)})
        super().__init__(merged)
        year_choices = [(year, str(year)) for year in years]
        self.fields["first_year"].choices = year_choices
        self.fields["last_year"].choices = year_choices

    def filters(self) -> Filters:
        """The chosen filters; a field that does not validate keeps its default."""
        self.is_valid()
        data = self.cleaned_data
        first = data.get("first_year", self.default.first_year)
        last = data.get("last_year", self.default.last_year)
        first, last = min(first, last), max(first, last)
        return Filters(
            first_year=first,
            last_year=last,
            sex=data.get("sex", ""),
            age_band=data.get("age_band", ""),
        )
