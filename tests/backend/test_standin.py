"""The strict CUDA stand-in refuses what CuPy refuses, and the backend shims agree with NumPy."""
import numpy as np
import pytest

import ember
from ember import _backend, _backend_standin
from ember._device import device

xp = _backend_standin.Namespace(0)


def on_device(values, index=0):
    return _backend_standin.ndarray(np.asarray(values), index)


def test_implicit_conversion_raises_cupys_type_error():
    a = xp.arange(4.0)
    with pytest.raises(TypeError, match="Implicit conversion to a NumPy array is not allowed"):
        np.asarray(a)
    with pytest.raises(TypeError, match="Implicit conversion"):
        np.array(a, dtype=np.float32)
    host = a.get()
    assert type(host) is np.ndarray and host.tolist() == [0.0, 1.0, 2.0, 3.0]
    host[0] = 7  # .get() is a copy
    assert float(a[0]) == 0.0


def test_ufuncs_refuse_host_arrays_but_take_scalars():
    a = xp.ones(3)
    with pytest.raises(TypeError, match="Unsupported type"):
        np.add(a, np.ones(3))
    with pytest.raises(TypeError, match="Unsupported type"):
        _ = np.ones(3) * a
    with pytest.raises(TypeError, match="Unsupported type"):
        np.add(a, np.asarray(2.0))  # a 0-d host array is still a host array
    for scalar in (2, 2.5, np.float32(2), np.int64(3)):
        result = a + scalar
        assert type(result) is _backend_standin.ndarray


def test_results_stay_on_the_device_and_reductions_give_0d_arrays():
    a = xp.arange(6.0).reshape(2, 3)
    assert type(np.exp(a)) is _backend_standin.ndarray
    total = np.sum(a)
    assert type(total) is _backend_standin.ndarray and total.ndim == 0 and float(total) == 15.0
    assert type(a.sum(axis=0)) is _backend_standin.ndarray
    joined = np.concatenate([a, a])
    assert type(joined) is _backend_standin.ndarray and joined.shape == (4, 3)
    assert a[0, 1].item() == 1.0 and a.tolist() == [[0, 1, 2], [3, 4, 5]]


def test_only_the_ufunc_methods_cupy_implements():
    a = xp.zeros(4)
    np.add.at(a, on_device([0, 0, 2]), 1.0)
    assert a.get().tolist() == [2.0, 0.0, 1.0, 0.0]
    assert np.add.accumulate(xp.ones(3)).get().tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(NotImplementedError, match="maximum.accumulate"):
        np.maximum.accumulate(xp.ones(3))
    with pytest.raises(NotImplementedError, match="multiply.at"):
        np.multiply.at(a, on_device([0]), 2.0)
    with pytest.raises(NotImplementedError, match="maximum.reduce"):
        np.maximum.reduce(xp.ones(3))


def test_functions_cupy_lacks_are_refused():
    a = xp.arange(4.0)
    with pytest.raises(NotImplementedError, match="nanpercentile"):
        np.nanpercentile(a, 50)
    with pytest.raises(NotImplementedError, match="insert"):
        np.insert(a, 1, 5.0)
    with pytest.raises(AttributeError, match="no attribute 'nditer'"):
        xp.nditer  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'setflags'"):
        a.setflags(write=False)


def test_devices_do_not_mix():
    with pytest.raises(ValueError, match="Peer access is unavailable"):
        np.add(on_device([1.0], 0), on_device([1.0], 1))
    assert np.add(on_device([1.0], 1), 1.0).device.id == 1


def test_creation_copies_host_data_onto_the_device():
    host = np.arange(3.0)
    a = xp.asarray(host)
    host[0] = 9
    assert a.get().tolist() == [0.0, 1.0, 2.0] and a.device.id == 0
    assert xp.asarray(a) is not None and xp.zeros((2, 2)).shape == (2, 2)
    assert type(xp.random.default_rng(0).standard_normal((3,))) is _backend_standin.ndarray


@pytest.mark.parametrize("ufunc", [np.maximum, np.minimum, np.add, np.logical_or])
@pytest.mark.parametrize("axis", [0, 1])
def test_accumulate_shim_matches_numpy(standin, ufunc, axis):
    values = np.random.default_rng(0).standard_normal((5, 7))
    if ufunc is np.logical_or:
        values = values > 0.5
    expected = ufunc.accumulate(values, axis=axis)
    got = _backend.accumulate(ufunc, on_device(values), axis)
    np.testing.assert_array_equal(got.get(), expected)
    np.testing.assert_array_equal(_backend.accumulate(ufunc, values, axis), expected)


def test_scatter_add_shim_adds_repeated_indices(standin):
    for target in (np.zeros(3), xp.zeros(3)):
        _backend.scatter_add(target, np.array([0, 0, 2]), 1.5)
        assert _backend.to_host(target).tolist() == [3.0, 0.0, 1.5]


