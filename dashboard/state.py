"""The dashboard's session-state keys, their defaults, and the model configs read from them.

This module owns every key name; pages use these constants and never invent keys of their own.
It works on any mutable mapping (`st.session_state` in the app, a dict in tests), so `har`
still never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from har.models import CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig
from har.presets import PRESETS

# Shared sidebar controls.
LANG = "lang"
SOURCE = "data_source"  # "demo" | "ucf11" | "upload"
SPLIT = "split_kind"
SPLIT_SEED = "split_seed"
DEVICE = "device"
CONTEXT = "context"  # the AppContext the entry script builds for the page on every run
FROM_ENTRY = "from_entry"  # set by the entry script just before it runs the page (see page_context)
PENDING_SOURCE = "pending_source"  # a source to select on the next run, before the sidebar is drawn

# Data page.
UPLOADED = "uploaded_data"  # this session's Dataset from an uploaded .npz or a local path (never shared)
UPLOAD_ERROR = "upload_error"
LOCAL_PATH = "local_path"  # a path under HAR_DATA_ROOT, typed on the Data page
LOCAL_ERROR = "local_path_error"  # why that path was refused, shown until a path loads
NPZ_UPLOADER = "npz_uploader"
CLIP_CLASS = "clip_class"
CLIP_INDEX = "clip_index"
DOWNLOAD_NOTE = "download_note"  # the md5 of the archive just downloaded and checked

# Models page: one key per widget.
RNN_PRESET = "rnn_preset"
RNN_POOLING = "rnn_pooling"
RNN_HIDDEN = "rnn_hidden"
RNN_LAYERS = "rnn_layers"
RNN_BIDIRECTIONAL = "rnn_bidirectional"
RNN_DROPOUT = "rnn_dropout"
CNN_PRESET = "cnn_preset"
CNN_POOLING = "cnn_pooling"
CNN_LAYERS = "cnn_layers"
CNN_KERNEL = "cnn_kernel"
CNN_DROPOUT = "cnn_dropout"
MATCH_NOTE = "match_note"  # what the last "match size" click did, shown once
MAX_CNN_LAYERS = 4
CNN_WIDTHS = tuple(f"cnn_width_{i}" for i in range(MAX_CNN_LAYERS))

# Train page.
EPOCHS = "train_epochs"
LR = "train_lr"
BATCH = "train_batch"
TRAIN_SEED = "train_seed"
JOB = "training_job"  # the session's current or last har.jobs.TrainingJob
LIVE_FIGURES = "live_figures"  # (job id, epochs per model, lang) and the Train page's figures for it
START_BUTTON = "start_training"
STOP_BUTTON = "stop_training"

# Compare page.
RUNS = "runs"  # run id -> run record, in the order they were added
SELECTED_RUN = "selected_run"
OVERLAY_RUNS = "overlay_runs"
NORMALIZE = "normalize_confusion"
RUN_UPLOADER = "run_uploader"
RUN_UPLOAD_ERROR = "run_upload_error"
OVERLAY_METRIC = "overlay_metric"
DOWNLOAD_RUN = "download_run"
DOWNLOAD_HISTORY = "download_history"

# Lab page.
LAB_STUDY = "lab_study"  # which question the page shows
LAB_JOBS = "lab_jobs"  # study name -> har.lab.job.StudyJob, the session's latest of each
LAB_SEEDS = "lab_seeds"  # k for the seeds study
LAB_SIZES = "lab_sizes"  # RNN hidden sizes for the sweep
LAB_CURVE = "lab_curve"  # which curve the seeds chart shows
LAB_ORDER_VIEW = "lab_order_view"  # shuffled or reversed, for the per-class chart
LAB_FAIL_RUN = "lab_fail_run"
LAB_FAIL_MODEL = "lab_fail_model"
LAB_FAIL_TRUE = "lab_fail_true"
LAB_FAIL_PRED = "lab_fail_pred"
LAB_FAIL_CLIP = "lab_fail_clip"
LAB_WEIGHTS_UPLOAD = "lab_weights_upload"

# Limits and choices of the widgets; the size solver and shared links stay inside them.
HIDDEN_MAX = 1024
WIDTH_MAX = 2048
RNN_LAYERS_MAX = 4
KERNELS = (1, 3, 5, 7, 9)
EPOCHS_MAX = 50
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 1.0, 10.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
LINK_APPLIED = "link_applied"  # a shared link's setup is applied once, on the session's first run

RNN_PRESETS = ("custom",) + tuple(n for n, p in PRESETS.items() if p.config.family == "rnn")
CNN_PRESETS = ("custom",) + tuple(n for n, p in PRESETS.items() if p.config.family == "cnn")

_DEFAULT_CNN = PRESETS["matched-cnn"].config
DEFAULTS: dict[str, Any] = {
    SOURCE: "demo",
    SPLIT: "random",
    SPLIT_SEED: 0,
    DEVICE: "auto",
    RNN_PRESET: "notebook-rnn",
    RNN_POOLING: RNNConfig.pooling,
    RNN_HIDDEN: RNNConfig.hidden,
    RNN_LAYERS: RNNConfig.layers,
    RNN_BIDIRECTIONAL: RNNConfig.bidirectional,
    RNN_DROPOUT: RNNConfig.dropout,
    CNN_PRESET: "matched-cnn",
    CNN_POOLING: _DEFAULT_CNN.pooling,
    CNN_LAYERS: len(_DEFAULT_CNN.widths),
    CNN_KERNEL: _DEFAULT_CNN.kernel_size,
    CNN_DROPOUT: _DEFAULT_CNN.dropout,
    **{key: _DEFAULT_CNN.widths[0] for key in CNN_WIDTHS},
    EPOCHS: 10,
    LR: 1e-3,
    BATCH: 32,
    TRAIN_SEED: 0,
    NORMALIZE: False,
}


@dataclass(frozen=True)
class AppContext:
    """What the sidebar decided for this run; the entry script builds it, pages read it."""

    lang: str
    data: Any  # har.data.Dataset, shared read-only across sessions
    source: str  # "demo" | "ucf11" | "upload"
    split: Any  # har.data.Split
    split_seed: int
    device: str

    @property
    def shape(self) -> dict[str, int]:
        """The keyword arguments count_params and build_model need for this data set."""
        return self.data.shape


def init(ss: MutableMapping) -> None:
    """Fill in every missing setting with its default."""
    for key, value in DEFAULTS.items():
        if key not in ss:
            ss[key] = value
    for key in (RUNS, LAB_JOBS):  # fresh dicts per session, never a shared default
        if key not in ss:
            ss[key] = {}


def widget_key(key: str) -> str:
    """The key of the widget that edits the setting `key` (see `bind`)."""
    return f"w_{key}"


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


def rnn_config(ss: MutableMapping) -> RNNConfig:
    return RNNConfig(
        hidden=int(ss[RNN_HIDDEN]),
        layers=int(ss[RNN_LAYERS]),
        bidirectional=bool(ss[RNN_BIDIRECTIONAL]),
        dropout=float(ss[RNN_DROPOUT]),
        pooling=ss[RNN_POOLING],
    )


def cnn_is_fixed(ss: MutableMapping) -> bool:
    """True while a notebook CNN preset is chosen: that model has no knobs."""
    preset = PRESETS.get(ss[CNN_PRESET])
    return preset is not None and isinstance(preset.config, NotebookCNNConfig)


def cnn_config(ss: MutableMapping) -> ModelConfig:
    if cnn_is_fixed(ss):
        return PRESETS[ss[CNN_PRESET]].config
    n = int(ss[CNN_LAYERS])
    return CNNConfig(
        widths=tuple(int(ss[k]) for k in CNN_WIDTHS[:n]),
        kernel_size=int(ss[CNN_KERNEL]),
        dropout=float(ss[CNN_DROPOUT]),
        pooling=ss[CNN_POOLING],
    )


def model_configs(ss: MutableMapping) -> dict[str, ModelConfig]:
    return {"rnn": rnn_config(ss), "cnn": cnn_config(ss)}


def set_rnn(ss: MutableMapping, config: RNNConfig) -> None:
    """Write `config` into the RNN widgets' keys (call before the widgets are drawn)."""
    ss[RNN_HIDDEN] = min(config.hidden, HIDDEN_MAX)
    ss[RNN_LAYERS] = config.layers
    ss[RNN_BIDIRECTIONAL] = config.bidirectional
    ss[RNN_DROPOUT] = config.dropout
    ss[RNN_POOLING] = config.pooling


