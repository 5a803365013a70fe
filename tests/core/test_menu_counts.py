"""The menu's figures: counted in SQL from the store's copy of the deck's cards (schema
6), exactly as the Python count over every card's row they replace; and kept between
games (core/menu_snapshot.py) only while nothing they depend on has changed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mlquiz.core.clock import FixedClock
from mlquiz.core.deck_settings import DeckSettings
from mlquiz.core.store.database import ONE_PASS_CACHE_KIB
from tests.support.factories import LabelGrader, make_deck, make_service

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
ZONE = timezone(timedelta(hours=2))
TAGS = ("red", "green", "blue")
TEXTS = ("alpha beta", "alpha", "nothing")  # correct, partial, incorrect (LabelGrader)


def tags_of(i: int) -> tuple[str, ...]:
    return tuple(tag for n, tag in enumerate(TAGS) if i % (n + 2) == 0)


def deck(n: int = 30, ids: list[str] | None = None):
    return make_deck(n=n, ids=ids, tags=tags_of)


def service_over(data: Path, clock: FixedClock, the_deck):
    return make_service(data, clock, decks=[the_deck], grader=LabelGrader, tz=ZONE)


def play(service, clock, rng: random.Random, sessions: int) -> None:
    """`sessions` quizzes of a few random cards, answered at random, hours apart; some
    timed challenges that do not schedule."""
    the_deck = service.deck("demo")
    for _ in range(sessions):
        clock.tick(rng.uniform(0.2, 40) * 3600)
        cards = rng.sample(list(the_deck.cards), rng.randint(1, 6))
        timed = rng.random() < 0.15
        if timed:
            service.settings = service.settings.with_deck(
                "demo", DeckSettings(challenge_schedules=False)
            )
        session = service.start_session("demo", cards, "quiz", timed=timed)
        for n in range(len(cards)):
            if n:
                service.advance(session)
            clock.tick(rng.uniform(5, 90))
            if rng.random() < 0.1:
                service.skip(session)
            else:
                service.submit(session, rng.choice(TEXTS))
        service.finish(session)
        service.settings = service.settings.with_deck("demo", DeckSettings())


def flag_some(service, clock, rng: random.Random) -> None:
    ids = [card.id for card in service.deck("demo").cards]
    service.suspend("demo", rng.sample(ids, 2))
    service.bury("demo", rng.sample(ids, 2))


def both_counts(service, tag):
    counted = service._count_menu("demo", tag)[0]
    return counted, service.menu_summary_from_cards("demo", tag)


@pytest.mark.parametrize("seed", range(8))
def test_the_sql_counts_are_the_python_counts(tmp_path: Path, seed: int) -> None:
    """Random histories (correct, partial, wrong, skipped, unscheduled answers), held
    cards, daily limits of every size, each tag filter, moments across two days, and a
    deck that lost some of its cards since: the same figures, field by field."""
    rng = random.Random(seed)
    clock = FixedClock(T0)
    data = tmp_path / "data"
    service = service_over(data, clock, deck())
    play(service, clock, rng, sessions=rng.randint(3, 25))
    if seed % 2:
        flag_some(service, clock, rng)
    if seed % 3 == 0:
        # Cards leave the deck: their history stays in the store but no longer counts.
        service.close()
        kept = [str(i) for i in range(1, 31) if rng.random() < 0.7] + ["new-1", "new-2"]
        service = service_over(data, clock, deck(ids=kept))
    start = clock()
    for step in range(6):
        clock.now = start + timedelta(hours=rng.uniform(0, 50)) if step else start
        limits = DeckSettings(new_per_day=rng.choice([0, 1, 3, 20]),
                              reviews_per_day=rng.choice([0, 1, 2, 5, 200]))  # fmt: skip
        service.settings = service.settings.with_deck("demo", limits)
        for tag in (None, *TAGS, "no-such-tag"):
            counted, reference = both_counts(service, tag)
            assert counted == reference, (seed, step, tag)
    service.close()


def test_a_stray_row_inserted_after_the_copy_is_left_out(tmp_path: Path) -> None:
    """A card the store's copy does not have (answers given to a deck file since edited,
    stored from an unsaved-answers file) is left out from then on: the trigger notes it."""
    clock = FixedClock(T0)
    data = tmp_path / "data"
    service = service_over(data, clock, deck(n=6))
    service.menu_summary("demo")  # the copy is made
    other = service_over(data, clock, deck(ids=["1", "2", "3", "4", "5", "6", "7"]))
    session = other.start_session("demo", [other.deck("demo").card("7")], "quiz")
    clock.tick(30)
    other.submit(session, "nothing")
    other.finish(session)
    other.close()
    # Card 7 has a state and an answer row now, neither of a card the copy has.
    assert service.store._read_tuples("SELECT strays FROM deck_versions")[0][0] == 2
    counted, reference = both_counts(service, None)
    assert counted == reference and counted.missed == 0
    service.close()


# -- kept between games ------------------------------------------------------------------


def played(tmp_path: Path) -> tuple[Path, FixedClock]:
    clock = FixedClock(T0)
    data = tmp_path / "data"
    service = service_over(data, clock, deck(n=8))
    play(service, clock, random.Random(3), sessions=6)
    service.menu_summary("demo")
    service.menu_summary("demo", "red")
    service.close()  # keeps the figures of both
    return data, clock


def test_the_next_game_shows_the_figures_without_opening_the_database(tmp_path: Path) -> None:
    data, clock = played(tmp_path)
    later = service_over(data, clock, deck(n=8))
    kept = {tag: later.menu_summary("demo", tag) for tag in (None, "red")}
    assert not later.store_is_open
    assert later.kept_menu_summary("demo", "green") is None  # never shown: not kept
    fresh = service_over(data, clock, deck(n=8))
    assert kept == {tag: fresh._count_menu("demo", tag)[0] for tag in kept}
    fresh.close()


def test_kept_figures_stop_holding_when_anything_they_depend_on_changes(
    tmp_path: Path,
) -> None:
    data, clock = played(tmp_path)

    def kept(clock=clock, the_deck=None, limits=None, tz=ZONE):
        service = make_service(
            data, clock, decks=[the_deck or deck(n=8)], grader=LabelGrader, tz=tz
        )
        if limits is not None:
            service.settings = service.settings.with_deck("demo", limits)
        return service.kept_menu_summary("demo")

    assert kept() is not None
    # Time: the next card coming due (or the end of the local day) ends them.
    summary = kept()
    assert summary is not None
    until = summary.next_due or datetime(2099, 1, 1, tzinfo=UTC)
    assert kept(FixedClock(until - timedelta(microseconds=1))) is not None
    assert kept(FixedClock(until)) is None
    assert kept(FixedClock(T0 - timedelta(days=1))) is None  # a clock set back
    # The deck, the day's limits, the time zone.
    assert kept(the_deck=deck(n=9)) is None
    assert kept(limits=DeckSettings(new_per_day=3)) is None
    assert kept(tz=timezone(timedelta(hours=-5))) is None
    # The database: written by another game (here, a skipped card).
    writer = service_over(data, clock, deck(n=8))
    session = writer.start_quiz("demo", count=1)
    writer.skip(session)
    assert kept() is None  # a -wal file: a game has it open
    writer.store._conn.close()  # killed: the -wal file stays
    assert kept() is None
    writer._store = None
    opened = service_over(data, clock, deck(n=8))
    opened.store.close()  # a clean close of the written database: not as it was left
    assert kept() is None


def test_a_damaged_snapshot_is_ignored(tmp_path: Path) -> None:
    data, clock = played(tmp_path)
    path = data / "cache" / "menu-summaries.marshal"
    original = path.read_bytes()
    for damage in (b"", original[:-3], original[:20] + b"x" + original[21:], b"\x00" * 64):
        path.write_bytes(damage)
        service = service_over(data, clock, deck(n=8))
        assert service.kept_menu_summary("demo") is None
        assert service.menu_summary("demo").cards == 8  # counted in the database instead
        service.close()


def counting(service) -> list[str]:
    """Note each count the store makes of a deck's figures."""
    counts: list[str] = []
    menu_counts = service.store.menu_counts

    def noted(deck_id, *args, **kwargs):
        counts.append(deck_id)
        return menu_counts(deck_id, *args, **kwargs)

    service.store.menu_counts = noted
    return counts


