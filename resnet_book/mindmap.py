"""The paper on one page: a mind map drawn by matplotlib (chapter 7), with Chinese subtitles.

    >>> fig = draw_mindmap()                    # a matplotlib Figure
    >>> python -m resnet_book figures fig07_mindmap

Every leaf is the paper's own claim except the branch marked "later work", which is not in the
paper (see the chapter's "reviewer's corner").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from resnet_book.figures import figure, has_cjk_font, save


@dataclass(frozen=True)
class Branch:
    en: str  # the branch title
    zh: str  # its Chinese subtitle
    where: str  # the chapter of the book and the part of the paper
    colour: str
    leaves: tuple[tuple[str, str], ...]  # (English, Chinese) pairs


CENTRE = ("Deep Residual Learning", "深度残差学习", "He, Zhang, Ren, Sun · arXiv:1512.03385")
BRANCHES = (
    Branch(
        "The problem",
        "问题：退化",
        "Ch. 1 · §1, §4.1, Fig. 1",
        "#d62728",
        (
            ("deeper plain nets: higher training error", "更深的普通网络训练误差更高"),
            ("not overfitting (training error rises)", "不是过拟合"),
            ("not vanishing gradients (BN, §4.1)", "不是梯度消失"),
        ),
    ),
    Branch(
        "The idea",
        "核心思想：残差",
        "Ch. 2 · §3.1, §3.2, Eqn. (1)",
        "#1f77b4",
        (
            ("learn F(x) = H(x) − x, output F(x) + x", "学习残差 F(x) = H(x) − x"),
            ("identity shortcut: no extra parameter", "恒等捷径：零额外参数"),
            ("hypothesis: residual is easier to optimise", "假设：残差更容易优化"),
        ),
    ),
    Branch(
        "Shortcuts",
        "捷径：A / B / C",
        "Ch. 3 · §3.3, §4.1, Table 3",
        "#2ca02c",
        (
            ("A: zero-padding, parameter-free", "A：补零，无参数"),
            ("B: project only when shapes change", "B：仅在维度变化时投影"),
            ("C: all projections, marginally better", "C：全部投影，略好"),
        ),
    ),
    Branch(
        "Going deeper",
        "更深：瓶颈块",
        "Ch. 4 · §3.3, §4.1, Table 1, Fig. 5",
        "#9467bd",
        (
            ("ResNet-18/34: two 3×3 convs per block", "两层 3×3 基本块"),
            ("ResNet-50/101/152: 1×1, 3×3, 1×1", "三层瓶颈块"),
            ("152 layers, 11.3 billion FLOPs < VGG-19", "152 层，计算量仍低于 VGG"),
        ),
    ),
    Branch(
        "The evidence",
        "实验证据",
        "Ch. 5 · §4.1, §4.2, Tables 2–6, Figs. 4, 6, 7",
        "#ff7f0e",
        (
            ("ResNet-34 25.03 vs plain-34 28.54 top-1", "ImageNet：残差网络反超"),
            ("ensemble: 3.57% top-5 (test), 1st place", "集成模型 ILSVRC 2015 第一"),
            ("small responses of residual functions", "残差函数响应更小（图 7）"),
        ),
    ),
    Branch(
        "Over 1000 layers",
        "超过一千层",
        "Ch. 6 · §4.2, Table 6, Fig. 6",
        "#8c564b",
        (
            ("1202 layers train: error < 0.1%", "1202 层可训练：训练误差 < 0.1%"),
            ("test 7.93% vs 6.43% for 110 layers", "测试误差反而更高"),
            ("authors argue: overfitting (19.4M)", "作者认为：过拟合"),
        ),
    ),
    Branch(
        "Later work (not in the paper)",
        "后续工作（非本文）",
        "Ch. 7 · reviewer's corner",
        "#7f7f7f",
        (
            ("pre-activation ResNets (2016)", "预激活残差网络"),
            ("DenseNet concat, ResNeXt groups", "DenseNet 拼接，ResNeXt 分组"),
            ("residual stream in Transformers", "Transformer 中的残差流"),
        ),
    ),
)


def _node(ax, x, y, text, colour, size, filled=True, ha="center"):
    ax.text(
        x,
        y,
        text,
        ha=ha,
        va="center",
        multialignment="center" if filled else "left",
        fontsize=size,
        color="white" if filled else "#222222",
        linespacing=1.3,
        bbox=dict(
            boxstyle="round,pad=0.5",
            fc=colour if filled else "white",
            ec=colour,
            lw=2 if filled else 1.3,
        ),
        zorder=3,
    )


def draw_mindmap():
    """The mind map as a matplotlib Figure (call ``figures.use_style()`` first for Chinese).

    A one-sided tree, top to bottom in reading order, so that it stays readable at the width of
    a book page: the paper in the root, one row per branch, its leaves to the right. Without a
    CJK font the Chinese subtitles are left out (they would be empty boxes), and a note says so.
    """
    import matplotlib.pyplot as plt

    chinese = has_cjk_font()

    rows = len(BRANCHES)
    height = 1.6 + 1.62 * rows + 0.5  # inches; one axis unit is one inch
    fig, ax = plt.subplots(figsize=(7, height))
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(0, 7)
    ax.set_ylim(0, height)
    ax.axis("off")
    top = height - 0.65
    _node(ax, 3.5, top, f"{CENTRE[0]}  ·  {CENTRE[1]}" if chinese else CENTRE[0], "#222222", 15)
    ax.text(3.5, top - 0.55, CENTRE[2], ha="center", va="center", fontsize=10, color="#444444")
    ys = [top - 1.55 - 1.62 * i for i in range(rows)]
    ax.plot([0.3, 0.3, 3.5], [ys[-1], top, top], color="#555555", lw=2.5, zorder=1)  # the spine
    for branch, y in zip(BRANCHES, ys):
        ax.plot([0.3, 1.0], [y, y], color=branch.colour, lw=2.5, zorder=1)
        title = f"{branch.en}\n{branch.zh}" if chinese else branch.en
        _node(ax, 1.75, y, title.replace(" (", "\n("), branch.colour, 11)
        ax.plot([2.5, 3.05], [y, y], color=branch.colour, lw=1.5, ls="--", zorder=1)
        pairs = branch.leaves if chinese else [(e, "") for e, _ in branch.leaves]
        leaves = "\n".join(f"• {e}\n   {z}" if z else f"• {e}" for e, z in pairs)
        leaves += f"\n→ {branch.where}"
        _node(ax, 3.15, y, leaves, branch.colour, 10, filled=False, ha="left")
    note = "灰色：后续工作，并非本文结论。"
    if not chinese:
        note = "(Chinese needs a CJK font: Noto Sans CJK.)"
    ax.text(3.5, 0.25, f"Grey: later work, not claims of the paper.  {note}", ha="center",
            fontsize=10, color="#555555")  # fmt: skip
    return fig


@figure("fig07_mindmap")
def fig07_mindmap(recompute: bool = False) -> Path:
    """The mind map of chapter 7 (nothing to recompute: it is drawn from the data above)."""
    return save(draw_mindmap(), "fig07_mindmap")
