"""Our SGD is torch.optim.SGD to the last bit (test_cli.py: and it imports no torch._dynamo)."""

import pytest
import torch

from resnet_book.models import resnet_cifar
from resnet_book.sgd import SGD


@pytest.mark.parametrize("momentum, weight_decay", [(0.9, 1e-4), (0.0, 0.0), (0.9, 0.0)])
def test_sgd_matches_torch_optim_sgd_bit_for_bit(momentum, weight_decay):
    torch.manual_seed(0)
    ours = resnet_cifar(8, width=4, in_channels=1).to(memory_format=torch.channels_last)
    theirs = resnet_cifar(8, width=4, in_channels=1).to(memory_format=torch.channels_last)
    theirs.load_state_dict(ours.state_dict())
    mine = SGD(ours.parameters(), lr=0.1, momentum=momentum, weight_decay=weight_decay)
    ref = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=momentum, weight_decay=weight_decay)
    x, y = torch.randn(16, 1, 8, 8), torch.randint(0, 10, (16,))
    for step in range(4):
        for net, opt in ((ours, mine), (theirs, ref)):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
        if step == 1:  # a schedule changes the rate between steps
            mine.lr = 0.01
            ref.param_groups[0]["lr"] = 0.01
    for (name, a), b in zip(ours.state_dict().items(), theirs.state_dict().values()):
        assert torch.equal(a, b), name


def test_parameters_without_gradients_are_left_alone():
    used, unused = torch.nn.Parameter(torch.ones(3)), torch.nn.Parameter(torch.ones(3))
    optimizer = SGD([used, unused], lr=0.5, momentum=0.9, weight_decay=0.0)
    (2 * used).sum().backward()
    optimizer.step()
    assert torch.equal(used.detach(), torch.zeros(3)) and torch.equal(
        unused.detach(), torch.ones(3)
    )
