from datetime import date, timedelta

import pytest
from django.utils import timezone

from shouwang.core.imports import ImportRejected
from shouwang.enterprises.importers import EnterpriseImporter
from shouwang.enterprises.models import Employee, Enterprise
from shouwang.enterprises.services import EmployeeImporter, return_trip_create
from shouwang.enterprises.tests.conftest import credit_code
from shouwang.people.choices import Measure, RiskLevel
from shouwang.people.models import MeasureRecord, Person, RiskArea

HEADER = (
    "企业名称,统一社会信用代码,所属区域编码,行业大类,从业人数,上年营业收入（万元）,"
    "联系电话,重点项目,重点项目名称,项目总投资（万元）\n"
)


def _write(tmp_path, text, encoding="utf-8", name="list.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_enterprises_import_in_every_encoding(tmp_path, tree, users, encoding):
    rows = (
        f"格力智造,{credit_code(31)},S1C1,C38,1200,50000,13800000031,是,格力新能源基地,800000\n"
        f"拱北小店,{credit_code(32)},S1C1,52,6,80,,否,,\n"
    )
    path = _write(tmp_path, HEADER + rows, encoding)
    count, _result = EnterpriseImporter(user=users.street_1).import_file(path)
    assert count == 2
    big = Enterprise.objects.get(credit_code=credit_code(31))
    assert (big.scale, big.size_class, big.street.code) == ("above_scale_industrial", "large", "S1")
    assert big.total_investment == 8_000_000_000


def test_bad_rows_are_named_and_nothing_written(tmp_path, tree, users):
    bad_code = credit_code(33)[:-1] + ("1" if credit_code(33)[-1] != "1" else "2")
    rows = (
        f"好企业,{credit_code(34)},S1C1,39,10,100,,,,\n"
        f"坏代码,{bad_code},S1C1,39,10,100,,,,\n"
        f"别的街道,{credit_code(35)},S2C1,39,10,100,,,,\n"
        f"坏行业,{credit_code(36)},S1C1,99,10,100,,,,\n"
        f"重复,{credit_code(34)},S1C1,39,10,100,,,,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        EnterpriseImporter(user=users.street_1).import_file(_write(tmp_path, HEADER + rows))
    named = {(e.row, e.field) for e in rejected.value.errors}
    assert named == {
        (3, "统一社会信用代码"),
        (4, "所属区域编码"),
        (5, "行业大类"),
        (6, "统一社会信用代码"),
    }
    assert not Enterprise.objects.exists()


EMPLOYEES = "姓名,证件号码,联系电话,出发地,返岗抵达日期,返岗车次\n"


def test_employee_list_routes_risk_returnees_to_the_register(
    tmp_path, tree, enterprises, enterprise_users, people
):
    arrival = timezone.localdate() - timedelta(days=2)
    RiskArea.objects.create(
        region_code="420100", name="武汉市", level=RiskLevel.HIGH, valid_from=date(2020, 1, 1)
    )
    trip = return_trip_create(
        area=tree.D, kind="train", code="D1234", origin="湖北武汉", arrival_date=arrival, by=None
    )
    # person a is on the register already: he is linked, not copied
    rows = (
        f"张三,440402199001010014,,湖北省武汉市,{arrival},D1234\n"
        f"赵六,440402199202020024,13700000000,广西南宁,{arrival},D1234\n"
    )
    importer = EmployeeImporter(enterprise=enterprises.a, user=enterprise_users.a)
    count, _result = importer.import_file(_write(tmp_path, EMPLOYEES + rows))
    assert count == 2
    routed = Employee.objects.get(name="张三")
    assert routed.person == people.a and routed.measure == Measure.CENTRALISED_QUARANTINE
    assert routed.return_trip == trip
    assert Person.objects.count() == 3  # nobody registered twice
    people.a.refresh_from_db()
    assert people.a.measure == Measure.CENTRALISED_QUARANTINE
    assert Employee.objects.get(name="赵六").person is None


def test_employee_list_with_a_bad_document_writes_nothing(tmp_path, enterprises, enterprise_users):
    rows = "甲,440402199001010015,,,,\n乙,440402199202020024,,,,\n"
    importer = EmployeeImporter(enterprise=enterprises.a, user=enterprise_users.a)
    with pytest.raises(ImportRejected) as rejected:
        importer.import_file(_write(tmp_path, EMPLOYEES + rows))
    assert [(e.row, e.field) for e in rejected.value.errors] == [(2, "证件号码")]
    assert not Employee.objects.exists()


def test_an_employee_list_never_eases_a_measure(tmp_path, enterprises, enterprise_users, people):
    from shouwang.people.services import measure_change

    today = timezone.localdate()
    measure_change(
        person=people.a, measure=Measure.CENTRALISED_QUARANTINE, start=today, reason="密接", by=None
    )
    rows = "姓名,证件号码,管控措施\n张三,440402199001010014,健康监测\n"
    importer = EmployeeImporter(enterprise=enterprises.a, user=enterprise_users.a)
    count, _result = importer.import_file(_write(tmp_path, rows))
    assert count == 1
    people.a.refresh_from_db()
    assert people.a.measure == Measure.CENTRALISED_QUARANTINE
    assert Employee.objects.get(name="张三").measure == Measure.CENTRALISED_QUARANTINE
    assert MeasureRecord.objects.filter(person=people.a).count() == 1


def test_a_train_code_running_on_several_days_is_told_apart_by_the_arrival_date(
    tmp_path, tree, enterprises, enterprise_users
):
    today = timezone.localdate()
    earlier, later = today - timedelta(days=3), today - timedelta(days=1)
    trips = {
        day: return_trip_create(
            area=tree.D, kind="train", code="D1234", origin="湖南长沙", arrival_date=day, by=None
        )
        for day in (earlier, later)
    }
    rows = (
        f"甲,440402199001010014,,,{later},D1234\n"
        f"乙,440402199202020024,,,,D1234\n"
        f"丙,440402198505050015,,,{today},D1234\n"
    )
    importer = EmployeeImporter(enterprise=enterprises.a, user=enterprise_users.a)
    with pytest.raises(ImportRejected) as rejected:
        importer.import_file(_write(tmp_path, EMPLOYEES + rows))
    assert [(e.row, e.field) for e in rejected.value.errors] == [(3, "返岗车次"), (4, "返岗车次")]
    count, _result = importer.import_file(_write(tmp_path, EMPLOYEES + rows.splitlines()[0] + "\n"))
    assert count == 1 and Employee.objects.get().return_trip == trips[later]
