"""GitHub interview-question Markdown whose questions are bold lines numbered
"**Q3: ...**", many of them tasks ending in "." ("Explain ...", "Write a SQL
query ..."), each answered under an "- **Expected Answer**:" label (issue 19).

Before, a numbered task line was "not read as a question (no '?')": it and
its answer went into the card above, so a deck of 50 such cards read as 29;
and every answer began with its label, which derivation took for a point
("Expected Answer" graded partial)."""

from __future__ import annotations

from pathlib import Path

from mlquiz.core.decks.importing.build import import_deck, read_deck_file
from mlquiz.core.grading.grader import Grader


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


EXPECTED_ANSWERS = """\
# Operating Systems Interview Questions

## Beginner Level

**Q1: What is a process and how does it differ from a thread?**
- **Expected Answer**: A process is a running program with its own address space.

**Q2: What are the states of a process?**
- **Expected Answer**: 
  - New
  - Ready
  - Running
  - Waiting
  - Terminated

**Q3: Explain the difference between a mutex and a semaphore.**
- **Expected Answer**:
  - **Mutex**: A lock that one thread owns at a time
  - **Semaphore**: A counter that lets up to N threads in

**Q4: Write a shell command that lists the ten processes using most memory.**
- **Expected Answer**:
```bash
ps aux --sort=-%mem | head -n 11
```

## Intermediate Level

**Q5: Describe how virtual memory works**
- **Expected Answer**: The MMU maps each process's pages to physical frames.

**Q6: What is a deadlock?**
- **Expected Answer**: Threads each waiting for a lock another one holds.

**Q8: Design a scheduler for a mix of interactive and batch jobs.**
- **Expected Answer**: A multilevel feedback queue: CPU-bound jobs sink to low priority.
"""


def test_numbered_bold_tasks_are_cards_of_their_own(tmp_path: Path) -> None:
    path = write(tmp_path, "os.md", EXPECTED_ANSWERS)
    result = import_deck(path)
    cards = result.deck.cards
    assert [c.question for c in cards] == [
        "What is a process and how does it differ from a thread?",
        "What are the states of a process?",
        "Explain the difference between a mutex and a semaphore.",
        "Write a shell command that lists the ten processes using most memory.",
        "Describe how virtual memory works",
        "What is a deadlock?",
        # Q7 is missing: Q8 carries the questions' "Q<n>:" numbering all the same.
        "Design a scheduler for a mix of interactive and batch jobs.",
    ]
    # No card holds another's prompt or answer, and nothing was left unread.
    assert "Mutex" not in cards[1].answer and "Semaphore" in cards[2].answer
    assert cards[3].answer == "```bash\nps aux --sort=-%mem | head -n 11\n```"
    assert "scheduler" not in cards[5].answer
    assert result.warnings == []


def test_the_answer_label_is_neither_shown_nor_a_key_point(tmp_path: Path) -> None:
    deck = import_deck(write(tmp_path, "os.md", EXPECTED_ANSWERS)).deck
    cards = deck.cards
    # The label is off what the player reads (the back is the answer already),
    # and a list under it reads as a list, not indented under nothing.
    assert cards[0].answer.startswith("A process is a running program")
    assert cards[1].answer == "- New\n- Ready\n- Running\n- Waiting\n- Terminated"
    assert cards[2].answer == (
        "- Mutex: A lock that one thread owns at a time\n"
        "- Semaphore: A counter that lets up to N threads in"
    )
    for card in cards:
        assert "Expected Answer" not in card.answer
        for point in card.points:
            assert "expected" not in point.label.lower()
            assert not any("expected" in phrase.lower() for phrase in point.phrases)
    grader = Grader(deck)
    # The label alone says nothing: before, it was a point and graded partial.
    assert grader.grade(cards[0].id, "Expected Answer").verdict == "incorrect"
    assert grader.grade(cards[0].id, cards[0].answer).verdict == "correct"


