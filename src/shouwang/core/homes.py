"""What apps add to the home page, registered in their AppConfig.ready(): big buttons for
roles whose daily work is one page of a module (checkpoint staff register passages, site
staff run their board...), and panels (today's numbers for those who read them)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class HomeLink:
    role: str
    label: str | Promise
    url_name: str


_LINKS: list[HomeLink] = []


def register_home_link(link: HomeLink) -> None:
    if link not in _LINKS:
        _LINKS.append(link)


def home_links(roles: set[str]) -> list[HomeLink]:
    return [link for link in _LINKS if link.role in roles]


@dataclass(frozen=True)
class HomePanel:
    template: str
    #: The panel's template context for this user, or None when it has nothing for him.
    context: Callable[[object], dict | None]


_PANELS: list[HomePanel] = []


def register_home_panel(panel: HomePanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def home_panels(user) -> list[tuple[str, dict]]:
    """(template, context) of each panel that has something for ``user``."""
    shown = []
    for panel in _PANELS:
        context = panel.context(user)
        if context is not None:
            shown.append((panel.template, context))
    return shown
