"""Saving a card edited in the game: the deck file changed in place, its layout kept.

`save_card` writes one card's question, reference answer, hint, key points
and confusions:

- to the player's own deck file, changing only what was edited (tomlkit:
  comments, key order and the rest of the file stay as they were), after
  copying the file as it was to `backups/decks/`;
- for a built-in deck, to its overlay (`overlay.py`) in the data directory,
  never to the packaged file.

The file is read again just before it is written, so a card edited by
another mlquiz (or by hand) meanwhile keeps that edit; the new text must
load as a deck before it replaces the old (`fileio.write_atomic`: whole or
not at all). `card_problems` says why an edit cannot be saved (no essential
point, an empty question, a phrase with no word to match, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mlquiz.core import locations
from mlquiz.core.cards import Card, Deck
from mlquiz.core.clock import stamp
from mlquiz.core.errors import CardEditError, DeckError
from mlquiz.core.fileio import create_new, free_path, write_atomic


@dataclass(frozen=True)
class CardEdit:
    """A card as edited, and where its parts came from.

    `point_origins[i]` is the index, in the card as it was, of the key point
    that edited point `i` was (None: a new one), so the point's table in the
    file (and its comments) moves with it; the same for confusions. Empty
    tuples mean "by position".
    """

    card: Card
    point_origins: tuple[int | None, ...] = ()
    confusion_origins: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class SavedEdit:
    """A saved edit: the deck as it is now, the file written, the copy of what it
    replaced (None for a new overlay), and warnings that did not stop the save."""

    deck: Deck
    card: Card
    path: Path
    backup: Path | None
    overlay: bool
    warnings: tuple[str, ...] = ()


PhraseCompiler = Callable[[str], Sequence[Any]]


def card_problems(
    card: Card, compile_phrase: PhraseCompiler | None = None
) -> tuple[list[str], list[str]]:
    """(why the edit cannot be saved, warnings): the first list empty means it can."""
    problems: list[str] = []
    warnings: list[str] = []
    if card.cloze is not None:
        # Its question and answer are made from the note's {{c1::...}} text.
        problems.append("A cloze card is made from its note's text: edit the note in its deck.")
        return problems, warnings
    if not card.question.strip():
        problems.append("The question is empty.")
    if not card.answer.strip():
        problems.append("The reference answer is empty.")
    if not card.points:
        problems.append("The card has no key point: an answer is graded by its key points.")
    elif not any(p.required for p in card.points):
        problems.append(
            "No key point is essential, so no answer could ever be graded correct: "
            "make at least one point essential."
        )
    seen: set[str] = set()
    for n, point in enumerate(card.points, start=1):
        name = f"Key point {n}" + (f" ({point.label!r})" if point.label.strip() else "")
        if not point.label.strip():
            problems.append(f"{name} has no label (the learner sees it as found or missed).")
        elif point.label in seen:
            problems.append(f"Two key points are labelled {point.label!r}.")
        seen.add(point.label)
        if not point.phrases:
            problems.append(f"{name} has no phrasing: give at least one wording that says it.")
        for phrase in point.phrases:
            if compile_phrase is not None and not compile_phrase(phrase):
                problems.append(
                    f"{name}: the phrasing {phrase!r} has no word the grader can match "
                    "(only words such as 'the' or 'of')."
                )
    for n, confusion in enumerate(card.confusions, start=1):
        if not confusion.phrases:
            problems.append(f"Mix-up {n} has no phrasing.")
        if not confusion.message.strip():
            problems.append(f"Mix-up {n} has no message (what the learner is told).")
    return problems, warnings


def save_card(deck: Deck, edit: CardEdit, now: datetime) -> SavedEdit:
    """Write `edit` (see the module docstring); raises CardEditError, writing nothing."""
    from mlquiz.core.decks.overlay import is_builtin

    try:
        before = deck.card(edit.card.id)
    except KeyError:
        raise CardEditError(f"Deck {deck.id!r} has no card {edit.card.id!r}.") from None
    if is_builtin(deck):
        return _save_to_overlay(deck, before, edit, now)
    return _save_to_deck_file(deck, before, edit, now)


def _save_to_deck_file(deck: Deck, before: Card, edit: CardEdit, now: datetime) -> SavedEdit:
    import tomlkit

    from mlquiz.core.decks.parse import parse_deck

    path = Path(deck.path)
    old = _read(path)
    doc = _parse(old, path)
    if doc.get("id") != deck.id:
        raise CardEditError(
            f"{path} now holds deck {doc.get('id')!r}, not {deck.id!r}; nothing was written."
        )
    table = _card_table(doc, edit.card.id)
    if table is None:
        raise CardEditError(f"Card {edit.card.id!r} is no longer in {path}; nothing was written.")
    _update(table, before, edit)
    text = tomlkit.dumps(doc)
    try:
        new_deck = parse_deck(text, path, source=deck.source)
    except DeckError as error:
        raise CardEditError(f"The edited deck would not load: {error}") from None
    backup = _back_up(path, old, now)
    _write(path, text)
    return SavedEdit(new_deck, new_deck.card(edit.card.id), path, backup, overlay=False)


def _save_to_overlay(deck: Deck, before: Card, edit: CardEdit, now: datetime) -> SavedEdit:
    import tomlkit

    from mlquiz.core.decks.library import load_deck
    from mlquiz.core.decks.overlay import (
        BUILTIN,
        apply_overlay,
        overlay_header,
        overlay_path,
        parse_overlay,
    )
    from mlquiz.core.decks.toml_writer import card_table

    path = overlay_path(deck.id)
    old = _read(path) if path.is_file() else None
    if old is None:
        doc = tomlkit.document()
        for line in overlay_header(deck.id):
            doc.add(tomlkit.comment(line))
        doc.add(tomlkit.nl())
        doc.add("deck", deck.id)
        doc.add(tomlkit.nl())
        doc.add("cards", tomlkit.aot())
    else:
        doc = _parse(old, path)
    table = _card_table(doc, edit.card.id)
    if table is None:
        cards = doc.get("cards")
        if cards is None:
            doc.add("cards", tomlkit.aot())
            cards = doc["cards"]
        if len(cards):  # a blank line after the card before it
            before_it = _last_subtable(cards[-1]) or cards[-1]
            if not _ends_blank(before_it):
                before_it.add(tomlkit.nl())
        cards.append(card_table(edit.card))
    else:
        _update(table, before, edit)
    text = tomlkit.dumps(doc)
    try:
        overlay = parse_overlay(text, path)
        shipped = load_deck(deck.path, source=BUILTIN)
    except DeckError as error:
        raise CardEditError(f"The edit would not load: {error}") from None
    backup = _back_up(path, old, now) if old is not None else None
    _write(path, text, make_folder=True)
    new_deck = apply_overlay(shipped, overlay)
    return SavedEdit(new_deck, new_deck.card(edit.card.id), path, backup, overlay=True)


def reset_edits(deck_id: str, now: datetime) -> Path | None:
    """Drop the player's edits to a built-in deck: its overlay is moved to the deck
    backups (never deleted). Returns where it went, or None if there were none."""
    from mlquiz.core.decks.overlay import overlay_path

    path = overlay_path(deck_id)
    if not path.is_file():
        return None
    folder = locations.deck_backups_dir()
    target = free_path(folder / f"{deck_id}-edits-{stamp(now)}.toml")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    except OSError as error:
        raise CardEditError(f"Cannot move {path} to {target}: {error}") from None
    return target


# -- the file ------------------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as error:
        raise CardEditError(
            f"Cannot read {path}: {error.strerror or error}; nothing was written."
        ) from None
    except UnicodeDecodeError:
        raise CardEditError(f"{path} is not UTF-8 text any more; nothing was written.") from None


def _parse(text: str, path: Path) -> Any:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise CardEditError(
            f"{path} cannot be read as TOML now ({error}); nothing was written."
        ) from None


def _write(path: Path, text: str, make_folder: bool = False) -> None:
    try:
        write_atomic(path, text, make_folder=make_folder)
    except OSError as error:
        raise CardEditError(
            f"Cannot write {path}: {error.strerror or error}; it is as it was."
        ) from None


def _back_up(path: Path, text: str, now: datetime) -> Path:
    """A copy of `text` (the file as it was) in the deck backups; raises CardEditError
    (and nothing is written) when even that fails."""
    folder = locations.deck_backups_dir()
    target = free_path(folder / f"{path.stem}-{stamp(now)}{path.suffix}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        create_new(target, text)
    except OSError as error:
        raise CardEditError(
            f"Cannot keep a copy of {path} in {folder} ({error.strerror or error}); "
            "nothing was written."
        ) from None
    return target


def _card_table(doc: Any, card_id: str) -> Any:
    cards = doc.get("cards")
    if cards is None:
        return None
    for table in cards:
        if isinstance(table, dict) and table.get("id") == card_id:
            return table
    return None


def _update(table: Any, before: Card, edit: CardEdit) -> None:
    """Change, in the card's table, what the edit changed, and nothing else.

    In tomlkit the blank lines and comments after a card's last sub-table (up to
    the next card) belong to that table: they are taken off before the points
    and confusions are rebuilt, and put back after whichever table is last now.
    """
    from mlquiz.core.decks.toml_writer import confusion_table, point_table, text_item

    card = edit.card
    for key in ("question", "answer", "hint"):
        value = getattr(card, key)
        if value == getattr(before, key):
            continue
        if not value:
            table.pop(key, None)
        elif key in table:
            table[key] = text_item(value)
        else:
            _add_after(table, ("answer", "question", "id"), key, text_item(value))
    points_changed = card.points != before.points or bool(edit.point_origins)
    confusions_changed = card.confusions != before.confusions or bool(edit.confusion_origins)
    if not (points_changed or confusions_changed):
        return
    tail = _take_tail(_last_subtable(table))

    def point(kept: Any, was: Any, new: Any) -> Any:
        if kept is None:
            return _spaced(point_table(new))
        if was is None or new.label != was.label:
            kept["label"] = text_item(new.label)
        if was is None or new.phrases != was.phrases:
            kept["phrases"] = list(new.phrases)
        if new.required:
            kept.pop("required", None)
        elif was is None or was.required:
            kept["required"] = False
        if new.need == 1:
            kept.pop("need", None)
        elif was is None or new.need != was.need:
            kept["need"] = new.need
        return kept

    def confusion(kept: Any, was: Any, new: Any) -> Any:
        if kept is None:
            return _spaced(confusion_table(new))
        if was is None or new.phrases != was.phrases:
            kept["phrases"] = list(new.phrases)
        if was is None or new.message != was.message:
            kept["message"] = text_item(new.message)
        return kept

    _rebuild(table, "points", before.points, card.points, edit.point_origins, point)
    _rebuild(
        table, "confusions", before.confusions, card.confusions, edit.confusion_origins, confusion
    )
    last = _last_subtable(table)
    if last is not None and tail:
        _take_tail(last)  # its own blank line: the tail brings the spacing it had
        last.value.body.extend(tail)


def _rebuild(
    table: Any,
    key: str,
    before: Sequence[Any],
    after: Sequence[Any],
    origins: tuple[int | None, ...],
    build: Callable[[Any, Any, Any], Any],
) -> None:
    """The card's `key` array of tables as `after`: each kept table (by `origins`,
    else by position) updated in place, new ones made, the rest removed."""
    import tomlkit

    old = list(table.get(key, []))
    origins = origins or tuple(i if i < len(old) else None for i in range(len(after)))
    chosen = []
    for value, origin in zip(after, origins, strict=True):
        kept = old[origin] if origin is not None and origin < len(old) else None
        was = (
            before[origin]
            if kept is not None and origin is not None and origin < len(before)
            else None
        )
        chosen.append(build(kept, was, value))
    if not chosen:
        table.pop(key, None)
        return
    if key not in table:
        table[key] = tomlkit.aot()
    array = table[key]
    while len(array):
        del array[0]
    for n, item in enumerate(chosen):
        if n + 1 < len(chosen) and not _ends_blank(item):
            item.add(tomlkit.nl())  # a table moved up from last: space it from the next
        array.append(item)


def _ends_blank(table: Any) -> bool:
    from tomlkit.items import Whitespace

    body = table.value.body
    return bool(body) and body[-1][0] is None and isinstance(body[-1][1], Whitespace)


def _add_after(table: Any, after: tuple[str, ...], key: str, item: Any) -> None:
    """Add `key` after the first of `after` the table has (not after the comments
    that end the card's own keys, which belong to the table that follows)."""
    body = table.value.body
    for other in after:
        spot = next((i for i, (k, _) in enumerate(body) if k is not None and k.key == other), None)
        if spot is None:
            continue
        try:
            table.value._insert_at(spot + 1, key, item)
            return
        except (AttributeError, KeyError, TypeError, ValueError):  # another tomlkit
            break
    table[key] = item


def _last_subtable(table: Any) -> Any:
    for key in ("confusions", "points"):
        array = table.get(key)
        if array:
            return array[-1]
    return None


def _take_tail(table: Any) -> list[Any]:
    """Remove and return the blank lines and comments that end `table`'s body."""
    from tomlkit.items import Comment, Whitespace

    if table is None:
        return []
    body = table.value.body
    tail: list[Any] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Whitespace, Comment)):
        tail.insert(0, body.pop())
    return tail


def _spaced(table: Any) -> Any:
    """A new table followed by a blank line, as the tables around it are."""
    import tomlkit

    table.add(tomlkit.nl())
    return table