def set_cnn(ss: MutableMapping, config: CNNConfig) -> None:
    """Write `config` into the CNN widgets' keys; layers beyond its depth keep their last width."""
    ss[CNN_LAYERS] = len(config.widths)
    for i, key in enumerate(CNN_WIDTHS):
        ss[key] = min(config.widths[min(i, len(config.widths) - 1)], WIDTH_MAX)
    ss[CNN_KERNEL] = config.kernel_size
    ss[CNN_DROPOUT] = config.dropout
    ss[CNN_POOLING] = config.pooling


def apply_preset(ss: MutableMapping, family: str) -> None:
    """Copy the chosen preset of `family` ("rnn" or "cnn") into its widgets; "custom" changes nothing."""
    name = ss[RNN_PRESET if family == "rnn" else CNN_PRESET]
    config = PRESETS[name].config if name in PRESETS else None
    if isinstance(config, RNNConfig):
        set_rnn(ss, config)
    elif isinstance(config, CNNConfig):
        set_cnn(ss, config)


def collect_job(ss: MutableMapping) -> dict | None:
    """Move the session's finished training into its run history, once; return the record added.

    Runs that ended without a single epoch (stopped while queued, failed at start) are not kept,
    except a diverged one: which model blew up, and in which epoch, is a result worth keeping.
    """
    job = ss.get(JOB)
    if job is None or not job.done or job.collected:
        return None
    job.collected = True
    record = job.snapshot()
    if not any(m["history"] for m in record["models"].values()) and record["status"] != "diverged":
        return None
    ss[RUNS][record["id"]] = record
    ss[SELECTED_RUN] = record["id"]
    return record


