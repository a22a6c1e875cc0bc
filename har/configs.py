"""What a model, a training and a whole setup are, as frozen dataclasses free of torch: pages, shared links, run
records and presets read them without loading torch; har/models.py builds the networks, har/train.py trains them.

Each setting is declared once here (har.schema.setting): its link name, flag, label, help, bounds and widget.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import partial

from har.errors import check_choice
from har.i18n import languages
from har.schema import Choices, Setting, layers, number, radio, section, select, setting, slider, steps, toggle

POOLINGS = ("last", "mean", "max")
DEVICES = ("auto", "cpu", "cuda")
NOTEBOOK_VARIANTS = ("cnn", "cnn2")
SPLITS = ("random", "group")
DATA_SOURCES = ("demo", "ucf11")  # a link never names a path on the server
POOLING_LABELS = {"last": "models.pool.last", "mean": "models.pool.mean", "max": "models.pool.max"}


@dataclass(frozen=True)
class RNNConfig:
    """A GRU classifier. The defaults are the course notebook's RNN (891,147 parameters)."""

    hidden: int = setting(  # GRU hidden units per direction
        128, link="rh", flag="hidden", label="setting.rnn.hidden", help="setting.rnn.hidden.help",
        bounds=(1, 4096), widget=slider(1, 1024),
    )  # fmt: skip
    layers: int = setting(  # stacked GRU layers
        1, link="rl", flag="layers", label="setting.rnn.layers", help="setting.rnn.layers.help",
        bounds=(1, 8), widget=slider(1, 4),
    )  # fmt: skip
    bidirectional: bool = setting(  # read the clip forwards and backwards
        True, link="rb", flag="bidirectional", off_flag="unidirectional", label="setting.rnn.bidirectional",
        help="setting.rnn.bidirectional.help", widget=toggle(),
    )  # fmt: skip
    dropout: float = setting(  # between stacked GRU layers and before the classifier
        0.0, link="rd", flag="dropout", label="setting.rnn.dropout", help="setting.rnn.dropout.help",
        bounds=(0.0, 0.95), widget=slider(0.0, 0.8, 0.05),
    )  # fmt: skip
    pooling: str = setting(  # how the per-frame outputs become one vector: last / mean / max
        "mean", link="rp", flag="pooling", label="setting.rnn.pooling", help="setting.rnn.pooling.help",
        choices=POOLINGS, choice_labels=POOLING_LABELS, widget=radio(horizontal=True),
    )  # fmt: skip
    family: str = "rnn"

    def __post_init__(self):
        check_choice("pooling", self.pooling, POOLINGS)
        _check_positive(hidden=self.hidden, layers=self.layers)
        _check_dropout(self.dropout)


@dataclass(frozen=True)
class CNNConfig:
    """A temporal convolution classifier: Conv1d over frames with the features as channels.

    The default width (288) makes it about as large as the default RNN (890,251 vs 891,147).
    """

    widths: tuple[int, ...] = setting(  # output channels of each Conv1d layer
        (288,), link="cw", flag="widths", label="setting.cnn.widths", help="setting.cnn.widths.help",
        bounds=(1, 8192), count=(1, 8),
        widget=layers(4, 1, 2048, count_label="setting.cnn.layers", count_help="setting.cnn.layers.help",
                      entry_label="setting.cnn.width"),
    )  # fmt: skip
    kernel_size: int = setting(  # frames each filter sees at once
        3, link="ck", flag="kernel-size", label="setting.cnn.kernel_size", help="setting.cnn.kernel_size.help",
        bounds=(1, 9), widget=steps(1, 3, 5, 7, 9),
    )  # fmt: skip
    dropout: float = setting(  # after each conv layer's ReLU
        0.0, link="cd", flag="dropout", label="setting.cnn.dropout", help="setting.cnn.dropout.help",
        bounds=(0.0, 0.95), widget=slider(0.0, 0.8, 0.05),
    )  # fmt: skip
    pooling: str = setting(  # how the per-frame outputs become one vector: last / mean / max
        "mean", link="cp", flag="pooling", label="setting.cnn.pooling", help="setting.cnn.pooling.help",
        choices=POOLINGS, choice_labels=POOLING_LABELS, widget=radio(horizontal=True),
    )  # fmt: skip
    family: str = "cnn"

    def __post_init__(self):
        object.__setattr__(self, "widths", tuple(int(w) for w in self.widths))
        check_choice("pooling", self.pooling, POOLINGS)
        if not self.widths:
            raise ValueError("a CNN needs at least one conv layer width")
        _check_positive(kernel_size=self.kernel_size, **{f"width {i + 1}": w for i, w in enumerate(self.widths)})
        _check_dropout(self.dropout)


@dataclass(frozen=True)
class NotebookCNNConfig:
    """The course notebook's CNN, kept exactly as written.

    It convolves along the *feature* axis with the frames as input channels, so each filter
    mixes all frames at once and slides over DenseNet feature indices, which have no
    neighbourhood structure. `cnn` has 5,185 parameters; `cnn2`, its wider variant with an MLP
    head, has 660,289. It has no settings: a setup picks it whole (the link's `cnn=notebook-cnn`).
    """

    variant: str = "cnn"  # "cnn" or "cnn2"
    family: str = "cnn"

    def __post_init__(self):
        check_choice("notebook CNN variant", self.variant, NOTEBOOK_VARIANTS)


ModelConfig = RNNConfig | CNNConfig | NotebookCNNConfig


def _check_positive(**values):
    for name, value in values.items():
        if int(value) < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")


def _check_dropout(p: float):
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {p}")


