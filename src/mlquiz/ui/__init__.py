"""The full-screen game (Textual). Only `app.run` is meant to be called from outside.

Nothing under `mlquiz.core` may import from here: the core is the game
without a screen, and this package is one face of it.
"""
