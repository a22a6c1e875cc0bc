"""The command line's setup flags, derived from the declarations: the same flags in `har train` and every lab study,
one meaning of --seed, a round trip setup -> argv -> setup, and one sentence with exit code 2 for a bad value."""

from __future__ import annotations

import json
import random
from urllib.parse import parse_qsl

import pytest
from support.paths import FIXTURES
from support.setup import random_setup

from har import options, runs
from har.cli import build_parser as har_parser
from har.cli import main as har_main
from har.configs import CNNConfig, NotebookCNNConfig, SetupConfig
from har.data.npz import load_npz
from har.data.splits import make_split
from har.lab.cli import build_parser as lab_parser
from har.lab.cli import main as lab_main
from har.share import decode
from har.slots import slots

OLD = json.loads((FIXTURES / "old_links.json").read_text(encoding="utf-8"))
STUDIES = ("seeds", "sweep", "pooling", "order", "leakage")

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def subparser(parser, *names):
    for name in names:
        parser = next(a for a in parser._actions if hasattr(a, "choices") and isinstance(a.choices, dict)).choices[name]
    return parser


def setup_flags(parser) -> dict[str, str]:
    """Option string -> help of the parser's setup group."""
    group = next(g for g in parser._action_groups if g.title == options.SETUP_TITLE)
    return {flag: a.help for a in group._group_actions for flag in a.option_strings}


def test_har_train_and_every_study_take_the_same_setup_flags_with_the_same_help():
    train = setup_flags(subparser(har_parser(), "train"))
    assert {"--seed", "--split-seed", "--setup", "--preset", "--cnn-widths", "--rnn-unidirectional"} <= set(train)
    for study in STUDIES:
        assert setup_flags(subparser(lab_parser(), study)) == train, study
    assert setup_flags(subparser(lab_parser(), "weights", "save")) == train
    # har params takes the models' flags alone, with the same help
    params = subparser(har_parser(), "params")
    model = next(g for g in params._action_groups if g.title == "model")
    flags = {flag: a.help for a in model._group_actions for flag in a.option_strings}
    assert flags == {f: h for f, h in train.items() if f.startswith(("--rnn-", "--cnn-")) and "preset" not in f}


def test_every_setting_has_a_flag():
    train = setup_flags(subparser(har_parser(), "train"))
    for s in slots():
        assert s.flag in train and (s.off_flag is None or s.off_flag in train)


@pytest.mark.parametrize("seed", range(40))
def test_a_random_setup_survives_the_round_trip_through_the_command_line(seed):
    setup = random_setup(random.Random(seed))
    argv = options.argv(setup)
    args = subparser(lab_parser(), "seeds").parse_args(argv)
    assert options.setup_from(args) == (setup, [])
    args = subparser(har_parser(), "train").parse_args(argv)
    assert options.setup_from(args) == (setup, [])


@pytest.mark.parametrize("row", OLD["lab_share"], ids=lambda r: " ".join(r["argv"]) or "defaults")
def test_lab_share_prints_what_it_printed_before(capsys, row):
    assert lab_main(["share", *row["argv"]]) == row["code"]
    now, then = (parse_qsl(q) for q in (capsys.readouterr().out.strip(), row["query"]))
    assert [(k, v) for k, v in now if k in dict(then)] == then  # a new setting may add a name, never change one


BAD = {  # a value each kind of setting refuses
    "int": "2.5",
    "float": "lots",
    "str": "<b>nope</b>",
    "ints": "64,x",
}


