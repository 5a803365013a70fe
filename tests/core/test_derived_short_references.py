"""Imported decks whose reference answers are one short sentence (issue 19's
causes of under-grading on a programming course's deck): filler read as a
required point ("and so forth", "In other words", "First"), a domain's key
word taken for a generic one ("main"), the built-in deck's synonyms applied to
another deck, a notation's definition ("where n is ...") required as an idea,
a negation said only in the reference's own words ("not able to"), and an
answer that says its own card's point beside another card's idea.

Each test imports a deck large enough for the deck-wide rules to apply (the
card under test first) and grades what a learner would type, right and wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import FOUND
from tests.core.test_derived_grading import _big_deck
from tests.core.test_derived_under_grading import MORE_TOPICS, large_deck


def graded(tmp_path: Path, first: tuple[str, str], answers: list[str]) -> list:
    deck = large_deck(tmp_path, first)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    return [grader.grade(deck.cards[0], answer) for answer in answers]


def test_and_so_forth_is_no_point_to_say(tmp_path: Path) -> None:
    """ "and so forth" ends the reference: it made "forth across files" a
    required point no learner says, so a whole right answer showed it missed."""
    scope = (
        "What is the scope of a global variable?",
        "The whole program, starting at the point of its declaration, and so forth across files.",
    )
    right, wrong = graded(
        tmp_path,
        scope,
        ["the whole program from where it is declared", "only the function that declares it"],
    )
    assert right.verdict == "correct"
    assert all(p.status == FOUND for p in right.points)
    assert not any("forth" in p.label for p in right.points)
    assert wrong.verdict != "correct"


def test_in_other_words_and_first_are_no_points(tmp_path: Path) -> None:
    """A restatement's opener ("In other words") and a step's "First" are
    filler: neither is a point of the checklist."""
    convex = (
        "What happens when you move left on a convex function?",
        "The slope decreases as we move left. In other words, the function goes uphill to the "
        "left.",
    )
    (result,) = graded(tmp_path, convex, ["the slope goes down when moving left"])
    assert result.verdict == "correct"
    assert not any("other words" in p.label.lower() for p in result.points)
    merge = (
        "What are the steps of a merge sort?",
        "First, divide the array into two halves. Then sort each half recursively and merge "
        "the sorted halves.",
    )
    right, vague = graded(
        tmp_path,
        merge,
        ["split the array in half, sort each half recursively, then merge them", "sort it"],
    )
    assert right.verdict == "correct"
    assert not any(p.label.lower().startswith("first") for p in right.points)
    assert vague.verdict == "incorrect"


def test_main_is_the_answer_in_a_programming_deck(tmp_path: Path) -> None:
    """ "main" is an everyday English word, and here the whole answer. (Fixed
    before this issue's branch; kept as the only guard of issue 19's case.)"""
    start = ("Where do C++ programs begin to execute?", "At the main function.")
    got = graded(tmp_path, start, ["main()", "in main", "the first line of the file"])
    assert [r.verdict for r in got] == ["correct", "correct", "incorrect"]


def test_the_built_in_decks_synonyms_stay_in_that_deck(tmp_path: Path) -> None:
    """The built-in deck takes "outputs" for MLflow's "artifacts"; an imported
    deck about builds does not. (Fixed before this issue's branch; kept as the
    only guard of issue 19's case.)"""
    build = ("What does the build step keep?", "The compiled artifacts.")
    got = graded(tmp_path, build, ["the artifacts", "the outputs"])
    assert [r.verdict for r in got] == ["correct", "incorrect"]


def test_a_definition_of_notation_is_not_required(tmp_path: Path) -> None:
    """ "log n comparisons, where n is the number of elements": the answer is
    "log n"; what n stands for is elaboration. A variable's letter alone is no
    answer."""
    search = (
        "How many comparisons does binary search need in the worst case?",
        "log n comparisons, where n is the number of elements in the array.",
    )
    got = graded(
        tmp_path, search, ["it halves the range each time, so log n", "log n", "n squared", "n"]
    )
    assert [r.verdict for r in got[:2]] == ["correct", "correct"]
    assert got[0].points[1].required is False  # "where n is ..." is there, optional
    assert got[2].verdict != "correct"
    assert got[3].verdict != "correct"


def test_cannot_says_a_reference_not_able_to(tmp_path: Path) -> None:
    """A negated clause was said only in its own words ("not able"): "cannot
    change" now ticks the point, the checklist agreeing with the verdict."""
    constant = (
        "What is a constant?",
        "A variable whose value is not able to change after it is set.",
    )
    right, vague = graded(
        tmp_path, constant, ["a variable that cannot change once assigned", "a variable"]
    )
    assert right.verdict == "correct"
    assert right.points[0].status == FOUND
    assert vague.verdict != "correct"


DERIVATIVE = (
    "What is the derivative useful for?",
    "The derivative is useful for minimizing a function because it tells us how to change x in "
    "order to make a small improvement in y.",
)
DIRECTIONAL = (
    "What is the directional derivative in direction u (unit vector)?",
    "The directional derivative is the slope of the function f in direction u. It is the "
    "derivative of f(x+a*u) with respect to a, evaluated at a = 0.",
)


def test_an_answer_telling_its_own_point_is_partial_beside_another_cards_idea(
    tmp_path: Path,
) -> None:
    """ "gives the slope -> tells you which way to nudge x" says the card's own
    point ("tells ... x", which the other card's reference never says) beside
    the directional derivative's "slope": it showed "That answers another
    question" with a point found and nothing against it. Part of the answer
    now; the other card's whole reference is still that card's answer."""
    path = tmp_path / "deck.csv"
    path.write_text(_big_deck(DERIVATIVE) + '"{}","{}"\n'.format(*DIRECTIONAL), encoding="utf-8")
    deck = import_deck(path).deck
    grader = Grader(deck)
    mixed, other, unrelated = (
        grader.grade(deck.cards[0], answer)
        for answer in (
            "gives the slope -> tells you which way to nudge x to reduce f",
            DIRECTIONAL[1],
            "to draw graphs",
        )
    )
    assert mixed.verdict == "partial"
    assert any(p.status == FOUND and p.required for p in mixed.points)
    assert other.verdict == "incorrect"
    assert other.reasons[0].startswith("That answers another question")
    assert unrelated.verdict == "incorrect"


# A deck of other topics in which no word of a change's direction is used
# but "decreases" and "increases" (`extra`): the deck a review found "reduce",
# "grow" and a single letter misread in.
def graded_beside(
    tmp_path: Path, first: tuple[str, str], extra: list[tuple[str, str]], answers: list[str]
) -> list[str]:
    lines = MORE_TOPICS.strip().splitlines()
    topics = zip(lines[::2], (line.strip() for line in lines[1::2]), strict=True)
    direction = re.compile(r"(?i)reduc|grow|grew|shr[ia]n|increas|decreas")
    more = [(t, a) for t, a in topics if not direction.search(t + a)]
    rows = [(f"What is {t}?", a) for t, a in more] + extra
    text = _big_deck(first) + "".join(f'"{q}","{a}"\n' for q, a in rows)
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "deck.csv"
    path.write_text(text, encoding="utf-8")
    deck = import_deck(path).deck
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)
    return [grader.grade(deck.cards[0], answer).verdict for answer in answers]


