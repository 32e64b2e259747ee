"""Django's makemessages, also collecting ``_lazy("…")``: modules that need both kinds of
translation import ``gettext_lazy as _lazy``, and xgettext knows only the usual names, so
those strings never reached a catalogue (they showed in English only where the same
words were marked elsewhere)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
