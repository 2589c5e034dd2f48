"""The rule for a race's verdict (issue 13): a verdict only when the race earned one."""

import json
import shutil
import subprocess

import pytest
from chromium import ROOT, unavailable

from resnet_book.verdict import DEGRADATION_RATIO, NOT_LEARNED, race_verdict


def run(name: str, final: float | None, status: str = "done", epochs: int = 6) -> dict:
    kind, depth = name.split("-")
    errors = [] if final is None else [0.9] * (epochs - 1) + [final]
    return dict(name=name, depth=int(depth), residual=kind == "ResNet", status=status,
                train_error=errors)  # fmt: skip


def race(p20=0.09, p56=0.65, r20=0.01, r56=0.01, **status) -> list[dict]:
    finals = {"plain-20": p20, "plain-56": p56, "ResNet-20": r20, "ResNet-56": r56}
    return [run(n, e, status.get(n.replace("-", "").lower(), "done")) for n, e in finals.items()]


def test_the_default_race_earns_degradation_and_says_the_shortcuts_fix_it():
    v = race_verdict(race(), lr=0.05)
    assert (v.kind, v.earned, v.tip) == ("degradation", True, "")
    assert "plain-56 ends at 65.0% training error, plain-20 at 9.0% (7.2×): degradation!" in v.text
    assert "not overfitting" in v.text and "ResNet-56 ends at 1.0%" in v.text


def test_a_resnet_no_better_than_the_plain_net_is_not_called_a_fix():
    v = race_verdict(race(r56=0.6))
    assert v.kind == "degradation" and "ResNet-56" not in v.text


@pytest.mark.parametrize("p56", [0.18, 0.10, 0.05])
def test_at_most_twice_the_error_is_no_clear_degradation(p56):
    v = race_verdict(race(p20=0.09, p56=p56))
    assert (v.kind, v.earned) == ("no degradation", True)
    assert "no clear degradation" in v.text and "degradation!" not in v.text
    assert f"more than {DEGRADATION_RATIO:g}×" in v.text and v.tip


def test_the_bar_is_strictly_more_than_twice():
    assert race_verdict(race(p20=0.1, p56=0.2)).kind == "no degradation"
    assert race_verdict(race(p20=0.1, p56=0.2001)).kind == "degradation"


def test_a_perfect_shallow_net_gives_no_ratio_but_still_a_comparison():
    v = race_verdict(race(p20=0.0, p56=0.3))
    assert v.kind == "degradation" and "plain-20 at 0.0%:" in v.text and "×)" not in v.text
    assert race_verdict(race(p20=0.0, p56=0.0)).kind == "no degradation"


def test_any_stopped_net_means_too_early_to_call():
    v = race_verdict(race(plain56="stopped"))
    assert (v.kind, v.earned) == ("stopped", False) and "too early to call" in v.text
    assert "Train again" in v.tip and "degradation" not in v.text


def test_stopped_wins_over_diverged():
    assert race_verdict(race(plain56="stopped", resnet56="diverged")).kind == "stopped"


def test_a_diverged_net_blocks_the_verdict_and_names_itself():
    v = race_verdict(race(p56=0.9, plain56="diverged"), lr=1.0)
    assert (v.kind, v.earned) == ("diverged", False)
    assert v.text.startswith("plain-56 diverged") and "degradation" not in v.text
    assert v.tip == "Try a learning rate well below 1, such as 0.05 (the default)."
    two = race_verdict(race(plain56="diverged", resnet56="diverged"))
    assert two.text.startswith("plain-56 and ResNet-56 diverged")
    assert "a smaller learning rate" in two.tip  # no lr given


def test_every_net_diverged():
    every = dict.fromkeys(("plain20", "plain56", "resnet20", "resnet56"), "diverged")
    v = race_verdict(race(**every), lr=1e6)
    assert v.kind == "diverged" and v.text.startswith("Every net diverged")
    assert "well below 1e+06" in v.tip


def test_nets_at_chance_get_no_verdict_even_when_the_deep_one_is_worse():
    # issue 13: lr 1e6, 2 epochs, 256 images: no NaN, every net at chance, plain-56 a little worse
    v = race_verdict(race(p20=0.875, p56=0.91, r20=0.90, r56=0.89), lr=1e6)
    assert (v.kind, v.earned) == ("not learned", False)
    assert "plain-20 has not learned (88% training error" in v.text and "90%" in v.text
    assert "degradation" not in v.text and "0.05" in v.tip


def test_not_learned_with_a_sensible_lr_suggests_more_training():
    v = race_verdict(race(p20=0.6, p56=0.9), lr=0.05)
    assert v.kind == "not learned" and "more epochs" in v.tip


def test_the_not_learned_line_is_half():
    assert NOT_LEARNED == 0.5
    assert race_verdict(race(p20=0.5, p56=0.9)).kind == "no degradation"  # learned, but < 2×
    assert race_verdict(race(p20=0.51, p56=0.9)).kind == "not learned"


def test_one_plain_depth_or_none_has_nothing_to_compare():
    one = race_verdict([run("plain-20", 0.1), run("ResNet-20", 0.05)])
    assert (one.kind, one.earned) == ("one depth", False) and "only plain-20" in one.text
    none = race_verdict([run("ResNet-20", 0.05), run("ResNet-56", 0.02)])
    assert none.kind == "one depth" and "has none" in none.text and "20, 56" in none.tip
    assert race_verdict([]).kind == "one depth"


def test_residual_only_race_at_chance_is_not_learned():
    v = race_verdict([run("ResNet-20", 0.85), run("ResNet-56", 0.88)])
    assert v.kind == "not learned" and v.text.startswith("ResNet-20 has not learned")


def test_the_deepest_and_shallowest_plain_nets_are_compared_whatever_the_order():
    runs = [run("plain-56", 0.7), run("plain-32", 0.3), run("plain-20", 0.1)]
    v = race_verdict(runs)
    assert v.kind == "degradation" and "plain-56 ends at 70.0%" in v.text and "plain-20" in v.text


def test_a_tiny_gap_is_no_finding_even_above_twice():
    assert race_verdict(race(p20=0.0, p56=0.003)).kind == "no degradation"
    assert race_verdict(race(p20=0.01, p56=0.025)).kind == "no degradation"
    assert race_verdict(race(p20=0.01, p56=0.031)).kind == "degradation"


def test_the_in_page_race_gives_the_same_verdicts():
    """_assets/race/verdict.js follows this rule step for step: same races, same kinds."""
    node = shutil.which("node")
    if not node:
        unavailable("node is not installed (Debian: apt install nodejs)")
    finals = (None, 0.0, 0.003, 0.05, 0.1, 0.2, 0.21, 0.5, 0.51, 0.9)
    races = [race(p20=a, p56=b) for a in finals for b in finals[1:]]  # a done net has an epoch
    races += [race(p56=0.9, plain56="diverged"), race(plain20="stopped"), []]
    races += [[run("plain-20", 0.1), run("ResNet-56", 0.05)], [run("ResNet-20", 0.7)]]
    races += [race(r56=0.5), race(p20=0.1, p56=0.1, resnet20="diverged", resnet56="diverged")]
    out = subprocess.run(
        [node, "verdict_kinds.mjs"], cwd=ROOT / "tests" / "js", input=json.dumps(races),
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout) == [race_verdict(r).kind for r in races]
