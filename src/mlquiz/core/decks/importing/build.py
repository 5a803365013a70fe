"""From a file to a deck: read it, parse it in its format, derive the key points.

`import_deck(path)` reads a file in one of `FORMATS`, turns every card into a
`Card` whose key points are derived from its answer (`grading/derive/`), and
returns a `Deck` plus the TOML text of that deck, written so a person can
refine the points by hand. Reading never raises anything but
`DeckImportError` (naming the file, and the line when there is one); cards
that cannot be used (an empty answer, a row with one field) are skipped with
a warning rather than failing a whole import of hundreds of notes.
"""

from __future__ import annotations

import gc
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from mlquiz.core import locations
from mlquiz.core.cards import Card, Deck
from mlquiz.core.cloze import cloze_cards
from mlquiz.core.decks.export import GUID_PREFIX
from mlquiz.core.decks.format import DECK_ID_RE
from mlquiz.core.decks.importing.anki import parse_anki
from mlquiz.core.decks.importing.apkg import is_package, parse_apkg
from mlquiz.core.decks.importing.csv_table import parse_csv
from mlquiz.core.decks.importing.detect import FORMATS, detect_format
from mlquiz.core.decks.importing.latex import render_latex
from mlquiz.core.decks.importing.markdown import parse_markdown
from mlquiz.core.decks.importing.mochi import parse_mochi
from mlquiz.core.decks.importing.quizlet import parse_quizlet
from mlquiz.core.decks.importing.site_text import parse_text
from mlquiz.core.decks.importing.source import Parsed, RawCard, decode, read_bytes
from mlquiz.core.decks.stream import check_written_deck
from mlquiz.core.decks.toml_writer import deck_to_toml
from mlquiz.core.errors import DeckError, DeckImportError
from mlquiz.core.fileio import NotARegularFile, create_new, output_target, write_atomic
from mlquiz.core.parallel import MIN_CHUNK, Beside
from mlquiz.core.terminal_text import without_controls


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, for the line printed after it."""

    read: int  # cards found in the file, skipped ones included
    imported: int
    skipped: dict[str, int]  # why -> how many
    points: int  # key points derived
    essential: int  # of which essential
    warnings: int
    # Text in no card, by kind ("section intro", "navigation line") -> how much.
    left_out: dict[str, int] = field(default_factory=dict)
    # What `mlquiz deck check` will warn of the derived key points (a one-word
    # answer is a point with a single phrasing): the import says it first.
    point_warnings: int = 0
    # Printed warnings already counted above as skipped cards or text left out:
    # the warning count is then "other" warnings, or "0 warnings" reads as a
    # contradiction of the lines just printed.
    counted_warnings: int = 0

    def __str__(self) -> str:
        skipped = sum(self.skipped.values())
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        left_out = ", ".join(f"{n} {what}{_s(n)}" for what, n in sorted(self.left_out.items()))
        return (
            f"read {self.read} card{_s(self.read)}: {self.imported} imported, {skipped} skipped"
            + (f" ({why})" if why else "")
            + (f"; {left_out} not imported" if left_out else "")
            + f"; {self.points} key point{_s(self.points)} derived ({self.essential} essential)"
            + f"; {self.warnings}{' other' if self.counted_warnings else ''}"
            + f" warning{_s(self.warnings)}"
            + (
                f" ({self.point_warnings} on key points:"
                " `mlquiz deck check` on the deck lists them)"
                if self.point_warnings
                else ""
            )
        )


def _s(n: int) -> str:
    return "" if n == 1 else "s"


@dataclass
class ImportResult:
    deck: Deck
    toml: str
    format: str
    warnings: list[str]
    summary: ImportSummary | None = None


def read_deck_file(
    path: str | Path,
    fmt: str = "auto",
    *,
    term_sep: str = "\t",
    card_sep: str = "\n",
    limit: int | None = None,
) -> Parsed:
    """The cards of the file at `path` (a regular file of at most `limit` bytes:
    `fileio.read_regular`): an Anki package, or text in one of `FORMATS`."""
    data = read_bytes(path, limit)
    if fmt == "apkg" or (fmt == "auto" and is_package(data)):
        parsed = parse_apkg(data, path)
        _settle_cards(parsed)
        if not parsed.cards:
            raise DeckImportError(path, None, _no_cards_message(parsed))
        return parsed
    text = decode(data, path)
    return parse_file_text(text, path, fmt, term_sep=term_sep, card_sep=card_sep)


def parse_file_text(
    text: str,
    path: str | Path,
    fmt: str = "auto",
    *,
    term_sep: str = "\t",
    card_sep: str = "\n",
) -> Parsed:
    if fmt == "apkg":
        raise DeckImportError(path, None, "not an Anki package (.apkg): the file is text")
    if fmt == "auto":
        fmt = detect_format(text, path)
    if not text.strip():
        raise DeckImportError(path, None, "the file is empty")
    if fmt == "anki":
        parsed = parse_anki(text, path)
    elif fmt == "quizlet":
        parsed = parse_quizlet(text, path, term_sep, card_sep)
    elif fmt == "csv":
        parsed = parse_csv(text, path)
    elif fmt == "markdown":
        parsed = parse_markdown(text, path)
    elif fmt == "mochi":
        parsed = parse_mochi(text, path)
    elif fmt == "text":
        parsed = parse_text(text, path)
    else:
        raise DeckImportError(
            path, None, f"unknown format {fmt!r} (formats: auto, {', '.join(FORMATS)})"
        )
    _settle_cards(parsed)
    if not parsed.cards:
        raise DeckImportError(path, None, _no_cards_message(parsed))
    return parsed


def _no_cards_message(parsed: Parsed) -> str:
    why = "; ".join(
        f"line {line}: {message}" if line else message for line, message in parsed.warnings[:3]
    )
    return f"no cards found as {parsed.format}" + (f" ({why})" if why else "")


# Answers that stand in for one not written yet ("Answer here", "TODO"): such a
# card has nothing to grade against, so it is skipped and counted.
_PLACEHOLDER = re.compile(
    r"^(?:(?:your |the )?(?:answer|solution|response)s?(?: goes| comes)?(?: here)?"
    r"|(?:add|write|insert|put|type) (?:(?:an|the|your) )?(?:answer|solution|text)(?: here)?"
    r"|todo|to do|tbd|tba|tbc|wip|fixme|xxx+|n ?a|none yet|nothing yet|coming soon|soon"
    r"|to be (?:added|written|done|completed|continued|filled(?: in)?)"
    r"|fill (?:this |it )?in(?: later)?|placeholder|lorem ipsum.*|answer pending|pending)$"
)


# Every word `_PLACEHOLDER` can start with (and "xxx", "xxxx", ...): an answer
# whose first word is none of them is no placeholder, found without reading
# all its words (a fiftieth of reading a big CSV). tests/ checks the list.
PLACEHOLDER_FIRST_WORDS = frozenset(
    """
    your the answer answers solution solutions response responses add write insert put type
    todo to tbd tba tbc wip fixme n na none nothing coming soon fill placeholder lorem pending
    """.split()
)
_PLACEHOLDER_WORD = re.compile(r"[^\W_]+")


def is_placeholder(answer: str) -> bool:
    """An answer that only stands in for one ("Answer here", "TODO", "...", "?")."""
    lowered = answer.lower()
    first = _PLACEHOLDER_WORD.search(lowered)
    if first is None:
        return True  # no word at all
    word = first.group()
    if word not in PLACEHOLDER_FIRST_WORDS and not (word.startswith("xxx") and not word.strip("x")):
        return False
    words = " ".join(_PLACEHOLDER_WORD.findall(lowered))
    return bool(_PLACEHOLDER.match(words))


# A note about the deck rather than a question: its question is the deck's
# title or a front-matter heading ("Introduction", "About this deck",
# "License"; a parenthesis every card carries aside), and its answer speaks of
# the deck itself or its licence. Both must hold: "License" in a law deck, or
# "Introduction" answered about anything but the deck, stay cards.
_FRONT_MATTER = re.compile(
    r"(?:introduction|intro|about(?: (?:this|the) (?:deck|collection|cards))?|read ?me|welcome"
    r"|credits|licen[cs]e|copyright|preface|instructions|notes on (?:this|the) deck"
    r"|how to use(?: (?:this|the) (?:deck|collection|cards))?)",
    re.IGNORECASE,
)
_ABOUT_THE_DECK = re.compile(
    r"\b(?:this|the|these) (?:anki )?(?:deck|collection|flash ?cards)\b|\blicen[cs]ed under\b"
    r"|\bcreative commons\b|\ball rights reserved\b",
    re.IGNORECASE,
)
# It starts only where a run of spaces starts (`(?<!\s)`): tried at each space
# of a run, each try read on to its end ("!", 10,000 spaces and "x" as a
# question: 0.14 s each time, quadratic). What it matches is unchanged.
_TRAILING_PARENTHESIS = re.compile(r"(?<!\s)\s*+\([^()]*+\)\s*+$")


def is_deck_note(question: str, answer: str, title: str = "") -> bool:
    """Is this card the deck's introduction, licence or instructions (see above)?"""
    heading = " ".join(_TRAILING_PARENTHESIS.sub("", question).strip(" :.#*").split())
    is_heading = _FRONT_MATTER.fullmatch(heading) is not None or (
        bool(title.strip()) and heading.lower() == " ".join(title.split()).lower()
    )
    return is_heading and _ABOUT_THE_DECK.search(answer) is not None


