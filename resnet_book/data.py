"""Data sets as tensors in memory: scikit-learn's digits (the default, no download) and CIFAR-10.

Both are returned the way §4.2 feeds CIFAR-10: pixels in [0, 1] with the per-pixel mean of the
training set subtracted.

    >>> data = load_dataset("digits")           # 8x8 greyscale digits, fixed train/test split
    >>> data.X_train.shape                      # (1347, 1, 8, 8)
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

DATASETS = ("digits", "cifar10")
CIFAR_FOLDER = "cifar-10-batches-py"
CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar.html"


class DataUnavailable(RuntimeError):
    """The data set is not on disk and could not be downloaded."""


@dataclass
class Dataset:
    name: str
    X_train: torch.Tensor  # (N, C, H, W) float32, per-pixel mean of the training set subtracted
    y_train: torch.Tensor  # (N,) int64
    X_test: torch.Tensor
    y_test: torch.Tensor
    classes: tuple[str, ...]

    @property
    def in_channels(self) -> int:
        return self.X_train.shape[1]

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def subset(self, n_train: int | None = None, n_test: int | None = None) -> Dataset:
        """The first n training and test images (the split is already shuffled)."""
        return Dataset(
            self.name,
            self.X_train[:n_train],
            self.y_train[:n_train],
            self.X_test[:n_test],
            self.y_test[:n_test],
            self.classes,
        )

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.X_train.shape[1:]))
        return (
            f"Dataset({self.name}: {len(self.y_train)} train / {len(self.y_test)} test images "
            f"of {shape}, {self.num_classes} classes)"
        )


def _centre(name, X_train, y_train, X_test, y_test, classes) -> Dataset:
    """Scale to [0, 1] is done by the caller; subtract the per-pixel mean of the training set."""
    mean = X_train.mean(axis=0, keepdims=True)
    tensor = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))  # noqa: E731
    label = lambda a: torch.from_numpy(np.asarray(a, dtype=np.int64))  # noqa: E731
    return Dataset(
        name,
        tensor(X_train - mean),
        label(y_train),
        tensor(X_test - mean),
        label(y_test),
        tuple(classes),
    )


def digits_split(test_fraction: float = 0.25):
    """scikit-learn's digits and the book's one split of them: (digits, train_index, test_index),
    fixed seed, stratified. The PyTorch data (``load_digits``) and the in-page race's
    (``browser_race.digits_payload``) both come from it."""
    from sklearn.datasets import load_digits as sk_digits
    from sklearn.model_selection import train_test_split

    digits = sk_digits()
    index = np.arange(len(digits.target))
    train, test = train_test_split(
        index, test_size=test_fraction, random_state=0, stratify=digits.target
    )
    return digits, train, test


def load_digits(test_fraction: float = 0.25) -> Dataset:
    """scikit-learn's 1,797 handwritten digits (8x8), split once with a fixed seed, stratified."""
    digits, train, test = digits_split(test_fraction)
    X = digits.images[:, None, :, :] / 16.0  # (1797, 1, 8, 8) in [0, 1]
    y = digits.target
    return _centre("digits", X[train], y[train], X[test], y[test], map(str, range(10)))


def _read_cifar_batches(folder: Path, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    images, labels = [], []
    for name in names:
        with open(folder / name, "rb") as f:
            batch = pickle.load(f, encoding="bytes")
        images.append(np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
        labels.extend(batch[b"labels"])
    return np.concatenate(images), np.asarray(labels)


def load_cifar10(root: str | Path = "data", download: bool = True) -> Dataset:
    """CIFAR-10 (50k train, 10k test, 32x32 colour) from ``root``; downloaded if absent.

    Reads the batches of the official "python version" (``cifar-10-batches-py``) itself, so no
    checksum stands in the way of a folder you made; torchvision does the download.
    """
    root = Path(root)
    folder = root / CIFAR_FOLDER
    if not (folder / "test_batch").exists():
        if not download:
            raise DataUnavailable(
                f"CIFAR-10 is not in {folder}. Pass download=True when online, or "
                f"get 'CIFAR-10 python version' from {CIFAR_URL} and unpack it in "
                f"{root}. The digits data set needs no download."
            )
        try:
            from torchvision.datasets import CIFAR10

            CIFAR10(str(root), train=True, download=True)
        except Exception as error:  # no network, a proxy, a full disk: all end here
            raise DataUnavailable(
                f"CIFAR-10 is not in {folder} and could not be downloaded ({error}). Are you "
                f"offline? Get 'CIFAR-10 python version' from {CIFAR_URL}, unpack it in {root}, "
                f"and try again; or use dataset='digits', which needs no download."
            ) from None
    X_train, y_train = _read_cifar_batches(folder, [f"data_batch_{i}" for i in range(1, 6)])
    X_test, y_test = _read_cifar_batches(folder, ["test_batch"])
    with open(folder / "batches.meta", "rb") as f:
        classes = [c.decode() for c in pickle.load(f, encoding="bytes")[b"label_names"]]
    return _centre("cifar10", X_train / 255.0, y_train, X_test / 255.0, y_test, classes)


def load_dataset(name: str = "digits", root: str | Path = "data") -> Dataset:
    """Load a data set by name: "digits" (default, ships with scikit-learn) or "cifar10"."""
    if name == "digits":
        return load_digits()
    if name == "cifar10":
        return load_cifar10(root)
    raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {name!r}")
