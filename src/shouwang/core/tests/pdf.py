"""Reading a PDF back in tests with poppler-utils (installed by `make system-packages`):
the text a reader would copy, the fonts it embeds, its pages as pictures."""

import subprocess
import tempfile
from pathlib import Path


def _poppler(content: bytes, *command: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "document.pdf"
        document.write_bytes(content)
        result = subprocess.run(
            [*command, str(document), *(["-"] if command[0] == "pdftotext" else [])],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode()


def pdf_text(content: bytes) -> str:
    return _poppler(content, "pdftotext", "-layout")


def pdf_fonts(content: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded) per font of the document."""
    rows = _poppler(content, "pdffonts").splitlines()[2:]
    # name type encoding emb sub uni object ID: the type may hold spaces, so count from the end
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows]
