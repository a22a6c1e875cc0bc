"""`python -m har`: data info and download, parameter counts, training both models, and the lab and board tools;
every failure the user can fix ends as one line, "error: <sentence>", and exit code 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from har.args import EXIT_INTERRUPTED, Parser, UsageError, fail, run_command
from har.configs import SetupConfig
from har.errors import HarError
from har.i18n import render, translator
from har.options import add_model_options, add_setup, flag_values, model_preset, setup_from
from har.slots import write
from har.status import Status


def main(argv=None) -> int:
    """Run one command; return the exit code (0 ok, 2 error, 130 interrupted)."""
    return run_command(_dispatch, argv)


# For whoever looks for the benchmark among har's commands: it serves the dashboard, so it runs from a checkout.
BENCH_MOVED = "the benchmark is not part of the har package: run `python -m bench` (same options) from a checkout"


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "bench":
        raise UsageError(BENCH_MOVED)
    if argv and argv[0] in TOOLS:
        return TOOLS[argv[0]](argv[1:])
    args = build_parser().parse_args(argv)
    return args.handler(args)


def run_lab(argv: list[str]) -> int:
    from har.lab.cli import main as lab

    return lab(argv)


def run_board(argv: list[str]) -> int:
    from har.board.cli import main as board

    return board(argv)


TOOLS = {"lab": run_lab, "board": run_board}  # commands that parse their own arguments


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m har", description="RNN vs CNN for human action recognition on UCF11 features.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = commands.add_parser("data", help="describe or download a data set")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    info = data_commands.add_parser("info", help="clips, frames, features, classes and groups of a data set")
    _add_data(info)
    info.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    info.set_defaults(handler=cmd_data_info)
    get = data_commands.add_parser("download", help="download the course's UCF11 feature store")
    get.add_argument(
        "--url", help="a mirror or file:// URL of ucf11.zarr.tar.gz (default: HAR_UCF11_URL, else the course's)"
    )
    get.add_argument("--md5", help="the archive's expected md5 (default: HAR_UCF11_MD5, else the course's)")
    get.add_argument("--dir", type=Path, help="folder to put ucf11.zarr in (default: HAR_DATA_DIR, else ~/.cache/har)")
    get.add_argument("--force", action="store_true", help="download again even if the store is there")
    get.add_argument("--timeout", type=float, default=30, help="seconds to wait for the server before giving up")
    get.set_defaults(handler=cmd_data_download)

    params = commands.add_parser("params", help="count a model's trainable parameters without training it")
    which = params.add_mutually_exclusive_group(required=True)
    which.add_argument("--preset", help="a named model, e.g. notebook-rnn, notebook-cnn, notebook-cnn2")
    which.add_argument("--model", choices=("rnn", "cnn"), help="build a model from its options below")
    add_model_options(params)
    params.add_argument("--frames", type=int, default=10, help="frames per clip")
    params.add_argument("--features", type=int, default=1024, help="features per frame")
    params.add_argument("--classes", type=int, default=11, help="number of classes")
    params.add_argument("--summary", action="store_true", help="also print torchinfo's layer-by-layer table")
    params.add_argument("--json", action="store_true", help='print {"params": N, "config": {...}}')
    params.set_defaults(handler=cmd_params)

    train = commands.add_parser(
        "train",
        help="train the RNN and the CNN on the same split and write a run record",
        description="Train the RNN and the CNN on the same split. --seed fixes the initial weights, the batch order "
        "and the dropout masks; --split-seed fixes which clips are test clips (the run record keeps both).",
    )
    add_setup(train)
    train.add_argument("--out", type=Path, help="write the run record (JSON) here, after every epoch")
    train.add_argument(
        "--store",
        type=Path,
        help="also keep the run and its trained models in this run store (a file, or a data folder: its runs.sqlite), "
        "which the dashboard serves again to anyone training the same setup",
    )
    train.add_argument("--quiet", action="store_true", help="print nothing but errors")
    train.set_defaults(handler=cmd_train)

    for name in TOOLS:
        commands.add_parser(
            name, help=f"the {name} tool; `python -m har {name} --help` lists its options", add_help=False
        )
    return parser


def _add_data(parser):
    parser.add_argument(
        "--data",
        default="demo",
        help="demo (synthetic, built in), ucf11 (downloaded) or a path to a .zarr store or .npz",
    )


def cmd_data_info(args) -> int:
    from har.data import load_dataset

    data = load_dataset(args.data)
    if args.json:
        print(json.dumps(data.info(), indent=1))
        return 0
    rows = [
        ("data", data.name),
        ("synthetic", "yes (generated, not UCF11)" if data.synthetic else "no"),
        ("clips", f"{data.n:,}"),
        ("frames", data.t),
        ("features", f"{data.f:,}"),
        ("classes", data.n_classes),
        ("groups", data.n_groups),
    ]
    for label, value in rows:
        print(f"{label:<10} {value}")
    print("clips per class:")
    width = max(len(c) for c in data.class_names)
    for name, count in zip(data.class_names, data.class_counts().tolist(), strict=True):
        print(f"  {name:<{width}} {count:>6}")
    for note in data.notes:
        print(f"note: {note}")
    return 0


def cmd_data_download(args) -> int:
    from har.data import download as dl
    from har.paths import data_dir

    folder = args.dir.expanduser() if args.dir else data_dir()
    store = folder / dl.STORE
    if dl.store_ready(store) and not args.force:
        print(f"{store} is already there; use --force to download it again.", file=sys.stderr)
        print(store)
        return 0
    url, md5 = dl.source(args.url, args.md5)
    print(f"downloading {url}", file=sys.stderr)
    bar = ProgressBar(sys.stderr)
    try:
        path = dl.download(folder, url=url, md5=md5, progress=bar, timeout=args.timeout, force=args.force)
    finally:
        bar.close()
    print(f"md5 {md5} matches; the store loads.", file=sys.stderr)
    print(path)
    return 0


class ProgressBar:
    """A one-line text progress bar, redrawn only when the shown percentage or megabyte changes."""

    def __init__(self, stream, width: int = 30):
        self.stream = getattr(stream, "terminal", stream)  # under har.args.Escaped: the bar's "\r" is its own
        self.width, self.shown = width, None

    def __call__(self, done: int, total: int | None) -> None:
        if total:
            pct = min(100, 100 * done // total)
            filled = self.width * pct // 100
            text = f"[{'#' * filled}{'.' * (self.width - filled)}] {pct:3d}%  {done / 1e6:.1f} / {total / 1e6:.1f} MB"
            key = pct
        else:
            text, key = f"{done / 1e6:.1f} MB", done // 1_000_000
        if key != self.shown:
            self.shown = key
            self.stream.write("\r" + text)
            self.stream.flush()

    def close(self) -> None:
        if self.shown is not None:
            self.stream.write("\n")
            self.stream.flush()


def cmd_params(args) -> int:
    from har.params import count_params, summarize
    from har.presets import config_to_dict

    given = flag_values(args)
    if args.preset:
        if given:
            flags = ", ".join(s.flag for s in given)
            raise HarError(f"--preset takes no model options (got {flags}); use --model rnn|cnn to set them.")
        preset = model_preset(args.preset)
        config, about = preset.config, preset.about
    else:
        wrong = [s.flag for s in given if s.section != args.model]
        if wrong:
            raise HarError(f"{', '.join(wrong)} only apply to the other model, not the {args.model.upper()}.")
        config, about = getattr(write(SetupConfig(), given), args.model), None
    shape = {"n_frames": args.frames, "n_features": args.features, "n_classes": args.classes}
    n = count_params(config, **shape)
    if args.json:
        print(
            json.dumps(
                {"params": n, "config": config_to_dict(config), **({"preset": args.preset} if args.preset else {})}
            )
        )
        return 0
    print(f"{args.preset or args.model.upper()}: {n:,} trainable parameters")
    if about:
        print(about)
    if args.summary:
        print(summarize(config, **shape))
    return 0


def cmd_train(args) -> int:
    """Train both models on one split, print a row per model per epoch, keep the run record up to date.

    The training is a har.jobs.TrainingJob, as in the app: it runs where har.backends decides (this
    process, on every core, unless HAR_RAY_ADDRESS names a cluster), here in the command's own thread.
    """
    from har import backends, runs
    from har.data import load_dataset, make_split
    from har.jobs import TrainingJob, TrainingLimiter, server_slots
    from har.store import CLI_IDENTITY, RunStore, owner_of, store_at
    from har.store.filing import file_job
    from har.train import resolve_device

    setup, warnings = setup_from(args)
    tr = translator(setup.lang)
    for w in warnings:  # a shared link degrades gracefully, as in the app
        print(f"warning: {render(w, setup.lang)}", file=sys.stderr)
    data = load_dataset(setup.data)
    split = make_split(data, setup.split, test_fraction=setup.test_fraction, seed=setup.split_seed)
    device = resolve_device(setup.train.device)
    say = (lambda *a, **k: None) if args.quiet else print

    def save(record):
        if args.out:
            runs.save(record, args.out)

    def show(name, e):
        say(
            f"{name:<6}{e.epoch:>6}{e.train_loss:>12.4f}{e.train_acc:>11.1%}{e.test_loss:>11.4f}{e.test_acc:>10.1%}{e.seconds:>9.2f}",
            flush=True,
        )
        save(job.snapshot())

    store, owner, filed = None, owner_of(CLI_IDENTITY), {}
    if args.store:
        store = RunStore(store_at(args.store))
        try:
            store.usage(owner)  # a store that cannot be used is said now, and the training goes on without it
        except HarError as e:
            print(f"warning: {tr('cli.train.not_stored', msg=e.message(setup.lang))}", file=sys.stderr)
            store = None

    def keep(job, status):
        if store is not None:
            filed.update(file_job(store, [owner], job, status))

    job = TrainingJob(
        data=data,
        split=split,
        models=setup.models(),
        train=setup.train,
        source=setup.data,
        split_seed=setup.split_seed,
        test_fraction=setup.test_fraction,
        # a command is the only training of its process: it takes every core, unless it trains for the server's store
        limiter=TrainingLimiter(server_slots() if store is not None else 1),
        backend=backends.choose(server=False),
        on_epoch=show,
        on_end=keep,
    )
    job.check_fits()  # before any output: a HarError before any weight is allocated
    kind = tr({"random": "cli.train.split.random", "group": "cli.train.split.group"}[split.kind])
    say(
        tr(
            "cli.train.data",
            data=data.name,
            train=len(split.train_idx),
            test=len(split.test_idx),
            kind=kind,
            device=device,
        )
    )
    for note in data.notes:
        say(f"note: {note}")
    for name, entry in job.record.models.items():
        say("  " + tr("cli.train.params", model=name, params=entry.params))
    say(f"{'model':<6}{'epoch':>6}{'train loss':>12}{'train acc':>11}{'test loss':>11}{'test acc':>10}{'seconds':>9}")
    try:
        save(job.snapshot())
        job.run()
    except KeyboardInterrupt:
        record = job.snapshot()
        done = ", ".join(f"{_epochs(len(m.history))} of the {name.upper()}" for name, m in record.models.items())
        runs.finish(record, Status.STOPPED, f"Stopped with Ctrl-C after {done}.")
        save(record)
        keep(job, "stopped")
        print(record.message + (f" The record is in {args.out}." if args.out else ""), file=sys.stderr)
        return EXIT_INTERRUPTED
    record = job.snapshot()
    save(record)
    if job.status != "finished":
        return fail(job.error)
    for name, m in record.models.items():
        say(tr("cli.train.final", model=name, acc=m.last.test_acc, epochs=len(m.history)))
    if args.out:
        say(tr("cli.train.record", path=args.out))
    kept = filed.get(owner)
    if isinstance(kept, HarError):
        print(f"warning: {tr('cli.train.not_stored', msg=kept.message(setup.lang))}", file=sys.stderr)
    elif kept is not None:
        say(tr("cli.train.stored", path=store.path))
    return 0


def _epochs(n: int) -> str:
    return f"{n} epoch" if n == 1 else f"{n} epochs"
