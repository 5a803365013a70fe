"""Anki's own package, `.apkg` (also `.colpkg`): how decks are shared on AnkiWeb.

A package is a zip holding the collection as SQLite and its media files:

- `collection.anki21b`: Anki 2.1.50 and later, the database compressed with
  zstd, note types in the `notetypes`, `fields` and `templates` tables
  (schema 18) whose `config` columns are protobuf messages;
- `collection.anki21` or `collection.anki2`: older packages (schema 11), note
  types as JSON in `col.models`. A new package also carries a stub
  `collection.anki2` asking to update Anki, so the newest file wins.

Each note gives one card per card Anki made of it (the `cards` table): the
question is what the template's front shows, the answer the fields its back
adds. So a Basic note gives one card, a "Basic (and reversed card)" note two,
the second asking the back and expecting the front. Cloze notes are not a
card kind of mlquiz yet: they are skipped and counted. Fields are HTML: they
become plain text, images and sounds dropped (a field that was only media is
empty, and its card skipped and counted).
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from mlquiz.core.decks.export import GUID_PREFIX
from mlquiz.core.decks.importing.anki_cloze import ClozeError, anki_cloze_note
from mlquiz.core.decks.importing.source import Parsed, RawCard, clean_tags, strip_html
from mlquiz.core.errors import DeckImportError

ZIP_MAGIC = b"PK\x03\x04"
# Newest first: a package from Anki 2.1.50+ holds a stub `collection.anki2` too.
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
# A collection this big is not a deck anyone shares: refuse rather than fill memory.
MAX_COLLECTION_BYTES = 1 << 30
_FIELD_REF = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]+?)\s*\}\}")
_MEDIA_ONLY = re.compile(r"<\s*(?:img|audio|video|object|embed)\b|\[sound:", re.IGNORECASE)


def is_package(data: bytes) -> bool:
    """Does `data` look like an Anki package (a zip holding a collection)?"""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return any(name in names for name in _COLLECTIONS)


@dataclass
class _NoteType:
    name: str
    fields: list[str]
    # Per template ordinal: (front format, back format).
    templates: dict[int, tuple[str, str]]
    cloze: bool


def parse_apkg(data: bytes, path: str | Path) -> Parsed:
    """The cards of an Anki package's notes (see the module docstring)."""
    parsed = Parsed("apkg")
    database = _open_collection(data, path)
    try:
        note_types = _note_types(database)
        deck_names = _deck_names(database)
        cards_of: dict[int, list[tuple[int, int]]] = {}
        for note_id, ordinal, deck_id in database.execute(
            "SELECT nid, ord, did FROM cards ORDER BY nid, ord"
        ):
            cards_of.setdefault(note_id, []).append((ordinal, deck_id))
        notes = database.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
        used_decks: dict[str, int] = {}
        for position, (note_id, guid, type_id, tags, flds) in enumerate(notes, start=1):
            _read_note(
                parsed,
                position,
                note_types.get(type_id),
                str(flds).split("\x1f"),
                str(guid),
                clean_tags(str(tags).split()),
                cards_of.get(note_id, []),
                deck_names,
                used_decks,
            )
    except sqlite3.DatabaseError as exc:
        raise DeckImportError(
            path, None, f"the package's collection cannot be read: {exc}"
        ) from None
    finally:
        database.close()
    if used_decks:
        parsed.title = max(used_decks, key=lambda name: used_decks[name])
    return parsed


