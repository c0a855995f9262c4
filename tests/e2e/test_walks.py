"""The safety walk journey: findings logged on a phone, sorted, reported, followed up.

A participant without an account logs three findings with photos through the
walk link at a phone-sized viewport; the coordinator merges a duplicate, sorts
the rest and publishes the report, which a real worker renders as a PDF; the
follow-up board and the mayor's dashboard show the open findings; once the
link has expired it opens nothing but a plain page.
"""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from PIL import Image

from tests.factories.walks import SafetyWalkFactory, make_link
from walks.models import Finding, FindingPhoto, SafetyWalk

from .conftest import Journey

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "locale": "nb-NO",
}
GPS_IFD = 0x8825
MAKE = 0x010F
MODEL = 0x0110
FINDINGS = [
    # place, category, description, priority
    (
        "Gangfeltet ved Bråtan skole",
        Finding.Category.TRAFFIC,
        "Bilene kjører fort forbi gangfeltet.",
        Finding.Priority.HIGH,
    ),
    (
        "Stien bak Bråtan skole",
        Finding.Category.LIGHTING,
        "Gatelysene er mørke langs stien.",
        Finding.Priority.MEDIUM,
    ),
    (
        "Gangfelt utenfor Bråtan skole",
        Finding.Category.TRAFFIC,
        "Høy fart ved skolen om morgenen.",
        Finding.Priority.HIGH,
    ),
]


