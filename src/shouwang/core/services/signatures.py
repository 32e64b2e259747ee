"""Record a drawn signature under a text. Every commitment in every module uses this."""

import base64
import hashlib
import re

from django.utils.translation import gettext as _

from shouwang.core.audit import request_ip
from shouwang.core.errors import field_error
from shouwang.core.models import Signature

_PNG_DATA_URL = re.compile(r"^data:image/png;base64,([A-Za-z0-9+/=]+)$")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE_BYTES = 300_000
MIN_IMAGE_BYTES = 200  # an empty canvas exported as PNG is smaller than any real stroke


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_record(
    *, document: str, text_version: str, text: str, signer_name: str, image: str, request=None
) -> Signature:
    """Validate the drawing and store it with the exact text signed. The caller saves it
    inside its own transaction, next to the record that the signature commits to."""
    match = _PNG_DATA_URL.match(image or "")
    if not match:
        raise field_error("signature", _("请在签名框内签名"))
    raw = base64.b64decode(match.group(1))
    if not raw.startswith(_PNG_MAGIC) or not MIN_IMAGE_BYTES <= len(raw) <= MAX_IMAGE_BYTES:
        raise field_error("signature", _("签名图像无效，请重新签名"))
    if not signer_name.strip():
        raise field_error("signer_name", _("请填写签署人姓名"))
    device = request.headers.get("User-Agent", "")[:300] if request is not None else ""
    return Signature.objects.create(
        document=document,
        text_version=text_version,
        text=text,
        text_sha256=text_sha256(text),
        signer_name=signer_name.strip(),
        image=image,
        device=device,
        ip_address=request_ip(request),
    )
