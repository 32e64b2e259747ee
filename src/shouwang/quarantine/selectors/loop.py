"""Reads of the closed loop: ports, batches, transfers, and the loop board."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from shouwang.core.dates import day_bounds
from shouwang.core.roles import PORT_DUTY, SITE_DUTY
from shouwang.core.scoping import get_visible_or_404, scope_paths, subtree_q
from shouwang.quarantine.choices import LoopPlace
from shouwang.quarantine.models import Discrepancy, HandoverBatch, LoopPerson, Port, Transfer


def ports_for_duty(user):
    return Port.objects.visible_to(user, PORT_DUTY).select_related("area")


def port_for_duty(user, pk: int) -> Port:
    return get_visible_or_404(
        Port.objects.select_related("area", "post__template"), user, PORT_DUTY, pk=pk
    )


def batch_for_duty(user, pk: int) -> HandoverBatch:
    return get_visible_or_404(
        HandoverBatch.objects.select_related("port", "area"), user, PORT_DUTY, pk=pk
    )


def transfer_for_recount(user, pk: int) -> Transfer:
    """A transfer the escort's port or the receiving site's staff may count."""
    transfers = Transfer.objects.select_related("port", "site", "area")
    paths = scope_paths(user, SITE_DUTY)
    visible = transfers.visible_to(user, PORT_DUTY)
    if paths is None:
        visible = transfers
    elif paths:
        visible = transfers.filter(
            Q(pk__in=visible.values("pk")) | subtree_q("site__area__path", paths)
        )
    found = visible.filter(pk=pk).first()
    if found is None:
        from django.http import Http404

        raise Http404
    return found


def batch_persons(batch: HandoverBatch):
    return LoopPerson.objects.filter(batch=batch).select_related("site", "transfer")


def transfer_persons(transfer: Transfer):
    return LoopPerson.objects.filter(transfer=transfer).order_by("recounted_at", "name", "id")


@dataclass
class LoopBoard:
    port: Port
    day: date
    received: int
    sent_on: int
    in_transit: int
    delivered: int
    missing: int
    at_port: int
    open_discrepancies: list
    batches: list
    transfers: list


def loop_board(*, port: Port, day: date, user) -> LoopBoard:
    """Received, sent on, in transit, delivered and open discrepancies of a port and day.
    A constant number of queries."""
    start, end = day_bounds(day)
    persons = LoopPerson.objects.filter(batch__port=port)
    received = persons.filter(registered_at__gte=start, registered_at__lt=end).count()
    places = dict(persons.values_list("place").annotate(n=Count("id")).order_by())
    sent = persons.filter(transfer__departed_at__gte=start, transfer__departed_at__lt=end).count()
    delivered = persons.filter(recounted_at__gte=start, recounted_at__lt=end).count()
    batches = list(
        HandoverBatch.objects.filter(port=port, handed_over_at__gte=start, handed_over_at__lt=end)
        .annotate(
            listed=Count("persons", filter=Q(persons__listed=True)),
            registered=Count("persons", filter=Q(persons__registered_at__isnull=False)),
        )
        .order_by("-handed_over_at")
    )
    transfers = list(
        Transfer.objects.filter(port=port)
        .filter(
            Q(created_at__gte=start, created_at__lt=end)
            | Q(departed_at__gte=start, departed_at__lt=end)
        )
        .select_related("site")
        .annotate(
            aboard=Count("persons"),
            counted=Count("persons", filter=Q(persons__recounted_at__isnull=False)),
        )
        .order_by("-created_at")
    )
    open_discrepancies = list(
        Discrepancy.objects.filter(port=port).unresolved().select_related("alert")[:50]
    )
    return LoopBoard(
        port=port,
        day=day,
        received=received,
        sent_on=sent,
        in_transit=places.get(LoopPlace.ON_VEHICLE, 0),
        delivered=delivered,
        missing=places.get(LoopPlace.MISSING, 0),
        at_port=places.get(LoopPlace.AT_PORT, 0),
        open_discrepancies=open_discrepancies,
        batches=batches,
        transfers=transfers,
    )
