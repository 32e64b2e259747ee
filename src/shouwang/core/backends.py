from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_USERNAME_PREFIX = "demo-"


class ShouwangModelBackend(ModelBackend):
    """Django's backend, except that production refuses the demo logins even if a demo
    database was copied there by mistake: their password is public."""

    def user_can_authenticate(self, user) -> bool:
        if not settings.DEMO_ALLOWED and user.username.startswith(DEMO_USERNAME_PREFIX):
            return False
        return super().user_can_authenticate(user)
