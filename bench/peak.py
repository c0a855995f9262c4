"""`python -m bench.peak REPORT SCRIPT ARGS...` (or `... REPORT -m MODULE ARGS...`).

Runs a Python script or module in this process, then writes this process's
own peak resident set size (VmHWM, KiB) to REPORT. VmHWM belongs to the
address space made by exec, unlike ru_maxrss, which Linux carries over from
the parent at fork: a child of a large parent would report the parent's size.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB (0 where /proc is missing)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str]) -> None:
    """Run the target as __main__; report the peak even when it exits or fails."""
    report, target = Path(argv[0]), argv[1:]
    try:
        if target[0] == "-m":
            sys.argv = target[1:]
            runpy.run_module(target[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = target
            sys.path.insert(0, str(Path(target[0]).resolve().parent))
            runpy.run_path(target[0], run_name="__main__")
    finally:
        report.write_text(str(peak_rss_kb()))


if __name__ == "__main__":
    main(sys.argv[1:])
