"""The daily report as files: a PDF in the seeds' style and an xlsx with one sheet per
line of work."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from shouwang.core.pdf import render_pdf
from shouwang.core.text import bracketed
from shouwang.reports.selectors import ReportContent


def report_pdf(content: ReportContent) -> bytes:
    return render_pdf("reports/daily_report.pdf.html", {"report": content})


def _headed(value) -> str:
    """A column's heading: its label, and its unit in brackets when it has one (a count's
    unit, 人 or 个, is a space in English)."""
    unit = str(value.unit).strip()
    return f"{value.label}{bracketed(unit)}" if unit else str(value.label)


def report_xlsx(content: ReportContent) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("摘要"))
    summary.append([content.headline])
    if content.zero_line:
        summary.append([content.zero_line])
    summary.append([])
    summary.append([_("重要情况")])
    for line in content.events or [_("无")]:
        summary.append([line])
    summary.append([])
    summary.append([_("待解决问题")])
    for line in content.problems or [_("无")]:
        summary.append([line])
    for part in content.sections:
        sheet = workbook.create_sheet(str(part.section.label)[:31])
        sheet.append([_("区域")] + [_headed(v) for v in part.values])
        sheet.append([content.area.name] + [v.value for v in part.values])
        for child, values in part.children:
            sheet.append([child.name] + [v.value for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
