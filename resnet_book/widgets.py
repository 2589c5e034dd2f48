"""Live widgets: the plain-vs-residual race of chapter 1, one button away.

    >>> trainer = DegradationTrainer()      # builds the controls; never starts training
    >>> trainer                             # in Jupyter: press ▶️ Train, watch, press ⏹️ Stop

The widget is a thin layer over ``experiments.run_degradation``: it reads the controls, runs the
race in a background thread (so Stop works and the notebook stays responsive) and redraws the
curves after every epoch. Tests drive it headlessly: set ``trainer.epochs.value``, call
``trainer.train_button.click()``, then ``trainer.wait()`` and read ``trainer.results``.
"""

from __future__ import annotations

import html
import re
import threading

import ipywidgets as W
import torch

from resnet_book.data import DataUnavailable
from resnet_book.experiments import (
    DEGRADATION_DEFAULTS,
    check_degradation_args,
    run_degradation,
    warm_up,
)
from resnet_book.plots import race_svg
from resnet_book.verdict import race_verdict

# Wide enough for "plain + residual" in wide fonts too (~8 px a character at 13 px, plus the
# button's 10 px paddings and the 4 px of its icon slot in ipywidgets 8).
NETS_BUTTON_WIDTH = "160px"
RED, AMBER = "#c0392b", "#9a6700"  # problems; no verdict (readable on white and on dark themes)
# The progress bar's colour when the race ends, by what the verdict says happened.
BAR_STYLES = {"stopped": "warning", "diverged": "danger", "not learned": "warning"}
RUNNING = (
    "⏳ Training… each net adds a point to the plot after every epoch it finishes, net by net: "
    "the shallow nets' points come first, the deep nets' a little later. ⏹️ Stop works any time."
)


def parse_depths(text: str) -> list[int]:
    """ "20, 56" -> [20, 56]; a ValueError a learner can act on otherwise."""
    words = [w for w in re.split(r"[\s,;]+", str(text)) if w]
    if not words:
        raise ValueError("type at least one depth, such as 20, 56")
    try:
        return [int(w) for w in words]
    except ValueError:
        raise ValueError(
            f"depths are whole numbers separated by commas, like 20, 56; got {text!r}"
        ) from None


def _quiet(fn):
    """fn, with any error swallowed (a failed warm-up shows again, in the status line, on Train)."""

    def run():
        try:
            fn()
        except Exception:  # noqa: BLE001
            pass

    return run


