"""User text is never HTML or markdown in the app, under AppTest: class names and keys from an upload, a file name,
a typed path and a run record's name show as typed on every page, no page switches raw HTML on, and `plain()`
escapes what markdown and HTML act on."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from google.protobuf.json_format import MessageToDict
from support.app import finish_job, npz_bytes, open_app, type_path, upload
from support.paths import APP, ROOT

from dashboard import state, uploads
from dashboard.markup import plain

w = state.widget_key


HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**bold**")


# Elements whose text Streamlit shows verbatim; everything else (markdown, captions, alerts,
# headings, widget labels and help, radio options) goes through the markdown renderer.
PLAIN = {"text", "code", "dataframe", "arrow_data_frame", "plotly_chart", "json"}


PLAIN_FIELDS = {
    "selectbox": {"options", "default", "rawValue"},
    "multiselect": {"options", "default", "rawValues"},
    "text_input": {"value", "default"},
}


def walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)
    else:
        yield node


def strings(value, skip=frozenset()):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def markdown_texts(at) -> list[tuple[str, str]]:
    """(element type, text) for every string the app hands to the markdown renderer."""
    found = []
    for element in walk(at._tree):
        proto = getattr(element, "proto", None)
        if element.type in PLAIN or proto is None:
            continue
        fields = MessageToDict(proto, preserving_proto_field_name=False)
        found += [(element.type, s) for s in strings(fields, PLAIN_FIELDS.get(element.type, frozenset()))]
    return found


def plain_texts(at) -> list[str]:
    found = [t.value for t in at.text] + [c.value for c in at.code]
    for box in at.selectbox:
        found += list(box.options)
    return found


@pytest.fixture
def hostile_npz(tmp_path) -> bytes:
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(4), 8)
    X = (rng.standard_normal((32, 4, 8)) + y[:, None, None]).astype(np.float32)
    names = np.array([*HOSTILE, "[a link](javascript:alert(1))"])
    keys = np.array([f"{HOSTILE[i % 3]} {i}" for i in range(32)])
    return npz_bytes(X=X, y=y, class_names=names, keys=keys)


def test_class_names_and_keys_are_never_rendered_as_html_or_markdown(app, hostile_npz):
    upload(app, "clips.npz", hostile_npz)
    assert app.session_state[state.CONTEXT].data.class_names[:3] == HOSTILE
    app.session_state[state.RNN_HIDDEN] = 8  # tiny models: the run only has to put class names on the pages
    app.session_state[state.CNN_WIDTHS[0]] = 8
    app.switch_page("pages/train.py").run()
    app.slider(key=w(state.EPOCHS)).set_value(1).run()
    app.button(key=state.START_BUTTON).click().run()
    assert finish_job(app).status == "finished"  # a run, so Compare and the Lab show class names too
    app.session_state[state.LAB_STUDY] = "failures"
    shown_plain = []
    pages = ("pages/data.py", "pages/models.py", "pages/train.py", "pages/compare.py", "pages/lab.py", "pages/board.py")
    for page in pages:
        app.switch_page(page).run()
        assert not app.exception, (page, [e.message for e in app.exception])
        for kind, text in markdown_texts(app):
            for bad in (*HOSTILE, "javascript:"):
                assert bad not in text, f"{page}: {kind} renders user text {bad!r} as markdown: {text!r}"
        shown_plain += plain_texts(app)
    # The names did reach the pages, as plain text: the check above looked at real output.
    for bad in HOSTILE:
        assert any(bad in s for s in shown_plain), bad


def test_no_page_allows_html(tmp_path):
    """No page, dashboard module or the entry script switches on raw HTML, so user text cannot become markup. The
    one exception sets the browser's identity cookie (dashboard/identity.py): its script holds constants and a value
    checked to be 32 hexadecimal digits just before, never text from a user, a link or a record; and the projector
    view's style element (dashboard/projector.py) is a constant of that module."""
    root = ROOT
    sources = [
        root / "streamlit_app.py",
        *sorted((root / "pages").glob("*.py")),
        *sorted((root / "dashboard").glob("*.py")),
    ]
    assert len(sources) >= 12
    cookie = root / "dashboard" / "identity.py"
    text = cookie.read_text()
    assert text.count("st.html(") == 1 and "unsafe_allow_html" not in text
    assert text.index("if not (isinstance(value, str) and VALID.fullmatch(value)):") < text.index("st.html(")
    projector = root / "dashboard" / "projector.py"
    text = projector.read_text()
    tree = ast.parse(text)
    css = [n for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "CSS"]
    assert len(css) == 1 and isinstance(css[0].value, ast.Constant) and isinstance(css[0].value.value, str)
    assert text.count("st.html(") == 1 and "st.html(CSS)" in text and "unsafe_allow" not in text
    for path in sources:
        if path in (cookie, projector):
            continue
        text = path.read_text()
        assert "unsafe_allow_html" not in text and "st.html" not in text and "components.html" not in text, path


