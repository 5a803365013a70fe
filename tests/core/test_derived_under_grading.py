"""Right answers that imported cards graded incorrect (issue 19): a half
answer saying one word of the reference, a right answer in words the card
does not know (a learner's own project), a right answer whose "never" or
"cannot" meets a derived point cut from its sentence. Each test imports a
deck large enough for the deck-wide rules to apply and grades what a learner
would type, right and wrong."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from tests.core.test_derived_grading import _big_deck

# More cards (a topic, then its answer), so the deck knows enough of its
# field (300 stems and more) for "that is about something else" to be told
# from a card's topic in new words.
MORE_TOPICS = """
a random forest
    Many trees, each grown on a bootstrap sample with a random subset of features.
cross-validation
    Training on all folds but one and validating on the held-out fold, in turn.
a ROC curve
    The true positive rate against the false positive rate at every threshold.
k-means
    Assigning points to the nearest of k centroids and moving each centroid to their mean.
PCA
    Projecting data onto orthogonal directions of greatest variance to reduce dimensionality.
a transformer
    A neural architecture of self-attention layers relating every token to every other.
tokenization
    Cutting raw text into words, subwords or characters a language model reads as integers.
data drift
    A change over time in the distribution of production inputs against the training data.
a feature store
    A central repository that computes, versions and serves features for online inference.
early stopping
    Halting training once the validation loss stops improving, keeping the best epoch.
imputation
    Replacing missing values with estimates such as the column median or a constant.
one-hot encoding
    Binary indicator columns for a categorical variable, exactly one set per row.
a GPU
    A graphics processor with thousands of parallel cores for matrix multiplications.
quantization
    Storing weights with fewer bits, such as eight-bit integers, to shrink models.
A/B testing
    Randomly splitting users between two variants and comparing a metric with a significance test.
a vanishing gradient
    Gradients shrinking toward zero through many layers, so early layers barely learn.
batch normalization
    Rescaling a layer's activations to zero mean and unit variance per mini-batch.
a convolution
    Sliding a small learned kernel across an image to detect local patterns.
attention
    Weighting a sequence's values by how well their keys match a query.
transfer learning
    Reusing a network pretrained on a large corpus and fine-tuning it on a smaller task.
a recommender system
    Ranking products, films or songs for each customer from past purchases and ratings.
anomaly detection
    Flagging rare observations, such as fraudulent payments or failing sensors.
reinforcement learning
    An agent learns a policy that maximizes cumulative reward by trial and error.
a time series
    Observations indexed by timestamps, like hourly electricity demand, often seasonal.
Bayesian optimization
    Tuning expensive hyperparameters with a Gaussian process surrogate.
model serving
    Deploying a trained model behind a REST endpoint with autoscaling and canary rollouts.
data lineage
    Tracing which upstream tables, notebooks and jobs produced a dataset, for audits.
federated learning
    Training across phones or hospitals that keep their raw records locally.
a knowledge graph
    Entities such as people, companies and cities linked by typed relations.
speech recognition
    Converting spoken audio waveforms into written transcripts.
