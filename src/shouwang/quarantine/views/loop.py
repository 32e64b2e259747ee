from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.roles import MANAGE_POSTS, PORT_DUTY
from shouwang.core.scoping import holds, scope_paths
from shouwang.core.views.base import add_service_errors, is_htmx
from shouwang.quarantine.choices import BatchStatus, Destination, LoopPlace, TransferStatus
from shouwang.quarantine.forms import (
    BatchForm,
    ConfirmForm,
    PortForm,
    RecountForm,
    RegisterForm,
    TransferForm,
)
from shouwang.quarantine.models import LoopPerson
from shouwang.quarantine.selectors.loop import (
    batch_for_duty,
    batch_persons,
    loop_board,
    port_for_duty,
    ports_for_duty,
    transfer_for_recount,
    transfer_persons,
)
from shouwang.quarantine.selectors.sites import sites_for_duty
from shouwang.quarantine.services import (
    batch_close,
    batch_create,
    loop_confirm,
    loop_person_found,
    loop_register,
    port_create,
    transfer_create,
    transfer_depart,
    transfer_finish,
    transfer_recount,
)
from shouwang.quarantine.views.common import (
    action_messages,
    day_of,
    form_errors,
    require,
    station,
)
from shouwang.workforce.selectors import shift_at


@login_required
def port_station(request):
    """Where port staff land: the loop board of their port, or the list."""
    require(request.user, PORT_DUTY)
    return station(ports_for_duty(request.user), "quarantine:port_board", "quarantine:port_list")


@login_required
def port_list(request):
    require(request.user, PORT_DUTY)
    return render(
        request,
        "quarantine/port_list.html",
        {
            "ports": ports_for_duty(request.user).order_by("area__path", "name"),
            "can_manage": scope_paths(request.user, MANAGE_POSTS) != [],
        },
    )


@login_required
def port_create_view(request):
    require(request.user, MANAGE_POSTS)
    form = PortForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            port = port_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("quarantine:port_board", pk=port.pk)
    return render(request, "quarantine/form.html", {"form": form, "title": _("新建口岸分流点")})


@login_required
def port_board(request, pk):
    """The loop board of a port and day, and the form for a new handover batch."""
    port = port_for_duty(request.user, pk)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = batch_create(port=port, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("quarantine:batch_detail", pk=batch.pk)
    board = loop_board(port=port, day=day_of(request), user=request.user)
    context = {"board": board, "port": port, "form": form}
    if is_htmx(request):
        return render(request, "quarantine/_loop_board.html", context)
    context["shift"] = shift_at(port.post, timezone.now())
    return render(request, "quarantine/port_board.html", context)


@login_required
def batch_detail(request, pk):
    """Registration at the port (one scan per person), proposals and transfer runs."""
    batch = batch_for_duty(request.user, pk)
    register_form = RegisterForm(prefix="register")
    sites = sites_for_duty(request.user).open_on(timezone.localdate())
    if request.method == "POST" and request.POST.get("action") == "register":
        register_form = RegisterForm(request.POST, prefix="register")
        if register_form.is_valid():
            data = register_form.cleaned_data
            try:
                entry, created = loop_register(
                    batch=batch,
                    by=request.user,
                    document_type=data["document_type"],
                    document_number=data["document_number"],
                    name=data["name"],
                    origin=data["origin"],
                    phone=data["phone"],
                    home_area=data["home_building"],
                )
            except ValidationError as error:
                add_service_errors(register_form, error)
            else:
                if created:
                    messages.success(request, _("%(name)s 已登记") % {"name": entry.name})
                else:
                    messages.info(request, _("%(name)s 已登记过") % {"name": entry.name})
                return redirect("quarantine:batch_detail", pk=batch.pk)
    entries = list(batch_persons(batch))
    return render(
        request,
        "quarantine/batch_detail.html",
        {
            "batch": batch,
            "entries": entries,
            "register_form": register_form,
            "confirm_form": ConfirmForm(sites=sites),
            "transfer_form": TransferForm(),
            "ready": [e for e in entries if e.place == LoopPlace.AT_PORT and e.confirmed],
            "pending": [e for e in entries if e.place == LoopPlace.AT_PORT and not e.confirmed],
            "receiving": batch.status == BatchStatus.RECEIVING,
        },
    )


def _chosen(request, batch) -> list[LoopPerson]:
    ids = [pk for pk in request.POST.getlist("entries") if pk.isdigit()]
    return list(batch_persons(batch).filter(pk__in=ids).select_related("batch"))


@login_required
@require_POST
def batch_action(request, pk, action):
    batch = batch_for_duty(request.user, pk)
    if action not in ("confirm", "transfer", "close", "found"):
        raise Http404
    done = {}

    def run():
        if action == "confirm":
            form = ConfirmForm(request.POST, sites=sites_for_duty(request.user))
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            count = loop_confirm(
                entries=_chosen(request, batch),
                destination=form.cleaned_data["destination"],
                site=form.cleaned_data["site"],
                by=request.user,
            )
            messages.success(request, _("已确认 %(n)d 人的去向") % {"n": count})
        elif action == "transfer":
            form = TransferForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            done["transfer"] = transfer_create(
                port=batch.port,
                entries=_chosen(request, batch),
                by=request.user,
                **form.cleaned_data,
            )
        elif action == "found":
            entry = get_object_or_404(batch.persons, pk=request.POST.get("entry") or 0)
            loop_person_found(entry=entry, note=request.POST.get("note", ""), by=request.user)
            messages.success(
                request, _("%(name)s 已回到口岸，请重新确认去向") % {"name": entry.name}
            )
        else:
            batch_close(batch=batch, by=request.user)
            messages.success(request, _("批次已核对"))

    action_messages(request, run)
    if "transfer" in done:
        return redirect("quarantine:transfer_detail", pk=done["transfer"].pk)
    return redirect("quarantine:batch_detail", pk=batch.pk)


@login_required
def transfer_detail(request, pk):
    """The vehicle's list; on arrival, the recount person by person on a phone."""
    transfer = transfer_for_recount(request.user, pk)
    form = RecountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = transfer_recount(transfer=transfer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s 已清点：%(place)s")
                % {"name": entry.name, "place": LoopPlace(entry.place).label},
            )
            return redirect("quarantine:transfer_detail", pk=transfer.pk)
    persons = list(transfer_persons(transfer))
    return render(
        request,
        "quarantine/transfer_detail.html",
        {
            "transfer": transfer,
            "persons": persons,
            "form": form,
            "counted": sum(1 for p in persons if p.recounted_at),
            "departed": transfer.status == TransferStatus.DEPARTED,
            "loading": transfer.status == TransferStatus.LOADING,
            "to_home": transfer.destination == Destination.HOME,
            "can_depart": holds(request.user, PORT_DUTY, transfer),
        },
    )


@login_required
@require_POST
def transfer_action(request, pk, action):
    transfer = transfer_for_recount(request.user, pk)
    services = {
        "depart": (transfer_depart, _("已发车")),
        "finish": (transfer_finish, _("清点完毕")),
    }
    if action not in services:
        raise Http404
    service, done = services[action]

    def run():
        service(transfer=transfer, by=request.user)
        messages.success(request, done)

    action_messages(request, run)
    return redirect("quarantine:transfer_detail", pk=transfer.pk)
