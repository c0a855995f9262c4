"""Forms of partner agreements. They validate; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DataSharingAgreement, PartnerAgreement, Programme
from .programme import DATE, ServiceForm, _check_upload


class PartnerAgreementForm(ServiceForm):
    extra_fields = ("document_upload",)
    document_upload = forms.FileField(
        label=_("Signed agreement (PDF, image or Office file, at most 20 MB)"),
        required=False,
    )

    class Meta:
        model = PartnerAgreement
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "contact_person",
            "contact_email",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean_document_upload(self):
        return _check_upload(self.cleaned_data.get("document_upload"))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The agreement must end after it starts."))
        return data


class DataSharingForm(ServiceForm):
    class Meta:
        model = DataSharingAgreement
        fields = [
            "partner",
            "shared_data",
            "recipients",
            "legal_basis",
            "aggregates_only",
            "necessary",
            "relevant",
            "proportionate",
            "assessment_reason",
            "approved_by",
            "approved_on",
            "valid_until",
        ]
        widgets = {
            "approved_on": DATE,
            "valid_until": DATE,
            "shared_data": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "assessment_reason": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "recipients": _("Who receives it: the working group, the police, …"),
            "legal_basis": _("The law, regulation or consent the sharing rests on."),
            "aggregates_only": _(
                "The portal stores no data about individuals. Record here only "
                "sharing of aggregated figures in which no person can be recognised."
            ),
            "assessment_reason": _(
                "Why the sharing is necessary, relevant and proportionate."
            ),
            "approved_by": _("Name and title of the person who approved it."),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = programme.partners.all()
        for name in ("aggregates_only", "necessary", "relevant", "proportionate"):
            self.fields[name].required = True
        self.fields["aggregates_only"].error_messages["required"] = _(
            "Only aggregated figures may be recorded: the portal holds no data "
            "about individuals."
        )
        for name in ("necessary", "relevant", "proportionate"):
            self.fields[name].error_messages["required"] = _(
                "Sharing may be approved only when it is necessary, relevant and "
                "proportionate."
            )

    def clean(self):
        data = super().clean()
        approved, until = data.get("approved_on"), data.get("valid_until")
        if approved and until and until < approved:
            self.add_error(
                "valid_until", _("The approval must run until after it was given.")
            )
        return data
