"""The import framework through its first importer, the area tree."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from shouwang.core.imports import (
    KEY_CHUNK,
    ImportFileError,
    ImportRejected,
    decode_csv_bytes,
    matching_keys,
)
from shouwang.core.models import Area, AuditEvent, Building
from shouwang.core.services.areas import AreaImporter

HEADER = ["编码", "名称", "层级", "上级编码", "地址", "楼栋长", "楼栋长电话"]
GOOD_ROWS = [
    ["440402", "香洲区", "区", "", "", "", ""],
    ["440402100", "南屏镇", "镇", "440402", "", "", ""],
    ["440402100001", "广生社区", "社区", "440402100", "", "", ""],
    ["440402100001G01", "广生社区第一网格", "网格", "440402100001", "", "", ""],
    [
        "440402100001G01B001",
        "广生路1号",
        "楼栋",
        "440402100001G01",
        "珠海市香洲区广生路1号",
        "陈大文",
        "13800001111",
    ],
]


def write_csv(path, rows, encoding="utf-8"):
    text = "\n".join(",".join(row) for row in [HEADER, *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_districts_send(db, tmp_path, encoding):
    path = write_csv(tmp_path / "tree.csv", GOOD_ROWS, encoding)
    written, result = AreaImporter().import_file(path)
    assert written == 5 and not result.errors
    town = Area.objects.get(code="440402100")
    assert town.street_kind == "town" and town.parent.code == "440402"
    building = Area.objects.get(code="440402100001G01B001")
    assert building.path == "440402.440402100.440402100001.440402100001G01.440402100001G01B001"
    assert building.building.head_phone == "13800001111"
    assert building.building.head_phone_masked == "138****1111"


def test_xlsx_import_writes_the_tree_and_one_audit_row(db, tmp_path):
    written, _ = AreaImporter().import_file(write_xlsx(tmp_path / "tree.xlsx", GOOD_ROWS))
    assert written == 5
    assert Building.objects.count() == 1
    assert AuditEvent.objects.filter(action="import", model="core.area").count() == 1


def test_rows_may_come_in_any_order(db, tmp_path):
    path = write_csv(tmp_path / "tree.csv", list(reversed(GOOD_ROWS)))
    written, _ = AreaImporter().import_file(path)
    assert written == 5


def errors_of(tmp_path, rows):
    with pytest.raises(ImportRejected) as raised:
        AreaImporter().import_file(write_csv(tmp_path / "bad.csv", rows))
    return [(e.row, e.field, e.message) for e in raised.value.errors]


def test_a_bad_row_is_named_and_nothing_is_written(db, tmp_path):
    rows = [*GOOD_ROWS[:4], [*GOOD_ROWS[4][:6], "12345"]]
    errors = errors_of(tmp_path, rows)
    assert errors == [(6, "楼栋长电话", errors[0][2])]
    assert "电话" in errors[0][2]
    assert Area.objects.count() == 0


def test_duplicate_codes_are_refused(db, tmp_path):
    rows = [*GOOD_ROWS, ["440402100", "又一个镇", "镇", "440402", "", "", ""]]
    errors = errors_of(tmp_path, rows)
    assert (7, "编码", "编码 440402100 与第 3 行重复") in errors


def test_a_code_already_in_the_database_is_refused(db, tmp_path):
    AreaImporter().import_file(write_csv(tmp_path / "tree.csv", GOOD_ROWS[:2]))
    errors = errors_of(tmp_path, GOOD_ROWS[1:3])
    assert errors == [(2, "编码", "编码 440402100 已存在于系统中")]
    assert Area.objects.count() == 2


def test_a_child_whose_level_does_not_fit_its_parent_is_refused(db, tmp_path):
    rows = [*GOOD_ROWS[:2], ["G1", "跳级网格", "网格", "440402100", "", "", ""]]
    errors = errors_of(tmp_path, rows)
    assert errors == [(4, "上级编码", "网格的上级必须是社区，不能是街道/镇")]


def test_a_cycle_is_refused(db, tmp_path):
    rows = [
        ["A", "甲社区", "社区", "B", "", "", ""],
        ["B", "乙社区", "社区", "A", "", "", ""],
    ]
    errors = errors_of(tmp_path, rows)
    assert [e[0] for e in errors] == [2, 3]
    assert all("循环" in e[2] for e in errors)


def test_unknown_parent_and_level_are_named(db, tmp_path):
    rows = [
        ["X1", "无主社区", "社区", "NOPE", "", "", ""],
        ["X2", "某某", "乡", "", "", "", ""],
    ]
    errors = errors_of(tmp_path, rows)
    assert (2, "上级编码", "上级编码 NOPE 不存在") in errors
    assert errors[-1][:2] == (3, "层级")


def test_good_rows_only_when_the_user_chooses_it(db, tmp_path):
    rows = [*GOOD_ROWS, ["Z", "", "社区", "440402100", "", "", ""]]
    path = write_csv(tmp_path / "mixed.csv", rows)
    written, result = AreaImporter().import_file(path, good_rows_only=True)
    assert written == 5 and [e.row for e in result.errors] == [7]


def test_missing_required_columns_are_named(db, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("编码,名称\n1,甲\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="层级"):
        AreaImporter().import_file(path)


def test_undecodable_bytes_are_refused_with_advice():
    with pytest.raises(ImportFileError, match="UTF-8"):
        decode_csv_bytes(b"\xff\xfe\x00\x81\x30\x81")


def test_import_areas_command(db, tmp_path):
    path = write_csv(tmp_path / "tree.csv", GOOD_ROWS, "gb18030")
    out = io.StringIO()
    call_command("import_areas", str(path), stdout=out, stderr=io.StringIO())
    assert "5" in out.getvalue()
    assert Area.objects.count() == 5


def test_import_areas_command_reports_rows_and_writes_nothing(db, tmp_path):
    rows = [*GOOD_ROWS[:2], ["G1", "跳级网格", "网格", "440402100", "", "", ""]]
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_areas",
            str(write_csv(tmp_path / "bad.csv", rows)),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert "第 4 行" in str(raised.value) or "row 4" in str(raised.value)
    assert Area.objects.count() == 0


def test_matching_keys_finds_every_stored_key_among_more_than_a_chunk(db):
    """More keys than one IN list holds (SQLite) or one array parameter (PostgreSQL):
    exactly the stored ones come back, and a narrowed queryset stays narrowed."""
    streets = Area.objects.bulk_create(
        Area(code=f"4404020{n:05d}", name=f"街道{n}", level="street", path=f"/{n}/")
        for n in range(30)
    )
    wanted = [f"4404020{n:05d}" for n in range(0, 30, 3)]
    missing = [f"9{n:011d}" for n in range(KEY_CHUNK + 10)]
    keys = missing[: KEY_CHUNK // 2] + wanted + missing[KEY_CHUNK // 2 :]
    found = [a.code for part in matching_keys(Area.objects.all(), "code", keys) for a in part]
    assert sorted(found) == wanted
    narrowed = Area.objects.exclude(pk=streets[0].pk)
    found = [a.code for part in matching_keys(narrowed, "code", keys) for a in part]
    assert sorted(found) == wanted[1:]
