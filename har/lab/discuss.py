"""The automatic discussion: a short paragraph (a list of Messages) argued from a run's or a study's numbers.

Before any verdict it checks what makes the usual sentences false: how the run ended (stopped, diverged), which
model diverged, a model that stays at chance level, a single epoch. Which sentence each model gets is decided in
`model_sentences`, `size_sentence` and `race_sentence`, from the thresholds below; the catalogs only word it."""

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
LOSS_EXPLODES = 1.0  # more than twice its minimum: the training is unstable, whatever the accuracies say
SAME_SIZE = 1.1  # parameter counts within 10% of each other count as the same size
CHANCE_MARGIN = 0.05  # a final test accuracy within 5 points of guessing (1 / classes) counts as chance level

OVERFIT = {
    "strong": "lab.discuss.overfit.strong",
    "some": "lab.discuss.overfit.some",
    "none": "lab.discuss.overfit.none",
}
UNLEARNED = {"diverged": "lab.discuss.no_race.diverged", "chance": "lab.discuss.no_race.chance"}


@dataclass
class Curves:
    """One model's curves (per epoch, from epoch 1) and its size: what the paragraph argues from."""

    params: int
    train_acc: list[float]
    test_acc: list[float]
    test_loss: list[float]
    n_classes: int = 0  # 0: unknown (no chance check)
    diverged: bool = False  # its loss blew up after these epochs: the run stopped there
    # train_acc measured as test_acc is, after each epoch in eval mode; False for records written before it was,
    # whose training figure is the running mean during the epoch (dropout on, weights moving)
    train_in_eval: bool = True

    @property
    def epochs(self) -> int:
        return len(self.test_acc)

    @property
    def best_epoch(self) -> int:
        return max(range(self.epochs), key=lambda i: (self.test_acc[i], -i)) + 1

    @property
    def chance(self) -> float | None:
        return 1.0 / self.n_classes if self.n_classes else None

    def outcome(self) -> str:
        """ "diverged", "chance" (it learned nothing that carries over to the test clips) or "learned"."""
        if self.diverged:
            return "diverged"
        if self.chance is not None and self.test_acc and self.test_acc[-1] < self.chance + CHANCE_MARGIN:
            return "chance"
        return "learned"


def diverged_model(record: RunRecord) -> str | None:
    """Which model of a diverged run blew up: Train trains the models in turns, one epoch each in the record's
    order, so it is the one with fewer epochs, or the first of those that have as many."""
    if record.status != "diverged" or not record.models:
        return None
    order = list(record.models)
    return min(order, key=lambda n: (len(record.models[n].history), order.index(n)))


def curves_from_record(record: RunRecord) -> dict[str, Curves]:
    classes, diverged = len(record.class_names), diverged_model(record)
    return {
        name: Curves(
            m.params,
            [h.train_acc for h in m.history],
            [h.test_acc for h in m.history],
            [math.inf if h.test_loss is None else h.test_loss for h in m.history],
            classes,
            name == diverged,
            all(h.train_in_eval for h in m.history),
        )
        for name, m in record.models.items()
        if m.history
    }


def overfit_level(gap: float) -> str:
    """How far training accuracy ends above test accuracy: "strong", "some" or "none"."""
    return "strong" if gap >= OVERFIT_STRONG else "some" if gap >= OVERFIT_SOME else "none"


def model_sentences(name: str, c: Curves) -> list[Message]:
    """Where the model ended; then, in this order, whether it diverged, stayed at chance, trained one epoch only;
    only a model that learned gets the optimistic peak and an overfitting verdict (from the final epoch)."""
    best, final, train = c.test_acc[c.best_epoch - 1], c.test_acc[-1], c.train_acc[-1]
    out = [Message("lab.discuss.model", Model=model_start(name), final=final, epochs=c.epochs)]
    outcome = c.outcome()
    if outcome == "diverged":
        return out + [Message("lab.discuss.diverged_model", epoch=c.epochs + 1)]
    if outcome == "chance":
        return out + [Message("lab.discuss.chance", chance=c.chance, classes=c.n_classes)]
    if best > final:
        out.append(Message("lab.discuss.peak", best=best, epoch=c.best_epoch, epochs=c.epochs))
    if c.epochs == 1:
        key = "lab.discuss.one_epoch_eval" if c.train_in_eval else "lab.discuss.one_epoch"
        return out + [Message(key, train=train, final=final)]
    out += _overfit_sentences(c, train, final)
    if not c.train_in_eval:  # an older record: its gap is understated, whatever the verdict says
        out.append(Message("lab.discuss.train_running"))
    return out


