"""The relief ledger: recording, importing, totals per street, item and landlord kind,
export, and who sees which grants."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shouwang.core.models import AccessLog
from shouwang.policies.models import PolicyItem, ReliefGrant
from shouwang.policies.selectors import ledger_totals
from shouwang.policies.services import ReliefGrantImporter, grant_record
from shouwang.reports.numbers import area_numbers

pytestmark = pytest.mark.usefixtures("policy_day")


def _item(code):
    return PolicyItem.objects.get(code=code)


@pytest.fixture
def grants(catalogue, enterprises):
    return [
        grant_record(
            enterprise=enterprises.a,
            item=_item("xz-rent-soe-one-month"),
            amount=Decimal(120000),
            granted_on=date(2020, 3, 2),
            by=None,
        ),
        grant_record(
            enterprise=enterprises.b,
            item=_item("xz-fund-small-micro"),
            amount=Decimal(40000),
            granted_on=date(2020, 3, 20),
            by=None,
        ),
        grant_record(
            enterprise=enterprises.c,
            item=_item("xz-rent-soe-one-month"),
            amount=Decimal(25000),
            granted_on=date(2020, 3, 5),
            landlord_kind="government",
            landlord_name="区政府物业管理中心",
            by=None,
        ),
    ]


def test_totals_per_street_item_and_landlord(tree, grants):
    totals = ledger_totals(ReliefGrant.objects.all())
    assert totals["headline"] == {"amount": Decimal(185000), "enterprises": 3, "grants": 3}
    assert [(r["street__name"], r["amount"], r["enterprises"]) for r in totals["streets"]] == [
        ("拱北街道", Decimal(160000), 2),
        ("吉大街道", Decimal(25000), 1),
    ]
    # A rent waiver is filed under the landlord's kind: the register's (a: state-owned)
    # unless given (c: government); a subsidy under none.
    assert {r["landlord_kind"]: r["amount"] for r in totals["landlords"]} == {
        "state_owned": Decimal(120000),
        "government": Decimal(25000),
        "": Decimal(40000),
    }
    assert {r["item__code"]: r["amount"] for r in totals["items"]} == {
        "xz-rent-soe-one-month": Decimal(145000),
        "xz-fund-small-micro": Decimal(40000),
    }


def test_the_daily_numbers_count_relief_up_to_the_day(tree, users, grants):
    figures = area_numbers(tree.D, date(2020, 3, 10))
    assert (figures["relief_amount"], figures["relief_enterprises"]) == (145000, 2)
    assert figures["relief_grants"] == 2
    today = timezone.localdate()
    assert area_numbers(tree.S2, today)["relief_amount"] == 25000
    assert area_numbers(tree.S1, today)["relief_amount"] == 160000


@pytest.mark.parametrize(
    ("amount", "day", "landlord", "field"),
    [
        (Decimal(0), date(2020, 3, 1), "", "amount"),
        (Decimal(10), date(2020, 4, 2), "", "granted_on"),
        (Decimal(10), date(2020, 1, 1), "", "granted_on"),
        (Decimal(10), date(2020, 3, 1), "castle", "landlord_kind"),
    ],
)
def test_a_bad_grant_is_refused(catalogue, enterprises, amount, day, landlord, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        grant_record(
            enterprise=enterprises.a,
            item=_item("xz-stable-jobs"),
            amount=amount,
            granted_on=day,
            landlord_kind=landlord,
            by=None,
        )
    assert field in refused.value.message_dict
    assert not ReliefGrant.objects.exists()


def test_the_street_records_for_its_enterprises_only(client_for, users, catalogue, enterprises):
    client = client_for(users.street_1)
    post = {"item": _item("xz-stable-jobs").pk, "amount": "5000", "granted_on": "2020-03-10"}
    response = client.post(
        reverse("policies:grant_create"), {**post, "credit_code": enterprises.c.credit_code}
    )
    assert response.context["form"].errors["credit_code"] == ["未登记或无权限的企业"]
    response = client.post(
        reverse("policies:grant_create"), {**post, "credit_code": enterprises.b.credit_code}
    )
    assert response.status_code == 302
    assert ReliefGrant.objects.get().enterprise == enterprises.b
    assert client_for(users.grid_a).get(reverse("policies:grant_create")).status_code == 404
    assert client_for(users.supervisor).get(reverse("policies:grant_create")).status_code == 404


def test_the_ledger_page_is_scoped(
    client_for, users, grants, enterprise_users, django_assert_max_num_queries
):
    client = client_for(users.street_2)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("policies:ledger"))
    assert [g.enterprise.name for g in response.context["page_obj"]] == ["景山软件有限公司"]
    assert response.context["totals"]["headline"]["amount"] == Decimal(25000)
    client = client_for(users.commander)
    response = client.get(reverse("policies:ledger"), {"landlord_kind": "state_owned"})
    assert response.context["totals"]["headline"]["amount"] == Decimal(120000)
    assert client_for(enterprise_users.a).get(reverse("policies:ledger")).status_code == 404
    assert (
        client_for(users.charlie)
        .get(reverse("policies:ledger"))
        .context["totals"]["headline"]["grants"]
        == 0
    )


def test_the_ledger_export_is_scoped_and_logged(client_for, users, grants, export_through):
    from io import BytesIO

    from openpyxl import load_workbook

    response = export_through(
        client_for(users.street_1), reverse("policies:ledger_export"), {"reason": "月报"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3  # header + S1's two grants
    assert {row[2] for row in rows[1:]} == {"珠海金邦达制造有限公司", "昌盛便利店"}
    log = AccessLog.objects.get()
    assert (log.action, log.row_count, log.reason) == ("export", 2, "月报")


def _csv(tmp_path, rows, encoding="utf-8"):
    path = tmp_path / "ledger.csv"
    lines = ["统一社会信用代码,政策事项编码,金额（元）,兑现日期,业主类型,业主或园区", *rows]
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_import_the_ledger(tmp_path, users, catalogue, enterprises, encoding):
    path = _csv(
        tmp_path,
        [
            f'{enterprises.a.credit_code},xz-rent-soe-one-month,"120,000",2020-03-02,国企物业,区属国有企业物业',
            f"{enterprises.b.credit_code},xz-fund-small-micro,40000,2020/03/20,,",
        ],
        encoding,
    )
    written, _result = ReliefGrantImporter(user=users.street_1).import_file(path)
    assert written == 2
    assert sorted(ReliefGrant.objects.values_list("amount", "landlord_kind")) == [
        (Decimal(40000), ""),
        (Decimal(120000), "state_owned"),
    ]


def test_a_bad_ledger_file_writes_nothing_and_names_rows(tmp_path, users, catalogue, enterprises):
    from shouwang.core.imports import ImportRejected

    path = _csv(
        tmp_path,
        [
            f"{enterprises.a.credit_code},xz-rent-soe-one-month,120000,2020-03-02,,",
            f"{enterprises.c.credit_code},xz-rent-soe-one-month,1000,2020-03-02,,",  # S2
            f"{enterprises.b.credit_code},no-such-item,-5,2020-13-01,,",
        ],
    )
    with pytest.raises(ImportRejected) as rejected:
        ReliefGrantImporter(user=users.street_1).import_file(path)
    assert sorted((e.row, e.field) for e in rejected.value.errors) == [
        (3, "统一社会信用代码"),
        (4, "兑现日期"),
        (4, "金额（元）"),
    ]
    assert not ReliefGrant.objects.exists()


def test_the_ledger_import_command(tmp_path, catalogue, enterprises):
    from io import StringIO

    from django.core.management import call_command

    path = _csv(tmp_path, [f"{enterprises.a.credit_code},xz-stable-jobs,5000,2020-03-02,,"])
    out = StringIO()
    call_command("import_relief_grants", str(path), stdout=out, stderr=StringIO(), verbosity=0)
    assert "1 rows written" in out.getvalue()
    assert ReliefGrant.objects.get().amount == Decimal(5000)