def _read_note(
    parsed: Parsed,
    position: int,
    note_type: _NoteType | None,
    fields: list[str],
    guid: str,
    tags: tuple[str, ...],
    cards: list[tuple[int, int]],
    deck_names: dict[int, str],
    used_decks: dict[str, int],
) -> None:
    """The cards of one note (its `position` among the notes, 1-based)."""
    where = f"note {position}"
    if note_type is not None and note_type.cloze:
        # Text and Back Extra, as Anki's Cloze note type orders them: one cloze
        # card, expanded by the deck into one card per blank number.
        text, extra = (fields + ["", ""])[:2]
        source_id = guid.split(":", 2)[2] if guid.startswith(GUID_PREFIX) else str(position)
        try:
            raw = anki_cloze_note(text, extra, html=True, line=0, tags=tags, source_id=source_id)
        except ClozeError as error:
            parsed.skip(
                None,
                "cloze note that cannot be asked",
                f"{where}: a cloze note that cannot be asked: {error}",
            )
            return
        parsed.cards.append(replace(raw, position=position))
        return
    ordinals = sorted({ordinal for ordinal, _ in cards}) or [0]
    first = True
    for ordinal in ordinals:
        question_html, answer_html = _sides(note_type, fields, ordinal)
        question, answer = strip_html(question_html), strip_html(answer_html)
        label = where if len(ordinals) == 1 else f"{where}, card {ordinal + 1}"
        if not question or not answer:
            missing = "question" if not question else "answer"
            media = _MEDIA_ONLY.search(question_html if not question else answer_html)
            if media:
                parsed.skip(None, f"media-only {missing}", f"{label}: the {missing} is only media")
            else:
                parsed.skip(None, f"empty {missing}", f"{label}: the {missing} is empty")
            continue
        deck_id = next((d for o, d in cards if o == ordinal), None)
        if deck_id in deck_names:
            name = deck_names[deck_id]
            used_decks[name] = used_decks.get(name, 0) + 1
        source_id = guid.split(":", 2)[2] if guid.startswith(GUID_PREFIX) else str(position)
        if not first:
            source_id = f"{source_id}-{ordinal + 1}"
        parsed.cards.append(
            RawCard(
                question=question,
                answer=answer,
                line=0,
                tags=tags,
                source_id=source_id,
                position=position,
            )
        )
        first = False


def _sides(note_type: _NoteType | None, fields: list[str], ordinal: int) -> tuple[str, str]:
    """(question, answer) HTML of the card `ordinal` of a note.

    The question is the fields the template's front shows; the answer the
    fields its back adds (and a `{{type:Field}}` box's field). Without a
    usable template, the first field asks and the second answers.
    """
    plain = (fields[0] if fields else "", fields[1] if len(fields) > 1 else "")
    if note_type is None or ordinal not in note_type.templates:
        return plain
    names = note_type.fields
    front, back = note_type.templates[ordinal]
    asked, typed = _referenced(front, names)
    shown, _ = _referenced(back, names)
    answer_fields = typed + [n for n in shown if n not in asked and n not in typed]
    asked = [n for n in asked if n not in typed]
    if not asked or not answer_fields:
        return plain
    by_name = dict(zip(names, fields, strict=False))
    question = "<br>".join(by_name.get(n, "") for n in asked if by_name.get(n, "").strip())
    answer = "<br>".join(by_name.get(n, "") for n in answer_fields if by_name.get(n, "").strip())
    return question, answer


def _referenced(template: str, names: list[str]) -> tuple[list[str], list[str]]:
    """The note fields a template shows, in order, and those of `{{type:...}}` boxes."""
    shown: list[str] = []
    typed: list[str] = []
    for match in _FIELD_REF.finditer(template):
        if match.group(1):
            continue  # a section's start or end: the field decides, it is not shown
        parts = match.group(2).split(":")
        name = parts[-1].strip()
        if name not in names:
            continue
        target = typed if any(p.strip() == "type" for p in parts[:-1]) else shown
        if name not in target:
            target.append(name)
    return shown, typed


# --------------------------------------------------------------------------
# The collection


def _open_collection(data: bytes, path: str | Path) -> sqlite3.Connection:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise DeckImportError(path, None, "not an Anki package: the file is not a zip") from None
    with archive:
        names = set(archive.namelist())
        member = next((name for name in _COLLECTIONS if name in names), None)
        if member is None:
            raise DeckImportError(
                path, None, "not an Anki package: the zip holds no collection.anki2/anki21/anki21b"
            )
        info = archive.getinfo(member)
        if info.file_size > MAX_COLLECTION_BYTES:
            raise DeckImportError(path, None, "the package's collection is too large to import")
        try:
            raw = archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DeckImportError(path, None, f"the package is damaged: {exc}") from None
    if member.endswith("b"):
        raw = _unzstd(raw, path)
    database = sqlite3.connect(":memory:")
    try:
        database.deserialize(raw)
        database.execute("SELECT count(*) FROM notes").fetchone()
    except sqlite3.DatabaseError as exc:
        database.close()
        raise DeckImportError(
            path, None, f"the package's {member} is not an Anki collection ({exc})"
        ) from None
    return database


