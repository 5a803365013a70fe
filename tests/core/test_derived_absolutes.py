"""A rule of the learner's own added to a right answer on an imported card
(issue 19: right-plus-false answers were the largest share of the answers
graded correct while labeled partial or incorrect). Each test imports a
deck text large enough for the deck-wide rules to apply (the CSV of
`large_deck`) and grades what a learner would type."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_under_grading import large_deck

ATHENA = (
    "Which service runs interactive SQL queries on data in object storage without servers?",
    "Amazon Athena",
)
SPOT = (
    "Which instances let you use spare compute capacity at a discount?",
    "Spot instances: spare compute capacity at a steep discount.",
)


def _grades(tmp_path: Path, card: tuple[str, str], answers: list[str]) -> list[tuple[str, str]]:
    deck = large_deck(tmp_path, card)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    graded = [grader.grade(deck.cards[0], answer) for answer in answers]
    return [(str(g.verdict), " ".join(g.reasons)) for g in graded]


def test_an_invented_only_caps_a_right_answer_and_is_quoted(tmp_path: Path) -> None:
    """ "athena, but it only works on csv files stored in one region": the name is right, the
    "only" is the learner's own (it was graded correct, "Says the heart of
    the reference answer"). The feedback quotes the clause; the name alone
    stays correct."""
    (added, why), (plain, _) = _grades(
        tmp_path, ATHENA, ["athena, but it only works on csv files stored in one region", "athena"]
    )
    assert added == "partial"
    assert "“but it only works on csv files stored in one region”" in why
    assert "only" in why
    # The deck cannot know the claim is false, only that its reference does
    # not make it: the feedback says so, and calls nothing false.
    assert "the reference does not make" in why and "false" not in why.lower()
    assert plain == "correct"


def test_always_and_never_rules_of_the_learners_own_are_part_right(tmp_path: Path) -> None:
    """ "... it always ends up the cheapest ..." and "aws can never take it
    back": absolute rules in words the reference does not use (both were
    correct). The word quoted is the one typed ("never", not "can't")."""
    (always, why_always), (never, why_never) = _grades(
        tmp_path,
        SPOT,
        [
            "spot instances; they always end up being the cheapest way to run a "
            "production database",
            "spot instances, and once you get one aws can never take it back",
        ],
    )
    assert always == "partial"
    assert "“always”" in why_always
    assert never == "partial"
    assert "“never”" in why_never


def test_an_absolute_in_the_references_own_words_stays_correct(tmp_path: Path) -> None:
    """A clause whose words are the reference's is its idea, not a rule of
    the learner's own ("you always get it at a discount"); an example
    ("like ... only ...") and a story told in the first person are no rule
    either."""
    got = _grades(
        tmp_path,
        SPOT,
        [
            "spot instances: spare capacity at a discount, and you always get it at a discount",
            "spot instances, spare capacity cheap, like running only the nightly batch "
            "jobs on them",
            "spot instances, spare capacity at a discount; we only ever used them for "
            "our nightly batch jobs",
        ],
    )
    assert [verdict for verdict, _ in got] == ["correct", "correct", "correct"]


LAMBDA = (
    "Explain what is AWS Lambda",
    "AWS Lambda lets you run code without provisioning or managing servers. "
    "You pay only for the compute time you consume.",
)


def test_an_only_in_another_sentence_of_the_reference_backs_no_other_only(
    tmp_path: Path,
) -> None:
    """The reference's "You pay only for the compute time" is an "only" about
    paying: it made every "only" of an answer the reference's own, so "...,
    but it only supports python and nodejs" was correct. An "only" is backed
    by the reference's sentences that speak of the same things; the
    reference's own "only" in the learner's words stays correct."""
    (added, why), (own, _), (plain, _) = _grades(
        tmp_path,
        LAMBDA,
        [
            "run code without managing servers and pay only when it runs, "
            "but it only supports python and nodejs",
            "run code without managing servers, and you only pay for the compute time you use",
            "run code without managing servers and pay only when it runs",
        ],
    )
    assert added == "partial"
    assert "“but it only supports python and nodejs”" in why
    assert own == "correct"
    assert plain == "correct"


UNBIASED = (
    "A point estimate is unbiased if...",
    "...the sampling distribution is centered around the parameter it estimates.",
)


def test_a_rule_in_telling_words_of_its_own_is_part_right(tmp_path: Path) -> None:
    """ "Unbiased estimators always have the smallest variance of all
    estimators": half of its words are the question's or the reference's
    ("unbiased", "estimators"), so it read as the reference's idea and was
    correct. Its telling words (not everyday English, not the question's:
    "smallest", "variance") are none of the reference's: a rule of the
    learner's own. A rule said in everyday words ("it always moves against
    the gradient") stays the reference's idea (`ALWAYS` in
    test_derived_over_grading)."""
    (rule, why), (plain, _) = _grades(
        tmp_path,
        UNBIASED,
        [
            "...its sampling distribution is centered at the true parameter. Unbiased "
            "estimators always have the smallest variance of all estimators.",
            "...its sampling distribution is centered at the true parameter.",
        ],
    )
    assert rule == "partial"
    assert "“always”" in why
    assert plain == "correct"


GRID = (
    "What is Grid Search?",
    "Grid Search tests all combinations of hyperparameters, selecting the best.",
)


def test_a_statement_joined_on_in_words_of_its_own_is_part_right(tmp_path: Path) -> None:
    """ "..., and it is faster than random search": a statement of its own
    joined on to a right answer, two telling words of it ("faster",
    "random") and none the reference's. It was correct ("Says enough of
    the reference answer's key words"); the deck cannot back it, so it is
    partial and quoted. A joined statement that says a word of the
    reference ("and it selects the best one by validation score"), one
    telling word alone ("but it gets slow") and an explanation ("so ...")
    stay correct."""
    got = _grades(
        tmp_path,
        GRID,
        [
            "it tests all combinations of hyperparameters, and it is faster than random search",
            "it tests all combinations of hyperparameters",
            "it tests all combinations of hyperparameters, and it selects the best one by "
            "validation score",
            "it tests all combinations of hyperparameters, but it gets slow",
            "it tests all combinations of hyperparameters, so the search space is exhaustive",
        ],
    )
    (added, why), *right = got
    assert added == "partial"
    assert "“and it is faster than random search”" in why
    assert "the reference does not make" in why and "false" not in why.lower()
    assert [verdict for verdict, _ in right] == ["correct"] * 4, right


CLT = (
    "What does the Central Limit Theorem say about distribution of averages of iid variables?",
    "The distribution of averages of iid variables (properly normalized) becomes that of a "
    "standard normal as the sample size increases.",
)


def test_a_later_sentence_that_opens_with_and_is_joined_on(tmp_path: Path) -> None:
    """ "... . And the individual observations themselves become normal as n
    grows too.": a sentence opened by "And" joins a claim on as a clause
    does ("individual", "observations": none of the reference's words). It
    was correct; a later sentence opened by "And" in the reference's words
    stays correct."""
    (added, why), (own, _) = _grades(
        tmp_path,
        CLT,
        [
            "As n increases, the normalized average converges in distribution to N(0,1). "
            "And the individual observations themselves become normal as n grows too.",
            "As n increases, the normalized average converges in distribution to N(0,1). "
            "And that holds for averages of any iid variables.",
        ],
    )
    assert added == "partial"
    assert "“And the individual observations themselves become normal" in why
    assert own == "correct"


CONSTRAINED = (
    "What does constrained optimization stand for ?",
    "To find the maximal or minimal value of f(x) for values of x in some set S is known as "
    "constrained optimization.",
)


def test_the_references_own_definition_with_its_own_only_is_correct(tmp_path: Path) -> None:
    """ "Finding the maximum or minimum of f(x) only over x that belong to
    some set S" is the reference's definition (schutera deck, card 33,
    labeled correct) with an "only" the definition implies. Its telling
    words "maximum", "minimum" are the reference's "maximal", "minimal"
    (stems "maxim", "minim" begin them); it was partial as a rule of the
    learner's own. A rule in words the reference never says stays partial."""
    (own, why_own), (rule, why_rule) = _grades(
        tmp_path,
        CONSTRAINED,
        [
            "Finding the maximum or minimum of f(x) only over x that belong to some set S.",
            "Finding the maximum or minimum of f(x) over x in some set S. Its solutions "
            "always lie on the boundary polytope of the feasible simplex.",
        ],
    )
    assert own == "correct", why_own
    assert rule == "partial" and "“always”" in why_rule, why_rule


