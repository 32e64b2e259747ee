"""One export path: scoped, masked by default, logged every time.

A module declares its columns and registers its list (:class:`ListExport`); the export
reads the queryset through ``visible_to`` with the ``export`` permission and shows personal
fields masked unless the user asked for the full values and holds ``reveal`` over every
row. A background task writes the file (core.services.exports); each time the file is
handed out, one AccessLog row says who exported what, how many rows, which fields in full,
and why.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


@dataclass(frozen=True)
class ListExport:
    """A list page's export: its rows for the page's filters, and how they are written.

    ``rows(user, query)`` is the queryset the page shows the user for ``query`` (its
    filters, a QueryDict), and refuses (Http404) what the page refuses. The background
    task calls it again with the stored filters, so the file has what the page had."""

    kind: str
    title: str
    stem: str
    columns: list[ExportColumn]
    rows: Callable[[object, QueryDict], object]
    #: The list's URL name, for the way back.
    back: str
    #: The export form's box for the full personal data ("" for a list without any).
    reveal_label: str = ""


_LIST_EXPORTS: dict[str, ListExport] = {}


def register_list_export(export: ListExport) -> None:
    _LIST_EXPORTS[export.kind] = export


def list_export_for(kind: str) -> ListExport:
    return _LIST_EXPORTS[kind]


def _log_area_path(user) -> str:
    """Where the export is filed for auditors: the exporter's outermost area."""
    paths = scope_paths(user, EXPORT)
    return paths[0] if paths else ""


def _append(sheet, values: list) -> None:
    # A control character typed or imported into a text (a vertical tab pasted from Word)
    # has no place in xlsx: dropped, rather than the whole list refused. Looked for first,
    # as a write-only sheet cannot take another row once one has failed.
    if any(isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v) for v in values):
        values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
    sheet.append(values)


@dataclass(frozen=True)
class WrittenFile:
    content: bytes
    row_count: int
    #: What the access log names: the model's label and the fields shown in full.
    model: str
    revealed_fields: str


#: How often a long export tells its page how far it is, in rows.
PROGRESS_EVERY = 2000


def write_xlsx(
    *,
    user,
    queryset,
    columns: list[ExportColumn],
    title: str,
    reveal: bool,
    progress: Callable[[int, int], None] | None = None,
) -> WrittenFile:
    """Rows of ``queryset`` the user may export, as an xlsx file. Not logged: the file is
    logged when it is handed out (:func:`export_log`). ``progress(done, total)`` is called
    once the rows are counted and after every :data:`PROGRESS_EVERY` rows."""
    if scope_paths(user, EXPORT) == []:
        raise Http404
    rows = queryset.visible_to(user, EXPORT)
    sealed_fields = [c.field for c in columns if c.revealed_value]
    if reveal:
        rows = rows.visible_to(user, REVEAL)
    elif sealed_fields:
        rows = rows.defer(*sealed_fields)
    readers = [column.reader(reveal=reveal) for column in columns]
    # The rows' ids in the list's order first, then the rows a chunk at a time: no read
    # stays open while the progress is written (on SQLite a write after a long read
    # failed, "database is locked", once another process had written), and the total
    # comes with the ids.
    ids = list(rows.values_list("pk", flat=True))
    if progress:
        progress(0, len(ids))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(column.label) for column in columns])
    count = 0
    for start in range(0, len(ids), PROGRESS_EVERY):
        chunk = ids[start : start + PROGRESS_EVERY]
        records = rows.order_by().in_bulk(chunk)
        for pk in chunk:
            if pk in records:  # not deleted since
                _append(sheet, [read(records[pk]) for read in readers])
                count += 1
        if progress:
            progress(count, len(ids))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return WrittenFile(
        content=buffer.getvalue(),
        row_count=count,
        model=rows.model._meta.label_lower,
        revealed_fields=",".join(sealed_fields if reveal else []),
    )


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
