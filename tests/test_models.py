"""Oracle tests: parameter counts from torchvision and the paper, multiply-adds from Table 1."""

import pytest
import torch

from resnet_book.models import (
    architecture_table,
    count_macs,
    count_params,
    plain_cifar,
    plain_imagenet,
    resnet_cifar,
    resnet_imagenet,
)

TORCHVISION_PARAMS = {18: 11_689_512, 34: 21_797_672, 50: 25_557_032, 101: 44_549_160,
                      152: 60_192_808}  # fmt: skip
TABLE1_GMACS = {18: 1.8, 34: 3.6, 50: 3.8, 101: 7.6, 152: 11.3}
TABLE6_PARAMS = {20: 0.27, 32: 0.46, 44: 0.66, 56: 0.85, 110: 1.7, 1202: 19.4}  # millions


@pytest.fixture(scope="module")
def table() -> dict[str, dict]:
    """Every model's row, built once: ImageNet nets with option B, CIFAR nets with option A."""
    return {row["name"]: row for row in architecture_table()}


@pytest.mark.parametrize("depth", sorted(TORCHVISION_PARAMS))
def test_imagenet_option_b_has_torchvisions_parameter_count(table, depth):
    assert table[f"resnet-{depth}"]["params"] == TORCHVISION_PARAMS[depth]


def test_torchvision_itself_agrees_for_resnet18():
    torchvision = pytest.importorskip("torchvision")
    assert sum(p.numel() for p in torchvision.models.resnet18().parameters()) == 11_689_512


@pytest.mark.parametrize("depth", sorted(TABLE1_GMACS))
def test_imagenet_multiply_adds_are_within_3_percent_of_table_1(table, depth):
    gmacs = table[f"resnet-{depth}"]["macs"] / 1e9
    assert abs(gmacs - TABLE1_GMACS[depth]) / TABLE1_GMACS[depth] < 0.03


@pytest.mark.parametrize("depth", sorted(TABLE6_PARAMS))
def test_cifar_option_a_has_table_6_parameter_count(table, depth):
    millions = table[f"cifar-resnet-{depth}"]["params"] / 1e6
    digits = 1 if depth >= 110 else 2  # Table 6 writes 1.7M and 19.4M, but 0.27M
    assert round(millions, digits) == TABLE6_PARAMS[depth]


def test_plain_twins_have_the_same_parameters_as_option_a(table):
    assert table["cifar-plain-56"]["params"] == table["cifar-resnet-56"]["params"]
    assert count_params(plain_imagenet(34)) == count_params(resnet_imagenet(34, option="A"))


def test_cifar_nets_take_any_input_size_and_channels():
    net = resnet_cifar(20, width=8, in_channels=1, num_classes=10).eval()
    assert net(torch.randn(2, 1, 8, 8)).shape == (2, 10)
    net = resnet_cifar(8, in_channels=3).eval()
    assert net(torch.randn(2, 3, 32, 32)).shape == (2, 10)


def test_cifar_layer_count_is_6n_plus_2():
    for depth in (20, 56):
        net = plain_cifar(depth)
        weighted = [m for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
        assert len(weighted) == depth


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(depth=34), "6n\\+2"),
        (dict(depth=20, width=0), "width"),
        (dict(depth=20, option="E"), "option"),
        (dict(depth=20, in_channels=-1), "in_channels"),
    ],
)
def test_bad_cifar_arguments_say_what_to_do(kwargs, message):
    with pytest.raises(ValueError, match=message):
        resnet_cifar(**kwargs)


def test_bad_imagenet_depth():
    with pytest.raises(ValueError, match="18, 34, 50, 101, 152"):
        resnet_imagenet(20)


def test_architecture_table_lists_every_model(table):
    assert table["cifar-resnet-110"]["depth"] == 110
    assert table["cifar-resnet-20"]["macs"] == count_macs(resnet_cifar(20), (3, 32, 32))
    assert len(table) == 2 * (5 + 6)


def test_repr_names_the_model():
    assert repr(resnet_cifar(20)) == "ResNet-20: 269,722 parameters, 9 blocks"
