"""Widgets bound to settings: a setting outlives the widget that edits it, so a page switch loses nothing; and
each setting's widget drawn from its declaration (label, help, range or options, kind)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

import streamlit as st

from dashboard.state import count_key, entry_keys, setting_key, widget_key
from har.slots import Slot


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


def draw(ss: MutableMapping, s: Slot, tr: Callable, *, where=st, options=None, format_func=None, **kwargs):
    """Draw the setting `s`'s declared widget in `where` (st, st.sidebar, a column) and return its value.

    `options` replaces the declared choices where a page knows better (the data sets on this server);
    `format_func`, the choices' declared labels; other keyword arguments go to the widget (on_change, disabled).
    """
    setting, w = s.setting, s.setting.widget
    label, key, help_ = tr(setting.label), setting_key(s), tr(setting.help)
    if w.kind == "layers":
        return _layers(ss, s, tr, where, **kwargs)
    if w.kind in ("radio", "select"):
        labels = setting.choice_labels
        if format_func is None and labels:
            format_func = lambda c: tr(labels[c]) if c in labels else str(c)  # noqa: E731
        choices = list(options or w.options or setting.choices)
        extra = {"horizontal": True} if w.horizontal else {}
        widget = where.radio if w.kind == "radio" else where.selectbox
        return bind(ss, widget, label, key, choices, format_func=format_func or str, help=help_, **extra, **kwargs)
    if w.kind == "toggle":
        return bind(ss, where.toggle, label, key, help=help_, **kwargs)
    if w.kind == "steps":
        shown = format_func or ("{:g}".format if setting.kind == "float" else str)
        return bind(ss, where.select_slider, label, key, w.options, format_func=shown, help=help_, **kwargs)
    if w.kind == "number":
        return bind(ss, where.number_input, label, key, w.low, w.high, step=w.step, help=help_, **kwargs)
    return bind(ss, where.slider, label, key, w.low, w.high, step=w.step, help=help_, **kwargs)


def _layers(ss: MutableMapping, s: Slot, tr: Callable, where, **kwargs) -> tuple[int, ...]:
    """A list setting: a slider for how many entries, then one slider per entry in use."""
    w = s.setting.widget
    count = count_key(s)
    bind(ss, where.slider, tr(w.count_label), count, 1, w.layers, help=tr(w.count_help), **kwargs)
    return tuple(
        bind(ss, where.slider, tr(w.entry_label, i=i + 1), key, w.low, w.high, help=tr(s.setting.help), **kwargs)
        for i, key in enumerate(entry_keys(s)[: ss[count]])
    )
