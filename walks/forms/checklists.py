"""The public Risikorydding form, built from a checklist's questions."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Checklist

YES, NO = "yes", "no"


class ChecklistAnswerForm(forms.Form):
    """One yes/no field per active question; questions may be left unanswered."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, checklist: Checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(checklist.questions.filter(active=True))
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = forms.ChoiceField(
                label=question.text,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                required=False,
            )
        if not self.is_bound:
            self.initial["client_uuid"] = uuid.uuid4()

    def sections(self) -> list[tuple[str, list]]:
        """Bound fields grouped under their hazard headings, in order."""
        grouped: dict[str, list] = {}
        for question in self.questions:
            grouped.setdefault(question.heading, []).append(self[f"q_{question.pk}"])
        return list(grouped.items())

    def answers(self) -> dict[int, bool]:
        return {
            q.pk: self.cleaned_data[f"q_{q.pk}"] == YES
            for q in self.questions
            if self.cleaned_data.get(f"q_{q.pk}")
        }

    def clean(self):
        data = super().clean()
        if not self.errors and not self.answers():
            raise ValidationError(_("Answer at least one question."))
        return data
