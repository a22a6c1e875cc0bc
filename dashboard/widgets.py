"""Widgets bound to settings: a setting outlives the widget that edits it, so a page switch loses nothing."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

from dashboard.state import widget_key


def bind(
    ss: MutableMapping, widget: Callable, label: str, key: str, *args, on_change: Callable | None = None, **kwargs
):
    """Draw `widget` (e.g. st.slider) for the setting `key` and return its value.

    Streamlit forgets the state of a widget that a run does not draw, so a setting kept only
    in a widget would be lost on a page switch. Here the setting lives under `key`, which no
    widget owns; the widget gets its own key, seeded from the setting on every run (before
    it is drawn) and copied back to it on every change.
    """
    own = widget_key(key)
    ss[own] = ss[key]

    def copy_back():
        ss[key] = ss[own]
        if on_change is not None:
            on_change()

    return widget(label, *args, key=own, on_change=copy_back, **kwargs)
