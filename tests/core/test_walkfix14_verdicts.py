"""Verdicts a new user would not trust on imported decks (walkthrough of 7 Dec).

Each test imports a few cards as published (`mlquiz deck import`'s path) and
asserts what the player sees: the verdict and the checklist line or note.
"""

# ruff: noqa: E501  (the decks as a user would import them: one card a line)

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck
from mlquiz.core.grading.grader import Grader
from mlquiz.core.grading.results import PointStatus

ML_QA = """\
# ML interview questions

1. **What is supervised learning, and how does it differ from unsupervised learning?**
   Supervised learning uses labeled data to predict outputs (e.g., classifying emails), while unsupervised learning finds patterns without labels (e.g., clustering customers).

2. **What is unsupervised learning, and what are its main applications?**
   Unsupervised learning finds structure without labels, used for clustering (e.g., market segmentation) and dimensionality reduction (e.g., feature compression).

3. **What is a data warehouse?**
   A central store that keeps structured data with a schema defined on write, for reporting and analytics.

4. **What is overfitting?**
   A model learns noise in the training data, so it scores well on training data but poorly on unseen data.
"""

# A cloud deck as published: question, answer. Its service names start "AWS" or
# "Amazon", on a fifth of the cards each: too few for either to be a word the
# deck says everywhere, as in the deck the user imported.
CLOUD = """\
question, answer
What manages access to resources by creating a resource share?, AWS Resource Access Manager (AWS RAM)
What controls who can do what in an AWS account?, AWS Identity and Access Management (IAM)
What is a managed vulnerability assessment service that scans workloads?, Amazon Inspector
What provides DDoS protection?, AWS Shield
What is the object storage service?, Amazon S3
What block storage can you attach to EC2 instances?, Amazon EBS
What is the managed NoSQL key-value database?, Amazon DynamoDB
What delivers content from edge locations?, Amazon CloudFront
What audits API calls made in the account?, AWS CloudTrail
What runs code without servers?, AWS Lambda
What provisions infrastructure as code?, AWS CloudFormation
Which company offers S3?, Amazon
Which value proposition allows you to build or buy for DevOps?, Agility
What lets capacity grow and shrink with demand?, Elasticity
What runs many virtual machines on one physical server?, Hypervisors
What pricing model charges only for what you use?, Pay as you go
What is a group of data centers in one region?, Availability Zone
What model splits security duties with the customer?, Shared responsibility model
A managed Site-to-Site VPN supports which dynamic routing protocol?, BGP (Border Gateway Protocol)
What is BGP?, Border Gateway Protocol
What is moving an application unchanged to the cloud called?, Rehosting
What removes the need to guess capacity?, Scaling on demand
What keeps a copy of data in another place for recovery?, Backups and disaster recovery
What is a logically isolated network?, Virtual private cloud
What does high availability protect against?, Failure of a server or a whole data center
What is the benefit of global infrastructure?, Low latency for users around the world
What is total cost of ownership?, All the costs of running a workload over its life
What principle grants only the permissions needed?, Least privilege
What encrypts data before it is stored?, Encryption at rest
What protects data while it moves over the network?, Encryption in transit with TLS
What checks a workload against best practices?, Well-Architected Framework reviews
What gathers and visualizes real-time logs and metrics in dashboards?, Cloudwatch
What records the API calls made in an account for auditing?, Cloudtrail
Which service implements the elasticity value proposition?, Auto Scaling
"""


def _grader(tmp_path: Path, name: str, text: str) -> Grader:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Grader(import_deck(path).deck)


def _card(grader: Grader, asked: str):
    return next(c for c in grader.deck.cards if asked in c.question)


def test_a_without_the_reference_says_itself_denies_nothing(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "ml.md", ML_QA)
    card = _card(grader, "What is unsupervised learning")
    full = grader.grade(
        card,
        "learning without labels to find structure; used for clustering and dimensionality reduction",
    )
    assert full.verdict == "correct", full.reasons
    assert not any("denies" in r for r in full.reasons)
    terse = grader.grade(card, "no labels, clustering")
    # The checklist shows "without labels" said, not "(contradicted)".
    labels = [p for p in terse.points if p.label == "without labels"]
    assert labels and labels[0].status != PointStatus.CONTRADICTED
    assert terse.verdict != "incorrect"


def test_a_negation_the_reference_does_not_make_still_denies(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "ml.md", ML_QA)
    swapped = grader.grade(
        _card(grader, "What is supervised learning"),
        "supervised learns without labels and unsupervised uses labels to predict",
    )
    assert swapped.verdict == "incorrect"
    schema = grader.grade(
        _card(grader, "data warehouse"), "a central store of data without a schema, for reporting"
    )
    assert schema.verdict != "correct"


def test_a_vendor_word_alone_earns_no_product_name(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "cloud.csv", CLOUD)
    ram = _card(grader, "resource share")
    wrong = grader.grade(ram, "AWS IAM")
    # The player saw "Correct 100%" with "✓ AWS Resource Access Manager ← “AWS”".
    assert wrong.verdict == "incorrect", wrong.reasons
    assert not any(p.status == PointStatus.FOUND and p.words == "AWS" for p in wrong.points)
    assert grader.grade(ram, "aws resource access manager").verdict == "correct"
    assert grader.grade(ram, "AWS RAM").verdict == "correct"
    ebs = _card(grader, "block storage")
    assert grader.grade(ebs, "Amazon S3").verdict == "incorrect"
    assert grader.grade(ebs, "Amazon EBS").verdict == "correct"
    assert grader.grade(_card(grader, "DDoS"), "Amazon Shield").verdict == "correct"
    # A reference that is the vendor's name itself is still said by it.
    assert grader.grade(_card(grader, "Which company"), "amazon").verdict == "correct"


def test_a_name_in_two_words_is_the_one_word_name_and_the_reverse(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "cloud.csv", CLOUD)
    watch = _card(grader, "visualizes real-time logs")
    # The player typed "cloud watch" and saw Incorrect: "None of the
    # reference answer's key words is there".
    assert grader.grade(watch, "cloud watch").verdict == "correct"
    assert grader.grade(watch, "cloud trail").verdict == "incorrect"
    scaling = _card(grader, "elasticity")
    assert grader.grade(scaling, "autoscaling").verdict == "correct"
    assert grader.grade(scaling, "load balancing").verdict == "incorrect"


def test_the_cards_own_term_is_no_answer_to_another_question(tmp_path: Path) -> None:
    grader = _grader(tmp_path, "cloud.csv", CLOUD)
    vpn = _card(grader, "Site-to-Site VPN")
    for answer in ("bgp", "border gateway protocol"):
        result = grader.grade(vpn, answer)
        # The player saw Partial: "That is the answer to another question: “What is BGP?”".
        assert result.verdict == "correct", result.reasons
        assert result.confusion is None
    assert grader.grade(vpn, "OSPF").verdict == "incorrect"
