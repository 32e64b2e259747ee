"""Routing, time limits with a frozen clock, the states, reminders, the visit hook and the
contact's phone."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from shouwang.core.choices import Role
from shouwang.core.models import AccessLog, Alert
from shouwang.demands.models import Demand
from shouwang.demands.selectors import overdue_q
from shouwang.demands.services import (
    demand_accept,
    demand_feedback,
    demand_plan,
    demand_resolve,
    demand_reveal_contact,
    demand_settings_save,
    demand_transfer,
    demands_remind,
    overdue_stages,
)
from shouwang.demands.tests.conftest import START, submit
from shouwang.enterprises.services import visit_problem_raise, visit_record
from shouwang.reports.numbers import area_numbers


def test_a_demand_is_routed_by_category_and_area(tree, clock, enterprises):
    supplies = submit(enterprises.a)
    assert (supplies.department, supplies.handler_area) == ("industry", tree.D)
    rent = submit(enterprises.c, category="rent")
    assert (rent.department, rent.handler_area, rent.street) == ("street", tree.S2, tree.S2)
    assert supplies.reference == f"SQ20200302{supplies.pk:06d}"


def test_the_default_time_limits_are_1_hour_2_days_4_days(tree, clock, enterprises):
    demand = submit(enterprises.a)
    assert demand.respond_due_at == START.replace(hour=2)
    assert (demand.plan_due_at - START).days == 2
    assert (demand.close_due_at - START).days == 4


def test_a_street_sets_its_own_rules(tree, clock, enterprises, users):
    demand_settings_save(
        area=tree.S1,
        respond_hours=2,
        plan_hours=24,
        close_hours=72,
        routes={"funding": "street"},
        by=users.street_1,
    )
    funding = submit(enterprises.a, category="funding")
    assert (funding.department, funding.handler_area) == ("street", tree.S1)
    assert (funding.respond_due_at - START).seconds == 7200
    elsewhere = submit(enterprises.c, category="funding")
    assert elsewhere.department == "finance"  # S2 keeps the defaults
    with pytest.raises(ValidationError) as refused:
        demand_settings_save(
            area=tree.S1,
            respond_hours=5,
            plan_hours=4,
            close_hours=72,
            routes={},
            by=users.street_1,
        )
    assert "plan_hours" in refused.value.message_dict
    from django.http import Http404

    with pytest.raises(Http404):
        demand_settings_save(
            area=tree.S2, respond_hours=1, plan_hours=4, close_hours=8, routes={}, by=users.street_1
        )


def test_stages_go_overdue_as_the_clock_moves(tree, clock, enterprises):
    demand = submit(enterprises.a)
    assert overdue_stages(demand, clock.move(minutes=59)) == []
    assert overdue_stages(demand, clock.move(minutes=61)) == ["respond"]
    demand_accept(demand=demand, by=None)
    assert overdue_stages(demand, clock.now) == []
    assert overdue_stages(demand, clock.move(days=2, minutes=1)) == ["plan"]
    demand_plan(demand=demand, plan="协调物资供应商送货", by=None)
    assert overdue_stages(demand, clock.now) == []
    assert overdue_stages(demand, clock.move(days=4, minutes=1)) == ["close"]
    assert Demand.objects.filter(overdue_q(clock.now)).get() == demand
    demand_resolve(demand=demand, resolution="已送达口罩 2,000 只", by=None)
    assert overdue_stages(demand, clock.now) == []
    assert not Demand.objects.filter(overdue_q(clock.now)).exists()


def test_steps_out_of_order_are_refused(tree, clock, enterprises):
    demand = submit(enterprises.a)
    with pytest.raises(ValidationError):
        demand_plan(demand=demand, plan="x", by=None)
    with pytest.raises(ValidationError):
        demand_feedback(
            demand=demand, satisfied=True, rating=5, comment="", channel="enterprise", by=None
        )
    demand_accept(demand=demand, by=None)
    with pytest.raises(ValidationError) as refused:
        demand_accept(demand=demand, by=None)
    assert refused.value.message_dict["status"] == ["当前状态为“已受理”，不能办理此操作"]
    with pytest.raises(ValidationError):
        demand_resolve(demand=demand, resolution="  ", by=None)


def test_confirmed_or_reopened_with_fresh_limits(tree, clock, enterprises):
    demand = submit(enterprises.a)
    demand_accept(demand=demand, by=None)
    demand_resolve(demand=demand, resolution="已协调", by=None)
    with pytest.raises(ValidationError) as refused:
        demand_feedback(
            demand=demand, satisfied=False, rating=2, comment="", channel="return_visit", by=None
        )
    assert "comment" in refused.value.message_dict
    with pytest.raises(ValidationError):
        demand_feedback(
            demand=demand, satisfied=True, rating=6, comment="", channel="return_visit", by=None
        )
    clock.move(days=3)
    demand_feedback(
        demand=demand,
        satisfied=False,
        rating=2,
        comment="只送来一半",
        channel="enterprise",
        by=None,
    )
    assert (demand.status, demand.reopened_count, demand.rating) == ("reopened", 1, 2)
    assert (demand.close_due_at - clock.now).days == 4  # four days again from the reopening
    demand_plan(demand=demand, plan="补送剩余物资", by=None)
    demand_resolve(demand=demand, resolution="已补送", by=None)
    demand_feedback(
        demand=demand, satisfied=True, rating=5, comment="", channel="return_visit", by=None
    )
    assert demand.status == "confirmed"
    assert [e.kind for e in demand.events.all()] == [
        "submitted", "accepted", "resolved", "reopened", "planned", "resolved", "confirmed",
    ]  # fmt: skip


def test_a_transfer_changes_the_handler(tree, clock, enterprises, users):
    demand = submit(enterprises.a, category="other")
    assert demand.handler_area == tree.S1
    with pytest.raises(ValidationError):
        demand_transfer(demand=demand, department="industry", reason="", by=users.street_1)
    demand_transfer(demand=demand, department="industry", reason="属物资保障", by=users.street_1)
    assert (demand.department, demand.handler_area) == ("industry", tree.D)


def test_new_demands_and_overdue_stages_alert_the_handler_once(
    tree, clock, enterprises, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        street = submit(enterprises.a, category="rent")
        department = submit(enterprises.c, category="workers")
    new = Alert.objects.filter(kind="demand_new")
    assert {(a.role, a.area) for a in new} == {
        (Role.STREET_OFFICER, tree.S1),
        (Role.DISTRICT_COMMANDER, tree.D),
    }
    assert Alert.objects.for_inbox(users.street_1).filter(kind="demand_new").count() == 1
    assert Alert.objects.for_inbox(users.street_2).filter(kind="demand_new").count() == 0
    clock.move(minutes=30)
    assert demands_remind() == 0
    clock.move(hours=2)
    assert demands_remind() == 2
    assert demands_remind() == 0  # one open alert per demand and stage
    demand_accept(demand=street, by=users.street_1)
    # Accepting answers the new-demand alert and the respond reminder of that demand.
    assert (
        not Alert.objects.open().filter(subject__startswith=f"demands.demand:{street.pk}").exists()
    )
    clock.move(days=5)
    # The street's: plan and close; the department's: plan and close (respond still open).
    assert demands_remind() == 4
    overdue = Alert.objects.open().filter(
        kind="demand_overdue", subject__startswith=f"demands.demand:{department.pk}"
    )
    assert sorted(a.subject.rsplit(":", 1)[1] for a in overdue) == ["close", "plan", "respond"]


def test_the_reminder_command(tree, clock, enterprises):
    from io import StringIO

    from django.core.management import call_command

    submit(enterprises.a)
    clock.move(hours=2)
    out = StringIO()
    call_command("demand_reminders", stdout=out)
    assert out.getvalue().strip() == "1 overdue demand stages alerted"


def test_a_problem_found_on_a_visit_becomes_a_demand(
    tree, clock, enterprises, users, django_capture_on_commit_callbacks
):
    visit = visit_record(
        enterprise=enterprises.a,
        visited_on=clock.now.date(),
        visitors="街道经科办",
        problems=[("materials", "原材料供应中断")],
        by=users.street_1,
    )
    problem = visit.problems.get()
    with django_capture_on_commit_callbacks(execute=True):
        visit_problem_raise(problem=problem, by=users.street_1)
    demand = Demand.objects.get()
    problem.refresh_from_db()
    assert problem.demand_reference == demand.reference
    assert (demand.source, demand.category, demand.enterprise) == (
        "visit",
        "supplies",
        enterprises.a,
    )
    assert demand.contact_phone_masked == "138****0001"  # the register's contact
    assert demand.events.get().by == users.street_1


def test_a_retried_submit_is_not_a_second_demand(tree, clock, enterprises):
    key = uuid.uuid4()
    first = submit(enterprises.a, client_uuid=key)
    assert submit(enterprises.a, client_uuid=key) == first
    assert Demand.objects.count() == 1


def test_a_public_demand_finds_its_enterprise_by_credit_code(tree, clock, enterprises):
    demand = submit(
        area=tree.S1, enterprise_name="随便写的名字", credit_code=enterprises.a.credit_code.lower()
    )
    assert (demand.enterprise, demand.enterprise_name, demand.area) == (
        enterprises.a,
        "随便写的名字",  # as typed; the register's name is on the enterprise
        enterprises.a.area,
    )
    unknown = submit(area=tree.S2C1, enterprise_name="未登记的小店")
    assert (unknown.enterprise, unknown.area, unknown.street) == (None, tree.S2C1, tree.S2)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"category": "gifts"}, "category"),
        ({"description": " "}, "description"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"credit_code": "123"}, "credit_code"),
        ({"enterprise_name": ""}, "enterprise_name"),
        ({"area": None}, "area"),
    ],
)
def test_bad_demands_are_refused_naming_the_field(tree, clock, values, field):
    defaults = {"area": tree.S1, "enterprise_name": "小店"}
    if values.get("area", 1) is None:
        values = {"area": tree.D}
    with pytest.raises(ValidationError) as refused:
        submit(**{**defaults, **values})
    assert field in refused.value.message_dict
    assert not Demand.objects.exists()


def test_attachments_are_checked(tree, clock, enterprises):
    picture = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n rest")
    demand = submit(enterprises.a, attachments=[picture])
    assert demand.attachments.get().name == "现场.png"
    fake = SimpleUploadedFile("plan.pdf", b"MZ executable")
    with pytest.raises(ValidationError) as refused:
        submit(enterprises.a, attachments=[fake])
    assert refused.value.message_dict["attachments"] == ["plan.pdf：文件内容与扩展名不符"]
    with pytest.raises(ValidationError):
        submit(enterprises.a, attachments=[SimpleUploadedFile("a.exe", b"MZ")])


def test_the_phone_is_sealed_masked_and_revealed_with_a_log(tree, clock, enterprises, users):
    demand = submit(enterprises.a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM demands_demand WHERE id = %s", [demand.pk])
        stored = cursor.fetchone()[0]
    assert "13912345678" not in stored and stored.startswith("v1.")
    assert demand.contact_phone_masked == "139****5678"
    assert demand_reveal_contact(demand=demand, reason="回访", by=users.street_1) == "13912345678"
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.fields, log.reason) == (
        users.street_1,
        "reveal",
        "contact_phone",
        "回访",
    )
    from django.http import Http404

    for outsider in (users.street_2, users.grid_a, users.supervisor):
        with pytest.raises(Http404):
            demand_reveal_contact(demand=demand, reason="看看", by=outsider)


def test_the_numbers_for_the_daily_report(tree, clock, enterprises, users):
    submit(enterprises.a)
    done = submit(enterprises.c)
    demand_accept(demand=done, by=None)
    demand_resolve(demand=done, resolution="已解决", by=None)
    clock.move(hours=2)
    today = timezone.localdate()
    district = area_numbers(tree.D, today)
    assert (district["demands_received"], district["demands_resolved"]) == (2, 1)
    assert (district["demands_open"], district["demands_overdue"]) == (1, 1)  # not responded
    jida = area_numbers(tree.S2, today)
    assert (jida["demands_open"], jida["demands_overdue"], jida["demands_resolved"]) == (0, 0, 1)
    assert area_numbers(tree.S1, today)["demands_open"] == 1


def test_demands_follow_an_enterprise_that_moves(tree, clock, enterprises):
    from decimal import Decimal

    from shouwang.enterprises.services import EnterpriseProfile, enterprise_update

    rent = submit(enterprises.b, category="rent")
    supplies = submit(enterprises.b, attachments=[SimpleUploadedFile("a.png", b"\x89PNG rest")])
    enterprise_update(
        enterprise=enterprises.b,
        name=enterprises.b.name,
        area=tree.S2C1,
        profile=EnterpriseProfile(
            industry_division="52", employees=12, revenue_last_year=Decimal("2000000")
        ),
        by=None,
    )
    rent.refresh_from_db()
    supplies.refresh_from_db()
    assert (rent.area, rent.street, rent.handler_area) == (tree.S2C1, tree.S2, tree.S2)
    assert (supplies.area, supplies.handler_area) == (tree.S2C1, tree.D)
    assert supplies.attachments.get().area == tree.S2C1
    assert {e.area for e in supplies.events.all()} == {tree.S2C1}
