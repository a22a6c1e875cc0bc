"""Joining from the projector: the public address (HAR_PUBLIC_URL, Streamlit's browser.serverAddress, the
machine's network address, else loopback with a warning), the share link built on it, and its QR code, which
decodes (zxing-cpp, a second implementation) to exactly that link."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from dashboard.address import Address, page_path, resolve
from dashboard.join import qr_code, qr_svg

BASE = dict(setting="", browser_address=None, browser_port=8501, listen=None, port=8501, network_ip=None, seen="")


def addr(**kw) -> Address:
    return resolve(**{**BASE, **kw})


def test_the_setting_wins_over_everything_and_keeps_a_proxys_path():
    a = addr(setting="https://class.example.org/har/", browser_address="10.0.0.9", network_ip="192.168.1.20")
    assert (a.base, a.source, a.reachable) == ("https://class.example.org/har", "setting", True)
    assert a.page("/train") == "https://class.example.org/har/train"
    assert a.short == "class.example.org/har"
    assert addr(setting="tunnel.example:9000").base == "http://tunnel.example:9000"


def test_streamlits_browser_address_comes_next_unless_it_is_loopback():
    a = addr(browser_address="har.lab.example", browser_port=80, network_ip="192.168.1.20")
    assert (a.base, a.source) == ("http://har.lab.example", "streamlit")
    assert addr(browser_address="localhost", network_ip="192.168.1.20").source == "network"


def test_the_network_address_when_the_server_listens_beyond_loopback():
    for listen in (None, "", "0.0.0.0", "::"):
        a = addr(listen=listen, network_ip="192.168.1.20", seen="http://localhost:8501/train")
        assert (a.base, a.source) == ("http://192.168.1.20:8501", "network")
    assert addr(listen="10.1.2.3").base == "http://10.1.2.3:8501"  # bound to one interface: that one
    assert addr(listen="::", network_ip="fe80::1").base == "http://[fe80::1]:8501"
    assert addr(listen=None, network_ip="192.168.1.20", base_path="har").page("/train") == (
        "http://192.168.1.20:8501/har/train"
    )


def test_only_loopback_is_flagged_and_keeps_the_viewers_address():
    for listen in ("127.0.0.1", "localhost", "::1"):
        a = addr(listen=listen, network_ip="192.168.1.20", seen="http://localhost:8502/compare")
        assert (a.base, a.reachable) == ("http://localhost:8502", False)
    assert not addr(listen=None, network_ip=None).reachable  # no network at all
    assert addr(listen=None, network_ip=None, seen="http://har.example:8501/").source == "streamlit"


def test_the_page_path_drops_the_base_path():
    assert page_path("http://localhost:8501/har/train?x=1", "har") == "/train"
    assert page_path("http://localhost:8501/", "") == "/"


def decode_png(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize(
    "link",
    [
        "http://192.168.1.20:8501/train?lang=es&data=demo&rh=64&rl=1&rp=last&ep=10&lr=0.001&bs=32&ck=matched",
        "https://class.example.org/har/?" + "&".join(f"k{i}=v{i}" for i in range(40)),  # 250+ characters
    ],
)
def test_the_qr_code_decodes_to_exactly_the_link(link):
    buf = io.BytesIO()
    qr_code(link).save(buf, kind="png", scale=4)
    assert decode_png(buf.getvalue()) == [link]
    svg = qr_svg(link)
    assert svg.startswith("<svg") and 'fill="#FFFFFF"' in svg.replace("#fff", "#FFFFFF")  # dark on light, any theme
