"""The address of the person at the other end, also behind a TLS proxy.

Behind the recommended reverse proxy every request comes from the proxy's address, so
throttling and the audit log would see one address for everyone. ``X-Forwarded-For`` is
believed only when the connection itself comes from a trusted proxy
(``PASIENTFORLOP_TRUSTED_PROXIES``), and only as far as the configured number of proxies
(``PASIENTFORLOP_PROXY_COUNT``): the entry that many places from the right is the address the
outermost trusted proxy saw. Anything a client wrote further left is ignored, and a forged
header from an untrusted address is ignored altogether.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=32)
def _networks(proxies: tuple[str, ...]):
    networks = []
    for item in proxies:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.PROXY_COUNT
    if count <= 0 or not is_trusted_proxy(remote):
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part.strip() for part in forwarded if part.strip()]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
