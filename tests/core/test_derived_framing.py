"""The defining predicate of an imported reference, not its framing (issue 19).

Published answers open with a frame ("It refers to the situation where ...",
"It is a concept in machine learning", "It is a type of regularization used
for ..."): a learner says what the thing is or does, so the frame is never
what they must say, and a sentence that names only the class leaves the
telling part to the next one. Each test imports a small deck of a real
deck's shape (badiaamakhlouf's Markdown Q&A, aiquizzes' Anki notes) and
grades answers a learner would type.
"""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader


def markdown_deck(tmp_path: Path, cards: list[tuple[str, str]]) -> Deck:
    text = "# Machine Learning Fundamentals\n\n" + "".join(
        f"### Q{n}- {question}\n{answer}\n\n" for n, (question, answer) in enumerate(cards, 1)
    )
    path = tmp_path / "fundamentals.md"
    path.write_text(text, encoding="utf-8")
    return import_deck(path).deck


# Other cards, so that the deck's common words are counted as in a real deck.
FILLER = [
    (
        "What is Overfitting?",
        "- In machine learning, it occurs when a model learns the training data too well, "
        "capturing noise.\n"
        "- The model performs poorly on new, unseen data.",
    ),
    (
        "What is Grid Search?",
        "- A machine learning technique that tries every combination of hyperparameter "
        "values from a predefined grid.\n"
        "- It keeps the combination with the best validation score.",
    ),
    (
        "What is a learning rate?",
        "- It sets the size of each step of gradient descent in machine learning models.\n"
        "- Too large a value makes the loss diverge.",
    ),
    (
        "What is K-Fold Cross-Validation?",
        "- The dataset is divided into k equally sized folds.\n"
        "- Each fold is used once for testing while the others train the model.",
    ),
]


