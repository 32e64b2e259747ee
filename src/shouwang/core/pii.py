"""Personal data helpers: validation, encryption at rest, keyed hashes and masking.

ID numbers and phones are stored three ways, each for one job:
- encrypted (AES-GCM, key from the environment) so the full value can be revealed, logged;
- a keyed HMAC so an exact lookup or a de-duplication never needs the plain value;
- a mask (``440402********123X``, ``138****5678``) for every screen and default export.

A stored token names the key that sealed it, so ``shouwang rotate-pii-key`` can re-encrypt
row by row while old and new keys are both configured.
"""

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric

from shouwang.core.choices import DocumentType

_TOKEN_PREFIX = "v1"
_NONCE_BYTES = 12


class PersonalDataKeyError(Exception):
    """A stored value was sealed with a key that is not configured (or was tampered with)."""


@dataclass(frozen=True)
class _Key:
    key_id: str
    cipher: AESGCM


def _decode_key(encoded: str) -> bytes:
    raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    if len(raw) != 32:
        raise ValueError("each SHOUWANG_PII_KEYS entry must be 32 bytes, base64-encoded")
    return raw


@cache
def _keyring() -> tuple[_Key, ...]:
    keys = []
    for encoded in settings.PII_KEYS:
        raw = _decode_key(encoded)
        keys.append(_Key(hashlib.sha256(raw).hexdigest()[:8], AESGCM(raw)))
    return tuple(keys)


@cache
def _hmac_key() -> bytes:
    return settings.PII_HMAC_KEY.encode()


def reset_key_cache() -> None:
    """Forget the cached keys (after settings change in tests or key rotation)."""
    _keyring.cache_clear()
    _hmac_key.cache_clear()


def current_key_id() -> str:
    return _keyring()[0].key_id


