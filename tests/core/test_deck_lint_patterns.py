"""The deck lint (`grading/lint.py`) reads each phrase word by word, without listing
the patterns grading compiles it into; its warnings must be the ones the patterns
give. The reference below asks the patterns themselves (`phrase_slots`), in order,
as the lint did before it read word by word."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from mlquiz.core.cards import Card, KeyPoint
from mlquiz.core.grading.lint import DeckLint, LintWarning
from mlquiz.core.grading.patterns import phrase_slots
from mlquiz.core.grading.reader import Reader, build_glossary
from mlquiz.core.text import STOPWORDS, stem

# Stop words, words whose stem is another's ("logs", "logging"), glossary keys of
# one word that read as one or several words, the first word of a two-word key,
# contractions and a word that folds to nothing (U+FF9E).
WORDS = (
    "the of and a to is not no without w o b c ml mlf uc model registry models log logs "
    "logging run runs experiment tracking unity catalog doing done can't don't staging "
    "stage deployments data 3 Über naïve \uff9e x-y_z feature store serving endpoint"
).split()
GLOSSARY = {
    "mlf": "mlflow tracking",
    "uc": "unity catalog",
    "ml": "machine learning",
    "model registry": "registry of models",
    "b c": "because",
    "reg": "register",
}


def reference(glossary: dict[str, str], cards: list[Card]) -> list[LintWarning]:
    """The lint's warnings read from each phrase's patterns (the lint before it read
    word by word, which was checked byte for byte against `mlquiz deck check`)."""
    reader = Reader(build_glossary(glossary))
    doc_freq: Counter[str] = Counter()
    for card in cards:
        doc_freq.update(reader.content_stems(card.answer))
    common = {s for s, n in doc_freq.items() if n >= 3 and n * 4 >= len(cards)}
    common_or_stop = frozenset(common | STOPWORDS)
    out = []
    for card in cards:
        question = frozenset(
            stem(w) for w in reader.text_words(card.question) if w not in STOPWORDS
        )
        sources = [(p.label, p.phrases + p.examples) for p in card.points]
        sources.append(("also true", card.also_true))
        for where, phrases in sources:
            for phrase in phrases:
                dead = []
                for raw in phrase.split():
                    alternatives = [a for a in raw.split("|") if a and a != "..."]
                    stop = [not phrase_slots(reader, a) for a in alternatives]
                    if "|" in raw and any(stop) and not all(stop):
                        dead += [a for a, s in zip(alternatives, stop, strict=True) if s]
                if dead:
                    named = ", ".join(repr(a) for a in dead)
                    verb = "is a stop word" if len(dead) == 1 else "are stop words"
                    out.append(
                        LintWarning(
                            card.id,
                            where,
                            f"phrase {phrase!r}: {named} {verb} beside other alternatives of"
                            " its word; answers skip stop words, so it never matches"
                            " (write another word, or a phrase of its own without it)",
                        )
                    )
                typed = phrase.split()
                if len(typed) - typed.count("...") < 2:
                    continue
                if any(len(slots) == 1 for slots in phrase_slots(reader, phrase)):
                    out.append(
                        LintWarning(
                            card.id,
                            where,
                            f"phrase {phrase!r} matches as one word: its other words"
                            " are stop words, which answers skip",
                        )
                    )
        for point in card.points:
            if point.required and len(point.phrases) == 1:
                out.append(
                    LintWarning(card.id, point.label, "a required point with a single phrasing")
                )
            for phrase in point.phrases:
                patterns = phrase_slots(reader, phrase)
                if not patterns:
                    out.append(LintWarning(card.id, point.label, f"phrase {phrase!r} has no words"))
                for slots in patterns:  # the first pattern that says something decides
                    if len(slots) == 1 and slots[0] <= common_or_stop:
                        message = (
                            f"phrase {phrase!r} is one word that many answers use,"
                            " so it will match answers that do not say this point"
                        )
                    elif all(slot <= question for slot in slots):
                        message = (
                            f"phrase {phrase!r} is made of the question's own words"
                            " (it will never count)"
                        )
                    else:
                        continue
                    out.append(LintWarning(card.id, point.label, message))
                    break
    return out


word = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS + ["", "..."]), min_size=2, max_size=4).map("|".join),
)
phrase = st.lists(st.one_of(word, st.just("...")), min_size=1, max_size=4).map(" ".join)
text = st.lists(st.sampled_from(WORDS + [",", ".", ";"]), max_size=12).map(" ".join)
point = st.tuples(st.lists(phrase, min_size=1, max_size=3), st.booleans(), st.lists(phrase))
card = st.tuples(text, text, st.lists(point, min_size=1, max_size=3), st.lists(phrase))


def drawn_cards(drawn) -> list[Card]:
    """The drawn cards, then each again under another id: its words are all known
    by then, so a card of plain words is read by the lint's fast path
    (`plain_draft`) the second time."""
    cards = [
        Card(
            id=str(n),
            question=question,
            answer=answer,
            points=tuple(
                KeyPoint(f"p{i}", tuple(phrases), required, examples=tuple(examples))
                for i, (phrases, required, examples) in enumerate(points)
            ),
            also_true=tuple(also_true),
        )
        for n, (question, answer, points, also_true) in enumerate(drawn)
    ]
    return cards + [replace(made, id=f"{made.id} again") for made in cards]


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(GLOSSARY)), st.sampled_from(WORDS), max_size=3).map(
        lambda extra: {**GLOSSARY, **extra}
    ),
    st.lists(card, min_size=1, max_size=8),
)
def test_the_lint_warns_as_the_phrases_patterns_say(glossary, drawn) -> None:
    cards = drawn_cards(drawn)
    lint = DeckLint(glossary)
    for made in cards:
        lint.add(made)
    assert lint.warnings() == reference(glossary, cards)


# Words that read as one word of their own (the glossary's "reg" is "register"):
# phrases of them only are what the lint's fast path reads.
PLAIN = "model models registry log logs logging run runs experiment tracking reg staging".split()
plain_phrase = st.lists(
    st.lists(st.sampled_from(PLAIN), min_size=1, max_size=3).map("|".join),
    min_size=1,
    max_size=3,
).map(" ".join)
plain_text = st.lists(st.sampled_from(PLAIN + ["the", ","]), max_size=6).map(" ".join)
plain_point = st.tuples(
    st.lists(plain_phrase, min_size=1, max_size=3), st.booleans(), st.lists(plain_phrase)
)
plain_card = st.tuples(
    plain_text, plain_text, st.lists(plain_point, min_size=1, max_size=3), st.lists(plain_phrase)
)


@settings(max_examples=150, deadline=None)
@given(st.lists(plain_card, min_size=1, max_size=12))
def test_cards_of_plain_words_are_warned_as_the_patterns_say(drawn) -> None:
    """Cards whose phrases are made of plain words, read twice (the second time
    every word is known, so the fast path reads them): own words, common words
    and single phrasings as the patterns say."""
    cards = drawn_cards(drawn)
    lint = DeckLint(GLOSSARY)
    for made in cards:
        lint.add(made)
    assert lint.warnings() == reference(GLOSSARY, cards)


def test_a_stop_word_beside_other_alternatives_is_warned_of() -> None:
    """Answers skip stop words, so "much" in "too big|much" never matches: "too
    much data" does not say the phrase. The lint names it; a word of stop words
    only ("to|on") is skipped whole, as a single stop word is, and says nothing
    of its own."""
    card = Card(
        id="1",
        question="When do you go distributed?",
        answer="When the data is too big for one machine.",
        points=(KeyPoint("size", ("too big|much ... cluster|many", "moved ... to|on ... spark")),),
    )
    lint = DeckLint({})
    lint.add(card)
    messages = [w.message for w in lint.warnings()]
    assert [m for m in messages if "beside other alternatives" in m] == [
        "phrase 'too big|much ... cluster|many': 'much', 'many' are stop words beside other"
        " alternatives of its word; answers skip stop words, so it never matches"
        " (write another word, or a phrase of its own without it)"
    ]


def test_no_alternative_of_the_built_in_deck_is_a_stop_word() -> None:
    from mlquiz.core.decks.library import resolve_deck
    from mlquiz.core.grading.lint import lint_deck

    warnings = [str(w) for w in lint_deck(resolve_deck("databricks-mlflow"))]
    assert not [w for w in warnings if "beside other alternatives" in w]
