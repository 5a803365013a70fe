"""What a reference denies, and an answer asserting it (issue 19, review of grade19k).

Only a whole negated clause of the reference is a denial ("No joins", "can't
mount"), never a word of one ("change" of "does not change the data"), and
"not just X but Y" denies nothing. An answer that says the denial in other
words ("without joins", "joins are unsupported", "this one does not") does not
assert it. The decks are written here in the shapes the review found.
"""

# ruff: noqa: E501  (the decks as a user would import them: one card a line)

from __future__ import annotations

from pathlib import Path

import pytest

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.verdicts import CONTRADICTED, FOUND, Verdict

NOTES = """\
Front,Back
What does VACUUM do in Delta Lake?,"Removes data files no longer referenced by the table. Note: files newer than the retention period are kept."
What is Z-ordering?,"Colocates related data in the same files. Note: works best on high-cardinality columns."
What is OPTIMIZE?,"Compacts small files into larger ones. Note: it does not change the data."
What is time travel?,"Note: query an older version of a table by version or timestamp."
What does MERGE do?,"Upserts rows from a source into a Delta table."
What is a checkpoint?,"A Parquet summary of the transaction log."
What is the transaction log?,"An ordered record of every commit to the table."
What is schema enforcement?,"Rejects writes whose schema does not match the table."
What is Auto Loader?,"Incrementally ingests new files from cloud storage."
What is a lakehouse?,"Not just storage but also compute and governance on open files."
"""

CLOUD = """\
Front,Back
Object store,"Object storage. Files kept in buckets. KEYWORDS: bucket · object · versioning · lifecycle. NOT a filesystem — can't mount."
Key-value table,"Managed NoSQL tables. Millisecond reads at any scale. KEYWORDS: partition key · item · TTL · streams. No joins."
Message queue,"Managed message queue. Decouples producers from consumers. KEYWORDS: visibility timeout · dead-letter queue. TRADE-OFF: at-least-once delivery, so consumers must be idempotent."
Function service,"Serverless functions run on events. Pay per call. KEYWORDS: handler · cold start · timeout. USE WHEN: short event-driven jobs."
DNS service,"Managed DNS. Registers domains. KEYWORDS: hosted zone · record · alias. USE WHEN: routing users to the nearest region."
Relational service,"Managed relational database. The provider handles patching, backups and failover. KEYWORDS: read replica · multi-zone · proxy."
Odd store,"Not mountable. No joins. Never cached."
Service role,"Temporary identity for services. KEYWORDS: assume role · trust policy · no access keys."
"""


def _grader(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    deck = import_deck(path).deck
    grader = Grader(deck)

    def grade(question: str, answer: str):
        card = next(c for c in deck.cards if c.question == question)
        return grader.grade(card.id, answer)

    return grade


@pytest.fixture
def notes(tmp_path):
    return _grader(tmp_path, "notes.csv", NOTES)


@pytest.fixture
def cloud(tmp_path):
    return _grader(tmp_path, "cloud.csv", CLOUD)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # "does not match" is part of a longer clause: no denial of "match".
        ("What is schema enforcement?", "rejects writes unless their schema matches the table"),
        # "no longer referenced": "longer" alone is no claim.
        (
            "What does VACUUM do in Delta Lake?",
            "deletes unreferenced data files; a longer retention keeps more history",
        ),
        # "does not change the data": "changes layout" asserts no change of the data.
        (
            "What is OPTIMIZE?",
            "compacts small files into larger ones. Changes layout, data stays the same",
        ),
        # "Not just storage but also ...": widening, not denying.
        ("What is a lakehouse?", "storage plus compute and governance on open files"),
    ],
)
def test_a_word_of_a_negated_clause_is_no_denial(notes, question, answer):
    graded = notes(question, answer)
    assert graded.verdict == Verdict.CORRECT
    assert not any(p.status == CONTRADICTED for p in graded.points)


def test_asserting_a_whole_denied_clause_is_still_incorrect(notes):
    graded = notes(
        "What is OPTIMIZE?", "compacts small files into larger ones; it changes the data"
    )
    assert graded.verdict == Verdict.INCORRECT
    assert [p.status for p in graded.points][-1] == CONTRADICTED


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Key-value table", "managed nosql tables, millisecond reads at any scale, without joins"),
        (
            "Key-value table",
            "managed nosql tables, millisecond reads at any scale; joins are unsupported",
        ),
        (
            "Key-value table",
            "managed nosql tables, millisecond reads at any scale; joins are impossible",
        ),
        ("Key-value table", "managed nosql tables, millisecond reads at any scale; joins: none"),
        ("Key-value table", "managed nosql tables, millisecond reads at any scale; joins? no"),
        ("Key-value table", "managed nosql tables; sql databases support joins, this one does not"),
        (
            "Object store",
            "object storage, files in buckets; a disk can be mounted, a bucket cannot",
        ),
        ("Object store", "object storage, files in buckets, mounting it is impossible"),
    ],
)
def test_saying_the_denial_in_other_words_is_no_assertion(cloud, question, answer):
    graded = cloud(question, answer)
    assert graded.verdict != Verdict.INCORRECT
    assert not any(p.status == CONTRADICTED for p in graded.points)


def test_every_asserted_denial_is_shown_contradicted_none_ticked(cloud):
    graded = cloud("Odd store", "it is mountable, supports joins and caches")
    assert graded.verdict == Verdict.INCORRECT
    assert [p.status for p in graded.points] == [CONTRADICTED] * 3
    assert not any(p.status == FOUND for p in graded.points)


def test_a_denied_item_of_a_middle_dot_list_is_a_whole_clause(cloud):
    """ "· no access keys" is an item of its own, as derivation reads the dots."""
    answer = "temporary identity for services, with permanent access keys you rotate"
    graded = cloud("Service role", answer)
    assert graded.verdict == Verdict.INCORRECT
    assert any(p.label == "no access keys" and p.status == CONTRADICTED for p in graded.points)


@pytest.mark.parametrize(
    "answer",
    [
        "managed nosql tables with millisecond reads; joins are supported elsewhere, not in this service",
        "managed nosql tables with fast reads. SQL databases support joins; here you cannot join tables",
    ],
)
def test_joins_said_of_something_else_beside_their_denial_stay_right(cloud, answer):
    """Right answers that place the joins elsewhere and deny them here: reading
    the neighbouring negator as denying something of its own (0cb6ca8)
    contradicted "No joins" in both (review of fix19m)."""
    graded = cloud("Key-value table", answer)
    assert graded.verdict == Verdict.CORRECT
    assert not any(p.status == CONTRADICTED for p in graded.points)


def test_nothing_else_and_nothing_more_are_read_alike(cloud):
    """Two ways of saying the same thing get the same verdict."""
    tail = "managed nosql tables; supports joins, nothing "
    assert (
        cloud("Key-value table", tail + "else").verdict
        == cloud("Key-value table", tail + "more").verdict
    )
