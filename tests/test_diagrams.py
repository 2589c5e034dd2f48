"""Diagrams against the nets they draw: every weighted layer, projection and channel."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
import torch
from torch import nn

from resnet_book.blocks import ZeroPadShortcut
from resnet_book.cli import main
from resnet_book.diagrams import ASSETS, draw, draw_net, fig2, fig5, options
from resnet_book.i18n import chinese, script_texts
from resnet_book.models import (
    count_macs,
    count_params,
    plain_cifar,
    plain_imagenet,
    resnet_cifar,
    resnet_imagenet,
)
from resnet_book.vgg import vgg

NS = {"s": "http://www.w3.org/2000/svg"}
CLI_NAMES = ["resnet-34", "plain-34", "vgg-19", "resnet-50", "resnet-20", "plain-56",
             "resnet-110", "block", "bottleneck", "options", "fig3"]  # fmt: skip


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # valid XML, or this raises
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if cls in g.get("class", "")]


def boxes(root):
    return [g for g in groups(root, "rd-layer") if g.get("data-kind") in ("conv", "fc")]


def arcs(root, kind=None):
    return [g for g in groups(root, "rd-shortcut") if kind in (None, g.get("data-kind"))]


def shortcut_convs(net: nn.Module) -> set[int]:
    return {
        id(m)
        for b in getattr(net, "blocks", list)()
        if b.shortcut is not None
        for m in b.shortcut.modules()
        if isinstance(m, nn.Conv2d)
    }


def with_meta(build, *args, **kwargs):
    with torch.device("meta"):
        return build(*args, **kwargs)


NETS = [
    (resnet_cifar, 20, {}),
    (plain_cifar, 56, {}),
    (resnet_cifar, 32, {"option": "B"}),
    (resnet_cifar, 20, {"option": "C"}),
    (resnet_imagenet, 34, {}),
    (plain_imagenet, 34, {}),
    (resnet_imagenet, 50, {}),
    (resnet_imagenet, 18, {"option": "A"}),
    (vgg, 19, {}),
]


@pytest.mark.parametrize(("build", "depth", "kwargs"), NETS)
def test_a_net_diagram_draws_every_weighted_layer_and_shortcut(build, depth, kwargs):
    net = with_meta(build, depth, **kwargs)
    root = parse(draw_net(net).svg)
    weighted = [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    in_shortcuts = shortcut_convs(net)
    # Boxes: every conv and fc of the main path; arcs: the projection convs on the shortcuts.
    assert len(boxes(root)) == len(weighted) - len(in_shortcuts)
    assert len(boxes(root)) + len(arcs(root, "projection")) == len(weighted)
    if build is not vgg:
        assert len(boxes(root)) == depth  # the paper's "34 parameter layers", 6n+2, ...

    # Projections dotted exactly where the module has them; zero padding dashed; identity solid.
    blocks = net.blocks() if hasattr(net, "blocks") else []
    expected = {}
    for i, b in enumerate(blocks):
        if b.shortcut is None:
            continue
        kind = (
            "zero-pad"
            if isinstance(b.shortcut, ZeroPadShortcut)
            else "identity"
            if isinstance(b.shortcut, nn.Identity)
            else "projection"
        )
        expected[i] = kind
    drawn = {int(g.get("data-block")): g.get("data-kind") for g in arcs(root)}
    assert drawn == expected
    for g in arcs(root):
        assert f"rd-{g.get('data-kind')}" in g.get("class").split()
        arc = g.find("s:path[@class='rd-arc']", NS)
        assert arc is not None

    # Channel labels equal to the modules' channels, in order.
    convs = [m for m in weighted if isinstance(m, nn.Conv2d) and id(m) not in in_shortcuts]
    drawn_convs = [g for g in boxes(root) if g.get("data-kind") == "conv"]
    assert [int(g.get("data-channels")) for g in drawn_convs] == [c.out_channels for c in convs]
    for g, conv in zip(drawn_convs, convs):
        label = g.find("s:text", NS).text
        assert label.startswith(f"{conv.kernel_size[0]}x{conv.kernel_size[1]} conv, ")
        assert label.split(", ")[1] == str(conv.out_channels)
        assert label.endswith(", /2") == (conv.stride[0] == 2)
    fcs = [m for m in weighted if isinstance(m, nn.Linear)]
    assert [g.find("s:text", NS).text for g in boxes(root) if g.get("data-kind") == "fc"] == [
        f"fc {m.out_features}" for m in fcs
    ]


def test_projection_arcs_are_dotted_and_zero_padding_dashed_in_the_style():
    svg = draw("resnet-20").svg
    assert ".rd-projection .rd-arc{stroke-dasharray:1.5 3.5" in svg
    assert ".rd-zero-pad .rd-arc{stroke-dasharray:7 4}" in svg
    assert "rd-identity .rd-arc{" not in svg  # identity: the solid default


def test_shapes_and_parameters_on_every_layer_add_up_to_the_net():
    net = resnet_cifar(20)
    root = parse(draw_net(net).svg)
    drawn = sum(int(g.get("data-params")) for g in groups(root, "rd-layer"))
    drawn += sum(int(g.get("data-params")) for g in arcs(root))
    assert drawn == count_params(net) == 269_722
    shapes = [g.get("data-shape") for g in groups(root, "rd-layer")]
    assert shapes[0] == "16×32×32" and "64×8×8" in shapes and shapes[-1] == "10"
    assert "32×16×16" in {g.get("data-shape") for g in arcs(root, "zero-pad")}


def test_a_long_net_wraps_into_columns_without_losing_a_layer():
    root = parse(draw("resnet-110").svg)
    assert len(boxes(root)) == 110
    assert len(arcs(root)) == 54
    assert float(root.get("width")) > 2 * float(root.get("height")) / 20  # several columns


@pytest.mark.parametrize("name", CLI_NAMES)
def test_every_diagram_is_valid_svg_with_alt_text(name):
    root = parse(draw(name).svg)
    assert root.get("role") == "img" and len(root.get("aria-label")) > 20
    assert root.find("s:title", NS).text and len(root.find("s:desc", NS).text) > 40
    assert "html[data-theme=dark] .rd-svg" in root.find("s:style", NS).text
    for g in groups(root, "rd-layer") + arcs(root):
        first = g.get("data-index") == "0" and "rd-layer" in g.get("class")
        assert g.get("tabindex") == ("0" if first else "-1")  # one Tab stop, then arrow keys
        assert "parameters" in g.find("s:title", NS).text


def test_fig3_has_the_three_columns_of_the_paper():
    root = parse(draw("fig3").svg)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
              if t.get("class") == "rd-title"]  # fmt: skip
    assert titles == ["VGG-19", "34-layer plain", "34-layer residual"]
    assert len(arcs(root, "projection")) == 3  # where dimensions increase (option B)
    assert len(boxes(root)) == 19 + 34 + 34


def test_block_figures_are_drawn_from_the_blocks():
    root = parse(fig2().svg)
    assert [g.find("s:text", NS).text for g in boxes(root)] == ["3x3 conv, 64"] * 2
    assert [g.get("data-kind") for g in arcs(root)] == ["identity"]
    root = parse(fig5().svg)
    labels = [g.find("s:text", NS).text for g in boxes(root)]
    assert labels == ["3x3 conv, 64", "3x3 conv, 64", "1x1 conv, 64", "3x3 conv, 64",
                      "1x1 conv, 256"]  # fmt: skip
    root = parse(options().svg)
    assert [g.get("data-kind") for g in arcs(root)] == [
        "zero-pad", "identity", "projection", "identity", "projection", "projection"
    ]  # fmt: skip
    zeros = [r for r in root.iter("{http://www.w3.org/2000/svg}rect")
             if "rd-chan0" in r.get("class", "")]  # fmt: skip
    assert len(zeros) == 16  # 16 -> 32 channels: 16 of zeros


def test_the_html_is_interactive_and_self_contained():
    html = draw("block")._repr_html_()
    assert html.count("<script>") == 2 and "http" not in html.replace("http://www.w3.org", "")
    assert html.index("window.ResNetWords = {") < html.index("window.ResNetWords.t;")  # words.js
    assert 'class="rd-info"' in html and 'aria-live="polite"' in html


def test_the_html_carries_its_chinese():
    """The hint with its Chinese beside it (hidden), and the script's words with theirs."""
    html = draw("block")._repr_html_()
    hint = re.search(r'class="rd-info"[^>]*><span class="book-en">👆[^<]+</span>'
                     r'<span class="book-zh" hidden>(👆[^<]+)</span></p>', html)  # fmt: skip
    assert hint and "输出形状" in hint[1]
    words = re.search(r'<script type="application/json" class="rb-i18n">(.*?)</script>', html)
    texts = script_texts((ASSETS / "diagram.js").read_text(encoding="utf-8"))
    assert "identity shortcut" in texts and json.loads(words[1]) == {t: chinese()[t] for t in texts}