DIRECTIONS = [
    ("What does a larger batch do to gradient noise?", "It decreases the noise of each estimate."),
    ("What does a larger learning rate do?", "It increases the step size of each update."),
]


def test_reduce_names_the_reducer_phase_in_a_deck_that_says_decrease(tmp_path: Path) -> None:
    """ "reduce" is MapReduce's phase, not "decrease", though the deck says
    "decreases" elsewhere (it was "None of the reference answer's key words")."""
    phase = ("In MapReduce, which phase aggregates the values of each key?", "The reducer phase.")
    got = graded_beside(
        tmp_path, phase, DIRECTIONS, ["the reduce phase", "reduce", "the map phase"]
    )
    assert got == ["correct", "correct", "incorrect"]


def test_growing_a_tree_is_not_the_opposite_of_pruning_it(tmp_path: Path) -> None:
    """ "grow the tree fully, then remove branches" builds the tree: it was read
    as "increase" and the answer as saying the reference's opposite."""
    pruning = (
        "What does post-pruning do to a decision tree?",
        "It decreases the tree's size by removing branches that add little.",
    )
    answers = ["grow the tree fully, then remove branches that add little", "it makes it bigger"]
    assert graded_beside(tmp_path, pruning, DIRECTIONS, answers) == ["correct", "incorrect"]


def test_a_letter_that_names_the_answer_is_the_answer(tmp_path: Path) -> None:
    """ "C" for "The C programming language" and "O(n)" for "O(n) time, ..."
    name the answer: no variable's letter (they were partial)."""
    kernel = ("Which language is the Linux kernel written in?", "The C programming language.")
    assert graded_beside(tmp_path, kernel, [], ["C", "C language", "Rust"]) == [
        "correct",
        "correct",
        "incorrect",
    ]
    # (With a reason clause after it, "O(n) time, since it may check every
    # element.", "O(n)" is partial: the reason is derived as an essential point
    # and a terse answer missing one is not lifted (blend.terse_lift).)
    search = ("What is the time complexity of linear search?", "O(n) time in the worst case.")
    assert graded_beside(tmp_path / "b", search, [], ["O(n)", "linear, O(n)"]) == [
        "correct",
        "correct",
    ]


