from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("notifications/", views.notification_list, name="notification-list"),
    path(
        "notifications/read/",
        views.notification_read_all,
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.notification_read,
        name="notification-read",
    ),
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
