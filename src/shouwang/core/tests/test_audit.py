"""Every change recorded with who, when, what and from where; every reveal and export
logged; no ID number or phone in plain text in any log or history table."""

import io
import logging

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from shouwang.conftest import ID_A, PHONE_A
from shouwang.core import pii
from shouwang.core.models import AccessLog, AuditEvent


def test_a_change_through_the_page_is_recorded_with_user_ip_and_fields(
    client_for, users, people, tree
):
    client_for(users.grid_a).post(
        reverse("people:person_edit", args=[people.a.pk]),
        {
            "name": "张三丰",
            "phone": "13900000000",
            "building_code": tree.S1C1GAB1.code,
        },
    )
    event = AuditEvent.objects.filter(model="people.person", action="update").get()
    assert event.user == users.grid_a
    assert event.ip_address == "127.0.0.1"
    assert event.object_id == str(people.a.pk)
    assert event.changes["name"] == {"old": "张三", "new": "张三丰"}
    assert event.changes["phone"] == {"changed": True}  # never the values
    assert event.area_path == tree.S1C1GAB1.path


def test_create_and_delete_are_recorded(client_for, users, people):
    client_for(users.community).post(reverse("people:person_delete", args=[people.a.pk]))
    actions = set(
        AuditEvent.objects.filter(model="people.person", object_id=str(people.a.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == {"create", "delete"}


def test_a_reveal_is_logged_with_its_reason(client_for, users, people):
    response = client_for(users.grid_a).post(
        reverse("people:person_reveal", args=[people.a.pk]),
        {"field": "phone", "reason": "电话随访"},
    )
    assert PHONE_A in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.fields, log.reason) == (
        users.grid_a,
        "reveal",
        "phone",
        "电话随访",
    )


def test_a_reveal_in_english_is_logged_in_the_districts_language(
    client_for, users, people, settings
):
    client = client_for(users.grid_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(
        reverse("people:person_reveal", args=[people.a.pk]),
        {"field": "phone", "reason": "phone follow-up"},
    )
    assert AccessLog.objects.get().object_repr == f"张三（{people.a.document_masked}）"


def test_a_reveal_needs_a_reason(client_for, users, people):
    response = client_for(users.grid_a).post(
        reverse("people:person_reveal", args=[people.a.pk]), {"field": "phone", "reason": ""}
    )
    assert response.status_code == 400
    assert not AccessLog.objects.exists()


def test_a_building_head_may_not_reveal(client_for, users, people):
    response = client_for(users.building_a).post(
        reverse("people:person_reveal", args=[people.a.pk]),
        {"field": "document_number", "reason": "想看"},
    )
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def exported_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_an_export_is_masked_scoped_and_logged(client_for, users, people, export_through):
    response = export_through(
        client_for(users.street_1), reverse("people:person_export"), {"reason": "周报"}
    )
    rows = exported_rows(response)
    assert len(rows) == 3  # header and the two people of street 1
    assert {row[0] for row in rows[1:]} == {"张三", "李四"}
    assert "440402********0014" in rows[1] + rows[2]
    assert ID_A not in str(rows)
    log = AccessLog.objects.get()
    assert (log.action, log.row_count, log.fields, log.reason) == ("export", 2, "", "周报")


def test_an_export_with_full_values_says_so_in_the_log(client_for, users, people, export_through):
    response = export_through(
        client_for(users.street_1),
        reverse("people:person_export"),
        {"reason": "移交疾控", "reveal": "on"},
    )
    assert ID_A in str(exported_rows(response))
    assert AccessLog.objects.get().fields == "document_number,phone"


def test_a_masked_export_never_opens_the_sealed_values(
    client_for, users, people, monkeypatch, export_through
):
    def refuse(token):
        raise AssertionError("a sealed value was decrypted")

    monkeypatch.setattr(pii, "decrypt", refuse)
    response = export_through(
        client_for(users.street_1), reverse("people:person_export"), {"reason": "周报"}
    )
    assert len(exported_rows(response)) == 3


@pytest.mark.parametrize(
    ("language", "labels"),
    [("zh-hans", {"居民身份证", "男"}), ("en", {"Resident ID card", "Male"})],
)
def test_an_export_shows_choices_by_their_labels_in_the_readers_language(
    client_for, users, people, settings, language, labels, export_through
):
    client = client_for(users.street_1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    rows = exported_rows(
        export_through(client, reverse("people:person_export"), {"reason": "周报"})
    )
    assert labels <= {cell for row in rows[1:] for cell in row}


def test_an_export_needs_a_reason(client_for, users, people, export_through):
    response = export_through(
        client_for(users.street_1), reverse("people:person_export"), {"reason": ""}
    )
    assert response.status_code == 302
    assert not AccessLog.objects.exists()


def test_auditor_reads_and_filters_the_log(client_for, users, people):
    client_for(users.grid_a).post(
        reverse("people:person_reveal", args=[people.a.pk]), {"field": "phone", "reason": "随访"}
    )
    client = client_for(users.auditor)
    changes = client.get(reverse("core:audit_list"), {"model": "people.person"})
    assert changes.status_code == 200
    assert len(changes.context["page"].object_list) == 3  # the three registrations
    access = client.get(reverse("core:audit_list"), {"tab": "access", "username": "grid_a"})
    assert [log.reason for log in access.context["page"].object_list] == ["随访"]
    nobody = client.get(reverse("core:audit_list"), {"tab": "access", "username": "grid_b"})
    assert list(nobody.context["page"].object_list) == []


def test_audit_log_filtered_by_record_and_day(client_for, users, people):
    from django.utils import timezone

    client = client_for(users.auditor)
    response = client.get(
        reverse("core:audit_list"),
        {
            "model": "people.person",
            "object_id": str(people.b.pk),
            "day": timezone.localdate().isoformat(),
        },
    )
    assert [e.object_id for e in response.context["page"].object_list] == [str(people.b.pk)]


@pytest.mark.parametrize("user", ["grid_a", "street_1", "supervisor"])
def test_only_auditors_and_commanders_read_the_log(client_for, users, user):
    assert client_for(getattr(users, user)).get(reverse("core:audit_list")).status_code == 404


def test_a_street_auditor_sees_only_his_street(client_for, users, people, tree):
    from shouwang.conftest import make_user
    from shouwang.core.choices import Role

    auditor = make_user("street_auditor", tree.S2, Role.AUDITOR)
    response = client_for(auditor).get(reverse("core:audit_list"), {"model": "people.person"})
    assert [e.object_id for e in response.context["page"].object_list] == [str(people.c.pk)]


def test_no_plain_id_or_phone_in_any_table(client_for, users, people):
    client_for(users.grid_a).post(
        reverse("people:person_reveal", args=[people.a.pk]), {"field": "phone", "reason": "随访"}
    )
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            dump = str(cursor.fetchall())
            assert ID_A not in dump, table
            assert PHONE_A not in dump, table


def test_no_plain_id_or_phone_in_the_logs(client_for, users, people, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(users.grid_a)
    client.post(
        reverse("people:person_reveal", args=[people.a.pk]), {"field": "phone", "reason": "随访"}
    )
    client.post(reverse("people:person_list"), {"q": ID_A})
    logged = "\n".join(handler_format(record) for record in caplog.records)
    assert ID_A not in logged and PHONE_A not in logged


def handler_format(record):
    return logging.Formatter("%(message)s").format(record)


def test_an_export_follows_the_search(client_for, users, people, export_through):
    response = export_through(
        client_for(users.street_1), reverse("people:person_export"), {"reason": "核对", "q": "李"}
    )
    assert [row[0] for row in exported_rows(response)[1:]] == ["李四"]


def test_one_index_serves_the_audit_rows_of_an_area_and_those_under_it(db):
    # Every audited write pays for each index; PostgreSQL's pattern index answers both
    # the path and the paths under it (scoping.subtree_q).
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
    on_path = [name for name, index in indexes.items() if "area_path" in index["columns"]]
    assert on_path == ["auditevent_area_path"]
