"""The in-page race (issue 15): the JS engine against the PyTorch one, the vendored files, the
data, and (marked `browser`) the race on the built chapter 1 page in headless Chromium.

Node runs the engine's own tests (tests/js, `npm ci` there first); the book never needs Node.
"""

import json
import shutil
import subprocess

import numpy as np
import pytest
import torch
from chromium import ROOT, our_errors, unavailable

from resnet_book import browser_race
from resnet_book.data import load_digits
from resnet_book.models import count_params, plain_cifar, resnet_cifar

JS = ROOT / "tests" / "js"


def node(*args, stdin: str | None = None) -> str:
    if not shutil.which("node"):
        unavailable("node is not installed (Debian: apt install nodejs)")
    out = subprocess.run(
        ["node", *args], cwd=JS, input=stdin, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout


def needs_tfjs():
    if not (JS / "node_modules" / "@tensorflow" / "tfjs").is_dir():
        unavailable("tfjs for the Node tests is not installed: cd tests/js && npm ci")


def test_js_nets_have_pytorchs_parameters():
    """Every depth 20..110: the JS net's parameter count and (name, shape) list are PyTorch's."""
    depths = list(range(20, 111, 6))
    js = json.loads(node("params.mjs", *map(str, depths)))
    for depth in depths:
        for net in (
            plain_cifar(depth, width=8, in_channels=1),
            resnet_cifar(depth, width=8, in_channels=1),
        ):
            mine = js[net.name]
            assert mine["params"] == count_params(net), net.name
            shapes = [[name, list(p.shape)] for name, p in net.named_parameters()]
            assert mine["shapes"] == shapes, net.name


@pytest.mark.parametrize("residual", [False, True])
def test_js_forward_equals_pytorch(residual):
    """Same weights, same images: the JS net's logits are PyTorch's (training and eval mode)."""
    needs_tfjs()
    torch.manual_seed(3)
    net = (resnet_cifar if residual else plain_cifar)(14, width=8, in_channels=1)
    with torch.no_grad():  # BN scales and shifts away from 1 and 0, so that they count
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    values = []
    for p in net.parameters():
        t = p.detach()
        if t.dim() == 4:
            t = t.permute(2, 3, 1, 0)  # (out, in, kh, kw) -> tf's (kh, kw, in, out)
        elif t.dim() == 2:
            t = t.t()  # (out, in) -> (in, out)
        values.append(t.contiguous().flatten().tolist())
    x = load_digits().X_test[:24]  # (N, 1, 8, 8): with one channel, the same order as NHWC
    labels = load_digits().y_test[:24]
    job = dict(depth=14, residual=residual, width=8, values=values, x=x.flatten().tolist())
    job.update(labels=labels.tolist(), lr=0.05, weight_decay=0.05)  # decay large enough to see
    js = json.loads(node("forward.mjs", stdin=json.dumps(job)))
    with torch.no_grad():
        evaluated = net.eval()(x).numpy()  # first: a training-mode pass moves BN's running stats
        train = net.train()(x).numpy()
    # then two steps of training.py's optimiser (SGD, momentum 0.9, weight decay); BN's
    # running statistics move twice (momentum 0.1), the pass above undone first
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=0.05)
    for _ in range(2):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net.train()(x), labels).backward()
        opt.step()
    with torch.no_grad():
        after = net.eval()(x).numpy()
    for key, want in (("train", train), ("eval", evaluated), ("after", after)):
        np.testing.assert_allclose(np.array(js[key]).reshape(want.shape), want, atol=2e-4)


def test_engine_node_tests():
    """tests/js: the registered wasm kernel and our gradients against tf's 'cpu' backend; the
    SGD step, BN's per-channel arithmetic, broadcasts and running statistics in JavaScript
    against tf ops, bit for bit; no kernel on a tensor of rank 5 (a slow path on wasm)."""
    needs_tfjs()
    files = ["kernels", "gradients", "sgd", "perpixel", "bn", "ranks"]
    out = node("--test", *(f"{name}.test.js" for name in files))
    assert "# fail 0" in out, out[-2000:]
    for test in ["SGD in JavaScript", "perPixel", "BN's per-channel", "channelMeans", "rank above"]:
        assert test in out, f"{test!r}: not among the tests run"


def test_settings_and_verdicts_node_tests():
    """tests/js/state.test.js: the URL's settings parsed strictly; a verdict only when earned."""
    assert "# fail 0" in node("--test", "state.test.js")


