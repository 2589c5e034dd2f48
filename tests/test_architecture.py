"""Table 1 and Fig. 5 measured on our models (architecture.py, bottleneck.py)."""

import pytest
import torch

from resnet_book.architecture import (
    PAPER_FLOPS,
    build,
    explorer,
    format_table,
    measure,
    stage_table,
    stride_on_3x3,
    table1_flops,
    total_macs,
)
from resnet_book.bottleneck import block_costs, bottleneck_cifar, shortcut_costs
from resnet_book.models import count_macs, count_params, resnet_cifar, resnet_imagenet


def test_stage_table_of_resnet50_is_table_1():
    rows = stage_table(50)
    assert [r["layer"] for r in rows] == ["conv1", "conv2_x", "conv3_x", "conv4_x", "conv5_x", "fc"]
    assert [r["output"] for r in rows[:5]] == ["112×112", "56×56", "28×28", "14×14", "7×7"]
    assert [r["blocks"] for r in rows[1:5]] == [3, 4, 6, 3]
    assert rows[1]["block"] == "[1×1, 64; 3×3, 64; 1×1, 256]×3"
    assert rows[4]["block"] == "[1×1, 512; 3×3, 512; 1×1, 2048]×3"
    assert sum(r["params"] for r in rows) == 25_557_032  # torchvision's resnet50
    assert rows[-1]["output"] == "1000-d"
    assert "total" in format_table(rows)


def test_stage_table_of_cifar_nets():
    rows = stage_table(20)
    assert [r["output"] for r in rows[:4]] == ["32×32", "32×32", "16×16", "8×8"]
    assert [r["channels"] for r in rows[1:4]] == [16, 32, 64]
    assert sum(r["params"] for r in rows) == count_params(resnet_cifar(20)) == 269_722
    assert stage_table(110)[1]["blocks"] == 18
    plain = stage_table(20, residual=False)
    assert [r["params"] for r in plain] == [r["params"] for r in rows]  # option A: no parameters
    with pytest.raises(ValueError, match="6n\\+2"):
        stage_table(50 + 1)


def test_measure_agrees_with_count_macs_on_a_real_net():
    net = resnet_imagenet(18)
    parts = measure(net)
    assert sum(p["macs"] for p in parts.values()) == count_macs(net)
    assert sum(p["params"] for p in parts.values()) == count_params(net)


def test_table1_flops_row():
    rows = {r["depth"]: r for r in table1_flops()}
    for depth, paper in PAPER_FLOPS.items():
        assert rows[depth]["ours"] == pytest.approx(paper, abs=0.1)  # 1.81 3.66 3.86 7.57 11.28
    assert rows[50]["ours"] == pytest.approx(3.858, abs=1e-3)
    assert rows[50]["stride_3x3"] == pytest.approx(4.089, abs=1e-3)  # torchvision's resnet50
    assert rows[18]["stride_3x3"] == rows[18]["ours"]  # no bottlenecks, nothing moves
    assert rows[152]["ours"] < 15.3  # still below VGG-16 (§4.1)


def test_stride_on_3x3_matches_torchvision():
    torchvision = pytest.importorskip("torchvision")
    with torch.device("meta"):
        theirs = torchvision.models.resnet50(weights=None)
    net, size = build(50)
    assert total_macs(stride_on_3x3(net), size) == count_macs(theirs) == 4_089_184_256
    assert count_params(net) == count_params(theirs)


def test_projection_doubles_the_bottleneck_not_the_basic_block():
    costs = block_costs()
    bottleneck, projected = costs["bottleneck 256-d"], costs["bottleneck 256-d + projection"]
    assert projected["params"] / bottleneck["params"] == pytest.approx(1.94, abs=0.01)
    assert projected["macs"] / bottleneck["macs"] == pytest.approx(1.94, abs=0.01)
    basic, basic_proj = costs["basic 64-d"], costs["basic 64-d + projection"]
    assert basic_proj["macs"] / basic["macs"] < 1.1
    # Fig. 5: "both designs have similar time complexity"
    assert bottleneck["macs"] / basic["macs"] == pytest.approx(0.94, abs=0.01)
    nets = shortcut_costs(50)
    assert nets["B"]["params"] == 25_557_032
    assert nets["A"]["params"] < nets["B"]["params"] < nets["C"]["params"]


def test_bottleneck_cifar_trains_a_step():
    torch.manual_seed(0)
    net = bottleneck_cifar(29, width=8, in_channels=1)
    assert len(net.blocks()) == 9
    out = net(torch.randn(4, 1, 8, 8))
    out.sum().backward()
    assert out.shape == (4, 10)
    with pytest.raises(ValueError, match="9n\\+2"):
        bottleneck_cifar(20 + 1)


def test_explorer_builds_without_training():
    box = explorer(34)
    choice, residual = box.children[0].children
    choice.value = 20
    residual.value = False
    assert choice.value == 20
