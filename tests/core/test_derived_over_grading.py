"""Wrong or half answers that imported cards graded correct (issue 19, the
round after the dkritz-sql-dwh and serahsoltani-dl-interview decks): an
answer to one of the two things a question asks, a formula under another formula's name,
another order of growth in the reference's letters, "X, nothing else" for a
reference that denies X; an answer that denies how a point prevents
something, which agrees with no "prevents"; and right answers that say
"always", which stay correct. Each test imports a deck large enough for
the deck-wide rules to apply and grades what a learner would type, right and
wrong."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.grading.formulas import named_formulas, wrong_growth
from tests.core.test_derived_short_references import graded_beside
from tests.core.test_derived_under_grading import large_deck, verdicts


def test_each_thing_the_question_names_is_answered(tmp_path: Path) -> None:
    """ "What is dropout and layer normalization?" answered "Dropout is ... .
    It ... . Layer normalization ...": the sentence that opens with the other
    thing the question names answers half the question, its definition
    essential. It was optional elaboration, so an answer that says dropout
    and gives up on layer normalization was "the heart of the reference"."""
    card = (
        "What is dropout and layer normalization?",
        "Dropout is a technique of dropping out hidden and visible units of a network randomly "
        "to prevent overfitting. It doubles the number of iterations needed to converge. "
        "Layer normalization rescales the inputs of every layer to zero mean and unit variance "
        "across the features of each sample.",
    )
    deck = large_deck(tmp_path, card)
    required = [p.label for p in deck.cards[0].points if p.required]
    assert any(label.startswith("Layer normalization") for label in required)
    assert not any("doubles" in label for label in required)  # elaboration stays optional
    (tmp_path / "b").mkdir()
    half, whole = verdicts(
        tmp_path / "b",
        card,
        [
            "dropout drops random units so it doesn't overfit, layer norm I don't know",
            "dropout randomly drops units so the net doesn't overfit; layer norm rescales each "
            "layer's inputs to zero mean and unit variance per sample",
        ],
    )
    assert half == "partial"
    assert whole == "correct"


def test_the_second_of_two_things_compared_is_essential(tmp_path: Path) -> None:
    """ "What is bagging and how does it differ from boosting?": the sentence
    that opens with "Boosting" answers the second thing asked, its first idea
    essential (it was optional on main); its elaboration stays optional."""
    card = (
        "What is bagging and how does it differ from boosting?",
        "Bagging trains models independently on bootstrap samples and averages them to "
        "reduce variance. Boosting fits weak learners sequentially, each on the mistakes "
        "of the earlier ones, to reduce bias.",
    )
    deck = large_deck(tmp_path, card)
    required = [p.label for p in deck.cards[0].points if p.required]
    assert any(label.startswith("Boosting fits") for label in required)
    assert not any("mistakes" in label or "bias" in label for label in required)


ELABORATION = [
    (
        "What is k-fold cross-validation and why is it used?",
        "The data is split into k folds and the model is trained k times, each time "
        "validating on a different fold. It gives a less noisy estimate of performance than "
        "one split. Typically k is 5 or 10.",
        "Typically",
    ),
    (
        "In SQL, what does GROUP BY do?",
        "It groups rows that share values in the given columns into one row per group. "
        "SQL aggregate functions such as COUNT or SUM then summarise each group.",
        "SQL aggregate",
    ),
    (
        "What is the difference between L1 and L2 regularization?",
        "L1 adds the sum of absolute weights to the loss and drives some weights to zero, "
        "while L2 adds the sum of squared weights and shrinks them all. "
        "Regularization in general reduces overfitting.",
        "Regularization in general",
    ),
    (
        "What is a window function and when do you use it?",
        "A window function computes a value for each row over a set of related rows without "
        "collapsing them. Unlike GROUP BY, it keeps every row in the result.",
        "Unlike GROUP BY",
    ),
]


def test_elaboration_after_the_core_stays_optional(tmp_path: Path) -> None:
    """Only a sentence that opens with the second thing the question names is
    essential: "Typically k is 5 or 10", "SQL aggregate functions ...",
    "Regularization in general ..." and "Unlike GROUP BY ..." elaborate (a
    branch made them essential for "and why/when" questions, for a question
    with a comma, or for any word of the question)."""
    for number, (question, answer, opening) in enumerate(ELABORATION):
        place = tmp_path / str(number)
        place.mkdir()
        deck = large_deck(place, (question, answer))
        required = [p.label for p in deck.cards[0].points if p.required]
        assert required, question
        assert not any(label.startswith(opening) for label in required), question


DROPOUT = "Dropout randomly switches off units during training to prevent overfitting."


ALWAYS = [
    (
        (
            "What is a transaction?",
            "A group of statements executed as one unit: either all of them take effect "
            "or none do.",
        ),
        "a group of statements run as one unit, either all take effect or none; "
        "a transaction is always all or nothing",
    ),
    (
        (
            "What is a primary key?",
            "A column whose values uniquely identify each row and cannot be null.",
        ),
        "a column that uniquely identifies each row and always has a value",
    ),
    (
        (
            "What does gradient descent do?",
            "It updates the parameters in the direction opposite to the gradient to reduce "
            "the loss.",
        ),
        "it updates the parameters to reduce the loss; it always moves against the gradient",
    ),
]


def test_a_right_answer_saying_always_stays_correct(tmp_path: Path) -> None:
    """ "always"/"never" in a right answer is as often the reference's idea
    in the learner's words ("a transaction is always all or nothing") as a
    rule of their own: a branch that made every such answer partial on an
    imported card graded these three partial."""
    for number, (card, right) in enumerate(ALWAYS):
        place = tmp_path / str(number)
        place.mkdir()
        assert verdicts(place, card, [right]) == ["correct"], right


def test_a_formula_under_another_formulas_name_is_wrong(tmp_path: Path) -> None:
    """A reference that names two formulas ("Precision: TP / (TP + FP) ...
    Recall: TP / (TP + FN)"): writing them with the names swapped writes
    the reference's shapes under the wrong names (it was correct: "writes
    the reference's formula"), whether the names stand before ("=", "is")
    or after ("for recall"). Both right, each way, stays correct: a branch
    read "precision is TP/(TP+FP) and recall is TP/(TP+FN)" as one formula
    and required every formula of the reference, which made it partial."""
    card = (
        "What are precision and recall?",
        "Precision: TP / (TP + FP), the share of predicted positives that are right. "
        "Recall: TP / (TP + FN), the share of actual positives that are found.",
    )
    got = verdicts(
        tmp_path,
        card,
        [
            "precision = TP / (TP + FN), recall = TP / (TP + FP)",
            "TP/(TP+FN) for precision and TP/(TP+FP) for recall",
            "precision is TP/(TP+FN) and recall is TP/(TP+FP)",
            "precision = TP / (TP + FP), recall = TP / (TP + FN)",
            "precision is TP/(TP+FP) and recall is TP/(TP+FN)",
            "TP/(TP+FP) for precision and TP/(TP+FN) for recall",
            "precision = TP/(TP+FP), recall is the fraction of actual positives the model finds",
        ],
    )
    assert got == ["incorrect"] * 3 + ["correct"] * 4


def test_a_formula_is_named_only_by_the_word_that_names_it() -> None:
    """The name of a formula is the word right before its "=" or "is", a
    sentence's label, or the word after "for"; two formulas joined by "and"
    are each read with their own name. "is", "and", "for" or the "e" of
    "i.e." name nothing, and prose before a formula ("the harmonic mean of
    precision and recall: 2PR/(P+R)") does not make it recall's."""

    def read(term: str) -> str:
        stop = {"is", "and", "for", "the"}
        return " ".join(w for w in term.lower().split() if w not in stop)

    def names(text: str) -> set[tuple[str, str]]:
        return {(name, f.shape) for name, f in named_formulas(text, read) if "prod(tp" in f.shape}

    precision, recall = "prod(tp/sum(fp,tp))", "prod(tp/sum(fn,tp))"
    both = {("precision", precision), ("recall", recall)}
    assert names("precision is TP/(TP+FP) and recall is TP/(TP+FN)") == both
    assert names("TP/(TP+FP) for precision and TP/(TP+FN) for recall") == both
    assert names("Precision: TP / (TP + FP), the share. Recall: TP / (TP + FN), found.") == both
    assert names("i.e. TP/(TP+FP), and TP/(TP+FN) is it") == set()
    assert named_formulas("F1 is the harmonic mean of precision and recall: 2PR/(P+R)", read) == []


def test_another_order_of_growth_is_wrong(tmp_path: Path) -> None:
    """ "O(n^2)" or "O(log n)" for "O(n) time": the reference's letters in
    another order of growth (they were correct and partial); the same order
    however written stays correct."""
    search = ("What is the time complexity of linear search?", "O(n) time in the worst case.")
    assert graded_beside(
        tmp_path, search, [], ["O(n^2)", "O(log n)", "O(n²)", "O(n)", "O( N ) in the worst case"]
    ) == ["incorrect", "incorrect", "incorrect", "correct", "correct"]


def test_only_an_order_in_the_references_one_variable_is_judged(tmp_path: Path) -> None:
    """The order-of-growth rule judges one variable's usual classes only: "O(E
    + V)", "O(|V| + |E|)" or "O(n + m)" for "O(V + E)" are other ways of
    writing it (a branch graded them incorrect), "O(n*n)" and "O(n x n)" are
    "O(n^2)", an order the answer sets aside ("not O(n^2) like the nested
    loop") is not its claim, and a reference of two orders for n ("O(n log
    n) on average, O(n^2) in the worst case") is right either way."""
    bfs = (
        "What is the time complexity of BFS?",
        "O(V + E) time, since every vertex and edge is visited once.",
    )
    assert graded_beside(
        tmp_path / "bfs",
        bfs,
        [],
        ["O(E + V)", "O(|V| + |E|)", "O(n + m) where n is vertices and m edges"],
    ) == ["partial", "partial", "correct"]
    bubble = (
        "What is the time complexity of bubble sort?",
        "O(n^2) comparisons in the worst case.",
    )
    assert graded_beside(tmp_path / "bubble", bubble, [], ["O(n*n)", "O(n x n)", "O(n)"]) == [
        "correct",
        "correct",
        "incorrect",
    ]
    two_sum = (
        "What is the complexity of two-sum using a hash map?",
        "O(n) time and O(n) extra space, one pass storing each number's index.",
    )
    assert graded_beside(
        tmp_path / "two-sum",
        two_sum,
        [],
        [
            "linear time, not O(n^2) like the nested loop",
            "it runs in linear time instead of O(n^2)",
            "O(n^2) time",
        ],
    ) == ["partial", "partial", "incorrect"]
    quicksort = (
        "What is the time complexity of quicksort?",
        "O(n log n) on average, O(n^2) in the worst case.",
    )
    assert graded_beside(tmp_path / "quicksort", quicksort, [], ["O(n^2)", "O(n log n)"]) == [
        "correct",
        "correct",
    ]


def test_orders_of_growth_are_compared_by_class_and_variable() -> None:
    """The review's examples, rule by rule: several variables are not judged,
    n*n is n^2, a set-aside order is not the answer's, two orders for n in
    the reference accept either."""
    assert not wrong_growth("O(V + E) time", "O(E + V)")
    assert not wrong_growth("O(V + E) time", "O(|V| + |E|)")
    assert not wrong_growth("O(V + E) time", "O(n + m) where n is vertices and m edges")
    assert not wrong_growth("O(n^2) comparisons", "O(n*n)")
    assert not wrong_growth("O(n^2) comparisons", "O(n x n)")
    assert not wrong_growth(
        "O(n) time and O(n) extra space", "linear time, not O(n^2) like the loop"
    )
    assert not wrong_growth("O(n) time", "O(n) time, unlike the O(n^2) nested loop")
    assert not wrong_growth("O(n log n) on average, O(n^2) in the worst case", "O(n)")
    assert not wrong_growth("O(n) time and O(1) space", "O(1) space and O(n) time")
    assert not wrong_growth("O(n) time", "O(m)")  # another variable: not this rule's
    assert wrong_growth("O(n) time", "O(n^2)")
    assert wrong_growth("O(n) time", "O(n^2) instead of the O(n) loop")
    assert wrong_growth("O(n) time and O(1) space", "O(n^2) time")
    assert wrong_growth("O(1) lookups", "O(n)")


def test_an_order_denied_with_a_contraction_is_set_aside() -> None:
    """ "isn't O(n^2)", "doesn't need the O(n^2) loop", "cannot be O(n)": the
    order is set aside as with "not" (a review found them graded incorrect:
    the rule looked for "n't" after a word boundary, which "isn't" has not)."""
    assert not wrong_growth(
        "O(n): every element may have to be checked.",
        "linear, it isn't O(n^2) because you check each element once",
    )
    assert not wrong_growth(
        "O(n): every element may have to be checked.",
        "linear time; it doesn't need the O(n^2) nested loop",
    )
    assert not wrong_growth(
        "O(log n), because each step halves the remaining range.",
        "it halves the range, so the search doesn't cost O(n)",
    )
    assert not wrong_growth("O(log n) per lookup.", "a lookup cannot be O(n) here")
    assert wrong_growth("O(log n) per lookup.", "it is O(n), it isn't fast")


def test_formulas_named_respectively_are_not_misnamed(tmp_path: Path) -> None:
    """ "TP/(TP+FP) and TP/(TP+FN) for precision and recall respectively":
    the names go to the formulas in turn (a review found it incorrect, the
    second formula read as named "precision")."""
    card = (
        "What are precision and recall?",
        "Precision = TP / (TP + FP); recall = TP / (TP + FN).",
    )
    answer = "TP/(TP+FP) and TP/(TP+FN) for precision and recall respectively"
    assert named_formulas(answer, lambda term: term.lower()) == []
    assert graded_beside(tmp_path, card, [], [answer]) == ["correct"]


def test_x_and_nothing_else_asserts_x(tmp_path: Path) -> None:
    """ "supports joins, nothing else", "joins and nothing more", "nothing but
    joins" for "No joins": "nothing" with "else/more/but" denies the rest,
    not the joins beside it (the first two were correct, read as a denial).
    "no other" stays a denial: "it has no other query features like joins"
    denies joins, as the reference does (a branch that read "other" as
    "else" graded it incorrect)."""
    store = ("What queries does a key-value store support?", "No joins: only lookups by key.")
    assert graded_beside(
        tmp_path,
        store,
        [],
        [
            "supports joins, nothing else",
            "joins and nothing more",
            "nothing but joins",
            "lookups by key, no joins",
            "key lookups; it has no other query features like joins",
        ],
    ) == ["incorrect", "incorrect", "incorrect", "correct", "correct"]


PREVENTING = [
    (
        ("What does dropout do?", DROPOUT),
        "dropout doesn't switch off any units; it just adds noise to the weights",
        "incorrect",
    ),
    (
        (
            "What does a UNIQUE constraint do?",
            "It prevents duplicate values in a column by rejecting any insert or update that "
            "would repeat an existing value.",
        ),
        "it doesn't reject duplicate inserts; it just warns",
        "incorrect",
    ),
    (
        (
            "Why use parameterized queries?",
            "They prevent SQL injection by sending the values separately from the SQL text.",
        ),
        "they don't send values separately; they just escape quotes",
        "incorrect",
    ),
    (
        (
            "What does a CHECK constraint do?",
            "It prevents invalid data from being stored by rejecting any row that fails "
            "its condition.",
        ),
        "it does not reject rows; it just logs a warning",
        "incorrect",
    ),
    (
        (
            "What does a database index do?",
            "It speeds up reads by avoiding full table scans at the cost of slower writes "
            "and extra storage.",
        ),
        "it does not make writes slower and needs no extra storage",
        "incorrect",
    ),
]


def test_denying_how_a_point_prevents_something_is_not_agreeing(tmp_path: Path) -> None:
    """A derived point is often a whole sentence ("prevents SQL injection by
    sending the values separately"): an answer that denies its mechanism
    ("they don't send values separately") denies the point, whatever
    "prevents" the sentence also says (a branch that let a negated match
    agree with any point saying "prevent/avoid/keeps ... from" graded these
    correct). The reference said in other words stays correct."""
    for number, (card, wrong, verdict) in enumerate(PREVENTING):
        place = tmp_path / str(number)
        place.mkdir()
        assert verdicts(place, card, [wrong]) == [verdict], wrong
    (tmp_path / "right").mkdir()
    assert verdicts(
        tmp_path / "right",
        ("What does dropout do?", DROPOUT),
        [
            "it randomly switches off units during training so the net doesn't overfit",
            "it randomly switches off units during training but it does not prevent overfitting",
        ],
    ) == ["correct", "incorrect"]
