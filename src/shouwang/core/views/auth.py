from django.conf import settings
from django.shortcuts import render


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers once a username has failed too often from an address."""
    return render(
        request, "core/lockout.html", {"minutes": settings.LOGIN_COOLOFF_MINUTES}, status=429
    )
