"""Factories for dossier jobs and the programme data a dossier shows."""

import datetime
import hashlib
from decimal import Decimal

import factory

from programmes.models import (
    FocusArea,
    Indicator,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    ManagementGroupMember,
    Programme,
)
from reports.models import DossierJob
from safecommunity.core.models import Document, Municipality


class DossierJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierJob

    kind = DossierJob.Kind.DOSSIER
    language = "nb"


def documents_create(municipality: Municipality, count: int) -> list[Document]:
    """Document rows (metadata only) for the appendix, in bulk."""
    return Document.objects.bulk_create(
        Document(
            municipality=municipality,
            title=f"Vedlegg {i}",
            file=f"documents/test/{i:05d}",
            original_name=f"vedlegg-{i:05d}.pdf",
            content_type="application/pdf",
            size=1000 + i,
            sha256=hashlib.sha256(str(i).encode()).hexdigest(),
        )
        for i in range(count)
    )


def programme_with_data(municipality: Municipality) -> Programme:
    """A programme with focus areas, a management group, an initiative and indicators."""
    programme = Programme.objects.create(
        municipality=municipality,
        status=Programme.Status.WORKING_TOWARDS,
        start_date=datetime.date(2022, 3, 1),
        description="Trygg oppvekst <script>alert(1)</script> & eldre.",
    )
    falls = FocusArea.objects.create(
        programme=programme,
        title="Fall blant eldre",
        priority=1,
        reason="Flest skader.",
    )
    FocusArea.objects.create(programme=programme, title="Trafikk", priority=2)
    ManagementGroupMember.objects.create(
        programme=programme,
        name="Ordfører Olsen",
        role="chair",
        sector="other",
    )
    initiative = Initiative.objects.create(
        programme=programme,
        title="Fallforebygging i hjemmet",
        focus_area=falls,
        measure_type="structural",
        start_date=datetime.date(2023, 1, 1),
        status=Initiative.Status.RUNNING,
    )
    InitiativeReport.objects.create(
        initiative=initiative,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        activities="Hjemmebesøk hos 120 eldre.",
    )
    indicator, _created = Indicator.objects.get_or_create(
        key="test-trivsel",
        defaults={
            "name_nb": "Trivsel på skolen",
            "name_en": "Wellbeing at school",
            "source": "Ungdata",
            "better": Indicator.Better.HIGHER,
        },
    )
    for year, value in ((2021, "80.5"), (2022, "82.0"), (2023, "84.5")):
        IndicatorValue.objects.create(
            indicator=indicator,
            municipality=municipality,
            year=year,
            value=Decimal(value),
            n=300,
            comparison_value=Decimal("81.0"),
            comparison_scope=IndicatorValue.ComparisonScope.NATIONAL,
        )
    return programme
