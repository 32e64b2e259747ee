from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.models import Alert, AlertStatus
from shouwang.core.services.alerts import alert_acknowledge, alert_close, inbox_alert


@login_required
def alert_inbox(request):
    show_closed = request.GET.get("status") == "closed"
    alerts = Alert.objects.for_inbox(request.user).select_related("area")
    alerts = alerts.filter(status=AlertStatus.CLOSED) if show_closed else alerts.open()
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "core/alert_inbox.html", {"page": page, "show_closed": show_closed})


@login_required
@require_POST
def alert_acknowledge_view(request, pk):
    alert_acknowledge(alert=inbox_alert(request.user, pk), by=request.user)
    return redirect("core:alert_inbox")


@login_required
@require_POST
def alert_close_view(request, pk):
    try:
        alert_close(
            alert=inbox_alert(request.user, pk),
            by=request.user,
            resolution=request.POST.get("resolution", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已办结"))
    return redirect("core:alert_inbox")
