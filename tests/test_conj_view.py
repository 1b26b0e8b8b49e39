"""``conj()`` as a lazy view: shared memory and version, writes both ways, views of views,
autograd through it, and what resolves it, each compared with torch where that is installed."""
from __future__ import annotations

import gc
import io

import numpy as np
import pytest
from conftest import TORCH, as_cpu_text, check_gradients, requires_torch, torch_load
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from ember import _conj


def _values(t):
    """A tensor's values as NumPy, whatever lazy bit it carries (ember or torch)."""
    return np.array(t.detach().resolve_conj().resolve_neg().cpu().numpy())


def test_conj_shares_memory_and_version_both_ways():
    x = ember.tensor([1 + 1j, 2 + 2j])
    y = x.conj()
    assert y.is_conj() and ember.is_conj(y) and not x.is_conj()
    assert y._base is x and y.data_ptr() == x.data_ptr()
    x[0] = 5 + 5j
    assert _values(y).tolist() == [5 - 5j, 2 - 2j]
    y[1] = 7 + 7j
    assert _values(x).tolist() == [5 + 5j, 7 - 7j]
    assert x._version == y._version == 2


def test_real_tensor_conj_is_the_tensor_itself():
    x = ember.tensor([1.0, -2.0])
    assert x.conj() is x and not x.conj().is_conj()


def test_resolve_and_what_refuses_a_conj_view():
    x = ember.tensor([1 + 2j])
    y = x.conj()
    with pytest.raises(RuntimeError, match="conjugate bit set. Use tensor.resolve_conj"):
        y.numpy()
    with pytest.raises(RuntimeError, match="conjugate bit set"):
        np.asarray(y)
    assert y.numpy(force=True).tolist() == [1 - 2j]
    with pytest.raises(RuntimeError, match="view_as_real doesn't work on unresolved"):
        ember.view_as_real(y)
    with pytest.raises(RuntimeError, match="not supported for conjugate view tensors"):
        y.view(ember.complex64)
    for resolved in (y.resolve_conj(), y.clone(), y.to(ember.complex128)):
        assert not resolved.is_conj() and resolved.data_ptr() != x.data_ptr()
        assert _values(resolved).tolist() == [1 - 2j]
    assert y.to(ember.complex64) is y and y.to(y.device) is y and y.contiguous() is y


def test_conj_of_conj_is_a_plain_view_of_the_source():
    x = ember.tensor([1 + 2j, 3 - 1j])
    z = x.conj().conj()
    assert not z.is_conj() and z._base is x and z.data_ptr() == x.data_ptr()
    z[0] = 9j
    assert _values(x).tolist() == [9j, 3 - 1j]


def test_views_of_a_conj_view_stay_conjugate_views_of_the_source():
    m = ember.tensor([[1 + 1j, 2 + 0j], [3 + 0j, 4j]])
    c = m.conj()
    for view in (c.t(), c.T, c.mT, c[0], c[:, 1], c.reshape(4), c.unsqueeze(0), c.narrow(0, 1, 1),
                 c.expand(2, 2, 2), c.detach(), c.data):
        assert view.is_conj()
    assert not c.mH.is_conj() and m.mH.is_conj()
    row = c[1]
    assert row.storage_offset() == 2 and row.data_ptr() == m[1].data_ptr()
    row.mul_(2)
    assert _values(m).tolist() == [[1 + 1j, 2], [6, 8j]]
    c.t()[0, 1] = 1 + 1j  # c[1, 0] is m[1, 0] conjugated
    assert _values(m)[1, 0] == 1 - 1j


def test_imag_of_a_conj_view_is_negated_and_writes_back():
    x = ember.tensor([1 + 2j, 2 + 2j])
    y = x.conj()
    imag, real = y.imag, y.real
    assert imag.is_neg() and not imag.is_conj() and not real.is_neg()
    assert _values(imag).tolist() == [-2.0, -2.0] and _values(real).tolist() == [1.0, 2.0]
    assert real._base is x and imag._base is x
    imag.mul_(2)
    assert _values(x).tolist() == [1 + 4j, 2 + 4j]
    with pytest.raises(RuntimeError, match="negative bit set. Use tensor.resolve_neg"):
        imag.numpy()
    assert not imag.resolve_neg().is_neg()


def test_in_place_ops_through_the_view_write_conjugates():
    x = ember.tensor([1 + 1j, 2 + 2j])
    y = x.conj()
    y.add_(1)
    assert _values(x).tolist() == [2 + 1j, 3 + 2j]
    y.copy_(ember.tensor([1 + 2j, 3 + 4j]))
    assert _values(x).tolist() == [1 - 2j, 3 - 4j]
    y.fill_(1 + 1j)
    assert _values(x).tolist() == [1 - 1j, 1 - 1j]
    y.index_put_((ember.tensor([0]),), ember.tensor([1 + 3j]))
    assert _values(x).tolist() == [1 - 3j, 1 - 1j]
    y.zero_()
    assert _values(x).tolist() == [0, 0]
    ember.add(ember.tensor([1j, 2j]), 1, out=y)
    assert _values(x).tolist() == [1 - 1j, 1 - 2j]


def test_conj_physical_stays_eager():
    x = ember.tensor([1 + 2j])
    p = ember.conj_physical(x)
    assert not p.is_conj() and p.data_ptr() != x.data_ptr()
    w = x.clone()
    wc = w.conj()
    w.conj_physical_()
    assert _values(wc).tolist() == [1 + 2j] and wc.is_conj()


