"""ember.hub: checkpoints from URLs, and models from hub repositories (a ``hubconf.py``).

``load_state_dict_from_url`` downloads a checkpoint once into ``<hub dir>/checkpoints`` and
loads it with ``ember.load`` (``weights_only=True`` unless asked otherwise: a checkpoint from
the network runs no code). Downloads go to a temporary file beside the target and are moved
into place only when complete (and, with a hash prefix, verified), so an interrupted download
never leaves a broken file under the final name.

``list``/``help``/``load`` read a repository's ``hubconf.py``: a local directory
(``source="local"``) or a GitHub repository ``"owner/name[:ref]"`` downloaded once into the hub
directory, after the same trust check torch makes. The hub directory is torch's
(``$TORCH_HOME/hub``, default ``~/.cache/torch/hub``), so checkpoints are shared with torch.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
import warnings
import zipfile
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlparse
from urllib.request import Request, urlopen

from ._deprecated import _user_stacklevel

__all__ = ["download_url_to_file", "get_dir", "help", "list", "load",
           "load_state_dict_from_url", "set_dir"]

ENV_GITHUB_TOKEN = "GITHUB_TOKEN"
ENV_TORCH_HOME = "TORCH_HOME"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"
DEFAULT_CACHE_DIR = "~/.cache"
VAR_DEPENDENCY = "dependencies"
MODULE_HUBCONF = "hubconf.py"
READ_DATA_CHUNK = 128 * 1024
# A file named name-<hex digits>.ext carries the first digits of its SHA-256.
HASH_REGEX = re.compile(r"-([a-f0-9]*)\.")
_TRUSTED_REPO_OWNERS = ("facebookresearch", "facebookincubator", "pytorch", "fairinternal")

_hub_dir = None


def _home():
    return os.path.expanduser(os.getenv(ENV_TORCH_HOME, os.path.join(
        os.getenv(ENV_XDG_CACHE_HOME, DEFAULT_CACHE_DIR), "torch")))


def get_dir():
    """The hub directory: ``set_dir``'s, else ``$TORCH_HOME/hub`` (``~/.cache/torch/hub``).

    Returns:
        A path string.

    Example:
        >>> import os
        >>> os.path.isabs(ember.hub.get_dir())
        True
    """
    if os.getenv("TORCH_HUB"):
        warnings.warn("TORCH_HUB is deprecated, please use env TORCH_HOME instead",
                      stacklevel=_user_stacklevel())
    return _hub_dir if _hub_dir is not None else os.path.join(_home(), "hub")


def set_dir(d):
    """Use ``d`` as the hub directory (``~`` expanded) from now on.

    Args:
        d: a path.

    Returns:
        None.
    """
    global _hub_dir
    _hub_dir = os.path.expanduser(d)


def _progress_bar(total, enabled):
    """tqdm's bar when tqdm is installed and a bar is wanted, else a silent stand-in."""
    if enabled:
        try:
            from tqdm import tqdm
        except ImportError:
            pass
        else:
            return tqdm(total=total, disable=False, unit="B", unit_scale=True,
                        unit_divisor=1024)
    return contextlib.nullcontext(_NoBar())


class _NoBar:
    def update(self, n):
        pass


