"""When has a plain-vs-residual race earned a verdict? One rule, for every race the book runs.

    >>> v = race_verdict(run_degradation()["runs"])
    >>> v.kind, v.earned, v.text, v.tip        # ("degradation", True, "📉 plain-56 ends with …", …)

The rule (issue 13; the in-page race of the HTML book follows the same one):

1. No verdict while any net **stopped** early (too early to call) or **diverged** (a blow-up says
   nothing about depth).
2. No verdict when the **shallowest plain net has not learned**: its final training error is
   above ``NOT_LEARNED`` (50%; chance on 10 classes is 90%). Two nets sitting at chance are not
   "deeper is worse", they are "nothing learned".
3. No verdict on degradation without **two plain depths** to compare.
4. Otherwise, **degradation** only when the deepest plain net's final training error is more
   than ``DEGRADATION_RATIO`` (2×) the shallowest plain net's, the project's bar (README
   "Benchmarks", bench/degradation.py), and at least ``MIN_GAP`` (2 points) above it: 0.3%
   against 0.0% is twice as bad, but 4 images in 1,347 are no finding. Below it, "no clear
   degradation".

Errors are fractions, as ``run_degradation`` returns them. Pure: no torch, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NOT_LEARNED = 0.5  # final training error above this: the net has not learned (chance: 90%)
DEGRADATION_RATIO = 2.0  # deepest plain / shallowest plain, final training error (README bar)
MIN_GAP = 0.02  # and at least this much higher (2 points: 27 of the 1,347 training digits)
DEFAULT_LR = 0.05  # chapter 1's race (experiments.DEGRADATION_DEFAULTS), for the tips


@dataclass(frozen=True)
class Verdict:
    """What a race showed. ``earned`` is True only for "degradation" and "no degradation"."""

    kind: str  # "stopped", "diverged", "not learned", "one depth", "degradation", "no degradation"
    earned: bool
    text: str  # what happened, in one or two sentences
    tip: str = ""  # what to try next, a sentence ("" when nothing needs fixing)


def _final(run: dict) -> float | None:
    errors = [e for e in run.get("train_error") or [] if e is not None]
    return errors[-1] if errors else None


def _names(runs: Sequence[dict]) -> str:
    names = [r["name"] for r in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def race_verdict(runs: Sequence[dict], lr: float | None = None) -> Verdict:
    """Apply the rule above to the runs of one race (records of ``run_degradation``).

    Args:
        runs: dicts with "name", "depth", "residual", "status" and "train_error" (fractions).
        lr: the race's learning rate, to make the tips concrete; None when unknown.
    """
    if not runs:
        return Verdict("one depth", False, "No nets raced.", "Type a depth, such as 20, 56.")
    stopped = [r for r in runs if r.get("status") == "stopped"]
    if stopped:
        return Verdict(
            "stopped",
            False,
            "Stopped before the end: too early to call.",
            "Press ▶️ Train again and let the race finish.",
        )
    diverged = [r for r in runs if r.get("status") == "diverged"]
    smaller = f"a learning rate well below {lr:g}" if lr else "a smaller learning rate"
    if diverged:
        every = len(diverged) == len(runs)
        who = "Every net" if every else _names(diverged)
        return Verdict(
            "diverged",
            False,
            f"{who} diverged (the loss blew up to inf or nan): no verdict, since a blow-up says "
            "nothing about depth.",
            f"Try {smaller}, such as {DEFAULT_LR} (the default).",
        )
    plain = sorted((r for r in runs if not r["residual"]), key=lambda r: r["depth"])
    base = plain[0] if plain else min(runs, key=lambda r: r["depth"])
    base_error = _final(base)
    if base_error is None or base_error > NOT_LEARNED:
        shown = "no finished epoch" if base_error is None else f"{base_error:.0%} training error"
        tip = (
            f"Try {smaller}, such as {DEFAULT_LR} (the default)."
            if lr and lr > 10 * DEFAULT_LR
            else "Train for more epochs or on more images (the defaults learn in 6 epochs)."
        )
        return Verdict(
            "not learned",
            False,
            f"{base['name']} has not learned ({shown}; guessing on 10 classes gives 90%), so "
            "there is nothing to compare: no verdict.",
            tip,
        )
    if len({r["depth"] for r in plain}) < 2:
        return Verdict(
            "one depth",
            False,
            "Degradation compares two plain depths; this race has "
            + ("none." if not plain else f"only {base['name']}."),
            "Race two plain depths, such as 20, 56.",
        )
    deep, deep_error = plain[-1], _final(plain[-1])
    ratio = f" ({deep_error / base_error:.1f}×)" if base_error else ""
    compare = (
        f"{deep['name']} ends at {deep_error:.1%} training error, {base['name']} at "
        f"{base_error:.1%}{ratio}"
    )
    if deep_error > DEGRADATION_RATIO * base_error and deep_error - base_error >= MIN_GAP:
        twin = [r for r in runs if r["residual"] and r["depth"] == deep["depth"]]
        fixed = (
            f" {twin[0]['name']} ends at {_final(twin[0]):.1%}: with shortcuts, the same depth "
            "trains."
            if twin and _final(twin[0]) is not None and _final(twin[0]) < deep_error / 2
            else ""
        )
        return Verdict(
            "degradation",
            True,
            f"📉 {compare}: degradation! Deeper is worse on the training set itself, so it is "
            f"not overfitting.{fixed}",
        )
    return Verdict(
        "no degradation",
        True,
        f"{compare}: no clear degradation (the bar is more than {DEGRADATION_RATIO:g}× and "
        f"at least {MIN_GAP * 100:g} points higher).",
        "A wider gap in depth (such as 20, 110) or another seed may show it.",
    )
