"""Two terms a question contrasts, swapped in the answer, on imported decks
(issue 19): "Inductive ML and Deductive ML" contrasts "inductive" and
"deductive", not the "ML" both share; and an answer in the question's own
words is still wrong when it swaps them."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader

OTHERS = (
    "### Q2- What is overfitting?\n"
    "The model learns noise in the training data and does badly on new data.\n\n"
    "### Q3- What is a learning rate?\n"
    "The size of each gradient descent step.\n\n"
)
SWAPPED = (
    "Inductive derives conclusions from general rules and principles, "
    "deductive learns patterns from examples."
)
RIGHT = "Inductive learns patterns from examples, deductive derives conclusions from general rules."


def test_terms_sharing_a_head_word_swapped_are_wrong(tmp_path: Path) -> None:
    path = tmp_path / "fundamentals.md"
    path.write_text(
        "### Q1- What is the difference between Inductive ML and Deductive ML?\n"
        "Inductive machine learning learns patterns and models from specific examples. "
        "Deductive machine learning derives specific conclusions from general rules and "
        "principles.\n\n" + OTHERS,
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card, grader = deck.cards[0], Grader(deck)
    swapped = grader.grade(card, SWAPPED)
    assert swapped.verdict == "incorrect" and "swaps" in swapped.reasons[0]
    assert grader.grade(card, RIGHT).verdict == "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_swap_in_the_questions_words_is_not_the_reference(tmp_path: Path) -> None:
    """A reference whose first line is only the question's words ("Inductive
    Learning:") reads as "the reference in the question's words" for an answer
    saying them all; a swapped answer says them all too, and is wrong."""
    path = tmp_path / "fundamentals.md"
    path.write_text(
        "### Q1- What is the difference between Inductive ML and Deductive ML?\n"
        "- **Inductive Learning:**\n"
        "    - Inductive machine learning learns patterns and models from specific examples.\n"
        "- **Deductive Learning:**\n"
        "    - Deductive machine learning derives specific conclusions from general rules "
        "and principles.\n\n" + OTHERS,
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card, grader = deck.cards[0], Grader(deck)
    assert grader.grade(card, SWAPPED + " That is inductive learning.").verdict == "incorrect"
    assert grader.grade(card, RIGHT).verdict != "incorrect"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_term_given_another_terms_name_is_wrong(tmp_path: Path) -> None:
    """ "L1 regularization (Lasso) and L2 regularization (Ridge)" pairs each
    penalty with its name: "lasso is L2 and ridge is L1" swaps them, though
    it says every term of the reference."""
    path = tmp_path / "fundamentals.md"
    path.write_text(
        "### Q1- What are the types of Regularization in Machine Learning?\n"
        "- Regularization is a technique used to prevent overfitting by adding a penalty "
        "term to the loss function.\n"
        "- There are mainly two types of regularization commonly used: L1 regularization "
        "(Lasso) and L2 regularization (Ridge). Elastic Net is a combination of both L1 and "
        "L2 regularization.\n\n" + OTHERS,
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card, grader = deck.cards[0], Grader(deck)
    crossed = grader.grade(card, "there's lasso which is L2 and ridge which is L1, and elastic net")
    assert crossed.verdict == "incorrect" and "lasso" in crossed.reasons[0]
    assert grader.grade(card, "L1/lasso, L2/ridge, and elastic net which mixes both").verdict != (
        "incorrect"
    )
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_verb_opening_a_sentence_after_it_is_no_term(tmp_path: Path) -> None:
    """ "It starts with general rules and applies them": the words after
    "starts" are still said of deductive learning, so an answer that says
    them of inductive learning swaps the two."""
    path = tmp_path / "fundamentals.md"
    path.write_text(
        "### Q1- What is the difference between Inductive ML and Deductive ML?\n"
        "- Inductive machine learning involves learning patterns, rules, or models from "
        "specific examples or instances.\n"
        "- Deductive machine learning involves deriving specific conclusions from general "
        "principles. It starts with general rules and applies them to specific instances.\n\n"
        + OTHERS,
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card, grader = deck.cards[0], Grader(deck)
    swapped = (
        "Inductive starts from general rules and applies them to each example, deductive "
        "learns the rules from the data."
    )
    assert grader.grade(card, swapped).verdict == "incorrect"
    right = "Inductive learns patterns from examples; deductive applies general rules to cases."
    assert grader.grade(card, right).verdict != "incorrect"
    assert grader.grade(card, card.answer).verdict == "correct"


def _graded(tmp_path: Path, question: str, reference: str, answers: list[str]) -> list[str]:
    path = tmp_path / "contrasts.md"
    path.write_text(f"### Q1- {question}\n{reference}\n\n" + OTHERS, encoding="utf-8")
    deck = import_deck(path).deck
    card, grader = deck.cards[0], Grader(deck)
    assert grader.grade(card, card.answer).verdict == "correct"
    graded = [grader.grade(card, answer) for answer in answers]
    return [f"{g.verdict}: {' '.join(g.reasons)}" for g in graded]


def test_two_word_terms_swapped_are_wrong(tmp_path: Path) -> None:
    """ "random forest" and "gradient boosting" are each two words the
    reference names together: a word said only with one of them is still
    that term's (it was no term's, and the swapped answer was correct)."""
    swapped, right = _graded(
        tmp_path,
        "What's the difference between random forest and gradient boosting?",
        "Random Forests builds each tree independently while Gradient Boosting builds "
        "one tree at a time.",
        [
            "Gradient boosting builds each tree independently and averages them, random "
            "forest builds them one at a time on the residuals.",
            "Random forest builds each tree independently, gradient boosting builds one "
            "tree at a time.",
        ],
    )
    assert swapped.startswith("incorrect: That swaps")
    assert right.startswith("correct")


def test_a_head_word_after_both_terms_is_no_term(tmp_path: Path) -> None:
    """ "L2 and L1 regularization": "regularization" is both terms' head. Read
    as a term of its own, it took "absolute" and "squared" from L1 and L2 in
    a reference that repeats it ("L1 regularization uses ..."), and the
    swapped answer was correct."""
    swapped, right = _graded(
        tmp_path,
        "What's the difference between L2 and L1 regularization?",
        "Penalty terms: L1 regularization uses the sum of the absolute values of the "
        "weights, while L2 regularization uses the sum of the weights squared.",
        [
            "L1 uses squared weights and L2 absolute weights.",
            "L1 uses the sum of absolute weights, L2 the sum of squared weights.",
        ],
    )
    assert swapped.startswith("incorrect: That swaps")
    assert right.startswith("correct")


def test_a_modifier_before_both_terms_is_no_term(tmp_path: Path) -> None:
    """ "model accuracy or model performance": "model" is a modifier both terms
    share, not a term, and "performance" no head word (it was read as the
    head of "model", the pair became accuracy/model, and a right answer that
    says "a model" near "accuracy" was a swap, incorrect)."""
    right, swapped = _graded(
        tmp_path,
        "Which is more important to you: model accuracy or model performance?",
        "Model accuracy is only a subset of model performance, and a sometimes "
        "misleading one: on rare fraud a model that predicts no fraud is very accurate "
        "and useless.",
        [
            "Performance, for sure. On our fraud data a model that just says 'not fraud' "
            "every time got 99.8% accuracy and was useless. Accuracy is only one slice of "
            "performance and it can be misleading.",
            "Model performance is only a subset of model accuracy, and a misleading one.",
        ],
    )
    assert not right.startswith("incorrect"), right
    assert swapped.startswith("incorrect"), swapped


def test_terms_a_question_asks_to_relate_are_not_contrasted(tmp_path: Path) -> None:
    """ "How are primary and foreign keys related?": the reference says one term
    of the other ("foreign keys join tables on the primary key of the other
    table"), so the words after each are no role of its own, and a right
    answer that names the primary key inside the foreign key's sentence
    swaps nothing (it was incorrect, "swaps foreign and primary")."""
    (right,) = _graded(
        tmp_path,
        "How are primary and foreign keys related in SQL?",
        "You can talk about how foreign keys allow you to match up and join tables "
        "together on the primary key of the corresponding table.",
        [
            "A foreign key is a column in one table that points to the primary key of "
            "another table, and that's how you match rows up and join the two tables "
            "together, like orders.customer_id pointing at customers.id.",
        ],
    )
    assert not right.startswith("incorrect"), right


def test_terms_told_apart_by_their_order_swapped_are_wrong(tmp_path: Path) -> None:
    """ "ETL: transform before loading", "ELT: load raw then transform": the two
    share their content words and differ in what comes first. "then" is a
    role word as "before" is (a stop word, it was left out, and an answer
    that swaps the order was correct; hedged with "not 100% sure", since
    under14 a doubt that closes the answer costs nothing, it still was)."""
    swapped, hedged, right = _graded(
        tmp_path,
        "What's the difference between ETL and ELT? When do you use each?",
        "ETL: Transform before loading (traditional, good for complex cleansing). "
        "ELT: Load raw then transform (leverages modern MPP databases).",
        [
            "ELT transforms the data before loading it and ETL loads first and then "
            "transforms in the warehouse",
            "I think ELT transforms the data before loading it and ETL loads first and "
            "then transforms in the warehouse? not 100% sure",
            "ETL transforms the data first, then loads it; ELT loads it first, then "
            "transforms it in the warehouse",
        ],
    )
    assert swapped.startswith("incorrect: That swaps"), swapped
    assert hedged.startswith("incorrect"), hedged
    assert right.startswith("correct"), right


def test_keywords_that_are_stop_words_are_terms(tmp_path: Path) -> None:
    """ "WHERE and HAVING": both are stop words in English, so the question
    contrasted nothing and "WHERE filters after grouping, HAVING before" was
    correct. Written in capitals in the question they name keywords; the
    learner may type them in lower case."""
    swapped, typed, right = _graded(
        tmp_path,
        "What's the difference between WHERE and HAVING clauses?",
        "WHERE filters rows before grouping/aggregation (executes first). HAVING filters "
        "after GROUP BY aggregation (can reference aggregate functions like COUNT, SUM).",
        [
            "WHERE filters rows after grouping and aggregation. HAVING filters before "
            "GROUP BY and works on single rows.",
            "having filters rows before grouping, where filters groups after aggregation",
            "where filters the rows before the group by runs, having filters the groups "
            "after aggregation and can use COUNT or SUM",
        ],
    )
    assert swapped.startswith("incorrect: That swaps"), swapped
    assert typed.startswith("incorrect: That swaps"), typed
    assert right.startswith("correct"), right
