import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from shouwang.conftest import ID_A, ID_B, PHONE_A
from shouwang.core.imports import ImportRejected
from shouwang.core.models import AuditEvent
from shouwang.people.importers import PersonImporter
from shouwang.people.models import Person

HEADER = ["姓名", "证件号码", "联系电话", "楼栋编码", "房号"]
NEW_ID = "110105198001010032"


def _csv(path: Path, rows, encoding="utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_districts_send(tmp_path, people, tree, encoding):
    path = _csv(tmp_path / "p.csv", [["赵六", NEW_ID, "13900001111", "S1C1GAB1", "101"]], encoding)
    written, _result = PersonImporter().import_file(path)
    person = Person.objects.get(name="赵六")
    assert written == 1 and person.area == tree.S1C1GAB1 and person.room == "101"
    assert person.phone == "13900001111" and person.document_number == NEW_ID
    assert person.sex == "male" and str(person.birth_date) == "1980-01-01"
    assert AuditEvent.objects.filter(action="import", model="people.person").exists()


def test_xlsx_and_a_registered_document_is_updated_not_duplicated(tmp_path, people, tree):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["张三丰", ID_A, "", "S1C1GAB1", "202"])
    sheet.append(["赵六", NEW_ID, "13900001111", "S1C1GBB1", ""])
    path = tmp_path / "p.xlsx"
    workbook.save(path)
    written, _result = PersonImporter().import_file(path)
    assert written == 2 and Person.objects.count() == 4
    people.a.refresh_from_db()
    assert people.a.name == "张三丰" and people.a.room == "202"
    # The file left the phone empty: the register keeps it. The change is in his history.
    assert people.a.phone == PHONE_A and people.a.phone_masked == "138****5678"
    latest = people.a.history.first()
    assert latest.history_type == "~" and latest.name == "张三丰"


def test_a_bad_row_writes_nothing_and_names_row_and_field(tmp_path, db, tree):
    path = _csv(
        tmp_path / "p.csv",
        [
            ["赵六", NEW_ID, "13900001111", "S1C1GAB1", ""],
            ["钱七", "440402199001010015", "", "S1C1GAB1", ""],
            ["孙八", ID_B, "123", "S1C1GAB1", ""],
            ["李九", ID_A, "", "NOPE", ""],
            ["周十", NEW_ID, "", "S1C1GAB1", ""],
        ],
    )
    with pytest.raises(ImportRejected) as rejected:
        PersonImporter().import_file(path)
    errors = {(e.row, e.field) for e in rejected.value.errors}
    assert errors == {(3, "证件号码"), (4, "联系电话"), (5, "楼栋编码"), (6, "证件号码")}
    assert not Person.objects.exists()


def test_good_rows_only_when_chosen(tmp_path, db, tree):
    path = _csv(
        tmp_path / "p.csv",
        [["赵六", NEW_ID, "", "S1C1GAB1", ""], ["钱七", "440402199001010015", "", "S1C1GAB1", ""]],
    )
    written, result = PersonImporter().import_file(path, good_rows_only=True)
    assert written == 1 and result.bad_row_numbers == {3}


def test_a_grid_worker_imports_only_into_his_grid(tmp_path, people, users, tree):
    path = _csv(
        tmp_path / "p.csv",
        [["赵六", NEW_ID, "", "S1C1GBB1", ""], ["李四", ID_B, "", "S1C1GAB1", ""]],
    )
    with pytest.raises(ImportRejected) as rejected:
        PersonImporter(user=users.grid_a).import_file(path)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(2, "楼栋编码"), (3, "证件号码")]


def test_the_command_with_area_and_dry_run(tmp_path, db, tree):
    path = _csv(tmp_path / "p.csv", [["赵六", NEW_ID, "", "S1C1GAB1", ""]])
    call_command("import_people", str(path), "--dry-run", verbosity=0)
    assert not Person.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_people", str(path), "--area", "S2", verbosity=0)
    call_command("import_people", str(path), "--area", "S1", verbosity=0)
    assert Person.objects.get().name == "赵六"


def test_the_import_page_offers_people_to_whoever_may_change_them(client_for, users):
    from django.urls import reverse

    page = client_for(users.community).get(reverse("core:import_list"))
    assert page.status_code == 200 and "/imports/new/people/" in page.content.decode()
    assert client_for(users.supervisor).get(reverse("core:import_list")).status_code == 404