def test_no_need_to_is_no_inability(tmp_path: Path) -> None:
    """ "no need to retrain" is not "cannot be retrained": that answer ticked
    the point and was partial."""
    retrain = (
        "Must the model be retrained after a feature update?",
        "No, there is no need to retrain it.",
    )
    (cannot,) = graded(tmp_path, retrain, ["no, it cannot be retrained"])
    assert cannot.verdict == "incorrect"
    assert cannot.points[0].status != FOUND


def test_a_condition_on_a_letter_is_required(tmp_path: Path) -> None:
    """ "where R is installed on every node" is what the cluster needs, not a
    definition of notation: "a cluster" alone is part of the answer."""
    sparkr = ("What do SparkR notebooks need?", "A cluster where R is installed on every node.")
    bare, whole = graded(tmp_path, sparkr, ["a cluster", "a cluster with R on every node"])
    assert bare.verdict == "partial"
    assert whole.verdict == "correct"
    assert all(p.required for p in bare.points)


def test_and_so_on_inside_a_sentence_is_no_etc(tmp_path: Path) -> None:
    """ "and so on retry the task is rescheduled": the rest of the sentence is
    a point, not dropped as an "etc"."""
    failure = (
        "What happens when a Spark task fails?",
        "The attempt is marked failed, and so on retry the task is rescheduled on another "
        "executor.",
    )
    (result,) = graded(tmp_path, failure, ["the attempt is marked failed"])
    assert any("rescheduled" in p.label for p in result.points)


def test_a_term_of_common_words_stays_in_its_point(tmp_path: Path) -> None:
    """ "a first in first out data structure": each of "first", "in", "out" is
    too common to mean anything alone, so the point kept only "data
    structure", and "a data structure" was graded correct with it ticked.
    The words joined before their noun are the term that defines it."""
    queue = (
        "What is a queue?",
        "A queue is a first in first out data structure: elements leave in the order they arrived.",
    )
    vague, terse, full = graded(
        tmp_path,
        queue,
        ["It is a data structure.", "first in, first out", "a first in first out data structure"],
    )
    assert vague.verdict == "partial"
    assert vague.points[0].status != FOUND
    assert terse.verdict == "correct"
    assert full.verdict == "correct"
    assert full.points[0].status == FOUND


def test_a_hyphenated_term_of_common_words_is_in_every_phrase(tmp_path: Path) -> None:
    deck = large_deck(tmp_path, ("What is a stack?", "A last-in-first-out data structure."))
    (point,) = deck.cards[0].points
    assert point.phrases
    assert all("last-in-first-out" in phrase for phrase in point.phrases)


def test_a_one_letter_name_between_middle_dots_is_an_item(tmp_path: Path) -> None:
    """ "Python · R · Scala · SQL": the one-letter "R" beside a dot read as a
    formula's symbol, so the whole list stayed one point, ticked by any two
    of its names. Only dots with symbols on every side are products."""
    languages = ("Which languages can a Databricks notebook cell use?", "Python · R · Scala · SQL")
    (some,) = graded(tmp_path, languages, ["Scala and SQL"])
    assert [p.label for p in some.points] == ["Python", "R", "Scala", "SQL"]
    assert [p.label for p in some.points if p.status == FOUND] == ["Scala", "SQL"]


def test_letters_of_an_abbreviation_are_no_variables(tmp_path: Path) -> None:
    """ "P/E" read as a division of two variables, so the answer "P/E" was
    letters only ("n squared" for "log n comparisons"): partial, with nothing
    missed and nothing against it."""
    ratio = (
        "Which valuation multiple divides a share price by earnings per share?",
        "The P/E ratio.",
    )
    (terse,) = graded(tmp_path, ratio, ["P/E"])
    assert terse.verdict == "correct"


def test_pros_and_cons_are_not_met_by_the_opposite_or_by_one_side(tmp_path: Path) -> None:
    """ "Pros: ... Cons: ...": reading each part as met by any one of its items
    made the opposite answer ("easy to interpret" where the reference says
    "hard to interpret") and a cons-only answer correct (review of fix19m)."""
    forests = (
        "What are the pros and cons of random forests?",
        "Pros: robust to overfitting, handle missing values. Cons: slow to predict, hard to "
        "interpret.",
    )
    opposite, cons_only = graded(
        tmp_path,
        forests,
        ["easy to interpret, prone to overfitting", "slow to predict, hard to interpret"],
    )
    assert opposite.verdict != "correct"
    assert cons_only.verdict != "correct"


