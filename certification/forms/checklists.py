"""The form of a checklist's requirement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Requirement


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
