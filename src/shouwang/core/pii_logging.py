"""A logging filter that blanks anything shaped like an ID number or a mobile number.

The application never logs personal data on purpose; this is the second line of defence
for what a library or an exception message might carry (a SQL parameter, a form value).
"""

import logging
import re

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_PERMIT = re.compile(r"(?<![0-9A-Za-z])[HM]\d{8}(\d{2})?(?![0-9A-Za-z])")


def redact(text: str) -> str:
    text = _RESIDENT_ID.sub("[ID]", text)
    text = _PERMIT.sub("[ID]", text)
    return _MOBILE.sub("[PHONE]", text)


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
