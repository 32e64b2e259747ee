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


def pdf_page_text_by_ocr(content: bytes, page: int = 1, language: str = "chi_sim") -> str:
    """Page ``page`` rendered to PNG (pdftoppm) and read back by tesseract: what the page
    shows, not what its text layer claims."""
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "document.pdf"
        document.write_bytes(content)
        stem = Path(folder) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(document),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        result = subprocess.run(
            ["tesseract", f"{stem}.png", "-", "-l", language],
            check=True,
            capture_output=True,
        )
    return result.stdout.decode().replace(" ", "")
