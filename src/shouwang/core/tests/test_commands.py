import io

from django.core.management import call_command
from django.db import connection

from shouwang.conftest import ID_A
from shouwang.core import pii
from shouwang.people.models import Person


def stored_token(person) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_number FROM people_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def test_key_rotation_reseals_every_value(people, settings):
    old_key = settings.PII_KEYS[0]
    old_id = pii.token_key_id(stored_token(people.a))
    new_key = pii.new_key()
    settings.PII_KEYS = [new_key, old_key]
    pii.reset_key_cache()
    try:
        out = io.StringIO()
        call_command("rotate_pii_key", stdout=out, verbosity=0)
        assert pii.token_key_id(stored_token(people.a)) == pii.current_key_id() != old_id
        # Once rotated, the old key can go and everything still reads.
        settings.PII_KEYS = [new_key]
        pii.reset_key_cache()
        assert Person.objects.get(pk=people.a.pk).document_number == ID_A
        assert people.a.history.first().document_number == ID_A  # history too
        out = io.StringIO()
        call_command("rotate_pii_key", stdout=out, verbosity=0)
        assert out.getvalue().startswith("0 values")
    finally:
        pii.reset_key_cache()


def test_rehash_after_a_new_hmac_key_keeps_lookups_working(people, settings):
    from shouwang.core.choices import DocumentType
    from shouwang.people.selectors import persons_visible_to

    settings.PII_HMAC_KEY = "a-brand-new-hmac-key"
    pii.reset_key_cache()
    try:
        assert not Person.objects.filter(
            document_hash=pii.document_hash(DocumentType.RESIDENT_ID, ID_A)
        ).exists()
        call_command("rotate_pii_key", "--rehash", stdout=io.StringIO(), verbosity=0)
        assert list(persons_visible_to(None, search=ID_A)) == []  # anonymous sees nothing
        assert (
            Person.objects.get(document_hash=pii.document_hash(DocumentType.RESIDENT_ID, ID_A))
            == people.a
        )
        assert Person.objects.get(phone_hash=pii.phone_hash("13812345678")) == people.a
    finally:
        pii.reset_key_cache()


def test_new_key_prints_a_usable_key():
    out = io.StringIO()
    call_command("rotate_pii_key", "--new-key", stdout=out)
    assert len(pii._decode_key(out.getvalue().strip())) == 32


def test_models_and_migrations_agree(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
