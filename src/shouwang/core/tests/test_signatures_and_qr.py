import base64
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from shouwang.core.qr import qr_svg
from shouwang.core.services.signatures import signature_record, text_sha256

FORGED_PNG = "data:image/png;base64," + base64.b64encode(b"x" * 300).decode()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def drawn_png(width: int = 60, height: int = 20) -> str:
    """A real greyscale PNG with strokes on it, as a canvas would give."""
    rows = b"".join(
        b"\x00" + bytes(255 if (x + y) % 7 else 0 for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 0))
        + _chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_a_signature_keeps_the_exact_text_its_hash_and_the_device(db):
    request = RequestFactory().post("/", HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    signature = signature_record(
        document="home_isolation_commitment",
        text_version="2020-02",
        text="本人承诺居家隔离14天。",
        signer_name="张三",
        image=drawn_png(),
        request=request,
    )
    assert signature.text_sha256 == text_sha256("本人承诺居家隔离14天。")
    assert signature.device == "Mozilla/5.0 (iPhone)" and signature.ip_address == "127.0.0.1"


@pytest.mark.parametrize("image", ["", "data:image/jpeg;base64,AAAA", FORGED_PNG])
def test_an_empty_or_forged_drawing_is_refused(db, image):
    with pytest.raises(ValidationError) as raised:
        signature_record(document="x", text_version="1", text="t", signer_name="张三", image=image)
    assert "signature" in raised.value.message_dict


def test_qr_svg_is_inline_svg():
    svg = qr_svg("https://example.invalid/declare/440402001")
    assert "<svg" in svg and "<path" in svg
