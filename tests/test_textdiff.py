"""The word-level diff between two texts of a cable (archive/textdiff.py)."""

from __future__ import annotations

import random
import time

from archive.textdiff import Segment, diff_words

LOREM = (
    "The ambassador met the foreign minister on Tuesday to discuss the visit. "
    "XXXXXXXXXXXX told us that the minister would travel to Moscow next week, "
    "and that the delegation would include the deputy minister of defense. "
)


def rendered(diff) -> str:
    """The diff as the page marks it up, without escaping: [-old-] {+new+} (...)."""
    parts = []
    for s in diff.segments:
        if s.kind == "same":
            parts.append(s.text + s.tail)
        elif s.kind == "added":
            parts.append("{+" + s.text + "+}" + s.tail)
        elif s.kind == "removed":
            parts.append("[-" + s.text + "-]" + s.tail)
        else:
            parts.append(f"(...{s.words}...)")
    return "".join(parts)


def test_a_changed_word_is_removed_then_added():
    diff = diff_words("the cat sat on the mat", "the dog sat on the mat")
    assert rendered(diff) == "the [-cat-] {+dog+} sat on the mat"
    assert (diff.added, diff.removed, diff.changes) == (1, 1, 1)


def test_insertions_and_deletions_alone():
    assert rendered(diff_words("a b c", "a b x c")) == "a b {+x+} c"
    assert rendered(diff_words("a b x c", "a b c")) == "a b [-x-] c"
    assert rendered(diff_words("", "new text")) == "{+new text+}"
    assert rendered(diff_words("old text", "")) == "[-old text-]"


def test_identical_texts_have_no_changes():
    diff = diff_words(LOREM, LOREM)
    assert diff.same_words and not diff.only_whitespace
    assert (diff.added, diff.removed, diff.changes) == (0, 0, 0)


def test_rewrapped_lines_are_not_a_change():
    rewrapped = LOREM.replace(" the minister", "\nthe minister").replace(". ", ".\n\n")
    diff = diff_words(LOREM, rewrapped)
    assert diff.same_words
    assert diff.only_whitespace


def test_the_new_texts_line_breaks_are_kept_in_unchanged_words():
    diff = diff_words("one two three four", "one two\nthree FOUR")
    assert rendered(diff) == "one two\nthree [-four-] {+FOUR+}"


def test_a_lifted_redaction_is_counted_and_shown():
    new = LOREM.replace("XXXXXXXXXXXX", "Deputy Minister Ivan Petrov")
    diff = diff_words(LOREM, new)
    assert diff.redactions_lifted == 1 and diff.redactions_added == 0
    assert diff.unredacted[0].old == "XXXXXXXXXXXX"
    assert diff.unredacted[0].new == "Deputy Minister Ivan Petrov"
    assert (diff.added, diff.removed) == (4, 1)
    assert "[-XXXXXXXXXXXX-] {+Deputy Minister Ivan Petrov+} told us" in rendered(diff)


def test_an_added_redaction_is_counted_including_lower_case_marks():
    diff = diff_words("Our contact Mr. Smith said", "Our contact xxxxxxxxxxxx said")
    assert diff.redactions_added == 1 and diff.redactions_lifted == 0
    assert diff.redacted[0].old == "Mr. Smith"
    assert diff.redacted[0].new == "xxxxxxxxxxxx"


def test_long_unchanged_stretches_collapse_with_context_either_side():
    words = [f"w{n}" for n in range(200)]
    changed = list(words)
    changed[100] = "CHANGED"
    diff = diff_words(" ".join(words), " ".join(changed), context=5)
    kinds = [s.kind for s in diff.segments]
    assert kinds == ["gap", "same", "removed", "added", "same", "gap"]
    assert diff.segments[0] == Segment("gap", words=95)
    assert diff.segments[1].text == "w95 w96 w97 w98 w99"
    assert diff.segments[4].text == "w101 w102 w103 w104 w105"
    assert diff.segments[5].words == 94
    # Every word is accounted for, shown or counted in a gap.
    assert sum(s.words for s in diff.segments if s.kind != "added") == 200


def test_a_short_unchanged_stretch_between_changes_is_shown_whole():
    words = [f"w{n}" for n in range(40)]
    changed = list(words)
    changed[10], changed[30] = "A", "B"
    diff = diff_words(" ".join(words), " ".join(changed), context=8)
    between = [s for s in diff.segments if s.kind == "same"][1]
    assert between.words == 19


def test_long_replacements_are_shortened_in_the_summary():
    old = "XXXXXXXXXXXX said"
    new = " ".join(["name"] * 60) + " said"
    example = diff_words(old, new).unredacted[0]
    assert len(example.new) == 80 and example.new.endswith("…")


def test_markup_in_the_text_is_left_for_the_template_to_escape():
    diff = diff_words("a <b>", "a <script>alert(1)</script>")
    assert diff.segments[-1] == Segment("added", "<script>alert(1)</script>", "", 1)


def test_a_long_text_changed_every_fifty_words_diffs_quickly_and_exactly():
    rng = random.Random(5)
    vocabulary = [f"word{n}" for n in range(3000)] + ["the", "of", "and", "to"] * 200
    old = [rng.choice(vocabulary) for _ in range(20_000)]
    new = list(old)
    for n in range(0, len(new), 50):
        new[n] = "CHANGED"
    start = time.perf_counter()
    diff = diff_words(" ".join(old), " ".join(new))
    assert time.perf_counter() - start < 2
    assert diff.changes == 400
    assert diff.added == diff.removed == 400


def test_texts_with_nothing_in_common_finish_quickly():
    rng = random.Random(7)
    old = " ".join(rng.choice("abc") for _ in range(50_000))
    new = " ".join(rng.choice("abc") for _ in range(50_000))
    start = time.perf_counter()
    diff = diff_words(old, new)
    assert time.perf_counter() - start < 2
    assert diff.added + diff.removed > 0


def test_every_word_of_both_texts_is_in_the_diff_once():
    rng = random.Random(11)
    for _ in range(200):
        old = [rng.choice("abcdefgh") for _ in range(rng.randrange(60))]
        new = [w if rng.random() < 0.7 else rng.choice("abcdefghXY") for w in old]
        new += [rng.choice("xyz") for _ in range(rng.randrange(5))]
        diff = diff_words(" ".join(old), " ".join(new), context=1000)
        if diff.same_words:
            continue  # shown as one gap
        rebuilt_old = [s.text for s in diff.segments if s.kind in ("same", "removed")]
        rebuilt_new = [s.text for s in diff.segments if s.kind in ("same", "added")]
        assert " ".join(rebuilt_old).split() == old
        assert " ".join(rebuilt_new).split() == new


def test_cutting_or_adding_text_with_a_redaction_mark_is_not_a_redaction_change():
    diff = diff_words("He met XXXXXXXXXXXX today.", "He met today.")
    assert diff.redactions_lifted == diff.redactions_added == 0
    diff = diff_words("He met today.", "He met XXXXXXXXXXXX today.")
    assert diff.redactions_lifted == diff.redactions_added == 0
