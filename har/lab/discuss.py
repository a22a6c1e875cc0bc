"""The automatic discussion: a short paragraph argued from a run's or a seeds study's numbers."""

from __future__ import annotations

from dataclasses import dataclass

from har import stats
from har.i18n import t
from har.lab.seeds import SeedsResult, seeds_verdict
from har.lab.words import cap, count, mcnemar_sentence, model_name, pct, points

OVERFIT_STRONG = 0.10  # train minus test accuracy at the end
OVERFIT_SOME = 0.03
LOSS_RISE = 0.05  # a final test loss 5% above its minimum counts as rising


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


def curves_from_record(record: dict) -> dict[str, Curves]:
    return {
        name: Curves(
            int(m["params"]),
            [h["train_acc"] for h in m["history"]],
            [h["test_acc"] for h in m["history"]],
            [h["test_loss"] for h in m["history"]],
        )
        for name, m in record["models"].items()
        if m["history"]
    }


def curves_from_seeds(result: SeedsResult) -> dict[str, Curves]:
    """Mean curves over seeds."""
    return {
        name: Curves(result.params[name], c["train_acc"].mean, c["test_acc"].mean, c["test_loss"].mean)
        for name, c in result.curves.items()
    }


def model_sentences(name: str, c: Curves, lang: str) -> list[str]:
    """Where the model ended, and, when its test accuracy peaked earlier, that the peak is optimistic: its
    epoch was picked on the test clips. Every judgement (overfitting, who is ahead) uses the final epoch."""
    best, final, train = c.test_acc[c.best_epoch - 1], c.test_acc[-1], c.train_acc[-1]
    out = [t("lab.discuss.model", lang, Model=cap(model_name(name, lang)), final=pct(final), epochs=c.epochs)]
    if best > final:
        out.append(t("lab.discuss.peak", lang, best=pct(best), epoch=c.best_epoch, epochs=c.epochs))
    gap = train - final
    level = "strong" if gap >= OVERFIT_STRONG else "some" if gap >= OVERFIT_SOME else "none"
    values = dict(gap=points(gap).lstrip("+"), train=pct(train), final=pct(final))
    low = min(range(c.epochs), key=lambda i: c.test_loss[i])
    if low < c.epochs - 1 and c.test_loss[-1] > c.test_loss[low] * (1 + LOSS_RISE):
        values.update(epoch=low + 1, rise=f"{100 * (c.test_loss[-1] / c.test_loss[low] - 1):.0f}")
        if level == "none":  # close accuracies, yet a rising loss: say both in one sentence
            return out + [t("lab.discuss.overfit.loss_only", lang, **values)]
        return out + [t(f"lab.discuss.overfit.{level}", lang, **values), t("lab.discuss.loss_rises", lang, **values)]
    return out + [t(f"lab.discuss.overfit.{level}", lang, **values)]


def size_sentence(curves: dict[str, Curves], lang: str) -> str:
    big, small = sorted(curves, key=lambda n: -curves[n].params)[:2]
    pb, ps = curves[big].params, curves[small].params
    if pb <= 1.1 * ps:
        return t("lab.discuss.params_equal", lang, a=count(pb, lang), b=count(ps, lang))
    v = dict(
        Big=cap(model_name(big, lang)),
        small=model_name(small, lang),
        big_params=count(pb, lang),
        small_params=count(ps, lang),
    )
    return t("lab.discuss.params", lang, ratio=f"{pb / max(ps, 1):.1f}", **v)


def race_sentence(curves: dict[str, Curves], lang: str) -> str:
    a, b = curves["rnn"].test_acc[-1], curves["cnn"].test_acc[-1]
    if a == b:
        return t("lab.discuss.tie", lang, acc=pct(a))
    ahead, behind = ("rnn", "cnn") if a > b else ("cnn", "rnn")
    return t(
        "lab.discuss.ahead",
        lang,
        Ahead=cap(model_name(ahead, lang)),
        behind=model_name(behind, lang),
        gap=points(abs(a - b)).lstrip("+"),
        a=pct(max(a, b)),
        b=pct(min(a, b)),
    )


def discuss(curves: dict[str, Curves], lang: str, closing: list[str]) -> str:
    """Like the course notebook's conclusions: each model's final accuracy (and its optimistic best epoch) and
    overfitting, then the size ratio and who ends ahead; `closing` says whether that is chance."""
    parts = []
    for name in ("rnn", "cnn"):
        if name in curves:
            parts += model_sentences(name, curves[name], lang)
    if {"rnn", "cnn"} <= curves.keys():
        parts += [size_sentence(curves, lang), race_sentence(curves, lang)]
    return " ".join(parts + closing)


def discuss_run(record: dict, lang: str = "en") -> str:
    """The paragraph for one run record; McNemar's test judges the difference on its test clips."""
    curves = curves_from_record(record)
    if not curves:
        return t("lab.discuss.empty", lang)
    m = run_mcnemar(record) if {"rnn", "cnn"} <= curves.keys() else None
    closing = [mcnemar_sentence(m, lang)] if m is not None else []
    return discuss(curves, lang, closing)


def run_mcnemar(record: dict) -> stats.McNemar | None:
    """McNemar's test of the RNN against the CNN on a run's test clips; None unless both predicted every clip."""
    models, n = record["models"], len(record["test_labels"])
    if not {"rnn", "cnn"} <= models.keys() or any(len(models[m].get("test_pred") or []) != n for m in ("rnn", "cnn")):
        return None
    return stats.mcnemar(record["test_labels"], models["rnn"]["test_pred"], models["cnn"]["test_pred"])


def discuss_seeds(result: SeedsResult, lang: str = "en") -> str:
    """The paragraph for a seeds study: mean curves, intervals, and the paired test's verdict."""
    curves = curves_from_seeds(result)
    closing = [t("lab.discuss.seeds", lang, n=result.n)]
    for name, iv in result.final.items():
        if iv.n >= 2:
            closing.append(
                t(
                    "lab.discuss.interval",
                    lang,
                    Model=cap(model_name(name, lang)),
                    mean=pct(iv.mean),
                    low=pct(iv.low),
                    high=pct(iv.high),
                )
            )
    closing.append(seeds_verdict(result, lang))
    return discuss(curves, lang, closing)
