"""Lab page: the exercise's questions answered with evidence (every study of har.lab.registry: seeds, size,
pooling, frame order, leakage), then the clips behind a confusion cell, a shareable link, and saved weights.
A study runs in a har.lab.job.StudyJob that this page only starts, polls and stops (dashboard/lab_study.py)."""

import streamlit as st

from dashboard import state
from dashboard.app import page_context
from dashboard.lab_results import saved_models, show_failures
from dashboard.lab_study import study_section
from dashboard.links import app_address, share_link
from dashboard.settings import model_configs, train_config
from har.i18n import translator
from har.lab.registry import studies
from har.share import SETUPS

STUDIES = studies()
SETUP_KEYS = {
    "course": "lab.setup.course",
    "course-cnn2": "lab.setup.course-cnn2",
    "matched": "lab.setup.matched",
    "small": "lab.setup.small",
}
OTHER = {"failures": "lab.page.failures.name", "share": "lab.page.share.name", "weights": "lab.page.weights.name"}
HEADINGS = {name: study.heading for name, study in STUDIES.items()} | OTHER

ss = st.session_state
ctx = page_context()
tr = translator(ctx.lang)


def share_section() -> None:
    st.caption(tr("lab.page.share.intro"))
    st.code(share_link(ss, ctx), language=None, wrap_lines=True)
    for name in SETUPS:
        st.markdown(f"**{name}** — {tr(SETUP_KEYS[name])}  \n`{app_address()}?preset={name}`")


st.title(tr("lab.page.title"))
st.caption(tr("lab.page.intro"))
first = next(iter(HEADINGS))
section = (
    st.segmented_control(
        tr("lab.page.question"),
        tuple(HEADINGS),
        key=state.LAB_STUDY,
        default=first,
        format_func=lambda s: tr(HEADINGS[s]),
    )
    or first
)
st.subheader(tr(HEADINGS[section]))
if section in STUDIES:
    study_section(ss, ctx, STUDIES[section], model_configs(ss), train_config(ss, ctx.device))
elif section == "failures":
    show_failures(ss, ctx)
elif section == "share":
    share_section()
else:
    saved_models(ss, ctx)
