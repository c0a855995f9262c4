"""Partner agreements (listed with the partners) and data-sharing agreements."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from safecommunity.core.selectors import audit_entries_for

from .. import permissions
from ..forms.agreements import DataSharingForm, PartnerAgreementForm
from ..selectors import agreements as selectors
from ..services import agreements as services
from ._common import (
    deny_unless,
    part_form_view,
    post_data,
    post_files,
    programme_for,
    programme_page_url,
)


def _partners_url(obj) -> str:
    return programme_page_url("partner-list", obj.partner.programme)


def partner_agreement_create(request, pk: int):
    partner = selectors.partner_get_for_agreement(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, partner))
    return part_form_view(
        request,
        form=PartnerAgreementForm(post_data(request), post_files(request)),
        save=lambda f: services.partner_agreement_create(
            actor=request.user,
            partner=partner,
            **f.service_fields(),
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
            **f.service_fields(),
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


@require_GET
def data_sharing_list(request, code: str | None = None, pk: int | None = None):
    programme = programme_for(request, code, pk)
    return render(
        request,
        "programmes/datasharingagreement_list.html",
        {
            "programme": programme,
            "agreements": selectors.data_sharing_list(programme=programme),
            "can_edit": permissions.can_edit_programme(request.user, programme),
        },
    )


@require_GET
def data_sharing_detail(request, pk: int):
    agreement = selectors.data_sharing_get(user=request.user, pk=pk)
    return render(
        request,
        "programmes/datasharingagreement_detail.html",
        {
            "programme": agreement.programme,
            "agreement": agreement,
            "can_edit": permissions.can_edit_programme_part(request.user, agreement),
            "history": audit_entries_for(obj=agreement),
        },
    )


def data_sharing_create(request, code: str | None = None, pk: int | None = None):
    programme = programme_for(request, code, pk)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=DataSharingForm(post_data(request), programme=programme),
        save=lambda f: services.data_sharing_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/datasharingagreement_form.html",
        context={"programme": programme},
        success_url=_detail_url,
    )


def data_sharing_edit(request, pk: int):
    agreement = selectors.data_sharing_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, agreement))
    return part_form_view(
        request,
        form=DataSharingForm(
            post_data(request), instance=agreement, programme=agreement.programme
        ),
        save=lambda f: services.data_sharing_update(
            actor=request.user, agreement=agreement, **f.service_fields()
        ),
        template="programmes/datasharingagreement_form.html",
        context={"programme": agreement.programme, "agreement": agreement},
        success_url=_detail_url,
    )


def _detail_url(obj) -> str:
    return reverse("programmes:data-sharing-detail", args=[obj.pk])
