from django.conf import settings


def client_ip(request) -> str | None:
    """The caller's address. Behind SHOUWANG_TRUSTED_PROXIES reverse proxies it is the
    entry those proxies appended to X-Forwarded-For; anything further left was written
    by the client and could be forged, so it is never read."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
