"""Residual learning in miniature (§3.1, §3.2): one block by hand, and what "+ x" changes.

Fig. 2 with fully connected layers, y = σ(F(x) + x), F = W2 σ(W1 x): in NumPy with a hand-written
backward pass and in PyTorch with autograd; then deep stacks learning the identity, gradient norms
block by block. The conv-net experiments and the figures are in ``residual_figures``.

    >>> y, cache = block_forward(x, W1, W2)          # x: (N, D), one row per example
    >>> dx, dW1, dW2 = block_backward(dy, cache)     # dy = dL/dy
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def block_forward(x: np.ndarray, W1: np.ndarray, W2: np.ndarray, residual: bool = True):
    """y = relu(W2 relu(W1 x) + x) for rows x (N, D); the plain twin drops the "+ x"."""
    a = x @ W1.T  # (N, H) first weight layer
    h = relu(a)
    f = h @ W2.T  # (N, D) F(x) = W2 σ(W1 x), §3.2
    z = f + x if residual else f
    return relu(z), (x, a, h, z, W1, W2, residual)  # "the second nonlinearity after the addition"


def block_backward(dy: np.ndarray, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dL/dx, dL/dW1, dL/dW2 from dL/dy, by the chain rule, one line per step of the forward."""
    x, a, h, z, W1, W2, residual = cache
    dz = dy * (z > 0)  # through the last ReLU
    dW2 = dz.T @ h
    dh = dz @ W2
    da = dh * (a > 0)
    dW1 = da.T @ x
    dx = da @ W1  # through F: dz (dF/dx)
    if residual:
        dx = dx + dz  # through the shortcut: dz I. So dy/dx = dF/dx + I
    return dx, dW1, dW2


class TorchBlock(nn.Module):
    """The same block in PyTorch: autograd writes the backward pass."""

    def __init__(self, width: int, hidden: int | None = None, residual: bool = True):
        super().__init__()
        self.residual = residual
        self.fc1 = nn.Linear(width, hidden or width, bias=False)  # W1 ("biases are omitted", §3.2)
        self.fc2 = nn.Linear(hidden or width, width, bias=False)  # W2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.fc2(F.relu(self.fc1(x)))  # F(x)
        if self.residual:
            out = out + x
        return F.relu(out)


def gradient_check(width: int = 5, hidden: int = 4, n: int = 3, seed: int = 0, eps: float = 1e-6):
    """Largest relative error of the NumPy gradients vs central differences and vs autograd."""
    rng = np.random.default_rng(seed)
    x, dy = rng.normal(size=(n, width)), rng.normal(size=(n, width))
    W1, W2 = rng.normal(size=(hidden, width)), rng.normal(size=(width, hidden))
    result = {}
    for residual in (True, False):
        ours = block_backward(dy, block_forward(x, W1, W2, residual)[1])
        numeric = [
            _numeric_grad(p, lambda r=residual: np.sum(block_forward(x, W1, W2, r)[0] * dy), eps)
            for p in (x, W1, W2)
        ]
        block = TorchBlock(width, hidden, residual).double()
        with torch.no_grad():
            block.fc1.weight.copy_(torch.from_numpy(W1))
            block.fc2.weight.copy_(torch.from_numpy(W2))
        xt = torch.tensor(x, requires_grad=True)
        block(xt).backward(torch.from_numpy(dy))  # L = sum(y * dy), so dL/dy = dy
        auto = [t.grad.numpy() for t in (xt, block.fc1.weight, block.fc2.weight)]
        kind = "residual" if residual else "plain"
        result[f"{kind} vs finite differences"] = _rel_error(ours, numeric)
        result[f"{kind} vs autograd"] = _rel_error(ours, auto)
    return result


def _numeric_grad(p: np.ndarray, loss: Callable[[], float], eps: float) -> np.ndarray:
    """Nudge every entry of p both ways: dL/dp ≈ (L(p + ε) - L(p - ε)) / 2ε."""
    g = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        old = p[i]
        p[i] = old + eps
        up = loss()
        p[i] = old - eps
        g[i] = (up - loss()) / (2 * eps)
        p[i] = old
    return g