def test_a_deck_of_fifty_such_cards_reads_fifty(tmp_path: Path) -> None:
    """Every fifth prompt asks ("?"), the others set a task ending in "." or
    nothing: before, each task went into the card above (10 cards read)."""
    tasks = ("Explain", "Describe", "Compare", "Write a query for", "Implement")
    blocks = []
    for n in range(1, 51):
        topic = f"topic number {n}"
        if n % 5 == 1:
            prompt = f"What is {topic}?"
        else:
            prompt = f"{tasks[n % 5]} {topic} in a few words{'.' if n % 2 else ''}"
        blocks.append(
            f"**Q{n}: {prompt}**\n- **Expected Answer**: Answer {n} names {topic} plainly.\n"
        )
    path = write(tmp_path, "fifty.md", "# Fifty\n\n" + "\n".join(blocks))
    parsed = read_deck_file(path)
    assert len(parsed.cards) == 50
    assert all(
        card.answer == f"Answer {n} names topic number {n} plainly."
        for n, card in enumerate(parsed.cards, start=1)
    )
    assert parsed.warnings == []


# A bold-question deck (not numbered) with tasks among its questions, and
# bold sub-headings inside its answers that must stay there.
UNNUMBERED = """\
**What is a B-tree?**

A balanced search tree whose nodes hold many keys, so that lookups read few disk pages.

**Implement a function that checks whether a binary tree is balanced.**

Recurse on both children, return each height, fail when two differ by more than one.

**Data Owner**: the team that decides who may read the table.

**Write path in an LSM tree**

Writes go to a memtable and a log, then are flushed to sorted files on disk.

**Example**

A key-value store such as RocksDB.

**Design patterns for caching**

Cache-aside, read-through and write-behind.

**How does a hash index work?**

It hashes the key to a bucket that holds the row's location.

**Walk through what happens when you type a URL into a browser.**

DNS lookup, TCP and TLS handshakes, the HTTP request, then rendering.
"""


def test_bold_prompts_are_cards_and_bold_sub_headings_stay_in_their_answer(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "db.md", UNNUMBERED)
    result = import_deck(path)
    cards = result.deck.cards
    assert [c.question for c in cards] == [
        "What is a B-tree?",
        "Implement a function that checks whether a binary tree is balanced.",
        "How does a hash index work?",
        "Walk through what happens when you type a URL into a browser.",
    ]
    # "Write path ...", "Design patterns ...": nouns opening a topic title, not
    # tasks. They stay in the answer above them, each named with its line.
    assert "memtable" in cards[1].answer and "write-behind" in cards[1].answer
    assert "Data Owner" in cards[1].answer and "RocksDB" in cards[1].answer
    left = [w for w in result.warnings if "is not read as a question" in w]
    assert left == [
        f"{path}:{line}: warning: the bold line '{title}' is not read as a question (no '?'): "
        "it stays in the answer of the card at line 5"
        for line, title in (
            (11, "Write path in an LSM tree"),
            (15, "Example"),
            (19, "Design patterns for caching"),
        )
    ]


def test_answer_labels_of_other_spellings_are_left_out(tmp_path: Path) -> None:
    text = (
        "### What is a page fault?\n\n**A:** An access to a page not in memory.\n\n"
        "### What is thrashing?\n\nAns: Paging so much that little work gets done.\n\n"
        "### How do you find a memory leak?\n\n- Solution: Compare heap snapshots over time.\n\n"
        "### What is a TLB?\n\n**Answer**: A cache of page-table entries.\n"
    )
    parsed = read_deck_file(write(tmp_path, "os.md", text))
    assert [c.answer for c in parsed.cards] == [
        "An access to a page not in memory.",
        "Paging so much that little work gets done.",
        "Compare heap snapshots over time.",
        "A cache of page-table entries.",
    ]


def test_lettered_options_are_the_answer_not_a_label(tmp_path: Path) -> None:
    """ "- A: ..." opening a list of options is answer text, not an "A:" label."""
    text = (
        "### Which isolation levels does SQL define?\n\n- A: Read uncommitted\n"
        "- B: Read committed\n- C: Repeatable read\n- D: Serializable\n\n"
        "### What is a dirty read?\n\nReading a row another transaction has not committed.\n"
    )
    parsed = read_deck_file(write(tmp_path, "sql.md", text))
    assert parsed.cards[0].answer.startswith("- A: Read uncommitted\n- B: Read committed")


def test_a_numbered_question_with_no_answer_under_it_is_named(tmp_path: Path) -> None:
    """ "- **Q2: ...**" with the next question right under it is no card; it
    stays in the answer above, and the import says so with its line."""
    text = (
        "**Q1: What is paging?**\n\nSplitting memory into fixed-size pages.\n\n"
        "- **Q2: Design a page table for a 64-bit machine.**\n\n**Q3: What is a frame?**\n\n"
        "A fixed-size block of physical memory.\n"
    )
    path = write(tmp_path, "os.md", text)
    result = import_deck(path)
    assert [c.question for c in result.deck.cards] == ["What is paging?", "What is a frame?"]
    assert result.warnings == [
        f"{path}:5: warning: the bold line 'Design a page table for a 64-bit machine.' is "
        "not read as a question (no '?'): it stays in the answer of the card at line 1"
    ]


