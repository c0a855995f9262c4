"""Reads of good examples: the published ones for everyone, proposals for the
secretariat, and the programmes a user may adopt an example into."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from safecommunity.core import permissions as core
from safecommunity.core.models import Document, User

from ..examples_permissions import can_review_examples
from ..models import GoodExample, Initiative, Programme


@dataclass(frozen=True)
class ExampleFilters:
    q: str = ""
    focus_area: str = ""
    target_group: str = ""
    arena: str = ""


def published_examples(
    *, filters: ExampleFilters | None = None
) -> QuerySet[GoodExample]:
    """Published examples, newest first, searched and filtered."""
    filters = filters or ExampleFilters()
    qs = (
        GoodExample.objects.filter(status=GoodExample.Status.PUBLISHED)
        .select_related("programme__municipality")
        .annotate(adoption_count=Count("adoptions"))
        .order_by("-published_at", "-id")
    )
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(story__icontains=filters.q)
        )
    if filters.focus_area:
        qs = qs.filter(focus_area__icontains=filters.focus_area)
    if filters.target_group:
        qs = qs.filter(target_group=filters.target_group)
    if filters.arena:
        qs = qs.filter(arena=filters.arena)
    return qs


def published_example_get(*, pk: int) -> GoodExample:
    """A published example with its materials and where it has spread; else 404."""
    adoptions = Initiative.objects.select_related("programme__municipality").order_by(
        "programme__municipality__name"
    )
    example = (
        GoodExample.objects.filter(status=GoodExample.Status.PUBLISHED, pk=pk)
        .select_related("programme__municipality")
        .prefetch_related("materials", Prefetch("adoptions", queryset=adoptions))
        .first()
    )
    if example is None:
        raise Http404
    return example


def published_material_get(*, example: GoodExample, document_pk: int) -> Document:
    """A material of a published example, or 404."""
    document = example.materials.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    return document


def examples_for_review(*, user: User) -> QuerySet[GoodExample]:
    """Every proposal and example, proposals waiting first."""
    if not can_review_examples(user):
        raise PermissionDenied
    return GoodExample.objects.select_related(
        "programme__municipality", "proposed_by"
    ).order_by("status", "-created_at", "-id")


def example_for_review_get(*, user: User, pk: int) -> GoodExample:
    if not can_review_examples(user):
        raise PermissionDenied
    example = (
        GoodExample.objects.select_related("programme__municipality", "initiative")
        .prefetch_related("materials")
        .filter(pk=pk)
        .first()
    )
    if example is None:
        raise Http404
    return example


def programme_examples(*, programme: Programme) -> QuerySet[GoodExample]:
    """A readable programme's own proposals and published examples."""
    return programme.good_examples.select_related("initiative").order_by(
        "-created_at", "-id"
    )


def adoptable_programmes(*, user: User) -> QuerySet[Programme]:
    """The programmes the user may add an initiative to."""
    ids = core.editable_municipality_ids(user)
    qs = Programme.objects.select_related("municipality").order_by("municipality__name")
    return qs if ids is None else qs.filter(municipality__in=ids)
