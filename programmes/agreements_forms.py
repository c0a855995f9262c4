"""Forms of partner agreements. They validate; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE, ServiceForm, _check_upload
from .models import PartnerAgreement


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
