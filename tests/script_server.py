"""Runs whole programs one after another, each in a fresh fork of a process that has already
imported the library: ``python tests/script_server.py torch`` or ``... ember`` (the latter
with ``torch`` aliased to ember, as ``tests/torch_alias.py`` does).

Importing torch takes about a second and ember about half of one; tests/test_scripts.py runs
several hundred programs under each, so paying the import once per pytest worker instead of
once per program saves minutes of CI. Each program still gets a process of its own, forked
from the server right after the import, so nothing one program changes (print options, the
default dtype, random state, monkeypatches) reaches the next.

Protocol: one JSON object per line on stdin, ``{"script": PATH}``; for each the server
answers one JSON line on stdout, ``{"returncode": N, "stdout": TEXT, "stderr": TEXT}``, as
``subprocess.run(capture_output=True)`` would for ``python RUNNER PATH``. The program's
file descriptors 0-2 are /dev/null and two files, so output written by C code or by the
program's own subprocesses is captured too, and it ends as a Python process ends (atexit
handlers, non-daemon threads joined) with its exit status.

``python tests/script_server.py LIBRARY PATH`` runs one program in the process itself, for
systems without ``os.fork``.
"""
import json
import os
import runpy
import sys
import tempfile
import traceback


def _child(script, out_path, err_path, protocol):
    """In the forked child: run ``script`` as __main__ with fds 0-2 redirected; raise
    SystemExit with its status (which ends this process normally)."""
    protocol.close()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(os.open(out_path, os.O_WRONLY | os.O_TRUNC), 1)
    os.dup2(os.open(err_path, os.O_WRONLY | os.O_TRUNC), 2)
    os.chdir(os.path.dirname(script))
    sys.argv = [script]
    status = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exit_:
        status = exit_.code
    except BaseException:  # the program failed: its traceback goes to its stderr
        traceback.print_exc()
        status = 1
    raise SystemExit(status)


def serve(library):
    if library == "ember":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import torch_alias
        torch_alias.install()
    import torch  # noqa: F401  (ember under the alias): the import every program shares
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    scratch = tempfile.mkdtemp(prefix=f"ember-script-server-{library}-")
    out_path, err_path = os.path.join(scratch, "stdout"), os.path.join(scratch, "stderr")
    for line in sys.stdin:
        script = json.loads(line)["script"]
        for path in (out_path, err_path):
            open(path, "w").close()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(script, out_path, err_path, protocol)  # never returns
        _, status = os.waitpid(pid, 0)
        with open(out_path, encoding="utf-8", errors="replace") as out, \
                open(err_path, encoding="utf-8", errors="replace") as err:
            reply = {"returncode": os.waitstatus_to_exitcode(status), "stdout": out.read(),
                     "stderr": err.read()}
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()


def run_one(library, script):
    """Without os.fork (Windows): one program in this process, as a plain run would."""
    if library == "ember":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import torch_alias
        torch_alias.install()
    os.chdir(os.path.dirname(script))
    sys.argv = [script]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        run_one(sys.argv[1], sys.argv[2])
    else:
        serve(sys.argv[1])
