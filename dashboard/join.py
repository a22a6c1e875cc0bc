"""Joining from the projector: the setup's link at the public address (dashboard/address.py) as a large QR code
(segno, SVG) and a short address to type, in a dialog and on the projector view; and, when only this machine can
open the server, one sentence on how to open it to the room."""

from __future__ import annotations

import segno
import streamlit as st

from dashboard.address import Address
from har.i18n import translator

QR_SCALE = 10  # pixels per module: a 12-M code (a 250-character link) is 730 px wide, readable from row 20
QR_ERROR = "m"  # medium error correction: a smudged projector or a low camera still reads it


def qr_code(link: str) -> segno.QRCode:
    return segno.make(link, error=QR_ERROR)


def qr_svg(link: str, scale: int = QR_SCALE) -> str:
    """The QR code of `link` as an SVG document: black on white whatever the theme (phones read that best)."""
    return qr_code(link).svg_inline(scale=scale, dark="#000000", light="#FFFFFF", border=4)


def join_view(link: str, short: str, address: Address, lang: str, *, width: int = 420) -> None:
    """The QR code of `link`, the short address to type under it, and the warning when the room cannot reach it."""
    tr = translator(lang)
    st.image(qr_svg(link), width=width, caption=tr("join.scan"))
    st.caption(tr("join.type"))
    st.code(short, language=None)
    if not address.reachable:
        st.warning(tr("join.loopback"), icon=":material/wifi_off:")


def join_dialog(link: str, short: str, address: Address, lang: str, on_dismiss=None) -> None:
    """Open the Join dialog (st.dialog: its title is in the viewer's language); `on_dismiss` is called as it closes."""
    tr = translator(lang)
    dialog = st.dialog(tr("join.title"), width="large", on_dismiss=on_dismiss or "ignore")
    dialog(join_view)(link, short, address, lang, width=560)
