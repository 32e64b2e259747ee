"""Punctuation after a translated label follows the reader's language (core.templatetags)."""

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    '{% load i18n wording %}{% translate "处理结果" %}{% colon %}{{ result }}{{ note|bracketed }}'
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "处理结果：已劝返（&lt;b&gt;夜班&lt;/b&gt;）"),
        ("en", "Resolution: 已劝返 (&lt;b&gt;夜班&lt;/b&gt;)"),
    ],
)
def test_a_label_its_colon_and_brackets_in_each_language(language, expected):
    with translation.override(language):
        text = TEMPLATE.render(Context({"result": "已劝返", "note": "<b>夜班</b>"}))
    assert text == expected
