"""Management group, meetings, working groups and partners."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import permissions
from ..forms.programme import (
    MeetingForm,
    MemberForm,
    PartnerForm,
    WorkingGroupForm,
    WorkingGroupMemberForm,
)
from ..selectors import organisation as organisation_selectors
from ..services import organisation as organisation_services
from ._common import (
    deny_unless,
    part_delete_view,
    part_form_view,
    post_data,
    post_files,
    programme_for,
    programme_page_url,
)


def _url(name: str, *args) -> str:
    return reverse(f"programmes:{name}", args=args)


@require_GET
def management_group(request, code: str | None = None, pk: int | None = None):
    """The management group and its meetings, of a municipality or a region."""
    programme = programme_for(request, code, pk)
    return render(
        request,
        "programmes/managementgroupmember_list.html",
        {
            "programme": programme,
            "members": organisation_selectors.member_list(programme=programme),
            "meetings": organisation_selectors.meeting_list(programme=programme),
            "can_edit": permissions.can_edit_programme(request.user, programme),
        },
    )


def member_create(request, code: str | None = None, pk: int | None = None):
    programme = programme_for(request, code, pk)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=MemberForm(post_data(request)),
        save=lambda f: organisation_services.member_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/managementgroupmember_form.html",
        context={"programme": programme},
        success_url=lambda obj: programme_page_url("management-group", programme),
    )


def member_edit(request, pk: int):
    member = organisation_selectors.member_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, member))
    return part_form_view(
        request,
        form=MemberForm(post_data(request), instance=member),
        save=lambda f: organisation_services.member_update(
            actor=request.user, member=member, **f.service_fields()
        ),
        template="programmes/managementgroupmember_form.html",
        context={"programme": member.programme, "member": member},
        success_url=lambda obj: programme_page_url("management-group", obj.programme),
    )


def meeting_create(request, code: str | None = None, pk: int | None = None):
    programme = programme_for(request, code, pk)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=MeetingForm(post_data(request), post_files(request), programme=programme),
        save=lambda f: organisation_services.meeting_create(
            actor=request.user,
            programme=programme,
            **f.service_fields(),
            minutes_upload=f.cleaned_data["minutes_upload"],
        ),
        template="programmes/meeting_form.html",
        context={"programme": programme},
        success_url=lambda obj: _url("meeting-detail", obj.pk),
    )


@require_GET
def meeting_detail(request, pk: int):
    meeting = organisation_selectors.meeting_get(user=request.user, pk=pk)
    return render(
        request,
        "programmes/meeting_detail.html",
        {
            "meeting": meeting,
            "programme": meeting.programme,
            "can_edit": permissions.can_edit_programme_part(request.user, meeting),
        },
    )


def meeting_edit(request, pk: int):
    meeting = organisation_selectors.meeting_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, meeting))
    form = MeetingForm(
        post_data(request),
        post_files(request),
        instance=meeting,
        programme=meeting.programme,
    )
    return part_form_view(
        request,
        form=form,
        save=lambda f: organisation_services.meeting_update(
            actor=request.user,
            meeting=meeting,
            **f.service_fields(),
            minutes_upload=f.cleaned_data["minutes_upload"],
        ),
        template="programmes/meeting_form.html",
        context={"programme": meeting.programme, "meeting": meeting},
        success_url=lambda obj: _url("meeting-detail", obj.pk),
    )


@require_GET
def working_group_list(request, code: str | None = None, pk: int | None = None):
    """Working groups; a region's include the local group of each member."""
    programme = programme_for(request, code, pk)
    return render(
        request,
        "programmes/workinggroup_list.html",
        {
            "programme": programme,
            "working_groups": organisation_selectors.working_group_list(
                programme=programme
            ),
            "can_edit": permissions.can_edit_programme(request.user, programme),
        },
    )


def working_group_create(request, code: str | None = None, pk: int | None = None):
    programme = programme_for(request, code, pk)
    deny_unless(permissions.can_edit_programme(request.user, programme))
    return part_form_view(
        request,
        form=WorkingGroupForm(
            post_data(request),
            programme=programme,
            initial={"local_municipality": request.GET.get("local_municipality")},
        ),
        save=lambda f: organisation_services.working_group_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/workinggroup_form.html",
        context={"programme": programme},
        success_url=lambda obj: _url("working-group-detail", obj.pk),
    )


