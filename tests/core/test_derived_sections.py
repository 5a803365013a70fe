"""Labeled sections of imported backs, and what a reference denies (issue 19).

A published AWS deck writes every back as its answer, then sections each
opened by a label of its own ("KEYWORDS: ...", "TRADE-OFF: ...", "USE WHEN:
..."). Imported, its section lines became key points and its one-line core
the only essential one, so "object storage" alone was correct where the
learner was asked for the few statements before the sections; and "you can
mount a bucket" was correct although the back says "can't mount". The deck
below is written here in that layout (not the published one).
"""

# ruff: noqa: E501  (the deck as a user would import it: one card a line)

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.cards import Deck
from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.derive.ideas import cut_ideas
from mlquiz.core.grading.derive.sections import deck_sections, without_labels
from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import CONTRADICTED, FOUND, Verdict

CLOUD = """\
Front,Back
Object store,"Object storage. Files kept in buckets. KEYWORDS: bucket · object · versioning · lifecycle. NOT a filesystem — can't mount."
Key-value table,"Managed NoSQL tables. Millisecond reads at any scale. KEYWORDS: partition key · item · TTL · streams. No joins."
Message queue,"Managed message queue. Decouples producers from consumers. KEYWORDS: visibility timeout · dead-letter queue. TRADE-OFF: at-least-once delivery, so consumers must be idempotent."
Function service,"Serverless functions run on events. Pay per call. KEYWORDS: handler · cold start · timeout. USE WHEN: short event-driven jobs."
DNS service,"Managed DNS. Registers domains. KEYWORDS: hosted zone · record · alias. USE WHEN: routing users to the nearest region."
Access control,"Decides who may do what in the account. Users · groups · roles. KEYWORDS: least privilege · trust policy · explicit deny."
Relational service,"Managed relational database. The provider handles patching, backups and failover. KEYWORDS: read replica · multi-zone · proxy."
Block volume,"Network disk for one instance. Snapshots to object storage. KEYWORDS: IOPS · throughput · snapshot. TRADE-OFF: tied to one zone."
"""


@pytest.fixture
def cloud(tmp_path: Path) -> tuple[Deck, Grader]:
    path = tmp_path / "cloud.csv"
    path.write_text(CLOUD, encoding="utf-8")
    deck = import_deck(path).deck
    return deck, Grader(deck)


def _grade(cloud: tuple[Deck, Grader], question: str, answer: str):
    deck, grader = cloud
    card = next(c for c in deck.cards if c.question == question)
    return grader.grade(card.id, answer)


def test_the_text_before_the_decks_labels_is_the_answer_and_the_sections_elaboration(cloud):
    deck, _ = cloud
    card = next(c for c in deck.cards if c.question == "Object store")
    required = [p.label for p in card.points if p.required]
    assert required == ["Object storage", "Files kept in buckets"]
    keywords = next(p for p in card.points if "versioning" in p.label)
    assert not keywords.required
    assert not any("KEYWORDS" in phrase for p in card.points for phrase in p.phrases)


def test_half_of_the_answer_before_the_sections_is_partial_all_of_it_correct(cloud):
    assert _grade(cloud, "Object store", "object storage").verdict == Verdict.PARTIAL
    full = _grade(cloud, "Object store", "object storage, your files go in buckets")
    assert full.verdict == Verdict.CORRECT


def test_the_text_before_the_sections_alone_grades_correct(cloud):
    """What the layout asks for is the answer before the labels: said alone,
    without the KEYWORDS and the rest, it is correct on every card (the whole
    reference is settled before derived grading, so it would prove nothing)."""
    deck, grader = cloud
    answers = {c.id: c.answer.split(" KEYWORDS:")[0] for c in deck.cards}
    assert all(answers[c.id] != c.answer for c in deck.cards)
    verdicts = {c.question: grader.grade(c, answers[c.id]).verdict for c in deck.cards}
    assert set(verdicts.values()) == {Verdict.CORRECT}, verdicts


@pytest.mark.parametrize(
    ("question", "answer", "denied"),
    [
        (
            "Object store",
            "object storage, files in buckets, and you can mount a bucket like a disk",
            "can't mount",
        ),
        (
            "Key-value table",
            "managed nosql tables with millisecond reads, and it supports joins like sql",
            "No joins",
        ),
    ],
)
def test_an_answer_that_asserts_what_the_reference_denies_is_incorrect(
    cloud, question, answer, denied
):
    graded = _grade(cloud, question, answer)
    assert graded.verdict == Verdict.INCORRECT
    assert denied in graded.reasons[0]
    assert any(p.label == denied and p.status == CONTRADICTED for p in graded.points)


def test_a_long_answer_is_not_read_for_a_denied_word(cloud):
    """A long answer says many things; one clause may use a denied word of
    another subject (SAF: "traditional networks have limited flexibility"
    beside a reference's "not limited to hardware")."""
    answer = (
        "object storage: files are kept in buckets and read over http by any number of "
        "clients at once; a block volume is the disk you mount on a single server, and "
        "object storage scales far beyond what one server's disk holds"
    )
    graded = _grade(cloud, "Object store", answer)
    assert "says otherwise" not in graded.reasons[0]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Object store",
            "object storage with files in buckets; it is not a filesystem, you can't mount it",
        ),
        (
            "Key-value table",
            "managed nosql tables, millisecond reads at any scale, no joins though",
        ),
    ],
)
def test_saying_the_denial_itself_stays_correct(cloud, question, answer):
    assert _grade(cloud, question, answer).verdict == Verdict.CORRECT


