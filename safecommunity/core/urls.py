from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/tokens/", views.api_tokens, name="api-tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        views.api_token_revoke,
        name="api-token-revoke",
    ),
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
