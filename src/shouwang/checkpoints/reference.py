"""What every passage reads and hardly ever changes, kept per process: the watch list,
the risk areas, and the devices that wrote lately (with their checkpoint and its area).

A process loads them and checks that they are current with one small query
(:data:`VERSION_SQL`), at most once per request: the version is the stamp each of their
tables was left by its latest write (:class:`~shouwang.checkpoints.models.ReferenceTableVersion`,
set by a database trigger). Freshness guarantee:

- any committed change to the watch list, the risk areas, the devices, the checkpoints or
  the areas' paths (a save, a delete, ``bulk_create``, ``QuerySet.update``, raw SQL, in
  any process) is seen by the next request in every process;
- this process's own changes are seen even when rolled back, and at once within the
  request that made them (the models' signals).

The query reads five rows by their key whatever the lists hold (a count of the rows, or
their highest id, would miss changes committed out of order; a count also read the whole
list on every passage).

Within one request the version is read once: a change committed by another process while
the request runs counts as committed after it.

A passage pays no statement of its own for this. A device's token is looked up in the data
as last loaded (:func:`last_loaded`). On PostgreSQL the passage is evaluated with that data
too and its one statement writes only if the version is still the one loaded
(:func:`reference_for_write`, :func:`confirm_version`); elsewhere the version is read in
the statement that reads the people register (:func:`reference_data_and_rows`). Either
way, data found out of date means nothing was written: :class:`ReferenceChanged` makes the
work start again from current data (device_api for a device, whose token is looked up
again; the service for a page), so the guarantee above holds for it too.
"""

from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shouwang.checkpoints.models import Checkpoint, Device, ReferenceTableVersion, WatchedVehicle
from shouwang.core.db import prepared_cursor
from shouwang.core.models import Area
from shouwang.people.models import RiskArea
from shouwang.people.selectors import gravest_listed


@dataclass(frozen=True)
class ReferenceData:
    #: plate -> the reason of its newest active entry
    watched: dict[str, str]
    #: region code -> the risk areas listed under it, newest first
    risk_areas: dict[str, list[RiskArea]]
    #: token hash -> a usable device, filled as devices write
    devices: dict[str, Device] = field(default_factory=dict)

    def usable_device(self, token_hash: str) -> Device | None:
        """The device of a token, with its checkpoint and area; None if unknown or revoked.
        Unknown tokens are asked for every time, never remembered."""
        device = self.devices.get(token_hash)
        if device is None:
            device = (
                Device.objects.usable()
                .select_related("checkpoint__area")
                .filter(token_hash=token_hash)
                .first()
            )
            if device is not None:
                self.devices[token_hash] = device
        return device

    def risk_areas_matching(self, region_codes, on: date) -> dict[str, RiskArea | None]:
        """What ``people.selectors.risk_areas_matching`` answers, from the loaded list:
        the gravest area valid on ``on`` covering each code, the most precise on a tie."""
        return {
            code: gravest_listed(self.risk_areas, code, on)
            for code in dict.fromkeys(code for code in region_codes if code)
        }


#: The models whose tables the data is loaded from (each has its trigger: migration 0004).
VERSIONED_MODELS = (WatchedVehicle, RiskArea, Device, Checkpoint, Area)
VERSION_SQL = "SELECT " + ", ".join(
    f"(SELECT stamp FROM {ReferenceTableVersion._meta.db_table}"
    f" WHERE table_name = '{model._meta.db_table}') AS version_{n}"
    for n, model in enumerate(VERSIONED_MODELS)
)
_cache: dict = {
    "version": None,
    "data": None,
    "generation": 0,
    "in_request": False,
    # Set while a request runs and its version has been read.
    "checked_in_request": False,
    # Set while a request runs that used the data before its version was read.
    "used_unchecked": False,
}
_lock = Lock()


def _load() -> ReferenceData:
    watched = {}
    # Newest first, so the first entry of a plate is the one that speaks for it.
    for plate, reason in (
        WatchedVehicle.objects.active()
        .order_by("-created_at", "-id")
        .values_list("plate", "reason")
    ):
        watched.setdefault(plate, reason)
    risk_areas = defaultdict(list)
    for area in RiskArea.objects.all():  # the model's order: newest first
        risk_areas[area.region_code].append(area)
    return ReferenceData(watched=watched, risk_areas=dict(risk_areas))


class ReferenceChanged(Exception):
    """This request used data as last loaded (:func:`last_loaded` for a device's token,
    :func:`reference_for_write` for a passage's flags) that the version then read found
    out of date, before anything was written: start the work again from current data (a
    device is authenticated again then)."""


