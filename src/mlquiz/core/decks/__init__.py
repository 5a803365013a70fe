"""Decks: the file format, finding and loading decks, importing and exporting them.

- `format.py`: the format's keys, and the fast path for a well-formed card.
- `parse.py`: a deck file's text to a `Deck` (or a `DeckError` naming file and
  line), with `validate.py` (every problem in one pass) and `lines.py` (where
  each key is, for the messages).
- `library.py`: finding decks (built-in, the user's folder, a path).
- `cache.py`: the cache of parsed decks, so an ordinary start parses nothing.
- `toml_writer.py`: a `Deck` written back as a TOML file.
- `importing/`: other tools' files (Anki, Quizlet, CSV, Markdown, site text)
  to decks, one module per format, plus detection (`detect.py`) and the way
  in (`build.py`: `import_deck`).
- `export.py`: cards and answers out as Anki TSV or CSV.

The model itself (`Deck`, `Card`, `KeyPoint`) is `core/cards.py`; deck errors
are in `core/errors.py`.
"""
