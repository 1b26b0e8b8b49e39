"""Storages: Tensor.untyped_storage(), Tensor.storage(), set_ and the storage classes, compared
with torch's."""
import warnings

import numpy as np
import pytest

import ember
from ember import _deprecated
from tests.conftest import CPU_PRINTOUT, TORCH, cpu_only, requires_torch


def _quiet_storage(t):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return t.storage()


@cpu_only(CPU_PRINTOUT)
@requires_torch
@pytest.mark.parametrize("make", [
    lambda lib: lib.arange(6.0),
    lambda lib: lib.arange(6.0)[2:],
    lambda lib: lib.arange(12).reshape(3, 4).t(),
    lambda lib: lib.arange(6.0, dtype=lib.float64).reshape(2, 3)[:, 1],
    lambda lib: lib.tensor([True, False]),
    lambda lib: lib.empty(0),
])
def test_untyped_storage_reports_what_torch_reports(make):
    def report(lib):
        t = make(lib)
        s = t.untyped_storage()
        return (s.nbytes(), s.size(), len(s), s.element_size(), str(s.device), s.tolist(),
                t.storage_offset(), s.data_ptr() == t.data_ptr() - t.storage_offset() *
                t.element_size(), s.is_shared(), repr(s).replace("torch", "ember"),
                s.type().replace("torch", "ember"))
    assert report(ember) == report(TORCH)


def test_views_share_one_storage_and_writes_alias():
    a = ember.arange(6.0)
    s = a.untyped_storage()
    assert a[1:].untyped_storage().data_ptr() == s.data_ptr()
    assert a[1:].untyped_storage() is s  # one object per storage, as torch keeps
    assert a.view(2, 3).t().untyped_storage().nbytes() == 24
    s[0:4][0] = 0  # bytes of element 0: the low byte of 0.0 stays 0
    s[6], s[7] = 0x00, 0x40  # element 1: 1.0 (0x3f800000) becomes 0x40000000 = 2.0
    assert a.tolist() == [0.0, 2.0, 2.0, 3.0, 4.0, 5.0]


@cpu_only(CPU_PRINTOUT)
@requires_torch
def test_typed_storage_warns_and_reads_elements_as_torch():
    def report(lib):
        # Both warn once per process: start each from "not warned yet", then check the once.
        if lib is TORCH:
            TORCH.storage._warn_typed_storage_removal.__dict__["has_warned"] = False
        else:
            _deprecated._warned.discard("typed_storage")
        t = lib.tensor([0.1, 2.5, -1.0])[1:]
        with pytest.warns(UserWarning) as record:
            ts = t.storage()
        message = str(record[0].message)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            t.storage()
        return (message, ts.dtype == t.dtype, ts.size(), len(ts), ts.nbytes(), ts.element_size(),
                ts.tolist(), ts[1], ts.type().replace("torch", "ember"),
                repr(ts).replace("torch", "ember"), ts.data_ptr() == t.untyped_storage().data_ptr(),
                ts.untyped().nbytes())
    assert report(ember) == report(TORCH)


@requires_torch
@pytest.mark.parametrize("name", ["FloatStorage", "DoubleStorage", "LongStorage", "IntStorage",
                                  "ByteStorage", "BoolStorage", "HalfStorage"])
