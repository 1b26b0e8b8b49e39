"""The names real PyTorch programs use: legacy constructors, process switches, module paths,
accelerator/backends, deprecated spellings — each compared with torch where it is installed."""
from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires, requires_torch

import ember


def _both(fn):
    """fn(module) on ember and on torch."""
    return fn(ember), fn(TORCH)


def _error(fn, module):
    try:
        fn(module)
    except Exception as exc:  # noqa: BLE001 - the test compares the types
        return type(exc), str(exc).replace("torch.", "ember.")
    return None


def _same_error(fn):
    ours, theirs = _error(fn, ember), _error(fn, TORCH)
    assert ours is not None and theirs is not None
    assert ours[0] is theirs[0] or ours[0].__name__ == theirs[0].__name__, (ours, theirs)
    return ours, theirs


# -- legacy constructors and Tensor.new ----------------------------------------------------------
LEGACY = ["FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor", "ByteTensor",
          "HalfTensor", "BFloat16Tensor", "ShortTensor", "CharTensor"]


@requires_torch
@pytest.mark.parametrize("name", LEGACY)
@pytest.mark.parametrize("data", [[1, 0, 2], [[1.5, 2.0]], [], (3, 4)])
def test_legacy_constructor_from_data(name, data):
    ours, theirs = _both(lambda m: getattr(m, name)(data))
    assert_close(ours.float(), theirs.float())
    assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]


@requires_torch
@pytest.mark.parametrize("name", LEGACY)
@pytest.mark.parametrize("sizes", [(2, 3), (0,), (4,)])
def test_legacy_constructor_from_sizes(name, sizes):
    ours, theirs = _both(lambda m: getattr(m, name)(*sizes))
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.dtype is getattr(ember, name).dtype
    assert tuple(ember.FloatTensor(ember.Size(sizes)).shape) == sizes


@requires_torch
def test_legacy_types_as_isinstance_targets_and_in_type():
    for name in LEGACY:
        for other in LEGACY:
            ours, theirs = _both(lambda m, n=name, o=other: isinstance(getattr(m, n)([1]),
                                                                       getattr(m, o)))
            assert ours == theirs, (name, other)
    assert repr(ember.FloatTensor) == "<class 'ember.FloatTensor'>"
    assert not issubclass(ember.FloatTensor, ember.Tensor)
    cpu = ember.ones(2, device="cpu")  # the CPU's type names
    assert cpu.type(ember.DoubleTensor).dtype is ember.float64
    assert cpu.type("torch.LongTensor").dtype is ember.int64
    assert cpu.type() == "ember.FloatTensor"


def test_legacy_cuda_type_names_the_device(standin):
    """Old programs move data with ``x.type(torch.cuda.FloatTensor)``: the type names the
    device as well as the dtype, both ways, and a dtype keeps the device."""
    cpu = ember.ones(2, device="cpu")
    on_cuda = cpu.type(ember.cuda.FloatTensor)
    assert on_cuda.device.type == "cuda" and on_cuda.dtype is ember.float32
    as_long = cpu.type("torch.cuda.LongTensor", non_blocking=True)
    assert as_long.device.type == "cuda" and as_long.dtype is ember.int64
    kept = on_cuda.type(ember.float64)
    assert kept.device.type == "cuda" and kept.dtype is ember.float64
    back = on_cuda.type("torch.DoubleTensor")
    assert back.device.type == "cpu" and back.dtype is ember.float64
    assert on_cuda.type(ember.cuda.FloatTensor) is on_cuda  # nothing to convert
    with pytest.raises(ValueError, match="invalid type: 'torch.cuda.FooTensor'"):
        cpu.type("torch.cuda.FooTensor")


def test_legacy_cuda_type_without_a_device_raises(monkeypatch):
    """Without CUDA, torch's CPU build raises a RuntimeError: never a CPU tensor in its place."""
    monkeypatch.setattr(ember.cuda, "is_available", lambda: False)
    for spec in (ember.cuda.FloatTensor, "torch.cuda.FloatTensor", "torch.cuda.FooTensor"):
        with pytest.raises(RuntimeError, match="no CUDA device"):
            ember.ones(2, device="cpu").type(spec)
    with pytest.raises(ValueError, match="invalid type: 'cuda.FloatTensor'"):
        ember.ones(2, device="cpu").type("cuda.FloatTensor")
    # constructing one is torch's TypeError (the CPU build has no such type)
    for make in (lambda: ember.cuda.FloatTensor([1.0]), lambda: ember.cuda.LongTensor(2),
                 lambda: ember.cuda.DoubleTensor()):
        with pytest.raises(TypeError, match=r"type ember\.cuda\.\w+Tensor not available"):
            make()


@requires_torch
def test_legacy_constructor_errors_and_aliasing():
    _same_error(lambda m: m.FloatTensor(m.tensor([1, 2])))
    _same_error(lambda m: m.LongTensor("a"))
    _same_error(lambda m: m.FloatTensor([1, 2], dtype=m.float64))
    a = ember.ones(2, requires_grad=True)
    b = ember.FloatTensor(a)
    assert b is not a and b.requires_grad and np.shares_memory(a._data, b._data)


