"""Export of the initiative list (django-import-export): columns only.

Files are made by the one exporter (safecommunity.core.exports), which
neutralises formulas and audits the export.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import Initiative

__all__ = ["InitiativeResource"]


def _joined(values) -> str:
    return ", ".join(str(v) for v in values)


class InitiativeResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name=_("Title"))
    focus_area = fields.Field(column_name=_("Focus area"))
    status = fields.Field(column_name=_("Status"))
    measure_type = fields.Field(column_name=_("Type of measure"))
    start_date = fields.Field(attribute="start_date", column_name=_("Start date"))
    end_date = fields.Field(attribute="end_date", column_name=_("End date"))
    age_groups = fields.Field(column_name=_("Target age groups"))
    arenas = fields.Field(column_name=_("Arenas"))
    sectors = fields.Field(column_name=_("Sectors involved"))
    working_group = fields.Field(column_name=_("Working group"))
    budget = fields.Field(attribute="budget", column_name=_("Budget (NOK)"))
    funding_source = fields.Field(
        attribute="funding_source", column_name=_("Funding source")
    )
    reach = fields.Field(attribute="reach", column_name=_("Reach (participants)"))
    responsible_person = fields.Field(
        attribute="responsible_person", column_name=_("Responsible person")
    )
    description = fields.Field(attribute="description", column_name=_("Description"))

    class Meta:
        model = Initiative
        fields = (
            "title",
            "focus_area",
            "status",
            "measure_type",
            "start_date",
            "end_date",
            "age_groups",
            "arenas",
            "sectors",
            "working_group",
            "budget",
            "funding_source",
            "reach",
            "responsible_person",
            "description",
        )
        export_order = fields

    def dehydrate_focus_area(self, obj: Initiative) -> str:
        return obj.focus_area.title if obj.focus_area else ""

    def dehydrate_status(self, obj: Initiative) -> str:
        return str(obj.get_status_display())

    def dehydrate_measure_type(self, obj: Initiative) -> str:
        return str(obj.get_measure_type_display())

    def dehydrate_age_groups(self, obj: Initiative) -> str:
        return _joined(obj.age_group_labels)

    def dehydrate_arenas(self, obj: Initiative) -> str:
        return _joined(obj.arena_labels)

    def dehydrate_sectors(self, obj: Initiative) -> str:
        return _joined(obj.sector_labels)

    def dehydrate_working_group(self, obj: Initiative) -> str:
        return obj.working_group.name if obj.working_group else ""
