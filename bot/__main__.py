"""`python -m bot` does what `flywheel run` does."""

import sys

from bot.cli import main

if __name__ == "__main__":  # worker processes re-import the main module: do not start twice
    sys.exit(main(["run", *sys.argv[1:]]))
