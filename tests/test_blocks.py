"""Blocks: shapes, shortcut options, the plain twin, and the order of operations of Fig. 2."""

import pytest
import torch

from resnet_book.blocks import BasicBlock, Bottleneck, ZeroPadShortcut, make_shortcut
from resnet_book.models import count_params


@pytest.mark.parametrize("option", ["A", "B", "C"])
def test_shortcut_shapes_match_the_branch(option):
    x = torch.randn(2, 16, 8, 8)
    block = BasicBlock(16, 32, stride=2, option=option)
    assert block.shortcut(x).shape == block.branch(x).shape == (2, 32, 4, 4)


def test_option_a_pads_zeros_and_subsamples():
    x = torch.randn(1, 2, 4, 4)
    y = make_shortcut(2, 4, stride=2, option="A")(x)
    assert torch.equal(y[:, :2], x[:, :, ::2, ::2])
    assert torch.count_nonzero(y[:, 2:]) == 0


def test_options_decide_where_projections_go():
    same, wider = (16, 16, 1), (16, 32, 2)
    assert isinstance(make_shortcut(*same, option="A"), torch.nn.Identity)
    assert isinstance(make_shortcut(*wider, option="A"), ZeroPadShortcut)
    assert isinstance(make_shortcut(*same, option="B"), torch.nn.Identity)
    assert count_params(make_shortcut(*wider, option="B")) == 16 * 32 + 2 * 32  # 1x1 conv + BN
    assert count_params(make_shortcut(*same, option="C")) == 16 * 16 + 2 * 16
    assert count_params(make_shortcut(*wider, option="A")) == 0


def test_bad_options_say_what_to_do():
    with pytest.raises(ValueError, match="'A'.*'B'.*'C'"):
        make_shortcut(16, 32, 2, option="D")
    with pytest.raises(ValueError, match="only add channels"):
        make_shortcut(32, 16, 1, option="A")


def test_plain_twin_has_the_same_layers_and_no_shortcut():
    torch.manual_seed(0)
    residual = BasicBlock(16, 16)
    torch.manual_seed(0)
    plain = BasicBlock(16, 16, residual=False)
    assert plain.shortcut is None and count_params(plain) == count_params(residual)
    x = torch.randn(2, 16, 8, 8)
    residual.eval(), plain.eval()
    # same weights: the outputs differ exactly by the shortcut before the last ReLU
    assert torch.allclose(residual(x), torch.relu(residual.branch(x) + x))
    assert torch.allclose(plain(x), torch.relu(residual.branch(x)))


def test_zero_residual_makes_an_identity_on_non_negative_inputs():
    block = BasicBlock(8, 8).eval()
    torch.nn.init.zeros_(block.last_bn().weight)
    x = torch.rand(2, 8, 4, 4)
    assert torch.allclose(block(x), x)


def test_bottleneck_puts_the_stride_on_the_first_1x1_as_the_paper():
    block = Bottleneck(256, 512, stride=2)
    first, middle, last = (seq[0] for seq in block.layers)
    assert (first.kernel_size, first.stride) == ((1, 1), (2, 2))
    assert (middle.kernel_size, middle.stride) == ((3, 3), (1, 1))
    assert (last.in_channels, last.out_channels) == (128, 512)
    assert block(torch.randn(1, 256, 8, 8)).shape == (1, 512, 4, 4)
