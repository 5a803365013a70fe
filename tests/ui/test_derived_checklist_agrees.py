"""On an imported deck, a right answer graded correct shows no ✗ beside a point it
says (issues 12 and 19).

The deck is a GitHub interview-question Markdown of the shape of
tuanai-vireox/DataEngineer-Principles (bench/data/decks/tuanai-vireox-data-
engineering): a governance card written here in the shape of that deck's
(whose text is CC BY-NC-SA, so not copied), a few more cards of our own
beside it that share its words ("security", "compliance") as that deck's
other cards do. The answer says
"security" and "compliance" in a word, not in the two-word phrases the
import derived ("security organization", "compliance regulations"): the
verdict came from the words said (the blend), and the checklist showed
"✗ security in an organization". Now it shows what of the point was said.
"""

from __future__ import annotations

from pathlib import Path

from mlquiz.ui.app import QuizApp, prepare
from mlquiz.ui.format import POINT_SYMBOL
from tests.support.factories import imported_deck, make_service
from tests.support.pilot import answer, settle

GOVERNANCE = "What is data governance and why is it important?"
DECK = f"""# Data Engineering Interview Questions

## Data Governance

**Q1: {GOVERNANCE}**
- **Expected Answer**: Data governance is the overall management of data availability, \
usability, integrity, and security in an organization. It is important because it ensures data \
quality and compliance with regulations, reduces risks, and enables better decision-making.

**Q2: What is a data catalog?**
- **Expected Answer**: A data catalog is an inventory of a company's data assets with their \
metadata, so that people can find, understand and trust the data they use.

**Q3: What is data lineage?**
- **Expected Answer**: Data lineage tracks where data comes from, how it moves and how it is \
transformed between systems, which helps with debugging, impact analysis, audits and compliance.

## Apache Spark

**Q4: What is a shuffle in Spark?**
- **Expected Answer**: A shuffle redistributes data across partitions, moving rows between \
executors over the network, for example for joins and groupBy; overall it is expensive.

**Q5: How do you secure a data lake?**
- **Expected Answer**: Security: encryption at rest and in transit, access controls per role, \
and audit logging of every read.

**Q6: What goes into a real-time pipeline design?**
- **Expected Answer**: Ingestion with Kafka, processing with Flink, storage in a lake, \
monitoring with dashboards and alerts, and security through encryption and access control.
"""
ANSWER = (
    "the management of data availability, usability, integrity and security; "
    "it matters for data quality and compliance"
)


async def test_a_correct_answer_sees_what_of_each_point_it_said(tmp_path: Path, clock) -> None:
    deck = imported_deck(tmp_path, "README.md", DECK)
    service = make_service(tmp_path / "data", clock, decks=[deck])
    app = QuizApp(service, prepare(service))
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            for _ in range(len(deck.cards)):  # cards come shuffled: skip to the governance card
                if GOVERNANCE in str(app.screen.query_one("#quiz-question").render()):
                    break
                await pilot.press("ctrl+n")
                await settle(pilot)
                await pilot.press("enter")
                await settle(pilot)
            assert GOVERNANCE in str(app.screen.query_one("#quiz-question").render())
            await answer(pilot, ANSWER)
            verdict = str(app.screen.query_one("#feedback-verdict").render())
            assert "Correct" in verdict
            rows = [str(w.render()) for w in app.screen.query(".feedback-point")]
            security = next(r for r in rows if "security in an organization" in r)
            # Said in part, with the word that says it: not a cross beside "security".
            assert security == "◐ security in an organization  ← only “security”"
            assert (
                "✓ because it ensures data quality and compliance  (optional)  ← “data quality”"
                in rows
            )
            # A ✗ is left for what the answer does not say at all.
            crossed = [r for r in rows if r.startswith(POINT_SYMBOL["missed"])]
            assert crossed == [
                "✗ regulations  (optional)",
                "✗ reduces risks  (optional)",
                "✗ enables better decision-making  (optional)",
            ]
            reasons = str(app.screen.query_one("#feedback-reasons").render())
            assert reasons.startswith(
                "Says enough of the reference answer's key words, "
                "though not every key point in full."
            )
            assert "“security”" in reasons
    finally:
        service.close()
