"""What every passage reads and hardly ever changes, kept per process: the watch list,
the risk areas, and the devices that wrote lately (with their checkpoint and its area).

A process loads them and checks that they are current with one small query
(:data:`_VERSION_SQL`), at most once per request. Freshness guarantee:

- a change saved or deleted through the models (services, admin, anything that keeps the
  history table: adding a watched plate, a risk area, revoking a device, closing a
  checkpoint, moving an area) is seen by the next request in every process, because it
  adds a history row, whose id is part of the version;
- watched plates and risk areas added or removed in bulk without history change a row
  count or the highest id, also part of the version;
- this process's own changes are seen even when rolled back (a rollback can give the
  database back a version already seen, with other rows behind it);
- a write that bypasses the models and changes no count (raw SQL, ``QuerySet.update``) is
  seen within :data:`MAX_AGE_SECONDS`, when everything is loaded again regardless.

Within one request the version is read once: a change committed by another process while
the request runs counts as committed after it.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shouwang.checkpoints.models import Checkpoint, Device, WatchedVehicle
from shouwang.core.db import prepared_cursor
from shouwang.core.models import Area
from shouwang.people.models import RiskArea
from shouwang.people.selectors import gravest_listed

MAX_AGE_SECONDS = 60.0


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


def _version_sql() -> str:
    parts = []
    for model in (WatchedVehicle, RiskArea, Device, Checkpoint, Area):
        parts.append(f"(SELECT max(history_id) FROM {model.history.model._meta.db_table})")
    for model in (WatchedVehicle, RiskArea):
        table = model._meta.db_table
        parts += [f"(SELECT count(*) FROM {table})", f"(SELECT max(id) FROM {table})"]
    return "SELECT " + ", ".join(parts)


_VERSION_SQL = _version_sql()
_cache: dict = {
    "version": None,
    "data": None,
    "loaded_at": 0.0,
    "generation": 0,
    "in_request": False,
    # Set while a request runs and its version has been read.
    "checked_in_request": False,
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


def reference_data() -> ReferenceData:
    """The current reference data (one small query a request when nothing changed)."""
    with _lock:
        if _cache["checked_in_request"] and _cache["data"] is not None:
            return _cache["data"]
    with prepared_cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        database_version = cursor.fetchone()
    with _lock:
        version = (_cache["generation"], database_version)
        stale = time.monotonic() - _cache["loaded_at"] > MAX_AGE_SECONDS
        if _cache["version"] != version or stale:
            _cache["data"] = _load()
            _cache["version"] = version
            _cache["loaded_at"] = time.monotonic()
        _cache["checked_in_request"] = _cache["in_request"]
        return _cache["data"]


@receiver(request_started)
def _request_started(sender, **kwargs) -> None:
    _cache.update(in_request=True, checked_in_request=False)


@receiver(request_finished)
def _request_finished(sender, **kwargs) -> None:
    _cache.update(in_request=False, checked_in_request=False)


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
