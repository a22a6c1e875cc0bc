"""The lab's commands on files (run records, links, weight files), parsed in har/lab/cli.py."""

from __future__ import annotations

import json
from dataclasses import asdict

from har import runs, share
from har.errors import HarError
from har.i18n import render, t
from har.lab.commands import load_inputs, paragraph, report, run_study, table
from har.lab.core import Study
from har.lab.discuss import discuss_run, run_mcnemar
from har.lab.failures import class_index, failures
from har.lab.options import setup_from
from har.lab.words import METHOD, count, mcnemar_sentence, model, pct, pvalue
from har.messages import Message
from har.schedule import Trial
from har.weights import SavedSplit, evaluate_weights, load_weights, named_clips, save_weights

# --- run records ---------------------------------------------------------------------------


def cmd_discuss(args) -> int:
    record = runs.load(args.run)
    text = paragraph(discuss_run(record), args.lang)
    print(json.dumps({"run": record.id, "lang": args.lang, "text": text}, indent=1) if args.json else text)
    return 0


def cmd_mcnemar(args) -> int:
    record = runs.load(args.run)
    m = run_mcnemar(record)
    if m is None:
        raise HarError(
            "this run record lacks test predictions of both the RNN and the CNN; train both for at least one epoch."
        )
    sentence = render(mcnemar_sentence(m), args.lang)
    if args.json:
        print(json.dumps({"run": record.id, **m.as_dict(), "text": sentence}, indent=1))
        return 0
    row = [m.both_right, m.a_only, m.b_only, m.both_wrong, Message(METHOD[m.method]), f"{m.statistic:.3f}", pvalue(m.p)]
    keys = ("lab.col.both_right", "lab.col.rnn_only", "lab.col.cnn_only", "lab.col.both_wrong", "lab.col.method")
    headers = [Message(k) for k in keys] + [Message("lab.col.statistic"), Message("lab.col.p")]
    print(table(headers, [row], args.lang))
    print()
    print(sentence)
    return 0


def cmd_failures(args) -> int:
    record = runs.load(args.run)
    items = failures(record, args.model, args.true, args.pred)
    names = record.class_names
    true, pred = names[class_index(record, args.true)], names[class_index(record, args.pred)]
    if args.json:
        print(
            json.dumps({"model": args.model, "true": true, "pred": pred, "count": len(items), "clips": items}, indent=1)
        )
        return 0
    print(render(Message("lab.cli.failures", n=len(items), true=true, pred=pred, model=model(args.model)), args.lang))
    if items:
        headers = [Message("lab.col.position"), Message("lab.col.index"), Message("lab.col.key")]
        print(table(headers, [[i["position"], i["index"], i["key"]] for i in items], args.lang))
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
    setup, inputs = load_inputs(args)
    data, split = inputs.data, inputs.split
    study = Study(data, [Trial("weights", inputs.models, inputs.train, split, inputs.train.seed)], keep_models=True)
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
    rows = [[n.upper(), count(r.params[n]), pct(r.final(n))] for n in r.models]
    headers = [Message("lab.col.model"), Message("lab.col.params"), Message("lab.col.final")]
    lines = [table(headers, rows, lang), "", t("lab.cli.saved", lang, path=args.out)]
    return report(study, args, setup, lines, {"result": r.summary(), "path": str(args.out)})


def which_clips(args, bundle, data, split) -> Message:
    """The clips `--on` names."""
    if args.on == "test":
        return Message("lab.cli.which.test", split=split_words(bundle.split))
    if args.on == "split":
        return Message("lab.cli.which.split", split=split_words(SavedSplit.of(data, split)))
    return Message("lab.cli.which.all")


def split_words(saved: SavedSplit) -> Message:
    """'the random split (seed 0, 20% test)'."""
    return saved.describe()


def cmd_weights_eval(args) -> int:
    bundle = load_weights(args.file)
    setup, inputs = load_inputs(args)
    data, split = inputs.data, inputs.split
    lang = setup.lang
    out = evaluate_weights(bundle, data, named_clips(args.on, data, split), allow_overlap=args.allow_overlap)
    out["notes"] = [render(note, lang) for note in out["notes"]]
    if "warning" in out:
        out["warning"] = render(out["warning"], lang)
    if args.json:
        for m in out["models"].values():
            m.pop("pred")
        print(json.dumps({"file": args.file, "data": data.name, "on": args.on, **out}, indent=1))
        return 0
    which = render(which_clips(args, bundle, data, split), lang)
    print(t("lab.cli.evaluated", lang, file=args.file, n=out["n"], data=data.name, which=which))
    if "warning" in out:
        print(out["warning"])
    headers = [Message("lab.col.model"), Message("lab.col.accuracy")]
    print(table(headers, [[n.upper(), pct(m["acc"])] for n, m in out["models"].items()], lang))
    for note in out["notes"]:
        print(note)
    return 0
