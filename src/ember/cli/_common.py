"""What every subcommand shares: one-line usage errors and checks of the paths a user gives."""
from __future__ import annotations

import argparse
import os
import sys

# How to install each optional tool a command can use, from a checkout of ember.
INSTALL = {
    "graphviz": 'pip install -e ".[viz]" and the dot program (apt-get install graphviz, '
                "brew install graphviz)",
    "matplotlib": 'pip install -e ".[plot]"',
    "tqdm": 'pip install -e ".[progress]"',
}


class UsageError(Exception):
    """A mistake in what the user asked for: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse with errors on one line: ``ember train: error: ... (see ember train --help)``.

    argparse's default prints the whole usage block before the message; the one line names the
    input that was wrong and where to look, which is what a user scanning a terminal needs.
    """

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def writable_file(path, option):
    """Check that ``path`` can be created or replaced, before any work is done.

    Raises UsageError naming the option and the user's path: a folder that does not exist, a
    path that is a folder, or a folder the user may not write to.
    """
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise UsageError(f"{option} {path}: is a folder, give a file name")
    if not os.path.isdir(folder):
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {path}: not writable")
    return path


def writable_folder(path, option):
    """Check that ``path`` is a folder that exists or can be made, and is writable."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"{option} {path}: is a file, give a folder")
    parent = path
    while not os.path.exists(parent):
        parent = os.path.dirname(os.path.abspath(parent))
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{option} {path}: not writable")
    return path


def note(message):
    """A line about the run that is not part of its result (stderr, so pipes stay clean)."""
    print(message, file=sys.stderr, flush=True)
