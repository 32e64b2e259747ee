"""The lists of this module and of demands leave as xlsx through core's one export path:
a reason is required, the rows are the page's (scoped), personal values stay masked, and
the export is logged by ``core.exports.export_xlsx``."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from shouwang.core.exports import export_xlsx, xlsx_response
from shouwang.policies.forms import ExportForm


def logged_export(request, *, queryset, columns, title: str, stem: str, back: str):
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写导出事由"))
        return redirect(back)
    content = export_xlsx(
        user=request.user,
        queryset=queryset,
        columns=columns,
        title=title,
        reason=form.cleaned_data["reason"],
        reveal=False,
        request=request,
    )
    return xlsx_response(content, stem)
