"""Forms of the certification screens; services do the writing."""
# size: the forms of every certification screen; to be split into forms/ by screen

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programmes.models import Initiative, InitiativeReport, Meeting, Programme
from safecommunity.core.models import Document, Role, User

from .models import (
    INDICATOR_FIELDS,
    INDICATORS,
    CaseStatus,
    CertificationMeeting,
    Decision,
    Designation,
    Evidence,
    ImprovementPoint,
    Recommendation,
    Requirement,
    SafetyChecklistItem,
    SafetyProfileDraft,
    Statement,
    Step,
)

ANSWER_CHOICES = [
    ("", _("Not answered")),
    ("yes", _("Yes")),
    ("partly", _("Partly")),
    ("no", _("No")),
]


class EvidenceForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("Requirement"), queryset=Requirement.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=Evidence.Kind.choices)
    upload = forms.FileField(label=_("File"), required=False)
    meeting = forms.ModelChoiceField(
        label=_("Meeting or decision"), queryset=Meeting.objects.none(), required=False
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.none(), required=False
    )
    report = forms.ModelChoiceField(
        label=_("Initiative report"),
        queryset=InitiativeReport.objects.none(),
        required=False,
    )
    title = forms.CharField(
        label=_("Title or plan name"), max_length=200, required=False
    )
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")

    def __init__(self, *args, programme: Programme, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = step.requirements.for_programme(
            programme
        ).filter(active=True)
        self.fields["meeting"].queryset = Meeting.objects.filter(programme=programme)
        self.fields["initiative"].queryset = Initiative.objects.filter(
            programme=programme
        )
        self.fields["report"].queryset = InitiativeReport.objects.filter(
            initiative__programme=programme
        ).select_related("initiative")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        # The rules are the model's; an unsaved document stands for the upload.
        own = Evidence.LINK_OF_KIND.get(kind)
        evidence = Evidence(
            kind=kind,
            document=Document() if own == "document" and data.get("upload") else None,
            **{name: data.get(name) for name in ("meeting", "initiative", "report")
               if name == own},
            title=data.get("title", ""),
            url=data.get("url", ""),
        )  # fmt: skip
        try:
            evidence.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error("upload" if name == "document" else name, message)
        return data


class RequirementNoteForm(forms.Form):
    requirement = forms.ModelChoiceField(queryset=Requirement.objects.none())
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = step.requirements.filter(active=True)


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


class SafetyProfileForm(forms.Form):
    municipal_description = forms.CharField(
        label=_("About the municipality"),
        help_text=_("Geography, organisation, special features and challenges."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    risk_summary = forms.CharField(
        label=_("Summary of the risk picture"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, draft: SafetyProfileDraft | None = None, **kwargs):
        kwargs["initial"] = {
            "municipal_description": draft.municipal_description if draft else "",
            "risk_summary": draft.risk_summary if draft else "",
        }
        super().__init__(*args, **kwargs)
        checklist = draft.checklist if draft else {}
        self.items = list(SafetyChecklistItem.objects.filter(active=True))
        for item in self.items:
            saved = checklist.get(str(item.pk), {})
            self.fields[f"answer_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=ANSWER_CHOICES,
                required=False,
                initial=saved.get("answer", ""),
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"),
                max_length=500,
                required=False,
                initial=saved.get("comment", ""),
            )

    def checklist_pairs(self):
        return [
            (self[f"answer_{item.pk}"], self[f"comment_{item.pk}"])
            for item in self.items
        ]

    def checklist_data(self) -> dict[str, dict[str, str]]:
        return {
            str(item.pk): {
                "answer": self.cleaned_data.get(f"answer_{item.pk}", ""),
                "comment": self.cleaned_data.get(f"comment_{item.pk}", ""),
            }
            for item in self.items
        }


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    expected_status = forms.ChoiceField(
        choices=CaseStatus.choices, widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
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


class RequirementForm(forms.ModelForm):
    """One item of a step's checklist, in the three languages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, a requirement is asked of every programme, as before levels.
        self.fields["level"].required = False

    def clean_level(self):
        return self.cleaned_data["level"] or Requirement.Level.ALL

    class Meta:
        model = Requirement
        fields = [
            "text_nb",
            "text_en",
            "text_sv",
            "level",
            "order",
            "required",
            "active",
        ]
        help_texts = {
            "level": _(
                "Regional programmes (a county with its member municipalities) "
                "can be asked for other evidence than a municipality's."
            ),
            "text_sv": _("Swedish pages show the English text while this is empty."),
            "order": _("Requirements are listed in this order within the step."),
            "required": _(
                "A step is done only when every required, active requirement "
                "has evidence."
            ),
        }


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
