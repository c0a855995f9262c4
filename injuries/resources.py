"""django-import-export resources: column mappings only."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from safecommunity.core.models import Municipality

from .models import Code, Registration


class CodeResource(resources.ModelResource):
    class Meta:
        model = Code
        fields = (
            "list_name",
            "code",
            "label_nb",
            "label_en",
            "label_sv",
            "version",
            "valid_from",
            "valid_to",
            "sort_order",
            "nomesco",
            "iceci",
        )
        import_id_fields = ("list_name", "code")
        skip_unchanged = True


class RegistrationExportResource(resources.ModelResource):
    """Export only; imports go through the one importer (injuries.importing)."""

    municipality = fields.Field(
        attribute="municipality",
        column_name="municipality",
        widget=ForeignKeyWidget(Municipality, "code"),
    )

    class Meta:
        model = Registration
        fields = (
            "injury_date",
            "municipality",
            "age",
            "sex",
            "contact_cause",
            "place",
            "activity",
            "mechanism",
            "severity",
            "transport",
            "external_id",
            "source",
        )
        export_order = fields