def working_group_detail(request, pk: int):
    """The group, its members and initiatives; editors add members here."""
    group = organisation_selectors.working_group_get(user=request.user, pk=pk)
    can_edit = permissions.can_edit_programme_part(request.user, group)
    if request.method == "POST":
        deny_unless(can_edit)
    return part_form_view(
        request,
        form=WorkingGroupMemberForm(post_data(request)) if can_edit else None,
        save=lambda f: organisation_services.working_group_member_create(
            actor=request.user, working_group=group, **f.service_fields()
        ),
        template="programmes/workinggroup_detail.html",
        context={
            "group": group,
            "programme": group.programme,
            "initiatives": group.initiatives.select_related("focus_area"),
            "can_edit": can_edit,
        },
        success_url=lambda obj: _url("working-group-detail", group.pk),
    )


def working_group_edit(request, pk: int):
    group = organisation_selectors.working_group_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, group))
    return part_form_view(
        request,
        form=WorkingGroupForm(
            post_data(request), instance=group, programme=group.programme
        ),
        save=lambda f: organisation_services.working_group_update(
            actor=request.user, working_group=group, **f.service_fields()
        ),
        template="programmes/workinggroup_form.html",
        context={"programme": group.programme, "group": group},
        success_url=lambda obj: _url("working-group-detail", obj.pk),
    )


def working_group_member_edit(request, pk: int):
    member = organisation_selectors.working_group_member_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, member))
    group = member.working_group
    return part_form_view(
        request,
        form=WorkingGroupMemberForm(post_data(request), instance=member),
        save=lambda f: organisation_services.working_group_member_update(
            actor=request.user, member=member, **f.service_fields()
        ),
        template="programmes/workinggroupmember_form.html",
        context={"programme": group.programme, "group": group, "member": member},
        success_url=lambda obj: _url("working-group-detail", group.pk),
    )


def partner_list(request, code: str | None = None, pk: int | None = None):
    """Partner organisations; editors add partners here."""
    programme = programme_for(request, code, pk)
    can_edit = permissions.can_edit_programme(request.user, programme)
    if request.method == "POST":
        deny_unless(can_edit)
    return part_form_view(
        request,
        form=PartnerForm(post_data(request)) if can_edit else None,
        save=lambda f: organisation_services.partner_create(
            actor=request.user, programme=programme, **f.service_fields()
        ),
        template="programmes/partner_list.html",
        context={
            "programme": programme,
            "partners": organisation_selectors.partner_list(programme=programme),
            "can_edit": can_edit,
        },
        success_url=lambda obj: programme_page_url("partner-list", programme),
    )


def partner_edit(request, pk: int):
    partner = organisation_selectors.partner_get(user=request.user, pk=pk)
    deny_unless(permissions.can_edit_programme_part(request.user, partner))
    return part_form_view(
        request,
        form=PartnerForm(post_data(request), instance=partner),
        save=lambda f: organisation_services.partner_update(
            actor=request.user, partner=partner, **f.service_fields()
        ),
        template="programmes/partner_form.html",
        context={"programme": partner.programme, "partner": partner},
        success_url=lambda obj: programme_page_url("partner-list", obj.programme),
    )


def _delete(request, obj, programme, back_url: str, kind: str):
    deny_unless(permissions.can_edit_programme_part(request.user, obj))
    return part_delete_view(
        request, obj=obj, programme=programme, back_url=back_url, kind=kind
    )


def meeting_delete(request, pk: int):
    meeting = organisation_selectors.meeting_get(user=request.user, pk=pk)
    back = programme_page_url("management-group", meeting.programme)
    kind = _("Management group meeting")
    return _delete(request, meeting, meeting.programme, back, kind)


def member_delete(request, pk: int):
    member = organisation_selectors.member_get(user=request.user, pk=pk)
    back = programme_page_url("management-group", member.programme)
    kind = _("Member of the management group")
    return _delete(request, member, member.programme, back, kind)


def working_group_delete(request, pk: int):
    group = organisation_selectors.working_group_get(user=request.user, pk=pk)
    back = programme_page_url("working-group-list", group.programme)
    return _delete(request, group, group.programme, back, _("Working group"))


def working_group_member_delete(request, pk: int):
    member = organisation_selectors.working_group_member_get(user=request.user, pk=pk)
    back = _url("working-group-detail", member.working_group_id)
    kind = _("Member of the working group")
    return _delete(request, member, member.working_group.programme, back, kind)


def partner_delete(request, pk: int):
    partner = organisation_selectors.partner_get(user=request.user, pk=pk)
    back = programme_page_url("partner-list", partner.programme)
    return _delete(request, partner, partner.programme, back, _("Partner"))
