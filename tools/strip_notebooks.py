"""Keep notebooks' outputs out of git, except the cells nbval compares.

    python tools/strip_notebooks.py              # strip every chapter in place
    python tools/strip_notebooks.py --refresh    # first run them (quick mode) to record the
                                                 # outputs of cells marked # NBVAL_CHECK_OUTPUT

The rule (README, "Notebook outputs"): a cell keeps its output in git only when it carries
"# NBVAL_CHECK_OUTPUT"; nbval then checks that output exactly, in every test run. Every chapter
also keeps the kernelspec that Jupyter itself writes (ipykernel's), so that JupyterLab, Notebook 7
and VS Code open it unmodified and Colab finds its standard Python 3 kernel.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import nbformat

MARK = "# NBVAL_CHECK_OUTPUT"
ROOT = Path(__file__).resolve().parent.parent
# What ipykernel's kernel.json says: a notebook that stores anything else (e.g. "Python 3") is
# rewritten by Jupyter on opening and shows as modified (●) before anything runs (issue 13).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def is_checked(cell) -> bool:
    return cell.cell_type == "code" and MARK in cell.source


def strip(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code" and not is_checked(cell):
            cell.execution_count = None  # nbval skips a checked cell that has no count
            cell.outputs = []
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)


def refresh(path: Path):
    from nbclient import NotebookClient

    os.environ["RESNET_BOOK_QUICK"] = "1"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--refresh", action="store_true", help="execute before stripping")
    args = parser.parse_args()
    for path in args.paths or sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = refresh(path) if args.refresh else nbformat.read(path, as_version=4)
        strip(nb)
        path.write_text(nbformat.writes(nb) + "\n")
        print(path)


if __name__ == "__main__":
    main()
