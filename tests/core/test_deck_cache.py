"""The deck cache and the deck index: an unchanged deck file is not parsed again (and
start-up does not even read it); anything else is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlquiz.core import cachefile, locations
from mlquiz.core.decks import cache as deck_cache
from mlquiz.core.decks import library
from mlquiz.core.decks.cache import DeckCache
from mlquiz.core.decks.library import find_decks, load_deck, scan_decks, scan_index
from mlquiz.core.errors import DeckError

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"

DECK = """\
id = "mine"
title = "Mine"
description = "A deck of my own."

[glossary]
dbx = "databricks"

[[cards]]
id = "1"
question = "What is a run?"
answer = "One execution of code."
hint = "Think of one go."
tags = ["basics", "runs"]
vague = ["a thing"]

[[cards.points]]
label = "one execution"
phrases = ["one|single execution"]

[[cards.points]]
label = "of code"
phrases = ["of code"]
required = false

[[cards.confusions]]
phrases = ["experiment"]
message = "An experiment groups runs."

[[cards]]
id = "2"
question = "Steps?"
answer = "Log, then register."
ordered = true

[[cards.points]]
label = "log"
phrases = ["log"]

[[cards.points]]
label = "register"
phrases = ["register"]
"""


@pytest.fixture
def user_decks(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user decks folder holding `mine.toml`, and no built-in decks."""
    monkeypatch.setattr(library.locations, "builtin_content_dir", lambda: None)
    folder = isolated_dirs / "decks"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(DECK)
    return folder


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make parsing fail loudly; returns the list of files that were parsed."""
    parsed: list[str] = []

    def parse(data, path="<deck>", source=""):
        parsed.append(str(path))
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr(library, "parse_deck", parse)
    return parsed


def set_mtime_ns(path: Path, mtime_ns: int) -> None:
    os.utime(path, ns=(mtime_ns, mtime_ns))


def cache_file(deck_file: Path, source: str = "user") -> Path:
    """The deck cache's file for `deck_file`."""
    return locations.deck_cache_dir() / deck_cache.cache_name(deck_file, source)


def cached_payload(deck_file: Path, entry: object, source: str = "user") -> bytes:
    """A deck cache file holding `entry` for `deck_file`, with a good checksum."""
    import marshal
    import zlib

    key = (str(deck_file), source)
    payload = marshal.dumps((deck_cache._code_stamp(), key, entry))
    return deck_cache._MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload


