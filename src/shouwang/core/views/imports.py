from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shouwang.core.forms import ImportConfirmForm, ImportUploadForm
from shouwang.core.imports import RowError, errors_as_csv, importer_for, page_importers
from shouwang.core.models import Area, ImportJob
from shouwang.core.models.imports import ImportStatus
from shouwang.core.scoping import get_visible_or_404, scope_paths
from shouwang.core.services.imports import import_job_confirm, import_job_create
from shouwang.core.views.base import add_service_errors, is_htmx


def _home_area(user, permission) -> Area | None:
    """Where an upload is filed: the user's outermost area (none for a superuser)."""
    paths = scope_paths(user, permission)
    if paths == []:
        raise Http404
    return Area.objects.get(path=paths[0]) if paths else None


@login_required
def import_list(request):
    kinds = [
        (kind, importer_for(kind).label)
        for kind, permission in page_importers().items()
        if scope_paths(request.user, permission) != []
    ]
    if not kinds:
        raise Http404
    jobs = (
        ImportJob.objects.visible_to(request.user)
        .filter(kind__in=[kind for kind, _label in kinds])
        .select_related("created_by")[:50]
    )
    return render(request, "core/import_list.html", {"kinds": kinds, "jobs": jobs})


@login_required
def import_upload(request, kind):
    permission = page_importers().get(kind)
    if permission is None:
        raise Http404
    area = _home_area(request.user, permission)
    importer = importer_for(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            kind=kind,
            upload=form.cleaned_data["file"],
            area=area,
            by=request.user,
            language=request.LANGUAGE_CODE,
        )
        return redirect("core:import_detail", pk=job.pk)
    return render(
        request, "core/import_upload.html", {"form": form, "importer": importer, "kind": kind}
    )


@login_required
def import_detail(request, pk):
    job = get_visible_or_404(ImportJob.objects.select_related("created_by"), request.user, pk=pk)
    importer = importer_for(job.kind)
    form = ImportConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            import_job_confirm(job=job, mode=form.cleaned_data["mode"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.info(request, _("已开始导入"))
            return redirect("core:import_detail", pk=job.pk)
    context = {
        "job": job,
        "form": form,
        "columns": importer.columns,
        "running": job.status
        in {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING},
    }
    template = "core/_import_status.html" if is_htmx(request) else "core/import_detail.html"
    return render(request, template, context)


@login_required
def import_errors_download(request, pk):
    job = get_visible_or_404(ImportJob.objects, request.user, pk=pk)
    errors = [RowError(**error) for error in job.errors]
    response = HttpResponse(errors_as_csv(errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response
