"""Every link a user is shown leads to a page that user may open: a button to a page the
role may not see (a 404 after the tap) or a page that fails is found here, for each role."""

import html
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from shouwang.reports.services import emergency_declare

HREF = re.compile(r'href="(/[^"#]*)"')
#: Not pages: static files, the API (its own authentication), downloads.
NOT_PAGES = ("/static/", "/api/", "/media/")


def links(content: bytes) -> set[str]:
    return {
        html.unescape(href)
        for href in HREF.findall(content.decode())
        if not href.startswith(NOT_PAGES)
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
    ],
)
def test_every_link_shown_opens(client_for, users, people, tree, role):
    # With a response under way: without one the reports answer with a refusal (400).
    emergency_declare(
        area=tree.D,
        name="新冠肺炎疫情防控",
        declared_on=timezone.localdate() - timedelta(days=7),
        by=users.commander,
    )
    client = client_for(getattr(users, role))
    home = client.get("/", follow=True)
    assert home.status_code == 200
    # Two levels: the menu's pages, and the pages their buttons and links lead to.
    seen, broken = {"/"}, []
    level = links(home.content)
    for _ in range(2):
        found = set()
        for url in sorted(level - seen):
            seen.add(url)
            response = client.get(url)
            if response.status_code in (301, 302):
                target = urlsplit(response.url).path
                response = client.get(response.url) if target != "/login/" else response
            if response.status_code != 200:
                broken.append((url, response.status_code))
            elif response.get("Content-Type", "").startswith("text/html"):
                found |= links(response.content)
        level = found
    assert broken == []
