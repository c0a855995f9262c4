"""The plain-language checker of tests/plain_language.py: what it flags, and
what it lets through."""

import pytest

from tests.plain_language import page_problems, problems, visible_texts


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("home_outside – Bolig ute", "code"),
        ("management_group_members", "code"),
        ("['a', 'b']", "python"),
        ("{'1': {'answer': 'yes'}}", "python"),
        ("None", "python"),
        ("Aktiv: True", "python"),
        ("3f4a9c0d12be5e77", "hash"),
        ("Sak: - → 1", "id"),
        ("Nov. 15, 2025", "date"),
        ("24.4", "number"),
        ("Show as table", "english"),
        ("the answer is yes", "english"),
    ],
)
def test_flags_what_a_reader_should_not_see(text, reason):
    assert f"{reason}: {text}" in problems([text], "nb")


@pytest.mark.parametrize(
    "text",
    [
        "Vis som tabell",
        "Bolig ute",
        "24,4",
        "15.11.2025",
        "WCAG 2.1 på nivå AA",
        "kari@trygg.invalid",
        "Skader per 1 000 innbyggere",
        "Status",
        "Trygg",
    ],
)
def test_lets_plain_norwegian_through(text):
    assert problems([text], "nb") == []


def test_english_is_fine_on_english_pages():
    assert problems(["Show as table", "24.4", "Nov. 15, 2025"], "en") == []


def test_reads_only_the_visible_text_in_the_page_language():
    html = (
        '<html lang="nb"><body><p>Tiltak</p><script>var a_b = 1;</script>'
        "<p hidden>management_group</p><code>injury_date</code>"
        '<span lang="en">English</span><p>Show as table</p></body></html>'
    )
    assert visible_texts(html, "nb") == ["Tiltak", "Show as table"]
    assert page_problems(html, "nb") == ["english: Show as table"]
