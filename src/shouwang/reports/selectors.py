"""Reads of the daily numbers, scoped to the user: the dashboard of an area and a day,
and the content of the daily report. Everything here reads snapshots, never the
millions of rows they were counted from."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.dates import day_bounds
from shouwang.core.models import Alert, AlertLevel, Area
from shouwang.core.models.areas import PATH_SEPARATOR
from shouwang.core.roles import VIEW
from shouwang.core.scoping import scope_paths
from shouwang.core.text import clauses_of
from shouwang.reports.choices import RunStatus
from shouwang.reports.models import DailySnapshot, Emergency, ReportRun
from shouwang.reports.numbers import SNAPSHOT_LEVELS
from shouwang.reports.sections import Ratio, Section, sections
from shouwang.reports.services import emergency_of

SPANS = {"7": 7, "14": 14, "30": 30}
PROBLEMS_LISTED = 10
URGENT = Q(level=AlertLevel.URGENT)
ZERO_FIGURES = ("confirmed_total", "positive_total", "suspected_current")
NEW_CASE_FIGURES = ("confirmed_new", "positive_new", "suspected_new")
#: The figures compared between child areas, in bars.
COMPARED = (
    "confirmed_total",
    "measure_home_isolation",
    "measure_centralised_quarantine",
    "persons_checked",
    "resumption_rate",
)


@dataclass
class Value:
    key: str
    label: str
    value: int | float | None
    unit: str = ""
    is_ratio: bool = False

    @property
    def shown(self) -> str:
        if self.value is None:
            return "—"
        if self.is_ratio:
            return f"{self.value} %"
        return f"{self.value:,}"


@dataclass
class SectionTable:
    """One line of work: the area's values, and each child area's."""

    section: Section
    values: list[Value]
    children: list[tuple[Area, list[Value]]]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str
    ratio: Ratio | None


def columns() -> list[tuple[Section, list[Column]]]:
    """Each section's figures then ratios, labelled in the active language (worked out
    once per page: a dashboard shows hundreds of cells)."""
    return [
        (
            section,
            [Column(f.key, str(f.label), str(f.unit), None) for f in section.figures]
            + [Column(r.key, str(r.label), "", r) for r in section.ratios],
        )
        for section in sections()
    ]


def values_of(section_columns: list[Column], figures: dict) -> list[Value]:
    return [
        Value(c.key, c.label, c.ratio.of(figures), is_ratio=True)
        if c.ratio
        else Value(c.key, c.label, figures.get(c.key, 0), c.unit)
        for c in section_columns
    ]


def values_by_key(table: list[tuple[Section, list[Column]]], figures: dict) -> dict[str, Value]:
    return {v.key: v for _section, cols in table for v in values_of(cols, figures)}


def section_tables(
    table: list[tuple[Section, list[Column]]], figures: dict, children: list[tuple[Area, dict]]
) -> list[SectionTable]:
    return [
        SectionTable(
            section,
            values_of(cols, figures),
            [(child, values_of(cols, child_figures)) for child, child_figures in children],
        )
        for section, cols in table
    ]


def zero_line(figures: dict) -> str:
    """The line every seed report opens with, when it holds."""
    if all(not figures.get(key) for key in ZERO_FIGURES):
        return _("零确诊、零阳性、零疑似")
    if all(not figures.get(key) for key in NEW_CASE_FIGURES):
        return _("当日无新增确诊、阳性、疑似病例")
    return ""


def may_read_numbers(user) -> bool:
    """Whether the user holds ``view`` over an area the numbers are kept for (a building
    head's building is below them). From the scope's paths: no query."""
    paths = scope_paths(user, VIEW)
    grid_depth = len(SNAPSHOT_LEVELS) - 1  # a grid's path has this many separators
    return paths is None or any(path.count(PATH_SEPARATOR) <= grid_depth for path in paths)


def report_areas_for(user):
    """The snapshot-level areas the user may read, outermost first."""
    paths = scope_paths(user, VIEW)
    areas = Area.objects.filter(level__in=SNAPSHOT_LEVELS).order_by("path")
    if paths is None:
        return areas.filter(level=SNAPSHOT_LEVELS[0])
    return areas.filter(path__in=paths)


def home_numbers(user) -> dict | None:
    """The home page's panel: the headline figures of the outermost area the user reads
    numbers for, from its latest snapshot up to today. Three queries."""
    if not may_read_numbers(user):
        return None
    area = report_areas_for(user).first()
    if area is None:
        return None
    snapshot = (
        DailySnapshot.objects.filter(area=area, day__lte=timezone.localdate())
        .order_by("-day")
        .first()
    )
    if snapshot is None:
        return {"area": area, "snapshot": None, "headline": []}
    values = values_by_key(columns(), snapshot.figures)
    headline = [values[key] for section in sections() for key in section.headline]
    return {
        "area": area,
        "snapshot": snapshot,
        "is_today": snapshot.day == timezone.localdate(),
        "headline": headline,
    }


@dataclass
class Dashboard:
    area: Area
    day: date
    emergency: Emergency
    span: str
    computed_at: datetime | None
    figures: dict
    sections: list[SectionTable]
    headline: list[Value]
    zero_line: str
    ancestors: list[Area]
    children: list[tuple[Area, dict]]
    trend_days: list[str]
    trends: dict[str, list]
    pending_run: ReportRun | None
    charts: dict = field(default_factory=dict)

    @property
    def drill_query(self) -> str:
        """What a link to another area carries along: the day and the span."""
        return f"day={self.day.isoformat()}&span={self.span}"


def dashboard(*, user, area: Area, day: date, span: str = "14") -> Dashboard:
    """The numbers of ``area`` on ``day``, its children's, and its trend over ``span``
    days (or since the emergency began). The caller has checked that the user sees
    ``area`` and that ``day`` is one the numbers speak for. A handful of queries."""
    emergency = emergency_of(area)
    first = (
        emergency.declared_on
        if span == "all"
        else max(emergency.declared_on, day - timedelta(days=SPANS.get(span, 14) - 1))
    )
    series = {
        snapshot.day: snapshot
        for snapshot in DailySnapshot.objects.filter(area=area, day__gte=first, day__lte=day)
    }
    current = series.get(day)
    figures = current.figures if current else {}
    visible = scope_paths(user, VIEW)
    ancestors = [
        ancestor
        for ancestor in area.ancestors()
        if visible is None or any(ancestor.path.startswith(p) for p in visible)
    ]
    children_areas = list(Area.objects.children_of(area).filter(level__in=SNAPSHOT_LEVELS))
    children_figures = dict(
        DailySnapshot.objects.filter(area__in=children_areas, day=day).values_list(
            "area_id", "figures"
        )
    )
    children = [(child, children_figures.get(child.pk, {})) for child in children_areas]
    days = [first + timedelta(days=n) for n in range((day - first).days + 1)]
    trend_keys = [key for section in sections() for key in section.trend]
    trends = {
        key: [series[d].figures.get(key, 0) if d in series else None for d in days]
        for key in trend_keys
    }
    table = columns()
    values = values_by_key(table, figures)
    headline = [values[key] for section in sections() for key in section.headline]
    board = Dashboard(
        area=area,
        day=day,
        emergency=emergency,
        span=span,
        computed_at=current.computed_at if current else None,
        figures=figures,
        sections=section_tables(table, figures, children),
        headline=headline,
        zero_line=zero_line(figures) if current else "",
        ancestors=ancestors,
        children=children,
        trend_days=[d.isoformat() for d in days],
        trends=trends,
        pending_run=ReportRun.objects.filter(
            area__path__in=[*area.ancestor_paths(), area.path],
            day=day,
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        ).first(),
    )
    board.charts = _charts(board, table, values)
    return board


def _charts(board: Dashboard, table, values: dict[str, Value]) -> dict:
    lines = [
        {
            "type": "line",
            "title": str(section.label),
            "categories": board.trend_days,
            "series": [
                {"name": values[key].label, "values": board.trends[key]} for key in section.trend
            ],
        }
        for section in sections()
        if section.trend
    ]
    children = [values_by_key(table, figures) for _child, figures in board.children]
    bars = [
        {
            "type": "bar",
            "title": values[key].label,
            "categories": [child.name for child, _figures in board.children],
            "series": [{"name": values[key].label, "values": [c[key].value for c in children]}],
        }
        for key in COMPARED
        if board.children
    ]
    rate = values["resumption_rate"]
    gauge = {"type": "gauge", "title": rate.label, "value": rate.value}
    return {"lines": lines, "bars": bars, "gauge": gauge}


# --- the daily report ------------------------------------------------------------------


@dataclass
class ReportContent:
    area: Area
    day: date
    emergency: Emergency
    headline: str
    zero_line: str
    headline_values: list[Value]
    sections: list[SectionTable]
    events: list[str]
    problems: list[str]
    generated_at: datetime


def report_content(*, area: Area, day: date) -> ReportContent:
    """What the daily report says: headline figures, then each line of work for the area
    and its children, then notable events and open problems."""
    snapshots = dict(
        DailySnapshot.objects.filter(
            Q(area=area) | Q(area__in=Area.objects.children_of(area)), day=day
        ).values_list("area_id", "figures")
    )
    figures = snapshots.get(area.pk, {})
    children = list(Area.objects.children_of(area).filter(level__in=SNAPSHOT_LEVELS))
    table = columns()
    values = values_by_key(table, figures)
    headline_values = [values[k] for s in sections() for k in s.headline]
    headline = _("%(area)s %(day)s：") % {"area": area.name, "day": day.isoformat()} + clauses_of(
        (
            _("%(label)s%(value)s%(unit)s") % {"label": v.label, "value": v.shown, "unit": v.unit}
        ).strip()
        for v in headline_values
    )
    return ReportContent(
        area=area,
        day=day,
        emergency=emergency_of(area),
        headline=headline,
        zero_line=zero_line(figures),
        headline_values=headline_values,
        sections=section_tables(table, figures, [(c, snapshots.get(c.pk, {})) for c in children]),
        events=_events(figures),
        problems=_problems(area, day),
        generated_at=timezone.now(),
    )


def _events(figures: dict) -> list[str]:
    events = []
    if figures.get("confirmed_new"):
        events.append(
            _("新增确诊病例 %(n)d 例，累计 %(total)d 例（其中输入病例 %(imported)d 例）")
            % {
                "n": figures["confirmed_new"],
                "total": figures.get("confirmed_total", 0),
                "imported": figures.get("confirmed_imported", 0),
            }
        )
    if figures.get("positive_new"):
        events.append(_("新增阳性/无症状感染者 %(n)d 例") % {"n": figures["positive_new"]})
    if figures.get("suspected_new"):
        events.append(_("新增疑似病例 %(n)d 例") % {"n": figures["suspected_new"]})
    if figures.get("checkpoint_fevers"):
        events.append(
            _("卡点发现体温异常 %(n)d 人，已按流程处置") % {"n": figures["checkpoint_fevers"]}
        )
    if figures.get("isolation_ending"):
        events.append(_("%(n)d 人居家隔离今日期满") % {"n": figures["isolation_ending"]})
    if figures.get("enterprises_resumed_new"):
        events.append(_("%(n)d 家企业当日复工") % {"n": figures["enterprises_resumed_new"]})
    return events


def _problems(area: Area, day: date) -> list[str]:
    """Alerts still open at the end of the day: how many, then where, busiest first. Never
    the alerts' own titles: they name people and their temperatures, and the report is
    archived for everyone who reads the area's numbers."""
    _start, end = day_bounds(day)
    still_open = (
        Alert.objects.under(area)
        .filter(created_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    )
    total = still_open.aggregate(n=Count("id"), urgent=Count("id", filter=URGENT))
    if not total["n"]:
        return []
    places = {child.path: [child.name, 0, 0] for child in Area.objects.children_of(area)}
    for path, level in still_open.values_list("area__path", "level"):
        place = next((places[p] for p in places if path.startswith(p)), None)
        if place is not None:
            place[1] += 1
            place[2] += level == AlertLevel.URGENT
    busiest = sorted((p for p in places.values() if p[1]), key=lambda p: (-p[2], -p[1]))
    return [_("未办结预警 %(n)d 件，其中紧急 %(urgent)d 件") % total] + [
        _("%(area)s：%(n)d 件，其中紧急 %(urgent)d 件") % {"area": name, "n": n, "urgent": urgent}
        for name, n, urgent in busiest[:PROBLEMS_LISTED]
    ]
