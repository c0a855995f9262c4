"""Routes of safety walks and Risikorydding.

They keep the addresses they had under /programmes/, so links already sent
and bookmarks keep working: safecommunity/urls.py mounts them there, after
the programmes routes. Their names are in the `walks` namespace.
"""

from django.urls import path

from .views import checklists, findings, public, staff

app_name = "walks"

# Routes by object id come first; routes by municipality code follow.
urlpatterns = [
    path("walk/<str:token>/", public.walk_link, name="walk-link"),
    path(
        "checklists/<str:token>/",
        checklists.checklist_public_list,
        name="checklist-public-list",
    ),
    path(
        "checklists/<str:token>/<int:pk>/",
        checklists.checklist_public_form,
        name="checklist-public-form",
    ),
    path("walks/<int:pk>/", staff.walk_detail, name="walk-detail"),
    path("walks/<int:pk>/edit/", staff.walk_edit, name="walk-edit"),
    path("walks/<int:pk>/report/", staff.walk_report_status, name="walk-report"),
    path(
        "walks/<int:pk>/report/retry/",
        staff.walk_report_try_again,
        name="walk-report-retry",
    ),
    path(
        "walks/<int:pk>/transition/",
        staff.walk_transition,
        name="walk-transition",
    ),
    path(
        "walks/<int:pk>/links/new/",
        staff.walk_link_create,
        name="walk-link-create",
    ),
    path(
        "walk-links/<int:pk>/revoke/",
        staff.walk_link_revoke,
        name="walk-link-revoke",
    ),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/merge/", staff.finding_merge, name="finding-merge"),
    # By municipality code
    path("<municipality:code>/walks/", staff.walk_list, name="walk-list"),
    path("<municipality:code>/walks/new/", staff.walk_create, name="walk-create"),
    path(
        "<municipality:code>/findings/",
        findings.follow_up_board,
        name="finding-board",
    ),
    path(
        "<municipality:code>/checklists/",
        checklists.checklist_overview,
        name="checklist-overview",
    ),
]
