"""run_degradation: the JSON shape, determinism, bad input, divergence, Stop, the CLI.

Budgets are tiny (one or two epochs on 64 images): the bar itself (plain-56 vs plain-20 over many
seeds) is checked by `python bench/degradation.py --seeds 1000-1029`, not here.
"""

import json
import math
import re

import pytest

from resnet_book.cli import build_parser, main
from resnet_book.experiments import (
    DEGRADATION_DEFAULTS,
    FIG1_SETTINGS,
    check_degradation_args,
    race_gigabytes,
    run_degradation,
)

TINY = dict(epochs=1, n_train=64)
RUN_KEYS = {
    "name",
    "depth",
    "residual",
    "train_error",
    "test_error",
    "seconds",
    "status",
    "message",
}


def check_shape(results: dict, epochs: int) -> None:
    assert {"seed", "seconds", "runs", "config"} <= set(results)
    json.dumps(results, allow_nan=False)  # JSON-ready: no NaN, no tensors
    for run in results["runs"]:
        assert set(run) == RUN_KEYS
        assert run["name"] == f"{'ResNet' if run['residual'] else 'plain'}-{run['depth']}"
        assert len(run["train_error"]) == len(run["test_error"]) == epochs
        assert all(0 <= e <= 1 for e in run["train_error"] + run["test_error"])
        assert run["status"] == "done" and run["seconds"] >= 0


def test_default_race_shape_and_order():
    results = run_degradation(seed=5, **TINY)  # the default depths (20, 56), both kinds
    check_shape(results, epochs=1)
    assert [r["name"] for r in results["runs"]] == [
        "plain-20",
        "plain-56",
        "ResNet-20",
        "ResNet-56",
    ]
    assert results["seed"] == 5 and results["config"]["depths"] == [20, 56]


def test_same_seed_same_results_other_seed_other_results():
    settings = dict(depths=(8, 14), epochs=2, n_train=64)
    strip = lambda res: [{k: v for k, v in r.items() if k != "seconds"} for r in res["runs"]]  # noqa: E731
    first, again = run_degradation(seed=1, **settings), run_degradation(seed=1, **settings)
    assert strip(first) == strip(again)
    assert strip(first) != strip(run_degradation(seed=2, **settings))


