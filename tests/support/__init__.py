"""What the tests share: small decks, fake graders and clocks, a service over them,
and the Pilot helpers of the UI tests. Import from the module: `tests.support.factories`
(plain Python) or `tests.support.pilot` (needs Textual)."""