def test_page_deals_nets_to_workers_as_race_py():
    """The page's workers get the shares race.py's threads would: plain and residual twins apart
    (the ResNet's additions cost a little more), each worker's cheapest net first."""
    from resnet_book.race import deal

    races = [([20, 56], "both", 2), ([20, 32, 44, 56], "both", 2), ([20], "plain", 2),
             ([8, 20, 32], "residual", 3)]  # fmt: skip
    script = (
        'import { deal, netsOf } from "../../_assets/race/page.js";\n'
        f"const races = {json.dumps(races)};\n"
        "console.log(JSON.stringify(races.map(([depths, nets, w]) =>"
        " deal(netsOf({ depths, nets, seed: 0 }), w).map((s) => s.map((n) => n.name)))));"
    )
    shares = json.loads(node("--input-type=module", stdin=script))
    for (depths, nets, workers), page_shares in zip(races, shares, strict=True):
        kinds = {"both": ["plain", "ResNet"], "plain": ["plain"], "residual": ["ResNet"]}[nets]
        names = [f"{k}-{d}" for k in kinds for d in depths]
        assert page_shares == deal(names, lambda n: int(n.split("-")[1]), workers)
    assert shares[0] == [["ResNet-20", "plain-56"], ["plain-20", "ResNet-56"]]


def test_vendored_tfjs_matches_its_manifest():
    import importlib.util

    spec = importlib.util.spec_from_file_location("vendor_tfjs", ROOT / "tools" / "vendor_tfjs.py")
    vendor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vendor)
    assert vendor.check() == []
    manifest = json.loads((vendor.FOLDER / "MANIFEST.json").read_text())
    assert manifest["version"] == "4.22.0" and set(manifest["files"]) == set(browser_race.VENDOR)


def test_digits_payload_is_data_pys_split():
    train, test = browser_race.centred(browser_race.digits_payload())
    data = load_digits()
    assert np.array_equal(train, data.X_train.numpy().reshape(-1, 64))
    assert np.array_equal(test, data.X_test.numpy().reshape(-1, 64))


def test_worker_script_is_one_classic_script(tmp_path):
    script = browser_race.worker_script()
    assert "import " not in script.replace("import(", "") and "\nexport " not in script
    (tmp_path / "worker.js").write_text(script)
    node("--check", str(tmp_path / "worker.js"))


def test_race_html_says_which_engine_runs_it():
    page = browser_race.race_html("chapter1")
    assert "TensorFlow.js 4.22 on WebAssembly" in page and "</script>" in page
    with pytest.raises(ValueError, match="preset must be one of"):
        browser_race.race_html("chapter9")


# ---- the race on the built chapter 1 page, in headless Chromium (`pytest -m browser`) ----------

CHAPTER1 = "chapters/01_degradation.html"
TINY = "depths=8&epochs=1&n=64"  # a race of a second or two: 4 nets of 8 layers, one epoch
DONE = "['done', 'stopped'].includes(document.querySelector('.race').dataset.state)"


def open_race(page, base: str, settings: str = ""):
    page.goto("about:blank")  # a new page, even where only the #settings change
    page.goto(f"{base}/{CHAPTER1}" + (f"#{settings}" if settings else ""))
    page.wait_for_function("document.querySelector('.race')?.dataset.state === 'idle'")
    return page.locator(".race")


def train(page, choice: str | None = ""):
    """Press Train and answer the prediction: a net's name, or "" to skip."""
    page.click(".race-train")
    page.click(f'.race-predict button[data-choice="{choice}"]')


READY = "document.querySelector('.race').dataset.engine === 'ready'"


@pytest.mark.browser
def test_race_renders_and_says_which_engine(server, page):
    race = open_race(page, server)
    assert "TensorFlow.js 4.22 on WebAssembly" in race.inner_text()
    assert page.input_value(".race input[name=depths]") == "20,56"
    assert race.get_attribute("data-engine") in ("warming", "ready")
    page.wait_for_function(READY, timeout=60_000)  # the workers set up and warmed up
    status = page.inner_text(".race-status")
    assert "engine is ready" in status and "Nothing trains before that" in status, status
    assert race.evaluate("el => el.readySeconds") > 0
    assert page.locator(".race polyline").count() == 0 and not our_errors(page.errors)


@pytest.mark.browser
def test_warm_up_changes_no_number(browser, tmp_path):
    """A race after the warm-up computes what a race without it does, bit for bit."""
    from resnet_book.browser_race import standalone_page

    results = {}
    for warm in (True, False):
        folder = tmp_path / str(warm)
        page_file = standalone_page(folder, depths=[8, 14], epochs=2, n=256, predict=False,
                                    warm_up=warm)  # fmt: skip
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_function(READY, timeout=60_000)
        page.click(".race-train")
        page.wait_for_function(DONE, timeout=120_000)
        results[warm] = page.locator(".race").evaluate("el => el.raceResults.runs")
        page.close()
    keys = ("name", "train_loss", "train_error", "test_error")
    assert [[r[k] for k in keys] for r in results[True]] == [
        [r[k] for k in keys] for r in results[False]
    ]
    assert len(results[True]) == 4 and all(len(r["train_loss"]) == 2 for r in results[True])


