"""What `mlquiz export` writes, apart from the exporters (export.py): the command
line's parser offers these choices without importing the exporters and the cards."""

EXPORT_FORMATS = ("anki", "csv")
EXPORT_WHAT = ("missed", "all", "history")
