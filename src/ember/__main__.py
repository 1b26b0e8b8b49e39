"""``python -m ember`` and the ``ember`` console script: tour, grad, train."""
from __future__ import annotations

import sys


def main(argv=None):
    from .cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
