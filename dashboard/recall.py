"""The settings a browser last used, kept in the run store: a full run that finds the session's setup changed saves
it (in the share link's form, without the language, which the page's address carries); a new session of the same
browser that came without a link gets it back. A link always wins; a saved setup the link decoder does not take
whole is ignored; an unusable store keeps nothing and restores nothing.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from urllib.parse import parse_qsl

from dashboard import state
from dashboard.context import AppContext
from dashboard.keeping import store
from dashboard.settings import apply_setup, current_setup
from har.configs import SetupConfig
from har.errors import HarError
from har.share import decode, kept_form, linked

PREF = "setup"  # its name in the store's prefs
MAX_CHARS = 4000  # a saved setup is a few hundred characters; anything longer was not written here


def readable(saved, lang: str) -> SetupConfig | None:
    """The setup `saved` describes, in `lang`; None unless the link decoder takes every value of it (a setting
    renamed since, or a forged row, leaves the session's settings as they are)."""
    if not isinstance(saved, str) or len(saved) > MAX_CHARS:
        return None
    params = dict(parse_qsl(saved, keep_blank_values=True))
    if not set(params) & {s.setting.link for s in linked()}:
        return None
    setup, warnings = decode({**params, "lang": lang})
    return None if warnings else setup


def restore(ss: MutableMapping, *, linked_setup: bool) -> None:
    """On a session's first run (after keeping.session_start named its owner): read what the store keeps of this
    browser's setup and, unless the page's link set one, load it into the settings."""
    if state.SETUP_KEPT in ss:
        return
    ss[state.SETUP_KEPT] = None  # nothing is saved for a session whose store cannot be read
    found = store()
    if found is None:
        return
    try:
        saved = found.prefs(ss[state.OWNER]).get(PREF)
    except HarError:
        return
    ss[state.SETUP_KEPT] = saved if saved is not None else kept_form(SetupConfig())  # the defaults: no write
    setup = None if linked_setup else readable(saved, ss[state.LANG])
    if setup is not None:
        apply_setup(ss, setup)
        ss[state.SETUP_RESTORED] = True


def save(ss: MutableMapping, ctx: AppContext) -> None:
    """On every full run, once the sidebar has settled the run's setup: keep it for the browser's next visit, when it
    changed since this session last read or wrote it (one write per change, none per rerun)."""
    kept = ss.get(state.SETUP_KEPT)
    if kept is None or not ss.get(state.OWNER):
        return
    now = kept_form(current_setup(ss, ctx))
    if now == kept:
        return
    found = store()
    try:
        if found is not None:
            found.save_prefs(ss[state.OWNER], PREF, now)
    except HarError:
        found = None
    ss[state.SETUP_KEPT] = now if found is not None else None  # a store that refuses is not tried again
