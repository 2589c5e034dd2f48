"""The in-page race in the Chinese edition (issue 12): every word of it in Chinese on a Chinese page
(net names, numbers, units and "epoch" stay), English as before on English pages and in Jupyter.

The race's words are t("...") templates in _assets/race/*.js (words.js looks them up on a Chinese
page) and label("...") texts in browser_race.py, all in resnet_book.po. Without a browser: the
verdicts and the settings' messages through the catalog in Node. With one (`pytest -m browser`,
RESNET_BOOK_HTML=_build/test/_build/html): a tiny race on zh/chapters/01_degradation.
"""

import json
import re
import sys

import pytest
from chromium import CJK, HTML_DIR, ROOT, SHOTS, our_errors, unavailable
from test_browser_race import DONE, READY, TINY, node

from resnet_book import browser_race
from resnet_book.i18n import chinese, script_texts

# What stays as it is in Chinese: net names, "epoch", units, the engine's names, maths, the
# settings' keys as a link writes them (in brackets or listed), and the value the reader typed.
KEPT = re.compile(
    r"(plain|ResNet)-\d+|\bepoch\b|\d s\b|\binf\b|\bnan\b|6n\+2|n >= 1|\bBN\b|TensorFlow\.js|"
    r"WebAssembly|Web Worker|PyTorch|SIMD|（[a-z]+）|\"[^\"]*\"|"
    r"depths, nets, width, epochs, lr, n, seed|both, plain, residual"
)


def english_left(text: str) -> list[str]:
    """The English words of TEXT, less what stays as it is."""
    return re.findall(r"[A-Za-z]{2,}", KEPT.sub("", text))


def race_words() -> set[str]:
    """Every text the race shows: its scripts' t("...") and browser_race.py's label("...")."""
    sys.path.insert(0, str(ROOT / "tools"))
    from edition import python_texts

    modules = [m for m in browser_race.MODULES if m not in browser_race.WORKER_MODULES]
    texts = set().union(*(script_texts((browser_race.RACE_DIR / m).read_text()) for m in modules))
    return texts | python_texts((ROOT / "resnet_book" / "browser_race.py").read_text())


def test_every_word_of_the_race_has_its_chinese_in_the_page():
    words = race_words()
    assert len(words) > 60 and {"▶️ Train", "⏹️ Stop", "learning rate"} <= words
    assert words <= set(chinese()), sorted(words - set(chinese()))[:5]
    page = browser_race.race_html("chapter1")
    assert '<span class="book-zh" hidden>▶️ 训练</span>' not in page  # the button is the script's
    assert '"▶️ Train":"▶️ 训练"' in page and "🏁 页内比赛" in page  # its JSON; the title's label
    assert "TensorFlow.js 4.22 on WebAssembly" in page  # the English stays, beside it


def test_verdicts_and_bad_values_in_chinese():
    """The verdict.js and state.js messages through the catalog: Chinese, the numbers kept."""
    texts = json.loads(node("race_words.mjs", stdin=json.dumps({"words": chinese()})))
    assert len(texts) > 40
    for text in texts:
        assert CJK.search(text) and not english_left(text), text
    assert "📉 plain-56 最终训练误差 50.0%，plain-20 为 10.0%（5.0×）：退化！" in "".join(texts)
    assert any(t.startswith("随机种子（seed）必须是 0 到 4294967295 之间的整数") for t in texts)


# ---- on the built book's chapter 1, both editions (`pytest -m browser`) --------------------------


def open_race(page, server, edition: str, settings: str = TINY, width: int = 1280):
    if not (HTML_DIR / f"{edition}chapters/01_degradation.html").is_file():
        unavailable(f"{HTML_DIR}/{edition}chapters/01_degradation.html is missing: make book-test")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("about:blank")
    page.goto(f"{server}/{edition}chapters/01_degradation.html#{settings}")
    page.wait_for_function("document.querySelector('.race')?.dataset.state === 'idle'")
    return page.locator(".race")


