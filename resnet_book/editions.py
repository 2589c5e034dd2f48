"""The book's two editions, English and 中文: a small Sphinx extension.

Sphinx translates the pages itself, from the gettext catalogs under ``locales/`` (README,
"Translations"): every paragraph, heading, admonition, table cell and figure caption of a
chapter is a message. This extension adds the two things it cannot do alone for our pages:

- **alt text of the figures a chapter's code draws.** MyST-NB attaches those images after
  Sphinx has translated the page, so their alt text (cell metadata ``mystnb.image.alt``) is
  added to the page's catalog here, and translated here once the images are in place;
- **display maths**, which Sphinx would re-parse as reST and lose in a MyST page, and the
  sidebar's part names, which come from _toc.yml after Sphinx has translated the root page;
- **a language switch on every page**: a header button that opens the same page in the other
  edition (``_build/html/`` is English, ``_build/html/zh/`` Chinese), and ``<link rel=alternate>``;
- **the words of the book's own scripts** (``html_js_files``, such as the figures' lightbox) in
  Chinese: a translated page carries their Chinese as JSON (``resnet_book.i18n``).

Used from ``_config.yml`` (``sphinx: extra_extensions``); ``tools/edition.py`` builds the editions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

# Each edition: its Sphinx language, its folder under _build/html, its short name on the switch
# (short: the header has room for little more than icons on a phone).
EDITIONS = {"en": ("", "EN"), "zh_CN": ("zh", "中文")}


class _Origin(NamedTuple):
    """Where a message comes from, as Sphinx's gettext catalog wants it."""

    source: str
    line: int
    uid: str


def figure_texts(notebook: Path) -> Iterator[tuple[int, str]]:
    """(cell number, text) of the caption and alt text of every figure a notebook's code draws."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, 1):
        meta = cell.get("metadata", {}).get("mystnb", {})
        for text in (meta.get("figure", {}).get("caption"), meta.get("image", {}).get("alt")):
            if cell["cell_type"] == "code" and text:
                yield number, text


def _notebook(app, docname: str) -> Path | None:
    path = Path(app.srcdir, docname + ".ipynb")
    return path if path.exists() else None


def _add_alt_messages(app, doctree, docname: str) -> None:
    """gettext builder: put the figures' captions and alt texts in the page's catalog.

    Sphinx finds a caption itself when the notebook has run; this finds it when it has not.
    """
    path = _notebook(app, docname)
    if app.builder.name != "gettext" or path is None:
        return
    from sphinx.util.i18n import docname_to_domain

    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    for number, text in figure_texts(path):
        catalog.add(text, _Origin(str(path), number, f"fig-{docname}-{number}"))


def _catalog(app, docname: str):
    """The page's translations (a gettext catalog), or None in the English edition.

    Loaded once per page and build: on every call Sphinx's loader chains another copy of the
    catalog onto the one it keeps (as a fallback), and three steps here ask for it.
    """
    if app.config.language in ("en", None) or app.builder.name == "gettext":
        return None
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(docname, app.config.gettext_compact)
    loaded = app.__dict__.setdefault("_book_catalogs", {})
    if domain not in loaded:
        dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
        catalog, found = init_locale(dirs, app.config.language, domain)
        loaded[domain] = catalog if found else None
    return loaded[domain]


def _translate_alt(app, doctree, docname: str) -> None:
    """A translated edition: translate the alt text of every image in place."""
    catalog = _catalog(app, docname)
    for image in doctree.findall(nodes.image) if catalog else ():
        if image.get("alt"):
            image["alt"] = catalog.gettext(image["alt"])


class TranslateDisplayMaths(SphinxTransform):
    """A translated edition: display maths ($$...$$) from the catalog, before Sphinx's own step.

    Sphinx re-parses a translated maths block as reST (``::`` and the text indented), which MyST
    reads as a paragraph "::": the formula would be lost. Translated here first, the block leaves
    Sphinx nothing to do.
    """

    default_priority = 19  # just before sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs) -> None:
        catalog = _catalog(self.app, self.env.docname)
        for block in self.document.findall(nodes.math_block) if catalog else ():
            text = catalog.gettext(block.astext())
            if text != block.astext():
                block.rawsource = text
                block.children = [nodes.Text(text)]


class TranslateTocCaptions(SphinxTransform):
    """A translated edition: the sidebar's part names ("Part I · ...") from the root page's catalog.

    sphinx-external-toc adds the parts (toctrees with a caption, from _toc.yml) to the root page
    after Sphinx has translated it; their captions are messages of that page all the same.
    """

    default_priority = 101  # just after sphinx_external_toc's InsertToctrees (100)

    def apply(self, **kwargs) -> None:
        catalog = _catalog(self.app, self.env.docname)
        for toctree in self.document.findall(addnodes.toctree) if catalog else ():
            if toctree.get("caption"):
                toctree["caption"] = catalog.gettext(toctree["caption"])


def other_edition(language: str) -> str:
    """The language of the other edition."""
    return "en" if language == "zh_CN" else "zh_CN"


def switch_href(language: str, pagename: str) -> str:
    """The relative link from a page of one edition to the same page of the other."""
    up = "../" * pagename.count("/")
    here, there = EDITIONS[language][0], EDITIONS[other_edition(language)][0]
    return up + ("../" if here else "") + (f"{there}/" if there else "") + pagename + ".html"


def _add_switch(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A header button (and a <link rel=alternate>) to the same page in the other edition."""
    language = app.config.language if app.config.language in EDITIONS else "en"
    other = other_edition(language)
    href, name = switch_href(language, pagename), EDITIONS[other][1]
    tooltip = "Read this page in English" if other == "en" else "用中文阅读本页"
    context.setdefault("header_buttons", []).insert(
        0,
        {
            "type": "link",
            "url": href,
            "text": name,
            "tooltip": tooltip,
            "icon": "fas fa-language",
            "label": "language-switch-button",
        },
    )
    hreflang = other.replace("_", "-")
    link = f'<link rel="alternate" hreflang="{hreflang}" href="{href}" />\n'
    context["metatags"] = context.get("metatags", "") + link


def script_words(app) -> str:
    """The Chinese of every t("...") text in the book's own scripts (html_js_files), as JSON."""
    from resnet_book.i18n import script_messages, script_texts

    texts: set[str] = set()
    for name in app.config.html_js_files:
        name = name[0] if isinstance(name, tuple) else name
        for folder in app.config.html_static_path:
            path = Path(app.confdir, folder, name)
            if path.is_file():
                texts |= script_texts(path.read_text(encoding="utf-8"))
    return script_messages(texts)


def _add_script_words(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A translated page: the Chinese of its scripts' words, in the page's head."""
    if app.config.language not in ("en", None) and app.builder.format == "html":
        if "_book_script_words" not in app.__dict__:  # read once per build
            app._book_script_words = script_words(app)
        context["metatags"] = context.get("metatags", "") + app._book_script_words + "\n"


def setup(app) -> dict:
    app.add_transform(TranslateDisplayMaths)
    app.add_transform(TranslateTocCaptions)
    app.connect("doctree-resolved", _add_alt_messages)
    app.connect("doctree-resolved", _translate_alt)
    # after sphinx-book-theme has made its header buttons (priority 501)
    app.connect("html-page-context", _add_switch, priority=510)
    app.connect("html-page-context", _add_script_words)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