def _settle_cards(parsed: Parsed) -> None:
    """Formulas written as text; placeholders and notes about the deck skipped, counted."""
    kept = []
    # In Markdown (Mochi's too) "\\[1\\]" is an escaped bracket, not MathJax.
    mathjax = parsed.format not in ("markdown", "mochi")
    for card in parsed.cards:
        # A card is copied only when a formula changed it (a frozen RawCard: the
        # copy of each of 100,000 cards was a fifth of reading a big CSV).
        if not card.cloze:
            question = render_latex(card.question, mathjax=mathjax)
            answer = render_latex(card.answer, mathjax=mathjax)
            hint = render_latex(card.hint, mathjax=mathjax)
            if question is not card.question or answer is not card.answer or hint is not card.hint:
                card = replace(card, question=question, answer=answer, hint=hint)
        else:
            extra = render_latex(card.extra, mathjax=mathjax)
            if extra is not card.extra:
                card = replace(card, extra=extra)
        where = card.line or None
        if not card.cloze and is_placeholder(card.answer):
            text = " ".join(card.answer.split())[:40]
            parsed.skip(where, "placeholder answer", f"the answer {text!r} is a placeholder")
        elif not card.cloze and is_deck_note(card.question, card.answer, parsed.title):
            text = " ".join(card.question.split())[:60]
            parsed.skip(
                where,
                "note about the deck",
                f"{text!r} is a note about the deck (its introduction, licence or "
                "instructions), not a question",
            )
        else:
            kept.append(card)
    parsed.cards = kept
    _warn_repeated_questions(parsed)


