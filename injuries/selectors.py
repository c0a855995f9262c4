"""Reads of the injury app, scoped to the user asking (404 for what is hidden)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safecommunity.core import permissions as core_permissions
from safecommunity.core.models import County, Municipality, User
from safecommunity.core.selectors import municipality_get
from safecommunity.core.selectors import municipality_list as municipality_list_for

from . import permissions
from .codes import AGE_BAND_BOUNDS
from .models import CODE_FIELDS, Code, CodeBook, ImportJob, Population, Registration


def editable_municipalities(*, user: User) -> QuerySet[Municipality]:
    """Municipalities the user may register injuries for."""
    qs = Municipality.objects.select_related("county__country").order_by("code")
    ids = core_permissions.editable_municipality_ids(user)
    return qs if ids is None else qs.filter(pk__in=ids)


def registering_municipality_get(*, user: User, code: str) -> Municipality:
    """A municipality whose registrations the user may list and add to; else 404."""
    municipality = municipality_get(user=user, code=code)
    if not permissions.can_list_registrations(user, municipality):
        raise Http404
    return municipality


def registration_list(
    *, user: User, municipality: Municipality, filters: dict | None = None
) -> QuerySet[Registration]:
    """Registrations of one municipality, newest first, filtered."""
    if not permissions.can_list_registrations(user, municipality):
        raise Http404
    qs = Registration.objects.filter(municipality=municipality).order_by(
        "-injury_date", "-id"
    )
    filters = filters or {}
    if filters.get("year"):
        qs = qs.filter(injury_date__year=filters["year"])
    if filters.get("sex"):
        qs = qs.filter(sex=filters["sex"])
    if filters.get("age_band"):
        low, high = AGE_BAND_BOUNDS[filters["age_band"]]
        qs = qs.filter(age__gte=low, age__lte=high)
    for field in ("place", "mechanism"):
        if filters.get(field):
            qs = qs.filter(**{field: filters[field]})
    return qs


def registration_years(*, municipality: Municipality) -> list[int]:
    """Years from the first to the latest registration in the municipality, newest first.

    The first and last dates come from the (municipality, injury_date) index in
    one query, instead of grouping every registration by year.
    """
    span = Registration.objects.filter(municipality=municipality).aggregate(
        first=Min("injury_date"), last=Max("injury_date")
    )
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def registration_get(*, user: User, pk: int) -> Registration:
    """One registration the user may change; 404 whether missing or hidden."""
    registration = (
        Registration.objects.select_related("municipality").filter(pk=pk).first()
    )
    if registration is None or not permissions.can_change_registration(
        user, registration
    ):
        raise Http404
    return registration


def import_job_list(*, user: User) -> QuerySet[ImportJob]:
    """The user's recent uploads (the secretariat sees all)."""
    qs = ImportJob.objects.filter(kind=ImportJob.Kind.INJURIES).select_related(
        "created_by"
    )
    if not core_permissions.is_secretariat(user):
        qs = qs.filter(created_by=user)
    return qs


def import_job_get(*, user: User, pk: int) -> ImportJob:
    """One upload the user may see; 404 whether missing or hidden."""
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None or not permissions.can_view_import(user, job):
        raise Http404
    return job


def code_options() -> dict[str, list[tuple[str, str, str]]]:
    """Per code list: (code, Norwegian label, English label), in list order."""
    options: dict[str, list[tuple[str, str, str]]] = {f: [] for f in CODE_FIELDS}
    for code, list_name, nb, en in Code.objects.order_by(
        "list_name", "sort_order", "code"
    ).values_list("code", "list_name", "label_nb", "label_en"):
        options.setdefault(list_name, []).append((code, nb, en))
    return options


def code_labels() -> dict[str, dict[str, str]]:
    """Per code list: code -> label in the active language."""
    labels: dict[str, dict[str, str]] = {f: {} for f in CODE_FIELDS}
    for code in Code.objects.all():
        labels.setdefault(code.list_name, {})[code.code] = code.label
    return labels


def code_book_list(*, user: User) -> QuerySet[CodeBook]:
    """The code books, with how many codes each has (secretariat only)."""
    if not permissions.can_manage_code_books(user):
        raise Http404
    return CodeBook.objects.annotate(entry_count=Count("entries")).order_by("name")


def code_book_get(*, user: User, pk: int) -> CodeBook:
    """One code book; 404 for anyone but the secretariat."""
    if not permissions.can_manage_code_books(user):
        raise Http404
    return get_object_or_404(CodeBook, pk=pk)


def code_book_entries(*, book: CodeBook) -> list[dict]:
    """Each code of the book with its current mapping, version and a suggestion."""
    from .codebooks import current_mappings, suggestions

    entries = list(book.entries.all())
    newest = current_mappings(book)
    suggested = suggestions(entries)
    return [
        {
            "entry": entry,
            "mapping": newest.get(entry.pk),
            "suggestion": suggested.get(entry.pk, ""),
        }
        for entry in entries
    ]


def population_job_list(*, user: User) -> QuerySet[ImportJob]:
    """The latest population imports (secretariat only)."""
    if not permissions.can_import_population(user):
        raise Http404
    return ImportJob.objects.filter(kind=ImportJob.Kind.POPULATION).select_related(
        "created_by"
    )


def population_by_sex(*, country: str, code: str, year: int) -> dict[str, int] | None:
    """Inhabitants by sex stored for a municipality code and year; None if none."""
    rows = (
        Population.objects.filter(
            municipality__country__code=country,
            municipality__code=code,
            year=year,
        )
        .values("sex")
        .annotate(n=Sum("count"))
        .order_by("sex")
    )
    found = {row["sex"]: row["n"] for row in rows}
    return found or None


def municipality_for_statistics(*, user: User, country: str, code: str) -> Municipality:
    """A municipality of `country` whose statistics the user may read; else 404."""
    found = list(
        municipality_list_for(user=user)
        .filter(country__code=country, code=code)
        .order_by("-valid_from")[:1]
    )
    if not found or not permissions.can_view_statistics(user, found[0]):
        raise Http404
    return found[0]


def county_for_statistics(*, user: User, country: str, code: str) -> County:
    """A county of `country` under that code (current ones first) whose every
    municipality the user may read, as the county page demands; else 404."""
    candidates = County.objects.filter(country__code=country, code=code).order_by(
        F("valid_to").desc(nulls_first=True),
        F("valid_from").desc(nulls_first=True),
        "pk",
    )
    readable = core_permissions.readable_municipality_ids(user)
    for county in candidates:
        ids = set(county.municipalities.values_list("pk", flat=True))
        if ids and (readable is None or ids <= readable):
            return county
    raise Http404


@dataclass(frozen=True)
class ImportUndo:
    """What undoing an import would remove, and why it may not be done now."""

    rows: int
    municipalities: list[Municipality]
    refusal: str | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def import_undo_get(*, user: User, job: ImportJob) -> ImportUndo:
    """How many registrations the import still holds, in which municipalities,
    and whether `user` may undo it now (two queries on the import's index)."""
    counts = dict(
        Registration.objects.filter(import_job=job)
        .values_list("municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    municipalities = list(
        Municipality.objects.filter(pk__in=counts).order_by("code") if counts else []
    )
    return ImportUndo(
        rows=sum(counts.values()),
        municipalities=municipalities,
        refusal=permissions.import_undo_refusal(
            user, job, municipalities=municipalities, now=timezone.now()
        ),
    )