def test_a_frame_beside_the_definition_is_not_required(tmp_path: Path) -> None:
    """ "It refers to the situation where information from outside ..." : the
    learner says the situation, never "refers to the situation"."""
    leakage = (
        "What is Data leakage ?",
        "- It refers to the situation where information from outside the training "
        "dataset is used to create a model.\n"
        "- The model then looks better in validation than it will be in production.",
    )
    deck = markdown_deck(tmp_path, [leakage, *FILLER])
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert not any("refers" in label for label in required), required
    grader = Grader(deck)
    said = "information from outside the training dataset is used to create the model"
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_sentence_that_only_frames_hands_the_core_to_the_next(tmp_path: Path) -> None:
    """ "It is a concept in machine learning" says nothing of one-shot
    learning: the sentence after it is what the learner must say."""
    one_shot = (
        "What is one-shot learning?",
        "- It is a concept in machine learning\n"
        "- It aims to train the model to recognize the patterns from a single example.\n"
        "- It is applied to find the similarity between images.",
    )
    deck = markdown_deck(tmp_path, [one_shot, *FILLER])
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert required and all("concept" not in label for label in required), required
    grader = Grader(deck)
    said = "the model learns to recognize patterns from a single example"
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, "a concept in machine learning").verdict != "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_sentence_naming_only_the_class_is_part_of_the_answer(tmp_path: Path) -> None:
    """ "It is a type of regularization used for training RNNs." names the
    class; the next sentence tells activation regularization apart from
    weight decay. Naming the class alone is part of the answer."""
    path = tmp_path / "fastai.txt"
    path.write_text(
        "What is activation regularization (AR)?\tIt as a type of regularization used for "
        "training RNNs. It is very similar to weight decay but rather than adding some "
        "multiplier times the sum of squares of the weights to the loss, we add some "
        "multiplier times the sum of squares of the activations. In other words, we are not "
        "trying to decrease the weights but decrease total activations.\n"
        "What is weight decay?\tWe add the sum of squares of the weights to the loss, "
        "times a multiplier, so that the weights stay small.\n"
        "What is dropout?\tA layer that randomly zeroes activations during training.\n"
        "What is an embedding?\tA lookup table of learned vectors, one per category.\n",
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card = deck.cards[0]
    grader = Grader(deck)
    thin = grader.grade(card, "regularization for RNNs")
    assert thin.verdict == "partial"
    assert any("weight decay" in label for label in thin.missed), thin.missed
    said = "like weight decay, but on the sum of squares of the activations; used for RNNs"
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


VARIANTS = (
    "What are the different variations of gradient descent ?",
    "- Gradient descent has various variants, each tailored for specific scenarios:\n"
    "  - **Batch Gradient Descent**\n"
    "  - **Stochastic Gradient Descent (SGD)**\n"
    "  - **Mini-batch Gradient Descent:**\n"
    "- Each variant has its pros and cons, making them suitable for different "
    "optimization tasks based on:\n"
    "  - Dataset size\n"
    "  - Computational resources\n"
    "  - Convergence requirements",
)


def test_a_list_item_with_a_stray_colon_ends_no_list(tmp_path: Path) -> None:
    """ "- Mini-batch Gradient Descent:" is the third variant, not a lead-in:
    the list of variants ends there, and the factors of the next list are not
    variants of gradient descent."""
    deck = markdown_deck(tmp_path, [VARIANTS, *FILLER])
    card = deck.cards[0]
    lists = [p for p in card.points if p.required and p.need > 1]
    assert len(lists) == 1 and len(lists[0].phrases) == 3, card.points
    grader = Grader(deck)
    factors = "dataset size, computational resources and convergence requirements"
    assert grader.grade(card, factors).verdict != "correct"
    assert grader.grade(card, "batch, stochastic and mini-batch").verdict != "incorrect"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_examples_asked_for_are_answered_by_a_few_named_without_the_asked_word(
    tmp_path: Path,
) -> None:
    """ "Examples of ... algorithms used to solve Regression problems": a few
    of the list answer it, and "lasso" names "Lasso Regression" (the
    question's word need not be repeated with each item)."""
    regression = (
        "Examples of well-known machine learning algorithms used to solve Regression problems",
        "Here are some well-known machine learning algorithms commonly used to solve "
        "regression problems:\n\n"
        "- Linear Regression\n- Decision Trees\n- Random Forest\n"
        "- K-Nearest Neighbors (KNN)\n- Bayesian Regression\n- Lasso Regression\n"
        "- Ridge Regression\n- Neural Networks (Deep Learning)",
    )
    deck = markdown_deck(tmp_path, [regression, *FILLER])
    card = deck.cards[0]
    grader = Grader(deck)
    assert grader.grade(card, "ridge, lasso and random forest").verdict == "correct"
    assert grader.grade(card, "lasso").verdict == "partial"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_an_example_asked_for_is_answered_by_one(tmp_path: Path) -> None:
    """ "What is an example of ...?" asks for one item of the list, not two
    ("examples" matched the plural's rule and made one right example partial)."""
    ensemble = (
        "What is an example of an ensemble method?",
        "- Random forest\n- Gradient boosting\n- Bagging",
    )
    deck = markdown_deck(tmp_path, [ensemble, *FILLER])
    grader = Grader(deck)
    assert grader.grade(deck.cards[0], "random forest").verdict == "correct"


def test_a_long_core_requires_at_most_six_points(tmp_path: Path) -> None:
    """A core of three definitions and their notes, ten clauses: a learner
    answers in a few ideas, so the points after the sixth are optional (shown,
    not required), and an answer that gives the three definitions is correct."""
    tuning = (
        "What is the difference between paramter tuning, hyperparamter tuning and fine tuning?",
        "- In the context of optimization:\n"
        "    - Parameter tuning: involves finding the optimal values for the internal variables\n"
        "    - hyperparameter tuning: involves finding the best configuration for external "
        "settings (hyperparameters).\n"
        "- Fine-tuning can refer to two main processes depending on the context:\n"
        "    - **Model Fine-tuning:**\n"
        "        - Adjusting a pre-trained model, in case of transfer learning, on a new "
        "domain-specific dataset.\n"
        "        - The pre-trained model, often trained on a large dataset, serves as a starting "
        "point, and the model is further trained on the new dataset to adapt to the specific "
        "task at hand.\n"
        "    - **Algorithm Fine-tuning:**\n"
        "        - The adjustment or customization of algorithms to better fit a specific "
        "problem or dataset.\n"
        "        - It involves making small adjustments to the algorithm's parameters or "
        "characteristics to achieve better performance.\n",
    )
    deck = markdown_deck(tmp_path, [tuning, *FILLER])
    card = deck.cards[0]
    assert 1 <= sum(p.required for p in card.points) <= 6, card.points
    grader = Grader(deck)
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_sentence_before_the_list_a_how_question_asks_for_is_a_lead_in(
    tmp_path: Path,
) -> None:
    """ "Preventing data leakage is crucial ..." sets up the list of measures
    ("To avoid data leakage, it's important to: ..."): naming measures answers
    "How to avoid data leakage?", and the first sentence is not required."""
    leakage = (
        "How to avoid data leakage?",
        "- Preventing data leakage is crucial for building reliable and generalizable "
        "machine learning models.\n"
        "- To avoid data leakage, it's important to:\n"
        "    - Strictly separate training and testing data\n"
        "    - Ensure that feature engineering is done using only information available at "
        "the time of prediction\n"
        "    - Be cautious about any transformations or preprocessing steps that might "
        "introduce information from the future into the training data",
    )
    deck = markdown_deck(tmp_path, [leakage, *FILLER])
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert not any("crucial" in label for label in required), required
    grader = Grader(deck)
    said = (
        "Strictly separate the training and testing data, and do the feature engineering "
        "with only the information available at prediction time."
    )
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_an_item_and_its_refinement_named_apart_are_two_items(tmp_path: Path) -> None:
    """ "Supervised Learning" and "Semi-Supervised Learning" are two types, as
    are "Batch" and "Mini-batch" gradient descent: an answer naming both says
    both, though every word of the first is in the second (the list's lead-in
    sentence is no part of the answer either)."""
    types = (
        "What are the types of ML algorithms ?",
        "Machine learning algorithms can be categorized into several types based on their "
        "learning styles and the nature of the task they are designed to solve.\n\n"
        "Here are some common types of machine learning algorithms:\n\n"
        "- **Supervised Learning**\n- **Unsupervised Learning**\n"
        "- **Semi-Supervised Learning**\n- **Deep Learning**\n"
        "- **Reinforcement Learning**\n- **Ensemble learning**\n- **Ranking**\n"
        "- **Recommendation system**",
    )
    deck = markdown_deck(tmp_path, [types, *FILLER])
    card = deck.cards[0]
    grader = Grader(deck)
    said = "supervised, unsupervised, semi-supervised, reinforcement learning"
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, "semi-supervised learning").verdict == "partial"
    assert grader.grade(card, card.answer).verdict == "correct"
    variants = (
        "What are the different variations of gradient descent ?",
        "- Batch Gradient Descent\n- Stochastic Gradient Descent (SGD)\n"
        "- Mini-batch Gradient Descent",
    )
    deck = markdown_deck(tmp_path, [variants, *FILLER])
    card, grader = deck.cards[0], Grader(deck)
    assert grader.grade(card, "batch, stochastic, mini-batch").verdict == "correct"
    assert grader.grade(card, "stochastic and mini-batch").verdict == "partial"