def download_url_to_file(url, dst, hash_prefix=None, progress=True):
    """Download ``url`` to the file ``dst``, atomically; with ``hash_prefix``, check that the
    file's SHA-256 starts with it (RuntimeError, and nothing written, if not).

    Args:
        url: the address (http(s)://, file://...).
        dst: the file to write (``~`` expanded).
        hash_prefix: leading hex digits of the expected SHA-256, or None.
        progress: show a progress bar (when tqdm is installed).

    Returns:
        None.
    """
    dst = os.path.expanduser(dst)
    for _ in range(tempfile.TMP_MAX):
        partial = f"{dst}.{uuid.uuid4().hex}.partial"
        try:
            out = open(partial, "x+b")  # noqa: SIM115 - closed in the finally below
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(errno.EEXIST, "No usable temporary file name found")
    try:
        with urlopen(Request(url, headers={"User-Agent": "ember.hub"})) as response:
            lengths = response.info().get_all("Content-Length")
            size = int(lengths[0]) if lengths else None
            digest = hashlib.sha256() if hash_prefix is not None else None
            with _progress_bar(size, progress) as bar:
                while chunk := response.read(READ_DATA_CHUNK):
                    out.write(chunk)
                    if digest is not None:
                        digest.update(chunk)
                    bar.update(len(chunk))
        out.close()
        if digest is not None:
            got = digest.hexdigest()
            if got[:len(hash_prefix)] != hash_prefix:
                raise RuntimeError(f'invalid hash value (expected "{hash_prefix}", got "{got}")')
        shutil.move(partial, dst)
    finally:
        out.close()
        if os.path.exists(partial):
            os.remove(partial)


def _safe_extract(archive, directory):
    """Extract a zip whose entries all stay inside ``directory`` (no absolute paths, no
    ``..``): a hostile archive raises ValueError instead of writing elsewhere."""
    root = Path(directory).resolve()
    for member in archive.infolist():
        name = os.path.normpath(member.filename)
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise ValueError(f"Archive entry has absolute path: {member.filename}")
        if ".." in re.split(r"[/\\]", name):
            raise ValueError(f"Archive entry contains directory traversal: {member.filename}")
        if not (root / name).resolve().is_relative_to(root):
            raise ValueError(f"Archive entry escapes target directory: {member.filename}")
        archive.extract(member, root)