@pytest.mark.parametrize(
    "s", [s for s in slots() if s.setting.kind != "bool" and not s.setting.paths], ids=lambda s: s.flag
)
@pytest.mark.parametrize("command", [["train"], ["lab", "seeds"]])
def test_a_bad_flag_value_is_one_sentence_naming_the_flag_and_what_is_valid(capsys, s, command):
    bad = BAD[s.setting.kind]
    assert har_main([*command, s.flag, bad]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(f"error: {s.flag} {bad!r} is not valid; give ")


def test_out_of_bounds_values_are_refused_like_a_link_refuses_them(capsys):
    for flag, value, valid in [
        ("--epochs", "0", "a whole number from 1 to 500"),
        ("--lr", "0", "a number above 0, at most 10"),
        ("--rnn-dropout", "0.96", "a number from 0 to 0.95"),
        ("--cnn-widths", "1,2,3,4,5,6,7,8,9", "1 to 8 of them"),
        ("--split", "kfold", "one of random, group"),
    ]:
        assert har_main(["train", flag, value]) == 2
        assert valid in capsys.readouterr().err


def test_a_fixed_cnn_refuses_its_settings_and_a_pair_preset_gives_way_to_them(capsys):
    for argv in (
        ["--cnn", "notebook-cnn", "--cnn-widths", "8"],
        ["--cnn-preset", "notebook-cnn2", "--cnn-dropout", "0.1"],
    ):
        assert har_main(["train", *argv]) == 2
        err = capsys.readouterr().err
        assert "is a fixed model" in err and argv[2] in err
    args = subparser(har_parser(), "train").parse_args(["--preset", "course", "--cnn-widths", "8,4"])
    assert options.setup_from(args)[0].cnn == CNNConfig(widths=(8, 4))
    args = subparser(har_parser(), "train").parse_args(["--preset", "course"])
    assert options.setup_from(args)[0].cnn == NotebookCNNConfig("cnn")


def test_train_takes_a_link_and_a_preset(capsys, tiny_npz, tmp_path):
    out = tmp_path / "run.json"
    link = "http://localhost:8501/train?preset=small&ep=1&rh=6&ss=4&tf=0.3&seed=2&split=group&rb=0"
    argv = ["train", "--setup", link, "--data", str(tiny_npz), "--cnn-widths", "4", "--quiet", "--out", str(out)]
    assert har_main(argv) == 0
    record = runs.load(out)
    configs = runs.model_configs(record)
    assert configs["rnn"].hidden == 6 and not configs["rnn"].bidirectional and configs["cnn"] == CNNConfig(widths=(4,))
    assert record.config.split_seed == 4 and record.config.train.seed == 2
    assert record.config.test_fraction == 0.3 and record.config.split == "group"
    split = make_split(load_npz(tiny_npz), "group", test_fraction=0.3, seed=4)
    assert record.test_idx == split.test_idx.tolist()


def test_the_training_seed_leaves_the_split_alone(tiny_npz, tmp_path):
    records = []
    for i, seed in enumerate(("0", "7")):
        out = tmp_path / f"{i}.json"
        argv = ["train", "--data", str(tiny_npz), "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4"]
        assert har_main([*argv, "--seed", seed, "--quiet", "--out", str(out)]) == 0
        records.append(runs.load(out))
    assert records[0].test_idx == records[1].test_idx
    assert records[0].config.split_seed == records[1].config.split_seed == 0
    assert [r.config.train.seed for r in records] == [0, 7]


def test_a_bad_value_in_the_link_of_har_train_is_a_warning(capsys, tiny_npz):
    argv = ["train", "--setup", "ep=1&cw=4&rh=huge&lang=es", "--data", str(tiny_npz), "--rnn-hidden", "4", "--quiet"]
    assert har_main(argv) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: El valor \u201chuge\u201d") and err.count("\n") == 1


def test_train_help_says_what_each_seed_fixes(capsys):
    assert har_main(["train", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--seed fixes the initial weights, the batch order and the dropout masks" in out
    assert "--split-seed fixes which clips are test clips" in out


def test_the_link_a_command_line_shares_is_the_setup_it_trains(capsys):
    argv = ["--preset", "matched", "--cnn-kernel-size", "5", "--split-seed", "3", "--weight-decay", "0.001"]
    assert lab_main(["share", *argv]) == 0
    args = subparser(har_parser(), "train").parse_args(argv)
    assert decode(capsys.readouterr().out.strip()) == (options.setup_from(args)[0], [])
    assert options.setup_from(args)[0] != SetupConfig()
