"""Rules every chapter keeps: in the table of contents, outputs out of git, the standard opening,
and a file every Jupyter opens as it is (JupyterLab, Notebook 7, VS Code, Colab)."""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
TOC_FILES = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
MARK = "# NBVAL_CHECK_OUTPUT"


def strip_tool():
    """tools/strip_notebooks.py, imported (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "strip_notebooks", ROOT / "tools/strip_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_chapter_in_the_toc_exists_and_every_notebook_is_listed():
    assert TOC["format"] == "jb-book" and (ROOT / f"{TOC['root']}.md").exists()
    chapters = [f for f in TOC_FILES if f.startswith("chapters/")]
    assert [f"chapters/{p.stem}" for p in NOTEBOOKS] == chapters
    assert set(TOC_FILES) - set(chapters) == {"glossary"}, "a page outside chapters/ is Markdown"
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


# What ipykernel writes into a notebook it runs (its kernel.json): the oracle for the kernelspec
JUPYTER_KERNELSPEC = {
    "display_name": get_kernel_dict()["display_name"],  # "Python 3 (ipykernel)"
    "language": get_kernel_dict()["language"],
    "name": KERNEL_NAME,
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_valid_nbformat_4_with_the_kernelspec_jupyter_writes(path):
    """VS Code, Colab and JupyterLab all read nbformat 4; a kernelspec other than ipykernel's
    makes JupyterLab rewrite it on opening, so the chapter shows as modified (issue 13)."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert nb.nbformat == 4
    nbformat.validate(nb)  # raises on anything that is not valid nbformat 4
    assert nb.metadata.kernelspec == JUPYTER_KERNELSPEC
    assert nb.metadata.language_info.name == "python"


def test_strip_tool_writes_the_kernelspec_jupyter_writes():
    tool = strip_tool()
    assert tool.KERNELSPEC == JUPYTER_KERNELSPEC
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.widgets = {"state": {}}
    nb.cells = [
        nbformat.v4.new_code_cell("print(1)", execution_count=1),
        nbformat.v4.new_code_cell(f"{MARK}\nprint(2)", execution_count=2),
    ]
    for cell, text in zip(nb.cells, ("1\n", "2\n")):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    tool.strip(nb)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec == JUPYTER_KERNELSPEC and "widgets" not in nb.metadata
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None
    assert nb.cells[1].outputs[0].text == "2\n" and nb.cells[1].execution_count == 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_make_strip_leaves_a_committed_chapter_as_it_is(path):
    """The strip tool writes what is in git, byte for byte (so `make strip` never shows a diff)."""
    nb = nbformat.read(path, as_version=4)
    strip_tool().strip(nb)
    assert nbformat.writes(nb) + "\n" == path.read_text(), f"run `make strip` on {path.name}"
