"""The chapters' first code cell on a fresh Colab runtime (issue 13): torch and the usual
scientific stack preinstalled, ``resnet_book`` absent.

Colab is out of reach here, so the test builds the closest thing on the disk: a new virtual
environment whose preinstalled packages are this venv's (torch included), minus the book's own
package, then runs the install cell there in IPython, as Colab does. The only change to the cell:
the repository URL becomes a copy of this checkout's package, with ``--no-index`` (pip may use the
disk only, so it cannot fetch anything that Colab would not already have) and
``--no-build-isolation`` (the build uses the setuptools already there instead of downloading one).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
INSTALL = re.compile(r"%pip install -q git\+\S+")


def code_cells(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def install_cell() -> str:
    """The install cell, the same in every chapter that has one (chapter 0 shows it too)."""
    cells = {next(s for s in code_cells(p) if INSTALL.search(s)) for p in NOTEBOOKS}
    assert len(cells) == 1, "the chapters' install cells differ"
    return cells.pop()


def fresh_runtime(where: Path) -> Path:
    """A venv without pip or the book, whose preinstalled packages are this venv's: a folder of
    links to them (minus resnet_book's files), named by a .pth file. Packages reached through a
    .pth are outside the new environment, so pip can never remove or change them."""
    env = where / "colab"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    preinstalled = where / "preinstalled"
    preinstalled.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    for entry in ours.iterdir():
        if "resnet_book" not in entry.name and not entry.name.endswith(".pth"):
            (preinstalled / entry.name).symlink_to(entry)
    python = env / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "colab_preinstalled.pth").write_text(f"{preinstalled}\n")
    return python


def run_in(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


RUN_CELL = """
import json
from IPython.core.interactiveshell import InteractiveShell
result = InteractiveShell.instance().run_cell({cell!r})
print(json.dumps({{"ok": result.success}}))
"""


def test_the_install_cell_installs_the_book_on_a_fresh_colab_runtime(tmp_path):
    source = tmp_path / "resnet-interactively"  # what pip would build from the repository URL
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "resnet_book", source / "resnet_book",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    cell = INSTALL.sub(f"%pip install -q --no-index --no-build-isolation {source}", install_cell())
    assert cell != install_cell()
    python = fresh_runtime(tmp_path)
    site = Path(run_in(python, "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       tmp_path).stdout.strip())  # fmt: skip
    before = set(os.listdir(site))

    absent = run_in(
        python, "import importlib.util as u; print(u.find_spec('resnet_book'))", tmp_path
    )
    assert absent.stdout.strip() == "None", absent.stderr  # a fresh runtime: the book is missing

    first = run_in(python, RUN_CELL.format(cell=cell), tmp_path)
    assert first.returncode == 0 and '"ok": true' in first.stdout, first.stdout + first.stderr
    assert "ERROR" not in first.stdout + first.stderr, first.stdout + first.stderr
    added = set(os.listdir(site)) - before
    assert {n for n in added if not n.startswith("resnet_book")} == set(), (
        f"the install cell installed more than the book: {sorted(added)}"  # no torch again
    )
    assert "resnet_book" in added and "resnet_book-0.1.0.dist-info" in added

    # run again: the book is there now, so the cell does nothing and says nothing
    again = run_in(python, RUN_CELL.format(cell=cell), tmp_path)
    assert again.stdout.strip() == '{"ok": true}' and not again.stderr.strip(), again

    # every chapter's import cell works with the installed package (package data included)
    imports = [code_cells(p)[1] for p in NOTEBOOKS]
    check = f"""
import json, resnet_book, torch
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
ok = [shell.run_cell(cell, silent=True).success for cell in {imports!r}]
from resnet_book import quiz
from resnet_book.figures import RECORD_DIR
banks = [c for c in quiz.chapters() if quiz.render(c)]  # the banks travel as package data
records = sorted(p.name for p in RECORD_DIR.glob("*.json"))  # so do the recorded results
print(json.dumps({{"ok": ok, "book": resnet_book.__file__, "torch": torch.__file__,
                  "banks": banks, "records": records}}))
"""
    done = run_in(python, check, tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ok"] == [True] * len(NOTEBOOKS), done.stdout + done.stderr
    assert report["book"].startswith(str(site))  # the installed copy, not this checkout
    assert str(tmp_path / "preinstalled") in report["torch"]  # Colab's torch, untouched
    assert report["banks"] == sorted(p.stem for p in (ROOT / "quizzes").glob("[0-9][0-9]_*.yaml"))
    assert report["records"] == sorted(
        p.name for p in (ROOT / "resnet_book/recorded").glob("*.json")
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_opens_with_the_install_cell_then_its_imports(path):
    cells = code_cells(path)
    assert INSTALL.search(cells[0]) and 'find_spec("resnet_book") is None' in cells[0]
    assert "from resnet_book" in cells[1]
