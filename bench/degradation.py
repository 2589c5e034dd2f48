"""Benchmark and check the default plain-vs-residual race (chapter 1, README "Benchmarks").

    python bench/degradation.py                    # compare the races, 3 rounds; the widget
    python bench/degradation.py --repeats 5
    python bench/degradation.py --seeds 1000-1029  # the bar, seed by seed, through the CLI

Timing, in one run and as ratios (a shared machine's load changes from minute to minute, but
it slows the contestants of one round alike; the rounds take turns at going first):
- in this process, warm: the race as it was before issue 14 (``race_before.py``), today's race,
  and the four nets trained one after another with ``fit`` on one thread;
- in fresh processes, end to end (Python's start, imports, data, race): the old race, today's,
  ``python -m resnet_book degradation --json``, and the start-up alone (``import`` of the CLI,
  ``--help``).
Today's race also reports the time to its first point and to every net's first epoch. The load
average is printed with every round.

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


def default_race():
    """The nets, data and config of ``run_degradation()``'s default race, built afresh."""
    from resnet_book.experiments import DEGRADATION_DEFAULTS as D
    from resnet_book.experiments import build_nets, cached_dataset
    from resnet_book.training import TrainConfig

    data = cached_dataset(D["dataset"])
    config = TrainConfig(epochs=D["epochs"], lr=D["lr"], batch_size=D["batch_size"], seed=D["seed"])
    nets = build_nets(D["depths"], D["nets"], D["width"], D["option"], data.in_channels,
                      data.num_classes, D["seed"])  # fmt: skip
    return nets, data, config


def run_contestant(name: str) -> dict:
    """Train the default race one way; wall and CPU seconds, first points, final errors."""
    from race_before import race_before

    from resnet_book.race import one_thread, race
    from resnet_book.training import fit

    nets, data, config = default_race()
    start, firsts = time.perf_counter(), {}

    def on_epoch(net, history):
        firsts.setdefault(net, time.perf_counter() - start)

    cpu = time.process_time()
    if name == "old race":
        histories = race_before(nets, data, config, on_epoch=on_epoch)
    elif name == "new race":
        histories = race(nets, data, config, on_epoch=on_epoch)
    else:  # one after another, one thread
        with one_thread():
            histories = {n: fit(net, data, config, name=n) for n, net in nets.items()}
    return {
        "wall": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "first_point": min(firsts.values(), default=None),
        "all_first_epoch": max(firsts.values(), default=None),
        "final": {n: h.train_error[-1] for n, h in histories.items()},
    }


CONTESTANTS = ("old race", "new race", "fit one by one")
FRESH = {  # each in a new process, timed from its start to its end
    "old race": "import race_before as b, degradation as d; b.race_before(*d.default_race())",
    "new race": "import degradation as d, resnet_book.race as r; r.race(*d.default_race())",
    "CLI import": "import resnet_book.cli",
}
FRESH_ARGS = {"CLI --help": ["-m", "resnet_book", "--help"],
              "CLI degradation --json": ["-m", "resnet_book", "degradation", "--json"]}  # fmt: skip


def fresh(label: str) -> float:
    args = FRESH_ARGS.get(label) or ["-c", FRESH[label]]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench")]))
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def compare(repeats: int) -> dict:
    """Rounds of every contestant, warm and fresh, the order turning by one each round."""
    from resnet_book.experiments import warm_up

    warm_up()
    run_contestant("new race")  # the first race of a process pays one-time costs: not counted
    warm = {c: [] for c in CONTESTANTS}
    cold = {c: [] for c in [*FRESH, *FRESH_ARGS]}
    for r in range(repeats):
        turn = CONTESTANTS[r % 3 :] + CONTESTANTS[: r % 3]
        before = load()
        for c in turn:
            warm[c].append(run_contestant(c))
        for c in cold:
            cold[c].append(fresh(c))
        line = "  ".join(f"{c} {warm[c][-1]['wall']:.2f} s" for c in CONTESTANTS)
        line += "  | fresh: " + "  ".join(f"{c} {cold[c][-1]:.2f} s" for c in cold)
        print(f"round {r + 1}: {line}   load {before} -> {load()}", flush=True)
    return {"warm": warm, "cold": cold}


def print_comparison(result: dict) -> None:
    warm, cold = result["warm"], result["cold"]
    med = lambda rows, key="wall": statistics.median(r[key] for r in rows)  # noqa: E731
    new = med(warm["new race"])
    print(f"\nmedians of {len(warm['new race'])} rounds (ratios: time of the other / new race)")
    print(f"{'':<32}{'wall s':>8}{'CPU s':>8}{'ratio':>8}")
    for c in CONTESTANTS:
        print(f"{c + ', warm':<32}{med(warm[c]):>8.2f}{med(warm[c], 'cpu'):>8.2f}"
              f"{med(warm[c]) / new:>8.2f}")  # fmt: skip
    new_cold = statistics.median(cold["new race"])
    for c, times in cold.items():
        t = statistics.median(times)
        ratio = f"{t / new_cold:>8.2f}" if "race" in c else ""
        print(f"{c + ', fresh process':<32}{t:>8.2f}{'':>8}{ratio}")
    firsts = [r["first_point"] for r in warm["new race"]]
    alls = [r["all_first_epoch"] for r in warm["new race"]]
    print(f"new race: first point after {statistics.median(firsts):.2f} s, every net's first "
          f"epoch after {statistics.median(alls):.2f} s (medians)")  # fmt: skip
    same = all(r["final"] == warm["old race"][0]["final"] for rows in warm.values() for r in rows)
    print(f"every contestant ends with the same training errors: {same}")


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
    print_comparison(compare(args.repeats))
    widget = time_widget(args.seed)
    first, total = widget["all_first_epoch"], widget["total"]
    print(
        f"widget, Train pressed: every net's first epoch after {first:.2f} s, done at {total:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