def test_closing_after_only_looking_keeps_the_menus_count_without_counting_again(
    tmp_path: Path,
) -> None:
    """A game that opened the database for the menu's figures and changed nothing
    (the start after a new day, a card that came due) keeps those figures at close:
    counting them again would give the same, and cost a 10,000-card deck's player
    ~15 ms on the way out. The figures kept are a fresh count's."""
    data, clock = played(tmp_path)
    (data / "cache" / "menu-summaries.marshal").unlink()
    looking = service_over(data, clock, deck(n=8))
    counts = counting(looking)
    shown = looking.menu_summary("demo")
    clock.tick(1)
    looking.close()
    assert counts == ["demo"]  # the menu's count, not another at close
    later = service_over(data, clock, deck(n=8))
    assert later.kept_menu_summary("demo") == shown
    assert shown == service_over(data, clock, deck(n=8))._count_menu("demo", None)[0]


@pytest.mark.parametrize("change", ["own write", "other program", "limits", "time"])
def test_closing_counts_again_after_anything_the_figures_depend_on_changed(
    tmp_path: Path, change: str
) -> None:
    data, clock = played(tmp_path)
    (data / "cache" / "menu-summaries.marshal").unlink()
    service = service_over(data, clock, deck(n=8))
    counts = counting(service)
    shown = service.menu_summary("demo")
    if change == "own write":
        session = service.start_quiz("demo", count=1)
        service.skip(session)
    elif change == "other program":
        other = service_over(data, clock, deck(n=8))
        session = other.start_quiz("demo", count=1)
        other.skip(session)
        other.close()
    elif change == "limits":
        service.settings = service.settings.with_deck("demo", DeckSettings(new_per_day=3))
    else:  # the figures' own end: the next card coming due, or the end of the day
        until = shown.next_due or datetime(2099, 1, 1, tzinfo=UTC)
        clock.tick((until - clock()).total_seconds())
    service.close()
    assert counts == ["demo", "demo"]  # counted again at close
    later = service_over(data, clock, deck(n=8))
    if change == "limits":
        later.settings = later.settings.with_deck("demo", DeckSettings(new_per_day=3))
    kept = later.kept_menu_summary("demo")
    fresh = service_over(data, clock, deck(n=8))
    if change == "limits":
        fresh.settings = fresh.settings.with_deck("demo", DeckSettings(new_per_day=3))
    assert kept == fresh._count_menu("demo", None)[0]
    fresh.close()


