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


# Modules a program imported that the server imports after it, so that later programs find
# them loaded as the old one-process batch run did (torch._dynamo alone takes a second, and
# torch.func, sparse and custom-op paths import it on first use). Library code only: a module
# of the program's own never enters the server.
LEARNED = {"torch": ("torch.", "functorch", "sympy", "scipy", "numpy"),
           "ember": ("ember.", "scipy", "numpy")}


def _child(script, out_path, err_path, protocol, modules_path):
    """In the forked child: run ``script`` as __main__ with fds 0-2 redirected; write the names
    of the modules it imported to ``modules_path``; end the process with its status
    (``_exit``)."""
    protocol.close()
    before = set(sys.modules)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(os.open(out_path, os.O_WRONLY | os.O_TRUNC), 1)
    os.dup2(os.open(err_path, os.O_WRONLY | os.O_TRUNC), 2)
    status = 0
    try:
        _run_main(script)
    except SystemExit as exit_:
        status = exit_.code
    except BaseException:  # the program failed: its traceback goes to its stderr
        traceback.print_exc()
        status = 1
    with open(modules_path, "w", encoding="utf-8") as names:
        names.write("\n".join(sorted(set(sys.modules) - before)))
    _exit(status)


def _exit(status):
    """End the forked child as a Python process ends (its non-daemon threads joined, atexit
    handlers run, the status printed or returned as SystemExit would) but without tearing
    down every module and object a process holding torch has: that teardown took 0.4 s a
    program and changes nothing the program shows."""
    import atexit
    import threading
    getattr(threading, "_shutdown", lambda: None)()
    atexit._run_exitfuncs()
    if status is None:
        status = 0
    elif not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # a stream the program closed
            pass
    os._exit(status & 0xFF if status >= 0 else status % 256)


def _learn(library, modules_path):
    """Import in the server the library modules the last program imported (see LEARNED)."""
    try:
        with open(modules_path, encoding="utf-8") as names:
            wanted = [name for name in names.read().split() if name.startswith(LEARNED[library])]
    except OSError:
        return
    for name in wanted:
        if name not in sys.modules:
            try:
                __import__(name)
            except Exception:  # a module that needs what the program set up: left to it
                pass


def _alias(library):
    """Under "ember", make ``import torch`` give ember (tests/torch_alias.py)."""
    if library == "ember":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import torch_alias
        torch_alias.install()


def _run_main(script):
    """Run ``script`` as __main__ from its own folder, with itself as argv."""
    os.chdir(os.path.dirname(script))
    sys.argv = [script]
    runpy.run_path(script, run_name="__main__")


def serve(library):
    _alias(library)
    import torch  # noqa: F401  (ember under the alias): the import every program shares
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    scratch = tempfile.mkdtemp(prefix=f"ember-script-server-{library}-")
    out_path, err_path = os.path.join(scratch, "stdout"), os.path.join(scratch, "stderr")
    modules_path = os.path.join(scratch, "modules")
    for line in sys.stdin:
        script = json.loads(line)["script"]
        for path in (out_path, err_path, modules_path):
            open(path, "w").close()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(script, out_path, err_path, protocol, modules_path)  # never returns
        _, status = os.waitpid(pid, 0)
        with open(out_path, encoding="utf-8", errors="replace") as out, \
                open(err_path, encoding="utf-8", errors="replace") as err:
            reply = {"returncode": os.waitstatus_to_exitcode(status), "stdout": out.read(),
                     "stderr": err.read()}
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()
        _learn(library, modules_path)


def run_one(library, script):
    """Without os.fork (Windows): one program in this process, as a plain run would."""
    _alias(library)
    _run_main(script)


if __name__ == "__main__":
    if len(sys.argv) > 2:
        run_one(sys.argv[1], sys.argv[2])
    else:
        serve(sys.argv[1])
