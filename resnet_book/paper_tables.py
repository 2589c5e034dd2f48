"""Tables 2-6 of the paper as data (``resnet_book/paper/table*.yaml``), and what may be compared.

Every number is copied from the paper (checked against the facts sheet); each table keeps its
caption and its protocol: which data (validation or test), which testing (10-crop, single view,
not stated) and whether a row is one model or an ensemble. Two errors can only be compared when
all three agree.

    >>> load(2)["rows"]                         # [{"layers": 18, "plain": 27.94, ...}, ...]
    >>> value(4, "ResNet-152", "top5")          # 4.49
    >>> comparable((3, "ResNet-152"), (4, "ResNet-152"))
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import yaml

from resnet_book.figures import figure, save

PAPER_DIR = Path(__file__).resolve().parent / "paper"
TABLES = (2, 3, 4, 5, 6)
KEYS = {"table", "caption", "protocol", "notes", "columns", "rows"}
ERROR_COLUMNS = {"plain", "resnet", "top1", "top5", "error"}


@cache
def load(table: int) -> dict:
    """Read ``paper/table{N}.yaml`` (N in 2..6) and check its shape."""
    if table not in TABLES:
        raise ValueError(f"tables as data: {', '.join(map(str, TABLES))}; got {table!r}")
    data = yaml.safe_load((PAPER_DIR / f"table{table}.yaml").read_text(encoding="utf-8"))
    if set(data) != KEYS or data["table"] != table:
        raise ValueError(f"table{table}.yaml must have exactly the keys {sorted(KEYS)}")
    return data


def name_key(table: int) -> str:
    """The column that names a row: "layers" (Table 2), "model" (3) or "method" (4, 5, 6)."""
    return next(iter(load(table)["columns"]))


def row(table: int, name: str | int, **match) -> dict:
    """The one row of a table whose name is ``name`` (and whose other fields match ``match``)."""
    key = name_key(table)
    found = [
        r for r in load(table)["rows"]
        if r[key] == name and all(r.get(k) == v for k, v in match.items())
    ]  # fmt: skip
    if len(found) != 1:
        names = sorted({str(r[key]) for r in load(table)["rows"]})
        raise KeyError(f"Table {table} has {len(found)} rows named {name!r}; names: {names}")
    return found[0]


def value(table: int, name: str | int, column: str, **match) -> float | None:
    return row(table, name, **match)[column]


def protocol(table: int, name: str | int | None = None, **match) -> dict:
    """How a number was measured: {"data", "testing", "models"}; Table 4's † rows are on test."""
    out = dict(load(table)["protocol"])
    if name is not None and row(table, name, **match).get("test_set"):
        out["data"] = "ImageNet test"
    return out


def comparable(a: tuple, b: tuple) -> tuple[bool, str]:
    """May two entries, each (table, row name[, column]), be compared? And why (not)?

    Same data set and split, same testing, and both single models or both ensembles.
    """
    pa, pb = protocol(*a[:2]), protocol(*b[:2])
    differ = [k for k in ("data", "testing", "models") if pa[k] != pb[k]]
    if not differ:
        return True, f"both: {pa['data']}, {pa['testing']}, {pa['models']}"
    why = "; ".join(f"{k}: {pa[k]!r} vs {pb[k]!r}" for k in differ)
    return False, f"different {', '.join(differ)} ({why})"


def section41_gains() -> dict[str, float]:
    """The "2.8%" and "3.5%" of §4.1: absolute top-1 points from Table 2."""
    r18, r34 = row(2, 18), row(2, 34)
    return {
        "ResNet-34 vs ResNet-18": round(r18["resnet"] - r34["resnet"], 2),
        "ResNet-34 vs plain-34": round(r34["plain"] - r34["resnet"], 2),
    }


def table6_resnets() -> list[dict]:
    """The ResNet rows of Table 6: layers, params (M), error (%), and mean/std where given."""
    return [r for r in load(6)["rows"] if r["method"] == "ResNet"]


def format_rows(table: int) -> str:
    """A table as aligned text, with its caption and protocol on top."""
    data = load(table)
    cols = data["columns"]
    width = {k: max(len(v), *(len(cell(r, k)) for r in data["rows"])) for k, v in cols.items()}
    lines = textwrap.wrap(f"Table {table}: {data['caption']}", 78)
    lines.append("protocol: " + ", ".join(data["protocol"].values()))
    lines.append("  ".join(v.ljust(width[k]) for k, v in cols.items()).rstrip())
    for r in data["rows"]:
        cells = [cell(r, k).ljust(width[k]) for k in cols]
        extra = f"  (mean {r['mean']}±{r['std']})" if "mean" in r else ""
        mark = "  †test set" if r.get("test_set") else ""
        lines.append(("  ".join(cells) + extra + mark).rstrip())
    return "\n".join(lines)


def cell(r: dict, column: str) -> str:
    """A value as the paper prints it: errors with 2 decimals (1 where the row says digits: 1)."""
    v = r.get(column)
    if v is None:
        return "-"
    if column in ERROR_COLUMNS:
        return f"{v:.{r.get('digits', 2)}f}"
    return str(v)


