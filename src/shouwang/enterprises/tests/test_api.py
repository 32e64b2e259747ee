from shouwang.enterprises.choices import FilingStatus
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.services import filing_start, filing_submit
from shouwang.enterprises.tests.conftest import credit_code, submit_kwargs


def _filed(enterprise, user):
    return filing_submit(
        filing=filing_start(enterprise=enterprise, by=user), by=user, **submit_kwargs()
    )


def test_enterprise_user_lists_only_his_own(api_for, enterprise_users, enterprises):
    api = api_for(enterprise_users.a)
    response = api.get("/api/v1/enterprises/")
    assert [row["id"] for row in response.json()["results"]] == [enterprises.a.pk]
    assert response.json()["results"][0]["contact_phone"] == "138****0001"
    assert api.get(f"/api/v1/enterprises/{enterprises.b.pk}/").status_code == 404


def test_enterprise_user_reads_only_his_filings(api_for, enterprise_users, enterprises, policy):
    own = _filed(enterprises.a, enterprise_users.a)
    other = _filed(enterprises.b, enterprise_users.b)
    api = api_for(enterprise_users.a)
    assert [row["id"] for row in api.get("/api/v1/resumption-filings/").json()["results"]] == [
        own.pk
    ]
    assert api.get(f"/api/v1/resumption-filings/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/resumption-filings/{own.pk}/accept/").status_code == 404


def test_street_review_through_the_api(api_for, users, enterprise_users, enterprises, policy):
    filing = _filed(enterprises.a, enterprise_users.a)
    assert (
        api_for(users.street_2).post(f"/api/v1/resumption-filings/{filing.pk}/accept/").status_code
        == 404
    )
    api = api_for(users.street_1)
    response = api.post(f"/api/v1/resumption-filings/{filing.pk}/return/", {"reason": ""})
    assert response.status_code == 400
    response = api.post(f"/api/v1/resumption-filings/{filing.pk}/accept/")
    assert response.json()["status"] == FilingStatus.ACCEPTED


def test_officer_creates_in_his_street_only(api_for, users, tree):
    body = {
        "name": "新企业",
        "credit_code": credit_code(20),
        "area": "S2C1",
        "industry_division": "39",
    }
    assert api_for(users.street_1).post("/api/v1/enterprises/", body).status_code == 400
    assert not Enterprise.objects.exists()
    body["area"] = "S1C1"
    response = api_for(users.street_1).post("/api/v1/enterprises/", body)
    assert response.status_code == 201, response.json()


def test_bad_credit_code_names_the_field(api_for, users, tree):
    body = {
        "name": "坏",
        "credit_code": "91440402MA0000000X",
        "area": "S1C1",
        "industry_division": "39",
    }
    response = api_for(users.street_1).post("/api/v1/enterprises/", body)
    assert response.status_code == 400 and "credit_code" in response.json()


def test_enterprise_user_cannot_create(api_for, enterprise_users, tree):
    body = {"name": "x", "credit_code": credit_code(21), "area": "S1C1", "industry_division": "39"}
    assert api_for(enterprise_users.a).post("/api/v1/enterprises/", body).status_code == 400
    assert Enterprise.objects.count() == 3


def _filing_form(enterprise, **changes) -> dict:
    """The page's test filing (conftest.details) as the API's multipart form."""
    from dataclasses import asdict

    from shouwang.core.tests.test_signatures_and_qr import drawn_png
    from shouwang.enterprises.tests.conftest import details, plan_upload

    filed = asdict(details())
    return {
        **filed,
        "planned_date": filed["planned_date"].isoformat(),
        "enterprise": enterprise.pk,
        "answers.1": "done",
        "answers.2": "done",
        "answers.3": "not_applicable",
        "emergency_plan": plan_upload(),
        "signer_name": "王经理",
        "signature": drawn_png(),
        **changes,
    }


def test_an_enterprise_files_through_the_api_and_only_for_itself(
    api_for, enterprise_users, enterprises, policy
):
    from shouwang.enterprises.models import ResumptionFiling

    url = "/api/v1/resumption-filings/submit/"
    client = api_for(enterprise_users.a)
    missing = _filing_form(enterprises.a)
    del missing["answers.3"]
    refused = client.post(url, missing, format="multipart")
    assert refused.status_code == 400 and "checklist" in refused.json()
    assert not ResumptionFiling.objects.exists()  # a refused filing leaves no draft
    other = client.post(url, _filing_form(enterprises.b), format="multipart")
    assert other.status_code == 404
    filed = client.post(url, _filing_form(enterprises.a), format="multipart")
    assert filed.status_code == 201, filed.json()
    filing = ResumptionFiling.objects.get()
    assert filing.status == FilingStatus.FILED and filing.enterprise == enterprises.a
    assert filing.signature is not None and filing.emergency_plan.read().startswith(b"%PDF")
