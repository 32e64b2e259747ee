from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.exports import list_export_for, xlsx_response
from shouwang.core.forms import ExportForm
from shouwang.core.models import ExportJob
from shouwang.core.roles import EXPORT
from shouwang.core.scoping import scope_paths
from shouwang.core.services.exports import (
    export_again,
    export_download,
    export_start,
    exports_purge,
)
from shouwang.core.views.base import is_htmx


def export_query(request, *, posted: tuple[str, ...] = ()) -> QueryDict:
    """The list's filters: its query string without the page, and the named fields of the
    form (a search box that posts, so an ID number stays out of URLs)."""
    query = request.GET.copy()
    query.pop("page", None)
    for name in posted:
        if name in request.POST:
            query[name] = request.POST[name]
    return query


def start_list_export(request, kind: str, *, query: QueryDict):
    """A list page's export button (core.forms.ExportForm): the reason checked, then the
    job page."""
    if scope_paths(request.user, EXPORT) == []:
        raise Http404
    form = ExportForm(request.POST, kind=kind)
    if not form.is_valid():
        messages.error(request, _("请填写导出事由"))
        # Back to the list's own query string: a posted search stays out of the URL.
        back, filters = reverse(list_export_for(kind).back), export_query(request)
        return redirect(f"{back}?{filters.urlencode()}" if filters else back)
    job = export_start(
        kind=kind,
        query=query,
        reason=form.cleaned_data["reason"],
        reveal=form.cleaned_data.get("reveal", False),
        by=request.user,
        language=request.LANGUAGE_CODE,
    )
    return redirect("core:export_detail", pk=job.pk)


@login_required
def export_list(request):
    exports_purge()
    jobs = ExportJob.objects.of(request.user)[:50]
    return render(request, "core/export_list.html", {"jobs": jobs})


@login_required
def export_detail(request, pk):
    # No purge here: the page asks every second while its job runs, and a file past its
    # time is refused anyway (ExportJob.downloadable).
    job = get_object_or_404(ExportJob.objects.of(request.user), pk=pk)
    context = {"job": job, "back": list_export_for(job.kind).back}
    template = "core/_export_status.html" if is_htmx(request) else "core/export_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def export_repeat(request, pk):
    """The same export once more, from its job's page: the list's filters (a posted search
    among them) and the reason need not be given again."""
    job = get_object_or_404(ExportJob.objects.of(request.user), pk=pk)
    return redirect("core:export_detail", pk=export_again(job=job, by=request.user).pk)


@login_required
@require_POST
def export_file(request, pk):
    job = get_object_or_404(ExportJob.objects.of(request.user), pk=pk)
    content = export_download(job=job, by=request.user, request=request)
    return xlsx_response(content, list_export_for(job.kind).stem)
