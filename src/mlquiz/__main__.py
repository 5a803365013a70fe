"""`python -m mlquiz`: the same as the `mlquiz` command."""

import sys

from mlquiz.cli import main

if __name__ == "__main__":
    sys.exit(main())
