"""Shared fixtures: a small jurisdiction tree and named users per role.

The tree (codes in brackets)::

    香洲区 [D]
    ├── 拱北街道 [S1]
    │   └── 昌盛社区 [S1C1]
    │       ├── 第一网格 [S1C1GA] ── 1栋 [S1C1GAB1]   person_a
    │       └── 第二网格 [S1C1GB] ── 2栋 [S1C1GBB1]   person_b
    └── 吉大街道 [S2]
        └── 景山社区 [S2C1]
            └── 第一网格 [S2C1GA] ── 3栋 [S2C1GAB1]   person_c

Each role has a user inside the area under test, one in the parent and one outside
("charlie"), after the healthchecks convention.
"""

import os
import shutil

import pytest
from django.db import connection
from django.utils import translation

from shouwang.core.choices import AreaLevel, DocumentType, Role
from shouwang.core.models import User
from shouwang.core.services.areas import area_create
from shouwang.people.services import person_register

PASSWORD = "correct-horse-battery-staple"

# Valid resident IDs (GB 11643 check digits) for the fixture people.
ID_A = "440402199001010014"
ID_B = "440402198505050023"
ID_C = "11010519491231002X"
PHONE_A = "13812345678"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested once on its own); a test suite creating
    # dozens of users should not spend seconds hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _default_language(settings):
    # A request through the test client activates its language in the test's thread, as
    # ChosenLanguageMiddleware does in a worker, and leaves it active: every test starts
    # in the default language, whatever the one before it asked for.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Tree:
    """The fixture tree's areas by code, as attributes: tree.D, tree.S1C1GA ..."""

    def __init__(self, areas):
        self.__dict__.update(areas)


@pytest.fixture
def tree(db):
    areas = {}

    def add(code, name, level, parent=None, **kwargs):
        areas[code] = area_create(
            level=level, code=code, name=name, parent=areas.get(parent), by=None, **kwargs
        )

    add("D", "香洲区", AreaLevel.DISTRICT)
    add("S1", "拱北街道", AreaLevel.STREET, "D", street_kind="street")
    add("S1C1", "昌盛社区", AreaLevel.COMMUNITY, "S1")
    add("S1C1GA", "昌盛社区第一网格", AreaLevel.GRID, "S1C1")
    add("S1C1GAB1", "1栋", AreaLevel.BUILDING, "S1C1GA")
    add("S1C1GB", "昌盛社区第二网格", AreaLevel.GRID, "S1C1")
    add("S1C1GBB1", "2栋", AreaLevel.BUILDING, "S1C1GB")
    add("S2", "吉大街道", AreaLevel.STREET, "D", street_kind="street")
    add("S2C1", "景山社区", AreaLevel.COMMUNITY, "S2")
    add("S2C1GA", "景山社区第一网格", AreaLevel.GRID, "S2C1")
    add("S2C1GAB1", "3栋", AreaLevel.BUILDING, "S2C1GA")
    return Tree(areas)


def make_user(username, area, *roles):
    from shouwang.core.models import Assignment

    user = User.objects.create_user(
        username=username, password=PASSWORD, area=area, display_name=username
    )
    for role in roles:
        Assignment.objects.create(user=user, area=area, role=role)
    return user


class Users:
    def __init__(self, tree):
        self.commander = make_user("commander", tree.D, Role.DISTRICT_COMMANDER)
        self.street_1 = make_user("street_1", tree.S1, Role.STREET_OFFICER)
        self.street_2 = make_user("street_2", tree.S2, Role.STREET_OFFICER)
        self.community = make_user("community", tree.S1C1, Role.COMMUNITY_OFFICER)
        self.grid_a = make_user("grid_a", tree.S1C1GA, Role.GRID_WORKER)
        self.grid_b = make_user("grid_b", tree.S1C1GB, Role.GRID_WORKER)
        self.building_a = make_user("building_a", tree.S1C1GAB1, Role.BUILDING_HEAD)
        self.auditor = make_user("auditor", tree.D, Role.AUDITOR)
        self.supervisor = make_user("supervisor", tree.D, Role.SUPERVISOR)
        self.checkpoint = make_user("checkpoint", tree.S1, Role.CHECKPOINT_STAFF)
        self.charlie = make_user("charlie", tree.S2C1GA, Role.GRID_WORKER)
        self.nobody = make_user("nobody", tree.S1)


@pytest.fixture
def users(tree):
    return Users(tree)


class People:
    def __init__(self, tree):
        self.a, _ = person_register(
            name="张三",
            document_type=DocumentType.RESIDENT_ID,
            document_number=ID_A,
            phone=PHONE_A,
            area=tree.S1C1GA,
            home_building=tree.S1C1GAB1,
            by=None,
        )
        self.b, _ = person_register(
            name="李四",
            document_type=DocumentType.RESIDENT_ID,
            document_number=ID_B,
            area=tree.S1C1GB,
            home_building=tree.S1C1GBB1,
            by=None,
        )
        self.c, _ = person_register(
            name="王五",
            document_type=DocumentType.RESIDENT_ID,
            document_number=ID_C,
            area=tree.S2C1GA,
            home_building=tree.S2C1GAB1,
            by=None,
        )


@pytest.fixture
def people(tree):
    return People(tree)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def export_through(django_capture_on_commit_callbacks):
    """Post a list's export form as a person does and download the file the background
    job wrote (the task runs at commit): the download's response. A refused export (no
    reason, no permission) is answered by the post itself."""

    def export(client, url: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        if response.status_code != 302 or "/exports/" not in response["Location"]:
            return response
        return client.post(response["Location"].rstrip("/") + "/file/")

    return export


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def login(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


# --- browser ------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not on PATH: `make test` installs it")
    # Playwright's sync API runs an event loop in this thread; the Django calls the
    # tests make around it are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield context.new_page()
    context.close()


def trigger_names(table: str) -> set[str]:
    """The database's triggers on ``table``: a later migration that rebuilds it (SQLite does
    to alter a column) drops them with it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass", [table])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        return {row[0] for row in cursor.fetchall()}


def browser_login(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-form] button[type=submit]")
