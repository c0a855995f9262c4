"""The mayor's journey: the dashboard, a filter, and a dossier made by a worker."""

from __future__ import annotations

import re

from reports.models import DossierJob

CHARTS_DRAWN = """() => {
    const canvases = [...document.querySelectorAll("canvas[data-chart]")];
    return canvases.length > 0 && typeof window.Chart !== "undefined"
        && canvases.every(c => window.Chart.getChart(c) && c.width > 0 && c.height > 0);
}"""
CHARTS = """() => [...document.querySelectorAll("canvas[data-chart]")].map(c => ({
    key: c.dataset.chart,
    width: c.getBoundingClientRect().width,
    height: c.getBoundingClientRect().height,
    points: window.Chart.getChart(c).data.datasets.reduce((n, d) => n + d.data.length, 0),
}))"""


def _charts(page) -> list[dict]:
    page.wait_for_function(CHARTS_DRAWN)
    charts = page.evaluate(CHARTS)
    for chart in charts:
        assert chart["width"] > 0, chart
        assert chart["height"] > 0, chart
        assert chart["points"] > 0, chart
    return charts


def test_mayor_journey(demo, celery_worker_thread, journey):
    page = journey.page
    journey.login("mayor")
    assert page.url.endswith("/reports/3905/dashboard/")

    charts = _charts(page)
    assert {"rates"} <= {chart["key"] for chart in charts}
    assert page.locator("main table caption").count() >= len(charts)
    assert page.locator("main table tbody tr").count() > 0
    # The certification section comes in after the page has loaded.
    page.locator("#dashboard-certification h2 ~ *").first.wait_for()
    journey.check_languages("dashboard")
    _charts(page)

    # A filter: women only. htmx swaps the figures and the charts are redrawn.
    scope = page.locator(".dashboard-scope")
    page.get_by_label(re.compile("^(Kjønn|Kön|Sex)")).select_option("F")
    with page.expect_response(re.compile(r"/reports/3905/dashboard/\?")):
        page.locator("form.dashboard-filters button[type=submit]").click()
    scope.filter(has_text=re.compile("kvinner|women")).wait_for()
    assert "sex=F" in page.url
    _charts(page)
    journey.check("dashboard-women")

    # The dossier: built by the worker, progress polled by htmx, downloaded.
    journey.goto("/reports/3905/dossier/")
    journey.check_languages("dossier")
    page.locator("button[name=kind][value=dossier]").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="Du har bestilt PDF-en").count()
    job = DossierJob.objects.get(kind=DossierJob.Kind.DOSSIER)
    article = page.locator(f"#dossier-job-{job.pk}")
    download_link = article.locator("a[href$='/download/']")
    download_link.wait_for(timeout=120_000)
    job.refresh_from_db()
    assert job.status == DossierJob.Status.READY
    journey.check_languages("dossier-ready")
    with page.expect_download() as info:
        page.locator(f"#dossier-job-{job.pk} a[href$='/download/']").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
