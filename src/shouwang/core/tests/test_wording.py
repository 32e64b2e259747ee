"""Punctuation after a translated label follows the reader's language (core.templatetags)."""

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    '{% load i18n wording %}{% translate "处理结果" %}{% colon %}{{ result }}{{ note|bracketed }}'
    " {{ needs|listed }}"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "处理结果：已劝返（&lt;b&gt;夜班&lt;/b&gt;） 买菜、&lt;取药&gt;"),
        ("en", "Resolution: 已劝返 (&lt;b&gt;夜班&lt;/b&gt;) 买菜, &lt;取药&gt;"),
    ],
)
def test_a_label_its_colon_and_brackets_in_each_language(language, expected):
    with translation.override(language):
        text = TEMPLATE.render(
            Context({"result": "已劝返", "note": "<b>夜班</b>", "needs": ["买菜", "<取药>"]})
        )
    assert text == expected