@requires_torch
@pytest.mark.parametrize("args", [(2, 3), ([1, 2],), ((2, 3),), (), (0,)])
@pytest.mark.parametrize("dtype", ["float64", "int32", "bool"])
def test_tensor_new(args, dtype):
    ours, theirs = _both(lambda m: m.zeros(1, dtype=getattr(m, dtype)).new(*args))
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.dtype is getattr(ember, dtype)
    if 0 not in ours.shape and len(args) == 1:
        assert_close(ours, theirs)


@requires_torch
def test_tensor_flags():
    for flag in ("is_xpu", "is_mps", "is_sparse", "is_quantized", "is_meta", "is_cuda",
                 "is_cpu"):
        ours, theirs = _both(lambda m, f=flag: getattr(m.ones(2, device="cpu"), f))
        assert ours == theirs, flag
    ours, theirs = _both(lambda m: m.ones(1).is_inference())
    assert ours == theirs is False

    def inside(m):
        with m.inference_mode():
            return m.ones(2).is_inference(), (m.ones(2) * 2).is_inference()
    assert inside(ember) == inside(TORCH) == (True, True)


# -- grad-mode decorators without parentheses ---------------------------------------------------
@requires_torch
@pytest.mark.parametrize("mode", ["no_grad", "enable_grad", "inference_mode"])
def test_bare_grad_mode_decorators(mode):
    def run(m):
        @getattr(m, mode)
        def double(x):
            return x * 2, m.is_grad_enabled()
        x = m.ones(2, requires_grad=True)
        with m.no_grad():
            out, enabled = double(x)
        return out.requires_grad, enabled, double.__name__
    assert run(ember) == run(TORCH)


def test_bare_decorator_on_generator_and_parenthesised_forms_still_work():
    @ember.no_grad
    def gen():
        yield ember.is_grad_enabled()

    assert list(gen()) == [False]
    assert ember.is_grad_enabled()
    with ember.no_grad():
        assert not ember.is_grad_enabled()
    with ember.inference_mode(False):
        assert ember.is_grad_enabled()


# -- process switches ----------------------------------------------------------------------------
@requires_torch
def test_matmul_precision_and_tf32_flag():
    for value in ("high", "medium", "highest"):
        ours, theirs = _both(lambda m, v=value: (m.set_float32_matmul_precision(v),
                                                 m.get_float32_matmul_precision(),
                                                 m.backends.cuda.matmul.allow_tf32))
        assert ours == theirs
    for flag in (True, False):
        def toggle(m, f=flag):
            m.backends.cuda.matmul.allow_tf32 = f
            return m.get_float32_matmul_precision()
        assert toggle(ember) == toggle(TORCH)
    with pytest.warns(UserWarning, match="is not one of 'highest', 'high', or 'medium'"):
        ember.set_float32_matmul_precision("fast")
    assert ember.get_float32_matmul_precision() == "highest"
    with pytest.raises(AttributeError, match="Unknown attribute foo"):
        ember.backends.cuda.matmul.foo = 1


@requires_torch
def test_deterministic_mode_fills_uninitialized_memory():
    def run(m):
        m.use_deterministic_algorithms(True)
        try:
            return ([m.empty(3).isnan().all().item(), m.empty(2, dtype=m.int64).tolist(),
                     m.empty(2, dtype=m.int32).tolist(), m.empty(2, dtype=m.uint8).tolist(),
                     m.empty(2, dtype=m.bool).tolist(),
                     m.empty_like(m.ones(2)).isnan().all().item(),
                     m.ones(2).new_empty(2).isnan().all().item()],
                    m.are_deterministic_algorithms_enabled(),
                    m.is_deterministic_algorithms_warn_only_enabled(),
                    m.get_deterministic_debug_mode())
        finally:
            m.use_deterministic_algorithms(False)
    assert run(ember) == run(TORCH)
    assert not ember.are_deterministic_algorithms_enabled()
    _same_error(lambda m: m.use_deterministic_algorithms(1))
    for mode in ("x", 5):
        _same_error(lambda m, v=mode: m.set_deterministic_debug_mode(v))
    ember.set_deterministic_debug_mode("warn")
    assert ember.is_deterministic_algorithms_warn_only_enabled()
    ember.set_deterministic_debug_mode(0)
    assert ember.get_deterministic_debug_mode() == 0


@requires_torch
def test_fill_uninitialized_memory_switches_the_fill_off():
    def run(m):
        m.use_deterministic_algorithms(True)
        knob = m.utils.deterministic
        try:
            default = knob.fill_uninitialized_memory
            knob.fill_uninitialized_memory = False
            off = (knob.fill_uninitialized_memory, m.empty(0).tolist(),
                   m.full((2,), 5.0).tolist())
        finally:
            knob.fill_uninitialized_memory = True
            m.use_deterministic_algorithms(False)
        return default, off, type(knob).__name__
    assert run(ember) == run(TORCH)
    assert ember._settings._state["fill_uninitialized"] is True
    _same_error(lambda m: setattr(m.utils.deterministic, "fill_uninitialized_memory", 1))


