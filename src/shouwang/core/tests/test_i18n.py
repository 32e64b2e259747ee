"""The English catalogue is complete and compiled, and Chinese stays the default."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PROJECT = Path(settings.LOCALE_PATHS[0]).parent
# The project catalogue (core, people) and one per later app, in <app>/locale/.
CATALOGUES = sorted(PROJECT.glob("**/locale/en/LC_MESSAGES/django.po"))


def entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # skip header


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.parent.parent.parent))
def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    blocks = entries(catalogue.read_text(encoding="utf-8"))
    assert blocks, "the English catalogue is empty"
    untranslated = [b for b in blocks if 'msgstr ""\n' in b + "\n" and 'msgstr ""\n"' not in b]
    assert untranslated == []
    assert not [b for b in blocks if "#, fuzzy" in b]


def test_the_compiled_catalogue_answers_in_english():
    with translation.override("en"):
        assert translation.gettext("登录") == "Log in"
        assert translation.gettext("网格员") == "Grid worker"
    assert translation.gettext("登录") == "登录"
