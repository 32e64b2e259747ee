from django.db import models

from shouwang.core import pii


class EncryptedTextField(models.TextField):
    """Holds a personal value sealed with :func:`shouwang.core.pii.encrypt`.

    Python code sees the plain value; the database, its backups and the history tables
    see only the sealed token. It cannot be filtered on: look up by the keyed hash stored
    beside it.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return pii.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return pii.encrypt(value)
