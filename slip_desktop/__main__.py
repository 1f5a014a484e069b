"""Entry point for ``python -m slip_desktop``."""

import sys

from slip_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
