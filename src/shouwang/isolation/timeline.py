"""Home isolation in the person's one timeline (fevers found on a follow-up are there
already, as health states)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shouwang.isolation.models import IsolationOrder
from shouwang.people.timeline import TimelineEntry


def isolation_entries(person) -> list[TimelineEntry]:
    entries = []
    for order in IsolationOrder.objects.filter(person=person):
        link = reverse("isolation:order_detail", args=[order.pk])
        signed = _("已签承诺书") if order.signature_id else _("未签承诺书")
        entries.append(
            TimelineEntry(
                order.start,
                str(IsolationOrder._meta.verbose_name),
                f"{order.start} – {order.planned_end} · {order.reason} · {signed}",
                link,
            )
        )
        if order.ended_on:
            entries.append(
                TimelineEntry(
                    order.ended_on,
                    str(IsolationOrder._meta.verbose_name),
                    f"{order.get_outcome_display()} {order.end_note}",
                    link,
                )
            )
    return entries
