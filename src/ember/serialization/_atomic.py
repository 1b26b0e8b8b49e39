"""Atomic checkpoint writes: a crash leaves the old file or the new one, never a mix.

The bytes go to a temporary file in the target's directory named
``.<target-name>.ember-tmp-<pid>-<random>``; it is flushed, fsync'ed and renamed over the
target, then the directory is fsync'ed so the rename itself survives a power cut. A process
killed mid-save leaves its temporary file behind; the next save to the same target removes
every such leftover whose writing process no longer runs.
"""
import errno
import os
import shutil
import tempfile

TEMPORARY_MARK = ".ember-tmp-"


class SaveSpaceError(OSError, RuntimeError):
    """The disk filled up while a checkpoint was written (torch reports write failures as
    RuntimeError; the errno stays available as for any OSError)."""


def atomic_write(path, write, size_hint):
    """Call ``write(handle)`` on a temporary file, then move it over ``path``.

    ``size_hint`` (bytes) is only used to say how much space a failed save needed.
    """
    directory = os.path.dirname(os.path.abspath(path))
    target = os.path.basename(path)
    remove_stale_temporaries(directory, target)
    fd, temporary = tempfile.mkstemp(prefix=f".{target}{TEMPORARY_MARK}{os.getpid()}-",
                                     dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        _discard(temporary)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            free = shutil.disk_usage(directory).free
            raise SaveSpaceError(
                error.errno, f"not enough space to save {path}: the checkpoint needs about "
                f"{size_hint} bytes for its temporary file in {directory} (the previous file "
                f"is kept until the new one is complete) and {free} bytes are free") from error
        raise
    except BaseException:
        _discard(temporary)
        raise
    _fsync_directory(directory)


def remove_stale_temporaries(directory, target):
    """Delete the temporary files of earlier saves to ``target`` whose process has died."""
    prefix = f".{target}{TEMPORARY_MARK}"
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        pid_text = name[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit() or _is_running(int(pid_text)):
            continue
        _discard(os.path.join(directory, name))


def _is_running(pid):
    if pid == os.getpid():
        # This process's own failed saves remove their file; one still here is in flight.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _discard(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory):
    """Make the rename itself durable (not possible on every platform)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