@dataclass(frozen=True)
class TrainConfig:
    """How to train. Defaults are the course notebook's (Adam, lr 1e-3, batch 32, 10 epochs)."""

    epochs: int = setting(  # passes over the training clips
        10, link="ep", flag="epochs", label="setting.train.epochs", help="setting.train.epochs.help",
        bounds=(1, 500), widget=slider(1, 50),
    )  # fmt: skip
    lr: float = setting(  # Adam's learning rate
        1e-3, link="lr", flag="lr", label="setting.train.lr", help="setting.train.lr.help",
        bounds=(0.0, 10.0), above=True,
        widget=steps(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 1.0, 10.0, log=True),
    )  # fmt: skip
    batch_size: int = setting(  # clips per gradient step
        32, link="bs", flag="batch-size", label="setting.train.batch_size", help="setting.train.batch_size.help",
        bounds=(1, 4096), widget=steps(8, 16, 32, 64, 128, 256, log=True),
    )  # fmt: skip
    weight_decay: float = setting(  # L2 penalty on the weights (Adam's weight_decay)
        0.0, link="wd", flag="weight-decay", label="setting.train.weight_decay",
        help="setting.train.weight_decay.help", bounds=(0.0, 1.0), widget=steps(0.0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1),
    )  # fmt: skip
    seed: int = setting(  # the initial weights, the batch order and the dropout masks (not the split)
        0, link="seed", flag="seed", label="setting.train.seed", help="setting.train.seed.help",
        bounds=(0, 2**31 - 1), widget=number(0, 10_000),
    )  # fmt: skip
    device: str = setting(  # "auto" takes CUDA when present, else the CPU
        "auto", link="dev", flag="device", label="setting.train.device", help="setting.train.device.help",
        choices=DEVICES, widget=select(),
        choice_labels={"auto": "side.device.auto", "cpu": "side.device.cpu", "cuda": "side.device.cuda"},
    )  # fmt: skip

    def __post_init__(self):
        check_choice("device", self.device, DEVICES)
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch size must be at least 1")
        if not self.lr > 0:
            raise ValueError(f"learning rate must be positive, got {self.lr}")


CNN_KINDS = {  # what a setup's CNN can be: the temporal CNN with its settings, or one of the notebook's, fixed
    "temporal": CNNConfig,
    "notebook-cnn": partial(NotebookCNNConfig, "cnn"),
    "notebook-cnn2": partial(NotebookCNNConfig, "cnn2"),
}


@dataclass(frozen=True)
class SetupConfig:
    """Everything needed to reproduce a comparison: language, data, split, both models and the training.

    A share link, a command line (`har train`, `har lab`) and the dashboard's settings all describe one of these.
    """

    lang: str = setting(
        "en", link="lang", flag="lang", label="setting.lang", help="setting.lang.help",
        choices=Choices(languages), widget=select(),
    )  # fmt: skip
    data: str = setting(
        "demo", link="data", flag="data", label="setting.data", help="setting.data.help",
        choices=DATA_SOURCES, paths=True, widget=radio(),
        choice_labels={"demo": "side.source.demo", "ucf11": "side.source.ucf11", "upload": "side.source.upload"},
    )  # fmt: skip
    split: str = setting(
        "random", link="split", flag="split", label="setting.split", help="setting.split.help",
        choices=SPLITS, widget=radio(horizontal=True),
        choice_labels={"random": "side.split.random", "group": "side.split.group"},
    )  # fmt: skip
    split_seed: int = setting(
        0, link="ss", flag="split-seed", label="setting.split_seed", help="setting.split_seed.help",
        bounds=(0, 2**31 - 1), widget=number(0, 10_000),
    )  # fmt: skip
    test_fraction: float = setting(
        0.2, link="tf", flag="test-fraction", label="setting.test_fraction", help="setting.test_fraction.help",
        bounds=(0.05, 0.95), widget=slider(0.1, 0.5, 0.05),
    )  # fmt: skip
    rnn: ModelConfig = section(RNNConfig, prefix="rnn", label="setting.section.rnn")
    cnn: ModelConfig = section(
        CNNConfig, prefix="cnn", label="setting.section.cnn", kinds=CNN_KINDS,
        selector=Setting(
            link="cnn", flag="", label="setting.cnn.kind", help="setting.cnn.kind.help", choices=tuple(CNN_KINDS)
        ),
    )  # fmt: skip
    train: TrainConfig = section(TrainConfig, prefix="")

    def models(self) -> dict[str, ModelConfig]:
        return {"rnn": self.rnn, "cnn": self.cnn}


LabSetup = SetupConfig  # the name the lab and the share links have always used


@dataclass
class EpochRecord:
    """What one epoch produced. Accuracies are fractions in [0, 1]."""

    epoch: int  # 1-based
    train_loss: float  # on the training clips after the epoch, in eval mode, as the test clips are
    train_acc: float
    test_loss: float  # on the test clips after the epoch, in eval mode
    test_acc: float
    seconds: float  # wall time of the epoch, both evaluations included
    test_pred: list[int] = field(default_factory=list, repr=False)  # each test clip's predicted class
    test_prob: list[list[float]] = field(default_factory=list, repr=False)  # (clips, classes) softmax, rows sum to 1
    fit_loss: float | None = None  # the running mean over the epoch's batches, dropout on and weights moving
    fit_acc: float | None = None

    def as_dict(self, *, with_pred: bool = False) -> dict:
        d = asdict(self)
        if not with_pred:
            d.pop("test_pred")
            d.pop("test_prob")
        return d
