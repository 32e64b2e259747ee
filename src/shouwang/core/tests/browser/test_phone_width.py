"""Pages a phone opens stay within its screen, in Chinese and in English (whose labels run
longer): a row of buttons, a QR code or a row's gutters that reach past the edge let the
page slide sideways under a thumb."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shouwang.checkpoints.tests.conftest import checkpoints  # noqa: F401 (a fixture)
from shouwang.conftest import browser_login, make_user
from shouwang.core import pii
from shouwang.core.choices import Role
from shouwang.core.models import ExportJob
from shouwang.core.models.exports import ExportStatus
from shouwang.workforce.services import roster_plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def overflow(page, url: str) -> int:
    """How far the page at ``url`` reaches past the screen's right edge, in CSS pixels (a
    phone's browser widens its layout to the page, so the screen's width is the measure)."""
    page.goto(url)
    return page.evaluate("document.documentElement.scrollWidth - screen.width")


def test_pages_fit_a_phones_screen_in_both_languages(
    phone_page,
    live_server,
    users,
    tree,
    checkpoints,  # noqa: F811 (the fixture above)
):
    roster_plan(post=checkpoints.a.post, first_day=timezone.localdate(), by=None)
    export = ExportJob.objects.create(
        kind="people.persons",
        title="人员名单",
        reason="移交疾控（全区名单，含完整证件号码）",
        created_by=users.commander,
        status=ExportStatus.READY,
        processed_rows=937_800,
        total_rows=937_800,
        content=pii.seal_bytes(b"xlsx"),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    make_user("staff_home", tree.S1C1GA, Role.CHECKPOINT_STAFF)
    pages = {
        "commander": [
            "/",
            "/people/",
            "/isolation/",
            "/reports/",
            "/policies/poster/",
            f"/checkpoints/{checkpoints.a.pk}/",
            f"/workforce/posts/{checkpoints.a.post_id}/week/",
            "/workforce/",  # a row with Bootstrap's wider gutter (g-4)
            "/exports/",
            f"/exports/{export.pk}/",
        ],
        "staff_home": ["/"],  # the big button to the registration page
    }
    page = phone_page
    wide = []
    for username, paths in pages.items():
        page.context.clear_cookies()
        browser_login(page, live_server, username)
        for language in ("zh-hans", "en"):
            page.goto(f"{live_server.url}/")
            if page.locator("html").get_attribute("lang") != language:
                page.get_by_test_id("language-switch").click()
            wide += [
                (username, language, path)
                for path in paths
                if overflow(page, f"{live_server.url}{path}") > 0
            ]
    assert wide == []
