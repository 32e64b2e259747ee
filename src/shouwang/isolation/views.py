from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.choices import AreaLevel
from shouwang.core.exports import export_log
from shouwang.core.models import Area
from shouwang.core.pdf import pdf_response, render_pdf
from shouwang.core.qr import qr_svg
from shouwang.core.roles import CHANGE, CONTROL, MANAGE_AREAS, VIEW
from shouwang.core.scoping import get_visible_or_404, holds, scope_paths
from shouwang.core.views.base import add_service_errors
from shouwang.isolation.forms import (
    CommitmentTemplateForm,
    EndForm,
    ExtendForm,
    FollowUpForm,
    OrderForm,
    SignForm,
)
from shouwang.isolation.models import CommitmentTemplate, IsolationOrder
from shouwang.isolation.selectors import isolation_board, measures_over_time, today_list
from shouwang.isolation.services import (
    commitment_sign,
    commitment_template,
    commitment_template_save,
    commitment_text,
    follow_up_record,
    isolation_end,
    isolation_extend,
    isolation_order_create,
)
from shouwang.people.models import Person

SIGN_SALT = "isolation-commitment"
SIGN_LINK_SECONDS = 24 * 3600


def _scope_or_404(user, permission=VIEW) -> None:
    if scope_paths(user, permission) == []:
        raise Http404


def _board_area(request) -> Area:
    """The area asked for, else the user's own area (a community officer's community)."""
    area_id = request.GET.get("area")
    if area_id and area_id.isdigit():
        return get_visible_or_404(Area.objects, request.user, pk=area_id)
    area = request.user.area
    if area is not None and holds(request.user, VIEW, area):
        return area
    area = Area.objects.visible_to(request.user).order_by("path").first()
    if area is None:
        raise Http404
    return area


@login_required
def board(request):
    """The community's isolation board with the chart of measures over time."""
    _scope_or_404(request.user)
    area = _board_area(request)
    chart = measures_over_time(area=area)
    chart_data = {
        "categories": [row[0][5:] for row in chart["rows"]],
        "series": [
            {"name": label, "values": [row[i + 1] for row in chart["rows"]]}
            for i, (_value, label) in enumerate(chart["measures"])
        ],
    }
    communities = Area.objects.visible_to(request.user).filter(level=AreaLevel.COMMUNITY)
    return render(
        request,
        "isolation/board.html",
        {
            "area": area,
            "board": isolation_board(area=area, user=request.user),
            "chart": chart,
            "chart_data": chart_data,
            "communities": communities.order_by("path")[:200],
            "can_edit_letter": scope_paths(request.user, MANAGE_AREAS) != [],
            "can_follow_up": scope_paths(request.user, CHANGE) != [],
        },
    )


@login_required
def today(request):
    """The grid worker's day on a phone: every isolation he follows, slot by slot."""
    _scope_or_404(request.user, CHANGE)
    return render(
        request,
        "isolation/today.html",
        {"rows": today_list(user=request.user), "today": timezone.localdate()},
    )


