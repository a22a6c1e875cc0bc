"""Data page: what is loaded, clips per class, one clip up close, UCF11 download, your own .npz or local path."""

import numpy as np
import streamlit as st

from dashboard import state, uploads
from dashboard.app import page_context
from dashboard.charts import chart, dark_page
from dashboard.download import download_section
from dashboard.markup import plain
from har import plots
from har.data import load_dataset
from har.errors import HarError
from har.i18n import number, render, translator
from har.paths import data_root, resolve_user_path

ss = st.session_state
ctx = page_context()
tr, data, dark = translator(ctx.lang), ctx.data, dark_page()


def use_own_data(load, error_key: str):
    """Make what `load()` returns this session's own data; on a refusal keep whatever was loaded."""
    try:
        ss[state.UPLOADED] = load()
    except HarError as e:
        ss[error_key] = e.sentence
        return
    ss.pop(error_key, None)
    ss[state.SOURCE] = "upload"


def on_npz_upload():
    """Parse a new upload before the page is drawn, so the sidebar can switch to it at once."""
    file = ss[state.NPZ_UPLOADER]
    if file is not None:
        use_own_data(lambda: uploads.dataset_from_upload(file.name, file.size, file.getvalue), state.UPLOAD_ERROR)


def on_local_path():
    """Load a typed path under HAR_DATA_ROOT as this session's own data, the way an upload is."""
    use_own_data(lambda: load_dataset(str(resolve_user_path(ss[state.LOCAL_PATH], data_root()))), state.LOCAL_ERROR)


st.title(tr("data.title"))
st.text(data.name)
if data.synthetic:
    st.warning(tr("data.synthetic"), icon=":material/warning:")
else:
    st.success(tr("data.real"), icon=":material/check_circle:")
for note in data.notes:
    st.info(tr("data.note", note=note))

counts = (  # (label, its help, the number)
    ("data.clips", "data.clips_help", data.n),
    ("data.frames", "data.frames_help", data.t),
    ("data.features", "data.features_help", data.f),
    ("data.classes", "data.classes_help", data.n_classes),
    ("data.groups", "data.groups_help", data.n_groups),
)
for col, (label, label_help, value) in zip(st.columns(len(counts)), counts, strict=True):
    col.metric(tr(label), number(value, ctx.lang, ","), help=tr(label_help))

chart(plots.class_counts(data, ctx.lang, dark=dark), "class_counts")

st.header(tr("data.clip_header"))
st.caption(tr("data.clip_intro"))
left, right = st.columns(2)
cls = left.selectbox(
    tr("data.clip_class"),
    range(data.n_classes),
    format_func=lambda c: data.class_names[c],
    key=state.CLIP_CLASS,
    help=tr("data.clip_class_help"),
)
members = np.flatnonzero(data.y == cls)
if ss.get(state.CLIP_INDEX, 0) >= max(1, len(members)):
    ss[state.CLIP_INDEX] = 0
i = right.number_input(
    tr("data.clip_index"), 0, max(0, len(members) - 1), step=1, key=state.CLIP_INDEX, help=tr("data.clip_index_help")
)
if len(members):
    clip_id = int(members[int(i)])
    st.text(tr("data.clip_key", name=data.keys[clip_id]))
    left, right = st.columns(2)
    chart(plots.clip_heatmap(data.X[clip_id], ctx.lang, dark=dark), "clip_heatmap", left)
    chart(plots.features_over_time(data.X[clip_id], ctx.lang, dark=dark), "clip_lines", right)
else:
    st.info(tr("data.class_empty"))

st.header(tr("data.ucf11_header"))
st.caption(tr("data.ucf11_intro"))
download_section(ss, ctx.lang)

st.header(tr("data.upload_header"))
st.caption(tr("data.upload_intro"))
st.file_uploader(
    tr("data.upload"),
    type=["npz"],
    key=state.NPZ_UPLOADER,
    on_change=on_npz_upload,
    help=tr("data.upload_help", mb=uploads.NPZ_MAX_MB),
)
if state.UPLOAD_ERROR in ss:
    st.error(tr("data.upload_rejected", msg=plain(render(ss[state.UPLOAD_ERROR], ctx.lang))), icon=":material/error:")
elif ctx.source == "upload":
    st.success(tr("data.upload_ok"), icon=":material/check_circle:")
if data_root() is not None:  # local paths are off unless the server names a folder for them
    st.text_input(
        tr("data.local_path"),
        key=state.LOCAL_PATH,
        on_change=on_local_path,
        help=tr("data.local_path_help", root=data_root()),
    )
    if state.LOCAL_ERROR in ss:
        st.error(
            tr("data.local_rejected", msg=plain(render(ss[state.LOCAL_ERROR], ctx.lang))),
            icon=":material/error:",
        )
