"""Dossier render time and peak memory at growing numbers of initiatives."""

from __future__ import annotations

import datetime
import json
from typing import Any

from .config import PYTHON, ROOT, Plan
from .stats import run_python
from .targets import NotMeasured

DESCRIPTION = (
    "Tiltaket retter seg mot fallskader blant eldre hjemmeboende og kombinerer "
    "hjemmebesøk, styrke- og balansetrening, gjennomgang av legemidler og "
    "utbedring av boliger. Frivillige og hjemmetjenesten samarbeider om "
    "oppfølgingen, og resultatene rapporteres til styringsgruppen hvert halvår. "
)


def _programme_and_actor(code: str):
    from demo.core import demo_municipality
    from programmes.models import Programme
    from safecommunity.core.models import User

    programme = Programme.objects.filter(municipality=demo_municipality(code)).first()
    if programme is None:
        raise NotMeasured(f"municipality {code} has no programme after seed_demo")
    return programme, User.objects.get(username="coordinator")


def initiative_count(code: str) -> int:
    """Initiatives in the municipality's programme (0 without a programme)."""
    from programmes.models import Initiative

    return Initiative.objects.filter(programme__municipality__code=code).count()


def add_initiatives(code: str, count: int) -> None:
    """Add `count` initiatives with one report each through the programme services."""
    from programmes.choices import MeasureType
    from programmes.services import initiatives as initiative_services

    programme, actor = _programme_and_actor(code)
    areas = list(programme.focus_areas.all()) or [None]
    start = programme.initiatives.count()
    for number in range(start, start + max(count, 0)):
        begins = datetime.date(2016 + number % 8, 1 + number % 12, 1)
        initiative = initiative_services.initiative_create(
            actor=actor,
            programme=programme,
            title=f"Benchmark-tiltak {number + 1}",
            description=DESCRIPTION * 2,
            focus_area=areas[number % len(areas)],
            measure_type=MeasureType.values[number % len(MeasureType.values)],
            start_date=begins,
            reach=40 + number,
        )
        initiative_services.report_create(
            actor=actor,
            initiative=initiative,
            period_start=begins,
            period_end=begins + datetime.timedelta(days=180),
            activities=DESCRIPTION,
            results="Færre fall registrert i målgruppen.",
            reach=40 + number,
        )


def render(code: str, env: dict[str, str]) -> dict[str, Any]:
    """Build the dossier in a child process; time, pages and its peak RSS."""
    from injuries.models import Registration

    child = run_python(
        ["-m", "bench.dossier_child", code],
        python=PYTHON,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    if child.returncode != 0:
        raise RuntimeError(f"dossier build failed: {child.stderr.strip()[-800:]}")
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    figures.update(
        initiatives=initiative_count(code),
        registrations=Registration.objects.filter(municipality__code=code).count(),
        process_s=round(child.seconds, 3),
        max_rss_mb=child.max_rss_mb,
        s_per_page=round(figures["task_s"] / max(figures["pages"], 1), 3),
    )
    return figures


def measure_dossiers(plan: Plan, env: dict[str, str]) -> dict[str, Any]:
    """Render each step: no programme, a large municipality, Re with more initiatives."""
    renders = []
    for code, initiatives in plan.dossier_steps:
        if initiatives is not None:
            add_initiatives(code, initiatives - initiative_count(code))
        renders.append({"municipality": code, **render(code, env)})
    return {"renders": renders}