"""


def large_deck(tmp_path: Path, first: tuple[str, str]) -> Deck:
    lines = MORE_TOPICS.strip().splitlines()  # a topic, then its answer indented
    more = zip(lines[::2], (line.strip() for line in lines[1::2]), strict=True)
    text = _big_deck(first) + "".join(f'"What is {q}?","{a}"\n' for q, a in more)
    path = tmp_path / "deck.csv"
    path.write_text(text, encoding="utf-8")
    return import_deck(path).deck


def verdicts(tmp_path: Path, first: tuple[str, str], answers: list[str]) -> list[str]:
    deck = large_deck(tmp_path, first)
    grader = Grader(deck)
    assert grader.cross.knows_at_least(300)  # the deck-wide rules apply
    return [str(grader.grade(deck.cards[0], answer).verdict) for answer in answers]


PEARSON = (
    "How is the Pearson correlation coefficient interpreted?",
    "It measures the strength and direction of the linear relationship between two variables. "
    "It ranges from -1 to +1: +1 is a perfect positive linear relationship, -1 a perfect "
    "negative one, and 0 means no linear relationship.",
)


def test_a_half_answer_saying_a_little_of_the_reference_is_partial(tmp_path: Path) -> None:
    """ "Its a number between -1 and 1" gives the range, not what it measures:
    part of the answer (it was incorrect, below the blend's partial floor);
    the whole idea in other words is correct; an answer sharing nothing with
    the reference stays incorrect."""
    got = verdicts(
        tmp_path,
        PEARSON,
        [
            "its a number between -1 and 1",
            "how strong and in which direction two variables are linearly related",
            "the p-value of a t-test",
        ],
    )
    assert got == ["partial", "correct", "incorrect"]


LEAKAGE = (
    "What is preprocessing leakage?",
    "Using test data in preprocessing steps like scaling or normalization (e.g., computing "
    "mean/std from full dataset). This leaks information from test set into training, causing "
    "overly optimistic performance estimates.",
)


def test_a_right_answer_told_as_a_story_is_not_about_something_else(tmp_path: Path) -> None:
    """A learner's own project ("We fit the StandardScaler on the whole
    dataset ...") says the idea in words the reference does not use: on an
    imported card, which knows only its reference's words, that is no sign of
    another topic. Part right at least (it was incorrect, "about something
    else"); a story that shares a word by chance is never correct, and one
    that shares none is incorrect."""
    got = verdicts(
        tmp_path,
        LEAKAGE,
        [
            "We fit the StandardScaler on the whole dataset before splitting, so the test set's "
            "mean and std were baked into training and our scores looked better than they "
            "really were.",
            "Our team kept the holiday photos in a shared folder and the album leaked online "
            "before the wedding.",
            "We painted the kitchen before the guests arrived.",
        ],
    )
    assert got[0] == "partial"
    assert got[1] != "correct"  # it was: its words follow the reference's shape by chance
    assert got[2] == "incorrect"


SCALER = (
    "How do you prevent preprocessing leakage?",
    "Fit the scaler on the training data only, then apply the fitted transformation to the test "
    "data.",
)
DIVERSE = (
    "How can more training data reduce overfitting?",
    "More diverse examples make it harder for the model to memorize individual cases, forcing it "
    "to learn general patterns.",
)


def test_a_negation_beside_a_point_said_is_part_of_the_answer(tmp_path: Path) -> None:
    """A derived point is a piece of its sentence, so a right answer's "never"
    or "cannot" may meet it ("never fit anything on test" is the reference's
    "only"; "cannot memorize" is its "harder to memorize"): with another
    essential point said, partial, not incorrect. A negation that is all the
    answer says stays incorrect."""
    assert verdicts(
        tmp_path,
        SCALER,
        [
            "scaler.fit(X_train); X_test = scaler.transform(X_test) - never fit anything on test",
            "do not fit the scaler on the training data",
            "shuffle the rows first",
        ],
    ) == ["partial", "incorrect", "incorrect"]
    assert verdicts(
        tmp_path,
        DIVERSE,
        [
            "with more different examples the model cannot memorize each one, so it must learn "
            "the general pattern",
            "the model cannot learn general patterns",
        ],
    ) == ["partial", "incorrect"]


KKT = (
    "Which approach provides a very general solution to constrained optimization?",
    "The Karush-Kuhn-Tucker approach provides a very general solution.",
)


def test_a_name_of_several_names_is_said_by_its_initials(tmp_path: Path) -> None:
    """ "Karush-Kuhn-Tucker" goes by KKT, though the deck never writes it:
    the initials alone are the answer; another method's name is not."""
    assert verdicts(tmp_path, KKT, ["KKT", "the KKT approach", "Lagrange multipliers"]) == [
        "correct",
        "correct",
        "incorrect",
    ]