def _checked() -> ReferenceData | None:
    """The data, if its version was read in this request already."""
    with _lock:
        return _cache["data"] if _cache["checked_in_request"] else None


def _current(database_version: tuple) -> ReferenceData:
    with _lock:
        version = (_cache["generation"], tuple(database_version))
        reloaded = _cache["version"] != version
        if reloaded:
            _cache["data"] = _load()
            _cache["version"] = version
        _cache["checked_in_request"] = _cache["in_request"]
        used_unchecked, _cache["used_unchecked"] = _cache["used_unchecked"], False
        data = _cache["data"]
    if reloaded and used_unchecked:
        raise ReferenceChanged
    return data


def reference_data() -> ReferenceData:
    """The current reference data (one small query a request when nothing changed)."""
    data = _checked()
    if data is not None:
        return data
    with prepared_cursor() as cursor:
        cursor.execute(VERSION_SQL)
        return _current(cursor.fetchone())


def reference_data_and_rows(sql: str, params: list) -> tuple[ReferenceData, list[tuple]]:
    """:func:`reference_data` and the rows of ``sql``, in one statement when the version
    is still to be read in this request (a passage off PostgreSQL: the people register's
    rows).
    The first column of ``sql`` is never NULL."""
    data = _checked()
    with prepared_cursor() as cursor:
        if data is not None:
            cursor.execute(sql, params)
            return data, cursor.fetchall()
        cursor.execute(
            f"SELECT version.*, found.* FROM ({VERSION_SQL}) AS version"
            f" LEFT JOIN ({sql}) AS found ON 1 = 1",
            params,
        )
        rows = cursor.fetchall()
    width = len(VERSIONED_MODELS)
    # No row found still gives one row, of the version and NULLs.
    return _current(rows[0][:width]), [row[width:] for row in rows if row[width] is not None]


def reference_for_write() -> tuple[ReferenceData, tuple | None]:
    """The data to evaluate a passage with, and the version its write must find in the
    database, in the same statement (services._write_with_persons): None when this
    request has read the version already. Should the write find another version it writes
    nothing, and :func:`confirm_version` raises :class:`ReferenceChanged`."""
    data = _checked()
    if data is not None:
        return data, None
    with _lock:
        data, version = _cache["data"], _cache["version"]
        if data is not None and version[0] == _cache["generation"] and _cache["in_request"]:
            _cache["used_unchecked"] = True
            return data, version[1]
    # Never loaded, changed by this process, or outside a request: read it now.
    return reference_data(), None


def confirm_version(database_version: tuple, *, written: bool) -> None:
    """After a write guarded by :func:`reference_for_write`'s version: keep the version
    that write found; ReferenceChanged if it wrote nothing. Whether it wrote is the
    statement's answer, not this process's cache (another thread may have reloaded it)."""
    with suppress(ReferenceChanged):
        _current(database_version)
    if not written:
        raise ReferenceChanged


def last_loaded() -> ReferenceData:
    """Within a request, the data as this process last loaded it, without reading the
    version: for a device's token, before the request's first statement reads the version
    (the passage's write on PostgreSQL, :func:`reference_data_and_rows` elsewhere). Should
    that find the data out of date, :class:`ReferenceChanged` is raised before anything is
    written, and the caller starts again (device_api does). Outside a request:
    :func:`reference_data`."""
    with _lock:
        data = _cache["data"]
        if data is not None and _cache["in_request"]:
            if not _cache["checked_in_request"]:
                _cache["used_unchecked"] = True
            return data
    return reference_data()


@receiver(request_started)
def _request_started(sender, **kwargs) -> None:
    _cache.update(in_request=True, checked_in_request=False, used_unchecked=False)


@receiver(request_finished)
def _request_finished(sender, **kwargs) -> None:
    _cache.update(in_request=False, checked_in_request=False, used_unchecked=False)


@receiver(post_save, sender=WatchedVehicle)
@receiver(post_delete, sender=WatchedVehicle)
@receiver(post_save, sender=RiskArea)
@receiver(post_delete, sender=RiskArea)
@receiver(post_save, sender=Device)
@receiver(post_delete, sender=Device)
@receiver(post_save, sender=Checkpoint)
@receiver(post_delete, sender=Checkpoint)
@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def reference_changed(sender, **kwargs) -> None:
    with _lock:
        _cache["generation"] += 1
        # Seen at once, even within the request that made the change.
        _cache["checked_in_request"] = False
