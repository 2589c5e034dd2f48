"""The chapter 1 trainer, driven headlessly: build, set values, click, wait, read the results."""

import time

import pytest

from resnet_book.training import History
from resnet_book.widgets import RUNNING, DegradationTrainer, parse_depths


def race_results(
    status: str, plain_errors=(0.10, 0.60), epochs=(1, 1), planned=6, lr=0.05, depths=(20, 56)
) -> dict:
    """A finished race as run_degradation returns it: plain-20 and plain-56, the deeper worse."""
    runs = [
        dict(name=f"plain-{d}", depth=d, residual=False, status=status,
             train_error=[e] * n, test_error=[e] * n, seconds=0.5, message="")
        for d, e, n in zip(depths, plain_errors, epochs)
    ]  # fmt: skip
    return {"seed": 0, "seconds": 1.0, "config": {"epochs": planned, "lr": lr}, "runs": runs}


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
    # 64 images, 2 epochs: the nets may not have learned yet, and then the status says so
    assert ("✅ Done" in trainer.status.value) == (trainer.progress.bar_style == "success")
    assert "✅ Done" in trainer.status.value or "has not learned" in trainer.status.value
    assert "plain-14" in trainer.status.value
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
    assert done.startswith("✅ Done in 1.0 s. Final training error: plain-20 10%, plain-56 60%.")
    assert (
        "📉 plain-56 ends at 60.0% training error, plain-20 at 10.0% (6.0×): degradation!" in done
    )
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


def test_every_status_text_after_a_race():
    """One line per way a race can end (issue 13): a verdict only when it was earned."""
    summary = DegradationTrainer._summary
    every = summary(race_results("diverged", plain_errors=(0.9, 0.9), lr=1e6))
    assert every == (
        "💥 Race over in 1.0 s. Every net diverged (the loss blew up to inf or nan): no verdict, "
        "since a blow-up says nothing about depth. Final training error: plain-20 💥, plain-56 💥."
        " 💡 Try a learning rate well below 1e+06, such as 0.05 (the default)."
    )
    chance = summary(race_results("done", plain_errors=(0.88, 0.91), epochs=(2, 2), lr=1e6))
    assert chance.startswith("⚠️ Finished in 1.0 s. Final training error: plain-20 88%, plain-56")
    assert (
        "plain-20 has not learned (88% training error; guessing on 10 classes gives 90%)" in chance
    )
    assert "no verdict" in chance and "Done" not in chance and "degradation" not in chance
    assert chance.endswith("💡 Try a learning rate well below 1e+06, such as 0.05 (the default).")
    close = summary(race_results("done", plain_errors=(0.10, 0.15), epochs=(6, 6)))
    assert close.startswith("✅ Done") and "no clear degradation (the bar is more than 2×" in close
    assert "degradation!" not in close and "💡 A wider gap in depth" in close
    one = summary(race_results("done", plain_errors=(0.1,), epochs=(6,), depths=(20,)))
    assert one.startswith("✅ Done") and "this race has only plain-20" in one
    assert "💡 Race two plain depths, such as 20, 56." in one


def test_the_running_status_says_points_appear_net_by_net(trainer, monkeypatch):
    monkeypatch.setattr(trainer, "_run", lambda settings: None)  # check the words, train nothing
    trainer.train_button.click()
    trainer.wait(5)
    assert "net by net" in trainer.status.value and "Stop" in trainer.status.value
    assert "after one epoch of every net" not in RUNNING  # what the issue found untrue
    assert trainer.progress.value == 0 and trainer.progress.bar_style == "info"


def test_the_status_after_each_epoch_and_after_a_blow_up(trainer):
    trainer._epochs, trainer.progress.max = 6, 12
    trainer._on_epoch("plain-8", History(name="plain-8", train_error=[0.5], test_error=[0.5]))
    assert "plain-8: epoch 1 of 6, training error 50.0%" in trainer.status.value
    assert trainer.progress.value == 1
    blown = History(name="plain-14", train_error=[0.9, 0.9], test_error=[0.9, None])
    blown.status = "diverged"
    trainer._on_epoch("plain-14", blown)
    assert "💥 plain-14 diverged in epoch 2; the other nets go on." in trainer.status.value
    assert trainer.progress.value == 1 + 5  # its epochs 2..6 are over: the bar can still fill


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
    assert "💥 Race over" in trainer.status.value and "Every net diverged" in trainer.status.value
    assert "Done" not in trainer.status.value and "0.05" in trainer.status.value
    assert trainer.progress.value == trainer.progress.max and trainer.progress.bar_style == "danger"
    assert "diverged" in trainer.plot.value and "✖" in trainer.plot.value


def test_nets_at_chance_get_no_verdict(trainer):
    """Issue 13: lr 1e6, 2 epochs, 256 images: nets at chance (or blown up), never "Done …
    degradation!"; the bar fills and the status says what to try."""
    trainer.n_train, trainer.depths.value, trainer.lr.value = 256, "8, 20", 1e6
    trainer.train_button.click()
    trainer.wait(60)
    status = trainer.status.value
    assert "degradation" not in status and "✅" not in status and "no verdict" in status
    assert "💡 Try a learning rate well below 1e+06" in status
    assert trainer.progress.value == trainer.progress.max
    assert trainer.progress.bar_style in ("warning", "danger")


def test_parse_depths():
    assert parse_depths("20, 56") == [20, 56]
    assert parse_depths("20 32;44") == [20, 32, 44]
    with pytest.raises(ValueError, match="whole numbers"):
        parse_depths("20, 5.5")
