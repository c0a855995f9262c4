from django.urls import path

from .views import (
    agreements,
    examples,
    examples_public,
    indicators,
    initiatives,
    organisation,
    programme,
    regions,
)

app_name = "programmes"

# Routes by object id come first; routes by municipality code follow.
urlpatterns = [
    # Good examples: public pages first, so no municipality code shadows them.
    path("examples/", examples_public.example_list, name="example-list"),
    path("examples/feed/", examples_public.example_feed, name="example-feed"),
    path("examples/review/", examples.example_review_list, name="example-review-list"),
    path("examples/<int:pk>/", examples_public.example_detail, name="example-detail"),
    path(
        "examples/<int:pk>/materials/<int:document_pk>/",
        examples_public.example_material,
        name="example-material",
    ),
    path("examples/<int:pk>/review/", examples.example_review, name="example-review"),
    path("examples/<int:pk>/adopt/", examples.example_adopt, name="example-adopt"),
    path("regions/", regions.region_list, name="region-list"),
    path("regions/new/", regions.region_create, name="region-create"),
    path("regions/<int:pk>/", regions.region_detail, name="region-detail"),
    path("regions/<int:pk>/members/", regions.region_members, name="region-members"),
    path(
        "regions/<int:pk>/focus-areas/",
        regions.region_focus_areas,
        name="region-focus-areas",
    ),
    path(
        "regions/<int:pk>/partners/",
        organisation.partner_list,
        name="region-partner-list",
    ),
    path(
        "regions/<int:pk>/data-sharing/",
        agreements.data_sharing_list,
        name="region-data-sharing-list",
    ),
    path(
        "regions/<int:pk>/data-sharing/new/",
        agreements.data_sharing_create,
        name="region-data-sharing-create",
    ),
    path(
        "regions/<int:pk>/management-group/",
        organisation.management_group,
        name="region-management-group",
    ),
    path(
        "regions/<int:pk>/management-group/new/",
        organisation.member_create,
        name="region-member-create",
    ),
    path(
        "regions/<int:pk>/meetings/new/",
        organisation.meeting_create,
        name="region-meeting-create",
    ),
    path(
        "regions/<int:pk>/working-groups/",
        organisation.working_group_list,
        name="region-working-group-list",
    ),
    path(
        "regions/<int:pk>/working-groups/new/",
        organisation.working_group_create,
        name="region-working-group-create",
    ),
    path(
        "focus-areas/<int:pk>/edit/",
        programme.focus_area_edit,
        name="focus-area-edit",
    ),
    path(
        "initiatives/<int:pk>/",
        initiatives.initiative_detail,
        name="initiative-detail",
    ),
    path(
        "initiatives/<int:pk>/edit/",
        initiatives.initiative_edit,
        name="initiative-edit",
    ),
    path(
        "initiatives/<int:pk>/delete/",
        initiatives.initiative_delete,
        name="initiative-delete",
    ),
    path(
        "initiatives/<int:pk>/reports/new/",
        initiatives.report_create,
        name="report-create",
    ),
    path("reports/<int:pk>/edit/", initiatives.report_edit, name="report-edit"),
    path("reports/<int:pk>/delete/", initiatives.report_delete, name="report-delete"),
    path("members/<int:pk>/edit/", organisation.member_edit, name="member-edit"),
    path("members/<int:pk>/delete/", organisation.member_delete, name="member-delete"),
    path("meetings/<int:pk>/", organisation.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", organisation.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:pk>/delete/",
        organisation.meeting_delete,
        name="meeting-delete",
    ),
    path(
        "working-groups/<int:pk>/",
        organisation.working_group_detail,
        name="working-group-detail",
    ),
    path(
        "working-groups/<int:pk>/edit/",
        organisation.working_group_edit,
        name="working-group-edit",
    ),
    path(
        "working-groups/<int:pk>/delete/",
        organisation.working_group_delete,
        name="working-group-delete",
    ),
    path(
        "working-group-members/<int:pk>/edit/",
        organisation.working_group_member_edit,
        name="working-group-member-edit",
    ),
    path(
        "working-group-members/<int:pk>/delete/",
        organisation.working_group_member_delete,
        name="working-group-member-delete",
    ),
    path("partners/<int:pk>/edit/", organisation.partner_edit, name="partner-edit"),
    path(
        "partners/<int:pk>/agreements/new/",
        agreements.partner_agreement_create,
        name="partner-agreement-create",
    ),
    path(
        "data-sharing/<int:pk>/",
        agreements.data_sharing_detail,
        name="data-sharing-detail",
    ),
    path(
        "data-sharing/<int:pk>/edit/",
        agreements.data_sharing_edit,
        name="data-sharing-edit",
    ),
    path(
        "partner-agreements/<int:pk>/edit/",
        agreements.partner_agreement_edit,
        name="partner-agreement-edit",
    ),
    path(
        "partners/<int:pk>/delete/",
        organisation.partner_delete,
        name="partner-delete",
    ),
    # By municipality code
    path("", programme.programme_list, name="programme-list"),
    path(
        "<municipality:code>/", programme.programme_overview, name="programme-overview"
    ),
    path("<municipality:code>/edit/", programme.programme_edit, name="programme-edit"),
    path(
        "<municipality:code>/focus-areas/",
        programme.focus_area_list,
        name="focus-area-list",
    ),
    path(
        "<municipality:code>/annual-report/<int:year>/",
        programme.annual_report,
        name="annual-report",
    ),
    path(
        "<municipality:code>/initiatives/",
        initiatives.initiative_list,
        name="initiative-list",
    ),
    path(
        "<municipality:code>/initiatives/export.<str:file_format>",
        initiatives.initiative_export,
        name="initiative-export",
    ),
    path(
        "<municipality:code>/initiatives/new/",
        initiatives.initiative_create,
        name="initiative-create",
    ),
    path(
        "<municipality:code>/initiatives/validate/",
        initiatives.initiative_validate,
        name="initiative-validate",
    ),
    path(
        "<municipality:code>/management-group/",
        organisation.management_group,
        name="management-group",
    ),
    path(
        "<municipality:code>/management-group/new/",
        organisation.member_create,
        name="member-create",
    ),
    path(
        "<municipality:code>/meetings/new/",
        organisation.meeting_create,
        name="meeting-create",
    ),
    path(
        "<municipality:code>/working-groups/",
        organisation.working_group_list,
        name="working-group-list",
    ),
    path(
        "<municipality:code>/working-groups/new/",
        organisation.working_group_create,
        name="working-group-create",
    ),
    path(
        "<municipality:code>/partners/", organisation.partner_list, name="partner-list"
    ),
    path(
        "<municipality:code>/examples/propose/",
        examples.example_propose,
        name="example-propose",
    ),
    path(
        "<municipality:code>/data-sharing/",
        agreements.data_sharing_list,
        name="data-sharing-list",
    ),
    path(
        "<municipality:code>/data-sharing/new/",
        agreements.data_sharing_create,
        name="data-sharing-create",
    ),
    path(
        "<municipality:code>/indicators/",
        indicators.indicator_list,
        name="indicator-list",
    ),
]
