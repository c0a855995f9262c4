"""The PDF renderer: real PDFs read back, the deny-by-default fetcher, no requests."""

from __future__ import annotations

import io
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.signals import request_finished, request_started
from django.http import HttpResponse
from django.urls import path
from pypdf import PdfReader

from safecommunity.core.pdf import (
    STATIC_ORIGIN,
    PdfRenderingNotAllowed,
    StaticOnlyURLFetcher,
    URLRefused,
    pdf_rendering_allowed,
    render_pdf,
    render_pdf_document,
)

# A 1x1 PNG, used to show that data: URIs are served.
PNG_DATA_URI = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


@login_not_required
def _render_in_request(request):
    try:
        with pdf_rendering_allowed():
            render_pdf("probe.html", {"text": "x"})
    except PdfRenderingNotAllowed:
        return HttpResponse("refused")
    return HttpResponse("rendered")


urlpatterns = [path("render-in-request/", _render_in_request)]


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """A local HTTP server that records every request and redirects /redirect."""
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def probe_templates(tmp_path, settings):
    """Extra template directory for templates written by a test."""
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [tmp_path, *templates[0]["DIRS"]]}
    settings.TEMPLATES = templates

    def write(body: str, name: str = "probe.html") -> str:
        (tmp_path / name).write_text(
            "{% load static %}<!DOCTYPE html><html lang='en'><head>"
            "<meta charset='utf-8'><title>Probe</title>"
            "<link rel='stylesheet' href='{% static \"css/print.css\" %}'>"
            f"</head><body>{body}</body></html>"
        )
        return name

    return write


def _reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in _reader(content).pages)


def test_renders_a_real_pdf_with_escaped_user_text(probe_templates):
    name = probe_templates(
        "<h1>Egenby</h1><p>{{ text }}</p><p style='break-before: page'>Second page</p>"
    )
    with pdf_rendering_allowed():
        document = render_pdf_document(name, {"text": "<b>Ærlig & redelig</b>"})
    text = _text(document.content)
    assert "Egenby" in text
    assert "<b>Ærlig & redelig</b>" in text  # escaped, so shown literally
    assert document.page_count == 2 == len(_reader(document.content).pages)


def test_refuses_to_render_without_permission(probe_templates):
    name = probe_templates("<p>x</p>")
    with pytest.raises(PdfRenderingNotAllowed):
        render_pdf(name, {})


def test_refuses_to_render_while_a_request_is_handled(db, probe_templates):
    name = probe_templates("<p>x</p>")
    request_started.send(sender=None)
    try:
        with pytest.raises(PdfRenderingNotAllowed), pdf_rendering_allowed():
            render_pdf(name, {})
    finally:
        request_finished.send(sender=None)
    with pdf_rendering_allowed():
        assert render_pdf(name, {}).startswith(b"%PDF-")


@pytest.mark.urls("tests.core.test_pdf")
def test_a_view_cannot_render_a_pdf(client, probe_templates):
    probe_templates("<p>{{ text }}</p>")
    response = client.get("/render-in-request/")
    assert response.content == b"refused"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1/",
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "https://localhost/static/css/print.css",
        f"{STATIC_ORIGIN}:8443/static/css/print.css",
        "https://user@static.trygg.invalid/static/css/print.css",
        f"{STATIC_ORIGIN}/static/../safecommunity/settings/base.py",
        f"{STATIC_ORIGIN}/static/%2e%2e/safecommunity/settings/base.py",
        f"{STATIC_ORIGIN}/media/documents/secret.pdf",
        f"{STATIC_ORIGIN}/static/vendor/README.md",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url, caplog):
    with (
        caplog.at_level(logging.WARNING, logger="safecommunity.core.pdf"),
        pytest.raises(URLRefused),
    ):
        StaticOnlyURLFetcher()(url)
    assert "PDF fetch refused" in caplog.text


def test_fetcher_serves_static_files_and_data_uris():
    fetcher = StaticOnlyURLFetcher()
    css = fetcher(f"{STATIC_ORIGIN}/static/css/print.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    png = fetcher(PNG_DATA_URI)
    assert png.content_type == "image/png"
    assert png.read().startswith(b"\x89PNG")


def test_fetcher_does_not_follow_redirects(http_server, caplog):
    with caplog.at_level(logging.WARNING), pytest.raises(URLRefused):
        StaticOnlyURLFetcher()(f"{http_server}/redirect")
    assert _Recorder.hits == []  # not even the first hop is requested


def test_template_with_hostile_references_renders_without_them(
    probe_templates, http_server, caplog
):
    name = probe_templates(
        "<style>@import url('file:///etc/passwd');"
        f"@import url('{http_server}/redirect');</style>"
        "<link rel='stylesheet' href='file:///etc/passwd'>"
        f"<link rel='stylesheet' href='{http_server}/style.css'>"
        "<h1>Egenby</h1>"
        "<img src='file:///etc/passwd' alt='passwd'>"
        "<img src='http://169.254.169.254/latest/meta-data/' alt='metadata'>"
        "<img src='http://127.0.0.1:6379/' alt='redis'>"
        f"<img src='{http_server}/redirect' alt='redirect'>"
        "<a rel='attachment' href='file:///etc/passwd'>passwd</a>"
        "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
        "<image href='file:///etc/passwd' width='10' height='10'/></svg>"
        f"<img src='{PNG_DATA_URI}' alt='allowed'>"
    )
    with caplog.at_level(logging.WARNING), pdf_rendering_allowed():
        content = render_pdf(name, {})
    reader = _reader(content)
    assert "Egenby" in _text(content)
    assert _Recorder.hits == []
    assert reader.attachments == {}
    assert "root:" not in _text(content)
    assert b"root:x:0:0" not in content
    # The data: image is the only one embedded.
    assert len(reader.pages[0].images) == 1
    refused = [r for r in caplog.records if "PDF fetch refused" in r.getMessage()]
    assert len(refused) >= 8
