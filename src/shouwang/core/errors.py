from django.core.exceptions import ValidationError


def field_error(field: str, message) -> ValidationError:
    """A ValidationError bound to one field, so forms and the API name it."""
    return ValidationError({field: [message]})
