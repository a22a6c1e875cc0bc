"""The lab's commands on files (run records, links, weight files), parsed in har/lab/cli.py."""

from __future__ import annotations

import json
from dataclasses import asdict

from har import runs, share
from har.errors import HarError
from har.i18n import t
from har.lab.commands import columns, load_inputs, report, run_study, table
from har.lab.core import Job, Study
from har.lab.discuss import discuss_run, run_mcnemar
from har.lab.failures import class_index, failures
from har.lab.options import setup_from
from har.lab.words import count, mcnemar_sentence, model_name, pct, pvalue
from har.weights import SavedSplit, evaluate_weights, load_weights, named_clips, save_weights

# --- run records ---------------------------------------------------------------------------


def cmd_discuss(args) -> int:
    record = runs.load(args.run)
    text = discuss_run(record, args.lang)
    print(json.dumps({"run": record.get("id"), "lang": args.lang, "text": text}, indent=1) if args.json else text)
    return 0


def cmd_mcnemar(args) -> int:
    record = runs.load(args.run)
    m = run_mcnemar(record)
    if m is None:
        raise HarError(
            "this run record lacks test predictions of both the RNN and the CNN; train both for at least one epoch."
        )
    sentence = mcnemar_sentence(m, args.lang)
    if args.json:
        print(json.dumps({"run": record.get("id"), **m.as_dict(), "text": sentence}, indent=1))
        return 0
    method = t(f"lab.mcnemar.method.{m.method}", args.lang)
    row = [m.both_right, m.a_only, m.b_only, m.both_wrong, method, f"{m.statistic:.3f}", pvalue(m.p)]
    print(
        table(columns(args.lang, "both_right", "rnn_only", "cnn_only", "both_wrong", "method", "statistic", "p"), [row])
    )
    print()
    print(sentence)
    return 0


def cmd_failures(args) -> int:
    record = runs.load(args.run)
    items = failures(record, args.model, args.true, args.pred)
    names = record["dataset"]["class_names"]
    true, pred = names[class_index(record, args.true)], names[class_index(record, args.pred)]
    if args.json:
        print(
            json.dumps({"model": args.model, "true": true, "pred": pred, "count": len(items), "clips": items}, indent=1)
        )
        return 0
    print(t("lab.cli.failures", args.lang, n=len(items), true=true, pred=pred, model=model_name(args.model, args.lang)))
    if items:
        print(
            table(
                columns(args.lang, "position", "index", "key"), [[i["position"], i["index"], i["key"]] for i in items]
            )
        )
    return 0


# --- sharing and weights -------------------------------------------------------------------


def cmd_share(args) -> int:
    setup = setup_from(args)
    params = share.encode(setup)
    text = share.query_string(setup)
    if args.url:
        text = f"{args.url.rstrip('?')}?{text}"
    print(json.dumps({"query": params, "link": text}, indent=1) if args.json else text)
    return 0


def cmd_weights_save(args) -> int:
    setup, data, split = load_inputs(args)
    study = Study(data, [Job("weights", setup.models(), setup.train, split, setup.train.seed)], keep_models=True)
    study.name = "weights"
    run_study(study, args, setup)
    r = study.results[0]
    info = {
        "data": data.name,
        "setup": {**share.encode(setup), "data": setup.data},
        "train": asdict(setup.train),
        "test_acc": {n: r.final(n) for n in r.models},
    }
    save_weights(args.out, r.models, data, split, info=info)
    lang = setup.lang
    rows = [[n.upper(), count(r.params[n], lang), pct(r.final(n))] for n in r.models]
    lines = [table(columns(lang, "model", "params", "final"), rows), "", t("lab.cli.saved", lang, path=args.out)]
    return report(study, args, setup, lines, {"result": r.summary(), "path": str(args.out)})


def which_clips(args, bundle, data, split, lang: str) -> str:
    """The clips `--on` names, in words."""
    if args.on == "test":
        return t("lab.cli.which.test", lang, split=bundle.split.describe(lang))
    if args.on == "split":
        return t("lab.cli.which.split", lang, split=SavedSplit.of(data, split).describe(lang))
    return t("lab.cli.which.all", lang)


def cmd_weights_eval(args) -> int:
    bundle = load_weights(args.file)
    setup, data, split = load_inputs(args)
    lang = setup.lang
    out = evaluate_weights(bundle, data, named_clips(args.on, data, split), lang, allow_overlap=args.allow_overlap)
    if args.json:
        for m in out["models"].values():
            m.pop("pred")
        print(json.dumps({"file": args.file, "data": data.name, "on": args.on, **out}, indent=1))
        return 0
    which = which_clips(args, bundle, data, split, lang)
    print(t("lab.cli.evaluated", lang, file=args.file, n=out["n"], data=data.name, which=which))
    if "warning" in out:
        print(out["warning"])
    print(table(columns(lang, "model", "accuracy"), [[n.upper(), pct(m["acc"])] for n, m in out["models"].items()]))
    for note in out["notes"]:
        print(note)
    return 0
