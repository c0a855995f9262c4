"""Forms of the certification council: assignment, the certifier's answer,
meetings, statements and the decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safecommunity.core.models import Role, User

from ..models import (
    CertificationMeeting,
    Decision,
    Recommendation,
    Statement,
    Step,
)


class AssignForm(forms.Form):
    certifier = forms.ModelChoiceField(
        label=_("Certifier"),
        queryset=User.objects.filter(role=Role.CERTIFIER, is_active=True).order_by(
            "last_name", "first_name", "username"
        ),
    )


class RespondForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        coerce=lambda value: value == "yes",
        choices=[
            ("no", _("I have no conflict of interest with this municipality")),
            ("yes", _("I have a conflict of interest and cannot take the case")),
        ],
        widget=forms.RadioSelect,
    )
    declaration = forms.CharField(
        label=_("Declaration of interests"),
        help_text=_(
            "Ties to the municipality, its staff or partners; write none if none."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = CertificationMeeting
        fields = [
            "scheduled_for",
            "mode",
            "location",
            "participants",
            "held_on",
            "notes",
        ]
        widgets = {
            "scheduled_for": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class StatementForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall assessment"), widget=forms.Textarea(attrs={"rows": 5})
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices
    )
    improvement_points = forms.CharField(
        label=_("Points for improvement"),
        help_text=_("One point per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, statement: Statement | None = None, **kwargs):
        if statement is not None:
            kwargs["initial"] = {
                "summary": statement.summary,
                "recommendation": statement.recommendation,
                "improvement_points": "\n".join(
                    p.text for p in statement.improvement_points.all()
                ),
                **{f"step_{a.step_id}": a.text for a in statement.assessments.all()},
            }
        super().__init__(*args, **kwargs)
        self.steps = list(Step.objects.all())
        for step in self.steps:
            self.fields[f"step_{step.pk}"] = forms.CharField(
                label=_("Assessment of step %(step)s") % {"step": step},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def assessment_fields(self):
        return [self[f"step_{step.pk}"] for step in self.steps]

    def assessments(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"step_{s.pk}", "") for s in self.steps}

    def points(self) -> list[str]:
        text = self.cleaned_data.get("improvement_points", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class DecisionForm(forms.Form):
    expected_status = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4})
    )
    conditions = forms.CharField(
        label=_("Conditions (when deferred)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Decision.Outcome.DEFERRED
            and not data.get("conditions", "").strip()
        ):
            self.add_error("conditions", _("Say which conditions must be met."))
        return data
