"""One import framework for every xlsx and CSV file the districts send.

An importer is a small declaration: its columns (with the header names people really
use, in Chinese and English), a parser per column, an optional check across rows, and a
``write`` that receives only valid rows inside one transaction. The framework reads the
file (xlsx, or CSV in UTF-8, UTF-8 with BOM or GB18030), maps headers to columns, reports
every bad cell with its row and field, and writes good rows or nothing as the user chose.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import F, QuerySet
from django.db.models.lookups import In, Lookup
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shouwang.core.text import list_of

ProgressCallback = Callable[[int, int], None]
# SQLite allows 32,766 parameters in a statement; an IN list of 5,000 stays far under it.
KEY_CHUNK = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, no header, missing columns."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise  # shown to people; a header in any configured language matches
    aliases: tuple[str, ...] = ()
    required: bool = True
    parse: Callable[[str], object] = str
    #: For personal data: how a parsed value is shown in a preview (never in full).
    mask: Callable[[str], str] | None = None

    def names(self) -> set[str]:
        return _header_names(self)


@cache
def _header_names(column: Column) -> frozenset[str]:
    names = {column.key, *column.aliases}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(column.label))
    return frozenset(_normalise_header(name) for name in names)


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in the spreadsheet: the header is row 1
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class ParsedRow:
    row: int
    values: dict


@dataclass
class ValidationResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def bad_row_numbers(self) -> set[int]:
        return {error.row for error in self.errors}

    @property
    def good_rows(self) -> list[ParsedRow]:
        bad = self.bad_row_numbers
        return [row for row in self.rows if row.row not in bad]


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        rows = len({error.row for error in errors})
        super().__init__(
            ngettext(
                "%(count)d 行有错误，未写入任何数据", "%(count)d 行有错误，未写入任何数据", rows
            )
            % {"count": rows}
        )


def _normalise_header(name: str) -> str:
    return str(name or "").strip().lower().replace(" ", "").replace("_", "")


# --- reading files ---------------------------------------------------------------------

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; GB18030, a superset of GBK and GB2312, next."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件编码：请保存为 UTF-8 或 GB18030 编码的 CSV"))


def read_table(path: Path | str, name: str | None = None) -> tuple[list[str], Iterator[list]]:
    """Header and an iterator of data rows (lists of cell values) of an xlsx or CSV file."""
    path = Path(path)
    suffix = Path(name or path.name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in {".csv", ".txt"}:
        return _read_csv(path)
    raise ImportFileError(_("只支持 .xlsx 和 .csv 文件"))


def _read_xlsx(path: Path):
    # calamine (Rust) reads a sheet about ten times faster than openpyxl; openpyxl still
    # writes every xlsx the system hands out.
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as error:  # calamine raises several kinds for a damaged file
        raise ImportFileError(_("无法读取 Excel 文件：%(error)s") % {"error": error}) from None
    try:
        header = [str(cell or "").strip() for cell in next(rows)]
    except StopIteration:
        raise ImportFileError(_("文件是空的")) from None
    return header, rows


def _read_csv(path: Path):
    text = decode_csv_bytes(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise ImportFileError(_("文件是空的")) from None
    return header, reader


def count_data_rows(path: Path | str, name: str | None = None) -> int:
    _header, rows = read_table(path, name)
    return sum(1 for values in rows if any(str(v).strip() for v in values))


# --- rows already stored -----------------------------------------------------------------


class _AnyOf(Lookup):
    """``field = ANY(%s)`` with the keys as one array parameter: for 100,000 keys, building
    and sending an IN list of one parameter each costs more than running the query."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prepare = self.lhs.output_field.get_db_prep_value
        keys = [prepare(key, connection) for key in self.rhs]
        return f"{lhs} = ANY(%s)", [*lhs_params, keys]


def matching_keys(queryset: QuerySet, field_name: str, keys: list) -> Iterator[QuerySet]:
    """``queryset`` narrowed to the rows whose ``field_name`` is one of ``keys`` (an
    import's thousands of document hashes or credit codes), as querysets to read in turn:
    one on PostgreSQL, chunks of IN lists under SQLite's parameter limit elsewhere."""
    if connections[queryset.db].vendor == "postgresql":
        yield queryset.filter(_AnyOf(F(field_name), keys))
        return
    for start in range(0, len(keys), KEY_CHUNK):
        yield queryset.filter(In(F(field_name), keys[start : start + KEY_CHUNK]))


# --- importers -------------------------------------------------------------------------


