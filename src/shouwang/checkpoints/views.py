from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shouwang.checkpoints.choices import Direction, PassageMode, VehicleKind
from shouwang.checkpoints.flags import flag_message
from shouwang.checkpoints.forms import CheckpointForm, DeviceForm, WatchedVehicleForm
from shouwang.checkpoints.models import Device, Occupant, Passage, WatchedVehicle
from shouwang.checkpoints.offline import OFFLINE_STATIC_FILES, offline_files_version
from shouwang.checkpoints.selectors import (
    checkpoint_for_duty,
    checkpoint_hours,
    checkpoint_shifts,
    checkpoints_day,
    checkpoints_visible_to,
    daily_totals,
    passage_for_duty,
    passages_of,
)
from shouwang.checkpoints.services import (
    MAX_TEMPERATURE,
    MIN_TEMPERATURE,
    checkpoint_create,
    device_create,
    device_revoke,
    watched_vehicle_add,
)
from shouwang.core.choices import DocumentType
from shouwang.core.roles import CHECKPOINT_DUTY, MANAGE_POSTS
from shouwang.core.scoping import get_visible_or_404, holds, scope_paths
from shouwang.core.text import labelled
from shouwang.core.views.base import add_service_errors
from shouwang.workforce.selectors import previous_shift, shift_at


def _require(user, permission: str) -> None:
    """A page for a permission the user holds nowhere does not exist for him."""
    if scope_paths(user, permission) == []:
        raise Http404


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


def _chart(rows: list[dict], category) -> dict:
    return {
        "categories": [category(row) for row in rows],
        "series": [
            {"name": _("车辆"), "values": [row["vehicles"] for row in rows]},
            {"name": _("人员"), "values": [row["persons"] for row in rows]},
            {"name": _("体温异常"), "values": [row["fevers"] for row in rows]},
            {"name": _("预警"), "values": [row["flagged"] for row in rows]},
        ],
    }


@login_required
def checkpoint_list(request):
    """Every checkpoint in the user's scope with the day's figures: the district's view."""
    _require(request.user, CHECKPOINT_DUTY)
    day = _day(request)
    rows = checkpoints_day(request.user, day)
    totals = {f: sum(row[f] for row in rows) for f in ("vehicles", "persons", "fevers", "flagged")}
    days = daily_totals([row["checkpoint"].pk for row in rows], day)
    return render(
        request,
        "checkpoints/checkpoint_list.html",
        {
            "day": day,
            "rows": rows,
            "totals": totals,
            "chart": _chart(rows, lambda row: row["checkpoint"].name),
            "days_chart": _chart(days, lambda row: f"{row['day']:%m-%d}"),
            "can_manage": scope_paths(request.user, MANAGE_POSTS) != [],
        },
    )


@login_required
def checkpoint_station(request):
    """Where checkpoint staff land: their checkpoint's registration page."""
    _require(request.user, CHECKPOINT_DUTY)
    today = timezone.localdate()
    open_ids = list(
        checkpoints_visible_to(request.user).open_on(today).values_list("pk", flat=True)[:2]
    )
    if len(open_ids) == 1:
        return redirect("checkpoints:passage_register", pk=open_ids[0])
    return redirect("checkpoints:checkpoint_list")


@login_required
def checkpoint_create_view(request):
    _require(request.user, MANAGE_POSTS)
    form = CheckpointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            checkpoint = checkpoint_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("卡点已创建"))
            return redirect("checkpoints:checkpoint_detail", pk=checkpoint.pk)
    return render(request, "checkpoints/checkpoint_form.html", {"form": form})


@login_required
def checkpoint_detail(request, pk):
    checkpoint = checkpoint_for_duty(request.user, pk)
    day = _day(request)
    hours = checkpoint_hours(checkpoint, day)
    shift = shift_at(checkpoint.post, timezone.now())
    can_manage = holds(request.user, MANAGE_POSTS, checkpoint)
    return render(
        request,
        "checkpoints/checkpoint_detail.html",
        {
            "checkpoint": checkpoint,
            "day": day,
            "hours": hours,
            "shifts": checkpoint_shifts(checkpoint, hours),
            "hours_chart": _chart(hours, lambda row: f"{row['hour']:02d}"),
            "days_chart": _chart(
                daily_totals([checkpoint.pk], day), lambda row: f"{row['day']:%m-%d}"
            ),
            "shift": shift,
            "handover_from": previous_shift(shift) if shift else None,
            "flagged": passages_of(checkpoint, flagged_only=True)[:10],
            "can_manage": can_manage,
            "devices": checkpoint.devices.usable() if can_manage else [],
            "device_form": DeviceForm(),
        },
    )