def _overfit_sentences(c: Curves, train: float, final: float) -> list[Message]:
    values = dict(gap=points(train - final), train=train, final=final)
    low = min(range(c.epochs), key=lambda i: c.test_loss[i])
    rise = c.test_loss[-1] / c.test_loss[low] - 1 if c.test_loss[low] > 0 else 0.0
    rising = dict(epoch=low + 1, rise=100 * rise)
    if low < c.epochs - 1 and rise > LOSS_EXPLODES:  # not overfitting: the loss runs away
        return [Message("lab.discuss.loss_explodes", **rising)]
    if train - final <= -OVERFIT_SOME:  # the test clips suit it better; a running mean (older records) lags more
        key = "lab.discuss.train_below_eval" if c.train_in_eval else "lab.discuss.train_below"
        return [Message(key, train=train, final=final)]
    level = overfit_level(train - final)
    if low < c.epochs - 1 and rise > LOSS_RISE:
        if level == "none":  # close accuracies, yet a rising loss: say both in one sentence
            return [Message("lab.discuss.overfit.loss_only", **values, **rising)]
        return [Message(OVERFIT[level], **values), Message("lab.discuss.loss_rises", **rising)]
    return [Message(OVERFIT[level], **values)]


def size_sentence(curves: dict[str, Curves]) -> Message:
    big, small = sorted(curves, key=lambda n: -curves[n].params)[:2]
    pb, ps = curves[big].params, curves[small].params
    if pb <= SAME_SIZE * ps:
        tie = points(curves[big].test_acc[-1] - curves[small].test_acc[-1]) == 0
        return Message("lab.discuss.params_equal_tie" if tie else "lab.discuss.params_equal", a=pb, b=ps)
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
    if points(a - b) == 0:  # level as shown: "+0.0 points ahead" would name a winner that is none
        return Message("lab.discuss.tie", acc=a) if a == b else Message("lab.discuss.tie_close", a=a, b=b)
    ahead, behind = ("rnn", "cnn") if a > b else ("cnn", "rnn")
    return Message(
        "lab.discuss.ahead",
        Ahead=model_start(ahead),
        behind=model(behind),
        gap=points(abs(a - b)),
        a=max(a, b),
        b=min(a, b),
    )


def unlearned(curves: dict[str, Curves]) -> list[tuple[str, str]]:
    """(name, outcome) of each model that diverged or stayed at chance: no race is argued with it."""
    return [(n, c.outcome()) for n, c in curves.items() if c.outcome() != "learned"]


def discuss(curves: dict[str, Curves], closing: list[Message], opening: list[Message] = ()) -> list[Message]:
    """Like the course notebook's conclusions: how the run ended (`opening`), each model's final accuracy (and
    its optimistic best epoch) and overfitting, then the size ratio and who ends ahead; `closing` says whether
    that is chance. With a model that diverged or stayed at chance there is no race: it says so instead."""
    parts = list(opening)
    for name in ("rnn", "cnn"):
        if name in curves:
            parts += model_sentences(name, curves[name])
    if not {"rnn", "cnn"} <= curves.keys():
        return parts + closing
    void = unlearned(curves)
    if void:
        return parts + [Message(UNLEARNED[outcome], Model=model_start(name)) for name, outcome in void[:1]]
    return parts + [size_sentence(curves), race_sentence(curves)] + closing


def run_opening(record: RunRecord) -> list[Message]:
    """How the run ended, when it did not finish: what follows describes unfinished training."""
    status = record.status
    planned = record.config.train.epochs
    done = record.epochs()
    if status == "diverged":
        name = diverged_model(record)
        epoch = len(record.models[name].history) + 1
        return [Message("lab.discuss.diverged", Model=model_start(name), epoch=epoch)]
    if status in ("stopped", "running") and done < planned:
        return [Message("lab.discuss.unfinished", epochs=done, planned=planned)]
    return []


DEMO_SPLIT_KEYS = {"random": "lab.discuss.demo.random", "group": "lab.discuss.demo.group"}


def data_notes(record: RunRecord) -> list[Message]:
    """On the demo the winner depends on the split (its groups share a background a model can learn): say so."""
    cfg = record.config
    if cfg.data != "demo" or cfg.split not in DEMO_SPLIT_KEYS:
        return []
    return [Message(DEMO_SPLIT_KEYS[cfg.split])]


def discuss_run(record: RunRecord) -> list[Message]:
    """The paragraph for one run record; McNemar's test judges the difference on its test clips."""
    curves = curves_from_record(record)
    opening = run_opening(record)
    if not curves:
        return opening + [Message("lab.discuss.empty")]
    m = run_mcnemar(record) if {"rnn", "cnn"} <= curves.keys() else None
    closing = [mcnemar_sentence(m)] if m is not None else []
    parts = discuss(curves, closing, opening)
    return parts + data_notes(record) if not unlearned(curves) else parts


def run_mcnemar(record: RunRecord) -> stats.McNemar | None:
    """McNemar's test of the RNN against the CNN on a run's test clips; None unless both predicted every clip."""
    models, n = record.models, len(record.test_labels)
    if not {"rnn", "cnn"} <= models.keys() or any(len(models[m].predictions) != n for m in ("rnn", "cnn")):
        return None
    return stats.mcnemar(record.test_labels, models["rnn"].predictions, models["cnn"].predictions)