def _warn_repeated_questions(parsed: Parsed) -> None:
    """A question asked again by a later card (case and spacing aside) is named
    with both places, as Anki flags a duplicate: both cards are kept (their
    answers may differ), but in play the player cannot tell them apart."""
    first: dict[str, RawCard] = {}
    for card in parsed.cards:
        if card.cloze:
            continue
        key = " ".join(card.question.lower().split())
        if key not in first:
            first[key] = card
            continue
        earlier = first[key]
        # A package's notes have no line: they are named by their place.
        where = f"line {earlier.line}" if earlier.line else f"place {earlier.position}"
        parsed.warnings.append(
            (
                card.line or None,
                f"the question of the card at {where} asked again"
                + ("" if card.line else f" by the card at place {card.position}")
                + "; both cards are kept",
            )
        )


def slug(text: str) -> str:
    """A deck id made from a title or file name: lowercase words joined by '-'."""
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words)[:60].strip("-") or "imported"


def _card_ids(cards: list[RawCard]) -> list[str]:
    """Each card's own id from the file when it has a distinct one, else a number.

    Numbers count the cards (1, 2, 3, ...), skipping any the file already
    uses as an id. GUIDs written by `mlquiz export` (`mlquiz:<deck>:<card>`)
    give back the card ids they were made from.
    """
    given = [c.source_id.strip() for c in cards]
    if given and all(i.startswith(GUID_PREFIX) and i.count(":") >= 2 for i in given):
        given = [i.split(":", 2)[2].strip() for i in given]
    counts: dict[str, int] = {}
    for card_id in given:
        counts[card_id] = counts.get(card_id, 0) + 1
    ids: list[str] = []
    taken = {i for i in given if i and counts[i] == 1}
    for index, (card, card_id) in enumerate(zip(cards, given, strict=True), start=1):
        if card_id and counts[card_id] == 1:
            ids.append(card_id)
            continue
        # The card's place in the file, skipped cards counted: ids stay put
        # when a placeholder is filled in and the file imported again.
        number = card.position or index
        while str(number) in taken:
            number += len(given)
        taken.add(str(number))
        ids.append(str(number))
    return ids