@login_required
def order_create(request, person_pk):
    person = get_visible_or_404(
        Person.objects.select_related("area"), request.user, CONTROL, pk=person_pk
    )
    form = OrderForm(
        request.POST or None,
        area=person.area,
        initial={"start": timezone.localdate().isoformat(), "grid_worker": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = isolation_order_create(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已下达居家隔离，请让居民在手机上签署承诺书"))
            return redirect("isolation:order_detail", pk=order.pk)
    return render(request, "isolation/order_form.html", {"form": form, "person": person})


def _order(request, pk, permission=VIEW) -> IsolationOrder:
    return get_visible_or_404(
        IsolationOrder.objects.select_related("person", "area", "grid_worker", "signature"),
        request.user,
        permission,
        pk=pk,
    )


@login_required
def order_detail(request, pk):
    order = _order(request, pk)
    can_change = holds(request.user, CHANGE, order)
    can_control = holds(request.user, CONTROL, order)
    sign_url = ""
    if can_change and order.signature_id is None and order.status == "active":
        token = signing.dumps({"order": order.pk}, salt=SIGN_SALT)
        sign_url = request.build_absolute_uri(reverse("isolation:commitment_sign", args=[token]))
    return render(
        request,
        "isolation/order_detail.html",
        {
            "order": order,
            "follow_ups": order.follow_ups.select_related("recorded_by"),
            "can_change": can_change,
            "can_control": can_control,
            "sign_url": sign_url,
            "sign_qr": qr_svg(sign_url) if sign_url else "",
            "follow_up_form": FollowUpForm(initial={"day": timezone.localdate().isoformat()}),
            "extend_form": ExtendForm(),
            "end_form": EndForm(initial={"on": timezone.localdate().isoformat()}),
        },
    )


@login_required
def follow_up_create(request, pk):
    order = _order(request, pk, CHANGE)
    form = FollowUpForm(
        request.POST or None,
        initial={
            "day": timezone.localdate().isoformat(),
            "slot": request.GET.get("slot", "morning"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_record(order=order, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已记录随访"))
            return redirect("isolation:today")
    return render(request, "isolation/follow_up_form.html", {"form": form, "order": order})


@login_required
@require_POST
def order_change(request, pk, change):
    """Extend or end (release, early end, transfer) from the order page."""
    order = _order(request, pk, CONTROL)
    if change == "extend":
        form, service = ExtendForm(request.POST), isolation_extend
    elif change == "end":
        form, service = EndForm(request.POST), isolation_end
    else:
        raise Http404
    if form.is_valid():
        try:
            service(order=order, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("isolation:order_detail", pk=order.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("isolation:order_detail", pk=order.pk)


def commitment_sign_view(request, token):
    """Public, on the resident's phone: opened from the QR code on the order page."""
    try:
        payload = signing.loads(token, salt=SIGN_SALT, max_age=SIGN_LINK_SECONDS)
    except signing.BadSignature:
        raise Http404 from None
    order = get_object_or_404(
        IsolationOrder.objects.select_related("person", "area"), pk=payload["order"]
    )
    _template, text = commitment_text(order)
    form = SignForm(request.POST or None)
    if order.signature_id:
        return render(request, "isolation/commitment_signed.html", {"order": order})
    if request.method == "POST" and form.is_valid():
        try:
            commitment_sign(
                order=order,
                signer_name=form.cleaned_data["signer_name"],
                image=form.cleaned_data["signature"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "isolation/commitment_signed.html", {"order": order})
    return render(
        request, "isolation/commitment_sign.html", {"order": order, "text": text, "form": form}
    )


@login_required
def commitment_print(request, pk):
    """The signed letter as a PDF: the text as signed, the drawn signature, its hash."""
    order = _order(request, pk)
    if order.signature_id is None:
        raise Http404
    content = render_pdf("isolation/commitment.pdf.html", {"order": order}, request=request)
    export_log(
        user=request.user,
        model=IsolationOrder._meta.label_lower,
        instance=order,
        reason=_("打印居家隔离承诺书"),
        row_count=1,
        request=request,
    )
    return pdf_response(content, f"commitment-{order.pk}", inline=True)


@login_required
def commitment_template_edit(request):
    """The district's commitment letter: its text, edited as a new version each time."""
    district = (
        Area.objects.visible_to(request.user, MANAGE_AREAS)
        .filter(level=AreaLevel.DISTRICT)
        .order_by("path")
        .first()
    )
    if district is None:
        raise Http404
    current = commitment_template(district)
    form = CommitmentTemplateForm(
        request.POST or None, initial={"title": current.title, "text": current.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment_template_save(district=district, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存新版本，此后签署的承诺书使用新正文"))
            return redirect("isolation:commitment_template")
    return render(
        request,
        "isolation/commitment_template.html",
        {
            "form": form,
            "district": district,
            "current": current,
            "versions": CommitmentTemplate.objects.filter(district=district)[:20],
        },
    )
