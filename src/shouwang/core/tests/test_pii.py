import logging

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from shouwang.core import pii
from shouwang.core.choices import DocumentType
from shouwang.core.pii_logging import RedactPersonalDataFilter, redact


def resident_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(
    "number",
    [
        "440402199001010014",
        "11010519491231002X",
        "11010519491231002x",  # a lower-case x is the same number
        "4404 0219 9001 0100 14",  # spaces as people type them
        # Born 1950 with Xiangzhou's code of 1984: IDs carry the code of first issue.
        resident_id("44040219500101001"),
    ],
)
def test_valid_resident_ids_are_accepted(number):
    assert pii.validate_document(DocumentType.RESIDENT_ID, number) == pii.normalise_document(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("440402199001010015", "checksum"),
        ("44040219900101001", "invalid"),
        ("44040219900101001A", "invalid"),
        (resident_id("44040219900230001"), "birth_date"),  # 30 February
        (resident_id("44040221000101001"), "birth_date"),  # born in 2100
        (resident_id("99999919900101001"), "region"),
        ("", "required"),
    ],
)
def test_invalid_resident_ids_say_what_is_wrong(number, code):
    with pytest.raises(ValidationError) as raised:
        pii.validate_document(DocumentType.RESIDENT_ID, number)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("document_type", "good", "bad"),
    [
        (DocumentType.HK_MACAO_PERMIT, "H12345678", "X12345678"),
        (DocumentType.HK_MACAO_PERMIT, "M1234567801", "M123"),
        (DocumentType.TAIWAN_PERMIT, "12345678", "1234567"),
        (DocumentType.PASSPORT, "E12345678", "E1"),
    ],
)
def test_permits_and_passports_are_checked_by_format(document_type, good, bad):
    assert pii.validate_document(document_type, good.lower()) == good
    with pytest.raises(ValidationError):
        pii.validate_document(document_type, bad)


def test_birth_date_and_sex_come_from_the_resident_id():
    assert str(pii.resident_id_birth_date("440402199001010014")) == "1990-01-01"
    assert pii.resident_id_sex("440402199001010014") == "male"  # 17th digit 1 is odd
    assert pii.resident_id_sex("11010519491231002X") == "female"


def test_masks_show_only_the_agreed_parts():
    assert pii.mask_document(DocumentType.RESIDENT_ID, "44040219900101123X") == (
        "440402********123X"
    )
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_document(DocumentType.PASSPORT, "E12345678") == "E1*****78"
    assert pii.mask_phone("075612345678").startswith("0756")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0756-1234567", "07561234567"),
    ],
)
def test_phones_are_normalised(raw, expected):
    assert pii.validate_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345678901", "1381234567", "abc", "0123"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(ValidationError):
        pii.validate_phone(raw)


def test_encryption_round_trips_and_never_repeats():
    first, second = pii.encrypt("13812345678"), pii.encrypt("13812345678")
    assert first != second  # a fresh nonce each time: equal values do not look equal
    assert "13812345678" not in first
    assert pii.decrypt(first) == pii.decrypt(second) == "13812345678"


def test_tampered_values_are_refused():
    token = pii.encrypt("13812345678")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(pii.PersonalDataKeyError):
        pii.decrypt(tampered)


def test_lookup_hash_is_keyed_and_typed(settings):
    number = "440402199001010014"
    passport_hash = pii.document_hash(DocumentType.PASSPORT, number)
    assert pii.document_hash(DocumentType.RESIDENT_ID, number) != passport_hash
    before = pii.document_hash(DocumentType.RESIDENT_ID, number)
    settings.PII_HMAC_KEY = "another-key"
    pii.reset_key_cache()
    try:
        assert pii.document_hash(DocumentType.RESIDENT_ID, number) != before
    finally:
        pii.reset_key_cache()


def test_a_value_sealed_with_an_unconfigured_key_cannot_be_read(settings):
    token = pii.encrypt("13812345678")
    settings.PII_KEYS = [pii.new_key()]
    pii.reset_key_cache()
    try:
        with pytest.raises(pii.PersonalDataKeyError):
            pii.decrypt(token)
    finally:
        pii.reset_key_cache()


def test_log_filter_blanks_ids_and_phones():
    assert redact("id 440402199001010014 phone 13812345678 ok") == "id [ID] phone [PHONE] ok"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "lookup %s", ("13812345678",), None)
    RedactPersonalDataFilter().filter(record)
    assert record.getMessage() == "lookup [PHONE]"
