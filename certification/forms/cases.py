"""Forms of a case's pages: comments, transitions, the application's
sections, follow-up and the case list's filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    CaseStatus,
    ImprovementPoint,
    Requirement,
    Step,
)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.ModelChoiceField(
        label=_("About the requirement"),
        queryset=Requirement.objects.none(),
        required=False,
    )

    def __init__(self, *args, step: Step | None = None, **kwargs):
        # Its own ids: the step page also shows the evidence form, whose
        # requirement field would otherwise share id="id_requirement".
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)
        if step is not None:
            self.fields["requirement"].queryset = step.requirements.filter(active=True)
        else:
            del self.fields["requirement"]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    expected_status = forms.ChoiceField(
        choices=CaseStatus.choices, widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ApplicationSectionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    goal = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    ongoing_measures = forms.CharField(
        label=_("Ongoing measures"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    needs = forms.CharField(
        label=_("Needs"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Follow-up"), choices=ImprovementPoint.FollowUp.choices
    )
    report = forms.CharField(
        label=_("What has been done"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, point: ImprovementPoint, **kwargs):
        kwargs["prefix"] = f"p{point.pk}"
        kwargs["initial"] = {
            "status": point.follow_up_status,
            "report": point.follow_up_report,
        }
        super().__init__(*args, **kwargs)


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CaseStatus.choices], required=False
    )
    q = forms.CharField(label=_("Municipality"), required=False, max_length=100)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
