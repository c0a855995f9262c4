from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<str:code>/dossier/", views.dossier_page, name="dossier"),
    path(
        "<str:code>/dossier/jobs/<int:pk>/",
        views.dossier_job_status,
        name="dossier-job",
    ),
    path(
        "<str:code>/dossier/jobs/<int:pk>/download/",
        views.dossier_download,
        name="dossier-download",
    ),
]