@requires_torch
def test_thread_settings():
    before = ember.get_num_threads()
    assert before >= 1 and ember.get_num_interop_threads() >= 1
    try:
        ember.set_num_threads(1)
        assert ember.get_num_threads() == 1
    finally:
        ember.set_num_threads(before)
    assert ember.get_num_threads() == before
    for bad in (0, -1, 2.0, "a"):
        _same_error(lambda m, b=bad: m.set_num_threads(b))
    _same_error(lambda m: m.set_num_interop_threads(-1))


def test_thread_count_without_threadpoolctl_is_stored(monkeypatch):
    from ember import _settings
    monkeypatch.setattr(_settings, "_threadpool", lambda: None)
    monkeypatch.setitem(_settings._state, "threads", None)
    ember.set_num_threads(3)
    assert ember.get_num_threads() == 3


@requires_torch
def test_module_to_empty_and_non_persistent_buffers():
    def run(m):
        m.manual_seed(0)
        model = m.nn.Linear(3, 2)
        model.register_buffer("running", m.ones(2), persistent=False)
        model.register_buffer("kept", m.arange(2.0))
        state = model.state_dict()
        moved = m.nn.Linear(3, 2)
        emptied = moved.to_empty(device="cpu")
        shapes = [(n, tuple(p.shape), str(p.dtype)[6:]) for n, p in emptied.named_parameters()]
        fresh = m.nn.Linear(3, 2)
        fresh.register_buffer("running", m.zeros(2), persistent=False)
        fresh.register_buffer("kept", m.zeros(2))
        result = fresh.load_state_dict(state)
        return (emptied is moved, shapes, sorted(state), str(result),
                fresh.kept.tolist(), fresh.running.tolist(), sorted(dict(fresh.named_buffers())))
    assert run(ember) == run(TORCH)


def test_default_device_reaches_factories_and_modules():
    ember.set_default_device("meta")
    try:
        assert ember.get_default_device() == ember.device("meta")
        from ember import _device
        assert _device.as_device(None).type == "meta"
    finally:
        ember.set_default_device(None)
    assert ember.get_default_device() == ember.device("cpu")
    ember.set_default_device("cpu")
    try:
        assert ember.zeros(2).device == ember.device("cpu")
        assert ember.nn.Linear(2, 2).weight.device.type == "cpu"
    finally:
        ember.set_default_device(None)


def test_default_cuda_device_without_gpu_fails_at_the_factory():
    if ember.cuda.is_available():
        pytest.skip("a GPU is present: factories succeed there (tested in test_devices)")
    ember.set_default_device("cuda")
    try:
        with pytest.raises((RuntimeError, AssertionError)):
            ember.zeros(2)
    finally:
        ember.set_default_device(None)
    assert ember.zeros(2).device.type == "cpu"


# -- top-level in-place functions and ember.functional --------------------------------------------
def _top_level_inplace_names():
    from ember import _inplace
    return [n for n in _inplace.NAMES if hasattr(ember, n)]


@requires_torch
def test_every_top_level_inplace_function_torch_has_and_ember_can_do():
    torch_names = {n for n in dir(TORCH) if n.endswith("_") and not n.startswith("_")
                   and callable(getattr(TORCH, n))}
    methods = {n for n in torch_names if hasattr(ember.Tensor, n)}
    missing = sorted(n for n in methods if not hasattr(ember, n))
    assert not missing, missing


@requires_torch
@pytest.mark.parametrize("name", ["sin_", "relu_", "exp_", "neg_", "sqrt_", "sigmoid_", "zero_",
                                  "tanh_", "floor_", "abs_", "clamp_", "fill_"])
def test_top_level_inplace_matches_method(name):
    args = {"clamp_": (-0.5, 0.5), "fill_": (3.0,)}.get(name, ())

    def run(m):
        x = m.tensor([0.25, 1.5, 2.0, 0.75], dtype=m.float64)
        out = getattr(m, name)(x, *args)
        return out is x, x
    (same_ours, ours), (same_theirs, theirs) = _both(run)
    assert same_ours and same_theirs
    assert_close(ours, theirs)
    assert getattr(ember, name).__name__ == name


@requires_torch
def test_ember_functional_module():
    import ember.functional as EF
    import torch.functional as TF
    assert set(EF.__all__) <= set(TF.__all__)
    assert {"einsum", "split", "meshgrid", "broadcast_tensors", "tensordot"} <= set(EF.__all__)
    a = np.arange(6.0).reshape(2, 3)
    ours = EF.einsum("ij->ji", ember.tensor(a))
    theirs = TF.einsum("ij->ji", TORCH.tensor(a))
    assert_close(ours, theirs)
    assert ember.functional is EF


