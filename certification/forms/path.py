"""Forms of the certification path: evidence, notes on a requirement and the
safety profile."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programmes.models import Initiative, InitiativeReport, Meeting, Programme
from safecommunity.core.models import Document

from ..models import (
    Evidence,
    Requirement,
    SafetyChecklistItem,
    SafetyProfileDraft,
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