def _photo_with_location(colour: str) -> bytes:
    """A small JPEG as a phone writes it: maker, model and GPS position in EXIF."""
    exif = Image.Exif()
    exif[MAKE] = "Acme"
    exif[MODEL] = "Phone 12"
    exif[GPS_IFD] = {
        1: "N",
        2: (59.0, 21.0, 30.0),
        3: "E",
        4: (10.0, 15.0, 45.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    written = Image.open(io.BytesIO(data)).getexif()
    assert written.get_ifd(GPS_IFD)
    assert written[MAKE] == "Acme"
    return data


def _has_no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def _log_finding(journey: Journey, index: int, row) -> None:
    page = journey.page
    place, category, description, priority = row
    page.locator("#id_place").fill(place)
    page.locator("#id_category").select_option(category.value)
    page.locator("#id_description").fill(description)
    page.locator("#id_priority").select_option(priority.value)
    page.locator("#id_photos").set_input_files(
        [
            {
                "name": f"IMG_000{index}.jpg",
                "mimeType": "image/jpeg",
                "buffer": _photo_with_location(("red", "green", "blue")[index]),
            }
        ]
    )
    with page.expect_navigation():
        page.locator("form[data-walk-finding-form] button[type=submit]").tap()
    assert page.url.endswith("?saved=1"), page.url
    assert page.get_by_role("status").filter(has_text="lagret").count() == 1


def _transition(page, to_status: str) -> None:
    form = page.locator("form[action$='/transition/']").filter(
        has=page.locator(f"input[name=to_status][value={to_status}]")
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".message-success").count() == 1


def _sort_finding(journey: Journey, finding: Finding, term: str, body: str) -> None:
    page = journey.page
    page.locator(
        f"#finding-{finding.pk} a[href$='/findings/{finding.pk}/edit/']"
    ).click()
    page.wait_for_load_state()
    page.locator("#id_term").select_option(term)
    page.locator("#id_responsible_body").fill(body)
    due = timezone.localdate() + datetime.timedelta(days=60)
    page.locator("#id_due_date").fill(due.isoformat())
    with page.expect_navigation():
        page.locator("main form.walk-form button[type=submit]").click()
    assert page.url.endswith(f"/programmes/walks/{finding.walk_id}/"), page.url
    finding.refresh_from_db()
    assert (finding.term, finding.responsible_body, finding.due_date) == (
        term,
        body,
        due,
    )


def test_walk_journey(
    demo, celery_worker_thread, browser, live_server, journey, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    programme = SafetyWalk.objects.get(area="Linnestad og skolevegen").programme
    assert programme.municipality.code == "3905"
    walk = SafetyWalkFactory(
        programme=programme,
        area="Bråtan skolevei",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        leader="Koordinator for Trygge lokalsamfunn",
        purpose="Skoleveien etter mørkets frembrudd.",
    )
    link, token = make_link(walk)

    # The participant: no account, a phone, the link.
    context = browser.new_context(**PHONE)
    try:
        phone_page = context.new_page()
        phone_page.set_default_timeout(15_000)
        phone = Journey(phone_page, live_server.url, "walk_participant")
        phone.goto(f"/programmes/walk/{token}/")
        assert phone_page.locator("h1").inner_text().endswith("Bråtan skolevei")
        assert _has_no_horizontal_overflow(phone_page)
        phone.check("finding-form")
        for index, row in enumerate(FINDINGS):
            _log_finding(phone, index, row)
            assert _has_no_horizontal_overflow(phone_page)
        assert phone_page.locator("ul.own-findings li").count() == len(FINDINGS)
        phone.check("finding-form-saved", user_data=[row[0] for row in FINDINGS])

        # Each finding stored once, each photo without metadata.
        for place, *_rest in FINDINGS:
            assert Finding.objects.filter(walk=walk, place=place).count() == 1
        photos = FindingPhoto.objects.filter(finding__walk=walk)
        assert photos.count() == len(FINDINGS)
        for photo in photos.select_related("document"):
            with photo.document.file.open("rb") as handle:
                exif = Image.open(handle).getexif()
                assert GPS_IFD not in exif, dict(exif)
                assert MAKE not in exif, dict(exif)
                assert MODEL not in exif, dict(exif)

        # The coordinator merges the duplicate, sorts the rest, publishes the report.
        first, second, duplicate = (
            Finding.objects.get(walk=walk, place=row[0]) for row in FINDINGS
        )
        page = journey.page
        journey.login("coordinator")
        journey.goto(f"/programmes/walks/{walk.pk}/")
        journey.check("walk-with-findings", user_data=[row[0] for row in FINDINGS])
        card = page.locator(f"#finding-{duplicate.pk}")
        card.locator("select[name=into]").select_option(str(first.pk))
        with page.expect_navigation():
            card.locator(".merge-form button[type=submit]").click()
        duplicate.refresh_from_db()
        assert duplicate.merged_into_id == first.pk
        assert page.locator(f"#finding-{duplicate.pk}").count() == 0
        assert first.photos.count() == 2

        _sort_finding(journey, first, Finding.Term.SHORT, "Statens vegvesen")
        _sort_finding(
            journey, second, Finding.Term.LONG, "Tønsberg kommune, teknisk drift"
        )
        for to_status in ("walked", "discussed", "reported"):
            _transition(page, to_status)
        walk.refresh_from_db()
        assert walk.status == SafetyWalk.Status.REPORTED
        # The page follows the worker: no reload, the link comes when it is made.
        report_link = page.get_by_role("link", name="Last ned vandringsrapporten (PDF)")
        report_link.wait_for(timeout=120_000)
        walk.refresh_from_db()
        assert walk.report_id
        assert page.get_by_text("Rapporten lages nå.").count() == 0
        assert str(walk.report_id) in report_link.get_attribute("href")
        journey.check("walk-reported", user_data=[row[0] for row in FINDINGS])
        with walk.report.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"

        # The follow-up board lists the open findings of the walk.
        journey.goto(f"/programmes/{programme.municipality.code}/findings/")
        board = page.locator("main table tbody")
        for finding in (first, second):
            assert board.get_by_role("rowheader", name=finding.place).count() == 1
        assert board.get_by_role("rowheader", name=duplicate.place).count() == 0
        journey.check("follow-up-board", user_data=[first.place, second.place])
        journey.logout()

        # The mayor's dashboard: the certification section shows open findings.
        journey.login("mayor")
        assert page.url.endswith("/reports/3905/dashboard/")
        section = page.locator("#dashboard-certification")
        section.locator("h2 ~ *").first.wait_for()
        label = section.locator("dt", has_text="Åpne funn")
        label.wait_for()
        open_count = int(label.locator("xpath=following-sibling::dd[1]").inner_text())
        assert open_count >= 2
        journey.check("dashboard")

        # After the link's expiry: a plain page, nothing of the walk.
        link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
        link.save(update_fields=["expires_at"])
        response = phone_page.goto(f"{live_server.url}/programmes/walk/{token}/")
        assert response.status == 404
        assert phone_page.locator("h1").inner_text() == (
            "Denne lenken er ikke lenger gyldig"
        )
        assert phone_page.locator("form").count() == 0
        assert "Bråtan" not in phone_page.content()
        assert _has_no_horizontal_overflow(phone_page)
        phone.check("link-expired")
    finally:
        context.close()


def _processed_photo(finding: Finding, colour: str) -> FindingPhoto:
    """A photo as the walk link stores it, then made ready by the worker's code."""
    from django.core.files.base import ContentFile

    from walks.photos import finding_photo_process

    photo = FindingPhoto(finding=finding)
    photo.received.save("phone.jpg", ContentFile(_photo_with_location(colour)))
    finding_photo_process(photo_id=photo.pk)
    photo.refresh_from_db()
    assert photo.thumbnail_id is not None
    return photo


def test_follow_up_board_on_a_phone(demo, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    walk = SafetyWalk.objects.get(area="Linnestad og skolevegen")
    finding = Finding.objects.filter(
        walk__programme=walk.programme,
        merged_into__isnull=True,
        status=Finding.Status.OPEN,
    ).first()
    assert finding is not None
    for colour in ("red", "blue"):
        _processed_photo(finding, colour)
    code = walk.programme.municipality.code

    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        phone = Journey(page, live_server.url, "follow_up_board_phone")
        phone.login("coordinator")
        phone.goto(f"/programmes/{code}/findings/")
        row = page.locator("main table tbody tr").filter(
            has=page.get_by_role("rowheader", name=finding.place)
        )
        thumbnails = row.locator("img.finding-thumbnail")
        assert thumbnails.count() == 2
        for index in range(2):
            thumbnail = thumbnails.nth(index)
            thumbnail.scroll_into_view_if_needed()
            assert thumbnail.is_visible()
            assert thumbnail.evaluate("i => i.complete && i.naturalWidth") == 320
            box = thumbnail.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= 390
        assert _has_no_horizontal_overflow(page)
        # Each value keeps its label when the rows are cards.
        due = row.locator("td[data-label]").nth(5)
        assert due.evaluate("e => getComputedStyle(e, '::before').content").startswith(
            '"'
        )
        phone.check("board", user_data=[finding.place])

        # The walk page shows the same thumbnails, each opening the photo.
        phone.goto(f"/programmes/walks/{finding.walk_id}/")
        card = page.locator(f"#finding-{finding.pk}")
        assert card.locator("img.finding-thumbnail").count() == 2
        assert _has_no_horizontal_overflow(page)
        phone.check("walk", user_data=[finding.place])
    finally:
        context.close()
