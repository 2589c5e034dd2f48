"""Benchmark and check the default plain-vs-residual race (chapter 1, README "Benchmarks").

    python bench/degradation.py                    # time the default race: 3 repeats, the widget
    python bench/degradation.py --repeats 5
    python bench/degradation.py --seeds 1000-1029  # the bar, seed by seed, through the CLI

Timing: total wall time of ``run_degradation`` (the first call in a process includes loading the
digits, ~1.5 s, which the widget does when it is built), its CPU time, the time until the first
point of any net and until every net has its first epoch, and each net's own training seconds.
The load average is printed with every row: other processes on the machine slow the race down;
the CPU time divided by the two workers estimates the wall time on an idle machine.

The bar (issue 3): with the defaults, for every seed, the final training error of plain-56 is more
than twice that of plain-20, and ResNet-56's is less than half of plain-56's. ``--seeds`` runs
``python -m resnet_book degradation --seed S --json`` for each seed and checks exactly that.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def time_race(repeats: int, seed: int) -> list[dict]:
    from resnet_book.experiments import run_degradation

    rows = []
    for i in range(repeats):
        start, firsts = time.perf_counter(), {}

        def on_epoch(name, history, start=start, firsts=firsts):
            firsts.setdefault(name, time.perf_counter() - start)

        before, cpu = load(), time.process_time()
        results = run_degradation(seed=seed, on_epoch=on_epoch)
        rows.append(
            {
                "repeat": i + 1,
                "cold": i == 0,
                "total": time.perf_counter() - start,
                "cpu": time.process_time() - cpu,
                "first_point": min(firsts.values()),
                "all_first_epoch": max(firsts.values()),
                "nets": {r["name"]: r["seconds"] for r in results["runs"]},
                "load": f"{before} -> {load()}",
            }
        )
    return rows


def print_timing(rows: list[dict]) -> None:
    names = list(rows[0]["nets"])
    head = f"{'run':<8}{'total s':>9}{'CPU s':>7}{'1st pt s':>10}{'all 1st s':>11}"
    print(head + "".join(f"{n:>11}" for n in names) + "   load avg (1/5/15 min)")
    for r in rows:
        label = f"{r['repeat']}{' cold' if r['cold'] else ''}"
        line = f"{label:<8}{r['total']:>9.1f}{r['cpu']:>7.1f}{r['first_point']:>10.2f}"
        line += f"{r['all_first_epoch']:>11.2f}"
        print(line + "".join(f"{r['nets'][n]:>11.1f}" for n in names) + f"   {r['load']}")
    warm = [r for r in rows if not r["cold"]] or rows
    total = statistics.median(r["total"] for r in warm)
    first = statistics.median(r["all_first_epoch"] for r in warm)
    print(
        f"median of {len(warm)} warm runs: total {total:.1f} s, all nets' first epoch {first:.2f} s"
    )


def time_widget(seed: int) -> dict:
    """Press Train on a headless trainer (built and warmed up first, as in a notebook)."""
    from resnet_book.widgets import DegradationTrainer

    trainer = DegradationTrainer(seed=seed)
    trainer._warm.join()  # a learner reads the controls for a few seconds before pressing Train
    start, first = time.perf_counter(), None
    trainer.train_button.click()
    while trainer.running:
        if first is None and trainer.progress.value >= 4:  # every net has shown its first epoch
            first = time.perf_counter() - start
        time.sleep(0.01)
    return {"all_first_epoch": first, "total": time.perf_counter() - start}


def cli_wall(seed: int) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "resnet_book", "degradation", "--seed", str(seed), "--json"]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def check_seeds(seeds: list[int], out: Path | None) -> bool:
    """Run the CLI once per seed and check the bar; print one row per seed and a summary."""
    print(f"{'seed':>6}{'plain-20':>10}{'plain-56':>10}{'ResNet-20':>11}{'ResNet-56':>11}"
          f"{'p56/p20':>9}{'R56/p56':>9}{'seconds':>9}  load   ok")  # fmt: skip
    records, failures = [], []
    for seed in seeds:
        cmd = [sys.executable, "-m", "resnet_book", "degradation", "--seed", str(seed), "--json"]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        result = json.loads(done.stdout)
        final = {r["name"]: r["train_error"][-1] for r in result["runs"]}
        p20, p56, r56 = final["plain-20"], final["plain-56"], final["ResNet-56"]
        ok = p56 > 2 * p20 and r56 < p56 / 2  # the time depends on the load: reported apart
        failures += [] if ok else [seed]
        ratio = p56 / p20 if p20 else float("inf")
        print(f"{seed:>6}{p20:>10.3f}{p56:>10.3f}{final['ResNet-20']:>11.3f}{r56:>11.3f}"
              f"{ratio:>9.1f}{r56 / p56:>9.3f}{result['seconds']:>9.1f}  "
              f"{os.getloadavg()[0]:.1f}  {'✅' if ok else '❌'}", flush=True)  # fmt: skip
        records.append(result)
    races = [r["runs"] for r in records]
    worst_deep = min(_final(r, "plain-56") / max(_final(r, "plain-20"), 1e-9) for r in races)
    worst_res = max(_final(r, "ResNet-56") / _final(r, "plain-56") for r in races)
    seconds = [r["seconds"] for r in records]
    print(
        f"\n{len(seeds) - len(failures)}/{len(seeds)} seeds pass. Worst plain-56/plain-20: "
        f"{worst_deep:.1f} (bar > 2); worst ResNet-56/plain-56: {worst_res:.3f} (bar < 0.5); "
        f"seconds: median {statistics.median(seconds):.1f}, max {max(seconds):.1f} (bar <= 15 on a "
        "quiet machine; see the load column)."
    )
    if out:
        out.write_text(json.dumps(records) + "\n")
    return not failures


def _final(runs: list[dict], name: str) -> float:
    return next(r["train_error"][-1] for r in runs if r["name"] == name)


def parse_seeds(text: str) -> list[int]:
    """ "1000-1029" or "1,2,5" -> a list of seeds."""
    if "-" in text:
        low, high = map(int, text.split("-"))
        return list(range(low, high + 1))
    return [int(s) for s in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (the first is cold)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the timed runs")
    parser.add_argument("--seeds", help="check the bar for these seeds instead, e.g. 1000-1029")
    parser.add_argument("--out", type=Path, help="with --seeds: save every result as JSON here")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {load()} before the benchmark")
    if args.seeds:
        return 0 if check_seeds(parse_seeds(args.seeds), args.out) else 1
    print_timing(time_race(args.repeats, args.seed))
    widget = time_widget(args.seed)
    first, total = widget["all_first_epoch"], widget["total"]
    print(
        f"widget, Train pressed: every net's first epoch after {first:.2f} s, done at {total:.1f} s"
    )
    print(f"CLI end to end (python -m resnet_book degradation --json): {cli_wall(args.seed):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
