"""A chapter in the two Jupyters a learner opens (issue 13): JupyterLab 4 and Notebook 7.

For each app the test starts a token-less server on 127.0.0.1 over a scratch copy of the chapter
(so nothing is saved into the repository), opens it in headless Chromium and checks what a learner
would: it opens unmodified (a stale kernelspec made JupyterLab mark it ● at once; a copy with the
old one shows that the check can fail), Run All finishes with no error and nothing on stderr, a
quiz answers a click, and the trainer's ▶️ Train runs a race to its end. The server is stopped
after the module. Chapters run in quick mode, as under `make test`. Screenshots go to
/tmp/jupyter_shots/.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from chromium import ROOT, unavailable

pytestmark = pytest.mark.browser

CHAPTER = "01_degradation"  # Run All in ~10 s in quick mode; it has a quiz and the trainer
APPS = {"lab": "lab/tree/chapters", "notebook": "notebooks/chapters"}
SHOTS = Path("/tmp/jupyter_shots")
# Notebook 7.6.5 throws this on every page it serves, its file browser and an empty notebook
# included (a settings schema it looks up at start-up); not ours, and nothing a learner sees.
THIRD_PARTY_ERRORS = ["Cannot read properties of undefined (reading 'schema')"]
OLD_KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
# Settings for the scratch servers only: every cell in the page (JupyterLab 4 draws only the cells
# in view by default), and no pop-up asking to fetch Jupyter news over the network.
SETTINGS = {
    "notebook-extension/tracker": {"windowingMode": "none"},
    "apputils-extension/notification": {"fetchNews": "false"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", params=list(APPS))
def jupyter(request, tmp_path_factory):
    """(app, base URL, scratch root) of a running `jupyter lab` or `jupyter notebook`."""
    app = request.param
    jupyter = Path(sys.executable).parent / "jupyter"
    has_app = subprocess.run([jupyter, app, "--version"], capture_output=True).returncode == 0
    if not has_app:
        unavailable(f"`jupyter {app}` is not installed: pip install -r requirements.txt")
    work = tmp_path_factory.mktemp(app)
    root = work / "root"
    (root / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "chapters" / f"{CHAPTER}.ipynb", root / "chapters")
    shutil.copytree(ROOT / "figures", root / "figures")  # chapters show ../figures/*.png
    old = nbformat.read(root / "chapters" / f"{CHAPTER}.ipynb", as_version=4)
    old.metadata.kernelspec = OLD_KERNELSPEC  # what the chapters stored before issue 13
    nbformat.write(old, root / "chapters" / "old_kernelspec.ipynb")
    for name, values in SETTINGS.items():
        path = work / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),  # the kernel imports this checkout's resnet_book
        RESNET_BOOK_QUICK="1",
        JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
    )
    port = free_port()
    cmd = [
        jupyter, app, "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
        f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    log = (work / "server.log").open("w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"jupyter {app} did not start:\n{(work / 'server.log').read_text()}"
                    )
                time.sleep(0.3)
        yield app, base, root
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def open_notebook(browser, jupyter, name: str):
    app, base, _ = jupyter
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on(
        "pageerror",
        lambda e: None if str(e) in THIRD_PARTY_ERRORS else page.errors.append(str(e)),
    )
    # ?reset: JupyterLab would otherwise restore the tabs of the previous page (its workspace)
    page.goto(f"{base}/{APPS[app]}/{name}.ipynb" + ("?reset" if app == "lab" else ""))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the kernel has started, Jupyter has compared its kernelspec with the notebook's (and
    # rewritten a stale one: JupyterLab 4.6 within a second on an idle machine)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
    page.locator(".jp-KernelName", has_text="(ipykernel)").first.wait_for(timeout=30_000)
    if app == "lab" and name == "old_kernelspec":  # the positive control: wait until it shows
        page.locator(".lm-TabBar-tab.jp-mod-dirty").first.wait_for(timeout=30_000)
    page.wait_for_timeout(3000)
    return page


def is_modified(page, app: str, name: str) -> bool:
    """Whether Jupyter holds unsaved changes, as a learner finds out: closing the page asks
    "Leave site?" (both apps), and JupyterLab also marks the document's tab. Closes the page."""
    marked = None
    if app == "lab":
        tab = page.locator(".lm-TabBar-tab", has_text=f"{name}.ipynb")
        assert tab.count() == 1
        marked = "jp-mod-dirty" in tab.get_attribute("class")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    try:  # a page with unsaved changes stays open (its dialog was dismissed): time out
        page.wait_for_event("close", timeout=3000)
    except Exception:  # noqa: BLE001  (TimeoutError, or closed before we listened)
        pass
    page.context.close()
    asked = dialogs == ["beforeunload"]
    assert marked in (None, asked), "JupyterLab's tab and its Leave-site prompt disagree"
    return asked


def shot(page, app: str, what: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{app}_{what}.png"))


def run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """() => {
          const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
          return prompts.length > 0 && prompts.every((p) => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=180_000,
    )


def test_a_chapter_opens_unmodified(browser, jupyter):
    app = jupyter[0]
    old = open_notebook(browser, jupyter, "old_kernelspec")
    assert is_modified(old, app, "old_kernelspec"), "the check cannot see a modified notebook"
    page = open_notebook(browser, jupyter, CHAPTER)
    shot(page, app, "opened")
    assert not is_modified(page, app, CHAPTER), f"{CHAPTER} opens modified: check its kernelspec"


def test_run_all_then_a_quiz_and_the_trainer(browser, jupyter):
    app, _, root = jupyter
    page = open_notebook(browser, jupyter, CHAPTER)
    started = time.monotonic()
    run_all(page)
    ran = time.monotonic() - started
    shot(page, app, "ran")
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, f"error output after Run All in {app}: {stderr.all_inner_texts()}"

    quiz = page.locator(".rq-quiz[data-rq-ready]").first
    quiz.scroll_into_view_if_needed()
    quiz.locator('.rq-q[data-type="single"]').first.locator(".rq-opt").first.click()
    result = quiz.locator(".rq-result").first
    assert "Well done" in result.inner_text() or "Not quite" in result.inner_text()

    trainer = page.locator(".widget-vbox", has=page.locator("button", has_text="Train")).first
    trainer.scroll_into_view_if_needed()
    trainer.locator("button", has_text="Train").click()
    status = trainer.locator(".widget-html-content").first
    page.wait_for_function(
        "(el) => /Done|Finished|Race over|⚠️|💥/.test(el.textContent)",
        arg=status.element_handle(),
        timeout=120_000,
    )
    trainer.scroll_into_view_if_needed()
    shot(page, app, "trainer")
    assert "✅ Done" in status.inner_text() or "⚠️ Finished" in status.inner_text()

    page.keyboard.press("Control+s")  # then read what Jupyter saved: no error anywhere
    page.wait_for_timeout(2000)
    nb = nbformat.read(root / "chapters" / f"{CHAPTER}.ipynb", as_version=4)
    codes = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in codes), "Run All left cells unrun"
    bad = [o for c in codes for o in c.outputs
           if o.output_type == "error" or o.get("name") == "stderr"]  # fmt: skip
    assert not bad, bad
    assert nb.metadata.kernelspec.display_name == "Python 3 (ipykernel)"
    assert not page.errors, page.errors
    print(f"{app}: Run All {ran:.0f} s")
    page.context.close()