class Importer:
    """Subclass with ``kind``, ``columns`` and ``write``; override ``check_rows`` for
    rules that span rows (duplicates inside the file, references between rows)."""

    kind: str = ""
    label: str = ""
    columns: tuple[Column, ...] = ()
    #: Who may upload this kind on the import page (None: command line only).
    permission: str | None = None

    def __init__(self, *, user=None, area=None):
        self.user = user
        self.area = area

    @classmethod
    def for_job(cls, job) -> "Importer":
        """The importer an upload's background tasks use. An importer bound to a record of
        its own (a screening event's manifest) finds that record from the job."""
        return cls(user=job.created_by, area=job.area)

    # mapping

    def map_header(self, header: list[str], mapping: dict[str, str] | None = None):
        """Column key -> index in the file. ``mapping`` overrides: file header -> key."""
        positions: dict[str, int] = {}
        overrides = {_normalise_header(k): v for k, v in (mapping or {}).items()}
        for index, name in enumerate(header):
            normalised = _normalise_header(name)
            key = overrides.get(normalised)
            if key is None:
                key = next((c.key for c in self.columns if normalised in c.names()), None)
            if key and key not in positions:
                positions[key] = index
        missing = [c.label for c in self.columns if c.required and c.key not in positions]
        if missing:
            raise ImportFileError(
                _("缺少必需的列：%(columns)s") % {"columns": list_of(str(m) for m in missing)}
            )
        return positions

    # validation

    def parse_rows(
        self,
        header,
        rows: Iterable[list],
        *,
        mapping=None,
        progress: ProgressCallback | None = None,
        total: int = 0,
    ) -> ValidationResult:
        positions = self.map_header(header, mapping)
        result = ValidationResult()
        columns = [c for c in self.columns if c.key in positions]
        for offset, values in enumerate(rows):
            row_number = offset + 2
            texts = [_cell_text(value) for value in values]
            if not any(texts):
                continue
            result.total += 1
            parsed = {}
            for column in columns:
                index = positions[column.key]
                text = texts[index] if index < len(texts) else ""
                if not text:
                    if column.required:
                        result.errors.append(RowError(row_number, str(column.label), _("必填")))
                    parsed[column.key] = None
                    continue
                try:
                    parsed[column.key] = column.parse(text)
                except ValidationError as error:
                    result.errors.append(RowError(row_number, str(column.label), _messages(error)))
            result.rows.append(ParsedRow(row_number, parsed))
            if progress and result.total % 500 == 0:
                progress(result.total, total)
        result.errors.extend(self.check_rows(result.good_rows))
        result.errors.sort(key=lambda error: error.row)
        if progress:
            progress(result.total, total or result.total)
        return result

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        return []

    def label_of(self, key: str) -> str:
        return next(str(c.label) for c in self.columns if c.key == key)

    # writing

    def write(self, rows: list[ParsedRow], progress: ProgressCallback | None = None) -> int:
        raise NotImplementedError

    def run(
        self,
        result: ValidationResult,
        *,
        good_rows_only: bool,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Write the valid rows in one transaction; with errors, only if the user chose
        to import the good rows. A failure inside ``write`` rolls everything back."""
        if result.errors and not good_rows_only:
            raise ImportRejected(result.errors)
        with transaction.atomic():
            return self.write(result.good_rows, progress)

    def import_file(
        self,
        path,
        *,
        name=None,
        mapping=None,
        good_rows_only=False,
        progress: ProgressCallback | None = None,
    ) -> tuple[int, ValidationResult]:
        header, rows = read_table(path, name)
        result = self.parse_rows(header, rows, mapping=mapping, progress=progress)
        return self.run(result, good_rows_only=good_rows_only, progress=progress), result


def _cell_text(value) -> str:
    if type(value) is str:  # every CSV cell and most of a sheet's: the rest is not needed
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 12 as 12.0
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def _messages(error: ValidationError) -> str:
    return _("；").join(str(message) for message in error.messages)


def errors_as_csv(errors: list[RowError]) -> bytes:
    """The row-level error report, UTF-8 with BOM so Excel on Windows opens it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("行号"), _("字段"), _("错误")])
    for error in errors:
        writer.writerow([error.row, error.field, error.message])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_REGISTRY: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    _REGISTRY[importer.kind] = importer
    return importer


def importer_for(kind: str) -> type[Importer]:
    return _REGISTRY[kind]


def page_importers() -> dict[str, str]:
    """Kinds offered on the import page, with the permission each needs."""
    return {kind: cls.permission for kind, cls in _REGISTRY.items() if cls.permission}
