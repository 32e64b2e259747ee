from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.roles import MANAGE_POSTS, SITE_DUTY
from shouwang.core.scoping import holds, scope_paths
from shouwang.core.text import list_of
from shouwang.core.views.base import add_service_errors, is_htmx
from shouwang.quarantine.choices import RoomState
from shouwang.quarantine.forms import (
    AttentionForm,
    CheckInForm,
    CheckOutForm,
    CloseForm,
    CoordinatorsForm,
    HealthLogForm,
    RoomsForm,
    RoomStateForm,
    SiteForm,
    StaffGroupForm,
)
from shouwang.quarantine.models import Room
from shouwang.quarantine.selectors.sites import (
    infections_at,
    rooms_open_for_check_in,
    site_board,
    site_for_duty,
    sites_for_duty,
    sites_overview,
    stay_for_duty,
    transfer_rooms,
)
from shouwang.quarantine.services import (
    health_log_record,
    person_for_document,
    room_set_state,
    rooms_generate,
    site_close,
    site_create,
    site_set_coordinators,
    staff_group_create,
    stay_check_in,
    stay_check_out,
    stay_set_attention,
)
from shouwang.quarantine.views.common import day_of, posted_form, require, station
from shouwang.workforce.selectors import previous_shift, shift_at

BOARD_REFRESH_SECONDS = 30


@login_required
def site_station(request):
    """Where site staff land: the board of their site, or the list when they have several."""
    require(request.user, SITE_DUTY)
    return station(sites_for_duty(request.user), "quarantine:site_board", "quarantine:site_list")


@login_required
def site_list(request):
    require(request.user, SITE_DUTY)
    sites = sites_overview(request.user)
    infections = infections_at([site.pk for site in sites])
    for site in sites:
        site.infections = infections.get(site.pk, 0)
        site.free_beds = max(site.capacity - site.current, 0)
    totals = {
        "open": sum(1 for site in sites if site.is_open()),
        "served": sum(site.served_count for site in sites),
        "current": sum(site.current for site in sites),
        "capacity": sum(site.capacity for site in sites if site.is_open()),
    }
    open_sites = [site for site in sites if site.is_open()]
    chart = {
        "categories": [site.name for site in open_sites],
        "series": [
            {"name": str(_("当前在住")), "values": [site.current for site in open_sites]},
            {"name": str(_("空余床位")), "values": [site.free_beds for site in open_sites]},
        ],
    }
    return render(
        request,
        "quarantine/site_list.html",
        {
            "sites": sites,
            "totals": totals,
            "chart": chart,
            "can_manage": scope_paths(request.user, MANAGE_POSTS) != [],
        },
    )


@login_required
def site_create_view(request):
    require(request.user, MANAGE_POSTS)
    form = SiteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            site = site_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("隔离点已创建，请添加房间"))
            return redirect("quarantine:site_setup", pk=site.pk)
    return render(request, "quarantine/form.html", {"form": form, "title": _("新建隔离点")})


@login_required
def site_board_view(request, pk):
    """The wall chart: refreshes itself every 30 seconds; built for a large screen."""
    site = site_for_duty(request.user, pk)
    day = day_of(request)
    board = site_board(site=site, day=day, user=request.user)
    context = {"board": board, "site": site, "refresh": BOARD_REFRESH_SECONDS}
    if is_htmx(request):
        return render(request, "quarantine/_site_board.html", context)
    shift = shift_at(site.post, timezone.now())
    context.update(
        {
            "shift": shift,
            "handover_from": previous_shift(shift) if shift else None,
            "can_manage": holds(request.user, MANAGE_POSTS, site),
        }
    )
    return render(request, "quarantine/site_board.html", context)


