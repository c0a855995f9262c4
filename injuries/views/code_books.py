"""Code book pages: upload a source's codes and map them to ours."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import codebooks, selectors
from ..forms import CodeBookUploadForm


def code_book_list(request):
    books = selectors.code_book_list(user=request.user)
    form = CodeBookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        book, result = codebooks.code_book_upload(
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            data=form.cleaned_data["file"].read(),
        )
        if book is not None:
            messages.success(
                request,
                _("%(entries)s codes read, %(new)s of them new.")
                % {"entries": result.entries, "new": result.new},
            )
            return redirect("injuries:code-book-detail", pk=book.pk)
        for problem in result.problems:
            form.add_error(None, problem.as_line())
    return render(
        request, "injuries/code_book_list.html", {"form": form, "books": books}
    )


# size: the mapping page: take the suggestions or the chosen codes, then list them
def code_book_detail(request, pk: int):
    book = selectors.code_book_get(user=request.user, pk=pk)
    rows = selectors.code_book_entries(book=book)
    if request.method == "POST":
        if request.POST.get("use") == "suggestions":
            targets = {
                row["entry"].pk: row["suggestion"]
                for row in rows
                if row["mapping"] is None and row["suggestion"]
            }
        else:
            targets = {
                row["entry"].pk: request.POST.get(f"map-{row['entry'].pk}", "")
                for row in rows
            }
        changed = codebooks.code_mappings_save(
            actor=request.user, book=book, targets=targets
        )
        messages.success(
            request, _("%(changed)s mappings saved.") % {"changed": changed}
        )
        return redirect("injuries:code-book-detail", pk=book.pk)
    options = selectors.code_options()
    return render(
        request,
        "injuries/code_book_detail.html",
        {
            "book": book,
            "rows": [{**row, "options": options[row["entry"].field]} for row in rows],
            "unmapped": [row for row in rows if row["mapping"] is None],
        },
    )
