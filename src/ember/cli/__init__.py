"""The ``ember`` command line: ``tour``, ``grad`` and ``train``, each a module of this package."""
from __future__ import annotations

import argparse
import sys

from . import grad, tour, train


def build_parser():
    parser = argparse.ArgumentParser(
        prog="ember",
        description="ember: PyTorch's autograd rebuilt on NumPy. See the graph your code "
                    "builds and the chain rule worked out with your numbers.",
        epilog="start with: ember tour")
    parser.add_argument("--version", action="version", version=f"ember {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    tour.add_parser(subparsers)
    grad.add_parser(subparsers)
    train.add_parser(subparsers)
    return parser


def _version():
    from .. import __version__
    return __version__


def main(argv=None):
    """Run the command line; returns the exit status (2 for usage errors, as argparse does)."""
    for stream in (sys.stdout, sys.stderr):
        # Explanations use × · ⊙ ²: a console without them shows escapes instead of failing.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.run(args, args.command_parser)
