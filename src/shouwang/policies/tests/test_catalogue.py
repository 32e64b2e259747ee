"""The catalogue file: import, export, round trip, and refusals that name the place and
write nothing."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from shouwang.policies.catalogue import (
    DEMO_CATALOGUE,
    CatalogueRejected,
    catalogue_data,
    dump_catalogue,
)
from shouwang.policies.models import PolicyItem, PolicyPackage
from shouwang.policies.selectors import catalogue_packages
from shouwang.policies.services import catalogue_import

TEXT = DEMO_CATALOGUE.read_text()


def _state():
    return sorted(
        PolicyItem.objects.values_list("code", "is_active", "title", "conditions", "formula")
    )


def test_the_demo_catalogue_imports(tree, catalogue):
    assert (catalogue.packages_created, catalogue.items_created) == (2, 10)
    item = PolicyItem.objects.get(code="si-halve-large")
    assert item.package.document_number == "人社部发〔2020〕11号"
    assert item.formula == {
        "kind": "rate_base_months",
        "rate_percent": 7.5,
        "months": 3,
        "base": "social_insurance_base",
        "headcount": "insured_headcount",
    }
    assert item.area == tree.D


def test_export_then_import_changes_nothing(tree, catalogue):
    before = _state()
    for fmt in ("yaml", "json"):
        text = dump_catalogue(catalogue_data(catalogue_packages(include_inactive=True)), fmt)
        summary = catalogue_import(text=text, fmt=fmt, area=tree.D, by=None)
        assert (summary.items_created, summary.items_withdrawn) == (0, 0)
        assert _state() == before
    # The export is stable: exporting again gives the same file.
    first = dump_catalogue(catalogue_data(catalogue_packages(include_inactive=True)))
    assert dump_catalogue(catalogue_data(catalogue_packages(include_inactive=True))) == first


def test_an_item_left_out_of_its_package_is_withdrawn_not_deleted(tree, catalogue):
    data = yaml.safe_load(TEXT)
    data["packages"][1]["items"].pop()  # si-halve-large
    summary = catalogue_import(text=yaml.safe_dump(data), fmt="yaml", area=tree.D, by=None)
    assert summary.items_withdrawn == 1
    assert PolicyItem.objects.get(code="si-halve-large").is_active is False


def _refused(text, tree, fmt="yaml") -> list:
    before = _state()
    with pytest.raises(CatalogueRejected) as rejected:
        catalogue_import(text=text, fmt=fmt, area=tree.D, by=None)
    assert _state() == before  # nothing replaced
    return rejected.value.problems


def test_an_unknown_key_is_refused_with_its_line(tree, catalogue):
    text = TEXT.replace(
        "    department: 区国资局\n", "    department: 区国资局\n    deadline: 2020-06-30\n"
    )
    problems = _refused(text, tree)
    assert len(problems) == 1
    place, line, message = problems[0]
    assert place == "packages[0].items[0]"
    assert message == "未知的键：deadline"
    assert TEXT.splitlines()[line - 1].lstrip().startswith("- code: xz-rent-soe-one-month")


def test_a_condition_on_a_field_that_does_not_exist_is_refused(tree, catalogue):
    text = TEXT.replace(
        "field: revenue_drop_percent\n      op: gte\n      value: 30",
        "field: revenue_dorp\n      op: gte\n      value: 30",
        1,
    )
    ((place, line, message),) = _refused(text, tree)
    assert place == "packages[0].items[3].conditions[1].field"
    assert message == "没有这个字段：revenue_dorp"
    assert "revenue_dorp" in text.splitlines()[line - 1]


def test_a_formula_that_does_not_parse_is_refused(tree, catalogue):
    text = TEXT.replace("per_head: 500", "per_head: 五百元")
    ((place, _line, message),) = _refused(text, tree)
    assert place == "packages[0].items[4].formula.per_head"
    assert message == "不是数字：五百元"
    text = TEXT.replace(
        "kind: per_head\n      per_head: 500", "kind: per_person\n      per_head: 500"
    )
    ((place, _line, message),) = _refused(text, tree)
    assert place == "packages[0].items[4].formula.kind"


def test_broken_yaml_and_json_are_refused_with_the_line(tree, catalogue):
    ((place, line, _message),) = _refused(TEXT.replace("  items:\n", "  items: [\n", 1), tree)
    assert place == "" and line is not None
    ((_place, line, message),) = _refused('{"version": 1,\n "packages": [}', tree, fmt="json")
    assert (line, message) == (2, "不是有效的 JSON")


def test_every_problem_of_a_file_is_listed_at_once(tree):
    data = {
        "version": 2,
        "packages": [
            {
                "code": "Bad Code",
                "name": "",
                "issuer": "x",
                "items": [
                    {
                        "code": "a",
                        "title": "t",
                        "article": "a",
                        "relief_kind": "gift",
                        "formula": {"kind": "fixed", "amount": 1},
                        "valid_from": "2020-13-01",
                    },
                    {
                        "code": "a",
                        "title": "t",
                        "article": "a",
                        "relief_kind": "rent",
                        "formula": {"kind": "fixed", "amount": 1},
                    },
                ],
            }
        ],
    }
    problems = _refused(json.dumps(data), tree, fmt="json")
    assert [place for place, _line, _message in problems] == [
        "version",
        "packages[0].code",
        "packages[0].name",
        "packages[0].items[0].relief_kind",
        "packages[0].items[0].valid_from",
        "packages[0].items[1].code",
    ]
    assert PolicyPackage.objects.count() == 0


def test_streets_named_in_conditions_must_exist(tree):
    data = yaml.safe_load(TEXT)
    data["packages"][0]["items"][0]["conditions"].append(
        {"field": "street", "op": "in", "value": ["S1", "S9"]}
    )
    ((place, _line, message),) = _refused(yaml.safe_dump(data, allow_unicode=True), tree)
    assert place == "packages[0].items[0].conditions[2].value"
    assert "S9" in message


def test_another_districts_codes_are_not_taken_over(tree, catalogue):
    with pytest.raises(CatalogueRejected) as rejected:
        catalogue_import(text=TEXT, fmt="yaml", area=tree.S1, by=None)
    assert rejected.value.problems[0][2] == "编码已被其他区域使用"


def test_the_commands_import_and_export(tree, tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text(TEXT)
    out = StringIO()
    call_command("import_policies", str(path), stdout=out)
    assert "10 items created" in out.getvalue()
    out = StringIO()
    call_command("export_policies", "--format", "json", stdout=out)
    exported = json.loads(out.getvalue())
    assert [p["code"] for p in exported["packages"]] == [
        "xiangzhou-warm-10",
        "social-insurance-2020",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEXT.replace("relief_kind: rent", "relief_kind: gift", 1))
    with pytest.raises(CommandError) as refused:
        call_command("import_policies", str(bad), stdout=StringIO(), stderr=StringIO())
    assert "packages[0].items[0].relief_kind" in str(refused.value)