def test_vgg19_is_the_paper_reference():
    net = vgg(19)
    assert count_params(net) == 143_667_240  # torchvision's vgg19
    assert abs(count_macs(net) / 19.6e9 - 1) < 0.01  # Fig. 3: "19.6 billion FLOPs"


def test_draw_on_the_command_line(tmp_path, capsys):
    for name in ("fig3", "resnet-56", "options"):
        out = tmp_path / f"{name}.svg"
        assert main(["draw", name, "--out", str(out)]) == 0
        parse(out.read_text(encoding="utf-8"))
    for bad, words in (("resnet-21", "no resnet net has 21 layers"), ("alexnet", "unknown net"),
                       ("vgg-7", "VGG depth must be one of")):  # fmt: skip
        assert main(["draw", bad, "--out", str(tmp_path / "x.svg")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and words in err and "Traceback" not in err
    assert main(["draw", "resnet-20", "--option", "D", "--out", str(tmp_path / "y.svg")]) == 2


def test_side_by_side_blocks_come_apart_for_a_phone():
    assert fig2().panels == []
    for diagram, count in ((fig5(), 2), (options(), 3)):
        assert len(diagram.panels) == count
        whole, parts = parse(diagram.svg), [parse(p) for p in diagram.panels]
        assert sum(len(boxes(p)) for p in parts) == len(boxes(whole))
        assert sum(len(arcs(p)) for p in parts) == len(arcs(whole))
        for part in parts:
            assert part.get("role") == "img" and len(part.get("aria-label")) > 20
            assert len(part.find("s:desc", NS).text) > 20
            assert float(part.get("width")) * 0.85 <= 358  # a 390 px phone's text column
        html = diagram._repr_html_()
        assert html.count("<svg") == count and "rd-panels" in html
