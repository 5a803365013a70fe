"""The store: every answer in one SQLite file per player, and what keeps it safe.

- `database.py`: `Store`, the open database (connection, writes; each write
  one short transaction, committed before it returns).
- `schema.py`: the tables and their migrations.
- `recovery.py`: finding damage (a stamp of each clean close, the quick and
  full checks) and moving a damaged file aside; a file from a newer mlquiz.
- `damage.py`: damage found while the store is open (a read or write, the
  background full check, another mlquiz moving the file): a fresh file
  takes the damaged one's place.
- `rescue.py`: this session's answers, given again to that fresh file.
- `derived.py`: the tables derived from the attempts (FSRS states, the
  review log, the stats summaries), kept in step with every write.
- `queries.py`: the read models (missed cards, sessions, stats, progress).
- `wordings.py`: the wordings the player taught the grader.
- `backup.py`: daily backups, `mlquiz backup` and `mlquiz restore`.
- `journal.py`: the answers the database refused, kept in a file until they
  can be stored.

Import the module you need: this file imports nothing, so the start-up path
can name the store's errors (`core/errors.py`) without loading sqlite3.
"""
