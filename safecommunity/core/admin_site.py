from django.contrib import admin
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class TryggAdminSite(admin.AdminSite):
    """The secretariat's administration: open to the secretariat role, not only to staff."""

    site_header = _("Trygg administration")
    site_title = _("Trygg administration")
    index_title = _("Secretariat")

    def has_permission(self, request):
        from . import permissions

        return permissions.is_secretariat(request.user) or super().has_permission(
            request
        )


class TryggAdminConfig(admin_apps.AdminConfig):
    default_site = "safecommunity.core.admin_site.TryggAdminSite"