# -- module paths ----------------------------------------------------------------------------
MODULE_PATHS = ["activation", "batchnorm", "channelshuffle", "container", "conv", "distance",
                "dropout", "flatten", "fold", "instancenorm", "lazy", "linear", "loss", "module",
                "normalization", "padding", "pixelshuffle", "pooling", "rnn", "sparse",
                "transformer", "upsampling", "utils"]

# Layers of torch's modules that ember does not implement yet (nothing else may be missing).
NOT_YET = {"LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "SyncBatchNorm",
           "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyInstanceNorm1d",
           "LazyInstanceNorm2d", "LazyInstanceNorm3d", "LinearCrossEntropyLoss",
           "register_module_backward_hook", "register_module_buffer_registration_hook",
           "register_module_module_registration_hook",
           "register_module_parameter_registration_hook", "CrossMapLRN2d",
           "FractionalMaxPool2d", "FractionalMaxPool3d", "LPPool3d"}


@requires_torch
@pytest.mark.parametrize("path", MODULE_PATHS)
def test_nn_modules_paths_expose_what_torch_exposes(path):
    theirs = importlib.import_module(f"torch.nn.modules.{path}")
    ours = importlib.import_module(f"ember.nn.modules.{path}")
    names = set(getattr(theirs, "__all__", [n for n in dir(theirs) if not n.startswith("_")]))
    missing = sorted(n for n in names if not hasattr(ours, n) and n not in NOT_YET)
    assert not missing, missing
    assert getattr(ember.nn.modules, path) is ours


@requires_torch
def test_module_path_classes_and_helpers():
    from ember.nn.modules.activation import MultiheadAttention
    from ember.nn.modules.linear import Linear, NonDynamicallyQuantizableLinear
    from ember.nn.modules.pixelshuffle import PixelShuffle
    assert issubclass(NonDynamicallyQuantizableLinear, Linear)
    assert MultiheadAttention is ember.nn.MultiheadAttention
    assert PixelShuffle is ember.nn.PixelShuffle
    ours, theirs = _both(lambda m: repr(m.nn.MultiheadAttention(4, 2)))
    assert ours == theirs
    for m in (ember, TORCH):
        with pytest.warns(FutureWarning, match="nn.Container` is deprecated"):
            c = m.nn.modules.container.Container(a=m.nn.Linear(1, 1))
        assert list(dict(c.named_children())) == ["a"]

    def strip(m):
        from collections import OrderedDict
        sd = OrderedDict([("module.a", 1), ("module.b.c", 2), ("d", 3)])
        sd._metadata = OrderedDict([("", {}), ("module", {"v": 1}), ("module.b", {"v": 2})])
        m.nn.modules.utils.consume_prefix_in_state_dict_if_present(sd, "module.")
        return list(sd.items()), list(sd._metadata.items())
    assert strip(ember) == strip(TORCH)


@requires_torch
@pytest.mark.parametrize("name", ["max_pool1d_with_indices", "max_pool2d_with_indices",
                                  "adaptive_max_pool1d_with_indices",
                                  "adaptive_max_pool2d_with_indices"])
def test_functional_with_indices_aliases(name):
    shape = (1, 2, 8) if "1d" in name else (1, 2, 6, 6)
    arg = 2 if name.startswith("max") else 3
    x = np.random.default_rng(0).standard_normal(shape)
    ours = getattr(ember.nn.functional, name)(ember.tensor(x), arg)
    theirs = getattr(TORCH.nn.functional, name)(TORCH.tensor(x), arg)
    assert_close(ours[0], theirs[0])
    assert_close(ours[1], theirs[1])


def test_other_module_paths_import():
    for path in ("ember.nn.parameter", "ember.utils.data.dataloader", "ember.utils.data.dataset",
                 "ember.utils.data.sampler", "ember.optim.optimizer", "ember.types",
                 "ember.cuda.amp", "ember.cpu.amp", "ember.utils.checkpoint",
                 "ember.autograd.profiler", "ember.profiler", "ember.testing", "ember.backends.cudnn"):
        importlib.import_module(path)
    from ember.types import Device, Number
    assert Number is not None and Device is not None
    from ember.amp import GradScaler
    assert GradScaler is importlib.import_module("ember.amp.grad_scaler").GradScaler


# -- ember.cuda.amp deprecated spellings ----------------------------------------------------
@requires_torch
@pytest.mark.parametrize("name", ["GradScaler", "autocast"])
def test_cuda_amp_deprecated_spellings_warn_as_torch(name):
    def run(m):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            obj = getattr(m.cuda.amp, name)()
        future = [str(w.message).replace("torch.", "ember.") for w in caught
                  if w.category is FutureWarning]
        return future, type(obj).__mro__[1].__name__
    assert run(ember) == run(TORCH)


@requires_torch
def test_cuda_amp_custom_fwd_bwd_deprecated():
    for name in ("custom_fwd", "custom_bwd"):
        def run(m, n=name):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                getattr(m.cuda.amp, n)(lambda ctx, x: x)
            return [str(w.message).replace("torch.", "ember.") for w in caught]
        assert run(ember) == run(TORCH)


