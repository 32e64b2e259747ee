"""Reads of checkpoints, passages and their statistics, scoped to the user.

Statistics read only ``HourlyCount`` (one row per checkpoint and hour), never the passages:
a day of the whole district is a few thousand rows however many millions passed.
"""

from datetime import date, timedelta

from django.db.models import Prefetch, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from shouwang.checkpoints.models import Checkpoint, HourlyCount, Occupant, Passage
from shouwang.core.dates import day_bounds
from shouwang.core.roles import CHECKPOINT_DUTY
from shouwang.core.scoping import get_visible_or_404

COUNT_FIELDS = ("vehicles", "persons", "fevers", "flagged")


def checkpoints_visible_to(user):
    return Checkpoint.objects.visible_to(user, CHECKPOINT_DUTY).select_related("area")


def checkpoint_for_duty(user, pk: int) -> Checkpoint:
    return get_visible_or_404(
        Checkpoint.objects.select_related("area", "post__template"), user, CHECKPOINT_DUTY, pk=pk
    )


def passages_of(checkpoint: Checkpoint, *, flagged_only: bool = False):
    passages = Passage.objects.filter(checkpoint=checkpoint).prefetch_related(
        Prefetch("occupants", queryset=Occupant.objects.order_by("seat"))
    )
    return passages.filter(flagged=True) if flagged_only else passages


def passage_for_duty(user, pk: int) -> Passage:
    return get_visible_or_404(
        Passage.objects.select_related("checkpoint", "recorded_by", "device").prefetch_related(
            Prefetch("occupants", queryset=Occupant.objects.order_by("seat"))
        ),
        user,
        CHECKPOINT_DUTY,
        pk=pk,
    )


def _zero() -> dict:
    return dict.fromkeys(COUNT_FIELDS, 0)


def checkpoint_hours(checkpoint: Checkpoint, day: date) -> list[dict]:
    """The day's 24 local hours with their counts (zero where nothing passed)."""
    start, end = day_bounds(day)
    rows = HourlyCount.objects.filter(checkpoint=checkpoint, hour__gte=start, hour__lt=end).values(
        "hour", *COUNT_FIELDS
    )
    by_hour = {timezone.localtime(row["hour"]).hour: row for row in rows}
    return [
        {"hour": hour, **{f: by_hour.get(hour, {}).get(f, 0) for f in COUNT_FIELDS}}
        for hour in range(24)
    ]


def checkpoint_shifts(checkpoint: Checkpoint, hours: list[dict]) -> list[dict]:
    """The day's hours summed per slot of the checkpoint's shift template."""
    from shouwang.workforce.models import slot_label

    shifts = []
    for start, length in checkpoint.post.template.slots:
        covered = [(start + offset) % 24 for offset in range(length)]
        totals = _zero()
        for hour in covered:
            for field in COUNT_FIELDS:
                totals[field] += hours[hour][field]
        shifts.append({"label": slot_label(start, length), **totals})
    return shifts


def checkpoints_day(user, day: date) -> list[dict]:
    """Every checkpoint the user may see, with the day's totals: the district's view."""
    start, end = day_bounds(day)
    checkpoints = list(checkpoints_visible_to(user).order_by("area__path", "name"))
    totals = {
        row["checkpoint_id"]: row
        for row in HourlyCount.objects.filter(
            checkpoint__in=[c.pk for c in checkpoints], hour__gte=start, hour__lt=end
        )
        .values("checkpoint_id")
        .annotate(**{f: Sum(f) for f in COUNT_FIELDS})
        .order_by()
    }
    return [
        {"checkpoint": c, **{f: totals.get(c.pk, {}).get(f) or 0 for f in COUNT_FIELDS}}
        for c in checkpoints
    ]


def daily_totals(checkpoint_ids: list[int], last_day: date, days: int = 14) -> list[dict]:
    """Per day over ``days`` days up to ``last_day``, for the given checkpoints."""
    first_day = last_day - timedelta(days=days - 1)
    start, _ = day_bounds(first_day)
    _, end = day_bounds(last_day)
    rows = {
        row["day"]: row
        for row in HourlyCount.objects.filter(
            checkpoint__in=checkpoint_ids, hour__gte=start, hour__lt=end
        )
        .annotate(day=TruncDate("hour", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(**{f: Sum(f) for f in COUNT_FIELDS})
        .order_by()
    }
    series = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        series.append({"day": day, **{f: (rows.get(day) or {}).get(f) or 0 for f in COUNT_FIELDS}})
    return series
