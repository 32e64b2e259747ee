"""The demand QR code: its poster, the public form behind it, and the tracking page the
submitter keeps (status, the handler's answer, and the confirmation with a rating)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.network import client_ip
from shouwang.core.qr import qr_poster
from shouwang.core.roles import ENTERPRISE_SERVE
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.views.base import add_service_errors
from shouwang.demands.choices import DemandSource, DemandStatus, FeedbackChannel
from shouwang.demands.forms import DemandForm, FeedbackForm
from shouwang.demands.models import Demand
from shouwang.demands.services import demand_feedback, demand_submit
from shouwang.enterprises.views.common import require
from shouwang.people.services import RateLimited, declaration_rate_check

QR_LEVELS = (AreaLevel.STREET, AreaLevel.COMMUNITY)


def _qr_area(code: str) -> Area:
    return get_object_or_404(Area, code=code, level__in=QR_LEVELS)


def demand_form(request, code):
    """Public: no login. The answer is the same whether or not the enterprise is in the
    register; the only thing it gets back is its own tracking link."""
    area = _qr_area(code)
    form = DemandForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The self-declaration's limiter, counted apart for this form.
            declaration_rate_check(client_address=f"demand:{client_ip(request) or ''}")
            demand = demand_submit(source=DemandSource.QR, area=area, **data)
        except RateLimited:
            form.add_error(None, _("提交过于频繁，请稍后再试"))
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("demands:track", token=demand.tracking_token)
    return render(request, "demands/public_form.html", {"form": form, "area": area}, status=status)


def track(request, token):
    """The submitter's page: only this demand, no names of staff, no other record."""
    demand = get_object_or_404(Demand.objects.select_related("street"), tracking_token=token)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand_feedback(
                demand=demand,
                channel=FeedbackChannel.ENTERPRISE,
                by=None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("demands:track", token=token)
    return render(
        request,
        "demands/track.html",
        {
            "demand": demand,
            "events": demand.events.order_by("at", "id"),
            "form": form if demand.status == DemandStatus.RESOLVED else None,
            "link": request.build_absolute_uri(reverse("demands:track", args=[token])),
        },
    )


@login_required
def poster(request, code):
    require(request.user, ENTERPRISE_SERVE)
    area = get_visible_or_404(Area.objects, request.user, code=code, level__in=QR_LEVELS)
    return qr_poster(
        request,
        title=_("企业诉求征集"),
        subtitle=area.name,
        url=reverse("demands:demand_form", args=[area.code]),
        instructions=[
            _("用手机扫描二维码"),
            _("选择诉求类别（用工、物资、物流、资金、租金、政策等），写明困难，可附图片或文件"),
            _("提交后保存跟踪链接：办理进度和结果都在那里，办结后请评价"),
        ],
    )
