"""The day's numbers of areas: every section counted once, then summed up the tree.

Snapshots are kept for the district, its streets, communities and grids (the levels the
dashboard drills through); a record hanging on a building counts in its grid and above.
"""

from collections import Counter
from datetime import date

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.models.areas import PATH_SEPARATOR
from shouwang.reports.sections import sections

SNAPSHOT_LEVELS = (AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID)
#: Path segments of a grid: district.street.community.grid
_GRID_DEPTH = SNAPSHOT_LEVELS.index(AreaLevel.GRID) + 1


def _snapshot_path(path: str) -> str:
    return PATH_SEPARATOR.join(path.split(PATH_SEPARATOR)[:_GRID_DEPTH])


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(parts[: n + 1]) for n in range(len(parts))]


def count_day(day: date, area: Area | None = None) -> dict[str, Counter]:
    """Figures of ``area`` and every snapshot-level area below it (the whole district when
    None) at the end of ``day``, by area path."""
    per_area_id: dict[int, Counter] = {}
    for section in sections():
        for area_id, counts in section.count(day, area).items():
            per_area_id.setdefault(area_id, Counter()).update(counts)
    areas = Area.objects.filter(pk__in=per_area_id).values_list("pk", "path")
    totals: dict[str, Counter] = {}
    top = area.path if area is not None else None
    for pk, path in areas:
        for ancestor in _ancestor_paths(_snapshot_path(path)):
            if top is not None and not (ancestor == top or ancestor.startswith(top + ".")):
                continue
            totals.setdefault(ancestor, Counter()).update(per_area_id[pk])
    return totals


def area_numbers(area: Area, day: date) -> dict[str, int]:
    """One area's figures counted afresh (the snapshot must equal this)."""
    return dict(count_day(day, area).get(area.path, Counter()))