def _is_legacy_zip(path):
    """torch < 1.6 checkpoints were sometimes shipped zipped by hand: one file in a zip."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    return len(members) == 1 and not members[0].is_dir()


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True,
                             check_hash=False, file_name=None, weights_only=None):
    """Download a checkpoint once (into ``model_dir``, default ``<hub dir>/checkpoints``) and
    load it with ``ember.load``.

    Args:
        url: where the checkpoint is.
        model_dir: the directory to keep it in.
        map_location: passed to ``ember.load``.
        progress: show a progress bar while downloading.
        check_hash: verify the download against the hash in its file name
            (``name-<sha256 prefix>.ext``).
        file_name: the name to store it under (default: the URL's).
        weights_only: passed to ``ember.load`` (None: its default, True).

    Returns:
        The loaded object (a state dict).
    """
    if os.getenv("TORCH_MODEL_ZOO"):
        warnings.warn("TORCH_MODEL_ZOO is deprecated, please use env TORCH_HOME instead",
                      stacklevel=_user_stacklevel())
    if model_dir is None:
        model_dir = os.path.join(get_dir(), "checkpoints")
    os.makedirs(model_dir, exist_ok=True)
    filename = file_name if file_name is not None else os.path.basename(urlparse(url).path)
    cached = os.path.join(model_dir, filename)
    if not os.path.exists(cached):
        sys.stdout.write(f'Downloading: "{url}" to {cached}\n')
        match = HASH_REGEX.search(filename) if check_hash else None
        download_url_to_file(url, cached, match.group(1) if match else None,
                             progress=progress)
    from .serialization import load as _load
    options = {} if weights_only is None else {"weights_only": weights_only}
    if _is_legacy_zip(cached):
        warnings.warn("Falling back to the old format < 1.6. This support will be deprecated "
                      "in favor of default zipfile format introduced in 1.6. Please redo "
                      "ember.save() to save it in the new zipfile format.", FutureWarning,
                      stacklevel=_user_stacklevel())
        with zipfile.ZipFile(cached) as archive:
            _safe_extract(archive, model_dir)
            cached = os.path.join(model_dir, archive.infolist()[0].filename)
    return _load(cached, map_location=map_location, **options)


# --- repositories -------------------------------------------------------------------------------

def _parse_repo(github):
    """(owner, name, ref) of ``"owner/name[:ref]"``; without a ref, main or master."""
    repo, _, ref = github.partition(":")
    owner, name = repo.split("/")
    if ref:
        return owner, name, ref
    try:
        with urlopen(f"https://github.com/{owner}/{name}/tree/main/"):
            return owner, name, "main"
    except HTTPError as error:
        if error.code == 404:
            return owner, name, "master"
        raise
    except URLError as error:
        for candidate in ("main", "master"):  # offline: a cached copy will do
            if os.path.exists(os.path.join(get_dir(), f"{owner}_{name}_{candidate}")):
                return owner, name, candidate
        raise RuntimeError("It looks like there is no internet connection and the repo could "
                           f"not be found in the cache ({get_dir()})") from error


def _check_trusted(owner, name, owner_name_ref, trust_repo):
    """torch's trust rule: repositories of trusted owners, listed in ``trusted_list``, or
    already downloaded pass; others need the user's yes (unless ``trust_repo`` is True or
    None); a repository let through is added to the list."""
    hub_dir = get_dir()
    listing = os.path.join(hub_dir, "trusted_list")
    Path(listing).touch()
    with open(listing) as file:
        trusted = {line.strip() for line in file}
    owner_name = f"{owner}_{name}"
    is_trusted = (owner_name in trusted or owner_name_ref in next(os.walk(hub_dir))[1]
                  or owner in _TRUSTED_REPO_OWNERS)
    if trust_repo is False or (trust_repo == "check" and not is_trusted):
        answer = input(f"The repository {owner_name} does not belong to the list of trusted "
                       "repositories and as such cannot be downloaded. Do you trust this "
                       "repository and wish to add it to the trusted list of repositories "
                       "(y/N)?")
        if answer.lower() in ("y", "yes"):
            if is_trusted:
                print("The repository is already trusted.")
        elif answer.lower() in ("n", "no", ""):
            raise Exception("Untrusted repository.")  # noqa: TRY002 - torch's exception type
        else:
            raise ValueError(f"Unrecognized response {answer}.")
    if not is_trusted:
        with open(listing, "a") as file:
            file.write(owner_name + "\n")


def _git_archive_link(owner, name, ref):
    return f"https://github.com/{owner}/{name}/zipball/{ref}"


def _validate_not_a_fork(owner, name, ref):
    """The ref must be a branch, tag or commit of the repository itself, not of a fork."""
    headers = {"Accept": "application/vnd.github.v3+json"}
    token = os.environ.get(ENV_GITHUB_TOKEN)
    if token is not None:
        headers["Authorization"] = f"token {token}"
    for kind in ("branches", "tags"):
        page = 0
        while True:
            page += 1
            url = f"https://api.github.com/repos/{owner}/{name}/{kind}?per_page=100&page={page}"
            with urlopen(Request(url, headers=headers)) as response:
                entries = json.loads(response.read().decode())
            if not entries:
                break
            if any(e["name"] == ref or e["commit"]["sha"].startswith(ref) for e in entries):
                return
    raise ValueError(f"Cannot find {ref} in https://github.com/{owner}/{name}. If it's a "
                     "commit from a forked repo, please call hub.load() with forked repo "
                     "directly.")


def _repo_dir(github, force_reload, trust_repo, verbose=True, skip_validation=False):
    """The local directory of a GitHub repository, downloaded on first use."""
    hub_dir = get_dir()
    os.makedirs(hub_dir, exist_ok=True)
    owner, name, ref = _parse_repo(github)
    flat_ref = ref.replace("/", "_")
    owner_name_ref = f"{owner}_{name}_{flat_ref}"
    repo_dir = os.path.join(hub_dir, owner_name_ref)
    _check_trusted(owner, name, owner_name_ref, trust_repo)
    if not force_reload and os.path.exists(repo_dir):
        if verbose:
            sys.stderr.write(f"Using cache found in {repo_dir}\n")
        return repo_dir
    if not skip_validation:
        _validate_not_a_fork(owner, name, ref)
    archive_path = os.path.join(hub_dir, flat_ref + ".zip")
    _remove(archive_path)
    url = _git_archive_link(owner, name, ref)
    sys.stdout.write(f'Downloading: "{url}" to {archive_path}\n')
    download_url_to_file(url, archive_path, progress=False)
    with zipfile.ZipFile(archive_path) as archive:
        top = archive.infolist()[0].filename.split("/")[0]  # the archive's one folder
        extracted = os.path.join(hub_dir, top)
        _remove(extracted)
        _safe_extract(archive, hub_dir)
    _remove(archive_path)
    _remove(repo_dir)
    shutil.move(extracted, repo_dir)
    return repo_dir


def _remove(path):
    if os.path.isfile(path):
        os.remove(path)
    elif os.path.exists(path):
        shutil.rmtree(path)


@contextlib.contextmanager
def _on_sys_path(path):
    sys.path.insert(0, path)
    try:
        yield
    finally:
        sys.path.remove(path)


def _hubconf(repo_dir):
    """The repository's hubconf module, imported with the repository on sys.path."""
    with _on_sys_path(repo_dir):
        spec = importlib.util.spec_from_file_location(MODULE_HUBCONF,
                                                      os.path.join(repo_dir, MODULE_HUBCONF))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


