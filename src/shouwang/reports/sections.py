"""The lines of work the daily numbers are made of, declared by the apps that own them.

Each app may ship ``<app>/daily.py`` with ``SECTIONS = [Section(...), ...]``. A section
names its figures and counts them for one day: ``count(day, area)`` returns, per area id
a record hangs on (any level, a building included), how many of each figure. Counts are
additive, so the numbers of an area are the sum over everything beneath it and a whole
day for every area is one pass over each section. Shares and rates are ``Ratio``s of two
counts, worked out when read; they are never added up.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db.models import Count
from django.utils.functional import Promise

Counts = dict[int, Counter]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    unit: str | Promise = ""


@dataclass(frozen=True)
class Ratio:
    """``numerator`` / ``denominator`` as a percentage, both keys of figures."""

    key: str
    label: str | Promise
    numerator: str
    denominator: str

    def of(self, figures: dict) -> float | None:
        denominator = figures.get(self.denominator, 0)
        if not denominator:
            return None
        return round(100 * figures.get(self.numerator, 0) / denominator, 1)


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    figures: tuple[Figure, ...]
    #: ``count(day, area)``: figures per area id of the records counted, under ``area``
    #: (the whole district when None), as they stood at the end of ``day``.
    count: Callable[[date, object], Counts]
    ratios: tuple[Ratio, ...] = ()
    #: Figures that go on the front of the dashboard and the report.
    headline: tuple[str, ...] = ()
    #: Figures whose daily values make the trend lines.
    trend: tuple[str, ...] = ()
    figure_by_key: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "figure_by_key", {f.key: f for f in self.figures})


@cache
def sections() -> tuple[Section, ...]:
    """Every app's sections, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("shouwang."):
            continue
        try:
            module = import_module(f"{config.name}.daily")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.daily":
                raise
            continue
        found.extend(module.SECTIONS)
    return tuple(found)


def all_figures() -> dict[str, Figure]:
    return {figure.key: figure for section in sections() for figure in section.figures}


def add(counts: Counts, area_id: int, key: str, value: int = 1) -> None:
    counts.setdefault(area_id, Counter())[key] += value


def grouped(counts: Counts, rows, key: str) -> Counts:
    """Add ``(area_id, n)`` rows (a grouped query) under figure ``key``."""
    for area_id, value in rows:
        if value:
            add(counts, area_id, key, value)
    return counts


def merged(*parts: Counts) -> Counts:
    """Several counts of one section as one."""
    total: Counts = {}
    for part in parts:
        for area_id, counter in part.items():
            total.setdefault(area_id, Counter()).update(counter)
    return total


def under(queryset, area):
    """``queryset`` under ``area``, or all of it for the whole district (area None)."""
    return queryset.under(area) if area is not None else queryset


def per_area(queryset, area_field: str = "area_id"):
    """``(area id, rows)`` of ``queryset`` grouped by the area its rows hang on."""
    return queryset.values_list(area_field).annotate(n=Count("id")).order_by()