@requires_torch
@pytest.mark.parametrize("name", ["GradScaler", "autocast"])
def test_cpu_amp_deprecated_spellings_warn_and_work_as_torch(name):
    # older CPU mixed-precision code: `with torch.cpu.amp.autocast():` and its scaler
    def run(m):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            obj = getattr(m.cpu.amp, name)()
        future = [str(w.message).replace("torch.", "ember.") for w in caught
                  if w.category is FutureWarning]
        return future, type(obj).__mro__[1].__name__, obj.is_enabled() if name == "GradScaler" \
            else obj.device
    assert run(ember) == run(TORCH)


@requires("ml_dtypes")
def test_cpu_amp_autocast_casts_to_bfloat16():
    with pytest.warns(FutureWarning):
        context = ember.cpu.amp.autocast()
    a = ember.ones(2, 2, device="cpu")  # CPU autocast leaves the stand-in's CUDA tensors alone
    with context:
        assert (a @ a).dtype is ember.bfloat16
    assert (a @ a).dtype is ember.float32


def test_cuda_amp_scaler_disables_itself_without_gpu():
    if ember.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.warns(UserWarning, match="CUDA is not available"):
        with pytest.warns(FutureWarning):
            scaler = ember.cuda.amp.GradScaler()
    assert not scaler.is_enabled()
    assert isinstance(scaler, ember.amp.GradScaler)


# -- dtypes ---------------------------------------------------------------------------------------
@requires_torch
@pytest.mark.parametrize("name", ["bfloat16", "float16", "half"])
def test_low_precision_dtypes_where_torch_accepts_them(name):
    if name == "bfloat16" and not hasattr(ember, "bfloat16"):
        pytest.skip("ember.bfloat16 needs ml_dtypes (pip install ml_dtypes)")

    def run(m):
        dt = getattr(m, name)
        x = m.tensor([1.5, -2.25, 3.0], dtype=dt)
        lin = m.nn.Linear(3, 2).to(dt)
        out = [x.dtype, m.zeros(2, dtype=dt).dtype, m.ones(2).to(dt).dtype,
               m.arange(3, dtype=dt).tolist(), (x * 2).tolist(), x.float().tolist(),
               m.full((2,), 1.0, dtype=dt).dtype, m.randn(2, dtype=dt).dtype,
               lin.weight.dtype, m.empty(2, dtype=dt).dtype, x.type(dt).dtype,
               m.finfo(dt).eps, x.element_size(), m.promote_types(dt, m.float32),
               m.HalfTensor([1]).dtype if name != "bfloat16" else m.BFloat16Tensor([1]).dtype]
        return [str(v).replace("torch.", "ember.") for v in out]
    assert run(ember) == run(TORCH)


LOW_PRECISION_OPS = {
    "matmul": lambda m, x, w: x @ w.t(), "linear": lambda m, x, w: m.nn.functional.linear(x, w),
    "softmax": lambda m, x, w: x.softmax(-1), "sum": lambda m, x, w: x.sum(),
    "mean": lambda m, x, w: x.mean(0), "gelu": lambda m, x, w: m.nn.functional.gelu(x),
    "layer_norm": lambda m, x, w: m.nn.functional.layer_norm(x, (4,)),
    "log_softmax": lambda m, x, w: x.log_softmax(1),
    "cross_entropy": lambda m, x, w: m.nn.functional.cross_entropy(x, m.tensor([0, 1, 2])),
    "conv1d": lambda m, x, w: m.nn.functional.conv1d(x[None], w[:4, :3, None]),
    "topk": lambda m, x, w: x.topk(2).values, "sort": lambda m, x, w: x.sort(1, True).values,
    "cumsum": lambda m, x, w: x.cumsum(0), "einsum": lambda m, x, w: m.einsum("ij,kj->ik", x, w),
    "sdpa": lambda m, x, w: m.nn.functional.scaled_dot_product_attention(x[None], x[None],
                                                                          x[None]),
    "embedding": lambda m, x, w: m.nn.functional.embedding(m.tensor([0, 2]), x),
    "where": lambda m, x, w: m.where(x > 0.5, x, 0.0), "pow": lambda m, x, w: x ** 2,
}


@requires_torch
@pytest.mark.parametrize("op", sorted(LOW_PRECISION_OPS))
@pytest.mark.parametrize("name", ["bfloat16", "float16"])
def test_low_precision_dtypes_through_ops(op, name):
    if name == "bfloat16" and not hasattr(ember, "bfloat16"):
        pytest.skip("ember.bfloat16 needs ml_dtypes (pip install ml_dtypes)")

    def run(m):
        dt = getattr(m, name)
        x = (m.arange(12.0).reshape(3, 4) / 7).to(dt)
        w = (m.ones(5, 4) / 3).to(dt)
        return LOW_PRECISION_OPS[op](m, x, w)
    ours, theirs = _both(run)
    assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1] == name
    # PyTorch accumulates half-precision ops in float32; a few ulps apart is the dtype's noise.
    eps = ember.finfo(getattr(ember, name)).eps
    assert_close(ours.float(), theirs.float(), rtol=4 * eps, atol=4 * eps)


