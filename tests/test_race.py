"""race: a net that diverges drops out, the others go on, and every epoch is reported."""

import math

import torch
from torch import nn

from resnet_book.experiments import cached_dataset
from resnet_book.race import race
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
