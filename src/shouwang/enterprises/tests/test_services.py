from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from shouwang.core.models import Signature
from shouwang.enterprises.choices import FilingStatus, ResumptionState, ScaleCategory, SizeClass
from shouwang.enterprises.models import Enterprise, ResumptionFiling
from shouwang.enterprises.services import (
    EnterpriseProfile,
    enterprise_create,
    filing_accept,
    filing_mark_resumed,
    filing_return,
    filing_save_draft,
    filing_start,
    filing_submit,
    filing_suspend,
    filing_to_edit,
    policy_for,
    policy_save,
)
from shouwang.enterprises.sizes import scale_category, size_class
from shouwang.enterprises.tests.conftest import credit_code, details, plan_upload, submit_kwargs

# --- the register ------------------------------------------------------------------------


def test_classes_are_derived_from_industry_employees_and_revenue(enterprises):
    assert enterprises.a.scale == ScaleCategory.ABOVE_SCALE_INDUSTRIAL
    assert enterprises.a.size_class == SizeClass.MEDIUM
    assert enterprises.a.industry_section == "C"
    assert enterprises.b.scale == ScaleCategory.BELOW_SCALE
    assert enterprises.b.size_class == SizeClass.SMALL
    assert enterprises.c.scale == ScaleCategory.ABOVE_SCALE  # software: >= 20 m yuan
    assert enterprises.a.street.code == "S1"


@pytest.mark.parametrize(
    ("division", "employees", "revenue_10k", "size", "scale"),
    [
        ("39", 1000, 40000, "large", "above_scale_industrial"),
        ("39", 999, 40000, "medium", "above_scale_industrial"),  # one limit short: down a class
        ("39", 300, 2000, "medium", "above_scale_industrial"),
        ("39", 300, 1999, "small", "below_scale"),  # industry: 20 m yuan is the line
        ("39", 19, 5000, "micro", "above_scale_industrial"),
        ("51", 20, 5000, "medium", "above_scale"),  # wholesale
        ("51", 20, 1999, "small", "below_scale"),
        ("52", 10, 500, "small", "above_scale"),  # retail: 5 m yuan
        ("52", 9, 100, "micro", "below_scale"),
        ("62", 100, 200, "small", "above_scale"),  # catering: 2 m yuan
        ("62", 100, 2000, "medium", "above_scale"),
        ("65", 10, 50, "small", "below_scale"),  # software
        ("72", 100, 1000, "medium", "above_scale"),  # business services: 10 m yuan
        ("80", 10, 499, "small", "below_scale"),  # resident services: 5 m yuan
        ("01", 5, 20000, "large", "below_scale"),  # agriculture: revenue only, never 规上
        ("66", 300, 99999, "large", "below_scale"),  # finance: not in the scale survey
        ("48", 50, 6000, "medium", "above_scale"),  # construction: revenue stands in
    ],
)
def test_national_thresholds(division, employees, revenue_10k, size, scale):
    revenue = Decimal(revenue_10k) * 10_000
    assert size_class(division, employees, revenue) == size
    assert scale_category(division, revenue) == scale


def test_a_bad_credit_code_is_refused_and_nothing_written(tree):
    bad = credit_code(9)[:-1] + ("0" if credit_code(9)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        enterprise_create(
            name="坏代码公司",
            credit_code=bad,
            area=tree.S1C1,
            profile=EnterpriseProfile(industry_division="39"),
            by=None,
        )
    assert "credit_code" in error.value.message_dict
    assert not Enterprise.objects.exists()


def test_a_credit_code_is_registered_once(enterprises, tree):
    with pytest.raises(ValidationError) as error:
        enterprise_create(
            name="重复",
            credit_code=enterprises.a.credit_code.lower(),
            area=tree.S1C1,
            profile=EnterpriseProfile(industry_division="39"),
            by=None,
        )
    assert "credit_code" in error.value.message_dict


def test_contact_phone_is_sealed(enterprises):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_phone FROM enterprises_enterprise WHERE id = %s", [enterprises.a.pk]
        )
        stored = cursor.fetchone()[0]
    assert "13800000001" not in stored
    assert enterprises.a.contact_phone_masked == "138****0001"


