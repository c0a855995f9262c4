"""Forms of the programmes app. They validate; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from injuries.codes import AgeBand
from injuries.models import Code
from safecommunity.core.models import Role, User
from safecommunity.core.uploads import validate_upload

from ..choices import Arena, Sector, SmartPrinciple, WellbeingWord
from ..models import (
    INITIATIVE_TAG_FIELDS,
    FocusArea,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    ManagementGroupMember,
    Meeting,
    Partner,
    Programme,
    WorkingGroup,
    WorkingGroupMember,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _check_upload(upload):
    """Refuse a wrong type or an oversized file before anything is stored."""
    if upload:
        validate_upload(upload)
    return upload


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


class ServiceForm(forms.ModelForm):
    """A model form whose cleaned values are handed to a service, not saved here."""

    extra_fields: tuple[str, ...] = ()

    def service_fields(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.extra_fields
        }


class VersionedForm(ServiceForm):
    """Carries the version the user started from, to refuse stale saves."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True


def _end_not_before_start(form, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The end date cannot be before the start date."))


class ProgrammeForm(VersionedForm):
    extra_fields = ("version", "letter_of_intent_upload")
    letter_of_intent_upload = forms.FileField(
        label=_("Signed letter of intent (PDF, image or Office file, at most 20 MB)"),
        required=False,
    )

    class Meta:
        model = Programme
        # No status: it moves only through services.programme_status_set.
        fields = [
            "start_date",
            "coordinators",
            "council_decision_date",
            "council_decision_reference",
            "description",
        ]
        widgets = {
            "start_date": DATE,
            "council_decision_date": DATE,
            "coordinators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = User.objects.filter(
            role=Role.COORDINATOR, municipalities=municipality
        ).order_by("last_name", "first_name")

    def clean_letter_of_intent_upload(self):
        return _check_upload(self.cleaned_data.get("letter_of_intent_upload"))


class FocusAreaForm(ServiceForm):
    class Meta:
        model = FocusArea
        fields = ["title", "priority", "reason"]


class MemberForm(ServiceForm):
    class Meta:
        model = ManagementGroupMember
        fields = [
            "name",
            "title",
            "organisation",
            "role",
            "sector",
            "term_start",
            "term_end",
        ]
        widgets = {"term_start": DATE, "term_end": DATE}

    def clean(self):
        cleaned = super().clean()
        _end_not_before_start(self, "term_start", "term_end")
        return cleaned


class MeetingForm(ServiceForm):
    extra_fields = ("minutes_upload",)
    minutes_upload = forms.FileField(
        label=_("Minutes (PDF, image or Office file, at most 20 MB)"), required=False
    )

    class Meta:
        model = Meeting
        fields = [
            "date",
            "location",
            "attendees",
            "other_attendees",
            "agenda",
            "decisions",
        ]
        widgets = {"date": DATE, "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = programme.members.all()

    def clean_minutes_upload(self):
        return _check_upload(self.cleaned_data.get("minutes_upload"))


class WorkingGroupForm(ServiceForm):
    """A working group; a regional programme's may be a member municipality's
    local group (`local_municipality`, one per member)."""

    class Meta:
        model = WorkingGroup
        fields = ["name", "focus_area", "mandate", "local_municipality"]
        labels = {"local_municipality": _("Local group of")}
        help_texts = {
            "local_municipality": _(
                "The member municipality whose local working group this is; "
                "empty for a group of the whole region."
            )
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = programme.focus_areas.all()
        if programme.is_regional:
            members = programme.member_municipalities.order_by("name")
            self.fields["local_municipality"].queryset = members
        else:
            del self.fields["local_municipality"]


class WorkingGroupMemberForm(ServiceForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["name", "title", "organisation", "sector", "is_lead"]


class PartnerForm(ServiceForm):
    class Meta:
        model = Partner
        fields = ["organisation", "kind", "contribution", "contact_person"]


def _tag_field(label, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InitiativeForm(VersionedForm):
    extra_fields = ("version", "attachment_upload")

    age_groups = _tag_field(_("Target age groups"), AgeBand.choices)
    arenas = _tag_field(_("Arenas"), Arena.choices)
    sectors = _tag_field(_("Sectors involved"), Sector.choices)
    smart_principles = _tag_field(
        _("SMART principles (optional)"), SmartPrinciple.choices
    )
    wellbeing_words = _tag_field(
        _("GIRFEC wellbeing words (optional)"), WellbeingWord.choices
    )
    attachment_upload = forms.FileField(
        label=_("Add an attachment (PDF, image or Office file, at most 20 MB)"),
        required=False,
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "focus_area",
            "measure_type",
            "status",
            "start_date",
            "end_date",
            "target_codes",
            "working_group",
            "partners",
            "budget",
            "funding_source",
            "reach",
            "responsible_person",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "target_codes": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    # Order of the form: the tag fields sit next to what they describe.
    field_order = [
        "title",
        "description",
        "focus_area",
        "measure_type",
        "status",
        "start_date",
        "end_date",
        "age_groups",
        "arenas",
        "target_codes",
        "sectors",
        "working_group",
        "partners",
        "smart_principles",
        "wellbeing_words",
        "budget",
        "funding_source",
        "reach",
        "responsible_person",
        "attachment_upload",
    ]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = programme.focus_areas.all()
        self.fields["focus_area"].required = True
        self.fields["working_group"].queryset = programme.working_groups.all()
        self.fields["partners"].queryset = programme.partners.all()
        self.fields["target_codes"].queryset = Code.objects.filter(
            list_name__in=["mechanism", "place"]
        ).order_by("list_name", "sort_order")
        if self.instance.pk and not self.is_bound:
            for name, kind in INITIATIVE_TAG_FIELDS.items():
                self.fields[name].initial = self.instance.tag_values(kind)

    def clean(self):
        cleaned = super().clean()
        _end_not_before_start(self, "start_date", "end_date")
        return cleaned

    def clean_attachment_upload(self):
        return _check_upload(self.cleaned_data.get("attachment_upload"))


class ReportForm(VersionedForm):
    extra_fields = ("version",)

    class Meta:
        model = InitiativeReport
        fields = [
            "period_start",
            "period_end",
            "activities",
            "reach",
            "results",
            "obstacles",
            "next_steps",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}

    def clean(self):
        cleaned = super().clean()
        _end_not_before_start(self, "period_start", "period_end")
        return cleaned


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "year",
            "sex",
            "school_level",
            "value",
            "n",
            "comparison_value",
            "comparison_scope",
        ]

    def validate_unique(self):
        # Saving an existing combination corrects it (services.indicator_value_set).
        pass


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Initiative.Status.choices],
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"),
        required=False,
        queryset=FocusArea.objects.none(),
        empty_label=_("All"),
    )
    arena = forms.ChoiceField(
        label=_("Arena"), required=False, choices=[("", _("All")), *Arena.choices]
    )
    age_group = forms.ChoiceField(
        label=_("Age group"),
        required=False,
        choices=[("", _("All")), *AgeBand.choices],
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, programme: Programme, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = programme.focus_areas.all()
        self.fields["year"].choices = [("", _("All"))] + [(y, y) for y in years]

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1990 <= year <= 2100:
            raise ValidationError(_("Choose a year from the list."))
        return year


class ProgrammeListFilterForm(forms.Form):
    """Search and filters of the list of programmes."""

    q = forms.CharField(label=_("Search by municipality or code"), required=False)
    county = forms.ModelChoiceField(
        label=_("County"), queryset=None, required=False, empty_label=_("All counties")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Programme.Status.choices],
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
