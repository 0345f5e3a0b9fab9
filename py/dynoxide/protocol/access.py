"""Who may call `dynoxide serve`: which web origins (CORS) and which Host names.

A server on 127.0.0.1 is reachable from every web page the user has open,
not only from the SDKs on the machine. Two defaults keep those pages out
without getting in the way of local development:

- **CORS allow-list.** Only pages served from a loopback name (`localhost`,
  `127.0.0.1`, `[::1]`, any port, http or https) may call the API from a
  browser: a web app on a local dev server using the AWS SDK against us
  works, a page on the open web does not. A request whose `Origin` is not on
  the list is refused with 403 before it reaches the database (a preflight
  alone would not stop a request the browser sends without one). SDKs and
  the AWS CLI send no `Origin` and are not affected. `--cors` replaces the
  list; `--cors '*'` allows every origin, as DynamoDB Local does.
- **Host check (DNS rebinding).** A hostile page can point its own name at
  127.0.0.1 and then call us "same-origin". The browser still sends that
  name as `Host`, so a server bound to a loopback address refuses any Host
  that is not a loopback name or address. A request with no Host (HTTP/1.0
  clients) cannot come from a browser and is allowed.

Pure functions; the HTTP server applies them (see `server.py`).
"""
from __future__ import annotations

from typing import Iterable

ANY_ORIGIN = "*"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback_name(host: str) -> bool:
    """Whether a bare host name (no port, no brackets) names this machine's loopback."""
    host = host.lower().rstrip(".")
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    import ipaddress  # here, not at the top: the browser worker never needs it, and it costs its boot ~30 ms

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_of(authority: str) -> str:
    """The host part of a `Host` header value: `[::1]:8000` -> `::1`, `a:80` -> `a`."""
    authority = authority.strip()
    if authority.startswith("["):
        end = authority.find("]")
        return authority[1:end] if end > 0 else authority
    return authority.split(":", 1)[0] if authority.count(":") == 1 else authority


class AccessPolicy:
    """The origins a browser may call from, and whether `Host` must be loopback.

    `origins`: None for the default loopback list, `["*"]` for any origin, or
    exact origins such as `https://app.example.com` (scheme, host, optional port).
    """

    def __init__(self, origins: Iterable[str] | None = None, *, loopback_hosts_only: bool = False):
        listed = None if origins is None else [o.strip().rstrip("/") for o in origins if o.strip()]
        self.any_origin = listed is not None and ANY_ORIGIN in listed
        self.origins = None if listed is None else frozenset(o.lower() for o in listed)
        self.loopback_hosts_only = loopback_hosts_only

    @classmethod
    def for_bind_address(cls, host: str, origins: Iterable[str] | None = None) -> "AccessPolicy":
        """The policy for a server bound to `host`: the Host check applies on loopback binds."""
        return cls(origins, loopback_hosts_only=is_loopback_name(host.strip("[]")))

    def origin_allowed(self, origin: str) -> bool:
        if self.any_origin:
            return True
        if self.origins is not None:
            return origin.rstrip("/").lower() in self.origins
        from urllib.parse import urlsplit  # see is_loopback_name

        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and is_loopback_name(parts.hostname)

    def allow_origin_header(self, origin: str) -> str:
        """The Access-Control-Allow-Origin value for an allowed origin."""
        return ANY_ORIGIN if self.any_origin else origin

    def host_allowed(self, host_header: str | None) -> bool:
        if not self.loopback_hosts_only or host_header is None:
            return True
        return is_loopback_name(host_of(host_header))


# The policy of hosts that are not reached over the network (inprocess, the
# browser worker's dispatchHttp): any origin, any Host, as before.
OPEN = AccessPolicy([ANY_ORIGIN])

__all__ = ["ANY_ORIGIN", "AccessPolicy", "OPEN", "host_of", "is_loopback_name"]