def test_an_officer_cannot_register_an_enterprise_in_another_street(tree, users):
    with pytest.raises(Http404):
        enterprise_create(
            name="越界公司",
            credit_code=credit_code(5),
            area=tree.S2C1,
            profile=EnterpriseProfile(industry_division="39"),
            by=users.street_1,
        )
    assert not Enterprise.objects.exists()


# --- scoping -----------------------------------------------------------------------------


def test_enterprise_user_sees_only_his_enterprise(enterprises, enterprise_users):
    assert list(Enterprise.objects.visible_to(enterprise_users.a, "enterprise_view")) == [
        enterprises.a
    ]
    assert list(Enterprise.objects.visible_to(enterprise_users.b, "enterprise_view")) == [
        enterprises.b
    ]


def test_enterprise_user_holds_no_officer_permissions(enterprises, enterprise_users):
    for permission in ("view", "export", "enterprise_serve", "enterprise_review"):
        assert not Enterprise.objects.visible_to(enterprise_users.a, permission).exists()


def test_officers_see_their_street(enterprises, users):
    assert set(Enterprise.objects.visible_to(users.street_1, "enterprise_view")) == {
        enterprises.a,
        enterprises.b,
    }
    assert list(Enterprise.objects.visible_to(users.street_2, "enterprise_view")) == [enterprises.c]
    assert Enterprise.objects.visible_to(users.commander, "enterprise_view").count() == 3


# --- filing ------------------------------------------------------------------------------


def test_policy_defaults_and_nearest_wins(tree, policy):
    assert policy_for(tree.S1C1).notice_days == 5
    policy_save(
        area=tree.S2,
        notice_days=7,
        review_required=False,
        review_days=1,
        checklist=None,
        commitment_text="园山式承诺",
        by=None,
    )
    assert policy_for(tree.S2C1).notice_days == 7
    assert policy_for(tree.S1C1).review_required is True


def test_default_policy_without_any_setting(tree):
    policy = policy_for(tree.S1C1)
    assert (policy.notice_days, policy.review_required, policy.pk) == (5, True, None)


def test_filing_under_review_then_accepted_then_resumed(
    enterprises, enterprise_users, policy, users
):
    filing = filing_start(enterprise=enterprises.a, by=enterprise_users.a)
    filing = filing_submit(filing=filing, by=enterprise_users.a, **submit_kwargs())
    assert filing.status == FilingStatus.FILED
    assert filing.review_due_on == timezone.localdate() + timedelta(days=2)
    assert [a["answer"] for a in filing.checklist_answers] == ["done"] * 3
    assert filing.signature.text_sha256 and "本企业承诺" in filing.signature.text
    assert filing.emergency_plan.name.endswith(".pdf")
    filing_accept(filing=filing, by=users.street_1)
    enterprises.a.refresh_from_db()
    assert enterprises.a.resumption_state == ResumptionState.ACCEPTED
    with pytest.raises(ValidationError):
        filing_mark_resumed(filing=filing, resumed_on=timezone.localdate(), by=enterprise_users.a)