def test_items_between_middle_dots_are_items(cloud):
    deck, _ = cloud
    card = next(c for c in deck.cards if c.question == "Access control")
    labels = [p.label for p in card.points if p.required]
    assert {"Users", "groups", "roles"} <= set(labels)
    said = _grade(cloud, "Access control", "decides who may do what, with users and groups")
    assert [p.label for p in said.points if p.status == FOUND][1:] == ["Users", "groups"]
    full = "decides who may do what in the account, through users, groups and roles"
    assert _grade(cloud, "Access control", full).verdict == Verdict.CORRECT


GOOGLE = (
    Path(__file__).resolve().parents[2]
    / "bench/data/decks/google-ml-glossary/Google Machine Learning Glossary.csv"
)


@pytest.fixture(scope="module")
def google() -> tuple[Deck, Grader]:
    deck = import_deck(GOOGLE).deck
    return deck, Grader(deck)


@pytest.mark.parametrize(
    ("term", "answer", "verdict"),
    [
        # Labeled partial by the deck's writer: a few words, little of the reference.
        ("confusion matrix", "a table with TP FP TN FN", Verdict.PARTIAL),
        ("k-means", "unsupervised clustering into k groups", Verdict.PARTIAL),
        # Labeled correct: a few words, in the reference's own order.
        ("accuracy", "fraction of predictions that are correct", Verdict.CORRECT),
    ],
)
def test_a_few_words_missing_essential_points_are_lifted_only_in_the_references_wording(
    google, term, answer, verdict
):
    deck, grader = google
    card = next(c for c in deck.cards if c.question.startswith(f"{term} ("))
    assert grader.grade(card.id, answer).verdict == verdict


def test_a_short_answer_missing_most_essential_points_is_not_lifted_to_correct(cloud):
    """Verdict and checklist agree: three of four essential points shown
    missed is no correct answer, however close its few words."""
    graded = _grade(cloud, "Access control", "decides who may do what in the account")
    assert graded.verdict == Verdict.PARTIAL
    assert [p.label for p in graded.points if p.required and p.status != FOUND] == [
        "Users",
        "groups",
        "roles",
    ]


def test_a_full_answer_in_other_words_is_still_correct(cloud):
    answer = "a managed relational database; the provider takes care of patching, backups and failover for you"
    assert _grade(cloud, "Relational service", answer).verdict == Verdict.CORRECT


def test_labels_are_the_decks_own_and_a_rare_label_is_no_layout():
    layout = deck_sections(
        [f"Answer {i}. KEYWORDS: a · b. Note: more." for i in range(8)] + ["Plain answer."] * 2
    )
    assert layout.labels == frozenset({"keywords", "note"})
    assert layout.layout
    rare = deck_sections(["First. Note: aside."] * 3 + ["Plain answer, no label."] * 17)
    assert rare.labels == frozenset({"note"})
    assert not rare.layout
    # A label on one or two answers is that answer's text, not the deck's.
    assert deck_sections(["First. Warning: aside."] * 2 + ["Plain."] * 3).labels == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "Attention weights. The dot product q · k of the query and the key, scaled.",
        "Attention weights. Scores are Q · K divided by the square root of d.",
    ],
)
def test_a_middle_dot_beside_a_one_letter_symbol_is_a_product(text):
    labels = [idea.label_text for idea in cut_ideas(text, "What is attention?")[0]]
    assert any("q · k" in label.lower() for label in labels), labels


def test_a_slash_of_and_or_does_not_keep_a_dot_list_whole():
    text = "Controls who can do what. Users · groups · roles · service accounts and/or tags."
    labels = [idea.label_text for idea in cut_ideas(text, "What is IAM?")[0]]
    assert {"Users", "roles"} <= set(labels), labels


def test_middle_dots_in_a_formula_stay_products():
    formula = "The harmonic mean of precision and recall. F1 = 2 · Precision · Recall / (P + R)."
    labels = [idea.label_text for idea in cut_ideas(formula, "What is the F1 score?")[0]]
    assert "Recall" not in labels
    assert any("2 · Precision · Recall" in label for label in labels)
    items = cut_ideas("Controls who can do what. Users · groups · roles.", "What is IAM?")[0]
    assert [idea.label_text for idea in items][1:] == ["Users", "groups", "roles"]


PROS = """\
Front,Back
What are the pros and cons of random forests?,"Pros: robust to overfitting, handles many features. Cons: slow to predict, hard to interpret."
What are the pros and cons of k-NN?,"Pros: no training, simple. Cons: slow at prediction, sensitive to scale."
What are the pros and cons of logistic regression?,"Pros: interpretable, fast. Cons: linear boundary only."
What are the pros and cons of decision trees?,"Pros: interpretable, no scaling needed. Cons: overfit easily."
What is gradient descent?,"An optimizer that steps against the gradient of the loss."
What is a learning rate?,"The step size of each gradient update."
What is dropout?,"Randomly zeroing activations during training to regularize."
What is a batch?,"A subset of the training set used for one update."
"""


