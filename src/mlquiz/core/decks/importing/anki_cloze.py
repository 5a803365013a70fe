"""An Anki cloze note as a mlquiz cloze card: the one conversion every Anki importer uses.

Anki's Cloze note type keeps the sentence, with its `{{c1::answer::hint}}`
blanks, in its first field ("Text") and a second field of notes shown with
the answer ("Back Extra"). Both may be HTML. mlquiz's cloze syntax is Anki's
(core/cloze.py), so the conversion is: the fields to plain text, the blanks
checked, the card kept for the deck to expand (one card per blank number).
"""

from __future__ import annotations

from mlquiz.core.cloze import ClozeError, parse_cloze
from mlquiz.core.decks.importing.source import RawCard, strip_html, tidy


def anki_cloze_note(
    text: str,
    extra: str = "",
    *,
    html: bool,
    line: int,
    tags: tuple[str, ...] = (),
    source_id: str = "",
) -> RawCard:
    """The cloze card of one Anki cloze note; ClozeError (the reason, for the importer's
    warning) when its text has no blank, a blank inside a blank, or one never closed."""
    plain = strip_html(text) if html else tidy(text)
    back = strip_html(extra) if html else tidy(extra)
    parse_cloze(plain)  # raises ClozeError with the reason
    return RawCard(
        question="",
        answer="",
        line=line,
        tags=tags,
        source_id=source_id,
        cloze=plain,
        extra=back,
    )


__all__ = ["ClozeError", "anki_cloze_note"]
