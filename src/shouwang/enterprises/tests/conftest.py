"""Enterprises on the shared fixture tree, their users, and a district policy.

拱北街道 [S1] / 昌盛社区 [S1C1]: enterprise a (above-scale industrial, member ent_a),
                                 enterprise b (small retail, member ent_b)
吉大街道 [S2] / 景山社区 [S2C1]: enterprise c (software, no member)
"""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.cn import uscc

from shouwang.conftest import make_user
from shouwang.core.choices import Role
from shouwang.core.tests.test_signatures_and_qr import drawn_png
from shouwang.enterprises.services import (
    EnterpriseProfile,
    FilingDetails,
    checklist_save,
    enterprise_create,
    membership_add,
    policy_save,
)

PDF = b"%PDF-1.4\n% emergency plan\n"


def credit_code(serial: int) -> str:
    body = f"91440402MA{serial:07d}"
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def enterprises(tree):
    a = enterprise_create(
        name="珠海金邦达制造有限公司",
        credit_code=credit_code(1),
        area=tree.S1C1,
        profile=EnterpriseProfile(
            industry_division="39",
            employees=800,
            revenue_last_year=Decimal("350000000"),
            contact_phone="13800000001",
            landlord_kind="state_owned",
        ),
        by=None,
    )
    b = enterprise_create(
        name="昌盛便利店",
        credit_code=credit_code(2),
        area=tree.S1C1,
        profile=EnterpriseProfile(
            industry_division="52", employees=12, revenue_last_year=Decimal("2000000")
        ),
        by=None,
    )
    c = enterprise_create(
        name="景山软件有限公司",
        credit_code=credit_code(3),
        area=tree.S2C1,
        profile=EnterpriseProfile(
            industry_division="65", employees=60, revenue_last_year=Decimal("30000000")
        ),
        by=None,
    )
    return SimpleNamespace(a=a, b=b, c=c)


@pytest.fixture
def enterprise_users(tree, enterprises):
    ent_a = make_user("ent_a", tree.S1C1, Role.ENTERPRISE_USER)
    ent_b = make_user("ent_b", tree.S1C1, Role.ENTERPRISE_USER)
    membership_add(user=ent_a, enterprise=enterprises.a, by=None)
    membership_add(user=ent_b, enterprise=enterprises.b, by=None)
    return SimpleNamespace(a=ent_a, b=ent_b)


FOUR_IN_PLACE = [
    ("防控机制到位", "成立由企业主要负责人牵头的疫情防控工作小组"),
    ("员工排查到位", "逐一排查员工14天内旅居史和健康状况"),
    ("设施物资到位", "储备口罩、消毒液、体温计等防疫物资"),
]


@pytest.fixture
def policy(tree):
    checklist = checklist_save(area=tree.D, name="四个到位", items=FOUR_IN_PLACE, by=None)
    return policy_save(
        area=tree.D,
        notice_days=5,
        review_required=True,
        review_days=2,
        checklist=checklist,
        commitment_text="本企业承诺落实各项防控措施。",
        by=None,
    )


def details(**overrides) -> FilingDetails:
    values = {
        "planned_date": timezone.localdate() + timedelta(days=5),
        "employees_total": 100,
        "employees_returning": 80,
        "employees_from_risk_areas": 3,
        "employees_in_isolation": 2,
        "liaison_name": "陈健康",
        "liaison_phone": "13900000002",
    }
    values.update(overrides)
    return FilingDetails(**values)


def all_done(count: int = len(FOUR_IN_PLACE)) -> dict[int, str]:
    return {position: "done" for position in range(1, count + 1)}


def plan_upload(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit_kwargs(**overrides) -> dict:
    values = {
        "details": details(),
        "answers": all_done(),
        "emergency_plan": plan_upload(),
        "signer_name": "王经理",
        "signature_image": drawn_png(),
    }
    values.update(overrides)
    return values