def _rel_error(ours, theirs) -> float:
    pairs = zip(ours, theirs)
    return max(
        float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))) for a, b in pairs
    )


# ---- deep stacks of the NumPy block ----------------------------------------------------------


def init_stack(depth: int, width: int = 16, scale: float = 1.0, seed: int = 0) -> list:
    """``depth`` blocks of (W1, W2), Gaussian with std scale * sqrt(2 / width) (1.0 = He init)."""
    rng = np.random.default_rng(seed)
    std = scale * np.sqrt(2.0 / width)
    return [[rng.normal(0, std, (width, width)) for _ in range(2)] for _ in range(depth)]


def stack_forward(x: np.ndarray, weights: list, residual: bool):
    caches = []
    for W1, W2 in weights:
        x, cache = block_forward(x, W1, W2, residual)
        caches.append(cache)
    return x, caches


def stack_backward(dy: np.ndarray, caches: list) -> tuple[list, list[float]]:
    """Weight gradients per block, and |dL/dx| at the input of every block (then at the output)."""
    grads, norms = [], [float(np.linalg.norm(dy))]
    for cache in reversed(caches):
        dy, dW1, dW2 = block_backward(dy, cache)
        grads.append((dW1, dW2))
        norms.append(float(np.linalg.norm(dy)))
    return grads[::-1], norms[::-1]


def identity_data(n: int = 256, width: int = 16, seed: int = 0) -> np.ndarray:
    """Non-negative inputs (like the output of a ReLU), so that the identity is reachable."""
    return relu(np.random.default_rng(1000 + seed).normal(size=(n, width)))


@np.errstate(all="ignore")  # a stack that blows up is a result to report, not a warning
def learn_identity(depth=10, residual=True, steps=300, lr=0.1, scale=1.0, seed=0) -> list[float]:
    """Train a stack to map x to x by gradient descent; relative error |y - x|² / |x|² per step."""
    X = identity_data(seed=seed)
    weights, errors, norm = init_stack(depth, X.shape[1], scale, seed), [], float(np.mean(X**2))
    for _ in range(steps):
        y, caches = stack_forward(X, weights, residual)
        errors.append(float(np.mean((y - X) ** 2)) / norm)
        if not np.isfinite(errors[-1]):
            break  # a stack that blew up stays blown up
        grads, _ = stack_backward(2 * (y - X) / (X.size * norm), caches)
        for (W1, W2), (dW1, dW2) in zip(weights, grads):
            W1 -= lr * dW1
            W2 -= lr * dW2
    return errors


IDENTITY_GRID = dict(
    depths=(10, 20), scales=(0.25, 0.5, 1.0), lrs=(0.01, 0.03, 0.1, 0.3), steps=500
)


def identity_grid(depths, scales, lrs, steps) -> list[dict]:
    """Every (depth, plain/residual, init scale, lr): the final error and the curve (every 10th)."""
    runs = []
    for depth, residual, scale, lr in product(depths, (False, True), scales, lrs):
        errors = learn_identity(depth, residual, steps, lr, scale)
        final = errors[-1] if len(errors) == steps and np.isfinite(errors[-1]) else None
        curve = [round(e, 6) if np.isfinite(e) else None for e in errors[::10]]
        runs.append(
            dict(depth=depth, residual=residual, scale=scale, lr=lr, final=final, curve=curve)
        )
    return runs


def best_runs(runs: list[dict]) -> dict[tuple[int, bool], dict]:
    """The run with the lowest final error for each (depth, residual): each net at its best."""
    best: dict = {}
    for r in runs:
        key = (r["depth"], r["residual"])
        if r["final"] is not None and (key not in best or r["final"] < best[key]["final"]):
            best[key] = r
    return best


@np.errstate(all="ignore")
def gradient_norms(depth=30, residual=True, scale=1.0, width=16, seed=0) -> list[float]:
    """|dL/dx| at the input of each block (last: at the output) for one fixed random dL/dy."""
    X = identity_data(width=width, seed=seed)
    y, caches = stack_forward(X, init_stack(depth, width, scale, seed), residual)
    dy = np.random.default_rng(seed).normal(size=y.shape) / np.sqrt(len(X))
    return stack_backward(dy, caches)[1]
