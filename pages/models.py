"""Models page: the RNN and the CNN side by side, live parameter counts, the size solver, presets."""

from functools import partial

import streamlit as st

from dashboard import state, widgets
from dashboard.app import page_context
from dashboard.settings import apply_preset, cnn_config, cnn_is_fixed, match_family, rnn_config
from dashboard.widgets import draw
from har.i18n import number, translator
from har.params import count_params, match_outcome, miss, summarize
from har.presets import PRESETS
from har.slots import section_slots

ss = st.session_state
ctx = page_context()
tr = translator(ctx.lang)
bind = partial(widgets.bind, ss)
PRESET_KEYS = {
    "custom": "preset.custom",
    "notebook-rnn": "preset.notebook-rnn",
    "small-rnn": "preset.small-rnn",
    "notebook-cnn": "preset.notebook-cnn",
    "notebook-cnn2": "preset.notebook-cnn2",
    "matched-cnn": "preset.matched-cnn",
    "small-cnn": "preset.small-cnn",
}
ABOUT_KEYS = {
    "notebook-rnn": "preset.notebook-rnn.about",
    "small-rnn": "preset.small-rnn.about",
    "notebook-cnn": "preset.notebook-cnn.about",
    "notebook-cnn2": "preset.notebook-cnn2.about",
    "matched-cnn": "preset.matched-cnn.about",
    "small-cnn": "preset.small-cnn.about",
}
POOL_KEYS = {"last": "models.pool.last", "mean": "models.pool.mean", "max": "models.pool.max"}
POOLING_HELP_KEYS = {"rnn": "models.rnn_pooling_help", "cnn": "models.cnn_pooling_help"}
MATCH_KEYS = {
    "rnn": ("models.match_rnn", "models.match_rnn_help"),
    "cnn": ("models.match_cnn", "models.match_cnn_help"),
}
MISS_KEYS = {"limit": "models.match_miss.limit", "floor": "models.match_miss.floor", "step": "models.match_miss.step"}
MATCH_LIMITS = {"rnn": state.HIDDEN_MAX, "cnn": state.WIDTH_MAX}  # the largest size each solver may choose


@st.cache_data(max_entries=32, show_spinner=False)
def layer_table(config, shape: tuple[int, int, int]) -> str:
    return summarize(config, n_frames=shape[0], n_features=shape[1], n_classes=shape[2])


def mark_custom(family: str):
    ss[state.RNN_PRESET if family == "rnn" else state.CNN_PRESET] = "custom"


def match(family: str):
    """Resize `family` to the other model's size (a button callback: runs before the widgets)."""
    ss[state.MATCH_NOTE] = (family, match_family(ss, family, ctx.shape))


def preset_picker(family: str, key: str, options: tuple[str, ...]):
    bind(
        st.selectbox,
        tr("models.preset"),
        key,
        options,
        on_change=partial(apply_preset, ss, family),
        format_func=lambda p: tr(PRESET_KEYS[p]),
        help=tr("models.preset_help"),
    )
    if ss[key] != "custom":
        st.caption(tr(ABOUT_KEYS[ss[key]]))


st.title(tr("models.title"))
st.caption(tr("models.intro"))

rnn, cnn = rnn_config(ss), cnn_config(ss)
n_rnn, n_cnn = count_params(rnn, **ctx.shape), count_params(cnn, **ctx.shape)
m = st.columns(4)
m[0].metric(tr("models.rnn_params"), number(n_rnn, ctx.lang, ","), help=tr("models.params_help"))
m[1].metric(tr("models.cnn_params"), number(n_cnn, ctx.lang, ","), help=tr("models.params_help"))
m[2].metric(tr("models.ratio"), number(n_rnn / n_cnn, ctx.lang, ".2f") + "×", help=tr("models.ratio_help"))
m[3].metric(tr("models.difference"), number(n_rnn - n_cnn, ctx.lang, "+,"), help=tr("models.difference_help"))

b = st.columns(2)
for col, family in zip(b, ("cnn", "rnn"), strict=True):
    label, label_help = MATCH_KEYS[family]
    col.button(
        tr(label),
        on_click=match,
        args=(family,),
        disabled=family == "cnn" and cnn_is_fixed(ss),
        help=tr(label_help),
        icon=":material/straighten:",
        width="stretch",
    )
if state.MATCH_NOTE in ss:
    family, target = ss.pop(state.MATCH_NOTE)
    got = n_rnn if family == "rnn" else n_cnn
    outcome = match_outcome(rnn if family == "rnn" else cnn, target, limit=MATCH_LIMITS[family], **ctx.shape)
    said = tr("models.matched", model=family.upper(), got=got, target=target, diff=got - target)
    if outcome == "close":
        st.success(said)
    else:  # the solver did its best, and it is not a match: say why
        st.warning(said + " " + tr(MISS_KEYS[outcome], model=family.upper(), miss=miss(got, target)))

left, right = st.columns(2, gap="large")
with left:
    st.subheader(tr("models.rnn_header"))
    st.caption(tr("models.rnn_about"))
    preset_picker("rnn", state.RNN_PRESET, state.RNN_PRESETS)
    for setting in section_slots("rnn"):  # each drawn from its declaration, in declaration order
        draw(ss, setting, tr, on_change=partial(mark_custom, "rnn"))

with right:
    st.subheader(tr("models.cnn_header"))
    st.caption(tr("models.cnn_about"))
    preset_picker("cnn", state.CNN_PRESET, state.CNN_PRESETS)
    fixed = cnn_is_fixed(ss)
    if fixed:
        st.info(tr("models.notebook_cnn_note"), icon=":material/school:")
    for setting in section_slots("cnn"):
        draw(ss, setting, tr, on_change=partial(mark_custom, "cnn"), disabled=fixed)

shape = (ctx.data.t, ctx.data.f, ctx.data.n_classes)
for col, config, name in ((left, rnn, "RNN"), (right, cnn, "CNN")):
    with col.expander(tr("models.summary", model=name)):
        st.code(layer_table(config, shape), language=None)

st.divider()
st.subheader(tr("models.presets_header"))
st.caption(tr("models.presets_intro"))
st.markdown(
    "\n".join(
        f"- **{tr(PRESET_KEYS[name])}** · {number(count_params(p.config, **ctx.shape), ctx.lang, ',')} "
        f"{tr('models.parameters')} — {tr(ABOUT_KEYS[name])}"
        for name, p in PRESETS.items()
    )
)
