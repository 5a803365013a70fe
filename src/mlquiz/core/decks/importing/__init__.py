"""Importing decks from other flashcard tools.

`build.import_deck` is the way in: it reads the file (`source.py`), tells its
format (`detect.py`; an Anki package by its bytes), parses it with that
format's module (`apkg.py`, `anki.py`, `quizlet.py`, `csv_table.py`,
`markdown.py` with the GitHub Q&A shapes of `markdown_qa.py` and the line
rules of `markdown_lines.py`, `mochi.py`, `site_text.py`;
`records.py` splits delimited text), skips placeholder answers, derives the
key points (`grading/derive/`) and writes the deck's TOML
(`decks/toml_writer.py`). `preview.py` shows what an import would give.
"""
