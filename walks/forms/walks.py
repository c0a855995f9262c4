"""Forms of safety walks and findings. They validate; services save."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programmes.forms.programme import DATE, MultipleFileInput, ServiceForm
from programmes.models import Initiative

from ..models import Finding, SafetyWalk, WalkParticipant
from ..models.walks import MAX_PHOTOS_PER_FINDING
from ..photos import photo_validate


class PhotosField(forms.FileField):
    """Up to three photos from one file input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if len(uploads) > MAX_PHOTOS_PER_FINDING:
            raise ValidationError(
                _("Choose at most %(max)d photos.") % {"max": MAX_PHOTOS_PER_FINDING}
            )
        for upload in uploads:
            photo_validate(upload)
        return uploads


class SafetyWalkForm(ServiceForm):
    class Meta:
        model = SafetyWalk
        fields = ["area", "starts_at", "leader", "purpose"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }


class WalkParticipantForm(forms.ModelForm):
    class Meta:
        model = WalkParticipant
        fields = ["name", "email", "kind"]


class FindingForm(ServiceForm):
    """What a participant logs on the walk, on a phone."""

    extra_fields = ("photos",)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    photos = PhotosField(
        label=_("Photos (at most 3, JPEG or PNG, up to 10 MB each)"), required=False
    )

    class Meta:
        model = Finding
        fields = [
            "place",
            "category",
            "description",
            "suggestion",
            "priority",
            "latitude",
            "longitude",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 2}),
            "latitude": forms.NumberInput(attrs={"step": "any", "readonly": True}),
            "longitude": forms.NumberInput(attrs={"step": "any", "readonly": True}),
        }
        help_texts = {
            "place": _(
                "An address, or where it is (for example: the path behind the school)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["client_uuid"] = uuid.uuid4()

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Give both coordinates, or neither."))
        return data


class FindingFollowUpForm(ServiceForm):
    """The coordinator's sorting and follow-up of a finding."""

    class Meta:
        model = Finding
        fields = [
            "place",
            "category",
            "description",
            "suggestion",
            "priority",
            "term",
            "responsible_body",
            "due_date",
            "status",
            "status_reason",
            "initiative",
        ]
        widgets = {
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 2}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, statuses: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.filter(
            programme_id=self.instance.walk.programme_id
        ).order_by("title")
        if statuses is not None:
            # Only the moves the finding's workflow allows this user now.
            self.fields["status"].choices = [
                (value, label)
                for value, label in Finding.Status.choices
                if value in statuses
            ]


class FindingMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Finding.objects.none(), label=_("Duplicate of")
    )

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Finding.objects.filter(
            walk_id=finding.walk_id, merged_into__isnull=True
        ).exclude(pk=finding.pk)


class FollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("Open and planned")), *Finding.Status.choices],
        required=False,
        label=_("Follow-up status"),
    )
    category = forms.ChoiceField(
        choices=[("", _("All")), *Finding.Category.choices],
        required=False,
        label=_("Category"),
    )
    term = forms.ChoiceField(
        choices=[("", _("All")), *Finding.Term.choices],
        required=False,
        label=_("Term"),
    )
    overdue = forms.BooleanField(required=False, label=_("Only overdue"))