def _entry(module, model):
    if not isinstance(model, str):
        raise ValueError("Invalid input: model should be a string of function name")
    missing = [d for d in getattr(module, VAR_DEPENDENCY, None) or ()
               if importlib.util.find_spec(d) is None]
    if missing:
        raise RuntimeError(f"Missing dependencies: {', '.join(missing)}")
    func = getattr(module, model, None)
    if func is None or not callable(func):
        raise RuntimeError(f"Cannot find callable {model} in hubconf")
    return func


def list(github, force_reload=False, skip_validation=False, trust_repo="check", verbose=True):
    """The entry points (public callables) a GitHub repository's hubconf.py offers.

    Args:
        github: ``"owner/name[:ref]"``.
        force_reload: download again even if cached.
        skip_validation: do not check that the ref belongs to the repository itself.
        trust_repo: "check", True, False or None, as in torch.
        verbose: say when the cache is used.

    Returns:
        A list of names.
    """
    module = _hubconf(_repo_dir(github, force_reload, trust_repo, verbose, skip_validation))
    return [n for n in dir(module) if callable(getattr(module, n)) and not n.startswith("_")]


def help(github, model, force_reload=False, skip_validation=False, trust_repo="check"):
    """The docstring of entry point ``model`` of a GitHub repository's hubconf.py.

    Args:
        github: ``"owner/name[:ref]"``.
        model: the entry point's name.
        force_reload: download again even if cached.
        skip_validation: do not check that the ref belongs to the repository itself.
        trust_repo: "check", True, False or None, as in torch.

    Returns:
        A string (or None).
    """
    module = _hubconf(_repo_dir(github, force_reload, trust_repo, True, skip_validation))
    return _entry(module, model).__doc__


def load(repo_or_dir, model, *args, source="github", trust_repo="check", force_reload=False,
         verbose=True, skip_validation=False, **kwargs):
    """Call entry point ``model`` of a repository's hubconf.py with ``*args, **kwargs``.

    Args:
        repo_or_dir: ``"owner/name[:ref]"`` (source "github") or a directory (source "local").
        model: the entry point's name.
        source: "github" or "local".
        trust_repo: "check", True, False or None, as in torch.
        force_reload: download again even if cached.
        verbose: say when the cache is used.
        skip_validation: do not check that the ref belongs to the repository itself.

    Returns:
        What the entry point returns (usually an nn.Module).
    """
    source = source.lower()
    if source not in ("github", "local"):
        raise ValueError(f'Unknown source: "{source}". Allowed values: "github" | "local".')
    if source == "github":
        repo_or_dir = _repo_dir(repo_or_dir, force_reload, trust_repo, verbose, skip_validation)
    with _on_sys_path(repo_or_dir):
        module = _hubconf(repo_or_dir)
        return _entry(module, model)(*args, **kwargs)