@figure("fig05_imagenet_tables")
def fig05_imagenet_tables(recompute: bool = False) -> Path:
    """Table 2 as bars; the ResNet-152 and ensemble top-5 numbers of Tables 3-5 side by side."""
    from resnet_book.plots import new_figure

    fig, (left, right) = new_figure(10, 3.8, columns=2, sharey=False)
    for i, r in enumerate(load(2)["rows"]):
        for j, (key, c) in enumerate((("plain", "#7f7f7f"), ("resnet", "#1f77b4"))):
            left.bar(i + (j - 0.5) * 0.38, r[key], 0.38, color=c, label=None if i else key)
            left.text(i + (j - 0.5) * 0.38, r[key] + 0.1, f"{r[key]:.2f}", ha="center", fontsize=9)
    left.set(ylim=(24, 29.5), ylabel="top-1 error (%)", title="Table 2: 10-crop, ImageNet val")
    left.set_xticks([0, 1], ["18 layers", "34 layers"])
    left.legend(["plain", "ResNet (option A)"], fontsize=8, loc="upper left")
    ladder = [  # (label, top-5 error, protocol)
        ("ResNet-152\nTable 3", value(3, "ResNet-152", "top5"), "10-crop, val,\nsingle model"),
        ("ResNet-152\nTable 4", value(4, "ResNet-152", "top5"), "val,\nsingle model"),
        ("ensemble\nTable 5", value(5, "ResNet (ILSVRC'15)", "top5"), "test server,\nensemble"),
    ]
    colours = ("#9467bd", "#1f77b4", "#d62728")
    for i, ((_, v, how), c) in enumerate(zip(ladder, colours)):
        right.bar(i, v, 0.6, color=c)
        right.text(i, v + 0.08, f"{v:.2f}", ha="center", fontsize=10)
        right.text(i, 0.25, how, ha="center", fontsize=8, color="white")
    right.set_xticks(range(3), [label for label, _, _ in ladder])
    right.set(ylim=(0, 6.5), ylabel="top-5 error (%)", title="Three top-5 numbers, three protocols")
    fig.tight_layout()
    return save(fig, "fig05_imagenet_tables")


@figure("fig05_table6")
def fig05_table6(recompute: bool = False) -> Path:
    """Table 6: ResNet test error against depth (left), and every method of the table (right)."""
    from resnet_book.plots import new_figure

    fig, (ax, bars) = new_figure(10, 4, columns=2, sharey=False)
    resnets = table6_resnets()
    xs = [r["layers"] for r in resnets]
    ax.plot(xs, [r["error"] for r in resnets], "o-", color="#1f77b4", lw=2, label="reported")
    for r in resnets:  # 1202's label sits left of its point, clear of the line's end
        last = r["layers"] == xs[-1]
        ax.annotate(f"{r['error']:.2f}", (r["layers"], r["error"]), textcoords="offset points",
                    xytext=(-8, -4) if last else (0, -15), ha="right" if last else "center",
                    fontsize=8)  # fmt: skip
    r110 = row(6, "ResNet", layers=110)
    ax.errorbar([110 * 1.12], [r110["mean"]], yerr=[r110["std"]], fmt="s", color="#ff7f0e",
                capsize=4, label="110: mean ± std of 5 runs")  # fmt: skip
    ax.set_xscale("log")
    # 32 and 44 would crowd each other at a readable size: their points carry their errors
    ax.set_xticks(xs, [str(x) if x not in (32, 44) else "" for x in xs])
    ax.minorticks_off()
    ax.set(xlabel="ResNet layers (log scale)", ylabel="CIFAR-10 test error (%)", ylim=(6, 9.2))
    ax.set_title("ResNets of Table 6")
    ax.legend(fontsize=8)
    rows = sorted(load(6)["rows"], key=lambda r: -r["error"])
    names = [
        r["method"] + (f"-{r['layers']}" if r["layers"] else "")
        + (f" ({r['params_m']}M)" if r["params_m"] else "")
        for r in rows
    ]  # fmt: skip
    colours = ["#1f77b4" if r["method"] == "ResNet" else "#9e9e9e" for r in rows]
    bars.barh(range(len(rows)), [r["error"] for r in rows], color=colours)
    for i, r in enumerate(rows):
        bars.text(r["error"] + 0.05, i, f"{r['error']:.2f}", va="center", fontsize=8)
    bars.set_yticks(range(len(rows)), names, fontsize=8)
    bars.set(xlim=(5, 10), xlabel="test error (%)", title="every row of Table 6")
    fig.tight_layout()
    return save(fig, "fig05_table6")


def table(number: int):
    """Table N as the paper prints it, for the eye: an HTML table in the book (see tables.py).

    Table 6's ResNet-110 reads "6.43 (6.61±0.16)" (best (mean±std)); Table 4's test-set rows
    carry a †.
    """
    from resnet_book.tables import Table

    data = load(number)
    cols = list(data["columns"])
    rows = []
    for r in data["rows"]:
        cells = [cell(r, k) for k in cols]
        if "mean" in r:
            cells[-1] += f" ({r['mean']:.2f}±{r['std']:.2f})"
        if r.get("test_set"):
            cells[-1] += "†"
        rows.append(cells)
    return Table(
        list(data["columns"].values()),
        rows,
        caption=f"Table {number}: {data['caption']}",
        note="protocol: " + ", ".join(data["protocol"].values()),
    )
