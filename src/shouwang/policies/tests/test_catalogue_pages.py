"""District staff edit the catalogue with validation and a preview; others cannot."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shouwang.core.models import AuditEvent
from shouwang.policies.catalogue import DEMO_CATALOGUE
from shouwang.policies.models import PolicyItem, PolicyPackage

pytestmark = pytest.mark.usefixtures("policy_day")

ITEM = {
    "code": "xz-test-subsidy",
    "title": "测试补贴",
    "relief_kind": "subsidy",
    "article": "第十一条 测试条款",
    "apply_from": "2020-03-01",
    "apply_to": "2020-06-30",
    "documents": "营业执照\n申请表",
    "conditions": "- {field: size_class, op: in, value: [small, micro]}\n",
    "formula": "{kind: per_head, per_head: 100, headcount: employees, cap: 5000}",
    "is_active": "on",
}


def _package():
    return PolicyPackage.objects.get(code="xiangzhou-warm-10")


def test_the_commander_adds_an_item(client_for, users, catalogue):
    url = reverse("policies:item_create", args=[_package().pk])
    response = client_for(users.commander).post(url, ITEM)
    assert response.status_code == 302
    item = PolicyItem.objects.get(code="xz-test-subsidy")
    assert item.conditions == [{"field": "size_class", "op": "in", "value": ["micro", "small"]}]
    assert item.formula == {
        "kind": "per_head",
        "per_head": 100,
        "cap": 5000,
        "headcount": "employees",
    }
    assert item.documents == ["营业执照", "申请表"]
    assert AuditEvent.objects.filter(model="policies.policyitem", object_id=str(item.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "conditions",
            "- {field: revenue_dorp, op: gte, value: 30}",
            "conditions[0].field：没有这个字段：revenue_dorp",
        ),
        (
            "formula",
            "{kind: per_head, per_head: 一百, headcount: employees}",
            "formula.per_head：不是数字：一百",
        ),
        ("formula", "{kind: per_head, per_head: [1", "不是有效的 YAML 第 1 行"),
        ("apply_to", "2020-02-01", "结束日期不能早于开始日期"),
    ],
)
def test_a_bad_item_is_refused_with_the_place(client_for, users, catalogue, field, value, message):
    url = reverse("policies:item_create", args=[_package().pk])
    response = client_for(users.commander).post(url, {**ITEM, field: value})
    assert response.status_code in (200, 400)
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert not PolicyItem.objects.filter(code="xz-test-subsidy").exists()


def test_the_preview_checks_without_saving(client_for, users, catalogue, enterprises):
    url = reverse("policies:item_create", args=[_package().pk])
    sample = {
        "sample-industry_division": "52",
        "sample-employees": "30",
        "sample-revenue_last_year": "2000000",
    }
    response = client_for(users.commander).post(url, {**ITEM, "preview": "1", **sample})
    assert response.status_code == 200
    preview = response.context["preview"]
    # Of the three fixture enterprises b (a shop of 12) and c (software, 60) are small:
    # 100 × 12 = 1,200, and 100 × 60 = 6,000 capped at 5,000.
    assert (preview["checked"], preview["matched"], preview["amount"]) == (3, 2, 6200)
    assert preview["sample"].matches[0].formula_text == "100 元/人 × 从业人数 30 人 = 3,000 元"
    assert not PolicyItem.objects.filter(code="xz-test-subsidy").exists()


def test_editing_keeps_the_code_unique(client_for, users, catalogue):
    item = PolicyItem.objects.get(code="xz-stable-jobs")
    response = client_for(users.commander).post(
        reverse("policies:item_edit", args=[item.pk]), {**ITEM, "code": "xz-catering-lodging"}
    )
    assert response.context["form"].errors["code"] == ["编码已被使用"]


@pytest.mark.parametrize("user", ["street_1", "community", "enterprise"])
def test_only_district_staff_edit_the_catalogue(
    client_for, users, catalogue, enterprise_users, user
):
    account = enterprise_users.a if user == "enterprise" else getattr(users, user)
    client = client_for(account)
    item = PolicyItem.objects.get(code="xz-stable-jobs")
    assert client.get(reverse("policies:item_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("policies:item_edit", args=[item.pk]), ITEM).status_code == 404
    assert client.get(reverse("policies:package_create")).status_code == 404
    assert client.get(reverse("policies:catalogue_export")).status_code == 404
    assert PolicyItem.objects.get(pk=item.pk).title == "稳岗补贴"


def test_officers_read_the_catalogue(
    client_for, users, catalogue, enterprise_users, django_assert_max_num_queries
):
    client = client_for(users.street_1)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("policies:catalogue"))
    assert page.status_code == 200
    assert "稳岗补贴" in page.content.decode()
    assert "新增政策文件" not in page.content.decode()
    assert client_for(enterprise_users.a).get(reverse("policies:catalogue")).status_code == 404


def test_upload_and_download_the_catalogue_file(client_for, users, tree):
    client = client_for(users.commander)
    upload = SimpleUploadedFile("catalogue.yaml", DEMO_CATALOGUE.read_bytes())
    response = client.post(reverse("policies:catalogue_upload"), {"file": upload}, follow=True)
    assert "新增事项 10 项" in response.content.decode()
    exported = client.get(reverse("policies:catalogue_export") + "?format=json")
    assert exported["Content-Type"].startswith("application/json")
    assert "xz-stable-jobs" in exported.content.decode()
    bad = SimpleUploadedFile(
        "bad.yaml", DEMO_CATALOGUE.read_bytes().replace(b"kind: fixed", b"kind: lump")
    )
    response = client.post(reverse("policies:catalogue_upload"), {"file": bad}, follow=True)
    page = response.content.decode()
    assert "未作任何修改" in page
    assert "formula.kind" in page
    assert PolicyItem.objects.get(code="xz-key-project-resumption").formula["kind"] == "fixed"


def test_a_new_package(client_for, users, tree):
    response = client_for(users.commander).post(
        reverse("policies:package_create"),
        {
            "code": "longgang-7",
            "name": "龙岗区“惠企七条”",
            "issuer": "深圳市龙岗区人民政府",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    package = PolicyPackage.objects.get(code="longgang-7")
    assert package.area == tree.D
    response = client_for(users.commander).post(
        reverse("policies:package_create"), {"code": "Bad Code", "name": "x", "issuer": "y"}
    )
    assert "code" in response.context["form"].errors