def new_key() -> str:
    """A fresh random key in the form SHOUWANG_PII_KEYS expects."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _seal(plain: bytes) -> tuple[str, bytes]:
    """(the id of the key, nonce and ciphertext) of ``plain`` under the current key."""
    key = _keyring()[0]
    nonce = os.urandom(_NONCE_BYTES)
    return key.key_id, nonce + key.cipher.encrypt(nonce, plain, None)


def _open(key_id: str, raw: bytes) -> bytes:
    for key in _keyring():
        if key.key_id == key_id:
            try:
                return key.cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None)
            except InvalidTag:
                raise PersonalDataKeyError("value does not match its key") from None
    raise PersonalDataKeyError(f"key {key_id} is not configured")


def encrypt(plain: str) -> str:
    key_id, raw = _seal(plain.encode())
    body = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"{_TOKEN_PREFIX}.{key_id}.{body}"


def token_key_id(token: str) -> str:
    return token.split(".", 2)[1]


def decrypt(token: str) -> str:
    try:
        prefix, key_id, body = token.split(".", 2)
    except ValueError:
        raise PersonalDataKeyError("not a sealed value") from None
    if prefix != _TOKEN_PREFIX:
        raise PersonalDataKeyError("unknown token version")
    return _open(key_id, base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))).decode()


def seal_bytes(plain: bytes) -> bytes:
    """A file with personal data in it (an export waiting for its download), sealed as
    :func:`encrypt` seals a value, without the text encoding: ``v1.<key id>.`` and then
    nonce and ciphertext."""
    key_id, raw = _seal(plain)
    return f"{_TOKEN_PREFIX}.{key_id}.".encode() + raw


def sealed_bytes_key_id(sealed: bytes) -> str:
    return bytes(sealed).split(b".", 2)[1].decode()


def open_bytes(sealed: bytes) -> bytes:
    prefix, key_id, raw = bytes(sealed).split(b".", 2)
    if prefix.decode() != _TOKEN_PREFIX:
        raise PersonalDataKeyError("unknown token version")
    return _open(key_id.decode(), raw)


def lookup_hash(normalised: str) -> str:
    """Keyed hash of an already normalised value, for exact lookup and de-duplication."""
    return hmac.digest(_hmac_key(), normalised.encode(), "sha256").hex()[:40]


# --- documents -------------------------------------------------------------------------

_PERMIT_PATTERNS = {
    # 港澳居民来往内地通行证 (回乡证): H or M, then 8 digits (10 on older cards).
    DocumentType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    # 台湾居民来往大陆通行证: 8 digits since 2015, 10 characters on older cards.
    DocumentType.TAIWAN_PERMIT: re.compile(r"^(\d{8}|\d{10}|[A-Z]\d{9})$"),
    # Passports of any country: ICAO 9303 allows up to 9 characters; some issue longer.
    DocumentType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
}


_DOCUMENT_SEPARATORS = re.compile(r"[\s\-]")


def normalise_document(number: str) -> str:
    number = str(number)
    if number.isascii() and number.isalnum():  # as most files have it: nothing to strip
        return number.upper()
    return _DOCUMENT_SEPARATORS.sub("", number).upper()


def validate_document(document_type: str, number: str) -> str:
    """Return the normalised number, or raise a ValidationError that says what is wrong."""
    normalised = normalise_document(number)
    if not normalised:
        raise ValidationError(_("证件号码不能为空"), code="required")
    if document_type == DocumentType.RESIDENT_ID:
        return _validate_resident_id(normalised)
    pattern = _PERMIT_PATTERNS.get(document_type)
    if pattern is None:
        raise ValidationError(_("未知的证件类型"), code="invalid_type")
    if not pattern.match(normalised):
        raise ValidationError(
            _("%(type)s号码格式不正确") % {"type": DocumentType(document_type).label},
            code="invalid",
        )
    return normalised


_RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def _validate_resident_id(number: str) -> str:
    """GB 11643: 18 characters, a known address code, a real birth date, the check digit.

    python-stdnum's own ``ric.validate`` also requires the address code to have existed
    in the birth year; real IDs carry the code of the first registration instead (a
    resident born in 1950 in Xiangzhou holds 440402, a code from 1984), so that part is
    relaxed to "a code that has existed".
    """
    if not _RESIDENT_ID_SHAPE.match(number):
        raise ValidationError(_("居民身份证号码应为18位（最后一位可为X）"), code="invalid")
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(_("居民身份证号码校验位不正确"), code="checksum")
    try:
        birth = resident_id_birth_date(number)
    except ValueError:
        raise ValidationError(_("居民身份证号码中的出生日期不存在"), code="birth_date") from None
    if birth > date.today():
        raise ValidationError(_("居民身份证号码中的出生日期晚于今天"), code="birth_date")
    if not _known_region(number[:6]):
        raise ValidationError(_("居民身份证号码中的地址码不存在"), code="region")
    return number


@cache
def _known_region(code: str) -> bool:
    """Whether GB/T 2260 has ever assigned ``code``. Cached: python-stdnum walks its whole
    table per lookup, the slowest step of a large import by far, and there are only a
    few thousand codes."""
    return bool(numdb.get("cn/loc").info(code)[-1][1])


def document_hash(document_type: str, normalised: str) -> str:
    # The type is part of the hash: a passport and a permit may share a number.
    return lookup_hash(f"{document_type}:{normalised}")


def resident_id_birth_date(normalised: str) -> date:
    """The birth date digits of a normalised resident ID (ValueError if no such day).

    What ric.get_birth_date reads, without its compact(): Unicode cleaning of a number
    already known to be 18 ASCII characters cost more than all the rest of an import
    row's validation."""
    return date(int(normalised[6:10]), int(normalised[10:12]), int(normalised[12:14]))


def resident_id_sex(normalised: str) -> str:
    """'male' or 'female' from the 17th digit (odd is male), GB 11643."""
    return "male" if int(normalised[16]) % 2 else "female"


def mask_document(document_type: str, normalised: str) -> str:
    if document_type == DocumentType.RESIDENT_ID:
        return normalised[:6] + "*" * 8 + normalised[-4:]
    keep = 2 if len(normalised) > 6 else 1
    return normalised[:keep] + "*" * (len(normalised) - keep - 2) + normalised[-2:]


# --- phones ----------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]")


def normalise_phone(number: str) -> str:
    number = str(number)
    if number.isascii() and number.isdigit():  # as most files have it: nothing to strip
        return number
    digits = _PHONE_SEPARATORS.sub("", number)
    return digits[3:] if digits.startswith("+86") else digits


def validate_phone(number: str) -> str:
    normalised = normalise_phone(number)
    if not (_MOBILE.match(normalised) or _LANDLINE.match(normalised)):
        raise ValidationError(
            _("电话号码格式不正确（11位手机号或带区号的固定电话）"), code="invalid"
        )
    return normalised


def phone_hash(normalised: str) -> str:
    return lookup_hash(f"phone:{normalised}")


def mask_phone(normalised: str) -> str:
    if len(normalised) == 11 and normalised.startswith("1"):
        return normalised[:3] + "****" + normalised[-4:]
    return normalised[:4] + "*" * (len(normalised) - 6) + normalised[-2:]
