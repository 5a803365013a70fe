"""Teaching the grader: taught wordings, and cards edited in the game.

`Teaching` is what the game (through `GameService.teaching`), `mlquiz
wording` and `mlquiz deck reset` use. Teaching a wording:

- refuses, with the reason, an empty text, one over `MAX_WORDING_CHARS`,
  one with no word the grader can match, a card that does not exist, and an
  accepted wording covering no key point;
- warns when an accepted wording is also an answer elsewhere in the deck
  (it says all of another card's points, or another card's known mix-up,
  or the player marked answers like it wrong for another card): it is kept
  for its own card only, which is how the grader uses it anyway;
- warns when, even accepted, the wording is not graded correct (it negates
  a point or says the card's own mix-up: those checks still decide);
- stores it (`store/wordings.py`) and gives the deck's grader the deck's
  wordings again, so the next answer is graded with it.

A wording whose card has left its deck is kept, listed as orphaned, and
ignored by grading (`grading/wordings.py`).

Editing a card: `grade_draft` grades the answer against the card as edited so
far, `save_card` refuses an edit that cannot be saved (`decks/editing.py`
says why) or writes it (the player's deck file, or a built-in deck's
overlay), then plays on with the deck as it is now: the registry, the
grader (and its cache, keyed by the deck's content) and the running session
take the edited card; answers given before keep their verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlquiz.core.cards import Card, Deck, card_digest
from mlquiz.core.clock import Clock
from mlquiz.core.errors import CardEditError, StorageError
from mlquiz.core.format import plural
from mlquiz.core.verdicts import Verdict
from mlquiz.core.wording import Wording, WordingError, WordingKind, clean_text

if TYPE_CHECKING:
    from mlquiz.core.decks.editing import CardEdit, SavedEdit
    from mlquiz.core.decks.registry import DeckRegistry
    from mlquiz.core.grading.grader import Grader
    from mlquiz.core.grading.results import GradeResult
    from mlquiz.core.session import Session
    from mlquiz.core.store.database import Store

# How the grader begins a verdict "this answers card X, not this one" (its judge's
# `answers_another_card`). Taught for a card, a wording graded so on another says
# only that it answers a card: the one it is taught for (no news), or one that
# "It also answers card ..." names already. Not warned about as a wrong answer.
ANSWERS_ANOTHER_CARD = "That answers another question:"

# A word inside code ("fs.create_table(", "log_model") names an API, not an idea
# said in prose: such words never show a mix-up in a wording (issue: accepting
# "fs.create_table ..." warned that it is "company history" for another card,
# through the "create" of "create_table" matching a mix-up's "created by").
CODE_CHUNK_RE = re.compile(r"\S*\w(?:[._]\w|\()\S*")
# How many words may come between two words of a mix-up's phrasing ("..." : more).
MIXUP_GAP, MIXUP_FAR_GAP = 3, 8


@dataclass(frozen=True)
class Lesson:
    """What teaching one wording came to: the wording as stored, and what to tell the
    player about it."""

    wording: Wording
    warnings: tuple[str, ...] = ()
    # It replaced the same text taught the other way (accepted after rejected).
    replaced: bool = False
    # Accepted, but the grader still does not grade it correct (a negation, the
    # card's own mix-up or a false claim still decides): the verdict an answer like
    # it gets from now on and the grader's reason. None when it is graded correct.
    still_graded: Verdict | None = None
    why_still: str = ""
    # What decides it then is one of the card's false claims, which the game's card
    # editor does not edit (its key points and mix-ups it does).
    still_by_false_claim: bool = False

    @property
    def takes_effect(self) -> bool:
        """Whether answers like the wording are graded as taught from now on."""
        return self.still_graded is None


@dataclass(frozen=True)
class WordingTicks:
    """Key points a grade ticks because an accepted wording says them (see
    `Teaching.wording_ticks`): the day it was taught ("6 Dec") and their labels."""

    day: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class WordingEntry:
    """One taught wording as `mlquiz wording list` shows it."""

    wording: Wording
    question: str  # its card's question; "" when the card is gone
    # Why grading ignores it now ("" when it does not): an orphan, or a wording
    # whose ticked points the card no longer has.
    ignored: str = ""


@dataclass
class ImportReport:
    added: int = 0
    present: int = 0
    orphans: int = 0  # of those added, wordings of cards not installed
    problems: list[str] = field(default_factory=list)

    def summary(self, path: Path | str) -> list[str]:
        """What the command line says about the import, a line each."""
        line = f"imported {plural(self.added, 'wording')} from {path}"
        if self.present:
            line += f", {self.present} already there"
        lines = [line]
        if self.orphans:
            lines.append(
                f"{plural(self.orphans, 'wording')} for cards not installed here: kept as "
                "orphans, ignored by grading (`mlquiz wording list` shows them)"
            )
        return lines


class Teaching:
    """The player's taught wordings, over the store and the decks (see the module docstring).

    `store()` opens the database when first needed; `registry` is the game's
    decks and graders.
    """

    def __init__(
        self,
        store: Callable[[], Store],
        registry: DeckRegistry,
        clock: Clock,
        tz: tzinfo | None = None,
    ) -> None:
        self._store = store
        self.registry = registry
        self.clock = clock
        self.tz = tz
        # deck id -> (the grader given them, what it was given), so that a
        # session start hands a grader the deck's wordings only when they changed.
        self._given: dict[str, tuple[int, tuple[Any, ...]]] = {}

    # -- the grader ---------------------------------------------------------------

    def attach(self, deck: Deck, grader: Any, force: bool = False) -> None:
        """Give `grader` (the deck's) the deck's taught wordings, if they changed.

        A grader that takes none (a test's fake) is left alone; a database that
        cannot be read means grading without them (the game says so elsewhere).
        """
        use = getattr(grader, "use_wordings", None)
        if use is None:
            return
        try:
            wordings = self._store().wordings(deck.id)
        except StorageError:
            return
        version = tuple((w.id, w.kind, w.points) for w in wordings)
        if not force and self._given.get(deck.id) == (id(grader), version):
            return
        use(wordings, self.tz)
        self._given[deck.id] = (id(grader), version)

    # -- teaching -------------------------------------------------------------------

    def teach(
        self,
        deck_id: str,
        card_id: str,
        text: str,
        kind: WordingKind | str,
        points: Sequence[str] | None = None,
    ) -> Lesson:
        """Check and store a wording of card `card_id`; raises WordingError saying why
        it cannot be taught (nothing is stored then). `points` are the labels an
        accepted wording covers (None: every essential point)."""
        kind = WordingKind(kind)
        deck, card = self._card(deck_id, card_id)
        if card.cloze is not None:
            raise WordingError(
                f"Card {card.id} is a cloze card: it is graded against its blank, which a "
                "wording cannot change (the blank's own words decide)."
            )
        text = clean_text(text)
        covered = self._points(card, kind, points)
        grader: Grader = self.registry.grader(deck)  # type: ignore[assignment]
        if not any(not t.stop for t in grader.tokens(text)):
            raise WordingError(
                "The wording has no word the grader can match, only words such as "
                "'the' or 'it': say what the answer is."
            )
        warnings = self._elsewhere(grader, deck, card, text) if kind == WordingKind.ACCEPTED else []
        wording = Wording(deck.id, card.id, kind, text, self.clock(), covered, card_digest(card))
        stored, replaced = self._store().add_wording(wording)
        self.attach(deck, grader, force=True)
        if kind == WordingKind.ACCEPTED:
            # Kept all the same: it is the player's evidence, and an edit of the card
            # (its points or mix-ups) may let it decide later.
            result = grader.grade(card, text)
            if result.verdict != Verdict.CORRECT:
                why = " ".join(result.reasons) or f"graded {result.verdict}"
                verdict = Verdict(result.verdict)
                by_claim = bool(result.false_claim) and not result.confusion
                return Lesson(stored, tuple(warnings), replaced, verdict, why, by_claim)
        return Lesson(stored, tuple(warnings), replaced)

    def forget(self, deck_id: str, card_id: str, text: str, kind: WordingKind | None = None) -> int:
        """Remove the card's taught wordings with this text (of `kind`, or both);
        returns how many. The text is compared as stored (NFC, no surrounding blanks)."""
        try:
            cleaned = clean_text(text)
        except WordingError:
            return 0
        removed = self._store().remove_wordings(deck_id, card_id, cleaned, kind)
        if removed:
            self._refresh(deck_id)
        return removed

    def taught(self, deck_id: str, card_id: str, text: str) -> Wording | None:
        """The wording of the card with exactly this text, if one was taught."""
        try:
            cleaned = clean_text(text)
        except WordingError:
            return None
        for wording in self._store().wordings(deck_id, card_id):
            if wording.text == cleaned:
                return wording
        return None

    def _refresh(self, deck_id: str) -> None:
        try:
            deck = self.registry.deck(deck_id)
        except KeyError:
            return
        self.attach(deck, self.registry.grader(deck), force=True)

    def _card(self, deck_id: str, card_id: str) -> tuple[Deck, Card]:
        try:
            deck = self.registry.deck(deck_id)
        except KeyError:
            known = ", ".join(d.id for d in self.registry.decks()) or "none"
            raise WordingError(f"There is no deck {deck_id!r} (decks: {known}).") from None
        try:
            return deck, deck.card(card_id)
        except KeyError:
            raise WordingError(f"Deck {deck.id!r} has no card {card_id!r}.") from None

    @staticmethod
    def _points(card: Card, kind: WordingKind, points: Sequence[str] | None) -> tuple[str, ...]:
        """The labels to store: () for the default (every essential point)."""
        if kind == WordingKind.REJECTED or points is None:
            return ()
        labels = [p.label for p in card.points]
        unknown = [p for p in points if p not in labels]
        if unknown:
            raise WordingError(
                f"Card {card.id} has no key point {unknown[0]!r} (its points: "
                + ", ".join(repr(label) for label in labels)
                + ")."
            )
        if not points:
            raise WordingError(
                "Tick at least one key point the wording says: accepted, it counts as saying them."
            )
        chosen = tuple(label for label in labels if label in points)
        essential = tuple(p.label for p in card.points if p.required)
        return () if chosen == essential else chosen

    def _elsewhere(self, grader: Grader, deck: Deck, card: Card, text: str) -> list[str]:
        """Where else in the deck the wording is an answer, right or wrong."""
        from mlquiz.core.grading.wordings import says_the_same

        warnings = []
        stems = {t.stem for t in grader.tokens(text) if not t.stop}
        for other in deck.cards:
            if other.id == card.id or not grader.cards[other.id].live_patterns(stems):
                continue
            result = grader.grade(other, text, wordings=False)
            if result.verdict == Verdict.CORRECT:
                warnings.append(f"It also answers card {other.id} (“{other.question}”).")
            elif (
                result.confusion
                and not result.confusion.startswith(ANSWERS_ANOTHER_CARD)
                and says_mixup(grader, other, result.confusion, text)
            ):
                warnings.append(
                    f"For card {other.id} (“{other.question}”) it is a wrong answer: "
                    f"{result.confusion}"
                )
        for wording in self._store().wordings(deck.id):
            if (
                wording.kind == WordingKind.REJECTED
                and wording.card_id != card.id
                and says_the_same(grader.reader, text, wording.text)
            ):
                warnings.append(f"You marked answers like this wrong for card {wording.card_id}.")
        if warnings:
            warnings.append(f"It is kept for card {card.id} only.")
        return warnings

    # -- card edits -------------------------------------------------------------------

    def grade_draft(self, deck_id: str, card: Card, answer: str) -> GradeResult:
        """`answer` graded against `card`, an edit of one of the deck's cards not yet saved."""
        deck = self.registry.deck(deck_id)
        grader = self.registry.grader(deck)
        self.attach(deck, grader)
        draft = getattr(grader, "grade_draft", None)
        if draft is None:  # a test's fake grader
            return grader.grade(card, answer)
        result: GradeResult = draft(card, answer)
        return result

    def wording_ticks(
        self, deck_id: str, card: Card, answer: str, result: GradeResult
    ) -> WordingTicks | None:
        """The accepted wording behind key points `result` ticks with no words of the
        answer, when the grader refuses the answer all the same (the wording made the
        points, not the verdict: `result.wording` is None and its reasons do not name
        it), so that a tick beside "Incorrect" says where it comes from. None when no
        accepted wording of the card says what `answer` says."""
        from mlquiz.core.grading.wordings import says_the_same, taught_day
        from mlquiz.core.verdicts import FOUND

        if result.wording is not None:
            return None  # the reasons name it already
        reader = getattr(self.registry.grader(self.registry.deck(deck_id)), "reader", None)
        if reader is None:  # a test's fake grader
            return None
        try:
            wordings = self._store().wordings(deck_id, card.id)
        except StorageError:
            return None
        for wording in sorted(wordings, key=lambda w: -w.id):  # the newest first
            if wording.kind != WordingKind.ACCEPTED or not says_the_same(
                reader, answer, wording.text
            ):
                continue
            covered = set(wording.points) or {p.label for p in card.points if p.required}
            labels = tuple(
                p.label
                for p in result.points
                if p.status == FOUND and p.span is None and not p.words and p.label in covered
            )
            return WordingTicks(taught_day(wording.taught_at, self.tz), labels) if labels else None
        return None

    def check_edit(self, deck_id: str, card: Card) -> list[str]:
        """Why the edit cannot be saved (empty: it can)."""
        from mlquiz.core.decks.editing import card_problems

        grader = self.registry.grader(self.registry.deck(deck_id))
        compile_phrase = getattr(grader, "compile_phrase", None)
        return card_problems(card, compile_phrase)[0]

    def save_card(self, deck_id: str, edit: CardEdit, session: Session | None = None) -> SavedEdit:
        """Save an edited card (see the module docstring); raises CardEditError saying
        why it cannot be, having written nothing."""
        from mlquiz.core.decks.editing import save_card

        problems = self.check_edit(deck_id, edit.card)
        if problems:
            raise CardEditError(" ".join(problems))
        saved = save_card(self.registry.deck(deck_id), edit, self.clock())
        self.registry.add(saved.deck)
        grader = self.registry.grader(saved.deck)
        self.attach(saved.deck, grader, force=True)
        if session is not None and session.deck.id == saved.deck.id:
            session.adopt(saved.deck, grader)
        return saved

    def reset_deck(self, deck_id: str) -> Path | None:
        """Drop the player's edits to a built-in deck (the overlay goes to the deck
        backups); returns where it went, or None when there were none."""
        from mlquiz.core.decks.editing import reset_edits

        moved = reset_edits(deck_id, self.clock())
        if moved is not None:
            self.registry.reload()
        return moved

    def older_answers(self, deck_id: str, card: Card) -> int:
        """How many stored answers to `card` were graded on an older version of it."""
        current = card_digest(card)
        return sum(
            n
            for _, card_id, digest, n in self._store().card_versions(deck_id)
            if card_id == card.id and digest != current
        )

    # -- listing, import, export ------------------------------------------------------

    def entries(self, deck_id: str | None = None, card_id: str | None = None) -> list[WordingEntry]:
        """The taught wordings, oldest first, each with its card's question and, when
        grading ignores it, why."""
        decks = {deck.id: deck for deck in self.registry.decks()}
        out = []
        for wording in self._store().wordings(deck_id, card_id):
            deck = decks.get(wording.deck_id)
            card = _find(deck, wording.card_id)
            ignored = ""
            if deck is None:
                ignored = f"orphaned: no deck {wording.deck_id!r} is installed"
            elif card is None:
                ignored = f"orphaned: deck {deck.id!r} has no card {wording.card_id!r} now"
            elif wording.points and not set(wording.points) & {p.label for p in card.points}:
                ignored = "covers no key point the card has now"
            out.append(WordingEntry(wording, card.question if card else "", ignored))
        return out

    def import_wordings(self, wordings: Iterable[Wording]) -> ImportReport:
        """Store wordings read from a file; those already there are left as they are."""
        wordings = list(wordings)
        added, present = self._store().add_wordings(wordings)
        known = {(d.id, c.id) for d in self.registry.decks() for c in d.cards}
        report = ImportReport(added=added, present=present)
        report.orphans = sum((w.deck_id, w.card_id) not in known for w in wordings)
        for deck_id in {w.deck_id for w in wordings}:
            self._refresh(deck_id)
        return report

    def import_file(self, path: Path | str) -> ImportReport:
        """Read a wordings file (JSON or CSV, as `mlquiz export --what wordings` writes
        one) and store its wordings; the rows it cannot read are in `problems`."""
        from mlquiz.core.fileio import read_regular
        from mlquiz.core.wordings_file import loads

        try:
            # A regular file within the read limit (never a FIFO, a device or 6 GB).
            text = read_regular(path).decode("utf-8")
        except OSError as exc:
            raise WordingError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise WordingError(f"{path}: not UTF-8 text: save it as UTF-8") from None
        read = loads(text, self.clock())
        report = self.import_wordings(read.wordings) if read.wordings else ImportReport()
        report.problems = [f"{path}: {problem}" for problem in read.problems]
        return report

    def export_text(
        self, fmt: str, deck_id: str | None = None, formula_guard: bool = True
    ) -> tuple[str, int]:
        """The taught wordings (of one deck) as a JSON or CSV file's text, and how many
        (`formula_guard`: see `wordings_file`)."""
        from mlquiz.core.wordings_file import dumps

        entries = self.entries(deck_id)
        questions = {id(e.wording): e.question for e in entries}
        wordings = [e.wording for e in entries]
        text = dumps(wordings, fmt, lambda w: questions.get(id(w), ""), formula_guard)
        return text, len(wordings)


def says_mixup(grader: Grader, card: Card, message: str, text: str) -> bool:
    """Whether `text` says, in prose, one of the phrasings of `card`'s mix-up with
    this message: each of its words in order, the small ones ("by", "of") too, none
    inside code. The grader reads a phrasing without its small words and a word by
    its stem, which for an answer to the card is right; for a warning about a
    wording taught elsewhere it made "created by" of "fs.create_table".
    """
    code = [m.span() for m in CODE_CHUNK_RE.finditer(text)]
    stems = [
        t.stem
        for t in grader.reader.tokens(text)
        if not any(start <= t.start and t.end <= end for start, end in code)
    ]
    for confusion in card.confusions:
        if confusion.message.strip() != message.strip():
            continue
        for phrasing in confusion.phrases:
            slots = _phrasing_slots(grader, phrasing)
            if slots and any(_says_from(stems, i, slots) for i in range(len(stems))):
                return True
    return False


def _phrasing_slots(grader: Grader, phrasing: str) -> list[tuple[list[tuple[str, ...]], int]]:
    """A phrasing ("started|founded|created by") as slots of alternatives, each the
    stems of its words, with the gap allowed before the slot."""
    from mlquiz.core.text import stem

    slots: list[tuple[list[tuple[str, ...]], int]] = []
    gap = MIXUP_GAP
    for raw in phrasing.split():
        if raw == "...":
            gap = MIXUP_FAR_GAP
            continue
        alternatives = [
            tuple(stem(w) for w in grader.reader.phrase_words(alt)) for alt in raw.split("|")
        ]
        alternatives = [a for a in alternatives if a]
        if alternatives:
            slots.append((alternatives, gap))
        gap = MIXUP_GAP
    return slots


def _says_from(stems: list[str], at: int, slots: list[tuple[list[tuple[str, ...]], int]]) -> bool:
    """Whether the slots match `stems` with the first one starting at `at`."""
    alternatives, _ = slots[0]
    for words in alternatives:
        end = at + len(words)
        if tuple(stems[at:end]) != words:
            continue
        if len(slots) == 1:
            return True
        gap = slots[1][1]
        if any(
            _says_from(stems, nxt, slots[1:]) for nxt in range(end, min(end + gap + 1, len(stems)))
        ):
            return True
    return False


def _find(deck: Deck | None, card_id: str) -> Card | None:
    if deck is None:
        return None
    try:
        return deck.card(card_id)
    except KeyError:
        return None


def stored_wordings(database: Path, deck_id: str) -> list[Wording]:
    """The deck's taught wordings from the database at `database`, for `mlquiz grade`:
    none when there is no database yet (reading must not make one)."""
    if not database.exists():
        return []
    from mlquiz.core.store.database import Store

    with Store(database) as store:
        return store.wordings(deck_id)
