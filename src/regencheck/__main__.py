"""`python -m regencheck` runs the command line, exactly as the `regencheck` script does."""

import sys

from .cli import main

sys.exit(main())