def test_one_kind_and_duplicate_depths():
    results = run_degradation(depths=[14, 8, 14.0], nets="residual", **TINY)
    assert [r["name"] for r in results["runs"]] == ["ResNet-8", "ResNet-14"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(depths=(21,)), "6n+2"),
        (dict(depths=(20, 50, 57)), "6n+2"),
        (dict(depths=()), "at least one depth"),
        (dict(depths=("20", 56)), "6n+2"),
        (dict(epochs=0), "epochs"),
        (dict(epochs=2.5), "epochs"),
        (dict(lr=0), "learning rate"),
        (dict(lr=-0.1), "learning rate"),
        (dict(lr=math.nan), "learning rate"),
        (dict(width=0), "width"),
        (dict(batch_size=1), "batch size"),
        (dict(option="D"), "option"),
        (dict(nets="deep"), "nets"),
        (dict(dataset="mnist"), "dataset"),
        (dict(seed=-1), "seed"),
    ],
)
def test_bad_input_is_a_value_error_that_says_what_to_change(change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        run_degradation(**{**TINY, **change})


def checked(**change) -> dict:
    """check_degradation_args on the defaults with some settings changed (nothing trains)."""
    return check_degradation_args(**{**DEGRADATION_DEFAULTS, **change})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(width=1000), "width must be a whole number from 1 to 64"),  # plain-56: 3.3G params
        (dict(width=65), "from 1 to 64"),
        (dict(depths=(20, 1208)), "depths go up to 1202"),
        (dict(depths=(6 * 10**6 + 2,)), "Try 20, 56 or 110"),
        (dict(seed=99999999999999999999), "seed must be a whole number from 0 to 4294967295"),
        (dict(seed=2**32), "from 0 to 4294967295"),
        (dict(width=64, depths=(1202,)), "GB of memory"),  # each net ~310M parameters
        (dict(width=16, depths=(1202,), dataset="cifar10"), "lower the width, the batch size"),
        (dict(batch_size=4096, dataset="cifar10"), "GB of memory"),
    ],
)
def test_what_would_exhaust_memory_or_time_is_refused_with_what_to_do(change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        checked(**change)


def test_every_existing_use_stays_valid():
    cli = build_parser().parse_args(["degradation"])
    assert checked(**{k: getattr(cli, k) for k in DEGRADATION_DEFAULTS})["width"] == 8
    checked(**{k: v for k, v in FIG1_SETTINGS.items() if k not in ("seeds", "milestones")})
    checked(lr=0.1, seed=100, epochs=8)  # chapter 1, exercise 1
    checked(depths=(20, 32, 44, 56), nets="plain")  # chapter 1, "Things to try"
    checked(depths=(20, 56, 110), width=64)  # the widest nets
    checked(depths=(1202,), width=16)  # the paper's deepest, at the paper's width, on digits
    checked(depths=(110,), width=16, dataset="cifar10")  # the paper's ResNet-110 in memory
    checked(batch_size=10**6, epochs=10**6)  # a batch is never bigger than the data; Stop ends it
    assert checked(seed=2**32 - 1)["seed"] == 2**32 - 1


def test_race_gigabytes_agrees_with_measured_activations():
    import torch

    from resnet_book.models import cifar_net, count_params
    from resnet_book.very_deep import activation_bytes

    net = cifar_net(56, residual=False, width=8, in_channels=1)
    X, y = torch.zeros(32, 1, 8, 8), torch.zeros(32, dtype=torch.long)
    measured = 12 * count_params(net) + activation_bytes(net, X, y)
    estimate = race_gigabytes([56], "plain", 8, 32) * 2**30
    assert abs(estimate / measured - 1) < 0.05
    assert race_gigabytes([56], "both", 8, 10**6) == race_gigabytes([56], "both", 8, 1347)


def test_a_huge_learning_rate_is_reported_as_diverged():
    # lr x weight decay = 100: the weights grow ~100x a step and overflow within ~20 steps
    results = run_degradation(depths=(8,), lr=1e6, epochs=4, batch_size=8, n_train=64)
    json.dumps(results, allow_nan=False)
    for run in results["runs"]:
        assert run["status"] == "diverged", run
        assert run["test_error"][-1] is None and "smaller learning rate" in run["message"]


def test_should_stop_ends_every_run_and_on_epoch_sees_every_epoch():
    calls = []
    run_degradation(
        depths=(8,), epochs=2, n_train=64, on_epoch=lambda n, h: calls.append((n, h.status))
    )
    assert sorted(calls) == [("ResNet-8", "done"), ("ResNet-8", "running")] + [
        ("plain-8", "done"),
        ("plain-8", "running"),
    ]
    stopped = run_degradation(depths=(8,), n_train=64, should_stop=lambda: True)
    assert {r["status"] for r in stopped["runs"]} == {"stopped"}
    assert all(r["train_error"] == [] for r in stopped["runs"])


def test_cli_json(capsys):
    assert main(["degradation", "--seed", "3", "--json", "--depths", "8", "--epochs", "1"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results["seed"] == 3 and results["seconds"] > 0
    assert [r["name"] for r in results["runs"]] == ["plain-8", "ResNet-8"]
    check_shape(results, epochs=1)


def test_cli_bad_input_is_a_message_not_a_traceback(capsys):
    assert main(["degradation", "--depths", "21", "--json"]) == 2
    err = capsys.readouterr().err
    assert "6n+2" in err and "Traceback" not in err
    assert main(["degradation", "--seed", "99999999999999999999", "--depths", "8"]) == 2
    assert "seed must be a whole number from 0 to 4294967295" in capsys.readouterr().err


def test_defaults_are_the_documented_ones():
    assert (
        DEGRADATION_DEFAULTS["depths"] == (20, 56) and DEGRADATION_DEFAULTS["dataset"] == "digits"
    )
    assert DEGRADATION_DEFAULTS["option"] == "A"  # §4.2: option A on CIFAR-10