@requires_torch
def test_cuda_is_bf16_supported():
    ours, theirs = _both(lambda m: m.cuda.is_bf16_supported())
    assert ours == ember.cuda.is_available() and (ours == theirs or ember.cuda.is_available())


# -- accelerator and backends --------------------------------------------------------------------
def test_accelerator_is_truthful():
    available = ember.cuda.is_available()
    assert ember.accelerator.is_available() is available
    assert ember.accelerator.device_count() == ember.cuda.device_count()
    if available:
        assert ember.accelerator.current_accelerator() == ember.device("cuda")
        index = ember.accelerator.current_device_index()
        ember.accelerator.set_device_index(index)
        ember.accelerator.synchronize()
        with ember.accelerator.device_index(index):
            assert ember.accelerator.current_device_index() == index
    else:
        assert ember.accelerator.current_accelerator() is None
        assert ember.accelerator.current_accelerator(check_available=True) is None


@requires_torch
def test_accelerator_errors_without_one_match_torch():
    if ember.cuda.is_available() or TORCH.cuda.is_available():
        pytest.skip("an accelerator is present")
    for fn in (lambda m: m.accelerator.current_device_index(),
               lambda m: m.accelerator.set_device_index(0),
               lambda m: m.accelerator.synchronize(),
               lambda m: m.accelerator.empty_cache()):
        ours, theirs = _same_error(fn)
        assert ours[1] == theirs[1]
    ours, theirs = _both(lambda m: (m.accelerator.is_available(),
                                    m.accelerator.current_accelerator(),
                                    m.accelerator.device_count()))
    assert ours == theirs


@requires_torch
def test_backends_report_as_torch_on_this_machine():
    import ember.backends.cudnn as cudnn
    assert cudnn is ember.backends.cudnn
    gpu = ember.cuda.is_available() or TORCH.cuda.is_available()

    def report(m):
        b = m.backends
        values = [b.cudnn.enabled, b.cudnn.benchmark, b.cudnn.deterministic,
                  b.cudnn.allow_tf32, b.cuda.matmul.allow_fp16_reduced_precision_reduction,
                  b.cuda.matmul.allow_bf16_reduced_precision_reduction,
                  b.cuda.flash_sdp_enabled(), b.cuda.mem_efficient_sdp_enabled(),
                  b.cuda.math_sdp_enabled(), b.cuda.cudnn_sdp_enabled(),
                  b.mps.is_available(), b.mps.is_built(), b.mkldnn.enabled,
                  b.opt_einsum.is_available(), b.opt_einsum.enabled, b.opt_einsum.strategy,
                  b.cpu.get_cpu_capability()]
        if not gpu:
            values += [b.cudnn.is_available(), b.cudnn.version(),
                       b.cudnn.is_acceptable(m.ones(1))]
        return values
    assert report(ember) == report(TORCH)
    # Whether NumPy's BLAS is MKL (torch reports its own build instead).
    assert isinstance(ember.backends.mkl.is_available(), bool)
    assert isinstance(ember.backends.openmp.is_available(), bool)


def test_backend_flags_are_stored_and_restored():
    cudnn = ember.backends.cudnn
    cudnn.benchmark = True
    cudnn.deterministic = True
    try:
        assert ember.backends.cudnn.benchmark and ember.backends.cudnn.deterministic
        with cudnn.flags(enabled=False, benchmark=False):
            assert not cudnn.enabled and not cudnn.benchmark
        assert cudnn.enabled and cudnn.benchmark
    finally:
        cudnn.benchmark = cudnn.deterministic = False
    with ember.backends.mkldnn.flags(enabled=False):
        assert not ember.backends.mkldnn.enabled
    assert ember.backends.mkldnn.enabled
    assert not ember.backends.mkldnn.is_available()


