from django.urls import path

from .dashboards import views as dashboard_views
from .dossiers import views

app_name = "reports"

urlpatterns = [
    path("<municipality:code>/dossier/", views.dossier_page, name="dossier"),
    path(
        "<municipality:code>/dossier/jobs/<int:pk>/",
        views.dossier_job_status,
        name="dossier-job",
    ),
    path(
        "<municipality:code>/dossier/jobs/<int:pk>/download/",
        views.dossier_download,
        name="dossier-download",
    ),
    path("<municipality:code>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "<municipality:code>/dashboard/certification/",
        dashboard_views.dashboard_certification_section,
        name="dashboard-certification",
    ),
    path("regions/<int:pk>/dossier/", views.region_dossier_page, name="region-dossier"),
    path(
        "regions/<int:pk>/dossier/jobs/<int:job>/",
        views.region_dossier_job_status,
        name="region-dossier-job",
    ),
    path(
        "regions/<int:pk>/dossier/jobs/<int:job>/download/",
        views.region_dossier_download,
        name="region-dossier-download",
    ),
    path("county/", dashboard_views.regional_home, name="regional-home"),
    path(
        "regions/<int:pk>/",
        dashboard_views.region_programme_dashboard,
        name="region-programme-dashboard",
    ),
    path(
        "regions/<int:pk>/annual-report/",
        dashboard_views.region_annual_report,
        name="region-annual-report",
    ),
    path(
        "regions/<int:pk>/annual-report/<int:year>/",
        dashboard_views.region_annual_report,
        name="region-annual-report",
    ),
    path("county/<int:county_id>/", dashboard_views.regional, name="regional"),
    path(
        "initiatives/<int:pk>/follow-up/",
        dashboard_views.initiative_follow_up,
        name="initiative-follow-up",
    ),
]