@login_required
def passage_register_page(request, pk):
    """One screen per vehicle, for a phone in one hand at night. The page posts to the API
    from a queue in IndexedDB, so it keeps registering without network."""
    checkpoint = checkpoint_for_duty(request.user, pk)
    settings_for_page = {
        "endpoint": f"/api/v1/checkpoints/{checkpoint.pk}/passages/",
        "minTemperature": float(MIN_TEMPERATURE),
        "maxTemperature": float(MAX_TEMPERATURE),
        "fever": 37.3,
        "checkpoint": checkpoint.pk,
    }
    return render(
        request,
        "checkpoints/passage_register.html",
        {
            "checkpoint": checkpoint,
            "directions": [
                (Direction.IN, checkpoint.inbound_label),
                (Direction.OUT, checkpoint.outbound_label),
            ],
            "modes": PassageMode.choices,
            "vehicle_kinds": VehicleKind.choices,
            "document_types": DocumentType.choices,
            "page_settings": settings_for_page,
            "messages_for_page": {
                "queued": _("已存入待上传队列"),
                "sent": _("已登记"),
                "flagged": _("有预警，请拦停核查"),
                "resent": _("已登记（重复提交，未重复保存）"),
                "rejected": _("被退回，请修改后重新登记"),
                "not_kept": _("未能存入本机，请重新登记"),
                "plate": _("车牌号格式不正确"),
                "temperature": _("体温应在34.0至43.0℃之间"),
                "document": _("居民身份证号码校验位不正确"),
                "required": _("必填"),
                "person": _("第%s人"),
                # A refusal names its field by its label (车牌号), not by its key (plate).
                "fieldError": labelled("%(field)s", "%(message)s"),
                "fields": {
                    **{f.name: str(f.verbose_name) for f in Passage._meta.concrete_fields},
                    "occupants": _("人员"),
                },
                "occupantFields": {
                    f.name: str(f.verbose_name) for f in Occupant._meta.concrete_fields
                },
            },
        },
    )


@login_required
def passage_list(request, pk):
    checkpoint = checkpoint_for_duty(request.user, pk)
    flagged_only = request.GET.get("flagged") == "1"
    passages = passages_of(checkpoint, flagged_only=flagged_only).select_related("recorded_by")[
        :100
    ]
    return render(
        request,
        "checkpoints/passage_list.html",
        {"checkpoint": checkpoint, "passages": passages, "flagged_only": flagged_only},
    )


@login_required
def passage_detail(request, pk):
    passage = passage_for_duty(request.user, pk)
    occupants = list(passage.occupants.all())
    names = {o.seat: o.name for o in occupants}
    return render(
        request,
        "checkpoints/passage_detail.html",
        {
            "passage": passage,
            "occupants": occupants,
            "flag_messages": [flag_message(flag, names) for flag in passage.flags],
        },
    )


@login_required
@require_POST
def device_create_view(request, pk):
    checkpoint = get_visible_or_404(
        checkpoints_visible_to(request.user), request.user, MANAGE_POSTS, pk=pk
    )
    form = DeviceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写设备名称"))
        return redirect("checkpoints:checkpoint_detail", pk=pk)
    device, token = device_create(
        checkpoint=checkpoint, name=form.cleaned_data["name"], by=request.user
    )
    # The token is shown on this one answer only (never stored, never in a URL).
    return render(request, "checkpoints/device_token.html", {"device": device, "token": token})


@login_required
@require_POST
def device_revoke_view(request, pk):
    device = get_visible_or_404(Device.objects, request.user, MANAGE_POSTS, pk=pk)
    device_revoke(device=device, by=request.user)
    messages.success(request, _("设备已停用"))
    return redirect("checkpoints:checkpoint_detail", pk=device.checkpoint_id)


@login_required
def watched_vehicle_list(request):
    _require(request.user, MANAGE_POSTS)
    form = WatchedVehicleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            watched_vehicle_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已加入布控名单"))
            return redirect("checkpoints:watchedvehicle_list")
    vehicles = WatchedVehicle.objects.visible_to(request.user, MANAGE_POSTS).select_related("area")[
        :200
    ]
    return render(
        request, "checkpoints/watchedvehicle_list.html", {"form": form, "vehicles": vehicles}
    )


@never_cache
def service_worker(request):
    """Served under /checkpoints/ so its scope covers every registration page."""
    content = render_to_string(
        "checkpoints/sw.js",
        {"static_files": OFFLINE_STATIC_FILES, "version": offline_files_version()},
    )
    response = HttpResponse(content, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/checkpoints/"
    return response