def test_a_back_that_opens_with_a_label_is_read_as_written(tmp_path):
    """ "Pros: ... Cons: ..." has no answer before its sections: the Cons are
    not made the whole answer, the Pros dropped to elaboration."""
    path = tmp_path / "pros.csv"
    path.write_text(PROS, encoding="utf-8")
    deck = import_deck(path).deck
    card = next(c for c in deck.cards if "k-NN" in c.question)
    required = [p.label for p in card.points if p.required]
    assert required and required[0].startswith("Pros")
    graded = Grader(deck).grade(card.id, "no training needed and simple")
    assert graded.verdict == Verdict.CORRECT


def test_without_labels_reads_a_first_labeled_sentence_as_written_but_its_label():
    """No answer before the sections: every sentence stays (0: none is set
    apart as elaboration), but a label's word is no word of an idea."""
    sections = deck_sections([f"KEYWORDS: a{i} · b. USE WHEN: c. TRADE-OFF: d." for i in range(4)])
    sentences = ["KEYWORDS: shard · replica", "USE WHEN: scaling reads", "TRADE-OFF: cost"]
    assert without_labels(sentences, sections) == (["shard · replica", "scaling reads", "cost"], 0)
    answered = ["A queue", "KEYWORDS: shard", "USE WHEN: scaling reads"]
    assert without_labels(answered, sections) == (["A queue", "shard", "scaling reads"], 1)


def test_a_card_with_nothing_before_its_first_label_is_read_as_written(tmp_path):
    """ "A CDN." says only the question: the sections are what the card says,
    read as written (required), but for the labels' own words."""
    path = tmp_path / "cloud.csv"
    path.write_text(
        CLOUD
        + 'What is a CDN?,"A CDN. KEYWORDS: edge · cache · origin. USE WHEN: static assets far from users."\n',
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card = next(c for c in deck.cards if c.question == "What is a CDN?")
    required = [p.label for p in card.points if p.required]
    assert [label.lower() for label in required[:3]] == ["edge", "cache", "origin"]
    assert any("static assets" in label.lower() for label in required)
    assert not any("KEYWORDS" in label or "WHEN" in label for label in required)


def test_a_back_that_opens_with_a_label_needs_no_label_word(tmp_path):
    """Final review: "KEYWORDS: shard · partition key · horizontal scaling"
    made a required point "KEYWORDS: shard", so the right answer was partial."""
    path = tmp_path / "cloud.csv"
    path.write_text(
        CLOUD
        + 'What is sharding?,"KEYWORDS: shard · partition key · horizontal scaling. USE WHEN: one database node cannot hold the data."\n',
        encoding="utf-8",
    )
    deck = import_deck(path).deck
    card = next(c for c in deck.cards if c.question == "What is sharding?")
    assert not any("KEYWORDS" in p.label for p in card.points)
    graded = Grader(deck).grade(card.id, "shard, partition key, horizontal scaling")
    assert graded.verdict == Verdict.CORRECT


def test_a_label_is_the_questions_word_only_as_a_whole_word():
    """ "Note:" is a section label although the questions say "notebook"
    (the question was matched as a string: "note" in "notebook")."""
    answers = [f"Do thing {i}. Note: detail {i}." for i in range(4)]
    asked = [f"How do you share notebook {i}?" for i in range(4)]
    assert deck_sections(answers, asked).labels == {"note"}
    assert deck_sections(answers, [f"What is a note {i}?" for i in range(4)]).labels == set()


COMPARISONS = """\
Front,Back
Delta Lake vs Parquet: transactions?,"Both store tables. Delta Lake: ACID transactions through a log. Parquet: no transactions, just files."
Delta Lake vs Parquet: history?,"Both keep files. Delta Lake: time travel to old versions. Parquet: only the current files."
Delta Lake vs Parquet: schema?,"Both hold a schema. Delta Lake: enforces the schema on write. Parquet: any schema per file."
What is a Delta table?,"A Parquet-backed table with a transaction log."
What is Unity Catalog?,"Central governance for data and AI assets."
What is a cluster policy?,"Rules that limit how users configure clusters."
What is a job?,"A scheduled run of notebooks or scripts."
What is DBFS?,"A filesystem layer over cloud object storage."
"""


def test_a_label_that_is_the_questions_subject_stays_in_the_checklist(tmp_path):
    """ "Delta Lake:" and "Parquet:" name what each half of the answer is
    about: without them "only the current files" says of neither which."""
    path = tmp_path / "cmp.csv"
    path.write_text(COMPARISONS, encoding="utf-8")
    deck = import_deck(path).deck
    card = next(c for c in deck.cards if c.question.endswith("history?"))
    labels = " ".join(p.label for p in card.points)
    assert "Delta Lake" in labels
    assert "Parquet" in labels
