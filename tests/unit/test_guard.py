"""The memory guard (har.guard): a model too large for the machine is refused, naming its size, before anything is
built; the estimate is checked against the memory a real training step takes in a fresh process, and the memory
free is shared among the trainings that may run at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

from har import jobs
from har.cli import main
from har.errors import HarError
from har.guard import BYTES_PER_PARAM, LIMIT_ENV, RUNTIME, check_fits, estimate_memory
from har.models import RNNConfig
from har.params import count_params
from har.presets import PRESETS, config_to_dict


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HAR_MEMORY_LIMIT_MB", raising=False)


def _env_for_process(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", **extra}


SHAPE = (10, 1024, 11)


def test_the_weight_part_of_the_estimate_is_the_parameter_count():
    # test_params checks these counts against the GRU formula
    for hidden, layers, bi in [(128, 1, True), (64, 3, False), (4096, 4, True)]:
        config = RNNConfig(hidden=hidden, layers=layers, bidirectional=bi)
        assert estimate_memory(config, SHAPE, 0) == BYTES_PER_PARAM * count_params(config) + RUNTIME


def test_the_estimate_grows_with_the_batch_and_accepts_a_shape_mapping():
    config = RNNConfig()
    small, large = estimate_memory(config, SHAPE, 32), estimate_memory(config, SHAPE, 64)
    assert small < large
    assert estimate_memory(config, {"n_frames": 10, "n_features": 1024, "n_classes": 11}, 32) == small


MEASURE = """
import gc, json, sys, torch
from har.guard import estimate_memory
from har.models import build_model
from har.presets import config_from_dict
torch.set_num_threads(1)

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

def step(config, t=10, f=1024, c=11, b=64):
    x, y = torch.randn(b, t, f), torch.randint(0, c, (b,))
    with open("/proc/self/clear_refs", "w") as clear:  # the peak restarts from what is in use now
        clear.write("5")
    before = peak()
    model = build_model(config, n_frames=t, n_features=f, n_classes=c, seed=0)
    opt = torch.optim.Adam(model.parameters())
    for _ in range(2):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return [peak() - before, estimate_memory(config, (t, f, c), b)]

out = []
for d in json.loads(sys.argv[1]):
    out.append(step(config_from_dict(d)))
    gc.collect()
print(json.dumps(out))
"""
MEASURED = [RNNConfig(hidden=1024)]  # one per process: memory freed by one step would be reused by the next


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="peak memory is read from /proc")
def test_the_estimate_bounds_the_memory_a_real_training_step_takes():
    """A fresh process, so the step also pays for torch's own working memory, which RUNTIME covers."""
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps([config_to_dict(c) for c in MEASURED])],
        env=_env_for_process(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for config, (measured, estimate) in zip(MEASURED, json.loads(proc.stdout), strict=True):
        assert measured <= estimate <= 2 * measured, (config, measured, estimate)


def test_a_huge_gru_is_refused_naming_its_size():
    huge = RNNConfig(hidden=4096, layers=4)
    with pytest.raises(HarError) as err:
        check_fits(huge, SHAPE, 32, available=16 * 2**30)
    message = str(err.value)
    assert f"{count_params(huge):,} parameters" in message and "16.0 GB is available" in message
    assert "\n" not in message and message.endswith(".")
    check_fits(huge, SHAPE, 32, available=estimate_memory(huge, SHAPE, 32))  # exactly enough is enough


def test_the_course_models_fit_a_small_machine_together():
    configs = {name: PRESETS[name].config for name in ("notebook-rnn", "notebook-cnn2")}
    check_fits(configs, SHAPE, 32, available=2**30)
    pair = sum(estimate_memory(c, SHAPE, 32) for c in configs.values()) - RUNTIME
    with pytest.raises(HarError, match="NOTEBOOK-CNN2 alone has 660,289 parameters"):  # the larger of the two
        check_fits(configs, SHAPE, 32, available=pair - 1)  # both are in memory at once, with one torch runtime
    check_fits(configs, SHAPE, 32, available=pair)


def test_the_cli_refuses_before_building_anything(tmp_path, capsys, monkeypatch, tiny_npz):
    import torch

    import har.models

    build = har.models.build_model

    def never(*args, **kwargs):
        if torch.get_default_device().type == "meta":  # counting parameters: shapes only, nothing is built
            return build(*args, **kwargs)
        raise AssertionError("a model was built although it does not fit")

    monkeypatch.setattr(har.models, "build_model", never)
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "300")
    out = tmp_path / "run.json"
    code = main(["train", "--data", str(tiny_npz), "--rnn-hidden", "2048", "--rnn-layers", "2", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "300 MB is available" in err
    assert not out.exists()
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "plenty")
    assert main(["train", "--data", str(tiny_npz)]) == 2
    assert "HAR_MEMORY_LIMIT_MB" in capsys.readouterr().err


def test_without_a_limit_the_machine_memory_decides(monkeypatch):
    from har.guard import available_memory

    free = available_memory()
    assert 0 < free <= os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    with pytest.raises(HarError, match="parameters"):
        check_fits(RNNConfig(hidden=65536, layers=8), SHAPE, 32)  # about 2 TB: larger than any machine
    check_fits(PRESETS["notebook-rnn"].config, SHAPE, 32)
    monkeypatch.setenv("HAR_MEMORY_LIMIT_MB", "1.5")
    assert available_memory() == int(1.5 * 2**20)


def test_the_memory_check_shares_the_memory_among_the_trainings_slots(tiny_demo, monkeypatch):
    from har.data import make_split
    from har.guard import estimate_memory
    from har.train import TrainConfig

    monkeypatch.delenv(LIMIT_ENV, raising=False)
    models = {"rnn": RNNConfig(hidden=256), "cnn": RNNConfig(hidden=8)}
    shape = {"n_frames": tiny_demo.t, "n_features": tiny_demo.f, "n_classes": tiny_demo.n_classes}
    need = sum(estimate_memory(c, shape, 32) for c in models.values())
    monkeypatch.setattr(jobs, "available_memory", lambda: 4 * need)  # the memory free on the server

    def job(slots):
        return jobs.TrainingJob(
            data=tiny_demo,
            split=make_split(tiny_demo, "random"),
            models=models,
            train=TrainConfig(epochs=1),
            source="demo",
            limiter=jobs.TrainingLimiter(slots),
        )

    assert jobs.memory_per_training(jobs.TrainingLimiter(8)) == 4 * need // 8
    with pytest.raises(HarError, match="this training needs about"):
        job(8).start()  # eight trainings at once would not fit, so none of them may start
    started = job(2).start()
    assert started.wait(120) and started.status == "finished"