class DegradationTrainer(W.VBox):
    """Race plain and residual nets side by side; curves update live after every epoch.

    Args:
        n_train: train on the first n images only (quick mode, tests); None = all.
        **defaults: starting values of the controls (names as in ``run_degradation``).
    """

    def __init__(self, n_train: int | None = None, **defaults):
        d = dict(DEGRADATION_DEFAULTS, **defaults)
        self.n_train, self.results, self.runs = n_train, None, {}
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        style, short = {"description_width": "90px"}, W.Layout(width="190px")

        def box(widget):
            widget.style, widget.layout = style, short
            return widget

        self.depths = box(W.Text(", ".join(map(str, d["depths"])), description="depths"))
        self.nets = W.ToggleButtons(
            options=[("plain + residual", "both"), ("plain", "plain"), ("residual", "residual")],
            value=d["nets"],
            style={"button_width": NETS_BUTTON_WIDTH},  # 120px cut "plain + residual" short
        )
        self.width = box(W.IntText(d["width"], description="width"))
        self.epochs = box(W.IntText(d["epochs"], description="epochs"))
        self.lr = box(W.FloatText(d["lr"], description="learning rate"))
        self.batch_size = box(W.IntText(d["batch_size"], description="batch size"))
        self.option = box(W.Dropdown(options=["A", "B", "C"], value=d["option"]))
        self.option.description = "shortcut"
        self.dataset = box(W.Dropdown(options=[("digits", "digits"), ("CIFAR-10", "cifar10")]))
        self.dataset.value, self.dataset.description = d["dataset"], "data set"
        self.seed = box(W.IntText(d["seed"], description="seed"))
        self.train_button = W.Button(description="Train", icon="play", button_style="success")
        self.stop_button = W.Button(description="Stop", icon="stop", disabled=True)
        self.progress = W.IntProgress(value=0, min=0, max=1, description="progress")
        self.status = W.HTML("Press <b>▶️ Train</b> to race the nets. Nothing trains before that.")
        self.plot = W.HTML(race_svg([], d["epochs"]), layout=W.Layout(width="100%"))
        self.train_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        grid = W.GridBox(
            [self.depths, self.width, self.epochs, self.seed, self.lr, self.batch_size]
            + [self.option, self.dataset],
            layout=W.Layout(grid_template_columns="repeat(4, 200px)", grid_gap="4px 8px"),
        )
        buttons = W.HBox([self.train_button, self.stop_button, self.progress])
        super().__init__([self.nets, grid, buttons, self.status, self.plot])
        # load the data and pay torch's one-time costs now, in the background, not on Train
        self._warm = threading.Thread(target=_quiet(warm_up), daemon=True)
        self._warm.start()

    # -- reading the controls -------------------------------------------------------------------
    def settings(self) -> dict:
        """The controls as keyword arguments of ``run_degradation``, checked (or a ValueError)."""
        return check_degradation_args(
            parse_depths(self.depths.value),
            self.nets.value,
            self.width.value,
            self.epochs.value,
            self.lr.value,
            self.batch_size.value,
            self.option.value,
            self.dataset.value,
            self.seed.value,
            self.n_train,
        )

    def _say(self, text: str, colour: str = "") -> None:
        style = f' style="color:{colour}"' if colour else ""
        self.status.value = f"<span{style}>{text}</span>"

    # -- the buttons ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        """What ▶️ Train does: check the settings, then race in a background thread."""
        if self.running:
            return False
        try:
            settings = self.settings()
        except ValueError as error:
            self._say(f"⚠️ {html.escape(str(error))}", "#c0392b")
            return False
        self._stop.clear()
        self.runs, self.results, self._epochs = {}, None, settings["epochs"]
        self.plot.value = race_svg([], settings["epochs"])
        per_kind = 2 if settings["nets"] == "both" else 1
        self.progress.max = settings["epochs"] * len(settings["depths"]) * per_kind
        self.progress.value, self.progress.bar_style = 0, "info"
        self.train_button.disabled, self.stop_button.disabled = True, False
        slow = settings["dataset"] == "cifar10" and not torch.cuda.is_available()
        self._say(
            "⏳ Training CIFAR-10 without a GPU: expect minutes per epoch; ⏹️ Stop works any time."
            if slow
            else RUNNING
        )
        self._thread = threading.Thread(target=self._run, args=(settings,), daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        """What ⏹️ Stop does: every net stops before its next step."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> dict | None:
        """Block until the race ends (for scripts and tests); return ``self.results``."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.results

    # -- in the background thread -------------------------------------------------------------
    def _run(self, settings: dict) -> None:
        self._warm.join()
        try:
            self.results = run_degradation(
                **settings, on_epoch=self._on_epoch, should_stop=self._stop.is_set
            )
            verdict = race_verdict(self.results["runs"], settings["lr"])
            self.progress.bar_style = BAR_STYLES.get(verdict.kind, "success")
            colour = {"diverged": RED, "not learned": AMBER}.get(verdict.kind, "")
            self._say(self._summary(self.results), colour)
        except (ValueError, DataUnavailable) as error:
            self.progress.bar_style = "danger"
            self._say(f"⚠️ {html.escape(str(error))}", RED)
        except Exception as error:  # noqa: BLE001  (a learner sees the message, not a traceback)
            self.progress.bar_style = "danger"
            self._say(f"💥 {type(error).__name__}: {html.escape(str(error))}", RED)
        finally:
            self.train_button.disabled, self.stop_button.disabled = False, True

    def _on_epoch(self, name: str, history) -> None:
        """After every epoch of every net (the race never calls this from two threads at once)."""
        errors = {k: v for k, v in history.to_dict().items() if k.endswith("error")}
        depth, residual = int(name.split("-")[1]), name.startswith("ResNet")
        self.runs[name] = dict(name=name, depth=depth, residual=residual, status=history.status)
        self.runs[name].update(errors)
        self.plot.value = race_svg(list(self.runs.values()), self._epochs)  # ~1 ms
        epoch = len(history.train_error)
        if history.status == "stopped":
            self._say("⏹️ Stopping…")
        elif history.status == "diverged":
            # out of the race: its epochs still to come count as done, so the bar can fill
            self.progress.value += self._epochs - epoch + 1
            self._say(f"💥 {name} diverged in epoch {epoch}; the other nets go on.", RED)
        else:
            self.progress.value += 1
            last = history.train_error[-1]
            self._say(f"⏳ {name}: epoch {epoch} of {self._epochs}, training error {last:.1%}")

    @staticmethod
    def _summary(results: dict) -> str:
        """One line on what happened, in words; a verdict only when the race earned one
        (``verdict.race_verdict``), else what went wrong and what to try."""
        runs, seconds = results["runs"], f"{results['seconds']:.1f} s"
        final = {r["name"]: (r["train_error"] or [None])[-1] for r in runs}
        parts = ", ".join(
            f"{r['name']} 💥" if r["status"] == "diverged"
            else f"{r['name']} {final[r['name']]:.0%}" if final[r["name"]] is not None
            else f"{r['name']} –"
            for r in runs
        )  # fmt: skip
        verdict = race_verdict(runs, results["config"].get("lr"))
        if verdict.kind == "stopped":
            notes = [r["name"] + " diverged" for r in runs if r["status"] == "diverged"]
            extra = f" ({'; '.join(notes)})" if notes else ""
            # nets take turns, so their epochs may differ; a diverged net dropped out earlier
            done = sorted({len(r["train_error"]) for r in runs if r["status"] != "diverged"})
            if done[-1] == 0:
                return f"⏹️ Stopped after {seconds}, before any net finished an epoch{extra}."
            span = str(done[0]) if len(done) == 1 else f"{done[0]}–{done[-1]}"
            return (
                f"⏹️ Stopped after {span} of {results['config']['epochs']} epochs ({seconds})"
                f"{extra}: too early to call. Training error so far: {parts}."
            )
        tip = f" 💡 {verdict.tip}" if verdict.tip else ""
        if verdict.kind == "diverged":
            return f"💥 Race over in {seconds}. {verdict.text} Final training error: {parts}.{tip}"
        if verdict.kind == "not learned":
            return f"⚠️ Finished in {seconds}. Final training error: {parts}. {verdict.text}{tip}"
        return f"✅ Done in {seconds}. Final training error: {parts}. {verdict.text}{tip}"
