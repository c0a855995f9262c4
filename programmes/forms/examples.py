"""Forms of good examples. They validate; services save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from injuries.codes import AgeBand
from safecommunity.core.uploads import validate_upload

from ..choices import Arena
from ..models import GoodExample, Programme
from .programme import MultipleFileInput, ServiceForm

MAX_MATERIALS = 5


class MaterialsField(forms.FileField):
    """Up to five files from one input, each validated like every upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if len(uploads) > MAX_MATERIALS:
            raise ValidationError(
                _("Choose at most %(max)d files.") % {"max": MAX_MATERIALS}
            )
        for upload in uploads:
            validate_upload(upload)
        return uploads


class ExampleProposalForm(ServiceForm):
    extra_fields = ("material_uploads",)
    material_uploads = MaterialsField(
        label=_(
            "Materials, public once the example is published (up to five PDF, "
            "image or Office files, 20 MB each)"
        ),
        required=False,
    )

    class Meta:
        model = GoodExample
        fields = [
            "initiative",
            "title",
            "summary",
            "story",
            "results",
            "focus_area",
            "target_group",
            "arena",
        ]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "results": _(
                "What changed: indicators, and injuries before and after from the "
                "published tables. No figures about individuals."
            ),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = programme.initiatives.order_by("title")
        self.fields["initiative"].empty_label = _("The programme's organisation")


class ExampleReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("publish", _("Publish")),
            ("return", _("Return to the proposer")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the proposer"), required=False, widget=forms.Textarea
    )


class ExampleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    focus_area = forms.CharField(label=_("Focus area"), required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("All")), *AgeBand.choices],
    )
    arena = forms.ChoiceField(
        label=_("Arena"), required=False, choices=[("", _("All")), *Arena.choices]
    )


class ExampleAdoptForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Into the programme of"), queryset=None)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
