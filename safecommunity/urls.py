from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language

from programmes import urls as programmes_urls
from safecommunity.api import api
from safecommunity.core import views as core_views
from walks import urls as walks_urls


def _public(urls):
    """The API's URL patterns, exempt from the portal's login requirement:
    the API authenticates with tokens itself (401, never a login page)."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        core_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("api/", core_views.api_index, name="api-index"),
    path("api/v1/", _public(api.urls)),
    re_path(r"^api/", core_views.api_not_found),
    path("injuries/", include("injuries.urls")),
    path("programmes/", include(programmes_urls)),
    # Safety walks keep their /programmes/ addresses: links already sent and
    # bookmarks still work. Their names are in the `walks` namespace.
    path("programmes/", include(walks_urls)),
    path("certification/", include("certification.urls")),
    path("reports/", include("reports.urls")),
    path("events/", include("events.urls")),
    path("", include("safecommunity.core.urls")),
]
