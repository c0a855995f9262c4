"""Partner agreements: recorded per partner, listed with the partners."""

from __future__ import annotations

from django.urls import reverse

from .. import agreements_selectors as selectors
from .. import agreements_services as services
from .. import permissions
from ..agreements_forms import PartnerAgreementForm
from ._common import deny_unless, part_form_view, post_data, post_files


def _partners_url(obj) -> str:
    return reverse("programmes:partner-list", args=[obj.municipality.code])


def partner_agreement_create(request, pk: int):
    partner = selectors.partner_get_for_agreement(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, partner))
    return part_form_view(
        request,
        form=PartnerAgreementForm(post_data(request), post_files(request)),
        save=lambda f: services.partner_agreement_create(
            actor=request.user,
            partner=partner,
            fields=f.service_fields(),
            document_upload=f.cleaned_data.get("document_upload"),
        ),
        template="programmes/partneragreement_form.html",
        context={"programme": partner.programme, "partner": partner},
        success_url=_partners_url,
    )


def partner_agreement_edit(request, pk: int):
    agreement = selectors.partner_agreement_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, agreement))
    return part_form_view(
        request,
        form=PartnerAgreementForm(
            post_data(request), post_files(request), instance=agreement
        ),
        save=lambda f: services.partner_agreement_update(
            actor=request.user,
            agreement=agreement,
            fields=f.service_fields(),
            document_upload=f.cleaned_data.get("document_upload"),
        ),
        template="programmes/partneragreement_form.html",
        context={
            "programme": agreement.programme,
            "partner": agreement.partner,
            "agreement": agreement,
        },
        success_url=_partners_url,
    )
