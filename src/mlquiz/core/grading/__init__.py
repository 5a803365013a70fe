"""Grading: a typed answer judged by the key points it says.

The package is the grader and what serves it, one concept a module:

- `results.py`: what a grade is (`GradeResult`, `PointResult`); plain values.
- `reader.py`: a deck's way of reading text (glossary, typo correction) on
  top of `core/text.py`, the one normaliser of words.
- `patterns.py`: a key point's phrase compiled into patterns.
- `compiled.py`: a card compiled for grading (`compile_card`), and as plain
  values for the cache.
- `cross_index.py`: the deck's essential points across cards, to tell when
  an answer fits another card.
- `answer.py`: an answer's content words and where it says a pattern.
- `evidence.py`: what one answer says about one card.
- `judge.py`: the verdict, as named steps over the evidence, and the score.
- `wordings.py`: the player's taught wordings matched against an answer,
  evidence the judge takes (accepted: points said; rejected: partial at most).
- `consistency.py`: a card's own reference answer is correct.
- `derived.py`: the verdict on cards whose points an import derived: their
  points blended with how much of the reference the answer says.
- `grader.py`: `Grader`, tying these together for one deck.
- `lint.py`: deck lint (`mlquiz deck check`'s warnings).
- `cache.py`: the cache of compiled graders.
- `derive/`: key points derived from a reference answer, for imported decks.

Import the module you need (`from mlquiz.core.grading.grader import Grader`):
this file imports nothing, so the result types load without the grader's
libraries (rapidfuzz, the stemmer).
"""
