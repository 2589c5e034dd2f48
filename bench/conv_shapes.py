"""A 3x3 convolution on the race's shapes: oneDNN against im2col + one matmul, one thread.

Issue 14's second look: could a hand-made convolution beat oneDNN on 8-32 channels at 8x8-2x2?
Prints microseconds and GFLOP/s for forward, and forward + backward, per shape.

    python bench/conv_shapes.py
"""

import statistics
import time

import torch
import torch.nn.functional as F

N = 128  # the race's batch


def timed(fn, n: int = 50) -> float:
    """Median microseconds of ``fn()`` after a warm-up."""
    for _ in range(5):
        fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def im2col_conv(x_nhwc: torch.Tensor, w_mat: torch.Tensor, size: int) -> torch.Tensor:
    """3x3 conv, padding 1: the nine shifted maps side by side, times one (9C, C) matrix."""
    padded = F.pad(x_nhwc, (0, 0, 1, 1, 1, 1))
    shifts = [padded[:, i : i + size, j : j + size, :] for i in range(3) for j in range(3)]
    return torch.cat(shifts, dim=3).reshape(-1, w_mat.shape[0]) @ w_mat  # (N*H*W, C)


def compare(channels: int, size: int) -> None:
    x = torch.randn(N, channels, size, size)
    w = torch.randn(channels, channels, 3, 3)
    grad = torch.randn(N, channels, size, size)
    last = torch.channels_last
    x_cl = x.contiguous(memory_format=last).requires_grad_()
    w_cl = w.contiguous(memory_format=last).requires_grad_()
    x_nhwc = x.permute(0, 2, 3, 1).contiguous().requires_grad_()
    w_mat = w.permute(2, 3, 1, 0).reshape(9 * channels, channels).contiguous().requires_grad_()
    grad_cl = grad.contiguous(memory_format=last)
    grad_rows = grad.permute(0, 2, 3, 1).reshape(-1, channels).contiguous()
    same = F.conv2d(x, w, padding=1).permute(0, 2, 3, 1).reshape(-1, channels)
    with torch.no_grad():
        diff = (same - im2col_conv(x_nhwc, w_mat, size)).abs().max().item()
    print(f"{channels} channels at {size}x{size} (max difference {diff:.1e})")
    flops = 2 * N * channels * channels * 9 * size * size
    cases = {
        "oneDNN forward": (lambda: F.conv2d(x_cl, w_cl, padding=1), 1, True),
        "im2col forward": (lambda: im2col_conv(x_nhwc, w_mat, size), 1, True),
        "oneDNN fwd+bwd": (lambda: F.conv2d(x_cl, w_cl, padding=1).backward(grad_cl), 3, False),
        "im2col fwd+bwd": (lambda: im2col_conv(x_nhwc, w_mat, size).backward(grad_rows), 3, False),
    }
    for name, (fn, passes, no_grad) in cases.items():
        if no_grad:
            with torch.no_grad():
                us = timed(fn)
        else:
            us = timed(fn)
        print(f"  {name:15s} {us:7.0f} us  {flops * passes / us / 1e3:5.1f} GFLOP/s")


if __name__ == "__main__":
    torch.set_num_threads(1)
    for channels, size in ((8, 8), (16, 4), (32, 2)):
        compare(channels, size)
    a, b = torch.randn(8192, 72), torch.randn(72, 8)
    print(f"matmul (8192 x 72) @ (72 x 8): {timed(lambda: a @ b):.0f} us")
    big = torch.randn(1024, 1024)
    print(f"matmul 1024^3: {2 * 1024**3 / timed(lambda: big @ big, 10) / 1e3:.0f} GFLOP/s")