# The cookie's script under AppTest, in a `python -O` interpreter (asserts stripped): what each value it is given
# writes into the page, one line of JSON.
COOKIE_UNDER_O = """
import json, sys
from streamlit.testing.v1 import AppTest

def script():
    import streamlit as st
    from dashboard import identity, state
    identity.remember({state.IDENTITY: st.session_state["given"], state.IDENTITY_NEW: True})

written = {}
for value in sys.argv[1:]:
    at = AppTest.from_function(script)
    at.session_state["given"] = value
    at.run()
    if at.exception:
        raise SystemExit(str(at.exception))
    written[value] = [str(e.proto) for e in at.get("html")]
print(json.dumps({"optimized": sys.flags.optimize, "written": written}))
"""


def test_only_an_identity_of_our_form_reaches_the_cookie_script_even_under_python_O(tmp_path):
    """The identity is checked before it goes into the cookie's script with a check that `python -O` keeps: a
    value that is not 32 hexadecimal digits (one that would end the script's string) writes nothing at all."""
    good, hostile = "0123456789abcdef" * 2, "x'; alert(document.domain); '"
    check = tmp_path / "cookie_under_o.py"  # a file: AppTest reads the script function's source
    check.write_text(COOKIE_UNDER_O)
    out = subprocess.run(
        [sys.executable, "-O", str(check), good, hostile],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["optimized"] == 1
    (script,) = result["written"][good]
    assert f"har_browser={good};" in script
    assert result["written"][hostile] == [], result["written"][hostile]


def test_a_hostile_file_name_or_path_is_quoted_as_plain_text(app_env, data_root, monkeypatch):
    from streamlit.testing.v1 import AppTest

    at = open_app(AppTest.from_file(str(APP), default_timeout=120))
    upload(at, f"{HOSTILE[1]}{HOSTILE[2]}.npz", b"not a zip")
    type_path(at, f"{HOSTILE[0]}/../{HOSTILE[2]}")
    errors = [e.value for e in at.error]
    assert len(errors) == 2 and "not an .npz file" in errors[0] and "not allowed" in errors[1]
    for kind, text in markdown_texts(at):
        for bad in HOSTILE:
            assert bad not in text, f"{kind} renders user text {bad!r} as markdown: {text!r}"
    at.switch_page("pages/compare.py").run()
    monkeypatch.setattr(uploads, "RUN_MAX_MB", 1e-6)  # so the refusal quotes the file's name
    at.file_uploader(key=state.RUN_UPLOADER).set_value((f"{HOSTILE[1]}.json", b"{}", "application/json")).run()
    assert not at.exception and "more than the" in at.error[0].value
    for kind, text in markdown_texts(at):
        assert HOSTILE[1] not in text, f"{kind} renders user text as markdown: {text!r}"


def test_plain_escapes_what_markdown_and_html_act_on():
    assert plain("a **b** <i>c</i> [d](e) `f` $g$ :red[h]") == (
        r"a \*\*b\*\* \<i\>c\</i\> \[d\](e) \`f\` \$g\$ \:red\[h\]"
    )
    assert plain("two\nlines") == "two lines"  # no line of its own, so no heading or list
