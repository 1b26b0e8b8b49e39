"""Run by ``mpiexec -n 1`` as the one process of a one-rank MPI job: it hands its connection to
the process manager (MPICH's PMI socket, with the PMI_* environment that describes it) to the
process that started the job, through the Unix socket named on the command line, then waits
until that process exits. That process then initialises MPI as the job's rank instead of this
one, so it belongs to a world of its own with a name of its own (see ``_join``).

It is run as a plain script (``python -S -E _pm_lender.py SOCKET``) and imports only the
standard library, so that it starts in a few milliseconds.
"""
import json
import os
import socket
import sys


def main(path):
    settings = {key: value for key, value in os.environ.items()
                if key.startswith(("PMI_", "PMIX_", "MPI_LOCAL"))}
    descriptor = int(settings.get("PMI_FD", "-1"))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        channel.connect(path)
        socket.send_fds(channel, [json.dumps(settings).encode()],
                        [descriptor] if descriptor >= 0 else [])
        if descriptor >= 0:
            os.close(descriptor)
        # The borrower keeps its end open until it exits: an empty read means it is gone,
        # and only then may this job end (the process manager closes the PMI connection
        # when its rank exits).
        while channel.recv(4096):
            pass


if __name__ == "__main__":
    main(sys.argv[1])
