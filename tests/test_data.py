"""Data: the digits split is fixed and centred; unknown names get a helpful message.

CIFAR-10 is tested on a tiny folder in the real format in tests/test_reproduce.py.
"""

import pytest
import torch

from resnet_book.data import load_dataset, load_digits


def test_digits_split_is_fixed_and_stratified():
    a, b = load_digits(), load_digits()
    assert a.X_train.shape == (1347, 1, 8, 8) and a.X_test.shape == (450, 1, 8, 8)
    assert torch.equal(a.y_test, b.y_test) and torch.equal(a.X_train, b.X_train)
    counts = torch.bincount(a.y_test, minlength=10)
    assert counts.max() - counts.min() <= 3  # every digit about equally represented


def test_digits_have_the_per_pixel_mean_of_the_training_set_subtracted():
    data = load_digits()
    assert data.X_train.mean(0).abs().max() < 1e-5
    assert data.X_train.dtype == torch.float32 and data.y_train.dtype == torch.int64
    assert data.in_channels == 1 and data.num_classes == 10


def test_subset_takes_the_first_images():
    data = load_digits().subset(100, 20)
    assert len(data.y_train) == 100 and len(data.y_test) == 20
    assert "100 train / 20 test" in repr(data)


def test_unknown_dataset():
    with pytest.raises(ValueError, match="digits, cifar10"):
        load_dataset("mnist")
