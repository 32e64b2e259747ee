"""One export path: scoped, masked by default, logged every time.

A module declares its columns; the export reads the queryset through ``visible_to`` with
the ``export`` permission, shows personal fields masked unless the user asked for the
full values and holds ``reveal`` over every row, and writes one AccessLog row saying who
exported what, how many rows, which fields in full, and why.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from shouwang.core.audit import record_access
from shouwang.core.choices import AccessAction
from shouwang.core.roles import EXPORT, REVEAL
from shouwang.core.scoping import scope_paths

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    label: str
    value: Callable[[object], object]
    #: For personal data: the value shown in full when revealed (``value`` is the mask).
    revealed_value: Callable[[object], object] | None = None
    #: The model field ``revealed_value`` reads: not loaded (nor decrypted) when the file
    #: is masked.
    field: str = ""
    #: For a choice field, its choices: ``value`` reads the stored value and the file shows
    #: its label. ``get_FOO_display`` rebuilds the field's choices on every call, which
    #: took a third of a large export's time.
    choices: tuple = ()

    @classmethod
    def choice(cls, label: str, model, name: str) -> "ExportColumn":
        """The choice field ``name`` of ``model``, shown by its label."""
        return cls(label, attrgetter(name), choices=tuple(model._meta.get_field(name).flatchoices))

    def reader(self, *, reveal: bool) -> Callable[[object], object]:
        """What one record shows in this column, in the active language."""
        read = self.revealed_value if reveal and self.revealed_value else self.value
        if not self.choices:
            return read
        labels = {value: str(label) for value, label in self.choices}

        def label_of(record):
            value = read(record)
            return labels.get(value, value)

        return label_of


def _log_area_path(user) -> str:
    """Where the export is filed for auditors: the exporter's outermost area."""
    paths = scope_paths(user, EXPORT)
    return paths[0] if paths else ""


def export_xlsx(
    *,
    user,
    queryset,
    columns: list[ExportColumn],
    title: str,
    reason: str,
    reveal: bool,
    request=None,
) -> bytes:
    """Rows of ``queryset`` the user may export, as an xlsx file; the access is logged."""
    if scope_paths(user, EXPORT) == []:
        raise Http404
    rows = queryset.visible_to(user, EXPORT)
    sealed_fields = [c.field for c in columns if c.revealed_value]
    if reveal:
        rows = rows.visible_to(user, REVEAL)
    elif sealed_fields:
        rows = rows.defer(*sealed_fields)
    revealed_fields = sealed_fields if reveal else []
    readers = [column.reader(reveal=reveal) for column in columns]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(column.label) for column in columns])
    count = 0
    for record in rows.iterator(chunk_size=2000):
        sheet.append([read(record) for read in readers])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    export_log(
        user=user,
        model=rows.model._meta.label_lower,
        fields=",".join(revealed_fields),
        reason=reason,
        row_count=count,
        request=request,
    )
    return buffer.getvalue()


def export_log(
    *, user, model: str, reason: str, row_count: int, fields: str = "", instance=None, request=None
) -> None:
    """The access-log row of one export (an xlsx list, a PDF document). Every file that
    leaves the system with records in it goes through here."""
    with transaction.atomic():
        record_access(
            user=user,
            action=AccessAction.EXPORT,
            instance=instance,
            model=model,
            fields=fields,
            reason=reason,
            row_count=row_count,
            # a document of one record is filed under that record's area
            area_path="" if instance is not None else _log_area_path(user),
            request=request,
        )


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
