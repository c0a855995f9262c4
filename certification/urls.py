from django.urls import path

from .views import cases, checklists, council, designation, public
from .views import path as path_views

app_name = "certification"

urlpatterns = [
    path("register/", public.register, name="register"),
    path("steps/", checklists.checklist_list, name="checklists"),
    path(
        "steps/<int:number>/requirements/new/",
        checklists.requirement_create,
        name="requirement-create",
    ),
    path(
        "requirements/<int:pk>/edit/",
        checklists.requirement_edit,
        name="requirement-edit",
    ),
    path("cases/", cases.case_overview, name="case-list"),
    path("work/", council.worklist, name="worklist"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/transition/", cases.case_transition, name="case-transition"),
    path("cases/<int:pk>/comment/", cases.case_comment, name="case-comment"),
    path("cases/<int:pk>/diploma/retry/", cases.diploma_retry, name="diploma-retry"),
    path(
        "cases/<int:pk>/application/", cases.case_application, name="case-application"
    ),
    path("cases/<int:pk>/follow-up/", cases.case_follow_up, name="case-follow-up"),
    path("cases/<int:pk>/certifiers/", council.case_assign, name="case-assign"),
    path(
        "cases/<int:pk>/certifiers/<int:assignment_pk>/remove/",
        council.assignment_remove,
        name="assignment-remove",
    ),
    path("cases/<int:pk>/respond/", council.case_respond, name="case-respond"),
    path("cases/<int:pk>/meeting/", council.case_meeting, name="case-meeting"),
    path("cases/<int:pk>/statement/", council.case_statement, name="case-statement"),
    path("cases/<int:pk>/decision/", council.case_decision, name="case-decision"),
    path("municipalities/<municipality:code>/", path_views.path_view, name="path"),
    path(
        "municipalities/<municipality:code>/designation/",
        designation.designation_view,
        name="designation",
    ),
    path(
        "designations/<int:pk>/decision/",
        designation.designation_decision,
        name="designation-decision",
    ),
    path(
        "municipalities/<municipality:code>/open/",
        path_views.case_open,
        name="case-open",
    ),
    path(
        "municipalities/<municipality:code>/steps/<int:number>/",
        path_views.step_detail,
        name="step-detail",
    ),
    path(
        "municipalities/<municipality:code>/safety-profile/",
        path_views.safety_profile,
        name="safety-profile",
    ),
    path(
        "municipalities/<municipality:code>/safety-profile/<int:version>/",
        path_views.safety_profile_version,
        name="safety-profile-version",
    ),
    # A regional programme's path: the same pages, by the programme's id.
    path("regions/<int:pk>/", path_views.path_view, name="region-path"),
    path("regions/<int:pk>/open/", path_views.case_open, name="region-case-open"),
    path(
        "regions/<int:pk>/steps/<int:number>/",
        path_views.step_detail,
        name="region-step-detail",
    ),
    path(
        "regions/<int:pk>/safety-profile/",
        path_views.safety_profile,
        name="region-safety-profile",
    ),
    path(
        "regions/<int:pk>/safety-profile/<int:version>/",
        path_views.safety_profile_version,
        name="region-safety-profile-version",
    ),
]
