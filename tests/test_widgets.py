"""The chapter 1 trainer, driven headlessly: build, set values, click, wait, read the results."""

import time

import pytest

from resnet_book.widgets import DegradationTrainer, parse_depths


def race_results(status: str, plain_errors=(0.10, 0.60), epochs=(1, 1), planned=6) -> dict:
    """A finished race as run_degradation returns it: plain-20 and plain-56, the deeper worse."""
    runs = [
        dict(name=f"plain-{d}", depth=d, residual=False, status=status,
             train_error=[e] * n, test_error=[e] * n, seconds=0.5, message="")
        for d, e, n in zip((20, 56), plain_errors, epochs)
    ]  # fmt: skip
    return {"seed": 0, "seconds": 1.0, "config": {"epochs": planned}, "runs": runs}


@pytest.fixture
def trainer():
    t = DegradationTrainer(n_train=64)  # the controls keep their defaults; only the data is cut
    t.depths.value, t.epochs.value = "8, 14", 2
    yield t
    t.stop()
    t.wait(30)


def test_building_never_starts_training():
    t = DegradationTrainer()
    assert not t.running and t.results is None and t._thread is None
    assert t.epochs.value == 6 and t.depths.value == "20, 56" and t.nets.value == "both"
    assert t.plot.value.startswith("<svg") and "Train" in t.status.value
    assert not t.train_button.disabled and t.stop_button.disabled


def test_click_train_then_results_and_curves(trainer):
    before = trainer.plot.value
    trainer.train_button.click()
    assert trainer._thread is not None  # started (it may already be done: the budget is tiny)
    results = trainer.wait(60)
    assert not trainer.running and not trainer.train_button.disabled
    assert [r["name"] for r in results["runs"]] == ["plain-8", "plain-14", "ResNet-8", "ResNet-14"]
    assert all(len(r["train_error"]) == 2 and r["status"] == "done" for r in results["runs"])
    assert trainer.progress.value == trainer.progress.max == 8
    assert "Done" in trainer.status.value and "plain-14" in trainer.status.value
    assert "plain-14" in trainer.plot.value and trainer.plot.value != before


def test_same_controls_same_results(trainer):
    trainer.nets.value = "plain"
    trainer.train_button.click()
    first = trainer.wait(60)
    trainer.train_button.click()
    second = trainer.wait(60)
    assert [r["train_error"] for r in first["runs"]] == [r["train_error"] for r in second["runs"]]


@pytest.mark.parametrize(
    ("control", "value", "message"),
    [
        ("depths", "20, 21", "6n+2"),
        ("depths", "twenty", "whole numbers"),
        ("depths", " ", "at least one depth"),
        ("epochs", 0, "epochs"),
        ("lr", 0.0, "learning rate"),
        ("lr", -1.0, "learning rate"),
        ("width", 0, "width"),
        ("width", 65, "width must be a whole number from 1 to 64"),
        ("depths", "20, 1208", "depths go up to 1202"),
        ("seed", -1, "seed"),
        ("seed", 99999999999999999999, "seed must be a whole number from 0 to 4294967295"),
        ("batch_size", 1, "batch size"),
    ],
)
def test_bad_input_shows_a_message_and_trains_nothing(trainer, control, value, message):
    getattr(trainer, control).value = value
    trainer.train_button.click()  # no exception escapes
    assert not trainer.running and trainer.results is None
    assert message in trainer.status.value and "⚠️" in trainer.status.value


def test_stop_works_while_training(trainer):
    trainer.epochs.value = 500  # two plain depths (8, 14): the summary could give a verdict
    trainer.train_button.click()
    deadline = time.monotonic() + 30
    while trainer.progress.value < 2 and time.monotonic() < deadline:  # let it get going
        time.sleep(0.02)
    trainer.stop_button.click()
    results = trainer.wait(10)
    assert not trainer.running, "Stop did not stop the race"
    assert {r["status"] for r in results["runs"]} == {"stopped"}
    assert all(len(r["train_error"]) < 500 for r in results["runs"])
    assert "⏹️ Stopped" in trainer.status.value and "of 500 epochs" in trainer.status.value
    assert "degradation" not in trainer.status.value


def test_a_stopped_race_gets_no_verdict_but_keeps_its_numbers():
    done = DegradationTrainer._summary(race_results("done", epochs=(6, 6)))
    assert done.startswith("✅ Done") and "degradation!" in done  # a whole race: a verdict
    stopped = DegradationTrainer._summary(race_results("stopped"))
    assert "degradation" not in stopped and "Done" not in stopped
    assert stopped.startswith("⏹️ Stopped after 1 of 6 epochs") and "too early to call" in stopped
    assert "plain-20 10%, plain-56 60%" in stopped
    uneven = DegradationTrainer._summary(race_results("stopped", epochs=(2, 1)))
    assert "Stopped after 1–2 of 6 epochs" in uneven
    assert "before any net finished" in DegradationTrainer._summary(
        race_results("stopped", epochs=(0, 0))
    )
    diverged = DegradationTrainer._summary(race_results("diverged", plain_errors=(0.1, 0.9)))
    assert "diverged" in diverged and "degradation" not in diverged  # a blow-up, not degradation


def test_every_nets_label_fits_its_button():
    # ipywidgets 8: 10 px paddings and a 4 px icon slot; ~8 px a character at 13 px, wide fonts
    # included (120px cut "plain + residual" to "plain + resid…" in JupyterLab)
    nets = DegradationTrainer().nets
    longest = max(len(label) for label, _ in nets.options)
    assert int(nets.style.button_width.removesuffix("px")) >= 24 + 8 * longest


def test_a_diverged_run_is_marked(trainer):
    trainer.depths.value, trainer.epochs.value = "8", 4
    trainer.lr.value, trainer.batch_size.value = 1e6, 8
    trainer.train_button.click()
    results = trainer.wait(60)
    assert {r["status"] for r in results["runs"]} == {"diverged"}
    assert "diverged" in trainer.status.value
    assert "diverged" in trainer.plot.value and "✖" in trainer.plot.value


def test_parse_depths():
    assert parse_depths("20, 56") == [20, 56]
    assert parse_depths("20 32;44") == [20, 32, 44]
    with pytest.raises(ValueError, match="whole numbers"):
        parse_depths("20, 5.5")