def fits(page, race, width: int):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = race.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    assert race.evaluate("el => el.scrollWidth <= el.clientWidth + 1")


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["zh/", ""])
def test_a_tiny_race_speaks_the_pages_language(server, page, edition):
    zh = edition == "zh/"
    race = open_race(page, server, edition)
    controls = race.locator(".race-controls").inner_text()
    buttons = race.locator(".race-buttons button").all_inner_texts()
    title, engine = race.locator(".race-title"), race.locator(".race-engine")
    if zh:
        labels = ("网络", "深度", "宽度", "epoch 数", "学习率", "随机种子")
        assert all(w in controls for w in labels), controls
        assert buttons == ["▶️ 训练", "⏹️ 停止"], buttons
        assert title.inner_text().startswith("🏁 页内比赛") and "4.22" in engine.inner_text()
    else:
        assert controls.split()[:3] == ["nets", "plain", "+"] and "learning rate" in controls
        assert buttons == ["▶️ Train", "⏹️ Stop"], buttons
        assert title.inner_text().startswith("🏁 The race, in this page")
        assert engine.inner_text().startswith("⚙️ This race runs on TensorFlow.js 4.22")
    page.wait_for_function(READY, timeout=60_000)
    status = race.locator(".race-status")
    assert status.inner_text().startswith("✅ 引擎已就绪" if zh else "✅ The engine is ready")
    page.click(".race-train")
    question = race.locator(".race-predict").inner_text()
    choices = race.locator(".race-predict button").all_inner_texts()
    assert choices == ["plain-8", "ResNet-8", "跳过：直接训练" if zh else "Skip: just train"]
    assert question.startswith("🔮 比赛之前先猜一猜" if zh else "🔮 Before the race")
    page.click('.race-predict button[data-choice="plain-8"]')
    page.wait_for_function(DONE, timeout=120_000)
    done, outcome = status.inner_text(), race.locator(".race-outcome").inner_text()
    drawn = " ".join(race.locator("svg text").all_text_contents())
    key = race.locator(".race-key").inner_text()
    if zh:  # one epoch on 64 images: no verdict (as test_browser_race's English test)
        assert done.startswith("⚠️ 比赛用时") and "plain-8 没有学会" in done, done
        assert outcome.startswith("🎯 你预测的是 plain-8") or outcome.startswith("🤔 你预测的是")
        assert "普通网络" in drawn and "残差网络" in drawn, drawn
        assert key == "实线：测试误差 · 虚线：训练误差"
        everything = race.inner_text()
        assert not english_left(everything), english_left(everything)
    else:
        assert done.startswith("⚠️ Race over") and "has not learned" in done, done
        assert "You predicted plain-8" in outcome and "plain nets" in drawn
        assert not CJK.search(race.inner_text())
    assert page.outside == [] and not our_errors(page.errors)


@pytest.mark.browser
def test_bad_values_in_chinese(server, page):
    race = open_race(page, server, "zh/", "seed=x&colour=red")
    status = race.locator(".race-status").inner_text()
    assert status.startswith("⚠️ 链接里的设置：随机种子（seed）必须是 0 到 4294967295 之间的整数")
    assert '未知的设置 "colour"' in status and not english_left(status), status
    page.fill(".race input[name=depths]", "21")
    page.click(".race-train")
    status = race.locator(".race-status").inner_text()
    expected = "⚠️ 深度（depths）必须是 6n+2，且 n >= 1（8, 14, 20, 32, 44, 56, 110）"
    assert status == expected + '；收到的是 "21"', status
    assert race.get_attribute("data-state") == "idle"


@pytest.mark.browser
@pytest.mark.parametrize("width,theme", [(1280, "light"), (390, "dark")])
def test_the_chinese_race_fits_before_and_after(server, page, width, theme):
    """The wider Chinese words: the race stays inside a 390 px phone; screenshots to look at."""
    SHOTS.mkdir(exist_ok=True)
    race = open_race(page, server, "zh/", TINY, width)
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.wait_for_function(READY, timeout=60_000)
    race.scroll_into_view_if_needed()
    fits(page, race, width)
    race.screenshot(path=str(SHOTS / f"race-zh-{width}-{theme}-before.png"))
    page.click(".race-train")
    fits(page, race, width)
    page.click('.race-predict button[data-choice="ResNet-8"]')
    page.wait_for_function(DONE, timeout=120_000)
    fits(page, race, width)
    race.screenshot(path=str(SHOTS / f"race-zh-{width}-{theme}-after.png"))
    assert not our_errors(page.errors)


@pytest.mark.browser
def test_chapter5s_race_in_chinese(server, page):
    """Fig. 6 in small (no prediction asked): its words too, before a race, at phone width."""
    name = "zh/chapters/05_experiments"
    if not (HTML_DIR / f"{name}.html").is_file():
        unavailable(f"{HTML_DIR}/{name}.html is missing: make book-test")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{server}/{name}.html")
    page.wait_for_function(READY, timeout=60_000)
    race = page.locator(".race")
    assert page.input_value(".race input[name=depths]") == "20,32,44,56"
    everything = race.inner_text()
    assert "✅ 引擎已就绪" in everything and not english_left(everything), english_left(everything)
    fits(page, race, 390)
