import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from shouwang.core.choices import AccessAction
from shouwang.core.models import AccessLog
from shouwang.core.tests.pdf import pdf_fonts, pdf_page_text_by_ocr, pdf_text
from shouwang.reports.models import DailyReport, DailySnapshot
from shouwang.reports.services import report_generate


@pytest.fixture
def report(tree, fortnight):
    return report_generate(area=tree.D, day=fortnight.day(5), by=None)


def test_the_report_computes_the_missing_snapshots_first(report, fortnight):
    assert DailySnapshot.objects.filter(day=fortnight.day(5)).count() == 8
    assert report.headline.startswith("香洲区 ")
    assert "新增确诊1" in report.headline


def test_the_pdf_shows_the_chinese_headline_when_rendered(report):
    content = report.pdf.read()
    text = pdf_text(content)
    assert "香洲区疫情防控和复工复产每日数读" in text
    assert "新增确诊病例 1 例，累计 2 例（其中输入病例 1 例）" in text
    assert "拱北街道" in text and "吉大街道" in text
    assert all(embedded for _name, embedded in pdf_fonts(content))
    # Rendered to a picture, the page shows the title in Chinese characters.
    assert "每日数读" in pdf_page_text_by_ocr(content)


def test_a_day_with_zero_cases_says_so_in_the_report(tree, fortnight):
    report = report_generate(area=tree.D, day=fortnight.day(1), by=None)
    assert "零确诊、零阳性、零疑似" in pdf_text(report.pdf.read())


def test_the_xlsx_has_one_sheet_per_line_of_work(report):
    workbook = load_workbook(io.BytesIO(report.xlsx.read()), read_only=True)
    assert workbook.sheetnames == [
        "摘要",
        "病例",
        "人员管控",
        "居家隔离",
        "卡点检查",
        "集中隔离",
        "口岸闭环",
        "复工复产",
        "惠企政策兑现",
        "企业诉求",
    ]
    cases = list(workbook["病例"].iter_rows(values_only=True))
    assert cases[0][:3] == ("区域", "新增确诊（例）", "累计确诊（例）")
    assert [row[0] for row in cases[1:]] == ["香洲区", "拱北街道", "吉大街道"]
    assert cases[1][1:3] == (1, 2)


def test_regenerating_a_day_replaces_the_files(tree, report, fortnight):
    old = report.pdf.name
    again = report_generate(area=tree.D, day=fortnight.day(5), by=None)
    assert again.pk == report.pk and DailyReport.objects.count() == 1
    assert not report.pdf.storage.exists(old) or again.pdf.name == old


def test_the_command_writes_the_pdf(tree, fortnight, tmp_path):
    out = tmp_path / "report.pdf"
    call_command(
        "daily_report", "--area", "S1", "--date", fortnight.day(6).isoformat(), "--out", str(out)
    )
    assert "拱北街道疫情防控和复工复产每日数读" in pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="晚于今天"):
        call_command("daily_report", "--area", "S1", "--date", "2999-01-01", "--out", str(out))
    with pytest.raises(CommandError, match="no area"):
        call_command(
            "daily_report",
            "--area",
            "NOPE",
            "--date",
            fortnight.day(6).isoformat(),
            "--out",
            str(out),
        )


def test_the_snapshot_command_backfills_a_range(fortnight):
    call_command(
        "snapshot", "--since", fortnight.day(0).isoformat(), "--date", fortnight.day(3).isoformat()
    )
    assert DailySnapshot.objects.values("day").distinct().count() == 4


def test_reports_are_listed_within_scope_and_downloads_are_logged(
    client_for, users, tree, fortnight
):
    district = report_generate(area=tree.D, day=fortnight.day(5), by=None)
    street = report_generate(area=tree.S2, day=fortnight.day(5), by=None)
    listed = client_for(users.street_2).get(reverse("reports:report_list")).context["reports"]
    assert list(listed) == [street]
    response = client_for(users.street_2).get(
        reverse("reports:report_file", args=[street.pk, "pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.user, log.object_id) == (users.street_2, str(street.pk))
    assert (
        client_for(users.street_2)
        .get(reverse("reports:report_file", args=[district.pk, "pdf"]))
        .status_code
        == 404
    )
    assert (
        client_for(users.street_1)
        .get(reverse("reports:report_file", args=[street.pk, "xlsx"]))
        .status_code
        == 404
    )


def test_a_report_is_requested_from_the_page(
    client_for, users, tree, fortnight, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users.street_1).post(
            reverse("reports:report_request"),
            {"area": tree.S1.pk, "day": fortnight.day(6).isoformat()},
        )
    assert response.status_code == 302
    assert DailyReport.objects.get().area == tree.S1
    refused = client_for(users.street_1).post(
        reverse("reports:report_request"), {"area": tree.S2.pk, "day": fortnight.day(6).isoformat()}
    )
    assert refused.status_code == 404


def test_open_alerts_are_counted_by_area_never_by_their_titles(tree, fortnight):
    from django.utils import timezone

    from shouwang.core.choices import Role
    from shouwang.core.models import AlertLevel
    from shouwang.core.services.alerts import alert_raise
    from shouwang.reports.selectors import report_content

    for area, level in ((tree.S1C1GA, AlertLevel.URGENT), (tree.S2C1GA, AlertLevel.WARNING)):
        alert_raise(
            kind="fever",
            area=area,
            role=Role.GRID_WORKER,
            title="张三 体温 38.6 °C",
            level=level,
        )
    problems = report_content(area=tree.D, day=timezone.localdate()).problems
    assert problems[0].startswith("未办结预警 ")
    assert "拱北街道：" in problems[1] and "其中紧急 1 件" in problems[1]
    assert any(line.startswith("吉大街道：") for line in problems[2:])
    assert not any("张三" in line or "38.6" in line for line in problems)


def test_a_report_made_in_english_spaces_its_figures_and_leaves_no_empty_brackets(tree, fortnight):
    with translation.override("en"):
        report = report_generate(area=tree.D, day=fortnight.day(5), by=None)
    assert "New confirmed 1 cases;" in report.headline and " ;" not in report.headline
    workbook = load_workbook(io.BytesIO(report.xlsx.read()), read_only=True)
    headings = [
        cell for sheet in workbook for cell in next(sheet.iter_rows(values_only=True)) if cell
    ]
    assert not [heading for heading in headings if "( )" in heading or "()" in heading]
    assert any(heading.endswith(" (cases)") for heading in headings)
