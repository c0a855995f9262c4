"""Child process: post the largest accepted photo to a walk link; print JSON figures.

Run as `python -m bench.photo_child CODE` under `bench.peak`. It measures its
own peak resident set size (VmHWM) after start-up, after the web request
(what a web process reaches) and after the worker's processing of the photo.
"""

from __future__ import annotations

import io
import json
import math
import sys
import time
import uuid


def _largest_accepted_png() -> tuple[bytes, tuple[int, int]]:
    """A square PNG of just under the pixel limit; small on disk, like the attack."""
    from PIL import Image

    from walks.photos import PHOTO_MAX_PIXELS

    side = math.isqrt(PHOTO_MAX_PIXELS)
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), (side, side)


def _walk_link(code: str) -> str:
    import datetime

    from django.utils import timezone

    from demo.core import demo_municipality
    from programmes.models import Programme
    from walks.models import SafetyWalk, WalkLink
    from walks.models.walks import token_hash

    programme = Programme.objects.get(municipality=demo_municipality(code))
    walk = SafetyWalk.objects.create(
        programme=programme,
        area="Benchmark",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        leader="Benchmark",
        purpose="Peak memory of one photo.",
    )
    token = f"bench-{uuid.uuid4().hex}"
    WalkLink.objects.create(
        walk=walk, token_hash=token_hash(token), expires_at=walk.link_expires_at
    )
    return token


def main(code: str) -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from walks import tasks
    from walks.models import Finding
    from walks.photos import finding_photo_process

    from .peak import peak_rss_kb

    data, size = _largest_accepted_png()
    token = _walk_link(code)
    queued: list[int] = []
    tasks.finding_photo_process_task.delay = lambda *, photo_id: queued.append(photo_id)
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(reverse("walks:walk-link", args=[token]))  # warm the page
    before_kb = peak_rss_kb()
    started = time.perf_counter()
    response = client.post(
        reverse("walks:walk-link", args=[token]),
        {
            "client_uuid": str(uuid.uuid4()),
            "place": "Benchmark",
            "category": Finding.Category.OTHER,
            "description": "The largest photo accepted.",
            "priority": Finding.Priority.LOW,
            "photos": [SimpleUploadedFile("large.png", data)],
        },
    )
    web_s = time.perf_counter() - started
    web_kb = peak_rss_kb()
    if response.status_code != 302 or len(queued) != 1:
        raise SystemExit(f"photo refused: HTTP {response.status_code}")
    started = time.perf_counter()
    photo = finding_photo_process(photo_id=queued[0])
    worker_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "pixels": size[0] * size[1],
                "size": f"{size[0]} x {size[1]}",
                "file_kb": round(len(data) / 1024),
                "status": photo.status,
                "before_mb": round(before_kb / 1024, 1),
                "web_peak_mb": round(web_kb / 1024, 1),
                "web_s": round(web_s, 3),
                "worker_peak_mb": round(peak_rss_kb() / 1024, 1),
                "worker_s": round(worker_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
