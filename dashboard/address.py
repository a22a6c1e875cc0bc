"""The address students can open: the lecturer's own tab may say `localhost`, which no other machine can reach.

In order: HAR_PUBLIC_URL (a proxy, a tunnel, a DNS name), Streamlit's own browser.serverAddress/serverPort when
set, else the address the viewer typed when it is not loopback (a name or an address others can use too), else
this machine's network address when the server listens beyond loopback; else the loopback address the viewer typed,
flagged as reachable from this machine only.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

PUBLIC_ENV = "HAR_PUBLIC_URL"
ALL_INTERFACES = ("", "0.0.0.0", "::")  # an unset server.address listens on every interface


@dataclass(frozen=True)
class Address:
    """Where the app is reached from the room: `base` ("http://192.168.1.20:8501", a proxy's path kept) and
    where that came from: "setting" (HAR_PUBLIC_URL), "streamlit" (browser.serverAddress), "network" (this
    machine's address) or "loopback" (nothing better: only this machine can open it)."""

    base: str
    source: str

    @property
    def reachable(self) -> bool:
        return self.source != "loopback"

    @property
    def short(self) -> str:
        """The address to type from the back row: no scheme, no trailing slash ("192.168.1.20:8501")."""
        parts = urlsplit(self.base)
        return (parts.netloc + parts.path).rstrip("/")

    def page(self, path: str) -> str:
        """The full address of the app's page `path` ("/train") at this base."""
        return self.base.rstrip("/") + "/" + path.lstrip("/")


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host(host: str, port: int, scheme: str = "http") -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"{scheme}://{shown}" + ("" if (scheme, port) in (("http", 80), ("https", 443)) else f":{port}")


def resolve(
    *,
    setting: str,
    browser_address: str | None,
    browser_port: int,
    listen: str | None,
    port: int,
    network_ip: str | None,
    seen: str,
    base_path: str = "",
) -> Address:
    """The public address from what is known (a pure function: `public_address` gathers the values).

    `setting`: HAR_PUBLIC_URL ("" when unset); `browser_address`: browser.serverAddress when set by the operator
    (None otherwise); `listen`: server.address (None or "" when unset: every interface); `network_ip`: this
    machine's address on the network, if any; `seen`: the address the viewer's browser used ("" if unknown);
    `base_path`: server.baseUrlPath.
    """
    prefix = "/" + base_path.strip("/") if base_path.strip("/") else ""
    if setting.strip():
        parts = urlsplit(setting.strip() if "://" in setting else f"http://{setting.strip()}")
        return Address(urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", "")), "setting")
    if browser_address and not is_loopback(browser_address):
        return Address(_host(browser_address, browser_port) + prefix, "streamlit")
    seen_host = urlsplit(seen).hostname if seen else None
    if seen_host and not is_loopback(seen_host):  # the viewer came in by a name others can use (a DNS name, an IP)
        parts = urlsplit(seen)
        return Address(urlunsplit((parts.scheme, parts.netloc, prefix, "", "")), "streamlit")
    listen = (listen or "").strip()
    if listen in ALL_INTERFACES and network_ip and not is_loopback(network_ip):
        return Address(_host(network_ip, port) + prefix, "network")
    if listen not in ALL_INTERFACES and not is_loopback(listen):
        return Address(_host(listen, port) + prefix, "network")
    if seen:
        parts = urlsplit(seen)
        return Address(urlunsplit((parts.scheme, parts.netloc, prefix, "", "")), "loopback")
    return Address(_host("localhost", port) + prefix, "loopback")


def public_address(seen: str = "") -> Address:
    """The public address of this server, from the environment and Streamlit's options."""
    from streamlit import config, net_util

    manual = config.is_manually_set("browser.serverAddress")
    return resolve(
        setting=os.environ.get(PUBLIC_ENV, ""),
        browser_address=config.get_option("browser.serverAddress") if manual else None,
        browser_port=int(config.get_option("browser.serverPort") or config.get_option("server.port")),
        listen=config.get_option("server.address"),
        port=int(config.get_option("server.port")),
        network_ip=net_util.get_internal_ip(),
        seen=seen,
        base_path=config.get_option("server.baseUrlPath") or "",
    )


def page_path(url: str, base_path: str = "") -> str:
    """The page part of a full address ("http://localhost:8501/app/train?x=1" -> "/train" under base "app")."""
    path = urlsplit(url).path
    prefix = "/" + base_path.strip("/") if base_path.strip("/") else ""
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :]
    return path or "/"
