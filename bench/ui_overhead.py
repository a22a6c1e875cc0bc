"""What the dashboard adds to a training: the Train page, polled as an open browser tab polls it,
against the bare engine on the same models and data, alternated in one process.

    python bench/ui_overhead.py [--epochs 3] [--rounds 2] [--scale 1.0]

The page runs under Streamlit's AppTest: each poll is a full script run of the Train page
(sidebar, widgets, the live view's snapshot and figures), every POLL_SECONDS like the page's
fragment, in the same process as the training thread, so it competes for the same cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import torch  # noqa: E402

POLL_SECONDS = 0.7  # pages/train.py's live-view interval


def ui_run(epochs: int) -> tuple[float, dict]:
    """Train both default models from the Train page; return the job's wall time and its record."""
    from conftest import APP, open_app
    from streamlit.testing.v1 import AppTest

    from dashboard import state

    at = open_app(AppTest.from_file(str(APP), default_timeout=600))
    at.switch_page("pages/train.py").run()
    at.slider(key=state.widget_key(state.EPOCHS)).set_value(epochs).run()
    at.button(key=state.START_BUTTON).click().run()
    job = at.session_state[state.JOB]
    while not job.wait(POLL_SECONDS):
        at.run()
    assert job.status == "finished", job.error
    return job.elapsed(), job.snapshot()


def bare_run(record: dict) -> float:
    """The same models, split and settings through har.train.fit_pair alone."""
    from har.data import make_split
    from har.data.demo import make_demo
    from har.jobs import threads_per_training
    from har.models import build_model
    from har.runs import model_configs
    from har.train import Tensors, TrainConfig, fit_pair

    config = record["config"]
    data = make_demo(scale=float(os.environ.get("HAR_DEMO_SCALE", "1")))
    split = make_split(data, config["split"], seed=config["split_seed"])
    train = TrainConfig(**config["train"])
    torch.set_num_threads(threads_per_training())
    start = time.perf_counter()
    models = {
        name: build_model(c, n_frames=data.t, n_features=data.f, n_classes=data.n_classes, seed=train.seed)
        for name, c in model_configs(record).items()
    }
    tensors = Tensors.from_arrays(data.X, data.y, split.train_idx, split.test_idx, torch.device("cpu"))
    for _ in fit_pair(models, tensors, train):
        pass
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the demo set (1 = full size)")
    args = parser.parse_args(argv)
    os.environ["HAR_DEMO_SCALE"] = str(args.scale)
    os.environ.setdefault("HAR_DATA_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "har-ui-bench"))
    ratios = []
    for i in range(args.rounds):
        ui, record = ui_run(args.epochs)
        bare = bare_run(record)
        ratios.append(ui / bare)
        print(f"round {i + 1}: dashboard {ui:.2f} s, bare engine {bare:.2f} s, ratio {ui / bare:.2f}x", flush=True)
    print(
        f"dashboard / bare engine, median over {args.rounds} rounds: {statistics.median(ratios):.2f}x "
        f"(both default models, {args.epochs} epochs, demo scale {args.scale})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
