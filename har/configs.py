"""What a model and a training are, as frozen dataclasses free of torch: pages, shared links, run records
and presets read them without loading torch; har/models.py builds the networks, har/train.py trains them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from har.errors import check_choice

POOLINGS = ("last", "mean", "max")
DEVICES = ("auto", "cpu", "cuda")
NOTEBOOK_VARIANTS = ("cnn", "cnn2")


@dataclass(frozen=True)
class RNNConfig:
    """A GRU classifier. The defaults are the course notebook's RNN (891,147 parameters)."""

    hidden: int = 128  # GRU hidden units per direction
    layers: int = 1  # stacked GRU layers
    bidirectional: bool = True  # read the clip forwards and backwards
    dropout: float = 0.0  # between stacked GRU layers and before the classifier
    pooling: str = "mean"  # how the per-frame outputs become one vector: last / mean / max
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

    widths: tuple[int, ...] = (288,)  # output channels of each Conv1d layer
    kernel_size: int = 3  # frames each filter sees at once
    dropout: float = 0.0  # after each conv layer's ReLU
    pooling: str = "mean"  # how the per-frame outputs become one vector: last / mean / max
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
    head, has 660,289.
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

    epochs: int = 10  # passes over the training clips
    lr: float = 1e-3  # Adam's learning rate
    batch_size: int = 32  # clips per gradient step
    weight_decay: float = 0.0  # L2 penalty on the weights (Adam's weight_decay)
    seed: int = 0  # fixes the batch order and dropout masks (the initial weights take build_model's seed)
    device: str = "auto"  # "auto" takes CUDA when present, else the CPU

    def __post_init__(self):
        check_choice("device", self.device, DEVICES)
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch size must be at least 1")
        if not self.lr > 0:
            raise ValueError(f"learning rate must be positive, got {self.lr}")


@dataclass
class EpochRecord:
    """What one epoch produced. Accuracies are fractions in [0, 1]."""

    epoch: int  # 1-based
    train_loss: float  # mean over the epoch's batches, measured while training
    train_acc: float
    test_loss: float  # on the test clips after the epoch, in eval mode
    test_acc: float
    seconds: float  # wall time of the epoch, evaluation included
    test_pred: list[int] = field(default_factory=list, repr=False)

    def as_dict(self, *, with_pred: bool = False) -> dict:
        d = asdict(self)
        if not with_pred:
            d.pop("test_pred")
        return d
