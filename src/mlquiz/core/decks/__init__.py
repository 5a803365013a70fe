"""Decks: the file format, finding and loading decks, importing and exporting them.

- `format.py`: the format's keys, and the fast path for a well-formed card.
- `parse.py`: a deck file's text to a `Deck` (or a `DeckError` naming file and
  line), with `validate.py` (every problem in one pass) and `lines.py` (where
  each key is, for the messages).
- `stream.py`: the same, one `[[cards]]` table at a time (`DeckStream`,
  `stream_deck`), for a reader that keeps no card (`mlquiz deck check`).
- `library.py`: finding decks (built-in, the user's folder, a path).
- `index.py`: the deck index (title, card count, tags, content hash of each
  deck), so start-up lists the decks without reading a card.
- `cache.py`: the cache of parsed decks (a file per deck), so playing a deck
  on an ordinary day parses nothing.
- `registry.py`: the game's decks by id, each loaded when first played, and
  their graders.
- `toml_writer.py`: a `Deck` written back as a TOML file.
- `importing/`: other tools' files (Anki, Quizlet, CSV, Markdown, site text)
  to decks, one module per format, plus detection (`detect.py`) and the way
  in (`build.py`: `import_deck`).
- `export.py`: cards and answers out as Anki TSV or CSV.

The model itself (`Deck`, `Card`, `KeyPoint`) is `core/cards.py`; deck errors
are in `core/errors.py`.
"""
