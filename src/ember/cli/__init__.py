"""The ``ember`` command line: ``tour``, ``grad`` and ``train``, each a module of this package."""
from __future__ import annotations

import sys

from . import grad, tour, train
from ._common import Parser, UsageError


def build_parser():
    parser = Parser(
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
    from ..version import ember_version, torch_version
    return f"{ember_version} (PyTorch {torch_version}'s API)"


def main(argv=None):
    """Run the command line; returns the exit status.

    0 on success, 1 when the run itself failed (training diverged), 2 for anything wrong in
    what was asked (a bad value, a missing file, an unwritable path), reported on one line with
    no traceback, 130 when interrupted with Ctrl-C.
    """
    for stream in (sys.stdout, sys.stderr):
        # Explanations use × · ⊙ ²: a console without them shows escapes instead of failing.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.run(args, args.command_parser)
    except UsageError as error:
        args.command_parser.error(str(error))
    except KeyboardInterrupt:
        print(f"\n{args.command_parser.prog}: interrupted", file=sys.stderr)
        return 130
