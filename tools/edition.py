"""Build the Chinese edition, and keep its catalogs in step with the English text.

    python tools/edition.py build [--path-output DIR] [-W]   # 中文 into DIR/_build/html/zh/
    python tools/edition.py build --no-execute --path-output /tmp/zh   # its text only, fast
    python tools/edition.py update                           # extract messages, update locales/
    python tools/edition.py check                            # fail if locales/ is out of date

The English edition is what `jupyter-book build` makes (DIR/_build/html/). The Chinese one is a
second Sphinx build of the same sources with ``language = zh_CN``: Sphinx reads each page's
catalog, ``locales/zh_CN/LC_MESSAGES/<page>.po``, and puts the translation of every message in
place of the English. It reuses the English build's execution cache (DIR/_build/.jupyter_cache),
so no notebook runs twice, and its own doctrees, so an edit to one chapter rebuilds one page.

``update`` and ``check`` extract the messages with Sphinx's gettext builder, without running a
notebook: a figure's caption and alt text come from its cell's metadata (resnet_book.editions).
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "zh_CN"
LOCALES = ROOT / "locales"
UPDATE = "python tools/edition.py update"
# The package's own strings: what its tables, diagrams, tools and race show (resnet_book.i18n).
PACKAGE = "resnet_book"


def sphinx(builder: str, out: Path, doctrees: Path, extra: dict, strict: bool = False) -> int:
    """One Sphinx build of the book, configured as `jupyter-book build` configures it."""
    from jupyter_book.sphinx import build_sphinx

    overrides = {"external_toc_path": str(ROOT / "_toc.yml"), "latex_individualpages": False}
    return build_sphinx(
        ROOT,
        out,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides | extra,
        builder=builder,
        doctreedir=doctrees,
        warningiserror=strict,
        keep_going=strict,
        quiet=True,
    )


def build(path_output: Path, strict: bool, execute: bool = True) -> int:
    """The Chinese edition, into PATH_OUTPUT/_build/html/zh (beside the English one).

    Args:
        execute: False shows the text without any cell's output (a translator's quick look).
    """
    build_dir = path_output / "_build"
    work = build_dir / "zh"
    extra = {  # _config.yml's sphinx.config wins over these: set nothing here that it sets
        "language": LANGUAGE,
        # Straight quotes stay straight: after Chinese punctuation (，"…) Sphinx's smart quotes
        # would turn an opening quote into a closing one. English quotes keep their own words.
        "smartquotes": False,
        "nb_code_prompt_show": "显示代码",  # the folded cells' labels (MyST-NB's)
        "nb_code_prompt_hide": "隐藏代码",
        "nb_execution_cache_path": str((build_dir / ".jupyter_cache").resolve()),
    }
    if not execute:
        extra["nb_execution_mode"] = "off"
    # Search splits Chinese text into words with jieba; the glossary's terms are words too, so
    # that 恒等映射 finds the pages about identity mapping (a query is not split further).
    work.mkdir(parents=True, exist_ok=True)
    words = work / "search_words.txt"
    from resnet_book.i18n import glossary

    words.write_text("".join(f"{zh} 1000\n" for _, zh in glossary()), encoding="utf-8")
    extra["html_search_options"] = {"dict": str(words.resolve())}
    status = sphinx("html", work / "html", work / ".doctrees", extra, strict)
    if status == 0:
        shutil.copytree(work / "html", build_dir / "html" / "zh", dirs_exist_ok=True)
        print(f"The Chinese edition is at file://{(build_dir / 'html/zh/index.html').resolve()}")
    return status


def extract(pot_dir: Path) -> None:
    """Every page's messages, and the package's, as .pot files in POT_DIR (no notebook runs)."""
    with tempfile.TemporaryDirectory() as tmp:
        extra = {"nb_execution_mode": "off", "gettext_compact": False}
        if sphinx("gettext", pot_dir, Path(tmp) / ".doctrees", extra) != 0:
            sys.exit("the gettext build failed: see the messages above")
    write_package_pot(pot_dir)


def python_texts(source: str) -> set[str]:
    """The fixed texts a Python source shows in a page: every Table(...)'s headers, caption and
    note, and every label("...") (resnet_book.i18n)."""
    tree = ast.parse(source)
    lists = {  # name = ["a", "b"]: a header list built before the call
        t.id: n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.List)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    texts = set()
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        if name == "label" and call.args:
            parts = [call.args[0]]
        elif name == "Table":
            header = call.args[0] if call.args else None
            header = lists.get(header.id) if isinstance(header, ast.Name) else header
            parts = list(header.elts) if isinstance(header, ast.List) else []
            parts += [k.value for k in call.keywords if k.arg in ("caption", "note")]
        else:
            continue
        texts |= {p.value for p in parts if isinstance(p, ast.Constant) and p.value}
    return texts


def package_messages() -> set[str]:
    """Every text the package (its tables, diagrams, in-page tools and race) shows in a page."""
    import yaml

    from resnet_book.i18n import script_texts

    texts = set()
    for path in sorted((ROOT / "resnet_book").glob("*.py")):
        texts |= python_texts(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and ("Table(" in source or "label(" in source):
                # IPython's magics are not Python; no table is made on such a line
                lines = [line for line in source.splitlines() if line.lstrip()[:1] not in "%!"]
                texts |= python_texts("\n".join(lines))
    for path in sorted((ROOT / "resnet_book" / "paper").glob("table*.yaml")):
        texts |= set(yaml.safe_load(path.read_text(encoding="utf-8"))["columns"].values())
    for path in sorted([*(ROOT / "resnet_book").rglob("*.js"), *(ROOT / "_assets").rglob("*.js")]):
        if "vendor" not in path.parts and "mathjax" not in path.parts:
            texts |= script_texts(path.read_text(encoding="utf-8"))
    return texts


def write_package_pot(pot_dir: Path) -> None:
    """The package's strings as PACKAGE.pot, beside the pages' catalogs."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="ResNet, Interactively")
    for text in sorted(package_messages()):
        catalog.add(text)
    with (pot_dir / f"{PACKAGE}.pot").open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


