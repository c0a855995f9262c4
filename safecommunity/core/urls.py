from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path(
        "municipalities/<municipality:code>/",
        views.municipality_detail,
        name="municipality-detail",
    ),
    path(
        "municipalities/<municipality:code>/history/",
        views.municipality_history,
        name="municipality-history",
    ),
]
