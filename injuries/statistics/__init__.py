"""Published injury figures: counts and rates per 1,000 with disclosure control.

Everything that leaves the app (pages, exports, dashboards, PDFs) is built
from the dataclasses returned here, so suppression is applied in one place.
Rates are per 1,000 inhabitants per year (person-years of the period).

- `published`: cells, tables and reports;
- `queries`: the grouped counts and inhabitants (never published as such);
- `reports`: reports of a municipality, a county or the nation;
- `cached`: built reports kept in the cache under the data version;
- `rollups`: the dashboards' filtered lines, and sums checked against their parts.
"""

from .follow_up import FollowUpLine, follow_up_lines
from .published import Cell, Report, Table
from .reports import (
    build_report,
    country_statistics,
    county_report,
    county_statistics,
    municipality_statistics,
)
from .rollups import (
    ROLLUP_DETAIL,
    Coverage,
    Rollup,
    comparison_line,
    rollup_build,
    rollup_patch,
    rollup_published_sum_table,
    rollup_sum_table,
    rollup_table,
)

__all__ = [
    "ROLLUP_DETAIL",
    "Cell",
    "Coverage",
    "FollowUpLine",
    "Report",
    "Rollup",
    "Table",
    "build_report",
    "comparison_line",
    "country_statistics",
    "county_report",
    "county_statistics",
    "follow_up_lines",
    "municipality_statistics",
    "rollup_build",
    "rollup_patch",
    "rollup_published_sum_table",
    "rollup_sum_table",
    "rollup_table",
]
