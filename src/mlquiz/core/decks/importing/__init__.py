"""Importing decks from other flashcard tools.

`build.import_deck` is the way in: it reads the file (`source.py`), tells its
format (`detect.py`), parses it with that format's module (`anki.py`,
`quizlet.py`, `csv_table.py`, `markdown.py`, `site_text.py`; `records.py`
splits delimited text), derives the key points (`grading/derive/`) and
writes the deck's TOML (`decks/toml_writer.py`).
"""
