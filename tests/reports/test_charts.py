"""Server-made SVG charts: accessible, escaped, well-formed."""

import xml.etree.ElementTree as ET

from reports.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, not untrusted


def test_line_chart_is_accessible_and_escapes_labels():
    svg = line_chart(
        chart_id="rate",
        title="Skader <per> 1000 & år",
        description="Egenby mot landet.",
        series=[
            Series("Egenby <script>", [(2021, 12.5), (2022, None), (2023, 10.0)]),
            Series("Norge", [(2021, 11.0), (2022, 11.2), (2023, 11.4)], dashed=True),
        ],
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "rate-title rate-desc"
    assert root.find(f"{SVG}title").text == "Skader <per> 1000 & år"
    assert "<script>" not in svg
    assert len(root.findall(f".//{SVG}polyline")) == 2
    assert any(p.get("stroke-dasharray") for p in root.iter(f"{SVG}polyline"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Egenby <script>" in texts
    assert {"2021", "2022", "2023"} <= set(texts)


def test_bar_chart_lists_every_category():
    svg = bar_chart(
        chart_id="places",
        title="Steder",
        description="Flest skader.",
        bars=[("Hjemme", 40), ("Skole & barnehage", 12.5), ("Vei", 0)],
    )
    root = _parse(svg)
    assert len(root.findall(f".//{SVG}rect")) == 3
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Skole & barnehage" in texts
    assert "12.5" in texts


def test_empty_charts_are_still_valid_svg():
    for svg in (
        line_chart(chart_id="a", title="T", description="D", series=[]),
        bar_chart(chart_id="b", title="T", description="D", bars=[]),
    ):
        assert _parse(svg).find(f"{SVG}title").text == "T"