@requires_torch
def test_sdp_switches_and_deprecated_sdp_kernel():
    def run(m):
        b = m.backends.cuda
        b.enable_flash_sdp(False)
        first = b.flash_sdp_enabled()
        b.enable_flash_sdp(True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with b.sdp_kernel(enable_flash=False, enable_math=True):
                inside = (b.flash_sdp_enabled(), b.math_sdp_enabled())
        return first, inside, b.flash_sdp_enabled(), [w.category for w in caught]
    assert run(ember) == run(TORCH)


def test_opt_einsum_flags():
    oe = ember.backends.opt_einsum
    if oe.is_available():
        with oe.flags(strategy="greedy"):
            assert oe.strategy == "greedy"
        assert oe.strategy == "auto"
        with pytest.raises(ValueError, match="`strategy` must be one of"):
            oe.set_flags(True, "fastest")
    else:
        with pytest.raises(ValueError, match="opt_einsum is not available"):
            oe.set_flags(True)
        assert oe.get_opt_einsum() is None


# -- autograd.Variable --------------------------------------------------------------------------
@requires_torch
def test_variable_legacy_wrapper():
    def run(m):
        from importlib import import_module
        Variable = import_module(m.__name__ + ".autograd").Variable
        a = m.ones(2)
        v = Variable(a, requires_grad=True)
        b = m.ones(2, requires_grad=True) * 2
        w = Variable(b)
        return (v.requires_grad, v is a, a.requires_grad, isinstance(a, Variable),
                w.grad_fn is None, w.requires_grad, Variable().shape, v.tolist(),
                v.data_ptr() == a.data_ptr())
    assert run(ember) == run(TORCH)
    _same_error(lambda m: m.autograd.Variable([1, 2]))
    with pytest.warns(UserWarning, match="volatile was removed"):
        ember.autograd.Variable(ember.ones(1), volatile=True)


# -- deprecated scalar-first argument order -----------------------------------------------------
@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, x, y: x.add_(2, y), lambda m, x, y: x.add(2, y), lambda m, x, y: m.add(x, 2, y),
    lambda m, x, y: x.sub_(0.5, y), lambda m, x, y: x.sub(3, y), lambda m, x, y: m.sub(x, 3, y),
    lambda m, x, y: x.addcmul_(2, y, y), lambda m, x, y: x.addcdiv_(-0.5, y, y),
    lambda m, x, y: x.addcmul(2, y, y), lambda m, x, y: m.addcdiv(x, 2, y, y),
])
def test_deprecated_scalar_first_forms(call):
    def run(m):
        x = m.tensor([1.0, 2.0, 3.0])
        y = m.tensor([0.5, -1.0, 4.0])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call(m, x, y)
    ours, theirs = _both(run)
    assert_close(ours, theirs)


def test_deprecated_scalar_first_warns_once_with_torchs_text():
    from ember import _deprecated
    _deprecated._warned.discard("add")
    x, y = ember.ones(2), ember.ones(2)
    with pytest.warns(UserWarning) as caught:
        x.add_(2, y)
    assert str(caught[0].message) == ("This overload of add_ is deprecated:\n\tadd_(Number "
                                      "alpha, Tensor other)\nConsider using one of the following "
                                      "signatures instead:\n\tadd_(Tensor other, *, Number alpha "
                                      "= 1)")
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x.add_(2, y)  # warned once already
    with pytest.raises(TypeError):
        x.add(y, y)


def test_deprecated_scalar_first_gradients():
    from conftest import check_gradients, rand64
    check_gradients(lambda a, b: a.add(3.0, b), rand64(3), rand64(3, seed=1))
    check_gradients(lambda a, b, c: a.addcmul(0.5, b, c), rand64(3), rand64(3, seed=1),
                    rand64(3, seed=2))


def _products(m):
    rng = np.random.default_rng(4)
    return {name: m.tensor(rng.uniform(-1, 1, size=shape)) for name, shape in (
        ("c", (2, 3)), ("a", (2, 4)), ("b", (4, 3)), ("v", (4,)), ("w", (3,)), ("u", (2,)),
        ("cb", (2, 2, 3)), ("ab", (2, 2, 4)), ("bb", (2, 4, 3)))}


@requires_torch
@pytest.mark.parametrize("call", [
    # re-identification code's squared distances: dist.addmm_(1, -2, x, y.t())
    lambda m, t: t["c"].clone().addmm_(1, -2, t["a"], t["b"]),
    lambda m, t: t["c"].clone().addmm_(0.5, t["a"], t["b"]),
    lambda m, t: t["c"].addmm(2, -1, t["a"], t["b"]),
    lambda m, t: t["c"].addmm(2, t["a"], t["b"]),
    lambda m, t: m.addmm(1, t["c"], -2, t["a"], t["b"]),
    lambda m, t: m.addmm(3, t["c"], t["a"], t["b"]),
    lambda m, t: m.addmv(2, t["u"], -1, t["a"], t["v"]),
    lambda m, t: t["u"].clone().addmv_(0.5, t["a"], t["v"]),
    lambda m, t: m.addr(2, t["c"], t["u"], t["w"]),
    lambda m, t: t["c"].clone().addr_(1, 3, t["u"], t["w"]),
    lambda m, t: m.baddbmm(1, t["cb"], 2, t["ab"], t["bb"]),
    lambda m, t: t["cb"].clone().baddbmm_(0.25, t["ab"], t["bb"]),
    lambda m, t: m.addbmm(2, t["c"], t["ab"], t["bb"]),
    lambda m, t: t["c"].addbmm(1, -1, t["ab"], t["bb"]),
])
def test_deprecated_beta_alpha_first_forms(call):
    def run(m):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call(m, _products(m))
    ours, theirs = _both(run)
    assert_close(ours, theirs)