def _own_texts(parsed: Parsed) -> list[str]:
    """Each card's answer as derivation reads it: markup out, and without the
    lines many answers of the deck repeat (a site's footer). A card left with
    no text of its own (an image and the footer) is skipped and counted; a
    cloze note keeps its place (with no text: its blanks are its answers)."""
    from mlquiz.core.grading.derive.clean import clean_text, repeated_lines, without_lines

    # An answer's own sub-headings ("#### Types") are its structure, no idea;
    # an answer that is nothing but a heading keeps it. Fenced code is read as
    # the names it calls, not line by line (`derive/code.py`).
    clean = [
        clean_text(card.answer, headings=False, code_names=True)
        or clean_text(card.answer, code_names=True)
        for card in parsed.cards
    ]
    repeated = repeated_lines(
        text for card, text in zip(parsed.cards, clean, strict=True) if not card.cloze
    )
    kept: list[RawCard] = []
    texts: list[str] = []
    for card, text in zip(parsed.cards, clean, strict=True):
        own = without_lines(text, repeated)
        if card.cloze:  # its blanks are its answers (core/cloze.py)
            kept.append(card)
            texts.append("")
        elif own.strip():
            kept.append(card)
            texts.append(own)
        else:
            where = card.line or None
            parsed.skip(
                where,
                "no answer text",
                "the answer has no text of its own (only media, markup or a line "
                "many answers repeat)",
            )
    parsed.cards = kept
    return texts


def build_deck(
    parsed: Parsed, path: str | Path, deck_id: str | None = None, title: str | None = None
) -> Deck:
    """The deck of the parsed cards, with key points derived from the answers.

    The id, unless given, is made from the title: the one given, else the
    file's own (a Markdown heading), else the file's name. So `--title "Spark
    bits"` makes the deck `spark-bits`, and two files both called quizlet.txt
    import side by side under their titles.
    """
    stem = Path(path).stem
    named = (title or "").strip()
    title = (named or parsed.title or stem.replace("_", " ").replace("-", " ")).strip()
    title = title or "Imported deck"
    deck_id = deck_id or slug(named or parsed.title or stem)
    if not DECK_ID_RE.match(deck_id):
        raise DeckImportError(
            path, None, f"deck id {deck_id!r} may only contain letters, digits, '-' and '_'"
        )
    # Imported here, not at the top: the CLI imports this module (for FORMATS)
    # whenever it builds its subcommands' parser, and derivation loads the
    # grader's rapidfuzz and stemmer, which `mlquiz stats` or `export` never need.
    from mlquiz.core.grading.derive.clean import without_heading_marks
    from mlquiz.core.grading.derive.points import derive_deck_points

    texts = _own_texts(parsed)
    ids = _card_ids(parsed.cards)
    basic = [(c.question, t) for c, t in zip(parsed.cards, texts, strict=True) if not c.cloze]
    derived = derive_deck_points(basic)
    derived_points = iter(derived.cards)
    cards: list[Card] = []
    for card_id, raw in zip(ids, parsed.cards, strict=True):
        if raw.cloze:
            # A cloze note: one card per blank number, graded against its blanks.
            cards.extend(
                cloze_cards(card_id, raw.cloze, hint=raw.hint, tags=raw.tags, extra=raw.extra)
            )
            continue
        points = next(derived_points)
        cards.append(
            Card(
                id=card_id,
                question=raw.question,
                # Headings shown as their words, without the `#` marks.
                answer=without_heading_marks(raw.answer),
                points=points.points,
                hint=raw.hint,
                tags=raw.tags,
                ordered=points.ordered,
                vague=points.vague,
                derived=True,
            )
        )
    count = len(cards)
    description = (
        f"Imported from {without_controls(Path(path).name)} ({parsed.format} format, {count} "
        f"card{'s' if count != 1 else ''}); key points derived from the answers."
    )
    return Deck(
        id=deck_id,
        title=title,
        description=description,
        cards=tuple(cards),
        glossary=derived.glossary,
    )