# -- memory ------------------------------------------------------------------------------


def cache_kib(store) -> int:
    """The connection's page cache, as `PRAGMA cache_size` gives it (negative: KiB)."""
    return store._conn.execute("PRAGMA cache_size").fetchone()[0]


def test_the_count_reads_with_a_small_page_cache_and_gives_the_usual_one_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count walks each page once, so caching them only cost memory at start (1.8
    MiB at 300,000 answers); games and the stats screen keep SQLite's usual cache."""
    clock = FixedClock(T0)
    service = service_over(tmp_path / "data", clock, deck())
    play(service, clock, random.Random(5), sessions=8)
    store = service.store
    usual = cache_kib(store)
    during: list[int] = []
    counts = store.menu_counts

    def menu_counts(*args, **kwargs):
        during.append(cache_kib(store))
        return counts(*args, **kwargs)

    monkeypatch.setattr(store, "menu_counts", menu_counts)
    for tag in (None, "red"):
        counted, reference = both_counts(service, tag)
        assert counted == reference
    assert during == [-ONE_PASS_CACHE_KIB] * 2
    assert cache_kib(store) == usual == -2000  # SQLite's default
    service.close()


def test_damage_met_during_the_count_leaves_the_fresh_database_its_usual_cache(
    tmp_path: Path,
) -> None:
    clock = FixedClock(T0)
    service = service_over(tmp_path / "data", clock, deck(n=400))
    play(service, clock, random.Random(6), sessions=40)
    service.menu_summary("demo")  # the deck's copy is made (a write, before the count)
    store = service.store
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [
        row[0]
        for row in store._conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'card_states' AND pagetype = 'leaf'"
        )
    ]
    assert pages
    with open(service.database_path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * 4096)
            handle.write(random.Random(page).randbytes(4096))
    store._conn.execute("PRAGMA shrink_memory")
    summary = service.menu_summary("demo")  # the damage is met inside the count
    assert store.recovered_from is not None
    assert summary.cards == 400
    assert cache_kib(store) == -2000
    service.close()
