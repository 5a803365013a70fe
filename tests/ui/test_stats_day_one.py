"""The stats on the first day (issue 16, item 9): a card still being learnt shows
no recall figure (it would be ~100% even for a card just missed), and the Due
today tile agrees with the table: cards due now are "now", not "next: in 5 min"."""

from __future__ import annotations

from tests.support.pilot import CORRECT, WRONG, settle


def play(service, clock, answers: dict[str, str]) -> None:
    """Answer the cards in deck order, slowly (a correct answer rates Good, not Easy)."""
    session = service.start_quiz("ui-deck", shuffle=False)
    while session.current is not None and session.current.id in answers:
        clock.tick(90)
        service.submit(session, answers[session.current.id])
        if service.advance(session) is None:
            break
    service.finish(session)


def rows(screen) -> list[list[str]]:
    table = screen.query_one("#stats-recall")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_day_one_shows_no_recall_figure_and_the_due_tile_agrees(make_app, service, clock):
    # One card right (due again in about 10 min), two wrong (due again in 1 min).
    play(service, clock, {"run": CORRECT["run"], "experiment": WRONG, "registry": WRONG})
    clock.tick(3 * 60)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        table = rows(screen)
        answered = [row for row in table if row[1] != "new"]
        assert len(answered) == 3 and all(row[1] == "learning" for row in answered), table
        assert all(row[0] == "—" for row in answered), answered  # no "100%" on a miss
        # Learning cards first, the soonest due first: the two missed ones, due now.
        assert [row[2] for row in answered[:2]] == ["now", "now"]
        assert answered[2][2].startswith("in ") and answered[2][2].endswith(" min")
        note = str(screen.query_one("#stats-recall-more").render())
        assert "estimated once a card reaches review" in note
        tile = screen.query_one("#stats-due")
        assert (tile.value, tile.note) == ("3 cards", "2 now · 1 later")
    assert service.progress("ui-deck").due_now == 2
    assert service.stats()["decks"]["ui-deck"]["due_now"] == 2


async def test_with_nothing_due_now_the_tile_says_when_the_next_comes(make_app, service, clock):
    play(service, clock, {"run": CORRECT["run"]})
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        tile = app.screen.query_one("#stats-due")
        assert tile.note.startswith("next: in ")