def msgids(path: Path) -> set[str]:
    """The messages of a .pot or .po file (obsolete ones left out)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def stale_pages(pot_dir: Path) -> list[str]:
    """Pages whose catalog lacks a message of the English text, or has one it no longer has."""
    stale = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        page = pot.relative_to(pot_dir).with_suffix("")
        po = LOCALES / LANGUAGE / "LC_MESSAGES" / f"{page}.po"
        if not po.exists() or msgids(po) != msgids(pot):
            stale.append(str(page))
    return stale


def update() -> None:
    """Extract the messages and merge them into locales/ (new ones empty, changed ones fuzzy)."""
    with tempfile.TemporaryDirectory() as tmp:
        extract(Path(tmp))
        subprocess.run(
            [sys.executable, "-m", "sphinx_intl", "update", "-p", tmp, "-l", LANGUAGE,
             "-d", str(LOCALES), "-w", "100"],
            check=True,
        )  # fmt: skip
    print("Now translate what is new or marked fuzzy in locales/, then build (README).")


def check() -> int:
    """0 when every page's catalog has exactly the messages of its English text."""
    with tempfile.TemporaryDirectory() as tmp:
        extract(Path(tmp))
        stale = stale_pages(Path(tmp))
    if stale:
        print(f"Out of date with the English text: {', '.join(stale)}. Run `{UPDATE}`, then "
              "translate what is new or fuzzy in locales/.")  # fmt: skip
        return 1
    print("The catalogs are in step with the English text.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "update", "check"])
    parser.add_argument("--path-output", type=Path, default=ROOT, help="as jupyter-book's")
    parser.add_argument("-W", dest="strict", action="store_true", help="warnings are errors")
    parser.add_argument("--no-execute", action="store_true", help="text only: no cell outputs")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.path_output, args.strict, not args.no_execute)
    if args.command == "update":
        update()
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
