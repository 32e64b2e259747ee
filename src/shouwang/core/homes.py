"""Big buttons on the home page for roles whose daily work is one page of a module
(checkpoint staff register passages, site staff run their board...). Apps register them
in their AppConfig.ready()."""

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
