"""The lab's study commands (parsed in har/lab/cli.py): run a study, print its tables or JSON.
The commands that read files (run records, links, weights) are in har/lab/file_commands.py."""

from __future__ import annotations

import json
import sys

from har import backends, share, stats
from har.args import EXIT_INTERRUPTED
from har.data import load_dataset, make_split
from har.errors import HarError
from har.i18n import t
from har.lab.core import Study
from har.lab.discuss import discuss_seeds
from har.lab.leakage import LeakageStudy
from har.lab.options import setup_from
from har.lab.order import OrderStudy, order_test
from har.lab.pooling import PoolingStudy
from har.lab.seeds import SeedStudy
from har.lab.sweep import SweepStudy
from har.lab.words import count, pct, points, pvalue
from har.weights import evaluation_clips, load_weights, named_clips


def table(headers: list[str], rows: list[list]) -> str:
    """Columns padded to their widest cell; the first left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in cells
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def columns(lang: str, *keys: str) -> list[str]:
    return [t(f"lab.col.{k}", lang) for k in keys]


def load_inputs(args):
    setup = setup_from(args)
    data = load_dataset(setup.data)
    split = make_split(data, setup.split, test_fraction=setup.test_fraction, seed=setup.split_seed)
    return setup, data, split


def _drive(study: Study, args) -> bool:
    """Run `study` to the end (where har.backends decides: here, or on a Ray cluster), one progress line per
    epoch on stderr; False if Ctrl-C stopped it."""
    try:
        for p in study.run(backend=backends.choose(server=False)):
            if not args.quiet:
                r = p.record
                print(
                    f"[{p.done}/{p.total}] {study.name} {p.label} {p.model} epoch {r.epoch}: test acc {r.test_acc:.1%}",
                    file=sys.stderr,
                    flush=True,
                )
    except KeyboardInterrupt:
        return False
    return True


def report(study: Study, args, setup, lines, payload: dict) -> int:
    """Print the text (or the JSON object), noting a stop; the exit code says whether it finished."""
    finished = len(study.results) == len(study.jobs)
    if args.json:
        out = {
            "command": args.command,
            "setup": {**share.encode(setup), "data": setup.data},
            "finished": finished,
            **payload,
        }
        print(json.dumps(out, indent=1, default=_plain))
    else:
        if not finished:
            print(t("lab.stopped", setup.lang, done=len(study.results), total=len(study.jobs)))
        print("\n".join(lines))
    return 0 if finished else EXIT_INTERRUPTED


def _plain(value):
    if hasattr(value, "as_dict"):
        return value.as_dict()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def run_study(study: Study, args, setup) -> None:
    """Run the study; stopped before its first job finished, there is nothing to show."""
    _drive(study, args)
    if not study.results:
        raise HarError(t("lab.cli.nothing", setup.lang))


# --- studies -------------------------------------------------------------------------------


def cmd_seeds(args) -> int:
    if args.seeds < 1:
        raise HarError("--seeds must be at least 1.")
    setup, data, split = load_inputs(args)
    study = SeedStudy(data, split, setup.models(), setup.train, seeds=args.seeds)
    run_study(study, args, setup)
    r, lang = study.result(), setup.lang
    rows = [
        [
            n.upper(),
            count(r.params[n], lang),
            pct(iv.mean),
            _interval(iv),
            pct(r.best[n].mean),
            pct(r.final_train[n].mean),
        ]
        for n, iv in r.final.items()
    ]
    per_seed = [
        [s, pct(run.final("rnn")), pct(run.final("cnn")), points(run.final("rnn") - run.final("cnn"))]
        for s, run in zip(r.seeds, r.runs, strict=True)
    ]
    lines = [
        table(columns(lang, "model", "params", "final", "interval", "best", "train"), rows),
        t("lab.cli.optimistic", lang),
        "",
        t("lab.cli.per_seed", lang),
        table(columns(lang, "seed", "rnn_acc", "cnn_acc", "diff"), per_seed),
        "",
        discuss_seeds(r, lang),  # ends with the verdict
    ]
    return report(
        study,
        args,
        setup,
        lines,
        {"result": r.as_dict(), "verdict": r.verdict(lang), "discussion": discuss_seeds(r, lang)},
    )


def _interval(iv: stats.Interval) -> str:
    return "-" if iv.n < 2 else f"{pct(iv.low)} - {pct(iv.high)}"


def cmd_sweep(args) -> int:
    setup, data, split = load_inputs(args)
    hidden = _ints(args.hidden, "--hidden")
    study = SweepStudy(data, split, setup.models(), setup.train, hidden=hidden)
    run_study(study, args, setup)
    r, lang = study.result(), setup.lang
    rows = [
        [
            run.configs["rnn"].hidden,
            count(run.params["rnn"], lang),
            pct(run.final("rnn")),
            run.configs["cnn"].widths[0],
            count(run.params["cnn"], lang),
            pct(run.final("cnn")),
        ]
        for run in r.runs
    ]
    lines = [
        table(columns(lang, "hidden", "rnn_params", "rnn_acc", "width", "cnn_params", "cnn_acc"), rows),
        "",
        r.verdict(lang),
    ]
    return report(study, args, setup, lines, {"result": r.as_dict(), "verdict": r.verdict(lang)})


def _ints(text: str, flag: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise HarError(f"{flag} takes whole numbers separated by commas, like 8,16,32, not {text!r}.") from None


def cmd_pooling(args) -> int:
    setup, data, split = load_inputs(args)
    study = PoolingStudy(
        data, split, setup.models(), setup.train, poolings=[p.strip() for p in args.poolings.split(",") if p.strip()]
    )
    run_study(study, args, setup)
    r, lang = study.result(), setup.lang
    final, best = r.grid(), r.grid("best_acc")
    rows = [[p, pct(v["rnn"]), pct(best[p]["rnn"]), pct(v["cnn"]), pct(best[p]["cnn"])] for p, v in final.items()]
    headers = [
        t("lab.col.pooling", lang),
        *(f"{n.upper()}: {t(f'lab.col.{k}', lang)}" for n in ("rnn", "cnn") for k in ("final", "best")),
    ]
    lines = [table(headers, rows), t("lab.cli.optimistic", lang)]
    return report(study, args, setup, lines, {"result": r.as_dict()})


def cmd_order(args) -> int:
    setup, data, split = load_inputs(args)
    lang = setup.lang
    if args.weights:
        bundle = load_weights(args.weights)
        idx, seen = evaluation_clips(bundle, data, named_clips(args.on, data, split), allow_overlap=args.allow_overlap)
        kind = bundle.split.kind if args.on == "test" else split.kind
        result = order_test(bundle.models, data, idx, seed=args.shuffle_seed, split_kind=kind, training_clips=seen)
        study = None
    else:
        study = OrderStudy(data, split, setup.models(), setup.train, shuffle_seed=args.shuffle_seed)
        run_study(study, args, setup)
        result = study.result()
    rows = []
    for m, acc in result.acc.items():
        mc = result.mcnemar[m]
        rows.append(
            [
                m.upper(),
                pct(acc["original"]),
                pct(acc["shuffled"]),
                pct(acc["reversed"]),
                points(result.drop(m, "shuffled")),
                pvalue(mc["shuffled"].p),
                points(result.drop(m, "reversed")),
                pvalue(mc["reversed"].p),
            ]
        )
    per_class = [
        [
            name,
            result.support[i],
            *("-" if result.class_drop(m)[i] is None else points(result.class_drop(m)[i]) for m in result.acc),
        ]
        for i, name in enumerate(result.class_names)
    ]
    lines = [
        table(
            columns(lang, "model", "original", "shuffled", "reversed", "drop_shuffled", "p", "drop_reversed", "p"), rows
        ),
        "",
        t("lab.cli.per_class", lang),
        table(
            [t("lab.col.class", lang), t("lab.col.clips", lang), *(t(f"lab.col.{m}_drop", lang) for m in result.acc)],
            per_class,
        ),
        "",
        result.verdict(lang),
    ]
    payload = {"result": result.as_dict(), "verdict": result.verdict(lang)}
    if study is None:
        print(
            json.dumps({"command": "order", "weights": args.weights, **payload}, indent=1)
            if args.json
            else "\n".join(lines)
        )
        return 0
    return report(study, args, setup, lines, payload)


def cmd_leakage(args) -> int:
    setup = setup_from(args)
    data = load_dataset(setup.data)
    study = LeakageStudy(
        data, setup.models(), setup.train, test_fraction=setup.test_fraction, split_seed=setup.split_seed
    )
    run_study(study, args, setup)
    r, lang = study.result(), setup.lang
    rows = [[kind, pct(v["rnn"]), pct(v["cnn"])] for kind, v in r.grid().items()]
    lines = [table(columns(lang, "split", "rnn_acc", "cnn_acc"), rows), "", r.verdict(lang)]
    return report(study, args, setup, lines, {"result": r.as_dict(), "verdict": r.verdict(lang)})