HOW_TO = """\
**What is a container image?**

A read-only template of layers from which containers are started.

**How do you ship a Flask app in a container?**

**Create a virtual environment**

Pin the app's packages in requirements.txt.

**Build the Docker image**

Run docker build with a tag.

**Push the image to the registry**

Run docker push with the same tag.

**Implement a health check for the app.**

Add a /health route that returns 200 when the app can reach its database.
"""


def test_bold_steps_of_a_how_to_answer_stay_in_it(tmp_path: Path) -> None:
    """Steps in bold ("**Build the Docker image**") open with a verb too, but
    end with no full stop as a task set to the player does: they stay in the
    answer (each named with its line, as any bold title left in an answer)."""
    path = write(tmp_path, "ops.md", HOW_TO)
    result = import_deck(path)
    cards = result.deck.cards
    assert [c.question for c in cards] == [
        "What is a container image?",
        "How do you ship a Flask app in a container?",
        "Implement a health check for the app.",
    ]
    assert "docker build" in cards[1].answer and "docker push" in cards[1].answer
    assert "/health" not in cards[1].answer
    assert [w.split(": warning: ")[0] for w in result.warnings] == [
        f"{path}:{line}" for line in (7, 11, 15)
    ]


def test_a_task_whose_answer_is_unlabeled_in_a_labeled_deck_stays_in_the_answer(
    tmp_path: Path,
) -> None:
    """Where every question's answer opens "- **Expected Answer**:", a bold
    sentence inside an answer with no such label under it is the answer's."""
    text = (
        "**What is an index?**\n- **Expected Answer**: A structure that finds rows fast.\n\n"
        "**Create the index before the bulk load.**\n\nIt is slower: each row updates it.\n\n"
        "**Why avoid SELECT *?**\n- **Expected Answer**: It reads columns you do not need.\n\n"
        "**Implement pagination for a large table.**\n"
        "- **Expected Answer**: Keyset pagination on an indexed column.\n"
    )
    result = import_deck(write(tmp_path, "sql.md", text))
    assert [c.question for c in result.deck.cards] == [
        "What is an index?",
        "Why avoid SELECT *?",
        "Implement pagination for a large table.",
    ]
    assert "bulk load" in result.deck.cards[0].answer
    assert [w for w in result.warnings if "Create the index" in w] != []


BARE_NUMBERS = """\
## Data Engineering

**1. What is a data lake?**
Expected Answer: A store of raw data in open file formats.

**2. Write a query that deduplicates rows by id**
Expected Answer:
```sql
SELECT DISTINCT ON (id) * FROM t ORDER BY id, updated_at DESC;
```

**3. Compare ETL and ELT**
Expected Answer: The order of the transform and the load.

**1. Extract**

Read from the sources.

**5. Outline a type 2 slowly changing dimension table**
Expected Answer: Each change adds a row with valid-from and valid-to dates.

## Streaming

**1. Explain event time and processing time**
Expected Answer: When an event happened, and when the system saw it.

**2. Design a late-data policy for a daily window**
Expected Answer: A watermark of a few hours, then late rows go to a side output.
"""


def test_bare_numbered_tasks_go_on_past_a_gap_and_start_again_under_a_heading(
    tmp_path: Path,
) -> None:
    """ "**5. Outline ...**" after "**3. ...**" (4 is missing), and "**2.
    Design ...**" of a new section: numbered as the deck's questions are,
    so each is a card. "**1. Extract**" inside answer 3 starts a list at 1
    under no new heading: it stays in that answer, named with its line."""
    path = write(tmp_path, "de.md", BARE_NUMBERS)
    result = import_deck(path)
    assert [c.question for c in result.deck.cards] == [
        "What is a data lake?",
        "Write a query that deduplicates rows by id",
        "Compare ETL and ELT",
        "Outline a type 2 slowly changing dimension table",
        "Explain event time and processing time",
        "Design a late-data policy for a daily window",
    ]
    assert "Read from the sources." in result.deck.cards[2].answer
    assert [w.split(": warning: ")[0] for w in result.warnings] == [f"{path}:15"]
