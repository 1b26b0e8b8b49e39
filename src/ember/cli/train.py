"""``ember train``: train a model on data shipped with ember."""
from __future__ import annotations


def add_parser(subparsers):
    parser = subparsers.add_parser("train", help="train a model on data shipped with ember")
    parser.set_defaults(run=lambda args, parser: 0, command_parser=parser)
    return parser
