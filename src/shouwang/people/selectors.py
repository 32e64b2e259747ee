from django.core.exceptions import ValidationError
from django.db.models import Count

from shouwang.core import pii
from shouwang.core.choices import DocumentType
from shouwang.people.models import Person


def persons_visible_to(user, *, area=None, search: str = ""):
    """The people register as the user may see it, optionally under an area.

    A search that is a valid resident ID finds that person by its keyed hash; anything
    else matches names.
    """
    persons = Person.objects.visible_to(user).select_related("area")
    if area is not None:
        persons = persons.under(area)
    search = search.strip()
    if search:
        try:
            normalised = pii.validate_document(DocumentType.RESIDENT_ID, search)
        except ValidationError:
            persons = persons.filter(name__contains=search)
        else:
            persons = persons.filter(
                document_hash=pii.document_hash(DocumentType.RESIDENT_ID, normalised)
            )
    return persons


def person_count_by_path(area, user) -> dict[str, int]:
    return dict(
        Person.objects.visible_to(user)
        .under(area)
        .values_list("area__path")
        .annotate(n=Count("id"))
        .order_by()
    )


def person_count_under(area, user) -> int:
    return Person.objects.visible_to(user).under(area).count()