@login_required
def site_setup(request, pk):
    """Rooms, working groups, coordinators, roster and closing (撤点): for managers."""
    site = site_for_duty(request.user, pk)
    if not holds(request.user, MANAGE_POSTS, site):
        raise Http404

    def make(action, data):
        if action == "rooms":
            return RoomsForm(data, prefix=action)
        if action == "group":
            return StaffGroupForm(data, prefix=action, user=request.user)
        if action == "coordinators":
            initial = {"members": list(site.coordinators.all())}
            return CoordinatorsForm(data, prefix=action, user=request.user, initial=initial)
        return CloseForm(data, prefix=action, initial={"closes_on": timezone.localdate()})

    forms, done = posted_form(
        request,
        make,
        ("rooms", "group", "coordinators", "close"),
        lambda action, data: _setup_action(action, site, data, request.user),
    )
    if done:
        return redirect("quarantine:site_setup", pk=site.pk)
    return render(
        request,
        "quarantine/site_setup.html",
        {
            "site": site,
            "forms": forms,
            "groups": site.groups.select_related("leader").prefetch_related("members"),
            "coordinators": site.coordinators.all(),
            "room_count": site.rooms.count(),
        },
    )


def _setup_action(action, site, data, by) -> None:
    if action == "rooms":
        rooms_generate(site=site, by=by, **data)
    elif action == "group":
        staff_group_create(site=site, by=by, **data)
    elif action == "coordinators":
        site_set_coordinators(site=site, members=data["members"], by=by)
    else:
        site_close(site=site, closes_on=data["closes_on"], by=by)


@login_required
@require_POST
def room_state_view(request, pk):
    room = Room.objects.select_related("site").filter(pk=pk).first()
    if room is None or not holds(request.user, SITE_DUTY, room):
        raise Http404
    form = RoomStateForm(request.POST)
    if form.is_valid():
        try:
            room_set_state(room=room, state=form.cleaned_data["state"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("房间 %(room)s：%(state)s")
                % {"room": room.number, "state": RoomState(room.state).label},
            )
    return redirect("quarantine:site_board", pk=room.site_id)


@login_required
def check_in_view(request, pk):
    """Scan the document, choose a free room, check in (with a family in one room)."""
    site = site_for_duty(request.user, pk)
    form = CheckInForm(request.POST or None, rooms=rooms_open_for_check_in(site))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                persons = [
                    person_for_document(
                        name=row["name"],
                        document_type=row["document_type"],
                        document_number=row["document_number"],
                        phone=row.get("phone", ""),
                        area=site.area,
                    )[0]
                    for row in [data, *data["companions"]]
                ]
                stays = stay_check_in(
                    room=data["room"], persons=persons, days=data["days"], by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(names)s 已入住 %(room)s，计划 %(end)s 解除")
                % {
                    "names": list_of(p.name for p in persons),
                    "room": data["room"].number,
                    "end": stays[0].planned_end,
                },
            )
            return redirect("quarantine:check_in", pk=site.pk)
    return render(request, "quarantine/check_in.html", {"site": site, "form": form})


@login_required
def stay_detail(request, pk):
    stay = stay_for_duty(request.user, pk)

    def make(action, data):
        if action == "log":
            return HealthLogForm(data, prefix=action, initial={"day": timezone.localdate()})
        if action == "attention":
            initial = {"attention": stay.attention, "reason": stay.attention_reason}
            return AttentionForm(data, prefix=action, initial=initial)
        return CheckOutForm(data, prefix=action, rooms=transfer_rooms(request.user, stay.site))

    forms, done = posted_form(
        request,
        make,
        ("log", "attention", "checkout"),
        lambda action, data: _stay_action(action, stay, data, request.user),
    )
    if done == "checkout":
        return redirect("quarantine:site_board", pk=stay.site_id)
    if done:
        return redirect("quarantine:stay_detail", pk=stay.pk)
    return render(
        request,
        "quarantine/stay_detail.html",
        {"stay": stay, "logs": stay.logs.select_related("recorded_by"), "forms": forms},
    )


def _stay_action(action, stay, data, by) -> None:
    if action == "log":
        health_log_record(stay=stay, by=by, **data)
    elif action == "attention":
        stay_set_attention(stay=stay, attention=data["attention"], reason=data["reason"], by=by)
    else:
        stay_check_out(stay=stay, by=by, **data)