def test_an_unchanged_deck_comes_from_the_cache_equal_to_a_parsed_one(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = scan_decks()
    assert cache_file(user_decks / "mine.toml").is_file()
    assert locations.deck_index_path().is_file()
    real_parse = library.parse_deck
    parsed = no_parsing(monkeypatch)
    second = scan_decks()
    assert parsed == []
    assert second.decks == first.decks and second.errors == []
    [cached] = second.decks
    monkeypatch.setattr(library, "parse_deck", real_parse)
    fresh = load_deck(user_decks / "mine.toml", source="user")
    assert cached == fresh
    # Fields that equality leaves out, and every card field.
    assert cached.glossary == fresh.glossary == {"dbx": "databricks"}
    assert (cached.source, cached.path) == ("user", str(user_decks / "mine.toml"))
    assert [vars(c) for c in cached.cards] == [vars(c) for c in fresh.cards]


def test_the_built_in_deck_round_trips_exactly(isolated_dirs: Path) -> None:
    folder = locations.builtin_content_dir()
    if folder is None or not any(folder.glob("*.toml")):
        pytest.skip("no built-in deck")
    parsed = scan_decks().decks
    cached = scan_decks().decks
    assert cached == parsed
    for a, b in zip(cached, parsed, strict=True):
        assert (a.glossary, a.source, a.path) == (b.glossary, b.source, b.path)
        assert [repr(c) for c in a.cards] == [repr(c) for c in b.cards]


def test_a_cached_start_imports_no_toml_parser(user_decks: Path) -> None:
    """In a fresh interpreter, listing unchanged decks loads no TOML parser, nor the
    deck validator (nor its difflib)."""
    unwanted = ("tomli", "tomllib", "mlquiz.core.decks.validate", "difflib")
    code = (
        "import sys; from mlquiz.core.decks.library import scan_decks; scan = scan_decks(); "
        f"print(len(scan.decks), [m for m in {unwanted!r} if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout.split(" ", 1)
        for _ in range(2)
    ]
    # The first run parses (the built-in decks and mine) and fills the cache.
    assert outputs[0][1].strip() == "['tomli', 'mlquiz.core.decks.validate', 'difflib']"
    count, modules = outputs[1]
    assert int(count) >= 2 and modules.strip() == "[]"


def test_an_edited_deck_is_read_again_even_with_the_same_size_and_mtime(
    user_decks: Path,
) -> None:
    file = user_decks / "mine.toml"
    old_mtime = file.stat().st_mtime_ns
    assert scan_decks().decks[0].title == "Mine"
    # Same length, same timestamp: only the bytes tell.
    file.write_text(DECK.replace('title = "Mine"', 'title = "Mind"'))
    set_mtime_ns(file, old_mtime)
    assert file.stat().st_size == len(DECK.encode())
    assert scan_decks().decks[0].title == "Mind"
    # A later edit of another size and time.
    file.write_text(DECK.replace('title = "Mine"', 'title = "My own deck"'))
    assert scan_decks().decks[0].title == "My own deck"
    assert scan_decks().decks[0].title == "My own deck"


def test_a_touched_deck_is_read_again_and_cached_anew(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = user_decks / "mine.toml"
    scan_decks()
    set_mtime_ns(file, file.stat().st_mtime_ns + 1_000_000_000)
    calls: list[str] = []
    real = library.parse_deck

    def counting(data, path="<deck>", source=""):
        calls.append(str(path))
        return real(data, path, source)

    monkeypatch.setattr(library, "parse_deck", counting)
    scan_decks()
    scan_decks()
    assert calls == [str(file)]


def test_a_deck_that_becomes_broken_is_reported_not_served_from_the_cache(
    user_decks: Path,
) -> None:
    file = user_decks / "mine.toml"
    assert [d.id for d in scan_decks().decks] == ["mine"]
    file.write_text(DECK.replace("question = ", "qestion = ", 1))
    for _ in range(2):  # broken decks are never cached: reported every time
        scan = scan_decks()
        assert scan.decks == []
        assert len(scan.errors) == 1 and "qestion" in str(scan.errors[0])
    file.write_text(DECK)
    assert [d.id for d in scan_decks().decks] == ["mine"]


def test_a_deleted_deck_is_gone_and_dropped_from_the_cache(user_decks: Path) -> None:
    (user_decks / "other.toml").write_text(DECK.replace('id = "mine"', 'id = "other"', 1))
    assert [d.id for d in scan_decks().decks] == ["mine", "other"]
    (user_decks / "other.toml").unlink()
    assert [d.id for d in scan_decks().decks] == ["mine"]
    assert sorted(p.name for p in locations.deck_cache_dir().iterdir()) == [
        cache_file(user_decks / "mine.toml").name
    ]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"not a cache at all",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),  # one byte flipped
        lambda data: data.replace(b"Mine", b"Mind"),  # a plausible wrong value
        lambda data: b"\x00\xff" * 1000,
    ],
    ids=["empty", "garbage", "truncated", "flipped-byte", "edited", "binary"],
)
@pytest.mark.parametrize("which", ["deck cache", "deck index"])
def test_a_damaged_cache_is_ignored_and_rewritten(user_decks: Path, damage, which) -> None:
    scan_decks()
    path = (
        cache_file(user_decks / "mine.toml")
        if which == "deck cache"
        else locations.deck_index_path()
    )
    path.write_bytes(damage(path.read_bytes()))
    if which == "deck cache":
        # The index is good: the deck is listed, and its cards are parsed again.
        assert [i.title for i in scan_index().infos] == ["Mine"]
    scan = scan_decks()
    assert [d.title for d in scan.decks] == ["Mine"] and scan.errors == []
    good = {"deck cache": deck_cache._MAGIC, "deck index": b"mlquiz-deck-index\n"}[which]
    assert path.read_bytes().startswith(good), "the cache was not rewritten"