def test_deprecated_beta_alpha_first_warns_once_with_torchs_text():
    from ember import _deprecated
    for key in ("addmm_", "addmm"):
        _deprecated._warned.discard(key)
    t = _products(ember)
    with pytest.warns(UserWarning) as caught:
        t["c"].clone().addmm_(1, -2, t["a"], t["b"])
    assert str(caught[0].message) == (
        "This overload of addmm_ is deprecated:\n\taddmm_(Number beta, Number alpha, Tensor "
        "mat1, Tensor mat2)\nConsider using one of the following signatures instead:\n\taddmm_("
        "Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1)")
    assert caught[0].filename == __file__
    with pytest.warns(UserWarning) as caught:
        ember.addmm(1, t["c"], t["a"], t["b"])
    assert str(caught[0].message) == (
        "This overload of addmm is deprecated:\n\taddmm(Number beta, Tensor input, Tensor mat1, "
        "Tensor mat2, *, Tensor out = None)\nConsider using one of the following signatures "
        "instead:\n\taddmm(Tensor input, Tensor mat1, Tensor mat2, *, Number beta = 1, Number "
        "alpha = 1, Tensor out = None)\n\taddmm(Tensor input, Tensor mat1, Tensor mat2, "
        "ember.dtype out_dtype, *, Number beta = 1, Number alpha = 1, Tensor out = None)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t["c"].clone().addmm_(1, -2, t["a"], t["b"])  # warned once already
    with pytest.raises(TypeError):
        t["c"].addmm(1, t["a"], t["b"], t["b"])
    with pytest.raises(TypeError):
        t["c"].addmm_(1, t["a"], 2, t["b"])


def test_deprecated_beta_alpha_first_gradients():
    from conftest import check_gradients, rand64
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_gradients(lambda c, a, b: c.addmm(0.5, -2.0, a, b), rand64(2, 3),
                        rand64(2, 4, seed=1), rand64(4, 3, seed=2))
        check_gradients(lambda c, a, b: ember.baddbmm(2, c, a, b), rand64(2, 2, 3),
                        rand64(2, 2, 4, seed=1), rand64(2, 4, 3, seed=2))
        out = rand64(2, 3).clone().addmm_(1, -2, rand64(2, 4, seed=1), rand64(4, 3, seed=2))
    assert out.grad_fn.name() == "AddmmBackward0"


# -- indexing with a range -------------------------------------------------------------------
@requires_torch
def test_index_with_python_range():
    a = np.arange(12.0).reshape(4, 3)
    y = [2, 0, 1, 1]
    ours = ember.tensor(a)[range(4), ember.tensor(y)]
    theirs = TORCH.tensor(a)[range(4), TORCH.tensor(y)]
    assert_close(ours, theirs)
    assert_close(ember.tensor(a)[range(1, 3)], TORCH.tensor(a)[range(1, 3)])


@requires_torch
def test_legacy_cuda_types_as_isinstance_targets():
    for name in ("FloatTensor", "LongTensor", "DoubleTensor"):
        ours, theirs = _both(lambda m, n=name: (isinstance(m.ones(2, device="cpu"),
                                                           getattr(m.cuda, n)),
                                                getattr(m.cuda, n).is_cuda,
                                                getattr(m.cuda, n).dtype == getattr(m, n).dtype))
        assert ours == theirs
    assert repr(ember.cuda.FloatTensor) == "<class 'ember.cuda.FloatTensor'>"
    if not ember.cuda.is_available():
        with pytest.raises(TypeError, match="type ember.cuda.FloatTensor not available"):
            ember.cuda.FloatTensor([1.0])


def test_set_multithreading_enabled_is_recorded_and_restored():
    from ember.autograd import set_multithreading_enabled
    with set_multithreading_enabled(False):
        assert set_multithreading_enabled._enabled[0] is False
    assert set_multithreading_enabled._enabled[0] is True


@requires_torch
@pytest.mark.parametrize("path", ["autograd.set_multithreading_enabled",
                                  "autograd.set_detect_anomaly", "autograd.detect_anomaly",
                                  "autograd.grad_mode.set_multithreading_enabled",
                                  "autograd.anomaly_mode.set_detect_anomaly"])
def test_autograd_switches_print_torch_module_paths(path):
    """The switches' classes print the module torch defines them in (a program printing one,
    or its instance, shows the same path)."""
    def cls(module):
        obj = module
        for part in path.split("."):
            obj = getattr(obj, part)
        return obj
    ours, theirs = _both(cls)
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")


def test_python_constants_as_torch_exports_them():
    import math
    assert (ember.pi, ember.e) == (math.pi, math.e)
    assert ember.inf == math.inf and math.isnan(ember.nan) and ember.newaxis is None
    assert ember.zeros(2, 3)[:, ember.newaxis].shape == (2, 1, 3)


@requires_torch
def test_like_factories_take_torchs_keywords():
    """full_like(fill_value=...) and the random *_like factories' generator=, as torch spells them."""
    def run(t):
        x = t.zeros(2, 3)
        g = t.Generator().manual_seed(0)
        return [t.full_like(x, fill_value=0.5), t.full_like(x, 7, dtype=t.int64),
                t.rand_like(x, generator=g), t.randn_like(x, generator=g),
                t.randint_like(x, 10, generator=g), t.randint_like(x, 3, 9, generator=g)]
    for ours, theirs in zip(*_both(run)):
        assert_close(ours, theirs, rtol=0, atol=0)
