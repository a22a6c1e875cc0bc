"""`explain WEIGHTS --clip KEY`: which frames mattered to both saved models on one clip, and their probabilities;
`--map OUT.csv`: every saved test clip on each model's 2-D map. `add_parser` hooks it into a command line."""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from har.args import Parser, run_command
from har.data.sources import load_dataset
from har.errors import HarError
from har.explain.attribution import METHODS, OCCLUSION_BASELINES, OUTPUTS, STEPS
from har.explain.notes import METHOD_KEYS, output_name
from har.explain.report import ClipReport, clip_report, map_csv, split_map
from har.i18n import languages, render, t
from har.paths import replace_atomically
from har.weights import check_data, load_weights


def add_parser(subparsers) -> argparse.ArgumentParser:
    """The `explain` subcommand on `subparsers` (from ArgumentParser.add_subparsers); its handler is `run`."""
    p = subparsers.add_parser(
        "explain", help="which frames mattered to both saved models on one clip, or a 2-D map of the test clips"
    )
    p.add_argument("weights", metavar="WEIGHTS", help="a weights file (saved by the Train page or `lab weights save`)")
    p.add_argument("--clip", metavar="KEY", help="the clip to explain, by its key")
    p.add_argument("--method", choices=METHODS, default="occlusion", help="frame occlusion, or Integrated Gradients")
    p.add_argument(
        "--baseline",
        choices=OCCLUSION_BASELINES,
        default="zeros",
        help="what a frame is compared with: zeros, the training clips' mean frame, or (occlusion) the frame before",
    )
    p.add_argument("--steps", type=int, default=STEPS, help="Integrated Gradients: points on the path to the clip")
    p.add_argument("--output", choices=OUTPUTS, default="probability", help="attribute the probability or the logit")
    p.add_argument("--class", dest="target", metavar="NAME", help="the class to attribute (default: the true one)")
    p.add_argument("--sanity", action="store_true", help="also attribute untrained models of the same configs")
    p.add_argument("--map", metavar="OUT.csv", help="write every saved test clip's 2-D map coordinates as CSV")
    p.add_argument("--data", default="demo", help="the data the models were trained on: demo, ucf11 or a path")
    p.add_argument("--lang", choices=tuple(languages()), default="en")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.set_defaults(handler=run)
    return p


def run(args) -> int:
    """Explain a clip and/or write the map, as `args` (from `add_parser`) ask; 0 when done."""
    if not args.clip and not args.map:
        raise HarError.of("explain.nothing_asked")
    if args.method == "ig" and args.baseline == "neighbour":
        raise HarError.of("explain.ig_neighbour")
    bundle = load_weights(args.weights)
    data = load_dataset(args.data)
    check_data(bundle, data)
    out, lines = {"file": str(args.weights), "data": data.name}, []
    if args.clip:
        target = None if args.target is None else class_number(data.class_names, args.target)
        report = clip_report(
            bundle,
            data,
            args.clip,
            method=args.method,
            baseline=args.baseline,
            output=args.output,
            steps=args.steps,
            target=target,
            sanity=args.sanity,
        )
        out["clip"] = clip_json(report, data.class_names, args)
        lines += clip_lines(report, data.class_names, args)
    if args.map:
        idx, maps = split_map(bundle, data)
        with replace_atomically(args.map) as f:  # a failed write keeps the file that was there
            f.write(map_csv(data, idx, maps).encode("utf-8"))
        out["map"] = {
            "path": str(args.map),
            "n": len(idx),
            "variance_share": {name: m.projection.variance_share.tolist() for name, m in maps.items()},
        }
        lines.append(t("explain.cli.map_written", args.lang, n=len(idx), path=args.map))
    print(json.dumps(out, indent=1) if args.json else "\n".join(lines))
    return 0


def class_number(names, value: str) -> int:
    if value not in names:
        raise HarError.of("explain.unknown_class", value=value, names=", ".join(names))
    return list(names).index(value)


def clip_json(report: ClipReport, names, args) -> dict:
    models = {}
    for name, a in report.attributions.items():
        p = report.probabilities[name]
        entry = {
            "probabilities": dict(zip(names, p.tolist(), strict=True)),
            "predicted": names[int(np.argmax(p))],
            "frames": a.values[0].tolist(),
            "score": float(a.score[0]),
            "notes": [render(m, args.lang) for m in report.notes[name]],
        }
        if a.method == "ig":
            entry |= {"reference": float(a.reference[0]), "completeness_error": float(a.completeness_error[0])}
        if name in report.sanity:
            check = report.sanity[name]
            rho = float(check.rank_correlation[0])
            entry |= {"untrained_frames": check.untrained.values[0].tolist(), "rank_correlation": _finite(rho)}
        models[name] = entry
    a = next(iter(report.attributions.values()))
    return {
        "key": report.key,
        "index": report.index,
        "true": names[report.label],
        "target": names[report.target],
        "training_clip": report.training_clip,
        "method": a.method,
        "baseline": a.baseline,
        "output": a.output,
        **({"steps": a.steps} if a.method == "ig" else {}),
        "models": models,
    }


def clip_lines(report: ClipReport, names, args) -> list[str]:
    """The clip's report as text: who it is, both models' probabilities, the per-frame table, the notes."""
    lang = args.lang
    seen = t("explain.cli.train_clip" if report.training_clip else "explain.cli.test_clip", lang)
    lines = [t("explain.cli.clip", lang, key=report.key, true=names[report.label], seen=seen), ""]
    models = list(report.attributions)
    rows = [[c] + [f"{report.probabilities[m][k]:.3f}" for m in models] for k, c in enumerate(names)]
    lines += [table([t("explain.col.class", lang)] + [m.upper() for m in models], rows), ""]
    a = report.attributions[models[0]]
    output = render(output_name(a, names[report.target]), lang)
    lines.append(t("explain.cli.attributed", lang, output=output, method=t(METHOD_KEYS[a.method], lang)))
    headers = [t("explain.col.frame", lang)] + [m.upper() for m in models]
    columns = [report.attributions[m].values[0] for m in models]
    if report.sanity:
        headers += [t("explain.col.untrained", lang, model=m.upper()) for m in models]
        columns += [report.sanity[m].untrained.values[0] for m in models]
    frames = len(columns[0])
    lines += [table(headers, [[f + 1] + [f"{c[f]:+.4f}" for c in columns] for f in range(frames)]), ""]
    for m in models:
        lines.append(f"{m.upper()}: " + " ".join(render(note, lang) for note in report.notes[m]))
    return lines


def table(headers: list[str], rows: list[list]) -> str:
    """Columns padded to their widest cell; the first left-aligned, the rest right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in cells
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def _finite(x: float) -> float | None:
    return x if np.isfinite(x) else None


def main(argv=None) -> int:
    """`python -m har.explain.cli WEIGHTS ...`: the command on its own, with the errors every command has."""

    def body(argv):
        parser = Parser(prog="python -m har.explain.cli")
        sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
        add_parser(sub)
        args = parser.parse_args(["explain", *argv])
        return args.handler(args)

    return run_command(body, argv)


if __name__ == "__main__":
    sys.exit(main())
