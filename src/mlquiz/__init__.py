"""mlquiz: a terminal quiz game that grades typed answers by their key points."""

__version__ = "0.1.0"
