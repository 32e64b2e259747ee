"""The English catalogue is complete and compiled, and Chinese stays the default."""

import gettext
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

PROJECT = Path(settings.LOCALE_PATHS[0]).parent
# The project catalogue (core, people) and one per later app, in <app>/locale/.
CATALOGUES = sorted(PROJECT.glob("**/locale/en/LC_MESSAGES/django.po"))


def entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # skip header


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.parent.parent.parent))
def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    assert_translated(catalogue)


def assert_translated(catalogue: Path) -> None:
    blocks = entries(catalogue.read_text(encoding="utf-8"))
    assert blocks, "the English catalogue is empty"
    untranslated = [
        b for b in blocks if re.search(r'^msgstr(\[\d+\])? ""\n(?!")', b + "\n", re.MULTILINE)
    ]
    assert untranslated == [], catalogue
    assert not [b for b in blocks if "#, fuzzy" in b], catalogue


def test_a_string_has_one_english_in_every_catalogue(tmp_path):
    # Django answers a string from one catalogue (the project's, then the apps' in the
    # order of INSTALLED_APPS): another app's different English for it never shows, not
    # even in that app. A string that means something else there takes a context. The
    # catalogues as they are now, compiled here: the .mo beside them may be older.
    english = defaultdict(dict)
    for catalogue in CATALOGUES:
        app = catalogue.parent.parent.parent.parent.name
        compiled = tmp_path / f"{app}.mo"
        subprocess.run(
            ["msgfmt", "--check-format", "-o", str(compiled), str(catalogue)], check=True
        )
        with compiled.open("rb") as file:
            for msgid, msgstr in gettext.GNUTranslations(file)._catalog.items():
                if msgid:
                    english[msgid][app] = msgstr
    assert {msgid: by for msgid, by in english.items() if len(set(by.values())) > 1} == {}


def test_every_string_of_the_source_is_in_its_catalogue(tmp_path, monkeypatch, settings):
    # What makemessages collects from a copy of the source. A string moved to another app
    # is looked up in that app's catalogue (or the project's, for core): an old entry left
    # in the app it came from still answers in English until someone collects messages,
    # and then it silently stops.
    source = tmp_path / "shouwang"
    shutil.copytree(
        PROJECT,
        source,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "node_modules"),
    )
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    for catalogue in sorted(source.glob("**/locale/en/LC_MESSAGES/django.po")):
        assert_translated(catalogue)


def test_the_compiled_catalogue_answers_in_english():
    with translation.override("en"):
        assert translation.gettext("登录") == "Log in"
        assert translation.gettext("网格员") == "Grid worker"
    assert translation.gettext("登录") == "登录"
