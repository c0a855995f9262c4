from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path(
        "municipalities/<str:code>/",
        views.municipality_detail,
        name="municipality-detail",
    ),
]
