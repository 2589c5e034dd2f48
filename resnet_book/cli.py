"""Command line: ``python -m resnet_book --help``.

python -m resnet_book arch --json              # every model's depth, parameters, multiply-adds
python -m resnet_book degradation --seed 3 --json
python -m resnet_book browser-race --seed 3 --json  # the HTML book's race, in headless Chromium
python -m resnet_book figures                  # regenerate every figure in figures/
python -m resnet_book draw resnet-34 --out resnet34.svg   # the paper's figures as SVG diagrams
python -m resnet_book reproduce-cifar10 --depth 20   # Table 6 for real (a GPU helps)
"""

from __future__ import annotations

import argparse
import json
import sys


def _arch(args: argparse.Namespace) -> int:
    from resnet_book.models import architecture_table

    rows = architecture_table()
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{'name':<20}{'depth':>6}{'params':>14}{'multiply-adds':>18}")
    for r in rows:
        print(f"{r['name']:<20}{r['depth']:>6}{r['params']:>14,}{r['macs']:>18,}")
    return 0


def _degradation(args: argparse.Namespace) -> int:
    from resnet_book.experiments import run_degradation

    def report(name, history):
        if not args.json:
            print(
                f"{name:>10} epoch {len(history.train_error):>2}: training error "
                f"{history.train_error[-1]:6.1%}, test error {history.test_error[-1]:6.1%}",
                flush=True,
            )

    results = run_degradation(
        depths=tuple(args.depths),
        nets=args.nets,
        width=args.width,
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        option=args.option,
        dataset=args.dataset,
        seed=args.seed,
        on_epoch=report,
    )
    if args.json:
        print(json.dumps(results))
    else:
        for run in results["runs"]:
            note = f" ({run['message']})" if run["message"] else ""
            print(
                f"{run['name']:>10}: final training error {run['train_error'][-1]:.1%}, "
                f"{run['seconds']:.1f} s{note}"
            )
        print(f"total {results['seconds']:.1f} s")
    return 0


def _browser_race(args: argparse.Namespace) -> int:
    from resnet_book.browser_run import BrowserUnavailable, run_browser_race

    settings = {
        k: getattr(args, k) for k in ("depths", "nets", "epochs", "lr", "n") if getattr(args, k)
    }
    try:
        results = run_browser_race(seed=args.seed, **settings)
    except BrowserUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(results))
        return 0
    for run in results["runs"]:
        print(f"{run['name']:>10}: final training error {run['train_error'][-1]:.1%}")
    print(f"{results['summary']}\n{results['backend']}, {results['seconds']:.1f} s in the page")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from resnet_book.figures import FIGURES, make_figures

    for path in make_figures(args.only or None, recompute=args.recompute, into_repo=True):
        print(path)
    return 0 if FIGURES else 1


def _draw(args: argparse.Namespace) -> int:
    from pathlib import Path

    from resnet_book.diagrams import draw

    out = Path(args.out or f"{args.net.strip().lower()}.svg")
    if not out.parent.is_dir():
        raise ValueError(f"the folder {out.parent} does not exist; create it or pick another --out")
    print(draw(args.net, option=args.option).save(out))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from resnet_book.experiments import DEGRADATION_DEFAULTS as D

    parser = argparse.ArgumentParser(
        prog="python -m resnet_book", description="The code behind 'ResNet, Interactively'."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    arch = commands.add_parser("arch", help="depth, parameters and multiply-adds of every model")
    arch.add_argument("--json", action="store_true", help="one JSON list instead of a table")
    arch.set_defaults(run=_arch)

    deg = commands.add_parser("degradation", help="race plain and residual nets (Fig. 1, Fig. 6)")
    deg.add_argument("--seed", type=int, default=D["seed"])
    deg.add_argument("--depths", type=int, nargs="+", default=list(D["depths"]))
    deg.add_argument("--nets", choices=("both", "plain", "residual"), default=D["nets"])
    deg.add_argument("--width", type=int, default=D["width"], help="filters in the first stage")
    deg.add_argument("--epochs", type=int, default=D["epochs"])
    deg.add_argument("--lr", type=float, default=D["lr"])
    deg.add_argument("--batch-size", type=int, default=D["batch_size"])
    deg.add_argument("--option", default=D["option"], help="shortcut option A, B or C")
    deg.add_argument("--dataset", default=D["dataset"], help="digits (default) or cifar10")
    deg.add_argument("--json", action="store_true", help="print one JSON object, nothing else")
    deg.set_defaults(run=_degradation)

    br = commands.add_parser("browser-race", help="chapter 1's in-page race, in headless Chromium")
    br.add_argument("--seed", type=int, default=0)
    br.add_argument("--depths", type=int, nargs="+", help="default: the page's (20 56)")
    br.add_argument("--nets", choices=("both", "plain", "residual"))
    br.add_argument("--epochs", type=int)
    br.add_argument("--lr", type=float)
    br.add_argument("--n", type=int, help="training images (default: the page's 512)")
    br.add_argument("--json", action="store_true", help="print one JSON object, nothing else")
    br.set_defaults(run=_browser_race)

    fig = commands.add_parser("figures", help="regenerate the figures in figures/")
    fig.add_argument("only", nargs="*", help="names of figures to make (default: all)")
    fig.add_argument(
        "--recompute",
        action="store_true",
        help="rerun heavy experiments instead of loading recorded results",
    )
    fig.set_defaults(run=_figures)

    from resnet_book.diagrams import NAMES

    drw = commands.add_parser("draw", help="draw a net or a figure of the paper as an SVG diagram")
    drw.add_argument("net", help=f"what to draw: {NAMES}")
    drw.add_argument("--out", help="the SVG file to write (default: NET.svg)")
    drw.add_argument("--option", help="shortcut option A, B or C (default: B ImageNet, A CIFAR)")
    drw.set_defaults(run=_draw)

    from resnet_book.reproduce import add_arguments as reproduce_arguments

    reproduce_arguments(
        commands.add_parser("reproduce-cifar10", help="§4.2's full CIFAR-10 recipe (Table 6)")
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ValueError as error:  # bad input: a message, not a traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
