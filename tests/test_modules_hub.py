"""ember.hub and ember.utils.model_zoo with no internet: file:// URLs, a local HTTP server,
local and cached hub repositories; checkpoints compared with torch.hub where torch is here."""
from __future__ import annotations

import hashlib
import http.server
import importlib
import os
import threading
import zipfile

import pytest
from conftest import TORCH, requires_torch

import ember
from ember import hub

MODULES = [pytest.param("ember", id="ember"),
           pytest.param("torch", id="torch", marks=requires_torch)]

HUBCONF = '''dependencies = []


def tiny(n=2, *, scale=1):
    """A list of n scaled ones."""
    return [scale] * n


def _helper():
    return None


needs_missing = 3
'''


@pytest.fixture
def hub_dir(tmp_path):
    """A fresh hub directory for ember (and torch), restored afterwards."""
    before = hub._hub_dir
    hub.set_dir(tmp_path / "hub")
    before_torch = TORCH.hub.get_dir() if TORCH is not None else None
    if TORCH is not None:
        TORCH.hub.set_dir(str(tmp_path / "hub"))
    yield tmp_path / "hub"
    hub._hub_dir = before
    if TORCH is not None:
        TORCH.hub.set_dir(before_torch)


@pytest.fixture
def server(tmp_path):
    """An HTTP server on localhost serving tmp_path/www."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_is_atomic_and_hash_checked(tmp_path):
    source = tmp_path / "data.bin"
    source.write_bytes(os.urandom(300_000))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    target = tmp_path / "out" / "copy.bin"
    target.parent.mkdir()
    hub.download_url_to_file(source.as_uri(), str(target), hash_prefix=digest[:10],
                             progress=False)
    assert target.read_bytes() == source.read_bytes()
    bad = tmp_path / "out" / "bad.bin"
    with pytest.raises(RuntimeError, match=f'invalid hash value \\(expected "0000", got '
                                           f'"{digest}"\\)'):
        hub.download_url_to_file(source.as_uri(), str(bad), hash_prefix="0000", progress=False)
    assert sorted(os.listdir(target.parent)) == ["copy.bin"]  # no partial file, no bad.bin


def test_state_dict_from_a_local_server_is_cached(hub_dir, server, capsys):
    root, url = server
    model = ember.nn.Linear(3, 2)
    ember.save(model.state_dict(), root / "weights.pt")
    digest = hashlib.sha256((root / "weights.pt").read_bytes()).hexdigest()
    named = f"linear-{digest[:8]}.pt"
    os.rename(root / "weights.pt", root / named)
    state = ember.utils.model_zoo.load_url(f"{url}/{named}", check_hash=True, progress=False)
    assert ember.equal(state["weight"], model.weight.detach())
    cached = hub_dir / "checkpoints" / named
    assert cached.exists() and "Downloading" in capsys.readouterr().out
    os.remove(root / named)  # a second call reads the cache, with no download
    again = hub.load_state_dict_from_url(f"{url}/{named}", progress=False)
    assert ember.equal(again["bias"], model.bias.detach())
    assert capsys.readouterr().out == ""


def test_a_corrupted_download_is_refused(hub_dir, tmp_path):
    source = tmp_path / "ckpt-deadbeef.pt"
    ember.save({"a": ember.ones(2)}, source)
    with pytest.raises(RuntimeError, match="invalid hash value"):
        hub.load_state_dict_from_url(source.as_uri(), check_hash=True, progress=False)
    assert os.listdir(hub_dir / "checkpoints") == []


class Custom:
    def __init__(self):
        self.value = 3


def test_weights_only_by_default(hub_dir, tmp_path):
    source = tmp_path / "pickled.pt"
    ember.save({"obj": Custom()}, source)
    with pytest.raises(Exception, match="(?i)weights.only|unsupported|global"):
        hub.load_state_dict_from_url(source.as_uri(), progress=False)
    loaded = hub.load_state_dict_from_url(source.as_uri(), progress=False, weights_only=False,
                                          file_name="again.pt")
    assert loaded["obj"].value == 3


def test_legacy_zipped_checkpoint(hub_dir, tmp_path):
    inner = tmp_path / "inner.pt"
    ember.save({"w": ember.arange(3)}, inner)
    archive = tmp_path / "legacy.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(inner, "inner.pt")
    with pytest.warns(FutureWarning, match="old format"):
        state = hub.load_state_dict_from_url(archive.as_uri(), progress=False)
    assert state["w"].tolist() == [0, 1, 2]


@requires_torch
def test_checkpoints_move_between_torch_and_ember(hub_dir, tmp_path):
    torch_model = TORCH.nn.Linear(2, 2)
    TORCH.save(torch_model.state_dict(), tmp_path / "from_torch.pt")
    ours = hub.load_state_dict_from_url((tmp_path / "from_torch.pt").as_uri(), progress=False)
    assert ours["weight"].tolist() == torch_model.weight.tolist()
    theirs = TORCH.hub.load_state_dict_from_url((tmp_path / "from_torch.pt").as_uri(),
                                                progress=False)
    assert theirs["bias"].tolist() == ours["bias"].tolist()


def _repo(directory):
    directory.mkdir(parents=True)
    (directory / "hubconf.py").write_text(HUBCONF)
    return directory


@pytest.mark.parametrize("name", MODULES)
def test_local_repository(name, tmp_path, hub_dir):
    lib = importlib.import_module(f"{name}.hub")
    repo = _repo(tmp_path / "repo")
    assert lib.load(str(repo), "tiny", 3, source="local", scale=2) == [2, 2, 2]
    with pytest.raises(RuntimeError, match="Cannot find callable needs_missing in hubconf"):
        lib.load(str(repo), "needs_missing", source="local")
    with pytest.raises(RuntimeError, match="Cannot find callable nothing in hubconf"):
        lib.load(str(repo), "nothing", source="local")
    with pytest.raises(ValueError, match="model should be a string"):
        lib.load(str(repo), 3, source="local")
    with pytest.raises(ValueError, match='Unknown source: "ftp"'):
        lib.load(str(repo), "tiny", source="ftp")
    (repo / "hubconf.py").write_text(HUBCONF.replace("[]", "['no_such_package_here']"))
    with pytest.raises(RuntimeError, match="Missing dependencies: no_such_package_here"):
        lib.load(str(repo), "tiny", source="local")


@pytest.mark.parametrize("name", MODULES)
def test_cached_github_repository(name, hub_dir, capsys):
    lib = importlib.import_module(f"{name}.hub")
    _repo(hub_dir / "someone_models_v1")
    assert lib.list("someone/models:v1", trust_repo=True) == ["tiny"]
    assert "Using cache found in" in capsys.readouterr().err
    assert lib.help("someone/models:v1", "tiny", trust_repo=True) == "A list of n scaled ones."
    assert lib.load("someone/models:v1", "tiny", 1, trust_repo=True, verbose=False) == [1]
    assert (hub_dir / "trusted_list").read_text() == ""  # a downloaded repo counts as trusted


@pytest.mark.parametrize("name", MODULES)
def test_trust_prompt(name, hub_dir, monkeypatch):
    lib = importlib.import_module(f"{name}.hub")
    hub_dir.mkdir(parents=True)
    answers = iter(["n", "maybe"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    with pytest.raises(Exception, match="Untrusted repository."):
        lib.list("stranger/code:main", trust_repo="check")
    with pytest.raises(ValueError, match="Unrecognized response maybe."):
        lib.list("stranger/code:main", trust_repo=False)


def test_github_download_is_extracted_into_the_cache(hub_dir, tmp_path, monkeypatch):
    archive = tmp_path / "zipball.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("someone-models-abc123/hubconf.py", HUBCONF)
        out.writestr("someone-models-abc123/README", "readme")
    monkeypatch.setattr(hub, "_git_archive_link", lambda owner, name, ref: archive.as_uri())
    result = hub.load("someone/models:dev/x", "tiny", 2, trust_repo=True, skip_validation=True)
    assert result == [1, 1]
    assert sorted(os.listdir(hub_dir)) == ["someone_models_dev_x", "trusted_list"]
    assert (hub_dir / "trusted_list").read_text() == "someone_models\n"


def test_hostile_archives_are_refused(tmp_path):
    for entry in ("../escape.txt", "/abs.txt", "a/../../b.txt"):
        archive = tmp_path / "bad.zip"
        with zipfile.ZipFile(archive, "w") as out:
            out.writestr(entry, "x")
        with zipfile.ZipFile(archive) as bad, pytest.raises(ValueError, match="Archive entry"):
            hub._safe_extract(bad, tmp_path / "target")


@requires_torch
def test_hub_dir_is_torchs(monkeypatch, tmp_path):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "home"))
    before = hub._hub_dir
    hub._hub_dir = None
    try:
        assert hub.get_dir() == str(tmp_path / "home" / "hub")
    finally:
        hub._hub_dir = before
