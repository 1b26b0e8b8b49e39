"""Small places where ember printed or returned something torch does not: numpy() of the
dtypes NumPy lacks, log_softmax along a one-element dim, movedim of a 0-d tensor. Each is
compared with torch from the same code."""
import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch


def _lazy_dtypes():
    """The dtypes NumPy has no type for, that this install of ember has (ml_dtypes's)."""
    names = ["bfloat16", "float8_e4m3fn", "float8_e5m2"]
    return [name for name in names if getattr(ember, name, None) is not None]


@pytest.mark.parametrize("name", ["bfloat16", "float8_e4m3fn", "float8_e5m2"])
def test_numpy_refuses_the_dtypes_numpy_lacks(name):
    if name not in _lazy_dtypes():
        pytest.skip("ml_dtypes is not installed: ember has no " + name)
    legacy = {"bfloat16": "BFloat16", "float8_e4m3fn": "Float8_e4m3fn",
              "float8_e5m2": "Float8_e5m2"}[name]
    libs = [ember] + ([TORCH] if TORCH is not None else [])
    for lib in libs:
        x = lib.ones(3, dtype=getattr(lib, name), device="cpu")
        for convert in (lambda: x.numpy(), lambda: x.numpy(force=True), lambda: np.asarray(x)):
            with pytest.raises(TypeError, match=f"^Got unsupported ScalarType {legacy}$"):
                convert()
        # the values stay reachable the ways torch offers
        assert x.float().numpy().tolist() == [1.0, 1.0, 1.0] and x.tolist() == [1.0, 1.0, 1.0]


def _one_element_rows(lib, dtype):
    return lib.tensor([[0.3], [-2.5], [float("inf")], [float("-inf")], [float("nan")], [1e30]],
                      dtype=dtype)


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_log_softmax_of_a_one_element_dim_is_exactly_zero(dtype):
    results = []
    for lib in (ember, TORCH):
        x = _one_element_rows(lib, getattr(lib, dtype))
        results.append([lib.log_softmax(x, 1).tolist(), lib.log_softmax(x.t(), 0).tolist(),
                        lib.softmax(x, 1).tolist()])
    ours, theirs = results
    assert repr(ours) == repr(theirs)  # NaN where torch has NaN, and +0.0 (not -0.0 or 3e-8)


@requires_torch
def test_log_softmax_of_a_one_element_dim_has_torchs_gradient():
    grads = []
    for lib in (ember, TORCH):
        x = lib.tensor([[0.3], [1.7]], requires_grad=True)
        out = lib.log_softmax(x, 1)
        (out * lib.tensor([[2.0], [3.0]])).sum().backward()
        grads.append((out.grad_fn.name(), x.grad.tolist()))
    assert grads[0] == grads[1]
    x = ember.tensor([[0.3], [1.7]], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda t: ember.log_softmax(t, 1), (x,))


@requires_torch
def test_movedim_of_a_zero_dim_tensor_is_an_alias():
    for lib in (ember, TORCH):
        x = lib.tensor(7.0, requires_grad=True)
        for source, destination in ((0, -1), ([], [])):
            out = x.movedim(source, destination)
            assert out.grad_fn.name() == "AliasBackward0" and out.item() == 7.0
        with pytest.raises(IndexError, match="expected to be in range of \\[-1, 0\\], but got 1"):
            x.movedim(0, 1)


@requires_torch
def test_movedim_repeated_dim_error_quotes_the_dims_as_given():
    for lib in (ember, TORCH):
        x = lib.zeros(2, 3)
        with pytest.raises(RuntimeError, match=r"repeated dim in `source` \(\[0, -2\]\)"):
            x.movedim([0, -2], [0, 1])
        with pytest.raises(RuntimeError, match=r"repeated dim in `destination` \(\[1, -1\]\)"):
            x.movedim([0, 1], [1, -1])


def _flag_history(lib):
    """set_flags of cuDNN and oneDNN, driven the way programs drive them, as printed values."""
    cudnn, mkldnn = lib.backends.cudnn, lib.backends.mkldnn
    seen = []
    first = cudnn.set_flags(False, True, 5, True, False)
    try:
        seen.append((first, cudnn.enabled, cudnn.benchmark, cudnn.deterministic,
                     cudnn.allow_tf32, cudnn.fp32_precision, cudnn.depthwise_kernel))
        seen.append(cudnn.set_flags(_depthwise_kernel="native"))
        with cudnn.flags(enabled=True, benchmark=True):
            seen.append((cudnn.enabled, cudnn.benchmark, cudnn.depthwise_kernel))
        seen.append((cudnn.enabled, cudnn.benchmark, cudnn.depthwise_kernel))
        for bad in ("x", 3):
            with pytest.raises(RuntimeError) as info:
                cudnn.set_flags(_depthwise_kernel=bad)
            seen.append(str(info.value))
    finally:
        cudnn.set_flags(*first)
        cudnn.depthwise_kernel = "auto"
    with pytest.warns(UserWarning, match="TF32 acceleration on top of oneDNN"):
        old = mkldnn.set_flags(False, True, False)
    try:
        seen.append((old, mkldnn.enabled, mkldnn.deterministic, mkldnn.fp32_precision))
        seen.append((mkldnn.set_flags(None, None, None, "bf16"), mkldnn.matmul.fp32_precision))
    finally:
        mkldnn.set_flags(*old[:2], None, old[3])
    seen.append((mkldnn.enabled, mkldnn.deterministic, mkldnn.fp32_precision))
    return seen


def _flag_history_in_a_fresh_process(name):
    # Each library in its own process: these flags are process-wide, and another test in the
    # same pytest worker may have set one library's (set_float32_matmul_precision) and not the
    # other's, which changes what a parent's fp32_precision passes to its children.
    import inspect
    import os
    import subprocess
    import sys
    code = (f"import pytest\nimport {name} as lib\n{inspect.getsource(_flag_history)}\n"
            "print(repr(_flag_history(lib)))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


@requires_torch
def test_backend_set_flags_match_torch():
    assert _flag_history_in_a_fresh_process("ember") == _flag_history_in_a_fresh_process("torch")


CONTEXT_MANAGERS = {
    "device": lambda lib: lib.device("cpu"),
    "record_function": lambda lib: lib.autograd.profiler.record_function("step"),
    "emit_nvtx": lambda lib: lib.autograd.profiler.emit_nvtx(enabled=False),
    "emit_itt": lambda lib: lib.autograd.profiler.emit_itt(enabled=False),
    "disable_saved_tensors_hooks": lambda lib: lib.autograd.graph.disable_saved_tensors_hooks(
        "no hooks here"),
    "allow_mutation_on_saved_tensors":
        lambda lib: lib.autograd.graph.allow_mutation_on_saved_tensors(),
    "no_grad": lambda lib: lib.no_grad(),
    "saved_tensors_hooks": lambda lib: lib.autograd.graph.saved_tensors_hooks(
        lambda t: t, lambda t: t),
}


@pytest.mark.parametrize("name", sorted(CONTEXT_MANAGERS))
@requires_torch
def test_context_manager_exit_returns_what_torchs_returns(name):
    """``__exit__`` called by hand gives torch's value: None for a class, False for one
    torch writes as a generator (a ``with`` block sees no difference; code that calls
    ``__exit__`` itself, as ExitStack-like helpers do, does)."""
    returned = []
    for lib in (ember, TORCH):
        manager = CONTEXT_MANAGERS[name](lib)
        manager.__enter__()
        returned.append(manager.__exit__(None, None, None))
    assert returned[0] is returned[1]
