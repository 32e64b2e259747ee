"""QR codes for printable posters that lead to a public form of an area or a unit."""

import qrcode
import qrcode.image.svg
from django.shortcuts import render


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG markup (sharp at any print size)."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=20,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return image.to_string(encoding="unicode")


def qr_poster(request, *, title: str, subtitle: str, url: str, instructions: list[str]):
    """A printable A4 poster: a title, the code, what to do, and the address in words."""
    absolute = request.build_absolute_uri(url)
    return render(
        request,
        "core/qr_poster.html",
        {
            "title": title,
            "subtitle": subtitle,
            "url": absolute,
            "qr": qr_svg(absolute),
            "instructions": instructions,
        },
    )
