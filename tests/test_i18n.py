"""resnet_book.i18n: the package's own words in Chinese (README, "Translations")."""

from pathlib import Path

from resnet_book.i18n import chinese, label, script_messages, script_texts

ROOT = Path(__file__).resolve().parent.parent


def test_script_texts_reads_every_form_of_a_t_call():
    source = """
      t("in_channels"); t('it\\'s "x"'); t("a\\u00e9 {n}", {n: 1});
      t("❌ {name} is empty: " +
        'type a number.', v); split("no"); parseInt("no"); at("no");
    """
    assert script_texts(source) == {
        "in_channels",
        'it\'s "x"',
        "aé {n}",
        "❌ {name} is empty: type a number.",
    }


def test_label_and_script_messages():
    assert label("stride") == (
        '<span class="book-en">stride</span><span class="book-zh" hidden>步长</span>'
    )
    assert label("no such words <b>") == "no such words &lt;b&gt;"  # no Chinese: English only
    script = script_messages(["Close", "no such words", "</script>"])
    assert script == '<script type="application/json" class="rb-i18n">{"Close":"关闭"}</script>'


def test_the_lightbox_words_are_translated():
    """_assets/lightbox.js (every page): the Chinese edition embeds these (editions.py)."""
    texts = script_texts((ROOT / "_assets/lightbox.js").read_text(encoding="utf-8"))
    assert texts == {"Figure at full size: {alt}", "Close", "Click to open at full size"}
    assert texts <= set(chinese())
