"""race: a net that diverges drops out, the others go on, and every epoch is reported."""

import math

import torch
from torch import nn

from resnet_book.experiments import cached_dataset
from resnet_book.models import plain_cifar, resnet_cifar
from resnet_book.race import deal, race
from resnet_book.training import TrainConfig


class NaNNet(nn.Module):
    """A net whose loss is NaN from the first step."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 10)
        nn.init.constant_(self.fc.weight, math.nan)

    def forward(self, x):
        return self.fc(x.flatten(1))


def test_a_diverging_net_drops_out_and_the_others_go_on():
    data = cached_dataset("digits").subset(64)
    torch.manual_seed(0)
    nets = {"fine": nn.Sequential(nn.Flatten(), nn.Linear(64, 10)), "nan": NaNNet()}
    seen = []
    histories = race(nets, data, TrainConfig(epochs=3), on_epoch=lambda n, h: seen.append(n))
    assert histories["nan"].status == "diverged" and len(histories["nan"].train_error) == 1
    assert "learning rate" in histories["nan"].message
    assert histories["fine"].status == "done" and len(histories["fine"].train_error) == 3
    assert sorted(seen) == ["fine"] * 3 + ["nan"]


def test_a_net_in_the_race_trains_exactly_as_it_would_alone():
    """The race changes when each net trains, never what: same weights, same errors as ``fit``."""
    import copy

    from resnet_book.training import fit

    data = cached_dataset("digits").subset(300, 100)
    config = TrainConfig(epochs=2, batch_size=64, lr=0.05, seed=4)
    torch.manual_seed(0)
    nets = {"plain-8": plain_cifar(8, width=4, in_channels=1),
            "ResNet-8": resnet_cifar(8, width=4, in_channels=1)}  # fmt: skip
    alone = copy.deepcopy(nets)
    raced = race(nets, data, config, workers=2)
    for name, net in alone.items():
        history = fit(net, data, config)
        assert history.train_error == raced[name].train_error
        assert history.test_error == raced[name].test_error
        for a, b in zip(net.state_dict().values(), nets[name].state_dict().values()):
            assert torch.allclose(a.float(), b.float(), rtol=1e-5, atol=1e-6)


def test_deal_balances_twins_and_starts_each_worker_with_its_cheapest_net():
    cost = {"plain-20": 20, "ResNet-20": 20, "plain-56": 56, "ResNet-56": 56}.get
    shares = deal(["plain-20", "plain-56", "ResNet-20", "ResNet-56"], cost, 2)
    assert shares == [["ResNet-20", "plain-56"], ["plain-20", "ResNet-56"]]  # twins apart
    eight = [f"{k}-{d}" for k in ("plain", "ResNet") for d in (20, 32, 44, 56)]
    shares = deal(eight, lambda n: int(n.split("-")[1]), 2)
    assert sorted(sum(shares, [])) == sorted(eight)
    assert [sum(int(n.split("-")[1]) for n in s) for s in shares] == [152, 152]
    assert all(s == sorted(s, key=lambda n: int(n.split("-")[1])) for s in shares)
    assert deal(["a", "b"], len, 4) == [["a"], ["b"]]  # no empty share
