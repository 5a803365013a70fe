"""The quiz's footer keeps Leave and Help on screen when the feedback's teaching keys
show: Textual's footer cuts off its right end, and with r, w, a (or x) and e it cut
"esc Leave" and "f1 Help" at 80 and 100 columns."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.support.pilot import answer, settle

KNOBS = "one go of the training script that writes down the knobs and the scores"


def keys_on_screen(app) -> dict[str, str]:
    """The footer's keys drawn whole (not cut off at the right end, nor under the
    palette key), with what each says."""
    keys = list(app.screen.query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    limit = palette[0].region.x if palette else app.screen.size.width
    return {
        k.key: k.description
        for k in keys
        if not k.has_class("-command-palette") and k.region.width and k.region.right <= limit
    }


@pytest.mark.parametrize("size", [(80, 24), (100, 32)], ids=["80x24", "100x32"])
@pytest.mark.parametrize(("override", "teaching"), [("r", "a"), ("w", "x")])
async def test_leave_help_and_the_teaching_keys_all_fit(make_app, size, override, teaching):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, KNOBS)
        await pilot.press(override)
        await settle(pilot)
        shown = keys_on_screen(app)
        assert shown.get("escape") == "Leave" and shown.get("f1") == "Help", shown
        assert {"enter", "r", "w", teaching, "e"} <= shown.keys(), shown
