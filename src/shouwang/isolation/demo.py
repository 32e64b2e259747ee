"""Demo home isolations: an order for everyone the people demo put under home isolation
(early 2020, ended; and now, active), commitments signed on most, two follow-ups a day
up to now with a few fevers and missed slots, and the alerts they raise."""

import base64
import struct
import zlib
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction
from shouwang.core.models import Signature, User
from shouwang.core.services.signatures import text_sha256
from shouwang.demo.loader import write_instances, write_rows
from shouwang.isolation.choices import OrderOutcome, OrderStatus, Slot
from shouwang.isolation.models import FollowUp, IsolationOrder
from shouwang.isolation.services import COMMITMENT_DOCUMENT, DEFAULT_COMMITMENT, slot_deadline
from shouwang.people.choices import Measure
from shouwang.people.models import MeasureRecord

SIGNED_SHARE = 0.85
FEVER_SHARE = 0.002
MISSED_SHARE = 0.01
DEMO_DOCTORS = ["陈医生", "林医生", "黄医生", "张医生", "李医生", "吴医生"]


def _png() -> str:
    """A small drawn-looking stroke, the kind of image the signature pad sends."""
    width, height = 80, 24
    rows = b"".join(
        b"\x00" + bytes(0 if abs(y - 12 - (x % 16 - 8) // 2) < 2 else 255 for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
    return "data:image/png;base64," + base64.b64encode(png + chunk(b"IEND", b"")).decode()


def _grid_workers() -> dict[str, int]:
    """Grid code -> the first grid worker of that grid (gw<grid>-1 in the demo)."""
    return {
        username[2:].rsplit("-", 1)[0]: pk
        for username, pk in User.objects.filter(
            username__startswith="gw", username__endswith="-1"
        ).values_list("username", "pk")
    }


def load_demo_data(context) -> None:
    rng, now, today = context.rng, timezone.now(), timezone.localdate()
    records = list(
        MeasureRecord.objects.filter(measure=Measure.HOME_ISOLATION)
        .select_related("person", "person__area")
        .order_by("pk")
    )
    if not records:
        return
    workers = _grid_workers()
    building_paths = {r.person.area_id: r.person.area.path for r in records}
    image = _png()
    orders, signatures = [], []
    for record in records:
        person = record.person
        grid_code = building_paths[person.area_id].split(".")[-2]
        active = record.is_active
        order = IsolationOrder(
            person_id=person.pk,
            area_id=person.area_id,
            start=record.start,
            days=14,
            reason=record.reason,
            grid_worker_id=workers[grid_code],
            doctor=rng.choice(DEMO_DOCTORS),
            status=OrderStatus.ACTIVE if active else OrderStatus.ENDED,
            outcome="" if active else OrderOutcome.RELEASED,
            ended_on=None if active else record.end,
            end_note="" if active else "期满，体温正常",
        )
        orders.append(order)
        signed = rng.random() < SIGNED_SHARE
        if signed:
            text = f"{DEFAULT_COMMITMENT.title}\n\n" + DEFAULT_COMMITMENT.text.format(
                name=person.name,
                address=person.area.name,
                start=order.start,
                end=order.planned_end,
                days=order.days,
            )
            signatures.append(
                Signature(
                    document=COMMITMENT_DOCUMENT,
                    text_version=DEFAULT_COMMITMENT.version,
                    text=text,
                    text_sha256=text_sha256(text),
                    signer_name=person.name,
                    image=image,
                    device="Mozilla/5.0 (Linux; Android 10) demo",
                )
            )
        else:
            signatures.append(None)
    signed = [s for s in signatures if s]
    # The demo is the only writer in its transaction: the new rows are those after the
    # highest id so far, in the order they were written.
    before = Signature.objects.aggregate(top=Max("pk"))["top"] or 0
    write_instances(Signature, signed)
    signature_ids = iter(
        Signature.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True)
    )
    for order, signature in zip(orders, signatures, strict=True):
        order.signature_id = next(signature_ids) if signature else None
    write_instances(IsolationOrder, orders)
    active_orders = list(
        IsolationOrder.objects.filter(status=OrderStatus.ACTIVE).values_list(
            "pk", "start", "grid_worker_id"
        )
    )
    written = write_rows(
        FollowUp._meta.db_table,
        (
            "order_id",
            "day",
            "slot",
            "temperature",
            "symptoms",
            "needs_food",
            "needs_medicine",
            "needs_psychological",
            "note",
            "recorded_by_id",
            "recorded_at",
        ),
        _follow_up_rows(active_orders, rng, now, today),
    )
    record_bulk_change(
        user=None,
        action=ChangeAction.IMPORT,
        model="isolation.isolationorder",
        count=len(orders) + written,
        area_path=context.specs[0].code,
        description=f"demo: {len(orders)} home isolations, {written} follow-ups",
    )


def _follow_up_rows(active_orders, rng, now, today):
    for pk, start, worker in active_orders:
        day = start
        while day <= min(today, start + timedelta(days=13)):
            for slot in Slot.values:
                if day == today and now < slot_deadline(day, slot) - timedelta(hours=3):
                    continue  # not yet time for it (any earlier day's slots are past)
                if rng.random() < MISSED_SHARE:
                    continue
                fever = rng.random() < FEVER_SHARE
                temperature = Decimal("38.0") if fever else Decimal(f"36.{rng.randrange(2, 9)}")
                needs = [rng.random() < 0.05, rng.random() < 0.03, rng.random() < 0.01]
                yield (
                    pk,
                    day,
                    slot,
                    temperature,
                    "咳嗽" if fever else "",
                    *needs,
                    "",
                    worker,
                    datetime.combine(day, datetime.min.time(), tzinfo=now.tzinfo),
                )
            day += timedelta(days=1)
