"""The automatic discussion: a short paragraph (a list of Messages) argued from a run's or a study's numbers.
Which sentence each model gets is decided in `model_sentences`, `size_sentence` and `race_sentence`, from the
thresholds below; the templates in har/text/lab.py only word it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from har import stats
from har.lab.words import mcnemar_sentence, model, model_start, points
from har.messages import Message
from har.runs import RunRecord

OVERFIT_STRONG = 0.10  # train minus test accuracy at the end
OVERFIT_SOME = 0.03
LOSS_RISE = 0.05  # a final test loss 5% above its minimum counts as rising
SAME_SIZE = 1.1  # parameter counts within 10% of each other count as the same size

OVERFIT = {
    "strong": "lab.discuss.overfit.strong",
    "some": "lab.discuss.overfit.some",
    "none": "lab.discuss.overfit.none",
}


@dataclass
class Curves:
    """One model's curves (per epoch, from epoch 1) and its size: what the paragraph argues from."""

    params: int
    train_acc: list[float]
    test_acc: list[float]
    test_loss: list[float]

    @property
    def epochs(self) -> int:
        return len(self.test_acc)

    @property
    def best_epoch(self) -> int:
        return max(range(self.epochs), key=lambda i: (self.test_acc[i], -i)) + 1


def curves_from_record(record: RunRecord) -> dict[str, Curves]:
    return {
        name: Curves(
            m.params,
            [h.train_acc for h in m.history],
            [h.test_acc for h in m.history],
            [math.inf if h.test_loss is None else h.test_loss for h in m.history],
        )
        for name, m in record.models.items()
        if m.history
    }


def overfit_level(gap: float) -> str:
    """How far training accuracy ends above test accuracy: "strong", "some" or "none"."""
    return "strong" if gap >= OVERFIT_STRONG else "some" if gap >= OVERFIT_SOME else "none"


def model_sentences(name: str, c: Curves) -> list[Message]:
    """Where the model ended, and, when its test accuracy peaked earlier, that the peak is optimistic: its
    epoch was picked on the test clips. Every judgement (overfitting, who is ahead) uses the final epoch."""
    best, final, train = c.test_acc[c.best_epoch - 1], c.test_acc[-1], c.train_acc[-1]
    out = [Message("lab.discuss.model", Model=model_start(name), final=final, epochs=c.epochs)]
    if best > final:
        out.append(Message("lab.discuss.peak", best=best, epoch=c.best_epoch, epochs=c.epochs))
    level = overfit_level(train - final)
    values = dict(gap=points(train - final), train=train, final=final)
    low = min(range(c.epochs), key=lambda i: c.test_loss[i])
    if low < c.epochs - 1 and c.test_loss[-1] > c.test_loss[low] * (1 + LOSS_RISE):
        rise = dict(epoch=low + 1, rise=100 * (c.test_loss[-1] / c.test_loss[low] - 1))
        if level == "none":  # close accuracies, yet a rising loss: say both in one sentence
            return out + [Message("lab.discuss.overfit.loss_only", **values, **rise)]
        return out + [Message(OVERFIT[level], **values), Message("lab.discuss.loss_rises", **rise)]
    return out + [Message(OVERFIT[level], **values)]


def size_sentence(curves: dict[str, Curves]) -> Message:
    big, small = sorted(curves, key=lambda n: -curves[n].params)[:2]
    pb, ps = curves[big].params, curves[small].params
    if pb <= SAME_SIZE * ps:
        return Message("lab.discuss.params_equal", a=pb, b=ps)
    return Message(
        "lab.discuss.params",
        Big=model_start(big),
        small=model(small),
        big_params=pb,
        small_params=ps,
        ratio=pb / max(ps, 1),
    )


def race_sentence(curves: dict[str, Curves]) -> Message:
    a, b = curves["rnn"].test_acc[-1], curves["cnn"].test_acc[-1]
    if a == b:
        return Message("lab.discuss.tie", acc=a)
    ahead, behind = ("rnn", "cnn") if a > b else ("cnn", "rnn")
    return Message(
        "lab.discuss.ahead",
        Ahead=model_start(ahead),
        behind=model(behind),
        gap=points(abs(a - b)),
        a=max(a, b),
        b=min(a, b),
    )


def discuss(curves: dict[str, Curves], closing: list[Message]) -> list[Message]:
    """Like the course notebook's conclusions: each model's final accuracy (and its optimistic best epoch) and
    overfitting, then the size ratio and who ends ahead; `closing` says whether that is chance."""
    parts = []
    for name in ("rnn", "cnn"):
        if name in curves:
            parts += model_sentences(name, curves[name])
    if {"rnn", "cnn"} <= curves.keys():
        parts += [size_sentence(curves), race_sentence(curves)]
    return parts + closing


def discuss_run(record: RunRecord) -> list[Message]:
    """The paragraph for one run record; McNemar's test judges the difference on its test clips."""
    curves = curves_from_record(record)
    if not curves:
        return [Message("lab.discuss.empty")]
    m = run_mcnemar(record) if {"rnn", "cnn"} <= curves.keys() else None
    closing = [mcnemar_sentence(m)] if m is not None else []
    return discuss(curves, closing)


def run_mcnemar(record: RunRecord) -> stats.McNemar | None:
    """McNemar's test of the RNN against the CNN on a run's test clips; None unless both predicted every clip."""
    models, n = record.models, len(record.test_labels)
    if not {"rnn", "cnn"} <= models.keys() or any(len(models[m].predictions) != n for m in ("rnn", "cnn")):
        return None
    return stats.mcnemar(record.test_labels, models["rnn"].predictions, models["cnn"].predictions)
