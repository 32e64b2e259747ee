"""Reads of the tree and the accounts, always through the user's scope."""

from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from shouwang.core.choices import AreaLevel, Role
from shouwang.core.counters import counters
from shouwang.core.homes import home_links, home_panels
from shouwang.core.models import Area, Assignment
from shouwang.core.models.areas import PATH_SEPARATOR
from shouwang.core.roles import VIEW
from shouwang.core.scoping import get_visible_or_404, path_within, scope_paths


def area_in_query(user, query) -> Area | None:
    """The area a list is narrowed to (``?area=<id>``): None without one, a 404 for one
    the user may not see."""
    area_id = query.get("area")
    if area_id and area_id.isdigit():
        return get_visible_or_404(Area.objects, user, pk=area_id)
    return None


def visible_breadcrumb(*, area: Area, user) -> list[Area]:
    """The area's ancestors the user may open, root first."""
    paths = scope_paths(user)
    return [a for a in area.ancestors() if path_within(a.path, paths)]


def _child_path(path: str, depth: int) -> str:
    return PATH_SEPARATOR.join(path.split(PATH_SEPARATOR)[: depth + 2])


def area_children_with_counts(*, area: Area, user) -> dict:
    """The children of ``area`` with, for each, its grids, buildings and each registered
    counter (people, ...) in its subtree. A fixed handful of queries for any tree size."""
    children = list(Area.objects.visible_to(user).filter(parent=area).order_by("code"))
    depth = area.depth
    level_counts: Counter = Counter()
    for path, level in (
        Area.objects.under(area)
        .filter(level__in=[AreaLevel.GRID, AreaLevel.BUILDING])
        .exclude(pk=area.pk)
        .values_list("path", "level")
    ):
        level_counts[(_child_path(path, depth), level)] += 1
    columns = counters()
    counted = {}
    for counter in columns:
        per_child: Counter = Counter()
        for path, count in counter.count_by_path(area, user).items():
            if path == area.path:
                continue
            per_child[_child_path(path, depth)] += count
        counted[counter.key] = per_child
    rows = [
        {
            "area": child,
            "grids": level_counts[(child.path, AreaLevel.GRID)],
            "buildings": level_counts[(child.path, AreaLevel.BUILDING)],
            "counts": [counted[counter.key][child.path] for counter in columns],
        }
        for child in children
    ]
    totals = {
        "grids": sum(row["grids"] for row in rows),
        "buildings": sum(row["buildings"] for row in rows),
        "counts": [sum(counted[counter.key].values()) for counter in columns],
    }
    return {"children": rows, "counter_labels": [c.label for c in columns], "totals": totals}


def children_chart(children: dict) -> dict:
    """The per-child figures of :func:`area_children_with_counts` as chart series."""
    rows = children["children"]
    series = [{"name": str(_("楼栋")), "values": [row["buildings"] for row in rows]}]
    for index, label in enumerate(children["counter_labels"]):
        series.append({"name": str(label), "values": [row["counts"][index] for row in rows]})
    return {"categories": [row["area"].name for row in rows], "series": series}


def areas_search(*, user, query: str, limit: int = 50) -> list[Area]:
    return list(
        Area.objects.visible_to(user)
        .filter(Q(name__contains=query) | Q(code__startswith=query))
        .select_related("parent")
        .order_by("path")[:limit]
    )


def home_summary(*, user) -> dict:
    assignments = list(
        Assignment.objects.filter(user=user).select_related("area").order_by("area__path")
    )
    can_view = scope_paths(user, VIEW) != []
    areas = []
    for assignment in assignments:
        areas.append(
            {
                "assignment": assignment,
                "can_view": path_within(assignment.area.path, scope_paths(user, VIEW)),
                **_area_numbers(assignment.area, user, with_counters=can_view),
            }
        )
    return {
        "assignments": assignments,
        "home_links": home_links({a.role for a in assignments}),
        "panels": home_panels(user),
        "area_cards": areas,
        "is_grid_worker": any(a.role == Role.GRID_WORKER for a in assignments),
    }


def _area_numbers(area: Area, user, *, with_counters: bool) -> dict:
    below = dict(
        Area.objects.under(area).exclude(pk=area.pk).values_list("level").annotate(n=Count("id"))
    )
    return {
        "communities": below.get(AreaLevel.COMMUNITY, 0),
        "grids": below.get(AreaLevel.GRID, 0),
        "buildings": below.get(AreaLevel.BUILDING, 0),
        "counts": [(counter.label, counter.count_total(area, user)) for counter in counters()]
        if with_counters
        else [],
    }
