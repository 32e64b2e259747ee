"""Every link a user is shown leads to a page that user may open: a button to a page the
role may not see (a 404 after the tap) or a page that fails is found here, for each role."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from shouwang.checkpoints.tests.conftest import checkpoints  # noqa: F401 (a fixture)
from shouwang.conftest import make_user
from shouwang.core.choices import Role
from shouwang.enterprises.services import membership_add
from shouwang.enterprises.tests.conftest import enterprises  # noqa: F401 (a fixture)
from shouwang.quarantine.tests.conftest import make_site, ports  # noqa: F401 (a fixture)
from shouwang.reports.services import emergency_declare

HREF = re.compile(r'href="(/[^"#]*)"')
#: Not pages: static files, the API (its own authentication), uploaded files.
NOT_PAGES = ("/static/", "/api/", "/media/")


def links(content: bytes) -> set[str]:
    return {
        html.unescape(href)
        for href in HREF.findall(content.decode())
        if not href.startswith(NOT_PAGES)
    }


@pytest.fixture
def staff(tree, checkpoints, enterprises, ports):  # noqa: F811 (the fixtures above)
    """The roles the shared fixture leaves out, each with something of its own to see."""
    make_site("银华酒店", tree.S1C1GA)
    enterprise = make_user("enterprise", tree.S1C1, Role.ENTERPRISE_USER)
    membership_add(user=enterprise, enterprise=enterprises.a, by=None)
    return {
        "enterprise": enterprise,
        "site": make_user("site", tree.S1C1GA, Role.SITE_STAFF),
        "port": make_user("port", tree.S1, Role.PORT_STAFF),
    }


@pytest.mark.parametrize(
    "role",
    [
        "commander",
        "street_1",
        "community",
        "grid_a",
        "building_a",
        "auditor",
        "supervisor",
        "checkpoint",
        "nobody",
        "enterprise",
        "site",
        "port",
    ],
)
def test_every_link_shown_opens(client_for, users, people, staff, tree, role):
    # With a response under way: without one the reports answer with a refusal (400).
    emergency_declare(
        area=tree.D,
        name="新冠肺炎疫情防控",
        declared_on=timezone.localdate() - timedelta(days=7),
        by=users.commander,
    )
    client = client_for(staff[role] if role in staff else getattr(users, role))
    home = client.get("/", follow=True)
    assert home.status_code == 200
    # Two levels: the menu's pages, and the pages their buttons and links lead to.
    seen, broken = {"/"}, []
    level = links(home.content)
    for _ in range(2):
        found = set()
        for url in sorted(level - seen):
            seen.add(url)
            response = client.get(url, follow=True)
            # Sent to the login page is refused too, however politely.
            if response.status_code != 200 or response.request["PATH_INFO"] == "/login/":
                broken.append((url, response.status_code))
            elif response.get("Content-Type", "").startswith("text/html"):
                found |= links(response.content)
        level = found
    assert broken == []
