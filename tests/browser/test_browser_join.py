"""Joining in real Chromium against `streamlit run --server.address 0.0.0.0`: the lecturer's page, opened as
localhost, shares a link at the machine's network address; the Join dialog's QR code (a screenshot, decoded by
zxing-cpp) is exactly that link; a student opening it, or the short code under it, lands on the same setup."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from streamlit import net_util
from support.paths import TINY_SCALE

from bench.harness import chromium, new_tab, no_exception, serve, settled

pytestmark = pytest.mark.browser


def shared_link(page, title: str = "Share this setup") -> str:
    """The sidebar's "Share this setup" link (`title`: its name in the page's language), as the page shows it."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    share = sidebar.locator('[data-testid="stExpander"]', has_text=title)
    if not share.locator("pre").first.is_visible():
        share.locator("summary").click()
    code = share.locator("pre").first
    code.wait_for()
    return "".join(code.inner_text().split())


def test_a_localhost_page_shares_the_network_address_and_its_qr_code_opens_the_same_setup(tmp_path):
    ip = net_util.get_internal_ip()
    if not ip:
        pytest.skip("this machine has no network address to share")
    with serve(tmp_path, scale=float(TINY_SCALE), options={"server.address": "0.0.0.0"}) as server:
        port = urlsplit(server.url).port
        with chromium() as browser:
            lecturer = new_tab(browser)
            lecturer.goto(f"http://localhost:{port}/train?rh=64&ep=3&lang=en")
            lecturer.get_by_role("heading", name="Train both models").wait_for()
            link = shared_link(lecturer)
            assert link.startswith(f"http://{ip}:{port}/train?"), link
            assert "rh=64" in link and "ep=3" in link and "localhost" not in link

            settled(lecturer.get_by_role("button", name="Join: QR code")).click()  # under the share box, just opened
            dialog = lecturer.get_by_role("dialog")
            qr = dialog.locator('[data-testid="stImage"] img').first
            qr.wait_for()
            picture = Image.open(io.BytesIO(qr.screenshot()))
            assert [r.text for r in zxingcpp.read_barcodes(picture)] == [link]
            short = "".join(dialog.locator("pre").first.inner_text().split())
            assert short.startswith(f"{ip}:{port}/train?j=") and len(short) < 40, short
            no_exception(lecturer)

            for opened in (link, f"http://{short}"):  # the QR code, or the address typed from the back row
                student = new_tab(browser)
                student.goto(opened)
                student.get_by_role("heading", name="Train both models").wait_for()
                student.get_by_text("This page opened from a shared link", exact=False).first.wait_for()
                assert shared_link(student) == link  # the same setup, at the same address
                student.context.close()