def test_a_cache_of_the_wrong_shape_is_ignored(user_decks: Path) -> None:
    """Values that pass the checksum but are not decks (say, a future format) are ignored."""
    import zlib

    scan_decks()
    deck_file = user_decks / "mine.toml"
    file_bytes = deck_file.read_bytes()
    fingerprint = (len(file_bytes), deck_file.stat().st_mtime_ns, zlib.crc32(file_bytes))
    for entry in ((*fingerprint, ("too", "short")), 7, [1, 2]):
        cache_file(deck_file).write_bytes(cached_payload(deck_file, entry))
        scan = scan_decks()
        assert [d.title for d in scan.decks] == ["Mine"] and scan.errors == []


def test_a_cache_from_another_version_is_ignored(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan_decks()
    monkeypatch.setattr(cachefile, "__version__", "999.0")
    parsed: list[str] = []
    real = library.parse_deck
    monkeypatch.setattr(
        library,
        "parse_deck",
        lambda data, path, source="": parsed.append(path) or real(data, path, source),
    )
    assert [d.id for d in scan_decks().decks] == ["mine"]
    assert len(parsed) == 1


def test_a_cache_that_cannot_be_written_is_no_error(user_decks: Path, isolated_dirs: Path) -> None:
    (isolated_dirs / "cache").write_text("a file where the cache folder should be")
    for _ in range(2):
        scan = scan_decks()
        assert [d.id for d in scan.decks] == ["mine"] and scan.errors == []


def test_the_cache_is_replaced_whole_or_not_at_all(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan_decks()
    path = cache_file(user_decks / "mine.toml")
    before = path.read_bytes()
    (user_decks / "mine.toml").write_text(DECK.replace("Mine", "Mind"))

    def failing_replace(src, dst):
        raise OSError("disk full")

    real_replace = os.replace
    monkeypatch.setattr(os, "replace", failing_replace)
    assert [d.title for d in scan_decks().decks] == ["Mind"]
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temp file was left"
    monkeypatch.setattr(os, "replace", real_replace)
    # The old cache does not match the edited file, so the edit still shows.
    assert [d.title for d in scan_decks().decks] == ["Mind"]


def test_nothing_is_written_when_nothing_changed(user_decks: Path) -> None:
    scan_decks()
    paths = [cache_file(user_decks / "mine.toml"), locations.deck_index_path()]
    for path in paths:
        set_mtime_ns(path, 1_000_000_000)
    scan_decks()
    assert [path.stat().st_mtime_ns for path in paths] == [1_000_000_000] * 2


def test_find_decks_and_errors_are_unchanged_by_the_cache(user_decks: Path) -> None:
    (user_decks / "z-dup.toml").write_text(DECK)  # same id: skipped as an error
    for _ in range(2):
        errors: list[DeckError] = []
        assert [d.id for d in find_decks(errors)] == ["mine"]
        assert len(errors) == 1 and "already used" in str(errors[0])


def test_an_unreadable_deck_file_is_reported_as_before(user_decks: Path) -> None:
    (user_decks / "dir.toml").mkdir()  # not a file: not listed
    scan = scan_decks()
    assert [d.id for d in scan.decks] == ["mine"] and scan.errors == []
    with pytest.raises(DeckError, match="no such file"):
        DeckCache().load(
            user_decks / "gone.toml", "user", read=library.read_deck_file, parse=lambda d: None
        )


def test_tiny_test_deck_round_trips(isolated_dirs: Path) -> None:
    path = DATA / "tiny.toml"
    cache = DeckCache()
    read = library.read_deck_file

    def parse(data: bytes):
        return library.parse_deck(data, path, "x")

    first = cache.load(path, "x", read=read, parse=parse)
    second = DeckCache().load(path, "x", read=read, parse=lambda data: pytest.fail("parsed"))
    assert second == first and second.glossary == first.glossary


# -- the deck index: start-up reads no card ---------------------------------------------


def test_a_second_start_lists_the_decks_without_reading_a_deck_file(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The menu's list (title, card count, tags) comes from the index alone."""
    from mlquiz.core.decks.index import info_of

    first = scan_index()

    def no_reading(path, limit=None):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(library, "read_deck_file", no_reading)
    second = scan_index()
    assert second.infos == first.infos and second.errors == []
    [info] = second.infos
    monkeypatch.undo()
    deck = load_deck(user_decks / "mine.toml", source="user")
    assert info == info_of(deck, info.content)
    assert (info.card_count, info.tags, info.tag_counts) == (2, ("basics", "runs"), (1, 1))
    # ...and the cards come when the deck is played.
    assert library.load_indexed(info) == deck


def test_the_index_follows_an_edit_and_its_content_hash_changes(user_decks: Path) -> None:
    file = user_decks / "mine.toml"
    [before] = scan_index().infos
    old_mtime = file.stat().st_mtime_ns
    file.write_text(DECK.replace('tags = ["basics", "runs"]', 'tags = ["basics", "rune"]'))
    set_mtime_ns(file, old_mtime)  # same size and time: the change time tells
    [after] = scan_index().infos
    assert after.tags == ("basics", "rune") and after.content != before.content


def test_a_broken_deck_is_reported_from_the_index_as_parsing_would(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (user_decks / "broken.toml").write_text(DECK.replace("question = ", "qestion = ", 1))
    first = scan_index()
    no_parsing(monkeypatch)
    second = scan_index()
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]
    assert len(second.errors) == 1 and "qestion" in str(second.errors[0])
    assert [e.problems for e in second.errors] == [e.problems for e in first.errors]


def test_edits_to_a_built_in_deck_show_in_the_index_and_a_broken_overlay_is_reported(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from mlquiz.core.decks.overlay import BUILTIN, BUILTIN_EDITED, overlay_path

    builtin = tmp_path / "content"
    builtin.mkdir()
    (builtin / "mine.toml").write_text(DECK)
    monkeypatch.setattr(library.locations, "builtin_content_dir", lambda: builtin)
    [shipped] = scan_index().infos
    assert shipped.source == BUILTIN
    edits = overlay_path("mine")
    edits.parent.mkdir(parents=True)
    edits.write_text(
        'deck = "mine"\n\n[[cards]]\nid = "2"\nquestion = "Steps?"\nanswer = "Log."\n'
        'tags = ["edited"]\n\n[[cards.points]]\nlabel = "log"\nphrases = ["log"]\n'
    )
    [edited] = scan_index().infos
    assert edited.source == BUILTIN_EDITED and edited.content != shipped.content
    assert edited.tags == ("basics", "runs", "edited")
    assert library.load_indexed(edited).card("2").tags == ("edited",)
    edits.write_text('deck = "mine"\n[[cards]]\nid = 3\n')
    scan = scan_index()
    assert [i.source for i in scan.infos] == [BUILTIN]
    assert len(scan.errors) == 1 and "your edits to built-in deck 'mine'" in str(scan.errors[0])
    edits.unlink()
    scan = scan_index()
    assert scan.infos == [shipped] and scan.errors == []


def test_an_index_of_the_wrong_shape_is_dropped(user_decks: Path, caplog) -> None:
    import logging
    import marshal
    import zlib

    from mlquiz.core.decks import index

    [good] = scan_index().infos
    key = (str(user_decks / "mine.toml"), "user")
    stamp = (index.fingerprint(user_decks / "mine.toml"), None)
    bad = (*good[:5], "two", *good[6:])  # a card count that is no number
    entries = {key: (stamp, bad, ())}
    payload = marshal.dumps((index.DeckIndex()._stamp, entries))
    locations.deck_index_path().write_bytes(
        index._MAGIC + str(zlib.crc32(payload)).encode() + b"\n" + payload
    )
    with caplog.at_level(logging.WARNING, logger="mlquiz"):
        assert scan_index().infos == [good]
    assert any("deck index" in r.getMessage() for r in caplog.records)


def test_services_over_a_scan_share_its_deck_index_entries(
    user_decks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every service over the decks of one scan lists them with the index's entries
    (the content hash made once per change of the file, not per service)."""
    from mlquiz.core.decks import index
    from mlquiz.service import GameService

    scan = scan_decks()
    assert scan.infos == scan_index().infos
    hashed: list[str] = []
    real = index.content_hash
    monkeypatch.setattr(index, "content_hash", lambda *parts: hashed.append("x") or real(*parts))
    for _ in range(3):
        service = GameService(deck_scanner=lambda: scan)
        [info] = service.deck_infos()
        assert info == scan.infos[0] and service.deck(info.id).cards == scan.decks[0].cards
        service.close()
    assert hashed == []
    # A scanner's own decks (tests, benches) get their entries once per scan.
    own = library.DeckScan(decks=list(scan.decks))
    for _ in range(3):
        [info] = GameService(deck_scanner=lambda: own).deck_infos()
        assert info.card_count == 2
    assert len(hashed) == 1
