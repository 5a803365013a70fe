"""Which part of an imported reference is the answer (issue 19): shapes real
published decks use, where the first words are not what a learner must say.
Each test imports a small deck of that shape and grades answers a learner
would type."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_grading import _big_deck


def deck_from(tmp_path: Path, text: str, name: str = "deck.csv") -> Deck:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_deck(path).deck


SUBSETS = (
    "Question,Answer\n"
    '"What are some methods for selecting a subset of predictors?",'
    '"There are mainly two methods for subset selection:\n'
    "- Best Subset Selection\n- Stepwise Selection\n- Forward Stepwise Selection\n"
    '- Backward Stepwise Selection"\n'
    '"What does an encoder do?","It maps the input to a short code."\n'
)


def test_a_lead_in_to_a_list_is_not_what_the_learner_must_say(tmp_path: Path) -> None:
    """ "There are mainly two methods for subset selection:" announces the
    list that answers the question: naming the methods is the answer, and
    the lead-in's words are not required."""
    deck = deck_from(tmp_path, SUBSETS)
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert len(required) == 1 and "Best Subset Selection" in required[0]
    grader = Grader(deck)
    assert grader.grade(card, "best subset selection and stepwise selection").verdict == "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_some_of_a_list_answers_a_question_asking_for_some(tmp_path: Path) -> None:
    """ "What are some methods ...?" asks for a few, not the whole list: two of
    the four answer it, one is part of it."""
    deck = deck_from(tmp_path, SUBSETS)
    card = deck.cards[0]
    assert [p.need for p in card.points if p.required] == [2]
    grader = Grader(deck)
    both = grader.grade(card, "Best subset, and stepwise selection - forward and backward.")
    assert both.verdict == "correct"
    assert grader.grade(card, "best subset selection").verdict == "partial"


RECOMMENDERS = (
    "Question,Answer\n"
    '"Recommender System","* I put recommender systems here since technically they fall '
    "neither under supervised nor unsupervised learning\n"
    "* A recommender system seeks to predict the rating or preference a user would give "
    "to items and then recommends items accordingly\n"
    '* Collaborative filtering uses the interactions of the whole user base"\n'
    '"Clustering","* Grouping unlabeled data points by similarity"\n'
)


def test_an_authors_remark_in_the_first_person_is_not_the_core(tmp_path: Path) -> None:
    """ "I put recommender systems here since ..." is the author speaking of
    the page, not the answer: the statement after it is the core, and a
    learner who says it is right."""
    deck = deck_from(tmp_path, RECOMMENDERS)
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert required and not any("put recommender" in label for label in required)
    grader = Grader(deck)
    answer = "it predicts the rating a user would give to items and recommends the best ones"
    assert grader.grade(card, answer).verdict == "correct"
    assert grader.grade(card, "it is neither supervised nor unsupervised").verdict != "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


SHRINKAGE = (
    "Question,Answer\n"
    '"Name some shrinkage methods?","- Ridge Regression(L2 Regularization)\n'
    '- Lasso Regression(L1 Regularization)\n- Elastic Net"\n'
    '"What does an encoder do?","It maps the input to a short code."\n'
)


def test_a_list_of_names_answers_a_question_that_asks_for_names(tmp_path: Path) -> None:
    """A bare list of terms says nothing of how they relate, but a question
    asking to name some methods is answered by their names: "ridge, lasso,
    elastic net" is correct; the word the names share ("regression") may be
    left out; one name is part of the answer."""
    deck = deck_from(tmp_path, SHRINKAGE)
    card = deck.cards[0]
    grader = Grader(deck)
    assert grader.grade(card, "ridge, lasso, elastic net").verdict == "correct"
    assert grader.grade(card, "ridge and lasso").verdict == "correct"
    assert grader.grade(card, "lasso").verdict == "partial"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_wrong_name_in_a_list_of_names_makes_it_part_right(tmp_path: Path) -> None:
    """ "Ridge, lasso and principal components regression": two right names and
    one that is none of the reference's (though it shares "regression" with
    them) are part of the answer, and the feedback names the wrong one."""
    deck = deck_from(tmp_path, SHRINKAGE)
    card = deck.cards[0]
    result = Grader(deck).grade(card, "Ridge, lasso and principal components regression.")
    assert result.verdict == "partial"
    assert "“principal components regression” is not one of them" in result.reasons[0]