def test_a_notation_with_its_letters_swapped_is_not_correct(tmp_path: Path) -> None:
    """Reading the brackets of "p(x|y)" as part of the words before them
    (4e2cfd7) matched the notation by its letters: "p(x|y)" and "p(y|x)"
    swapped between the two models was graded correct (review of fix19m,
    shuaiw's card in its own words)."""
    models = (
        "Generative vs discriminative",
        "Discriminative algorithms model p(y|x; w), that is, given the dataset and learned "
        "parameter, what is the probability of y belonging to a specific class. A discriminative "
        "algorithm doesn't care about how the data was generated, it simply categorizes a given "
        "example. Generative algorithms try to model p(x|y), that is, the distribution of "
        "features given that it belongs to a certain class. A generative algorithm models how "
        "the data was generated.",
    )
    swapped, right = graded(
        tmp_path,
        models,
        [
            "discriminative models p(x|y), generative models p(y|x)",
            "discriminative learns p(y|x), i.e. the boundary between classes; generative learns "
            "p(x|y), how the data of each class is generated",
        ],
    )
    assert swapped.verdict != "correct"
    assert right.verdict == "correct"


SECURITY_GROUPS = (
    "What is a stateful, layer 3 or 4 allow list style firewall in AWS that applies"
    " to the elastic network interface?",
    "Security Groups",
)
PAAS = (
    "What is the deployment model that removes the need to manage the underlying infrastructure?",
    "Platform as a Service (PaaS)",
)
STS = (
    "What is used to provide trusted users with temporary security credentials?",
    "Security Token Service (STS)",
)


def test_one_common_word_of_a_short_name_is_not_the_name(tmp_path: Path) -> None:
    """Issue 19: "groups" names no firewall, and an IAM group shares one noun
    with "Security Groups" and nothing else; the whole name is right."""
    answers = [
        "groups",
        "an iam group, you put users in it so they all share the same policies",
        "security groups",
        "security group",
    ]
    got = graded_beside(tmp_path, SECURITY_GROUPS, [], answers)
    assert got == ["incorrect", "incorrect", "correct", "correct"]


def test_a_piece_of_a_named_service_is_part_of_it_at_most(tmp_path: Path) -> None:
    """ "platform" (a platform team) is not Platform as a Service; the name and
    its acronym stay right. A rarer word of a name ("stepwise" for "Stepwise
    Selection") and two of its words ("least privilege" for "Least Privilege
    Principle", "the token service") are left to the rest of the grading: a
    rule on the name's missing last word marked such right answers partial."""
    paas = graded_beside(
        tmp_path,
        PAAS,
        [],
        [
            "platform",
            "a platform team, the engineers who build the internal tools",
            "PaaS",
            "platform as a service",
        ],
    )
    assert paas == ["partial", "partial", "correct", "correct"]
    sts = graded_beside(
        tmp_path / "sts", STS, [], ["STS", "security token service", "the token service"]
    )
    assert sts == ["correct", "correct", "correct"]
    stepwise = (
        "With a large number of features, which feature selection method would be"
        " most appropriate?",
        "Stepwise Selection",
    )
    principle = (
        "Which principle says to grant only the permissions a task needs?",
        "Least Privilege Principle",
    )
    stepwise_answer = "STEPWISE (fwd) - best subset wont scale w that many features"
    assert graded_beside(tmp_path / "stepwise", stepwise, [], [stepwise_answer]) == ["correct"]
    assert graded_beside(tmp_path / "principle", principle, [], ["least privilege"]) == ["correct"]


def test_a_one_word_name_is_still_said_by_its_word(tmp_path: Path) -> None:
    k8s = ("What orchestrates containers across a cluster of machines?", "Kubernetes")
    parquet = ("Which columnar file format does Spark write by default?", "Parquet")
    assert graded_beside(tmp_path, k8s, [], ["kubernetes", "docker"]) == ["correct", "incorrect"]
    assert graded_beside(tmp_path, parquet, [], ["parquet", "csv"]) == ["correct", "incorrect"]


def test_a_word_of_the_name_the_question_says_need_not_be_said_again(tmp_path: Path) -> None:
    """ "Which IAM entity ...?" answered "a role" names the IAM Role: the
    question said "IAM". A right answer that went on to say how the role is
    used was graded incorrect ("too little of the reference"), as a piece of
    the name alone; a group, an IAM group or a user stay wrong."""
    role = (
        "What AWS IAM entity is intended for internal usage within AWS resources, such as"
        " allowing an EC2 instance to access an S3 bucket?",
        "IAM Role.",
    )
    answers = [
        "It's a role; EC2 assumes it",
        "A role: the instance assumes it and gets temporary credentials.",
        "an IAM role",
        "an IAM group",
        "a user with an access key",
    ]
    got = graded_beside(tmp_path, role, [], answers)
    assert got == ["correct", "correct", "correct", "incorrect", "incorrect"]
