"""List pages under load: gunicorn on loopback, a threaded http.client client."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ROOT
from .stats import percentile

HOST = "127.0.0.1"
STARTUP_SECONDS = 30.0
REQUEST_TIMEOUT = 15.0


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def session_cookies(username: str, count: int) -> list[str]:
    """`count` separate logged-in sessions of one user, as Cookie header values."""
    from django.conf import settings

    from .dashboard import logged_in_client

    cookies = []
    for _ in range(count):
        client = logged_in_client(username)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}")
    return cookies


class Gunicorn:
    """A gunicorn master we start, bound to loopback, stopped by its own pid."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        handle = self.log.open("w")
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "safecommunity.wsgi:application",
                f"--bind={HOST}:{self.port}",
                f"--workers={self.workers}",
                "--worker-class=sync",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        handle.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-800:]}")
            try:
                status, _ = fetch(self.port, "/healthz", "")
                if status:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def fetch(port: int, path: str, cookie: str) -> tuple[int, int]:
    """One GET on a fresh connection (sync workers close it); status and bytes."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def hammer(port: int, path: str, cookies: list[str], seconds: float) -> dict[str, Any]:
    """One thread per cookie requests `path` until the time is up; figures."""
    tally = _Tally()
    deadline = time.monotonic() + seconds

    def worker(cookie: str) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _size = fetch(port, path, cookie)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with tally.lock:
                if status == 200:
                    tally.latencies.append(elapsed)
                else:
                    tally.errors += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    done = len(tally.latencies)
    return {
        "path": path,
        "seconds": round(elapsed, 1),
        "requests": done,
        "errors": tally.errors,
        "rps": round(done / elapsed, 1),
        "p50_ms": round(percentile(tally.latencies, 50) * 1000, 1) if done else None,
        "p95_ms": round(percentile(tally.latencies, 95) * 1000, 1) if done else None,
    }


def measure_load(
    pages: dict[str, str],
    *,
    env: dict[str, str],
    username: str,
    connections: int,
    workers: int,
    seconds: float,
    log: Path,
) -> dict[str, Any]:
    """Each page in turn under `connections` concurrent clients for `seconds`."""
    cookies = session_cookies(username, connections)
    results: dict[str, Any] = {
        "workers": workers,
        "connections": connections,
        "seconds_per_page": seconds,
        "pages": {},
    }
    with Gunicorn(env, workers, log) as server:
        for name, path in pages.items():
            status, _size = fetch(server.port, path, cookies[0])
            if status != 200:
                raise RuntimeError(f"GET {path} as {username}: HTTP {status}")
            hammer(server.port, path, cookies[: max(2, workers)], 1.0)  # warm workers
            results["pages"][name] = hammer(server.port, path, cookies, seconds)
    return results
