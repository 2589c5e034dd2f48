"""Do the signals vanish? §4.1's claim that with BN "neither forward nor backward signals vanish",
measured on plain-56 and ResNet-56 (with and without BN, at initialisation and trained).

    >>> results = signal_experiment(**SIGNAL_SETTINGS)         # on 256 training digits
    >>> results["nets"]["plain-56, BN, at init"]["backward"]   # gradient size, block by block
"""

from __future__ import annotations

import torch
from torch import nn

from resnet_book.experiments import DEGRADATION_DEFAULTS, cached_dataset
from resnet_book.models import cifar_net
from resnet_book.race import one_thread, race
from resnet_book.training import TrainConfig

SIGNAL_SETTINGS = dict(width=8, seed=0, n_images=256, train_epochs=6)


def _strip_bn(net: nn.Module) -> nn.Module:
    """Replace every BatchNorm2d by an identity, in place (for the "what if no BN" contrast)."""
    for module in list(net.modules()):
        for name, child in module.named_children():
            if isinstance(child, nn.BatchNorm2d):
                setattr(module, name, nn.Identity())
    return net


def signal_experiment(
    width: int = 8, seed: int = 0, n_images: int = 256, train_epochs: int = 6
) -> dict:
    """Measure §4.1's claim that with BN "neither forward nor backward signals vanish".

    For each net, ``probes.signal_norms`` gives the std of every block's output (forward) and the
    root-mean-square size per image of the loss gradient there (backward), on ``n_images``
    training digits. Nets: plain-56 and ResNet-56 at initialisation; plain-56 after
    ``train_epochs`` epochs of the default race; and, for contrast, plain-56 without BN, once with
    He initialisation and once with PyTorch's default initialisation (std 1/sqrt(3 fan_in)).
    """
    with one_thread():
        return _signal_experiment(width, seed, n_images, train_epochs)


def _signal_experiment(width: int, seed: int, n_images: int, train_epochs: int) -> dict:
    from resnet_book.probes import signal_norms

    data = cached_dataset("digits")
    X, y = data.X_train[:n_images], data.y_train[:n_images]

    def net(residual: bool, bn: bool = True, he_init: bool = True) -> nn.Module:
        torch.manual_seed(seed)
        built = cifar_net(56, residual=residual, width=width, in_channels=1, num_classes=10)
        if not bn:
            _strip_bn(built)
        if not he_init:
            for m in built.modules():
                if isinstance(m, nn.Conv2d):
                    m.reset_parameters()  # PyTorch's default: uniform, std 1/sqrt(3 fan_in)
        return built

    plain = net(False)
    nets = {
        "plain-56, BN, at init": signal_norms(plain, X, y),
        "ResNet-56, BN, at init": signal_norms(net(True), X, y),
        "plain-56, no BN, He init": signal_norms(net(False, bn=False), X, y),
        "plain-56, no BN, default init": signal_norms(net(False, False, False), X, y),
    }
    if train_epochs:
        config = TrainConfig(
            epochs=train_epochs,
            lr=DEGRADATION_DEFAULTS["lr"],
            batch_size=DEGRADATION_DEFAULTS["batch_size"],
            seed=seed,
        )
        history = race({"plain-56": plain}, data, config)["plain-56"]
        nets["plain-56, BN, trained"] = signal_norms(plain.cpu(), X, y)  # back from a GPU
        nets["plain-56, BN, trained"]["train_error"] = history.train_error[-1]
    return {"nets": nets, "n_images": n_images, "train_epochs": train_epochs}
