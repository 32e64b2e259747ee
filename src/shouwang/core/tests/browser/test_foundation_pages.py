"""A real chromium through the pages a person uses: login, the tree, the language switch,
a grid worker's phone, the lockout."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shouwang.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_login_lands_on_the_home_page(page, live_server, users, people):
    browser_login(page, live_server, "street_1")
    expect(page.get_by_test_id("area-card")).to_contain_text("拱北街道")
    expect(page.get_by_test_id("area-card")).to_contain_text("2")  # two people


def test_wrong_password_says_so(page, live_server, users):
    browser_login(page, live_server, "street_1", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")


def test_browse_the_tree_down_and_back_up(page, live_server, users, people):
    browser_login(page, live_server, "commander")
    page.get_by_role("link", name="辖区").first.click()
    expect(page.get_by_test_id("area-name")).to_have_text("香洲区")
    table = page.get_by_test_id("children-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("children-chart").locator("canvas")).to_have_count(1)
    table.get_by_role("link", name="拱北街道").click()
    expect(page.get_by_test_id("area-name")).to_have_text("拱北街道")
    page.get_by_test_id("children-table").get_by_role("link", name="昌盛社区").click()
    rows = page.get_by_test_id("children-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("第一网格")
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="香洲区").click()
    expect(page.get_by_test_id("area-name")).to_have_text("香洲区")


def test_search_answers_as_the_user_types(page, live_server, users, tree):
    browser_login(page, live_server, "commander")
    page.goto(f"{live_server.url}/areas/{tree.D.pk}/")
    page.get_by_test_id("area-search").fill("景山")
    results = page.get_by_test_id("area-search-results")
    expect(results).to_contain_text("景山社区")
    results.get_by_role("link", name="景山社区第一网格").click()
    expect(page.get_by_test_id("area-name")).to_have_text("景山社区第一网格")


def test_switch_to_english_and_back(page, live_server, users):
    browser_login(page, live_server, "commander")
    page.get_by_test_id("language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Jurisdiction", exact=True)).to_be_visible()
    page.get_by_test_id("language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("link", name="辖区", exact=True)).to_be_visible()


# Each menu entry's text: its height in lines (the text's own box over its line height).
_MENU_LINES = """() => [...document.querySelectorAll('.sw-navbar .nav-link')].map(link => {
    const range = document.createRange();
    range.selectNodeContents(link);
    return [link.textContent.trim(),
            range.getBoundingClientRect().height / parseFloat(getComputedStyle(link).lineHeight)];
})"""


def test_the_menu_keeps_its_words_whole_in_a_narrow_window(page, live_server, users):
    """A window narrower than the commander's menu (a small laptop, a tablet held sideways)
    puts whole entries on a second row, never 首 / 页 down one entry."""
    page.set_viewport_size({"width": 1000, "height": 800})
    browser_login(page, live_server, "commander")
    for language in ("zh-hans", "en"):
        expect(page.locator("html")).to_have_attribute("lang", language)
        entries = page.evaluate(_MENU_LINES)
        assert len(entries) > 10 and all(lines > 0 for _, lines in entries)  # NaN fails too
        assert [text for text, lines in entries if lines >= 1.5] == []
        page.get_by_test_id("language-switch").click()


def test_a_grid_workers_home_on_a_phone(phone_page, live_server, users, people):
    page = phone_page
    browser_login(page, live_server, "grid_a")
    expect(page.get_by_test_id("area-card")).to_contain_text("昌盛社区第一网格")
    register = page.get_by_test_id("register-person")
    expect(register).to_be_visible()
    assert register.bounding_box()["height"] >= 44  # a thumb, at night
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("link", name="人员", exact=True).click()
    expect(page.get_by_test_id("person-list")).to_contain_text("张三")
    expect(page.get_by_test_id("person-list")).not_to_contain_text("李四")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_lockout_after_repeated_failures(page, live_server, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser_login(page, live_server, "grid_a", "wrong-password")
    browser_login(page, live_server, "grid_a")
    expect(page.get_by_test_id("lockout")).to_contain_text("账号已暂时锁定")


def test_reveal_a_phone_with_a_reason(page, live_server, users, people):
    browser_login(page, live_server, "grid_a")
    page.goto(f"{live_server.url}/people/{people.a.pk}/")
    expect(page.get_by_test_id("phone")).to_have_text("138****5678")
    form = page.get_by_test_id("reveal-form")
    form.locator("select[name=field]").select_option("phone")
    form.locator("input[name=reason]").fill("电话随访")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("revealed-value")).to_have_text("13812345678")


def test_import_a_tree_file_through_the_page(page, live_server, users, tree, tmp_path):
    from shouwang.core.models import Area
    from shouwang.core.tests.test_imports import HEADER

    rows = [
        HEADER,
        ["S1C9", "新社区", "社区", "S1", "", "", ""],
        ["S1C9G1", "新社区第一网格", "网格", "S1C9", "", "", ""],
    ]
    path = tmp_path / "tree.csv"
    path.write_bytes("\n".join(",".join(r) for r in rows).encode("gb18030"))
    browser_login(page, live_server, "commander")
    page.goto(f"{live_server.url}/imports/new/areas/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "validated")
    page.get_by_test_id("import-all").click()
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "done")
    assert Area.objects.get(code="S1C9G1").parent.code == "S1C9"


def test_export_a_list_and_download_it_from_its_job_page(
    page, live_server, users, people, settings, tmp_path
):
    from openpyxl import load_workbook

    from shouwang.core.models import ExportJob
    from shouwang.core.services.exports import export_run

    # The job waits in the queue (no worker in this test) until the test runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    browser_login(page, live_server, "street_1")
    page.goto(f"{live_server.url}/people/")
    page.get_by_text("导出当前名单（Excel）").click()
    form = page.get_by_test_id("export-form")
    form.locator("input[name=reason]").fill("周报")
    form.get_by_role("button").click()
    status = page.get_by_test_id("export-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(page.get_by_test_id("export-progress")).to_contain_text("正在统计行数")
    export_run(job=ExportJob.objects.select_related("created_by").get())
    # The page asks again every second and finds the file.
    expect(status).to_have_attribute("data-status", "ready")
    expect(status).to_contain_text("共 2 行")
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    path = tmp_path / "people.xlsx"
    download.value.save_as(path)
    names = [row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["张三", "李四"]
    page.goto(f"{live_server.url}/exports/")
    expect(page.get_by_test_id("export-list")).to_contain_text("人员名单")
    # Once the file is past its time, the same export runs again from the job's page.
    first = ExportJob.objects.get()
    ExportJob.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    page.goto(f"{live_server.url}/exports/{first.pk}/")
    page.get_by_test_id("export-again").click()
    expect(status).to_have_attribute("data-status", "queued")
    again = ExportJob.objects.exclude(pk=first.pk).select_related("created_by").get()
    assert page.url.endswith(f"/exports/{again.pk}/") and again.reason == "周报"
    export_run(job=again)
    expect(status).to_have_attribute("data-status", "ready")
    expect(status).to_contain_text("共 2 行")
