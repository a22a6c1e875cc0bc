"""The names of the dashboard's session-state keys, their defaults and the widgets' limits.

Every key lives here; pages and the other dashboard modules use these constants, never a key of their own.
A setting's key is derived from its declaration (har/slots.py): its name, after its section's ("rnn_hidden").
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from har.configs import SetupConfig
from har.presets import PRESETS
from har.slots import Slot, read, slot, slots


def setting_key(s: Slot) -> str:
    """The key holding a setting's value: its name ("split_seed"), after its section's ("rnn_hidden")."""
    return s.name if s.section is None else f"{s.section}_{s.name}"


def count_key(s: Slot) -> str:
    """For a list setting (the CNN's widths): the key holding how many entries are in use."""
    return f"{setting_key(s)}_count"


def entry_keys(s: Slot) -> tuple[str, ...]:
    """For a list setting: the key of each entry its widget offers."""
    return tuple(f"{setting_key(s)}_{i}" for i in range(s.setting.widget.layers))


def in_entries(s: Slot) -> bool:
    """True for a list setting kept as one key per entry (see entry_keys)."""
    return s.setting.widget is not None and s.setting.widget.kind == "layers"


SETTINGS = tuple(s for s in slots() if not s.selector)  # every setting a session holds (a selector: its preset)

# Shared sidebar controls.
LANG = setting_key(slot("lang"))
SOURCE = setting_key(slot("data"))  # "demo" | "ucf11" | "upload"
SPLIT = setting_key(slot("split"))
SPLIT_SEED = setting_key(slot("split_seed"))
TEST_FRACTION = setting_key(slot("test_fraction"))
DEVICE = setting_key(slot("device", "train"))
CONTEXT = "context"  # the AppContext the entry script builds for the page on every run
FROM_ENTRY = "from_entry"  # set by the entry script just before it runs the page (see page_context)
REROUTED = "rerouted"  # a page run on its own has sent this session through the entry script once
PENDING_SOURCE = "pending_source"  # a source to select on the next run, before the sidebar is drawn
LINK_APPLIED = "link_applied"  # what applying a shared link's setup said, on the session's first run

# Data page.
UPLOADED = "uploaded_data"  # this session's Dataset from an uploaded .npz or a local path (never shared)
UPLOAD_ERROR = "upload_error"
LOCAL_PATH = "local_path"  # a path under HAR_DATA_ROOT, typed on the Data page
LOCAL_ERROR = "local_path_error"  # why that path was refused, shown until a path loads
NPZ_UPLOADER = "npz_uploader"
CLIP_CLASS = "clip_class"
CLIP_INDEX = "clip_index"
DOWNLOAD_NOTE = "download_note"  # the md5 of the archive just downloaded and checked
DOWNLOAD_JOB = "download_job"  # the server's dashboard.download_job.DownloadJob this session started or joined
DOWNLOAD_BUTTON = "download_ucf11"

# Models page: one key per setting (see SETTINGS), and the presets.
RNN_PRESET = "rnn_preset"
RNN_HIDDEN = setting_key(slot("hidden", "rnn"))
RNN_LAYERS = setting_key(slot("layers", "rnn"))
CNN_PRESET = "cnn_preset"
CNN_LAYERS = count_key(slot("widths", "cnn"))
CNN_WIDTHS = entry_keys(slot("widths", "cnn"))
MATCH_NOTE = "match_note"  # what the last "match size" click did, shown once

# Train page.
EPOCHS = setting_key(slot("epochs", "train"))
LR = setting_key(slot("lr", "train"))
JOB = "training_job"  # the session's current or last har.jobs.TrainingJob
LIVE_FIGURES = "live_figures"  # (content key or job id, epochs per model, lang, dark) and the Train page's figures
START_BUTTON = "start_training"
START_PROBLEM = "start_problem"  # why the last press of Train both started nothing, shown once
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
DOWNLOAD_EPOCHS = "download_epochs"  # the selected run's per-epoch history as CSV
DOWNLOAD_WEIGHTS = "download_weights"  # the selected run's trained models
RUN_WEIGHTS = "run_weights"  # run id -> its weights file (bytes), or why it has none ("unfinished", "dropped")

# Lab page.
LAB_STUDY = "lab_study"  # which question the page shows
LAB_JOBS = "lab_jobs"  # study name -> har.lab.job.StudyJob, the session's latest of each
LAB_RESTORED = "lab_restored"  # the data fingerprint the browser's kept studies were last looked up for
LAB_FAIL_RUN = "lab_fail_run"
LAB_FAIL_MODEL = "lab_fail_model"
LAB_FAIL_TRUE = "lab_fail_true"
LAB_FAIL_PRED = "lab_fail_pred"
LAB_FAIL_CLIP = "lab_fail_clip"
LAB_WEIGHTS_UPLOAD = "lab_weights_upload"
LAB_WEIGHTS_ON = "lab_weights_on"  # "test": the test clips saved with the weights; "split": the sidebar split's
LAB_WEIGHTS_OVERLAP = "lab_weights_overlap"  # score training clips too, labelled as not a test accuracy

# Class page (the shared board).
TRAINED_RUNS = "trained_runs"  # ids of the runs this session trained: only these can be published
BOARD_RUN = "board_run"
BOARD_NAME = "board_name"
BOARD_PUBLISH = "board_publish"
BOARD_MESSAGE = "board_message"  # ("success" | "error", its Message) of the last publish or lecturer action
BOARD_TIMES = "board_publish_times"  # when this session published, for its rate limit
BOARD_VIEW = "board_view"  # the board as last read, its figures, and the revision it was read at
BOARD_LECTURER = "board_lecturer"  # True once this session gave the server's lecturer key
BOARD_FAMILIES = "board_families"
BOARD_POOLINGS = "board_poolings"
BOARD_SPLITS = "board_splits"
BOARD_SETUPS = "board_setups"  # the comparisons (har.board.summary) the table is filtered to
BOARD_SEARCH = "board_search"
BOARD_SORT = "board_sort"
BOARD_EXPORT = "board_export"
BOARD_NEW_NAME = "board_new_name"
BOARD_NEW = "board_new"
BOARD_CLEAR_CONFIRM = "board_clear_confirm"
BOARD_CLEAR = "board_clear"

# The lecture: joining, the projector view, what the lecturer sends and asks.
JOIN_BUTTON = "join_button"  # the sidebar's Join: the setup's link as a QR code, in a dialog
JOIN_OPEN = "join_open"  # the key of the Join button whose dialog is open, until it is dismissed
PROJECTOR = "projector"  # True: the projector view (large charts and tiles, only what the class needs to see)
PROJECTOR_JOIN = "projector_join"  # the projector view's Join button
OFFER_SEEN = "offer_seen"  # id of the last setup sent that this session answered, or found already old
OFFER_LOADED = "offer_loaded"  # set by Load: the whole page reruns once, to show the settings it loaded
QUESTION_SEEN = "question_seen"  # id of the last question whose outcome this session dismissed
VOTE_WINNER = "vote_winner"
VOTE_MARGIN = "vote_margin"
LECTURE_MESSAGE = "lecture_message"  # what the lecturer's last action did, shown once
LECTURE_SEND = "lecture_send"
LECTURE_ASK = "lecture_ask"
LECTURE_REVEAL = "lecture_reveal"

# The run store (dashboard/keeping.py) and the browser's identity (dashboard/identity.py).
IDENTITY = "browser_identity"  # this browser's identity (its cookie's value); never shown, linked or recorded
IDENTITY_NEW = "browser_identity_new"  # True when this session made the identity: its cookie is still to be set
OWNER = "store_owner"  # the run store's name for this browser (a hash of IDENTITY)
RESTORED = "store_restored"  # the browser's runs have been read back from the store into this session
STORE_PROBLEM = "store_problem"  # why runs are not kept on this server (one sentence), when the store is unusable
COLLECTED_JOBS = "collected_jobs"  # ids of the trainings this session has filed (a shared one is filed by each)
JOB_RUNS = "job_runs"  # training job id -> this session's run id for it (a joiner's run has its own id)
JOB_NOTE = "job_note"  # (job id, Message): how the current run came about when it was not trained afresh
TRAINED_RECORDS = "trained_records"  # run id -> record of the runs this server trained for this session, when
# the store cannot keep them (uploads never go here: only these and the store's runs can be published)
UPLOADED_RUNS = "uploaded_runs"  # ids of run records uploaded for viewing
FRESH_BUTTON = "train_fresh"
FORGET_BUTTON = "forget_runs"
FORGET_NOTE = "forget_note"
SETUP_KEPT = "setup_kept"  # the setup as the store keeps it (dashboard/recall.py) when this session last read or
# wrote it; None when the store cannot keep it
SETUP_RESTORED = "setup_restored"  # True when this session opened on the settings of the browser's last visit
# Inside page (the clip inspector).
INSPECT_SOURCE = "inspect_source"  # a run id with trained models, or "upload"
INSPECT_UPLOADER = "inspect_uploader"  # a weights file (with its split) to inspect instead
INSPECT_CACHE = "inspect_cache"  # dashboard.inspect.Loaded: the models in use and what is worked out once for them
INSPECT_WAY = "inspect_way"  # how the clip is chosen: "class", "cell" or "list"
INSPECT_CLASS = "inspect_class"
INSPECT_CELL_MODEL = "inspect_cell_model"
INSPECT_CELL = "inspect_cell"  # "true:predicted"
INSPECT_LIST = "inspect_list"
INSPECT_CLIP = "inspect_clip"  # the chosen clip's key
INSPECT_EDITS = "inspect_edits"  # (clip index, [har.explain.edits.Edit]) made so far
INSPECT_FRAME = "inspect_frame"  # the frame (from 1) a drop, repeat, blank or swap acts on
INSPECT_OTHER = "inspect_other"  # the clip a swap takes its frame from
INSPECT_EDIT_BUTTON = "inspect_edit"  # + "_reverse", "_shuffle", ...
INSPECT_UNDO = "inspect_undo"
INSPECT_BARS = "inspect_bars"
INSPECT_HEATMAP = "inspect_heatmap"
INSPECT_VIEW = "inspect_view"  # "frames", "memory" or "map"
INSPECT_METHOD = "inspect_method"
INSPECT_BASELINE = "inspect_baseline"
INSPECT_ATTRIBUTION = "inspect_attribution"
INSPECT_AVERAGES = "inspect_averages"
INSPECT_PROFILES = "inspect_profiles"
INSPECT_DIRECTION = "inspect_direction"
INSPECT_MEMORY = "inspect_memory"  # + "_" + model name
INSPECT_PAIRS = "inspect_pairs"  # the map shows only the order pairs
INSPECT_MAP = "inspect_map"
REPLAY_EPOCH = "replay_epoch"  # Compare page: the epoch whose confusion matrices are shown

# The size solver stays inside the widgets' ranges.
HIDDEN_MAX = slot("hidden", "rnn").setting.widget.high
WIDTH_MAX = slot("widths", "cnn").setting.widget.high

RNN_PRESETS = ("custom",) + tuple(n for n, p in PRESETS.items() if p.config.family == "rnn")
CNN_PRESETS = ("custom",) + tuple(n for n, p in PRESETS.items() if p.config.family == "cnn")


def setting_defaults() -> dict[str, Any]:
    """Each shown setting's key and its default: SetupConfig's (whose models are the presets below)."""
    out = {}
    for s in SETTINGS:
        value = read(SetupConfig(), s)
        if in_entries(s):
            out[count_key(s)] = len(value)
            out.update({key: value[min(i, len(value) - 1)] for i, key in enumerate(entry_keys(s))})
        else:
            out[setting_key(s)] = value
    return out


DEFAULTS: dict[str, Any] = {
    **{k: v for k, v in setting_defaults().items() if k != LANG},  # chosen on the first run (links.initial_lang)
    RNN_PRESET: "notebook-rnn",
    CNN_PRESET: "matched-cnn",
    NORMALIZE: False,
}


def init(ss: MutableMapping) -> None:
    """Fill in every missing setting with its default."""
    for key, value in DEFAULTS.items():
        if key not in ss:
            ss[key] = value
    for key in (
        RUNS,
        LAB_JOBS,
        RUN_WEIGHTS,
        JOB_RUNS,
        TRAINED_RECORDS,
    ):  # fresh dicts per session, never a shared default
        if key not in ss:
            ss[key] = {}


def widget_key(key: str) -> str:
    """The key of the widget that edits the setting `key` (see dashboard.widgets.bind)."""
    return f"w_{key}"


def lab_key(study: str, name: str) -> str:
    """The key of a study's option or figure control on the Lab page: `lab_key("seeds", "seeds")`."""
    return f"lab_{study}_{name}"