GENERATIVE = (
    "What's the difference between a generative and discriminative model?",
    "A generative model will learn categories of data while a discriminative model will "
    "simply learn the distinction between different categories of data.",
)


def test_an_only_the_reference_says_as_simply_is_the_references(tmp_path: Path) -> None:
    """ "A discriminative model only learns the boundary that separates the
    classes" (krishnakvr deck, card 14, labeled correct) says the
    reference's "will simply learn the distinction": its "only" is the
    reference's "simply", not a rule of its own. It was partial."""
    ((verdict, why),) = _grades(
        tmp_path,
        GENERATIVE,
        [
            "A generative model learns what each class of data looks like. A discriminative "
            "model only learns the boundary that separates the classes."
        ],
    )
    assert verdict == "correct", why


SPOT_NAME = (
    "What EC2 instance launch type offers up to a 90% discount but can be reclaimed?",
    "Spot Instances.",
)


def test_a_name_only_reference_backs_no_added_statement_and_needs_none(tmp_path: Path) -> None:
    """A reference that only names the answer ("Spot Instances.") says nothing
    of any explanation, so every right explanation joined on read as a claim
    of its own: "spot instances, cheap but can get yanked w 2 min notice"
    (ameshram deck, card 26, labeled correct) and "..., plus you can set a
    maximum price in the request" were partial. They are correct; so is a
    right answer ending "and vice versa", which states nothing."""
    got = _grades(
        tmp_path,
        SPOT_NAME,
        [
            "spot instnaces, cheap but can get yanked w 2 min notice",
            "spot instances, plus you can set a maximum price in the request",
        ],
    )
    assert [verdict for verdict, _ in got] == ["correct", "correct"], got
    ((verdict, why),) = _grades(
        tmp_path,
        GRID,
        ["it tests all combinations of hyperparameters and selects the best, and vice versa"],
    )
    assert verdict == "correct", why
