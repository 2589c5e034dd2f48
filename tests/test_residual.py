"""The NumPy residual block and its hand-written backward pass; stacks of it learning y = x."""

import numpy as np
import torch

from resnet_book import residual


def test_gradient_check_agrees_with_finite_differences_and_autograd():
    errors = residual.gradient_check()
    assert set(errors) == {
        f"{kind} vs {other}"
        for kind in ("residual", "plain")
        for other in ("finite differences", "autograd")
    }
    for name, error in errors.items():
        assert error < (1e-12 if "autograd" in name else 1e-6), (name, error)


def test_backward_of_the_shortcut_is_the_identity():
    """With F = 0 (zero weights), dL/dx = dL/dy where the ReLU is open: the "+ I" alone."""
    x = np.abs(np.random.default_rng(0).normal(size=(4, 6))) + 0.1
    zeros = np.zeros((6, 6))
    y, cache = residual.block_forward(x, zeros, zeros)
    np.testing.assert_array_equal(y, x)  # push the residual to zero: the block is the identity
    dy = np.random.default_rng(1).normal(size=x.shape)
    dx, dW1, dW2 = residual.block_backward(dy, cache)
    np.testing.assert_array_equal(dx, dy)
    plain_dx = residual.block_backward(dy, residual.block_forward(x, zeros, zeros, False)[1])[0]
    np.testing.assert_array_equal(plain_dx, 0 * dy)  # the plain twin of F = 0 passes nothing


def test_numpy_and_torch_blocks_compute_the_same_forward():
    rng = np.random.default_rng(2)
    x, W1, W2 = rng.normal(size=(3, 5)), rng.normal(size=(4, 5)), rng.normal(size=(5, 4))
    block = residual.TorchBlock(5, 4).double()
    with torch.no_grad():
        block.fc1.weight.copy_(torch.from_numpy(W1))
        block.fc2.weight.copy_(torch.from_numpy(W2))
        out = block(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(out, residual.block_forward(x, W1, W2)[0], rtol=1e-12)


def test_residual_stack_learns_the_identity_and_plain_stack_struggles():
    res = residual.learn_identity(depth=10, residual=True, steps=150, lr=0.3, scale=0.25)
    plain = residual.learn_identity(depth=10, residual=False, steps=150, lr=0.1, scale=1.0)
    assert res[-1] < 0.02 < 0.5 < plain[-1]
    assert len(res) == len(plain) == 150


def test_gradient_norms_plain_vanishes_with_small_init_residual_does_not():
    plain = residual.gradient_norms(30, residual=False, scale=0.25)
    res = residual.gradient_norms(30, residual=True, scale=0.25)
    assert len(plain) == len(res) == 31  # the input of each block, then the output
    assert plain[0] < 1e-20 * plain[-1]
    assert 0.3 * res[-1] < res[0] < 3 * res[-1]


def test_best_runs_picks_the_lowest_final_error_and_skips_blowups():
    runs = [
        dict(depth=10, residual=True, scale=1.0, lr=0.1, final=None, curve=[]),
        dict(depth=10, residual=True, scale=0.5, lr=0.1, final=0.2, curve=[]),
        dict(depth=10, residual=True, scale=0.25, lr=0.1, final=0.1, curve=[]),
    ]
    assert residual.best_runs(runs)[(10, True)]["scale"] == 0.25


def test_identity_grid_records_finals_and_curves():
    runs = residual.identity_grid(depths=(3,), scales=(0.5,), lrs=(0.1,), steps=20)
    assert [(r["residual"], len(r["curve"])) for r in runs] == [(False, 2), (True, 2)]
