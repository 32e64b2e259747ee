"""PDF documents from templates, one path for every module (letters, the calculator,
the daily report).

WeasyPrint lays out HTML and CSS and embeds the subset of each font it uses, so a PDF
shows Chinese on a machine without CJK fonts. The fonts come from fontconfig (Debian's
fonts-noto-cjk: "Noto Sans CJK SC", "Noto Serif CJK SC"). Documents carry their styles
inline (templates extend ``core/pdf/base.html``) and images as data: URIs; the fetcher
refuses every other scheme, so rendering never reaches the network or the disk.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, URLFetcher

PDF_TYPE = "application/pdf"


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pdf_response(content: bytes, stem: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF_TYPE)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.pdf"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