def test_legacy_storage_classes(name):
    def report(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            cls = getattr(lib, name)
            made = cls([1, 0, 1])
            sized = cls(4)
            return (made.tolist(), str(made.dtype).split(".")[-1], sized.size(), sized.nbytes(),
                    isinstance(made, lib.TypedStorage), made.type().replace("torch", "ember"),
                    lib.is_storage(made))
    assert report(ember) == report(TORCH)


@requires_torch
def test_untyped_storage_constructor_and_module_path():
    def report(lib):
        u = lib.UntypedStorage(8)
        given = lib.UntypedStorage([1, 2, 255])
        import importlib
        module = importlib.import_module(f"{lib.__name__}.storage")
        return (u.nbytes(), given.tolist(), module.UntypedStorage is lib.UntypedStorage,
                module.TypedStorage is lib.TypedStorage, lib.is_storage(u),
                lib.is_storage(lib.zeros(2)), repr(lib.UntypedStorage(0)).replace("torch", "ember"))
    assert report(ember) == report(TORCH)


@requires_torch
def test_set_aliases_the_storage():
    def report(lib):
        a = lib.arange(6.0)
        b = lib.empty(0).set_(a.untyped_storage(), 1, (2, 2), (2, 1))
        b[0, 0] = 100.0
        c = lib.empty(0).set_(a)
        typed = lib.empty(0).set_(_quiet_storage(a), 2, (3,))
        whole = lib.empty(0).set_(a.untyped_storage())
        cleared = lib.arange(3.0).set_()
        return (b.tolist(), a.tolist(), c.tolist(), c.data_ptr() == a.data_ptr(),
                b.storage_offset(), b.stride(), typed.tolist(), whole.shape, cleared.shape,
                b.untyped_storage().data_ptr() == a.untyped_storage().data_ptr())
    assert report(ember) == report(TORCH)


def test_set_checks_the_geometry_and_dtype():
    a = ember.arange(6.0)
    with pytest.raises(RuntimeError, match="out of bounds for storage"):
        ember.empty(0).set_(a.untyped_storage(), 0, (7,), (1,))
    with pytest.raises(RuntimeError, match="Could not set tensor of type Double"):
        ember.empty(0, dtype=ember.float64).set_(a)
    with pytest.raises(TypeError, match="must be Storage or Tensor"):
        ember.empty(0).set_([1, 2])


def test_shared_memory_shows_in_the_storage():
    a = ember.arange(6.0, device="cpu")  # host memory: a CUDA tensor always counts as shared
    assert not a.untyped_storage().is_shared()
    a.share_memory_()
    assert a.is_shared() and a.untyped_storage().is_shared()
    assert a[2:].untyped_storage().data_ptr() == a.untyped_storage().data_ptr()
    raw = ember.UntypedStorage(16).share_memory_()
    assert raw.is_shared() and raw.nbytes() == 16


@requires_torch
def test_meta_storage_has_a_size_and_no_bytes():
    def report(lib):
        t = lib.empty(2, 3, device="meta")
        s = t.untyped_storage()
        with pytest.raises(NotImplementedError) as info:
            s.tolist()
        return (s.nbytes(), str(s.device), s.data_ptr(), repr(s).replace("torch", "ember"),
                str(info.value), t[1].untyped_storage().nbytes())
    assert report(ember) == report(TORCH)


def test_storage_bytes_match_numpy_layout():
    t = ember.tensor([1.5, -2.0], dtype=ember.float64)
    raw = bytes(t.untyped_storage().tolist())
    assert raw == np.array([1.5, -2.0]).tobytes()


# ---------------------------------------------------------------------- from_file, asarray, view
# (what safetensors' safe_open calls on the torch module it loads into: bytes mapped from the
# file, a slice of them, asarray(storage, dtype=uint8), then view(dtype=...))

def _outcome(fn):
    try:
        value = fn()
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return f"{type(error).__name__}: {error}".replace("torch", "ember")
    if hasattr(value, "tolist"):
        return value.tolist(), str(getattr(value, "dtype", "")).replace("torch", "ember")
    return value


@requires_torch
def test_from_file_maps_bytes_as_torch_does(tmp_path):
    path = tmp_path / "bytes.bin"
    path.write_bytes(bytes(range(10)))
    missing = str(tmp_path / "missing.bin")

    def report(lib):
        private = lib.UntypedStorage.from_file(str(path), shared=False, nbytes=8)
        private[0] = 99  # copy-on-write: the file keeps its byte
        results = [private.tolist(), private.nbytes(), private.is_shared(), str(private.device),
                   private[2:5].tolist(), path.read_bytes()[0],
                   lib.UntypedStorage.from_file(str(path)).nbytes()]
        for call in (lambda: lib.UntypedStorage.from_file(str(path), False, 20),
                     lambda: lib.UntypedStorage.from_file(missing, shared=False, nbytes=4)):
            results.append(_outcome(call))
        return results
    assert report(ember) == report(TORCH)


@requires_torch
def test_from_file_shared_writes_reach_the_file(tmp_path):
    def report(lib, name):
        path = tmp_path / name
        storage = lib.UntypedStorage.from_file(str(path), shared=True, nbytes=6)
        first = (storage.tolist(), storage.is_shared())
        storage[1] = 7
        del storage
        written = path.read_bytes()
        again = lib.UntypedStorage.from_file(str(path), shared=True, nbytes=3)
        return first, written, again.tolist(), path.read_bytes()
    assert report(ember, "ours.bin") == report(TORCH, "theirs.bin")


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, s: lib.asarray(s, dtype=lib.uint8),
    lambda lib, s: lib.asarray(s, dtype=lib.int16),
    lambda lib, s: lib.asarray(s),
    lambda lib, s: lib.asarray(s[:6], dtype=lib.float32),
    lambda lib, s: lib.asarray(s[4:], dtype=lib.uint8).view(dtype=lib.float32),
    lambda lib, s: lib.asarray(s, dtype=lib.uint8).view(dtype=lib.float64).reshape([1]),
    lambda lib, s: lib.asarray(s, dtype=lib.uint8).view(size=(2, 4)),
    lambda lib, s: lib.asarray(s, dtype=lib.uint8).view(2, dtype=lib.int16),
    lambda lib, s: lib.asarray(s, dtype=lib.uint8).view(size=(8,), dtype=lib.int16),
])
def test_asarray_of_a_storage_and_view_by_keyword_match_torch(call):
    def report(lib):
        return _outcome(lambda: call(lib, lib.tensor([1.0, 2.0]).untyped_storage()))
    assert report(ember) == report(TORCH)


def test_asarray_of_a_storage_shares_its_memory():
    t = ember.tensor([1.0, 2.0])
    raw = ember.asarray(t.untyped_storage(), dtype=ember.uint8)
    assert raw.data_ptr() == t.data_ptr()
    raw.view(dtype=ember.float32)[1] = 5.0
    assert t.tolist() == [1.0, 5.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert ember.asarray(t.storage()).tolist() == [1.0, 5.0]
