import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shouwang.core.imports import ImportFileError, ImportRejected, read_table
from shouwang.core.roles import ENTERPRISE_FILE, ENTERPRISE_SERVE
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.views.base import add_service_errors
from shouwang.enterprises.forms import EmployeeUploadForm, ReturnTripForm
from shouwang.enterprises.models import Employee, Enterprise, ReturnTrip
from shouwang.enterprises.services import EmployeeImporter, return_trip_create
from shouwang.enterprises.views.common import require_officer


@login_required
def employee_upload(request, enterprise_pk):
    """The enterprise's employee list: every bad row named, nothing written if one is bad."""
    enterprise = get_visible_or_404(
        Enterprise.objects.select_related("area"), request.user, ENTERPRISE_FILE, pk=enterprise_pk
    )
    form = EmployeeUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = EmployeeImporter(enterprise=enterprise, user=request.user)
        try:
            header, rows = _read_upload(upload)
            result = importer.parse_rows(header, rows)
            count = importer.run(result, good_rows_only=False)
        except ImportFileError as error:
            form.add_error("file", str(error))
        except ImportRejected as rejected:
            form.add_error("file", str(rejected))
            errors = rejected.errors
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已导入 %(count)d 名员工") % {"count": count})
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/employee_upload.html",
        {"form": form, "enterprise": enterprise, "errors": errors, "importer": EmployeeImporter},
    )


def _read_upload(upload):
    """The upload through the shared reader, which reads files by path."""
    suffix = Path(upload.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    header, rows = read_table(handle.name, upload.name)
    rows = list(rows)
    Path(handle.name).unlink()
    return header, iter(rows)


@login_required
def trip_list(request):
    require_officer(request.user, ENTERPRISE_SERVE)
    trips = (
        ReturnTrip.objects.visible_to(request.user, ENTERPRISE_SERVE)
        .annotate(
            workers=Count("passengers"),
            enterprises=Count("passengers__enterprise", distinct=True),
        )
        .order_by("arrival_date", "code")
    )
    totals = {
        "trips": len(trips),
        "workers": sum(t.workers for t in trips),
        "enterprises": Employee.objects.filter(return_trip__in=trips)
        .values("enterprise")
        .distinct()
        .count(),
    }
    return render(request, "enterprises/trip_list.html", {"trips": trips, "totals": totals})


@login_required
def trip_create(request):
    require_officer(request.user, ENTERPRISE_SERVE)
    form = ReturnTripForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            trip = return_trip_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("enterprises:trip_detail", pk=trip.pk)
    return render(request, "enterprises/form_page.html", {"form": form, "title": _("登记返岗车次")})


@login_required
def trip_detail(request, pk):
    trip = get_visible_or_404(ReturnTrip.objects, request.user, ENTERPRISE_SERVE, pk=pk)
    passengers = trip.passengers.select_related("enterprise").order_by("enterprise__name", "name")
    collecting = (
        trip.passengers.values("enterprise__id", "enterprise__name")
        .annotate(workers=Count("id"))
        .order_by("-workers", "enterprise__name")
    )
    return render(
        request,
        "enterprises/trip_detail.html",
        {"trip": trip, "passengers": passengers, "collecting": collecting},
    )
