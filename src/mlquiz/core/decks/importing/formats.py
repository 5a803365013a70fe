"""The formats `mlquiz deck import` reads, and a line of help for each.

A module of its own, importing nothing: the command line lists them when it
builds its parser for any command, and the readers (`detect.py`) take about a
tenth of a second to import.
"""

FORMATS = ("apkg", "anki", "quizlet", "csv", "markdown", "mochi", "text")
FORMAT_HELP = {
    "apkg": "Anki package (.apkg or .colpkg, as shared on AnkiWeb)",
    "anki": "Anki notes as plain text (tab, semicolon, comma or pipe separated, "
    "optional #separator:/#html:/#columns: headers)",
    "quizlet": "Quizlet export (term and definition separated by a tab, one card a line)",
    "csv": "CSV with a header row naming the question and answer columns",
    "markdown": "Markdown with Q: / A: blocks (optional id: and tags: lines), or GitHub "
    "Q&A: question headings, bold question lines, numbered questions, "
    "<details><summary>, two-column tables",
    "mochi": "Mochi (mochi.cards) cards in Markdown, sides split by '---' lines, each card "
    "opened by a '---' / 'card_id: ...' (tags:, archived:) / '---' block",
    "text": "flashcard-site text: numbered cards, question then answer, "
    "with or without Q / A lines",
}
