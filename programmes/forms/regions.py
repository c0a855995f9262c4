"""Forms of regional programmes: the programme of a county and its members."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import County, Municipality

from ..models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _current(qs: QuerySet, today) -> QuerySet:
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def _county_municipalities(county: County | None) -> QuerySet[Municipality]:
    if county is None:
        return Municipality.objects.none()
    today = timezone.localdate()
    return _current(county.municipalities.all(), today).order_by("name")


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.country.name})"


class RegionalProgrammeForm(forms.Form):
    """A county (a region or län) without a programme, and its members.

    The members offered are the county's municipalities of today, so the
    county is chosen first (`county_chosen`), then the members."""

    county = CountyChoiceField(
        label=_("County or region"),
        queryset=County.objects.none(),
        help_text=_("Counties and regions that have no programme yet."),
    )
    member_municipalities = forms.ModelMultipleChoiceField(
        label=_("Member municipalities"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member municipality.")},
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        counties = _current(County.objects.filter(programme__isnull=True), today)
        self.fields["county"].queryset = counties.select_related("country").order_by(
            "country__code", "name"
        )
        self.chosen = self._chosen_county()
        members = _county_municipalities(self.chosen)
        self.fields["member_municipalities"].queryset = members
        if not self.is_bound and self.chosen is not None:
            self.initial["member_municipalities"] = list(members)

    def _chosen_county(self) -> County | None:
        raw = self.data.get("county") if self.is_bound else self.initial.get("county")
        try:
            return self.fields["county"].queryset.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    @property
    def county_chosen(self) -> bool:
        return self.chosen is not None

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "county": data["county"],
            "members": data["member_municipalities"],
            "start_date": data.get("start_date"),
            "description": data.get("description", ""),
        }


class RegionMembersForm(forms.Form):
    """Which of the county's municipalities take part in its programme."""

    member_municipalities = forms.ModelMultipleChoiceField(
        label=_("Member municipalities"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member municipality.")},
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        current = programme.member_municipalities.all()
        offered = Municipality.objects.filter(
            (
                Q(county=programme.county)
                & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            )
            | Q(pk__in=current.values("pk"))
        )
        self.fields["member_municipalities"].queryset = offered.order_by("name")
        if not self.is_bound:
            self.initial["member_municipalities"] = list(current)