# Cards of a deck that share the words of an SVM card's reference (decision
# boundary, training points, closest): none of those words tells it apart.
NEIGHBOURS = [
    (
        "What is logistic regression?",
        "A linear model whose decision boundary separates the classes; it is trained on "
        "the training points by maximizing likelihood.",
    ),
    ("What is KNN?", "It labels a point by the majority of the closest training points."),
    (
        "What is a perceptron?",
        "A linear classifier that moves its decision boundary after each misclassified "
        "training point.",
    ),
    ("What are word vectors?", "Vectors that place words with close meanings close together."),
    (
        "What is a margin in boosting?",
        "How far a training example is on the right side of the combined decision boundary.",
    ),
    (
        "What is a decision tree boundary?",
        "Axis-aligned pieces: each split draws part of the decision boundary.",
    ),
    ("What are outliers?", "Points far from the others, which can drag a boundary towards them."),
    (
        "What is feature scaling?",
        "Putting features on comparable ranges so that distances between points are fair.",
    ),
]
SVM = (
    "SVM",
    "* Can perform linear, nonlinear, or outlier detection (unsupervised)\n"
    "* Large margin classifier: using SVM we not only have a decision boundary, but want the "
    "boundary to be as far from the closest training point as possible\n"
    "* The closest training examples are called support vectors, since they are the points "
    "based on which the decision boundary is drawn\n"
    "* SVMs are sensitive to feature scaling",
)


def test_a_full_answer_that_follows_the_references_wording_is_correct(tmp_path: Path) -> None:
    """A sentence-long answer that walks through the reference's wording
    (boundary, margin, closest training points, support vectors) says it,
    though not the first note the derivation took for its core ("Can perform
    linear, nonlinear, or outlier detection"), in a deck where each of those
    words is common: correct. A short answer in some of its words is part."""
    text = _big_deck(SVM) + "".join(f'"{q}","{a}"\n' for q, a in NEIGHBOURS)
    deck = deck_from(tmp_path, text)
    grader = Grader(deck)
    card = deck.cards[0]
    full = (
        "it finds the decision boundary that keeps the widest margin to the closest training "
        "points, which are called the support vectors"
    )
    assert grader.grade(card, full).verdict == "correct"
    short = "it draws the boundary far from the closest points"
    assert grader.grade(card, short).verdict == "partial"


VIF = (
    "Question,Answer\n"
    '"How can you detect multi-collinearity in a regression model?","We can detect '
    "multi-collinearity using variance inflation factor (VIF). VIF measures how much the "
    "variance of a regression coefficient is inflated due to multi-collinearity. The smallest "
    'possible value of VIF is 1. In practice a VIF greater than 5 or 10 depicts a problem."\n'
    '"What does an encoder do?","It maps the input to a short code."\n'
)


def test_the_means_a_core_sentence_names_is_its_answer(tmp_path: Path) -> None:
    """ "We can detect it using VIF": the rest of the sentence repeats the
    question, so the means is the answer; the notes after it are optional,
    not every one of them required."""
    deck = deck_from(tmp_path, VIF)
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert len(required) == 1 and "variance inflation factor" in required[0]
    grader = Grader(deck)
    assert grader.grade(card, "VIF").verdict == "correct"
    assert grader.grade(card, "with the variance inflation factor").verdict == "correct"
    # One word of the notes ("coefficient") is not the means: never correct
    # (the partial floor is low, as labeled answers on real decks are).
    assert grader.grade(card, "look at the coefficients").verdict != "correct"
    assert grader.grade(card, "plot the residuals against time").verdict == "incorrect"


UNDERFIT = (
    "Question,Answer\n"
    '"Suppose you fit an ordinary linear regression and find it is under-fitting. Is it a '
    'good idea to use ridge or lasso here?","No, ridge or lasso address the variance of '
    "ordinary least squares, while here the model suffers from bias. Use polynomial terms or "
    'a more complex model."\n'
    '"What does an encoder do?","It maps the input to a short code."\n'
)


def test_a_yes_or_no_asked_after_a_scenario_is_a_reply_of_its_own(tmp_path: Path) -> None:
    """ "Suppose ... Is it a good idea to ...?" asks yes or no after setting a
    scene: the reference's "No," is its reply, so "no" alone is part of the
    answer (it was "none of the key words"), and the reply with its reason
    is all of it."""
    deck = deck_from(tmp_path, UNDERFIT)
    card = deck.cards[0]
    grader = Grader(deck)
    assert grader.grade(card, "no").verdict == "partial"
    assert grader.grade(card, "yes").verdict == "incorrect"
    reason = "no, they only reduce variance and the model is suffering from bias"
    assert grader.grade(card, reason).verdict == "correct"


POLYNOMIAL = (
    "Question,Answer\n"
    '"Suppose a model takes the form f(X) = b0 + b1 X + b2 X^2, Is it a linear model?",'
    '"Yes model is still linear in nature. It is linear in its parameters."\n'
    '"Is gradient descent guaranteed to find the global minimum?","No matter the start, '
    'it can stop in a local minimum of a non-convex loss."\n'
)


def test_a_yes_without_a_comma_opens_the_reply(tmp_path: Path) -> None:
    """ "Yes model is still linear": the yes is the reference's reply though
    no comma follows it, so "yes" alone is part of the answer and "no" is
    not; "No matter the start, ..." is no reply of no."""
    deck = deck_from(tmp_path, POLYNOMIAL)
    grader = Grader(deck)
    linear, descent = deck.cards
    assert grader.grade(linear, "yes").verdict == "partial"
    assert grader.grade(linear, "no").verdict == "incorrect"
    assert not any(p.label == "No" for p in descent.points)
