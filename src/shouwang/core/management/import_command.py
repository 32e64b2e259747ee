"""The base of every `shouwang import-*` command: one importer, a progress bar, the
row-level errors on stderr (and optionally as a CSV file), nothing written on error."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shouwang.core.imports import (
    Importer,
    ImportFileError,
    ImportRejected,
    count_data_rows,
    errors_as_csv,
)


class ImportCommand(BaseCommand):
    importer_class: type[Importer]

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx or .csv (UTF-8, UTF-8 BOM, GB18030)")
        parser.add_argument(
            "--good-rows",
            action="store_true",
            help="import the valid rows even when others have errors",
        )
        parser.add_argument(
            "--errors",
            type=Path,
            metavar="CSV",
            help="also write the row-level errors to this CSV file",
        )

    def importer(self, options) -> Importer:
        return self.importer_class()

    def handle(self, *args, file: Path, good_rows: bool, errors: Path | None, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            total = count_data_rows(file)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        bar = tqdm(
            total=total,
            unit=" rows",
            desc=file.name,
            disable=options["verbosity"] == 0,
            file=self.stderr._out,
        )

        def progress(done, _total):
            bar.update(max(0, min(done, total) - bar.n))

        try:
            written, result = self.importer(options).import_file(
                file, good_rows_only=good_rows, progress=progress
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except ImportRejected as rejected:
            self._report(rejected.errors, errors)
            raise CommandError(
                f"{len(rejected.errors)} errors in {file.name}; nothing was written "
                f"(first: row {rejected.errors[0].row}, {rejected.errors[0].field}: "
                f"{rejected.errors[0].message}; 第 {rejected.errors[0].row} 行)"
            ) from None
        finally:
            bar.close()
        self._report(result.errors, errors)
        self.stdout.write(
            f"{written} rows written from {file.name}"
            + (f", {len(result.bad_row_numbers)} bad rows skipped" if result.errors else "")
        )

    def _report(self, row_errors, errors_file: Path | None) -> None:
        for error in row_errors[:50]:
            self.stderr.write(f"row {error.row}, {error.field}: {error.message}")
        if len(row_errors) > 50:
            self.stderr.write(f"... and {len(row_errors) - 50} more")
        if errors_file and row_errors:
            errors_file.write_bytes(errors_as_csv(row_errors))
            self.stderr.write(f"all errors written to {errors_file}")
