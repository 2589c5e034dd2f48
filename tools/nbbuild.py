"""Write a chapter notebook from a plain Python list of cells (an authoring aid, not book code).

    from tools.nbbuild import md, code, write
    write("chapters/01_degradation.ipynb", [md("# Title"), code("x = 1", tags=["remove-cell"])])

Outputs are never written: the book and nbval execute the notebooks themselves.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat


def md(text: str, tags: list[str] | None = None):
    cell = nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip("\n"))
    if tags:
        cell.metadata["tags"] = tags
    return cell


def code(source: str, tags: list[str] | None = None):
    cell = nbformat.v4.new_code_cell(textwrap.dedent(source).strip("\n"))
    if tags:
        cell.metadata["tags"] = tags
    return cell


def write(path: str | Path, cells: list) -> None:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, cell in enumerate(nb.cells):  # stable ids, so rewrites give small diffs
        cell.id = f"cell-{i:03d}"
    nbformat.validate(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n")