def test_a_lead_in_to_list_lines_of_several_sentences_is_no_point(tmp_path: Path) -> None:
    """List lines that go on in a second sentence ("... labels. Can be used
    for Regression ...") are still the list the lead-in announces: the
    lead-in's words ("In machine learning, the terms ... refer to different
    approaches") are no required point."""
    kinds = (
        "What does supervised, unsupervised and semi-supervised mean in ML?",
        'In machine learning, the terms "supervised learning," "unsupervised learning," and '
        '"semi-supervised learning" refer to different approaches based on the type of '
        "training data available and the learning task at hand:\n\n"
        "- **Supervised Learning :** training a model on a labeled dataset, where the "
        "algorithm learns the relationship between input features and corresponding target "
        "labels. Can be used for Regression (continous output) or Classification (discrete "
        "output).\n"
        "- **Unsupervised Learning :** Deals with unlabeled data and aims to find patterns, "
        "structures, or relationships within the data. Can be used for Clustering or "
        "association\n"
        "- **Semi-Supervised Learning:** Utilizes a combination of labeled and unlabeled data "
        "to improve learning performance.",
    )
    deck = markdown_deck(tmp_path, [kinds, *FILLER])
    card = deck.cards[0]
    required = [p.label for p in card.points if p.required]
    assert not any("terms" in label or "approaches" in label for label in required), required
    grader = Grader(deck)
    said = (
        "Supervised: model learn from data that have labels, the input and the target. "
        "Unsupervised: data without label, model find the groups or structure by itself. "
        "Semi-supervised: mix of both, small part labeled and big part unlabeled."
    )
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, card.answer).verdict == "correct"


def test_a_definitions_class_word_is_its_frame(tmp_path: Path) -> None:
    """ "Ensemble learning is a machine learning technique that involves
    combining ...": "technique" is the frame, combining predictions the
    answer."""
    ensemble = (
        "What is Ensemble learning?",
        "Ensemble learning is a machine learning technique that involves combining the "
        "predictions of multiple individual models to improve overall performance and "
        "accuracy. Instead of relying on a single model, ensemble methods leverage the "
        "strengths of diverse models to compensate for each other's weaknesses.\n\n"
        "There are several ensemble learning methods, with two primary types being:\n"
        "- **Bagging (Bootstrap Aggregating) :**\n"
        "    - Involves training multiple instances of the same model on different subsets of "
        "the training data, typically sampled with replacement.\n"
        "- **Boosting :**\n"
        "    - Focuses on sequentially training models, with each subsequent model giving more "
        "attention to the instances that the previous models misclassified.",
    )
    deck = markdown_deck(tmp_path, [ensemble, *FILLER])
    card = deck.cards[0]
    grader = Grader(deck)
    said = "combining several models' predictions to get a better one than any single model"
    assert grader.grade(card, said).verdict == "correct"
    assert grader.grade(card, "a machine learning technique").verdict != "correct"
    assert grader.grade(card, card.answer).verdict == "correct"