def test_mirrors_are_freed_with_their_views():
    gc.collect()
    before = len(_conj.LIVE)
    x = ember.tensor([1 + 2j, 3j])
    views = [x.conj(), x.conj()[1:]]
    assert len(_conj.LIVE) > before
    del views
    gc.collect()
    assert len(_conj.LIVE) == before


def test_save_and_load_keep_the_conj_bit(tmp_path):
    x = ember.tensor([1 + 2j, 3 - 4j])
    buffer = io.BytesIO()
    ember.save({"y": x.conj(), "x": x}, buffer)
    buffer.seek(0)
    loaded = ember.load(buffer)
    assert loaded["y"].is_conj() and _values(loaded["y"]).tolist() == [1 - 2j, 3 + 4j]
    loaded["x"][0] = 0j  # one storage in the file: the loaded views share it again
    assert _values(loaded["y"]).tolist() == [0j, 3 + 4j]


@requires_torch
def test_checkpoint_conj_bit_moves_between_torch_and_ember(tmp_path):
    path = str(tmp_path / "conj.pt")
    TORCH.save(TORCH.tensor([1 + 2j, 3 - 4j]).conj(), path)
    ours = ember.load(path)
    assert ours.is_conj() and _values(ours).tolist() == [1 - 2j, 3 + 4j]
    ember.save(ember.tensor([1 + 2j]).conj(), path)
    theirs = torch_load(path)
    assert theirs.is_conj() and theirs.resolve_conj().tolist() == [1 - 2j]


@requires_torch
def test_printing_matches_torch():
    for lib in (ember, TORCH):
        x = lib.tensor([1 + 1j, -2.5 + 0j])
        y = x.conj()
        text = as_cpu_text(repr(y)).replace("torch", "ember")
        if lib is ember:
            ours = text
        else:
            assert ours == text
    assert as_cpu_text(repr(ember.tensor([1 + 1j], requires_grad=True).conj())) == \
        "tensor([1.-1.j], grad_fn=<ConjBackward0>)"


def test_gradients_through_a_conj_view():
    a = ember.tensor([1 + 2j, 3 - 1j], dtype=ember.complex128, requires_grad=True)
    check_gradients(lambda t: (t.conj() * t).real, a)
    check_gradients(lambda t: t.conj()[1:] * 2j, a)

    def written_through_view(t):
        b = t * 1
        c = b.conj()
        c.mul_(2j)
        return b * (1 + 1j) + c.imag

    check_gradients(written_through_view, a)

    def source_changed_under_view(t):
        b = t * 1
        c = b.conj()
        b.mul_(3 - 1j)
        return c * c

    check_gradients(source_changed_under_view, a)


@requires_torch
def test_gradients_match_torch_after_in_place_through_the_view():
    results = []
    for lib in (ember, TORCH):
        a = lib.tensor([1 + 2j, 3 - 1j], dtype=lib.complex128, requires_grad=True)
        b = a * 1
        c = b.conj()
        c.mul_(2j)
        assert c.grad_fn.name() == "ConjBackward0" and "CopySlices" in b.grad_fn.name()
        weights = lib.tensor([2 + 1j, 1 - 1j], dtype=lib.complex128)
        ((b * weights).abs().sum() + c.real.sum()).backward()
        results.append(a.grad.detach().cpu().numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        ember.tensor([1j], requires_grad=True).conj().mul_(2)


# --- random sequences of writes through the source, the conj view and views of each ----------

_TARGETS = ("x", "y", "x_row", "y_row", "y_t", "y_col", "y_imag", "x_real", "yy")
_WRITES = ("add", "mul", "fill", "zero", "setitem", "copy", "index_put", "sub_out")


def _views(lib, x):
    y = x.conj()
    return {"x": x, "y": y, "x_row": x[1], "y_row": y[0], "y_t": y.t(), "y_col": y[:, 2],
            "y_imag": y.imag, "x_real": x.real, "yy": y.conj()}


def _write(lib, target, kind, value):
    if kind == "add":
        target.add_(value)
    elif kind == "mul":
        target.mul_(value)
    elif kind == "fill":
        target.fill_(value)
    elif kind == "zero":
        target.zero_()
    elif kind == "setitem":
        target[(0,) * target.dim()] = value
    elif kind == "copy":
        target.copy_(lib.full(target.shape, value, dtype=target.dtype))
    elif kind == "index_put":
        target.index_put_((lib.tensor([0]),), lib.tensor(value, dtype=target.dtype))
    else:
        lib.sub(target.detach().resolve_conj().resolve_neg().clone(), value, out=target)


@requires_torch
@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TARGETS), st.sampled_from(_WRITES),
                          st.complex_numbers(max_magnitude=4, allow_nan=False,
                                             allow_infinity=False)),
                min_size=1, max_size=8))
def test_random_writes_match_torch(steps):
    start = np.arange(12).reshape(3, 4) + 1j * np.arange(12, 24).reshape(3, 4)
    states = {}
    for lib in (ember, TORCH):
        wide = lib.tensor(start)
        views = _views(lib, wide[:, :3])  # a 3x3 view of a wider tensor: gaps in memory
        views["wide"] = wide
        trace = []
        for name, kind, value in steps:
            target = views[name]
            if not target.is_complex():
                value = value.real
            _write(lib, target, kind, value)
            trace.append({key: _values(view) for key, view in views.items()})
            trace.append({key: view._version for key, view in views.items()})
        states[lib] = trace
    # complex multiplication rounds differently in torch's vectorised kernel (last bit), with or
    # without a conj view; versions and every value otherwise agree.
    for ours, theirs in zip(states[ember], states[TORCH]):
        assert ours.keys() == theirs.keys()
        for key in ours:
            np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-13, atol=1e-13,
                                       err_msg=key)