def test_commitment_without_review_is_accepted_on_filing(enterprises, enterprise_users, tree):
    policy_save(
        area=tree.D,
        notice_days=0,
        review_required=False,
        review_days=2,
        checklist=None,
        commitment_text="承诺",
        by=None,
    )
    filing = filing_start(enterprise=enterprises.a, by=enterprise_users.a)
    filing = filing_submit(
        filing=filing,
        by=enterprise_users.a,
        **submit_kwargs(details=details(planned_date=timezone.localdate()), answers={}),
    )
    assert filing.status == FilingStatus.ACCEPTED and filing.accepted_on_filing
    filing_mark_resumed(filing=filing, resumed_on=timezone.localdate(), by=enterprise_users.a)
    enterprises.a.refresh_from_db()
    assert enterprises.a.resumption_state == ResumptionState.RESUMED
    assert enterprises.a.resumed_on == timezone.localdate()
    filing_suspend(filing=filing, reason="员工确诊", by=None)
    # Looking at the filing page again shows a blank filing and leaves the suspension be.
    blank = filing_to_edit(enterprise=enterprises.a, by=enterprise_users.a)
    assert blank.pk is None and blank.status == FilingStatus.DRAFT
    enterprises.a.refresh_from_db()
    assert enterprises.a.resumption_state == ResumptionState.SUSPENDED
    assert filing_start(enterprise=enterprises.a, by=enterprise_users.a).pk != filing.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"details": "too_early"}, "planned_date"),
        ({"answers": {1: "done", 3: "done"}}, "checklist"),
        ({"emergency_plan": None}, "emergency_plan"),
        ({"emergency_plan": "exe"}, "emergency_plan"),
        ({"emergency_plan": "fake_pdf"}, "emergency_plan"),
        ({"signature_image": ""}, "signature"),
        ({"details": "bad_phone"}, "liaison_phone"),
        ({"details": "too_many"}, "employees_returning"),
    ],
)
def test_bad_filings_are_refused_with_the_field_named(
    enterprises, enterprise_users, policy, overrides, field
):
    replacements = {
        "too_early": details(planned_date=timezone.localdate() + timedelta(days=4)),
        "bad_phone": details(liaison_phone="12345"),
        "too_many": details(employees_returning=101),
        "exe": plan_upload("plan.exe", b"MZ..."),
        "fake_pdf": plan_upload("plan.pdf", b"not a pdf"),
    }
    kwargs = submit_kwargs(
        **{
            k: replacements[v] if isinstance(v, str) and v in replacements else v
            for k, v in overrides.items()
        }
    )
    filing = filing_start(enterprise=enterprises.a, by=enterprise_users.a)
    with pytest.raises(ValidationError) as error:
        filing_submit(filing=filing, by=enterprise_users.a, **kwargs)
    assert field in error.value.message_dict
    if field == "checklist":
        assert "2" in error.value.message_dict["checklist"][0]
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    assert not Signature.objects.exists()


def test_returned_filing_is_fixed_and_filed_again(enterprises, enterprise_users, policy, users):
    filing = filing_submit(
        filing=filing_start(enterprise=enterprises.b, by=enterprise_users.b),
        by=enterprise_users.b,
        **submit_kwargs(),
    )
    with pytest.raises(ValidationError):
        filing_return(filing=filing, reason=" ", by=users.street_1)
    filing_return(filing=filing, reason="应急预案缺少隔离场所", by=users.street_1)
    assert filing.status == FilingStatus.RETURNED
    filing_save_draft(filing=filing, details=details(employees_total=90), by=enterprise_users.b)
    filing = filing_submit(filing=filing, by=enterprise_users.b, **submit_kwargs())
    assert filing.status == FilingStatus.FILED and filing.review_reason == ""


def test_enterprise_user_cannot_review_nor_file_for_another(enterprises, enterprise_users, policy):
    filing = filing_submit(
        filing=filing_start(enterprise=enterprises.a, by=enterprise_users.a),
        by=enterprise_users.a,
        **submit_kwargs(),
    )
    with pytest.raises(Http404):
        filing_accept(filing=filing, by=enterprise_users.a)
    with pytest.raises(Http404):
        filing_start(enterprise=enterprises.a, by=enterprise_users.b)
    assert ResumptionFiling.objects.get().status == FilingStatus.FILED


def test_street_officer_cannot_review_another_street(enterprises, enterprise_users, policy, users):
    filing = filing_submit(
        filing=filing_start(enterprise=enterprises.a, by=enterprise_users.a),
        by=enterprise_users.a,
        **submit_kwargs(),
    )
    with pytest.raises(Http404):
        filing_accept(filing=filing, by=users.street_2)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.FILED
