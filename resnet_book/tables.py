"""Tables for the eye: an HTML table in the book and in Jupyter, aligned text anywhere else.

A chapter that shows rows of numbers returns a ``Table`` instead of printing them: Jupyter and
the HTML book render its ``_repr_html_`` (a real table that scrolls inside its own box on a phone
and follows the light or dark theme, see ``_assets/book.css``); a terminal, a log and nbval's
``text/plain`` see the same rows as aligned text.

    >>> Table(["depth", "Table 1", "ours"], [[18, 1.8, 1.81]], caption="FLOPs, 10^9")

Cells are formatted once, by the caller or by ``fmt`` (a format spec per column, such as
``",.0f"`` or ``".2f"``); ``None`` shows as "-". Columns whose cells are numbers align right.

Headers, and a caption or note that is a fixed text, carry their Chinese too, hidden: the
Chinese edition shows it instead of the English (``resnet_book.i18n``).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from numbers import Number

from resnet_book.i18n import label

# A cell that reads as a number ("27.94", "1,347", "6.43 (6.61±0.16)", "8.43†", "-") aligns right.
NUMBER = re.compile(r"[<+-]?[\d.,]+( ?\([\d.,±]+\)| ± [\d.]+)?[†%M×]*|-|")


def _text(value, spec: str | None) -> str:
    if value is None:
        return "-"
    if spec and isinstance(value, Number):
        return format(value, spec)
    return str(value)


class Table:
    """Rows with a header, an optional caption and note, and rows to highlight (ours)."""

    def __init__(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence],
        caption: str = "",
        note: str = "",
        fmt: dict[str, str] | None = None,
        highlight: Sequence[int] = (),
    ):
        """Args:
        fmt: a format spec per column name, applied to the numbers of that column.
        highlight: indices of rows to mark (the book uses it for our numbers next to the paper's).
        """
        self.columns = [str(c) for c in columns]
        if any(len(r) != len(self.columns) for r in rows):
            raise ValueError(f"every row needs {len(self.columns)} cells, one per column")
        fmt = fmt or {}
        self.cells = [
            [_text(v, fmt.get(c)) for v, c in zip(r, self.columns)] for r in rows
        ]  # fmt: skip
        self.numeric = [
            bool(rows) and all(NUMBER.fullmatch(r[i]) for r in self.cells)
            for i in range(len(self.columns))
        ]
        self.caption, self.note, self.highlight = caption, note, set(highlight)

    @property
    def rows(self) -> list[list[str]]:
        """The cells as shown, row by row."""
        return self.cells

    def __str__(self) -> str:
        width = [max(len(c), *(len(r[i]) for r in self.cells)) for i, c in enumerate(self.columns)]

        def line(cells):
            return "  ".join(
                c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, width, self.numeric)
            ).rstrip()

        out = textwrap.wrap(self.caption, 78) + [line(self.columns)]
        out += [line(r) for r in self.cells] + textwrap.wrap(self.note, 78)
        return "\n".join(out)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        def cells(tag, values, text=html.escape):
            return "".join(
                f"<{tag}{' class=num' if num else ''}>{text(v)}</{tag}>"
                for v, num in zip(values, self.numeric)
            )

        body = "".join(
            f"<tr{' class=ours' if i in self.highlight else ''}>{cells('td', r)}</tr>"
            for i, r in enumerate(self.cells)
        )
        caption = f"<caption>{label(self.caption)}</caption>" if self.caption else ""
        note = f'<p class="book-table-note">{label(self.note)}</p>' if self.note else ""
        return (
            f'<table class="book-table">{caption}<thead><tr>{cells("th", self.columns, label)}</tr>'
            f"</thead><tbody>{body}</tbody></table>{note}"
        )


def settings(values: dict, caption: str = "") -> Table:
    """A dict of settings (a record's provenance) as two columns, so no line runs off the page."""
    return Table(["setting", "value"], [[k, str(v)] for k, v in values.items()], caption=caption)


def stages(rows: list[dict]) -> Table:
    """``architecture.stage_table`` rows, stage by stage, with a total."""
    total = [sum(r[k] for r in rows) for k in ("params", "macs")]
    body = [[r["layer"], r["output"], r["block"], r["params"], r["macs"]] for r in rows]
    return Table(
        ["layer", "output", "block", "params", "mult-adds"],
        [*body, ["total", "", "", *total]],
        fmt={"params": ",", "mult-adds": ","},
    )


def sweep(rows: list[dict]) -> Table:
    """``depth_sweep.summary`` rows: final errors in %, mean ± std over the seeds, and the best."""
    return Table(
        ["net", "seeds", "training error (%)", "test error (%)", "best test (%)"],
        [
            [
                r["name"],
                r["seeds"],
                f"{r['train_error']:.1f} ± {r['train_error_std']:.1f}",
                f"{r['test_error']:.1f} ± {r['test_error_std']:.1f}",
                r["test_error_best"],
            ]
            for r in rows
        ],
        fmt={"best test (%)": ".1f"},
    )