def add_run(ss: MutableMapping, record: dict) -> None:
    """Add an uploaded run record to the history and select it (a record with the same id is replaced)."""
    ss[RUNS][record["id"]] = record
    ss[SELECTED_RUN] = record["id"]


def _nearest(options, value, *, log: bool = False):
    import math

    key = (lambda o: abs(math.log(o) - math.log(value))) if log else (lambda o: abs(o - value))
    return min(options, key=key)


def _preset_named(config, family: str) -> str:
    """The preset of `family` whose config is exactly `config`, else "custom"."""
    return next((n for n, p in PRESETS.items() if p.config.family == family and p.config == config), "custom")


def apply_setup(ss: MutableMapping, setup) -> list[str]:
    """Write a shared link's setup (har.lab.share.LabSetup) into the settings, before any widget.

    Values the widgets cannot show are moved to the nearest one they can; each such move is
    returned as a (setting, asked, given) triple so the page can say so.
    """
    moved = []

    def put(key, asked, given):
        ss[key] = given
        if given != asked:
            moved.append((key, asked, given))

    ss[LANG] = setup.lang
    ss[SOURCE] = setup.data
    ss[SPLIT] = setup.split
    ss[SPLIT_SEED] = setup.split_seed
    ss[DEVICE] = setup.train.device
    rnn = setup.rnn
    set_rnn(ss, rnn)
    put(RNN_HIDDEN, rnn.hidden, min(rnn.hidden, HIDDEN_MAX))
    put(RNN_LAYERS, rnn.layers, min(rnn.layers, RNN_LAYERS_MAX))
    ss[RNN_PRESET] = _preset_named(rnn, "rnn")
    cnn = setup.cnn
    if isinstance(cnn, CNNConfig):
        set_cnn(
            ss,
            CNNConfig(
                widths=cnn.widths[:MAX_CNN_LAYERS],
                kernel_size=cnn.kernel_size,
                dropout=cnn.dropout,
                pooling=cnn.pooling,
            ),
        )
        put(CNN_LAYERS, len(cnn.widths), min(len(cnn.widths), MAX_CNN_LAYERS))
        put(CNN_KERNEL, cnn.kernel_size, _nearest(KERNELS, cnn.kernel_size))
    ss[CNN_PRESET] = _preset_named(cnn, "cnn")
    train = setup.train
    put(EPOCHS, train.epochs, min(max(train.epochs, 1), EPOCHS_MAX))
    put(LR, train.lr, _nearest(LEARNING_RATES, train.lr, log=True))
    put(BATCH, train.batch_size, _nearest(BATCH_SIZES, train.batch_size, log=True))
    ss[TRAIN_SEED] = train.seed
    return moved


def current_setup(ss: MutableMapping, ctx: AppContext):
    """The session's whole configuration as a har.lab.share.LabSetup, for a shareable link."""
    from har.lab.share import DATA_SOURCES, LabSetup
    from har.train import TrainConfig

    train = TrainConfig(
        epochs=int(ss[EPOCHS]), lr=float(ss[LR]), batch_size=int(ss[BATCH]), seed=int(ss[TRAIN_SEED]), device=ctx.device
    )
    models = model_configs(ss)
    return LabSetup(
        data=ctx.source if ctx.source in DATA_SOURCES else "demo",
        split=ctx.split.kind,
        split_seed=ctx.split_seed,
        rnn=models["rnn"],
        cnn=models["cnn"],
        train=train,
        lang=ctx.lang,
    )
