"""Question banks validate, the validator catches what the issue lists, and show() is stable."""

import copy
import re
import subprocess
import sys

import pytest

from resnet_book import quiz

CHAPTERS = quiz.chapters()
QUOTES = quiz.load_quotes()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_bank_is_valid(chapter):
    bank = quiz.load_bank(chapter)
    assert bank["chapter"] == chapter, "the `chapter:` field must equal the file name"
    assert quiz.validate_bank(bank, QUOTES) == []


def test_ids_are_unique_across_banks():
    seen = {}
    for chapter in CHAPTERS:
        for q in quiz.load_bank(chapter)["questions"]:
            assert q["id"] not in seen, f"{q['id']} is in {seen.get(q['id'])} and {chapter}"
            seen[q["id"]] = chapter


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_right_answers_are_not_always_in_the_same_place(chapter):
    """No reader should learn that the answer is always A: no letter is right in over half."""
    singles = [q for q in quiz.load_bank(chapter)["questions"] if q["type"] == "single"]
    places = [next(i for i, o in enumerate(q["options"]) if o["correct"]) for q in singles]
    most = max(places.count(p) for p in set(places))
    assert most <= len(places) / 2, f"{chapter}: right answers at {places}; reorder the options"


def test_required_banks_are_big_enough():
    assert 4 <= len(quiz.load_bank("00_how_to_use")["questions"]) <= 6
    review = quiz.load_bank("07_review")["questions"]
    assert len(review) >= 12
    assert {q["type"] for q in review} == {"single", "multiple"}


@pytest.fixture
def bank():
    """A fresh copy of a known-good bank to break in each negative test."""
    return copy.deepcopy(quiz.load_bank("00_how_to_use"))


def first(bank, kind):
    return next(q for q in bank["questions"] if q["type"] == kind)


def problems_of(bank):
    found = quiz.validate_bank(bank, QUOTES)
    assert found, "the validator should have found a problem"
    return "\n".join(found)


def test_catches_two_correct_options_in_single_choice(bank):
    q = first(bank, "single")
    for option in q["options"][:2]:
        option["correct"] = True
    assert "exactly 1 correct option, found 2" in problems_of(bank)


def test_catches_single_choice_without_correct_option(bank):
    q = first(bank, "single")
    for option in q["options"]:
        option["correct"] = False
    assert "exactly 1 correct option, found 0" in problems_of(bank)


def test_catches_multiple_choice_without_correct_option(bank):
    q = first(bank, "multiple")
    for option in q["options"]:
        option["correct"] = False
    assert "at least 1 correct option" in problems_of(bank)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_catches_missing_feedback(bank, lang):
    del bank["questions"][1]["options"][2]["feedback"][lang]
    assert f"questions/1/options/2/feedback: '{lang}' is a required property" in problems_of(bank)


def test_catches_empty_or_english_only_chinese(bank):
    bank["questions"][0]["options"][0]["feedback"]["zh"] = ""
    assert "should be non-empty" in problems_of(bank)
    bank["questions"][0]["options"][0]["feedback"]["zh"] = "Right, see §4.3."
    assert "zh text has no Chinese characters" in problems_of(bank)


def test_catches_option_without_feedback(bank):
    del bank["questions"][0]["options"][1]["feedback"]
    assert "'feedback' is a required property" in problems_of(bank)


def test_catches_duplicate_id(bank):
    bank["questions"][1]["id"] = bank["questions"][0]["id"]
    assert "id is used twice" in problems_of(bank)


def test_catches_id_from_another_chapter(bank):
    bank["questions"][0]["id"] = "03-borrowed"
    assert "must start with the chapter number '00-'" in problems_of(bank)


@pytest.mark.parametrize("ref", ["§5", "Conclusion", "Table 15", "Fig. 8", "section 4.1"])
def test_catches_unknown_ref(bank, ref):
    bank["questions"][0]["ref"] = ref
    assert "questions/0/ref" in problems_of(bank)


def test_catches_unknown_quote_id(bank):
    bank["questions"][0]["quote"] = "conclusion-resnets-are-great"
    assert "is not in quizzes/quotes.yaml" in problems_of(bank)


def test_catches_typo_in_a_key(bank):
    option = bank["questions"][0]["options"][0]
    option["feedbak"] = option.pop("feedback")
    assert "'feedbak' was unexpected" in problems_of(bank)


def test_catches_bad_type_and_difficulty(bank):
    bank["questions"][0]["type"] = "truefalse"
    bank["questions"][1]["difficulty"] = 5
    found = problems_of(bank)
    assert "questions/0/type" in found and "questions/1/difficulty" in found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_show_is_identical_across_calls(chapter):
    first_html = quiz.show(chapter).data
    assert first_html == quiz.show(chapter).data
    assert first_html == quiz.render(chapter)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_show_is_self_contained(chapter):
    out = quiz.render(chapter)
    assert not re.search(r"https?://|//cdn|src=|@import|url\(", out), "nothing loads from outside"
    assert "Math.random" not in out and "Date.now" not in out and "new Date" not in out


def test_show_renders_every_question_and_option():
    bank = quiz.load_bank("07_review")
    out = quiz.render("07_review")
    for q in bank["questions"]:
        assert f'id="rq-07_review-{q["id"]}"' in out
    assert out.count('class="rq-opt"') == sum(len(q["options"]) for q in bank["questions"])
    assert out.count('class="rq-check"') == sum(q["type"] == "multiple" for q in bank["questions"])
    assert out.count("<script>") == 1 and out.count("<style>") == 1


def test_show_a_part_in_the_order_asked():
    bank = quiz.load_bank("07_review")
    ids = [bank["questions"][3]["id"], bank["questions"][0]["id"]]
    out = quiz.render("07_review", ids=ids)
    assert out.count('class="rq-q"') == 2
    assert out.index(ids[0]) < out.index(f'id="rq-07_review-{ids[1]}"')
    assert '<span class="rq-num">Q4</span>' in out  # numbers follow the bank, not the part


def test_show_starts_in_the_language_asked():
    assert 'data-lang="zh"' in quiz.render("00_how_to_use", lang="zh")
    with pytest.raises(ValueError, match="lang must be one of"):
        quiz.show("00_how_to_use", lang="fr")


def test_show_unknown_chapter_lists_the_banks():
    with pytest.raises(ValueError, match="no quiz bank for chapter 'no_such_chapter'.*07_review"):
        quiz.show("no_such_chapter")


def test_show_unknown_id_lists_the_ids():
    with pytest.raises(ValueError, match=r"unknown question id\(s\) \['00-nope'\].*00-no-conc"):
        quiz.show("00_how_to_use", ids=["00-nope"])


def test_inline_markup_is_escaped_then_rendered():
    assert quiz._inline("a <b> & `F(x)` **bold**") == (
        "a &lt;b&gt; &amp; <code>F(x)</code> <strong>bold</strong>"
    )
    assert quiz._inline("不是过拟合。 下一句\n接着 arXiv 版") == "不是过拟合。下一句接着 arXiv 版"


def test_render_explains_a_malformed_bank(monkeypatch, bank):
    del bank["questions"][0]["options"]
    monkeypatch.setattr(quiz, "load_bank", lambda chapter: bank)
    with pytest.raises(ValueError, match="(?s)has problems:.*'options' is a required property"):
        quiz.render("00_how_to_use")


def test_showing_a_good_bank_skips_the_slow_schema_import():
    """jsonschema can take seconds to import; a chapter's quiz cell should not wait for it."""
    code = (
        "import sys; from resnet_book import quiz; quiz.render('00_how_to_use'); "
        "assert 'jsonschema' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
