"""Per-area counts that other apps contribute to the tree page (people, later sites...).

An app registers a function that, given an area, returns ``{area_path: count}`` for the
records directly attached to areas under it; the tree page rolls them up per child.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AreaCounter:
    key: str
    label: str | Promise
    count_by_path: Callable  # (area, user) -> {area path: records attached there}
    count_total: Callable  # (area, user) -> records in the whole subtree


_COUNTERS: list[AreaCounter] = []


def register_counter(counter: AreaCounter) -> None:
    if all(existing.key != counter.key for existing in _COUNTERS):
        _COUNTERS.append(counter)


def counters() -> list[AreaCounter]:
    return list(_COUNTERS)
