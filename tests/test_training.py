"""The training loop: determinism, divergence, stopping, warm-up, schedule and augmentation."""

import pytest
import torch

from resnet_book.data import load_digits
from resnet_book.models import resnet_cifar
from resnet_book.training import History, TrainConfig, augment_batch, evaluate, fit


@pytest.fixture(scope="module")
def data():
    return load_digits().subset(96, 64)


def small_net(seed=0):
    torch.manual_seed(seed)
    return resnet_cifar(8, width=4, in_channels=1)


def test_same_seed_gives_the_same_history(data):
    config = TrainConfig(epochs=2, batch_size=32, seed=3)
    first, second = fit(small_net(), data, config), fit(small_net(), data, config)
    assert first.status == second.status == "done"
    assert first.train_loss == second.train_loss and first.test_error == second.test_error


def test_history_has_one_record_per_epoch_and_errors_are_fractions(data):
    seen = []
    history = fit(small_net(), data, TrainConfig(epochs=3, batch_size=32), on_epoch=seen.append)
    assert len(seen) == 3 and seen[-1] is history
    for key in ("train_error", "test_error", "train_loss", "lr", "epoch_seconds"):
        assert len(getattr(history, key)) == 3
    assert all(0 <= e <= 1 for e in history.train_error + history.test_error)
    assert history.seconds > 0


def test_learning_happens(data):
    history = fit(small_net(), data, TrainConfig(epochs=6, batch_size=16, lr=0.05))
    assert history.train_loss[-1] < history.train_loss[0]


def test_a_diverging_run_is_reported_not_raised(data):
    history = fit(small_net(), data, TrainConfig(epochs=3, batch_size=32, lr=1e12))
    assert history.status == "diverged" and history.diverged
    assert "smaller learning rate" in history.message
    assert history.to_dict()["train_loss"][-1] is None  # NaN becomes JSON null


def test_should_stop_ends_the_run(data):
    history = fit(small_net(), data, TrainConfig(epochs=5), should_stop=lambda: True)
    assert history.status == "stopped" and history.train_error == []


def test_warmup_then_back_to_the_learning_rate(data):
    config = TrainConfig(epochs=3, batch_size=32, lr=0.1, warmup_lr=0.01, warmup_until=1.01)
    history = fit(small_net(), data, config)
    assert history.lr == [0.01, 0.1, 0.1]  # every error is < 101%, so one epoch of warm-up


def test_milestones_divide_the_learning_rate_by_ten(data):
    history = fit(small_net(), data, TrainConfig(epochs=3, batch_size=32, milestones=(1, 2)))
    assert history.lr == pytest.approx([0.1, 0.01, 0.001])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(epochs=0), "epochs"),
        (dict(lr=0), "lr"),
        (dict(lr=-1.0), "lr"),
        (dict(batch_size=1), "batch_size"),
        (dict(warmup_lr=float("nan")), "warmup_lr"),
    ],
)
def test_bad_configs_say_what_to_change(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**kwargs).check()


def test_augmentation_keeps_shapes_and_pixels():
    x = torch.arange(2 * 3 * 8 * 8, dtype=torch.float32).reshape(2, 3, 8, 8)
    y = augment_batch(x, torch.Generator().manual_seed(0))
    assert y.shape == x.shape
    nonzero = y[y != 0]  # every pixel kept comes from the image (the rest is zero padding)
    assert torch.isin(nonzero, x).all()


def test_evaluate_counts_errors(data):
    class Always(torch.nn.Module):
        def forward(self, x):
            return torch.nn.functional.one_hot(torch.zeros(len(x), dtype=torch.long), 10).float()

    expected = (data.y_test != 0).float().mean().item()
    assert evaluate(Always(), data.X_test, data.y_test) == pytest.approx(expected)


def test_history_to_dict_is_json_ready():
    history = History(name="x", train_error=[0.5], train_loss=[float("inf")])
    assert history.to_dict()["train_loss"] == [None]
