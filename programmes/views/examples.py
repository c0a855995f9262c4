"""Good examples: proposed by coordinators, reviewed by the secretariat, adopted
by other municipalities."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..examples_permissions import can_adopt_examples, can_propose_example
from ..forms.examples import ExampleAdoptForm, ExampleProposalForm, ExampleReviewForm
from ..selectors import examples as selectors
from ..selectors import programme as programme_selectors
from ..services import examples as services
from ._common import deny_unless, form_page, post_data, post_files, save_form


def example_propose(request, code: str):
    programme = programme_selectors.programme_get(user=request.user, code=code)
    deny_unless(can_propose_example(request.user, programme))
    form = ExampleProposalForm(
        post_data(request), post_files(request), programme=programme
    )
    if request.method == "POST":
        example = save_form(
            form,
            lambda: services.example_propose(
                actor=request.user,
                programme=programme,
                **form.service_fields(),
                material_uploads=form.cleaned_data.get("material_uploads") or (),
            ),
        )
        if example is not None:
            messages.success(request, _("Thank you. The secretariat reviews it."))
            return redirect("programmes:programme-overview", code=code)
    context = {
        "form": form,
        "programme": programme,
        "examples": selectors.programme_examples(programme=programme),
    }
    return form_page(request, "programmes/goodexample_form.html", context)


@require_GET
def example_review_list(request):
    examples = selectors.examples_for_review(user=request.user)
    return render(
        request, "programmes/goodexample_review_list.html", {"examples": examples}
    )


def example_review(request, pk: int):
    example = selectors.example_for_review_get(user=request.user, pk=pk)
    form = ExampleReviewForm(post_data(request))
    if request.method == "POST":
        saved = save_form(
            form,
            lambda: services.example_review(
                actor=request.user,
                example=example,
                publish=form.cleaned_data["decision"] == "publish",
                note=form.cleaned_data["note"],
            ),
        )
        if saved is not None:
            return redirect("programmes:example-review-list")
    context = {"form": form, "example": example}
    return form_page(request, "programmes/goodexample_review.html", context)


def example_adopt(request, pk: int):
    deny_unless(can_adopt_examples(request.user))
    example = selectors.published_example_get(pk=pk)
    programmes = selectors.adoptable_programmes(user=request.user).exclude(
        pk=example.programme_id
    )
    form = ExampleAdoptForm(post_data(request), programmes=programmes)
    if request.method == "POST":
        initiative = save_form(
            form,
            lambda: services.example_adopt(
                actor=request.user,
                example=example,
                programme=form.cleaned_data["programme"],
            ),
        )
        if initiative is not None:
            messages.success(
                request,
                _("The example is now a planned initiative. Fill in the details."),
            )
            return redirect(reverse("programmes:initiative-edit", args=[initiative.pk]))
    context = {"form": form, "example": example}
    return form_page(request, "programmes/goodexample_adopt.html", context)
