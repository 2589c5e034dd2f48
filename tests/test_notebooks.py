"""Rules every chapter keeps: in the table of contents, outputs out of git, the standard opening."""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
TOC_FILES = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
MARK = "# NBVAL_CHECK_OUTPUT"


def test_every_chapter_in_the_toc_exists_and_every_notebook_is_listed():
    assert TOC["format"] == "jb-book" and (ROOT / f"{TOC['root']}.md").exists()
    assert [f"chapters/{p.stem}" for p in NOTEBOOKS] == TOC_FILES
    planned = ["00_how_to_use", "01_degradation", "02_residual_learning", "03_shortcuts",
               "04_bottleneck", "05_experiments", "06_over_1000_layers", "07_review"]  # fmt: skip
    assert [p.stem for p in NOTEBOOKS] == planned


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_stay_out_of_git_except_checked_cells(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            assert cell.outputs and cell.execution_count, (
                f"cell {i} is checked by nbval but has no stored output: run "
                f"`python tools/strip_notebooks.py --refresh {path.name}`"
            )
        else:
            assert not cell.outputs and cell.execution_count is None, (
                f"cell {i} has outputs: run `make strip`"
            )
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapters_open_the_same_way(path):
    nb = nbformat.read(path, as_version=4)
    first, box = nb.cells[0], nb.cells[0].source + nb.cells[1].source
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "🎯 In this chapter" in box and "You will learn" in box
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import *" not in sources


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_install_cell_follows_the_repository_url(path):
    """Colab installs the package from the URL a fork sets in _config.yml (README, "Forking")."""
    nb = nbformat.read(path, as_version=4)
    sources = "\n".join(c.source for c in nb.cells)
    # The URL sits in a variable so the cell's lines fit the book's 80-character column.
    urls = re.findall(r'^URL = "(\S+)"$', sources, re.MULTILINE)
    assert urls == [CONFIG["repository"]["url"]]
    assert "    %pip install -q git+{URL}" in sources