def import_deck(
    path: str | Path,
    fmt: str = "auto",
    *,
    deck_id: str | None = None,
    title: str | None = None,
    term_sep: str = "\t",
    card_sep: str = "\n",
    limit: int | None = None,
) -> ImportResult:
    """Read `path` (a regular file of at most `limit` bytes: `fileio.read_regular`),
    build the deck and its TOML; the TOML is checked by the loader."""
    with _no_cycle_collection():
        return _import_deck(path, fmt, deck_id, title, term_sep, card_sep, limit)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while an import runs. An import builds
    millions of small objects that live until it ends (cards, phrases, word
    caches), and every full collection walks all of them again: a 30,000-row
    CSV took a third longer with it on, and more the bigger the file. What an
    import throws away is freed by reference counting; the collector runs
    again as soon as the import is over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                # What the import made, and kept (the deck, word caches), straight
                # into the oldest generation: else the first young collection walks
                # every object made while the collector was off (0.12 s for 10,000
                # rows), and the next middle one walks them again. Not when some
                # other code froze objects: `unfreeze` would thaw them too.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _import_deck(
    path: str | Path,
    fmt: str,
    deck_id: str | None,
    title: str | None,
    term_sep: str,
    card_sep: str,
    limit: int | None,
) -> ImportResult:
    parsed = read_deck_file(path, fmt, term_sep=term_sep, card_sep=card_sep, limit=limit)
    _strip_controls(parsed)
    deck = build_deck(parsed, path, deck_id, title)
    from mlquiz.core.grading.lint import lint_deck

    # The lint's count in a child of its own (`parallel`) while this process
    # writes the TOML and reads it back: neither needs the other.
    with Beside(lambda: len(lint_deck(deck)), worth=len(deck.cards) >= MIN_CHUNK) as lint:
        toml = deck_to_toml(
            deck, header=f"Imported by mlquiz from {without_controls(Path(path).name)}."
        )
        try:
            # Loaded as the loader would load it (the same error, if any).
            check_written_deck(toml, f"<deck imported from {path}>")
        except DeckError as exc:  # a bug of ours, not of the user's file
            message = f"the imported deck does not validate: {exc}"
            raise DeckImportError(path, None, message) from None
        point_warnings = lint.result()
    warnings = [
        f"{path}:{line}: warning: {message}" if line else f"{path}: warning: {message}"
        for line, message in parsed.warnings
    ]
    summary = ImportSummary(
        read=len(parsed.cards) + sum(parsed.skipped.values()),
        imported=len(deck.cards),
        skipped=dict(parsed.skipped),
        points=sum(len(c.points) for c in deck.cards),
        essential=sum(len(c.required_points) for c in deck.cards),
        warnings=len(warnings)
        - sum(parsed.skipped.values())
        - parsed.left_out_warnings
        + point_warnings,
        left_out=dict(parsed.left_out),
        point_warnings=point_warnings,
        counted_warnings=sum(parsed.skipped.values()) + parsed.left_out_warnings,
    )
    return ImportResult(
        deck=deck, toml=toml, format=parsed.format, warnings=warnings, summary=summary
    )


def _strip_controls(parsed: Parsed) -> None:
    """Take escape sequences and control characters out of every field read, so
    the deck never carries them to a terminal (tab and newline stay), and say so."""
    cleaned: list[RawCard] = []
    changed: list[int] = []
    for card in parsed.cards:
        texts = (card.question, card.answer, card.hint, card.source_id, card.cloze, card.extra)
        cleaned_texts = tuple(map(without_controls, texts))
        tags = tuple(t for t in map(without_controls, card.tags) if t.strip())
        if tags == card.tags and all(map(operator.is_, cleaned_texts, texts)):
            cleaned.append(card)  # nothing to take out (`without_controls` gave each back)
            continue
        question, answer, hint, source_id, cloze, extra = cleaned_texts
        clean = replace(
            card,
            question=question,
            answer=answer,
            hint=hint,
            tags=tags,
            source_id=source_id,
            cloze=cloze,
            extra=extra,
        )
        if clean != card:
            changed.append(card.line)
        cleaned.append(clean)
    parsed.cards = cleaned
    title = without_controls(parsed.title)
    if title != parsed.title:
        parsed.title = title
        parsed.warnings.append((None, "control characters removed from the title"))
    if changed:
        cards = "1 card" if len(changed) == 1 else f"{len(changed)} cards"
        parsed.warnings.append(
            (changed[0], f"control characters and escape sequences removed from {cards}")
        )


def user_deck_path(deck_id: str) -> Path:
    """Where an imported deck goes by default: the user's decks folder."""
    return locations.user_decks_dir() / f"{deck_id}.toml"


def write_deck_file(toml: str, path: str | Path, force: bool = False) -> Path:
    """Write the deck's TOML to `path`, refusing to replace a file unless `force`.

    The file is written whole or not at all (`fileio`), so a crash never
    leaves half a deck where the game would find it; without `force` an
    existing file is never replaced, even one that appears meanwhile, and
    with it only a regular file is (a symbolic link's file, not the link).
    """
    target = Path(path)
    if target.is_dir():
        raise DeckImportError(target, None, "is a directory")
    if (target.exists() or target.is_symlink()) and not force:
        raise DeckImportError(target, None, "already exists (use --force to replace it)")
    try:
        # Never a device (/dev/null), a FIFO...: only a regular file is replaced.
        target = output_target(target)
    except NotARegularFile as exc:
        raise DeckImportError(target, None, str(exc.strerror)) from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if force:
            write_atomic(target, toml)
        else:
            create_new(target, toml)
    except FileExistsError:
        raise DeckImportError(target, None, "already exists (use --force to replace it)") from None
    except OSError as exc:
        raise DeckImportError(target, None, f"cannot write: {exc.strerror or exc}") from None
    return target
