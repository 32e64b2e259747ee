"""Token authentication for checkpoint devices (plate cameras, tablets).

``Authorization: Device swd_...``. A device is not a user: it acts for one checkpoint only
and reaches nothing else. Only the token's SHA-256 is stored. A device that wrote lately
is found in this process's reference data (``reference``), checked current at the start
of every request: a revoked device is refused by its next request.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from shouwang.checkpoints.models import Device
from shouwang.checkpoints.reference import reference_data
from shouwang.checkpoints.services import device_token_hash

KEYWORD = "Device"


class DeviceIdentity:
    """What ``request.user`` is for a device: authenticated, with no roles anywhere."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None

    def __init__(self, device: Device):
        self.device = device

    def __str__(self) -> str:
        return str(self.device)


class DeviceTokenAuthentication(BaseAuthentication):
    def __init__(self, reference=reference_data):
        # device_api passes reference.last_loaded: see there.
        self.reference = reference

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("设备令牌格式不正确"))
        token = parts[1].decode(errors="replace")
        device = self.reference().usable_device(device_token_hash(token))
        if device is None:
            raise AuthenticationFailed(_("设备令牌无效或已停用"))
        return DeviceIdentity(device), device

    def authenticate_header(self, request) -> str:
        return KEYWORD


def device_of(request) -> Device | None:
    return request.auth if isinstance(request.auth, Device) else None
