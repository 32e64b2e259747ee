from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from shouwang.core.forms import AuditFilterForm
from shouwang.core.models import AccessLog, AuditEvent
from shouwang.core.roles import AUDIT
from shouwang.core.scoping import scope_paths


def _filtered(queryset, form: AuditFilterForm):
    if not form.is_valid():
        return queryset.none()
    data = form.cleaned_data
    if data["username"]:
        queryset = queryset.filter(user__username=data["username"])
    if data["model"]:
        queryset = queryset.filter(model=data["model"])
    if data["object_id"]:
        queryset = queryset.filter(object_id=data["object_id"])
    if data["day"]:
        queryset = queryset.filter(at__date=data["day"])
    return queryset


@login_required
def audit_list(request):
    """Changes and disclosures in the auditor's areas, filtered by user, record and day."""
    if scope_paths(request.user, AUDIT) == []:
        raise Http404
    form = AuditFilterForm(request.GET)
    tab = "access" if request.GET.get("tab") == "access" else "changes"
    model = AccessLog if tab == "access" else AuditEvent
    records = _filtered(model.objects.visible_to(request.user, AUDIT), form)
    page = Paginator(records.select_related("user"), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"form": form, "page": page, "tab": tab})
