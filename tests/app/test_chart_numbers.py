"""Charts write numbers as the sentences around them do: Spanish tick labels and hovers use a decimal comma and
a point between thousands (CLDR), English keeps plotly's own marks; a figure shared by both is not changed."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest
from support.paths import ROOT

from dashboard import state
from dashboard.charts import separators


def charts_of(lang: str) -> list[dict]:
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.LANG] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.mark.parametrize(("lang", "marks"), [("es", ",."), ("en", None)])
def test_every_chart_uses_the_languages_decimal_and_thousands_marks(app_env, lang, marks):
    figures = charts_of(lang)
    assert figures
    assert {f["layout"].get("separators") for f in figures} == {marks}


def test_the_marks_come_from_the_locale_and_a_shared_figure_is_left_alone():
    assert (separators("es"), separators("en")) == (",.", ".,")
    fig = go.Figure(go.Bar(x=[1], y=[891147]))
    from dashboard import charts

    drawn = []

    class Where:
        def plotly_chart(self, f, **kw):
            drawn.append(f)

    import streamlit as st

    st.session_state[state.LANG] = "es"
    charts.chart(fig, "k", where=Where())
    assert drawn[0].layout.separators == ",." and fig.layout.separators is None
