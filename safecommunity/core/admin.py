from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from .exports import AuditedImportExportMixin
from .models import AuditEntry, Country, County, Municipality, StatusChange, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Role and access"),
            {"fields": ("role", "title", "municipalities", "county", "language")},
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Role and access"),
            {"fields": ("role", "municipalities", "county", "language")},
        ),
    )
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    filter_horizontal = ("municipalities", "groups", "user_permissions")


class CountyResource(resources.ModelResource):
    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=ForeignKeyWidget(Country, "code"),
    )

    class Meta:
        model = County
        fields = ("country", "code", "name", "valid_from", "valid_to")
        import_id_fields = ("country", "code")


class CountyOfRowCountryWidget(ForeignKeyWidget):
    """A county by its code within the row's country (codes repeat across countries)."""

    def get_queryset(self, value, row, *args, **kwargs):
        return County.objects.filter(country__code=row.get("country")).order_by(
            "-valid_from"
        )


class MunicipalityResource(resources.ModelResource):
    """Keyed on country and code together: Norway's 0127 is not Sweden's."""

    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=ForeignKeyWidget(Country, "code"),
    )
    county = fields.Field(
        attribute="county",
        column_name="county",
        widget=CountyOfRowCountryWidget(County, "code"),
    )

    class Meta:
        model = Municipality
        fields = ("country", "code", "name", "county", "valid_from", "valid_to")
        import_id_fields = ("country", "code")


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(County)
class CountyAdmin(AuditedImportExportMixin, admin.ModelAdmin):
    resource_classes = [CountyResource]
    list_display = ("code", "name", "country", "valid_from", "valid_to")
    list_filter = ("country",)
    search_fields = ("code", "name")


@admin.register(Municipality)
class MunicipalityAdmin(AuditedImportExportMixin, admin.ModelAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ("code", "name", "country", "county", "valid_from", "valid_to")
    list_filter = ("country", "county")
    search_fields = ("code", "name")
    filter_horizontal = ("successors",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail and status history can be read, never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor__username")
    date_hierarchy = "created_at"


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "content_type",
        "object_id",
        "from_status",
        "to_status",
        "actor",
    )
    list_filter = ("content_type",)