def _unzstd(raw: bytes, path: str | Path) -> bytes:
    """A zstd frame decompressed (Anki writes no content size, so this streams)."""
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python 3.14+

        decompress = zstd.ZstdDecompressor().decompress
        error: type[Exception] = zstd.ZstdError
    except ImportError:
        import zstandard

        decompress = zstandard.ZstdDecompressor().decompressobj().decompress
        error = zstandard.ZstdError
    try:
        out: bytes = decompress(raw)
    except error as exc:
        raise DeckImportError(path, None, f"the package's collection is damaged: {exc}") from None
    if len(out) > MAX_COLLECTION_BYTES:
        raise DeckImportError(path, None, "the package's collection is too large to import")
    return out


def _tables(database: sqlite3.Connection) -> set[str]:
    return {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _note_types(database: sqlite3.Connection) -> dict[int, _NoteType]:
    if "notetypes" in _tables(database):
        return _note_types_v18(database)
    row = database.execute("SELECT models FROM col").fetchone()
    try:
        models = json.loads(row[0]) if row and row[0] else {}
    except (TypeError, ValueError):
        models = {}
    out: dict[int, _NoteType] = {}
    for key, model in models.items() if isinstance(models, dict) else ():
        try:
            fields = [str(f["name"]) for f in sorted(model["flds"], key=lambda f: f["ord"])]
            templates = {
                int(t["ord"]): (str(t.get("qfmt", "")), str(t.get("afmt", "")))
                for t in model.get("tmpls", [])
            }
            out[int(key)] = _NoteType(
                str(model.get("name", "")), fields, templates, model.get("type") == 1
            )
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _note_types_v18(database: sqlite3.Connection) -> dict[int, _NoteType]:
    out: dict[int, _NoteType] = {}
    for type_id, name, config in database.execute("SELECT id, name, config FROM notetypes"):
        # NotetypeConfig.kind is field 1: 1 is cloze.
        kind = _protobuf_fields(bytes(config or b"")).get(1, [0])[0]
        out[int(type_id)] = _NoteType(str(name), [], {}, kind == 1)
    for type_id, _, name in database.execute(
        "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"
    ):
        if int(type_id) in out:
            out[int(type_id)].fields.append(str(name))
    for type_id, ordinal, config in database.execute("SELECT ntid, ord, config FROM templates"):
        if int(type_id) in out:
            # CardTemplateConfig: q_format is field 1, a_format field 2.
            values = _protobuf_fields(bytes(config or b""))
            front, back = (_text(values.get(n, [b""])[0]) for n in (1, 2))
            out[int(type_id)].templates[int(ordinal)] = (front, back)
    return out


def _deck_names(database: sqlite3.Connection) -> dict[int, str]:
    if "decks" in _tables(database):
        return {
            int(i): str(name).replace("\x1f", " / ")
            for i, name in database.execute("SELECT id, name FROM decks")
        }
    row = database.execute("SELECT decks FROM col").fetchone()
    try:
        decks = json.loads(row[0]) if row and row[0] else {}
    except (TypeError, ValueError):
        return {}
    return {
        int(k): str(v.get("name", "")).replace("::", " / ")
        for k, v in (decks.items() if isinstance(decks, dict) else ())
        if isinstance(v, dict) and str(k).lstrip("-").isdigit()
    }


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _protobuf_fields(data: bytes) -> dict[int, list[int | bytes]]:
    """The top-level fields of a protobuf message: number -> values (varints as
    ints, length-delimited as bytes). Enough to read two fields of Anki's
    configs without its schema; anything malformed ends the reading."""
    out: dict[int, list[int | bytes]] = {}
    i, n = 0, len(data)

    def varint() -> int:
        nonlocal i
        shift = value = 0
        while i < n:
            byte = data[i]
            i += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
        raise ValueError("truncated varint")

    try:
        while i < n:
            key = varint()
            number, wire = key >> 3, key & 7
            value: int | bytes
            if wire == 0:
                value = varint()
            elif wire == 2:
                size = varint()
                value, i = data[i : i + size], i + size
            elif wire == 1:
                value, i = int.from_bytes(data[i : i + 8], "little"), i + 8
            elif wire == 5:
                value, i = int.from_bytes(data[i : i + 4], "little"), i + 4
            else:
                break
            out.setdefault(number, []).append(value)
    except ValueError:
        pass
    return out
