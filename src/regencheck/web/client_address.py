"""The address a request came from, for rate limits and logs.

`X-Forwarded-For` is only believed when the connection itself comes from a configured trusted
proxy (`REGENCHECK_TRUSTED_PROXIES`); otherwise anyone could rotate the header to escape the
login limiter. Behind trusted proxies the client is the right-most forwarded address that is
not itself a trusted proxy (the left part of the header is whatever the client chose to send).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: str) -> tuple[Network, ...]:
    """Comma-separated addresses or CIDR blocks (`127.0.0.1, 10.0.0.0/8`); ValueError names a bad one."""
    out = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"'{item}' is not an IP address or CIDR block") from None
    return tuple(out)


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: Sequence[Network]) -> str:
    """The client's address: the TCP peer, unless the peer is a trusted proxy that forwarded one."""
    address = peer or "unknown"
    if not forwarded_for or not proxies or not _trusted(address, proxies):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _trusted(hop, proxies):
            return hop[:100]
        address = hop
    return address
