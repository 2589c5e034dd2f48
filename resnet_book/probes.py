"""Looking inside a net: layer responses (Fig. 7) and the size of signals and gradients (§4.1).

>>> stds = layer_responses(net, data.X_test)            # one std per 3x3 layer, after BN
>>> norms = signal_norms(net, data.X_train[:256], data.y_train[:256])
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def conv3x3_bns(net: nn.Module) -> list[nn.Module]:
    """Every 3x3 conv + BN pair of a net, in order (the "3x3 layers" of Fig. 7)."""
    return [
        m
        for m in net.modules()
        if isinstance(m, nn.Sequential)
        and len(m) == 2
        and isinstance(m[0], nn.Conv2d)
        and m[0].kernel_size == (3, 3)
        and isinstance(m[1], nn.BatchNorm2d)
    ]


@torch.no_grad()
def layer_responses(net: nn.Module, X: torch.Tensor) -> list[float]:
    """Std of each 3x3 layer's output "after BN and before other nonlinearity" (§4.2, Fig. 7)."""
    stds: list[float] = []
    hooks = [
        m.register_forward_hook(lambda m, i, out: stds.append(out.std().item()))
        for m in conv3x3_bns(net)
    ]
    was_training = net.training
    try:
        net.eval()
        net(X)
    finally:
        for h in hooks:
            h.remove()
        net.train(was_training)
    return stds


def signal_norms(net: nn.Module, X: torch.Tensor, y: torch.Tensor) -> dict[str, list[float]]:
    """Forward std and backward gradient norm at the output of every block, in order.

    "forward": std of each block's output over the batch, the "forward propagated signals";
    "backward": norm of the loss gradient with respect to that output (per image), the
    "backward propagated gradients" whose health §4.1 checks. BN runs in training mode, as it
    does while the net trains.
    """
    outputs: list[torch.Tensor] = []

    def keep(module, inputs, out):
        out.retain_grad()
        outputs.append(out)

    blocks = [b for stage in net.stages for b in stage]
    hooks = [b.register_forward_hook(keep) for b in blocks]
    bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    momenta = [bn.momentum for bn in bns]
    was_training = net.training
    try:
        net.train()
        for bn in bns:  # batch statistics as in training, but leave the running averages alone
            bn.momentum = 0.0
        net.zero_grad(set_to_none=True)
        F.cross_entropy(net(X), y).backward()
    finally:
        for h in hooks:
            h.remove()
        net.zero_grad(set_to_none=True)
        net.train(was_training)
        for bn, momentum in zip(bns, momenta):
            bn.momentum = momentum
    n = len(X)
    return {
        "forward": [o.detach().std().item() for o in outputs],
        # the loss is a mean over n images, so sqrt(n) * norm is the root-mean-square per image
        "backward": [o.grad.norm().item() * n**0.5 for o in outputs],
    }
