"""Check and time the in-page race of the HTML book (issue 15), beside the Python race.

    python bench/browser_race.py                      # the bar on seeds 1000-1019, and timing
    python bench/browser_race.py --seeds 1000-1029 --repeats 5
    python bench/browser_race.py --seeds none         # timing only

The bar, on seeds that played no part in choosing the settings (lr 0.07 was chosen on 0-4):
with the page's defaults, plain-56's final training error is more than twice plain-20's, and
ResNet-56's less than half of plain-56's. Each seed runs ``run_browser_race`` (headless Chromium,
as ``python -m resnet_book browser-race --seed S --json``).

Timing, in the same run and turn by turn: the page's default race (seconds measured in the page,
from the press of Train, given once the page says its engine is ready, to the end; every net's
first epoch) and the Python race ``run_degradation`` with its
own defaults (warm, in this process). The load average is printed with every row.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnet_book.browser_run import run_browser_race  # noqa: E402


def seed_range(text: str) -> list[int]:
    if text == "none":
        return []
    low, _, high = text.partition("-")
    return list(range(int(low), int(high or low) + 1))


def final(results: dict) -> dict[str, float]:
    return {r["name"]: r["train_error"][-1] for r in results["runs"]}


def check_seed(seed: int) -> dict:
    results = run_browser_race(seed=seed)
    f = final(results)
    ratio = f["plain-56"] / max(f["plain-20"], 1e-9)
    ok = f["plain-56"] > 2 * f["plain-20"] and f["ResNet-56"] < f["plain-56"] / 2
    row = dict(seed=seed, ok=ok, ratio=ratio, resnet56_vs_plain56=f["ResNet-56"] / f["plain-56"])
    row.update(final=f, seconds=results["seconds"], offsite=results["offsite_requests"])
    print(
        f"seed {seed}: {'pass' if ok else 'FAIL'}  plain-56/plain-20 {ratio:5.1f}x  "
        f"ResNet-56/plain-56 {row['resnet56_vs_plain56']:6.1%}  {results['seconds']:5.1f} s  "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return row


def timing(repeats: int) -> dict:
    from resnet_book.experiments import run_degradation, warm_up

    warm_up()
    rows = {"browser": [], "python": []}
    for i in range(repeats):
        r = run_browser_race(seed=0)
        rows["browser"].append((r["seconds"], r["first_epoch_seconds"]))
        first: dict[str, float] = {}
        start = time.perf_counter()

        def on_epoch(name, history, first=first, start=start):
            first.setdefault(name, time.perf_counter() - start)

        p = run_degradation(seed=0, on_epoch=on_epoch)
        rows["python"].append((p["seconds"], max(first.values())))
        page_first, python_first = r["first_epoch_seconds"], max(first.values())
        print(
            f"round {i + 1}: page {r['seconds']:.1f} s (every first epoch {page_first:.2f} s), "
            f"Python {p['seconds']:.1f} s ({python_first:.2f} s)  load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    return {
        k: {
            "seconds": [s for s, _ in v],
            "first_epoch_seconds": [f for _, f in v],
            "median_seconds": statistics.median(s for s, _ in v),
            "median_first_epoch_seconds": statistics.median(f for _, f in v),
        }
        for k, v in rows.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="1000-1019", help="a range such as 1000-1019, or none")
    parser.add_argument("--repeats", type=int, default=3, help="timing rounds (0: none)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "browser_race.json"))
    args = parser.parse_args(argv)
    seeds = [check_seed(s) for s in seed_range(args.seeds)]
    report = {"seeds": seeds, "timing": timing(args.repeats) if args.repeats else None}
    if seeds:
        passed = sum(r["ok"] for r in seeds)
        ratios = [r["ratio"] for r in seeds]
        rn = [r["resnet56_vs_plain56"] for r in seeds]
        print(
            f"\nthe bar: {passed}/{len(seeds)} seeds pass; plain-56 ends with {min(ratios):.1f}x "
            f"to {max(ratios):.1f}x plain-20's training error, ResNet-56 with {min(rn):.1%} to "
            f"{max(rn):.1%} of plain-56's; requests off the machine: "
            f"{sum(r['offsite'] for r in seeds)}"
        )
    if report["timing"]:
        for k, t in report["timing"].items():
            print(
                f"{k}: whole race {t['median_seconds']:.1f} s (median of {args.repeats}), "
                f"every net's first epoch {t['median_first_epoch_seconds']:.2f} s"
            )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1))
    return 0 if all(r["ok"] for r in seeds) else 1


if __name__ == "__main__":
    sys.exit(main())
