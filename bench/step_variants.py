"""Per-step time (forward, backward, SGD) at batch 128 on one thread: variants of the race's step.

Issue 14's second look. Each variant against the first, with the largest parameter difference
after the steps (0 means bit for bit):

    python bench/step_variants.py base,nchw,nomkldnn,denormal,inplace,both 3
"""

import contextlib
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from resnet_book import blocks
from resnet_book.models import plain_cifar, resnet_cifar
from resnet_book.sgd import SGD

torch.set_num_threads(1)
X = torch.randn(128, 1, 8, 8)
y = torch.randint(0, 10, (128,))
relu = F.relu


@contextlib.contextmanager
def variant(v):
    if v == "nomkldnn":
        with torch.backends.mkldnn.flags(enabled=False):
            yield
    elif v == "denormal":
        torch.set_flush_denormal(True)
        yield
        torch.set_flush_denormal(False)
    elif v == "both":
        torch.set_flush_denormal(True)
        blocks.F.relu = lambda x, inplace=False: torch.relu_(x)
        yield
        blocks.F.relu = relu
        torch.set_flush_denormal(False)
    elif v == "inplace":
        blocks.F.relu = lambda x, inplace=False: torch.relu_(x)
        yield
        blocks.F.relu = relu
    else:
        yield


def build(kind, v):
    torch.manual_seed(0)
    net = (
        plain_cifar(56, width=8, in_channels=1)
        if kind == "plain-56"
        else resnet_cifar(20, width=8, in_channels=1)
    )
    if v != "nchw":
        net = net.to(memory_format=torch.channels_last)
    return net


def steps(kind, v, n):
    net = build(kind, v)
    opt = SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    xb = X if v == "nchw" else X.contiguous(memory_format=torch.channels_last)
    times = []
    with variant(v):
        for _ in range(n + 3):
            t = time.perf_counter()
            out = net(xb)
            loss = F.cross_entropy(out, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            times.append(time.perf_counter() - t)
    return statistics.median(times[3:]), torch.cat([p.detach().flatten() for p in net.parameters()])


variants = sys.argv[1].split(",")
res = {}
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    for kind in ("plain-56", "ResNet-20"):
        for v in variants:
            t, p = steps(kind, v, 15)
            res.setdefault((kind, v), []).append(t)
            if v == variants[0]:
                ref = p
            else:
                res.setdefault((kind, v, "diff"), (p - ref).abs().max().item())
for kind in ("plain-56", "ResNet-20"):
    base = statistics.median(res[(kind, variants[0])])
    for v in variants:
        m = statistics.median(res[(kind, v)])
        diff = res.get((kind, v, "diff"), 0)
        print(f"{kind:10s} {v:10s} {m * 1000:7.1f} ms  x{base / m:.2f}  maxdiff {diff:.2e}")
