"""The public pages of published good examples: list, search, detail, materials, feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..examples_permissions import can_adopt_examples
from ..forms.examples import ExampleFilterForm
from ..selectors import examples as selectors
from ..selectors.example_results import example_results
from ..selectors.spread import example_spread_map


@login_not_required
@require_GET
def example_list(request):
    form = ExampleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ExampleFilters(
        **{k: data.get(k, "") for k in ("q", "focus_area", "target_group", "arena")}
    )
    examples = selectors.published_examples(filters=filters)[:100]
    return render(
        request,
        "programmes/goodexample_list.html",
        {"filter_form": form, "examples": examples},
    )


@login_not_required
@require_GET
def example_detail(request, pk: int):
    example = selectors.published_example_get(pk=pk)
    return render(
        request,
        "programmes/goodexample_detail.html",
        {
            "example": example,
            "spread": example_spread_map(example=example),
            "results": example_results(example=example),
            "can_adopt": can_adopt_examples(request.user),
        },
    )


@login_not_required
@require_GET
def example_material(request, pk: int, document_pk: int):
    example = selectors.published_example_get(pk=pk)
    document = selectors.published_material_get(
        example=example, document_pk=document_pk
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


class ExampleFeed(Feed):
    """Atom feed of the newest published good examples."""

    feed_type = Atom1Feed
    title = _("Good examples from Safe Communities")
    link = reverse_lazy("programmes:example-list")
    subtitle = _("Initiatives other municipalities can learn from and adopt.")

    def items(self):
        return selectors.published_examples()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("programmes:example-detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.programme.municipality.name


example_feed = login_not_required(ExampleFeed())