@pytest.mark.browser
def test_tiny_race_runs_draws_and_the_prediction_is_judged(server, page):
    open_race(page, server, TINY)
    page.click(".race-train")
    choices = page.locator(".race-predict button").all_inner_texts()
    assert choices == ["plain-8", "ResNet-8", "Skip: just train"]
    page.click('.race-predict button[data-choice="plain-8"]')
    page.wait_for_function(DONE, timeout=120_000)
    results = page.locator(".race").evaluate("el => el.raceResults")
    assert [r["name"] for r in results["runs"]] == ["plain-8", "ResNet-8"]
    assert all(len(r["train_error"]) == 1 and r["status"] == "done" for r in results["runs"])
    assert results["backend"] == "wasm"
    assert page.locator(".race polyline").count() == 4  # 2 nets x (training, test)
    outcome = page.inner_text(".race-outcome")
    assert "You predicted plain-8" in outcome and "prediction" in outcome
    # one epoch on 64 images teaches nothing: the race ends, with no verdict (verdict.js)
    status = page.inner_text(".race-status")
    assert status.startswith("⚠️ Race over") and "has not learned" in status, status
    assert results["verdict"] is None
    assert page.outside == [] and not our_errors(page.errors)


@pytest.mark.browser
def test_stop_stops(server, page):
    open_race(page, server, "epochs=100")
    train(page)
    page.wait_for_function("document.querySelector('.race').dataset.state === 'running'")
    page.click(".race-stop")
    page.wait_for_function(DONE, timeout=5_000)
    assert page.locator(".race").get_attribute("data-state") == "stopped"
    assert page.inner_text(".race-status").startswith("⏹️ Stopped")
    assert page.is_enabled(".race-train") and not page.is_enabled(".race-stop")


@pytest.mark.browser
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("depths", "21", "depth must be 6n+2"),
        ("epochs", "0", "epochs must be a whole number from 1 to 100"),
        ("lr", "-1", "the learning rate must be a positive number"),
        ("width", "0", "width must be a whole number from 1 to 32"),
        ("seed", "1.5", "seed must be a whole number"),
    ],
)
def test_bad_values_get_a_message(server, page, field, value, message):
    open_race(page, server)
    page.fill(f".race input[name={field}]", value)
    page.click(".race-train")
    assert message in page.inner_text(".race-status")
    assert page.locator(".race").get_attribute("data-state") == "idle"


@pytest.mark.browser
def test_a_link_restores_its_settings_and_bad_links_say_why(server, page):
    open_race(page, server, "seed=100&lr=0.1&nets=plain")
    assert page.input_value(".race input[name=seed]") == "100"
    assert page.input_value(".race input[name=lr]") == "0.1"
    assert page.input_value(".race select[name=nets]") == "plain"
    open_race(page, server, "seed=x&colour=red")
    status = page.inner_text(".race-status")
    assert "seed must be a whole number" in status and 'unknown setting "colour"' in status


@pytest.mark.browser
def test_a_diverging_net_drops_out_and_gets_no_verdict(server, page):
    # weight decay makes every step multiply the weights by about -(lr * 1e-4) = -99, so the
    # loss overflows after about 20 steps: 3 steps an epoch, 8 epochs
    open_race(page, server, "depths=8,14&epochs=8&n=384&lr=1e6")
    train(page)
    page.wait_for_function(DONE, timeout=120_000)
    runs = page.locator(".race").evaluate("el => el.raceResults.runs")
    assert any(r["status"] == "diverged" for r in runs)
    assert "No verdict" in page.inner_text(".race-status") or "diverged" in page.inner_text(
        ".race-status"
    )
    assert "degradation!" not in page.inner_text(".race-status")


@pytest.mark.browser
def test_race_works_from_disk_at_phone_width_in_dark_mode(browser):
    """file:// (how `make book` opens the book), 390 px wide, dark theme; nothing leaves."""
    from chromium import HTML_DIR

    if not (HTML_DIR / CHAPTER1).is_file():
        unavailable(f"no built book in {HTML_DIR}: run `make book-test` first")
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme="dark")
    outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "blob:"))
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.goto((HTML_DIR / CHAPTER1).as_uri() + "#" + TINY)
    page.wait_for_function("document.querySelector('.race')?.dataset.state === 'idle'")
    status_colour = "el => getComputedStyle(el).color"
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    light = page.eval_on_selector(".race-status", status_colour)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    assert page.eval_on_selector(".race-status", status_colour) != light  # the theme's colours
    train(page)
    page.wait_for_function(DONE, timeout=120_000)
    race = page.locator(".race")
    assert race.get_attribute("data-state") == "done"
    box = race.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # no sideways scrolling
    assert race.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    race.screenshot(path="/tmp/race_390_dark.png")
    assert outside == []
    context.close()