def test_stride_tricks_and_special_namespaces(standin):
    a = xp.arange(6.0)
    windows = _backend.sliding_window_view(a, 3)
    assert type(windows) is _backend_standin.ndarray and windows.shape == (4, 3)
    np.testing.assert_array_equal(windows.get(),
                                  np.lib.stride_tricks.sliding_window_view(np.arange(6.0), 3))
    import scipy.special
    assert _backend.special(np) is scipy.special
    got = _backend.special(xp).erf(a)
    np.testing.assert_allclose(got.get(), scipy.special.erf(np.arange(6.0)))
    with pytest.raises(AttributeError, match="cupyx.scipy.special"):
        xp.special.owens_t  # noqa: B018
    # What CuPy lacks runs SciPy's function on a host copy, the result going back to the device.
    h = xp.asarray([0.5, 1.0])
    got = _backend.special(xp).owens_t(h, 0.3)
    assert type(got) is _backend_standin.ndarray and got.device.id == xp.index
    np.testing.assert_allclose(got.get(), scipy.special.owens_t(np.array([0.5, 1.0]), 0.3))


def test_cpu_namespace_is_numpy_and_host_arrays_stay_put():
    assert _backend.namespace(device("cpu")) is np
    a = np.ones(2)
    assert _backend.namespace_of(a) is np and _backend.to_host(a) is a
    assert _backend.to_device(a, device("cpu")) is a


@pytest.mark.parametrize("ufunc", [np.multiply, np.add, np.maximum])
@pytest.mark.parametrize("contiguous", [True, False])
def test_ufunc_at_shim_matches_numpy_with_repeated_indices(standin, ufunc, contiguous):
    rng = np.random.default_rng(1)
    base = rng.uniform(0.5, 2.0, (4, 6))
    index = (np.array([0, 2, 0, 0, 3, 2]), np.array([1, 5, 1, 1, 0, 5]))
    values = rng.uniform(0.5, 2.0, 6)
    expected = base.copy() if contiguous else base.copy().T
    ufunc.at(expected, index if contiguous else index[::-1], values)
    device = on_device(base.copy()) if contiguous else on_device(base.copy()).T
    _backend.ufunc_at(ufunc, device, index if contiguous else index[::-1], on_device(values))
    np.testing.assert_allclose(device.get(), expected, rtol=1e-15)


def test_matmul_is_called_through_numpy_as_cupy_dispatches_its_gufunc():
    a = xp.arange(6.0).reshape(2, 3)
    product = np.matmul(a, a.T)
    assert type(product) is _backend_standin.ndarray
    assert product.get().tolist() == [[5.0, 14.0], [14.0, 50.0]]


LAPACK_OPS = {
    "det": lambda e, a: e.linalg.det(a),
    "lu_factor": lambda e, a: e.linalg.lu_factor(a),
    "lu": lambda e, a: e.linalg.lu(a),
    "geqrf": lambda e, a: e.geqrf(a),
    "ldl_factor": lambda e, a: e.linalg.ldl_factor(a),
    "ldl_solve": lambda e, a: e.linalg.ldl_solve(*e.linalg.ldl_factor(a), a),
    "cholesky_ex": lambda e, a: e.linalg.cholesky_ex(a - 10 * e.eye(3, dtype=a.dtype,
                                                                      device=a.device)),
    "inv_ex_singular": lambda e, a: e.linalg.inv_ex(a * 0),
}


@pytest.mark.parametrize("dtype", ["float64", "complex128"])
@pytest.mark.parametrize("name", sorted(LAPACK_OPS))
def test_lapack_routines_get_host_copies_and_results_come_back_on_the_device(
        standin, monkeypatch, name, dtype):
    """SciPy's f2py LAPACK wrappers must never see a device array: their failed conversion of
    one releases the dtype object twice (NumPy's "Reference count error ... deallocate the
    dtype" lines in the stand-in run, and on a GPU a crash once the count reaches zero)."""
    from scipy.linalg import lapack
    seen = []
    original = lapack.get_lapack_funcs

    def recording(names, arrays=(), *args, **kwargs):
        routines = original(names, arrays, *args, **kwargs)

        def wrapped(routine):
            def call(*routine_args, **routine_kwargs):
                seen.extend(type(a) for a in routine_args if hasattr(a, "shape"))
                return routine(*routine_args, **routine_kwargs)
            return call
        return [wrapped(r) for r in routines]
    monkeypatch.setattr(lapack, "get_lapack_funcs", recording)
    base = np.random.default_rng(0).uniform(-1, 1, (2, 3, 3)) + 3 * np.eye(3)
    data = base + 0.5j * base.transpose(0, 2, 1) if dtype == "complex128" else base
    dev = ember.tensor(data, device="cuda")
    host = ember.tensor(data, device="cpu")
    ours = LAPACK_OPS[name](ember, dev)
    expected = LAPACK_OPS[name](ember, host)
    assert seen and all(kind is np.ndarray for kind in seen)
    ours = ours if isinstance(ours, tuple) else (ours,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    for a, b in zip(ours, expected):
        assert a.device == dev.device
        np.testing.assert_array_equal(a.cpu().numpy(), b.cpu().numpy())
