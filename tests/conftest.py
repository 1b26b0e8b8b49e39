"""Shared test helpers: the torch oracle and gradcheck over ember ops."""
from __future__ import annotations

import os
import re

import numpy as np
import pytest
from hypothesis import settings

import ember

# Under CI the property tests draw the same examples every run, so a run cannot fail on an
# example that the previous one never tried; locally they keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The stand-in run (python3 run.py test --standin): every tensor made without a device goes to
# the strict CUDA stand-in, and each op checks that its result is on its inputs' device.
# EMBER_TEST_CUDA=1 does the same on a real GPU (benchmarks/gpu_proof.sh).
STANDIN_RUN = bool(os.environ.get("EMBER_CUDA_STANDIN") or os.environ.get("EMBER_TEST_CUDA"))

# Tests that are about the CPU itself, which the stand-in run deselects (counted by reason in its
# summary): each use names one of these reasons, never an ember failure on the device.
CPU_RNG = ("compares with torch's CPU random stream: CUDA draws come from the device's own "
           "generator, documented as not torch's")
CPU_PRINTOUT = "a printout of CPU tensors, run under torch's CPU as the reference"
CPU_AUTOCAST = "autocast('cpu') compared with torch's CPU autocast (the CPU's op lists)"
CPU_NUMPY = ("hands a tensor's memory to NumPy, which holds host memory only (torch's CUDA "
             "tensors refuse it with the TypeError ember's give)")
CPU_KERNEL = ("torch's own op has a CPU kernel only (dynamic quantized Linear), or refuses on "
              "the CPU what its CUDA kernels compute: the test compares that CPU behaviour")
# Not about the CPU itself but a limit of ember, named as one: ops torch has only as CUDA
# kernels, which ember does not implement on any device; the tests compare torch's CPU refusal.
CUDA_KERNELS = ("torch computes this only with its CUDA kernels (sampled_addmm of a COO or "
                "strided input, spsolve, 2:4 "
                "semi-structured sparsity, scaled_grouped_mm), which ember does not have: the "
                "test compares torch's CPU refusal")
# Not about the CPU itself but a limit of ember, named as one: the stand-in run counts it apart.
CPU_CAPTURE = ("ember.export records a program of CPU (NumPy) arrays: a module on a device is "
               "refused (tests/compile/test_device_regions.py)")
# About host arrays themselves: a NumPy array's base-class methods (which read a traced array
# past the capture), and the check of an unsure plan against eager mode on perturbed host copies
# (a device plan that would need it runs eagerly instead, tests/compile/test_device_regions.py).
HOST_TRACE = ("reads a traced NumPy array past the capture, or checks a plan against eager mode "
              "on host copies: what only host arrays have")
# Not about the CPU, but unable to run under the stand-in run's check itself, which replaces each
# public op with a wrapper: tests of which function objects ember exposes, or of the frame a
# warning points at, see the wrapper instead of ember.
CHECK_WRAPPERS = ("looks at ember's op objects or the caller's frame, which the stand-in run's "
                  "device check replaces with its wrappers")


def cpu_only(reason):
    """Mark a test (or, as ``pytestmark``, a file) as inherently about the CPU: the stand-in run
    deselects it and counts it under ``reason``."""
    return pytest.mark.cpu_only(reason=reason)


_DEVICE_ARGUMENT = re.compile(r",\s+device='cuda(:\d+)?'")


_SUFFIX = re.compile(r",\s+(?=[a-z_]+=)")


def as_cpu_text(text):
    """``text`` (a repr or message) with the ``device='cuda:N'`` that the stand-in run's tensors
    print removed, to compare with what torch prints for the same values on its CPU. A lone
    tensor repr also gets its keyword suffixes wrapped again as torch wraps them without the
    device (each goes on the last line while that stays within 80 characters)."""
    text = _DEVICE_ARGUMENT.sub("", text)
    if not text.startswith("tensor(") or text.count("tensor(") != 1 or not text.endswith(")"):
        return text
    parts = _SUFFIX.split(text[:-1])
    body, suffixes = parts[0], parts[1:]
    line = len(body.rsplit("\n", 1)[-1])
    for suffix in suffixes:
        if line + len(suffix) + 2 > 80:
            body += ",\n" + " " * len("tensor(") + suffix
            line = len("tensor(") + len(suffix)
        else:
            body += ", " + suffix
            line += len(suffix) + 2
    return body + ")"


def pytest_configure(config):
    config.addinivalue_line("markers", "cpu_only(reason): the test is about the CPU itself; the "
                                       "stand-in CUDA run deselects it")


if STANDIN_RUN:
    import _standin_check
    _standin_check.install()

    def pytest_collection_modifyitems(config, items):
        kept, dropped = [], []
        for item in items:
            marker = item.get_closest_marker("cpu_only")
            if marker is None:
                kept.append(item)
            else:
                dropped.append(item)
                _standin_check.record_deselected(marker.kwargs["reason"])
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    def pytest_sessionfinish(session):
        if hasattr(session.config, "workeroutput"):  # a pytest-xdist worker: tell the controller
            session.config.workeroutput["cpu_only"] = dict(_standin_check.DESELECTED)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(node, error):
        # Every worker collects (and deselects) the whole run: one worker's counts are the run's.
        _standin_check.DESELECTED.update(getattr(node, "workeroutput", {}).get("cpu_only", {}))

    @pytest.fixture(autouse=True)
    def _cuda_by_default():
        """Every test starts with cuda as the default device: a test that sets its own and
        then resets it (set_default_device(None)) must not move the tests after it to the CPU."""
        ember.set_default_device("cuda")

    def pytest_runtest_logreport(report):
        if report.failed:
            _standin_check.record_failure(report)

    def pytest_terminal_summary(terminalreporter):
        _standin_check.summary(terminalreporter.write_line)


@pytest.fixture(autouse=True)
def _distribution_checks_restored():
    """``compile`` (ember's and torch's) turns distributions' argument checks off for the whole
    process at its first call; each test starts from the checks as they were before it, so a
    test after a compiling one in the same worker sees the default."""
    libs = [ember] + ([TORCH] if TORCH is not None else [])
    before = [lib.distributions.Distribution._validate_args for lib in libs]
    yield
    for lib, value in zip(libs, before):
        lib.distributions.Distribution._validate_args = value


def seeded_on_cpu(lib, seed, build):
    """``build()`` after ``lib.manual_seed(seed)``; for ember it runs with the CPU as the default
    device and its result (a module, a tensor, or a tuple or list of them) then moves to the
    device the test runs on. So random draws stay torch's CPU stream, to compare with torch's,
    while the computation after them runs on the device under test."""
    lib.manual_seed(seed)
    if lib is not ember:
        return build()
    device = ember.get_default_device()
    with ember.device("cpu"):
        made = build()
    return _moved(made, device)


def torch_load(path, **kwargs):
    """``torch.load`` of a file ember wrote. When ember's tensors were on a device and torch has
    no CUDA, their storages map to the CPU (torch refuses them otherwise); a CPU run loads the
    file as saved."""
    if ember.get_default_device().type != "cpu" and not TORCH.cuda.is_available():
        kwargs.setdefault("map_location", "cpu")
    return TORCH.load(path, **kwargs)


def _moved(value, device):
    if isinstance(value, ember.nn.Module):
        return value.to(device)
    if isinstance(value, ember.Tensor):
        if value.is_leaf and value.requires_grad:
            return value.detach().to(device).requires_grad_()
        return value.to(device)
    if isinstance(value, (tuple, list)):
        return type(value)(_moved(v, device) for v in value)
    return value


@pytest.fixture
def standin(monkeypatch):
    """Two stand-in CUDA devices for one test, as ``EMBER_CUDA_STANDIN=2`` gives a whole run."""
    from ember import _backend, _random
    monkeypatch.setattr(_backend, "STANDIN_DEVICES", _backend.STANDIN_DEVICES or 2)
    monkeypatch.setattr(_backend, "_NAMESPACES", {})
    monkeypatch.setattr(_random, "_CUDA_GENERATORS", {})
    return _backend.STANDIN_DEVICES


def _torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


# How to install each optional component, named in the reason of every test that skips
# without it (the minimal install is the core plus the test extra).
INSTALL = {
    "torch": "torch not installed: the oracle comparison is skipped (pip install -e \".[ref]\", "
             "which pins torch==2.13.0)",
    "graphviz": "Graphviz not installed: rendering is skipped (pip install -e \".[viz]\" and "
                "the dot program: apt-get install graphviz or brew install graphviz)",
    "matplotlib": "matplotlib not installed: plotting is skipped (pip install -e \".[plot]\")",
    "tqdm": "tqdm not installed: the progress bar is skipped (pip install -e \".[progress]\")",
    "mpi4py": "mpi4py or an MPI launcher not installed: multi-process tests are skipped "
              "(pip install -e \".[dist]\", which brings mpi4py and MPICH's mpiexec)",
    "ml_dtypes": "ml_dtypes not installed: bfloat16 is skipped (pip install -e \".[bf16]\")",
    "safetensors": "safetensors not installed: the format cross-check is skipped "
                   "(pip install -e \".[safetensors]\")",
    "cupy": "CuPy or a GPU not available: the CUDA backend is skipped (pip install -e "
            "\".[gpu]\" on a machine with an NVIDIA GPU)",
    "onnx": "onnx or onnxruntime not installed: ONNX export is skipped (pip install -e "
            "\".[onnx]\")",
    "tensorboard": "tensorboard not installed: SummaryWriter is skipped (pip install -e "
                   "\".[tensorboard]\")",
    "einops": "einops not installed: the einops backend is skipped (pip install -e "
              "\".[einops]\")",
}


def installed(module):
    """True when ``module`` can be imported (without importing it)."""
    import importlib.util
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def requires(module):
    """A skip marker for tests that need the optional ``module``, naming how to install it."""
    return pytest.mark.skipif(not installed(module), reason=INSTALL[module])


def need(module, submodule=None):
    """Import ``submodule`` (default ``module``) or skip the calling test, naming the install."""
    return pytest.importorskip(submodule or module, reason=INSTALL[module])


TORCH = _torch()
requires_torch = pytest.mark.skipif(TORCH is None, reason=INSTALL["torch"])


def doctest_for_torch(test):
    """Rewrite a doctest of an ember docstring in place to run under torch: its imports and
    the ``ember.`` names its expected output and exception messages print."""
    for example in test.examples:
        example.source = example.source.replace("from ember", "from torch")
        example.want = example.want.replace("ember.", "torch.")
        if example.exc_msg:
            example.exc_msg = example.exc_msg.replace("ember.", "torch.")


def to_torch(x, requires_grad=None):
    """A torch copy of an ember tensor (or pass non-tensors through)."""
    if isinstance(x, ember.Tensor):
        t = TORCH.from_numpy(np.array(x.detach().resolve_conj().resolve_neg().cpu().numpy(),
                                      copy=True))
        if requires_grad if requires_grad is not None else x.requires_grad:
            t.requires_grad_(True)
        return t
    if isinstance(x, (list, tuple)):
        return type(x)(to_torch(v) for v in x)
    return x


def assert_close(ours, theirs, rtol=1e-5, atol=1e-6, check_dtype=True):
    """Compare an ember result with a torch result: values, shape and dtype."""
    if isinstance(theirs, (tuple, list)):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_close(a, b, rtol, atol, check_dtype)
        return
    if theirs is None:
        assert ours is None
        return
    if not hasattr(theirs, "detach"):
        assert ours == pytest.approx(theirs, rel=rtol, abs=atol)
        return
    b = theirs.detach().resolve_conj().resolve_neg().cpu().numpy()
    a = ours.detach().resolve_conj().resolve_neg().cpu().numpy()
    assert tuple(a.shape) == tuple(b.shape), f"shape {a.shape} != torch {b.shape}"
    if check_dtype:
        assert str(ours.dtype).replace("ember.", "") == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_allclose(_widened(a), _widened(b), rtol=rtol, atol=atol, equal_nan=True)


def _widened(arr):
    """float64 (complex128 for complex data, so no imaginary part is dropped); bools as they
    are."""
    if arr.dtype == bool:
        return arr
    return arr.astype(np.complex128 if arr.dtype.kind == "c" else np.float64)


def compare_with_torch(fn, *inputs, rtol=1e-5, atol=1e-6, grad=True, check_grad_fn=True):
    """Run ``fn(module, *inputs)`` on ember and torch; compare outputs, grad_fn names, grads.

    ``fn`` receives the library module (``ember`` or ``torch``) first, so one lambda serves
    both. Inputs are ember tensors; torch copies are made with the same requires_grad.
    """
    ours_in = list(inputs)
    theirs_in = [to_torch(x) for x in inputs]
    ours = fn(ember, *ours_in)
    theirs = fn(TORCH, *theirs_in)
    assert_close(ours, theirs, rtol, atol)
    outs = ours if isinstance(ours, (tuple, list)) else (ours,)
    touts = theirs if isinstance(theirs, (tuple, list)) else (theirs,)
    if check_grad_fn:
        for o, t in zip(outs, touts):
            if hasattr(t, "grad_fn"):
                assert (o.grad_fn is None) == (t.grad_fn is None)
                if t.grad_fn is not None:
                    assert o.grad_fn.name() == t.grad_fn.name()
    if grad:
        pairs = [(o, t) for o, t in zip(outs, touts)
                 if hasattr(t, "requires_grad") and t.requires_grad]
        if pairs:
            rng = np.random.default_rng(0)
            gs = [_seed_gradient(rng, o) for o, _ in pairs]
            ember.autograd.backward([o for o, _ in pairs], [ember.tensor(g) for g in gs])
            TORCH.autograd.backward([t for _, t in pairs], [TORCH.from_numpy(g) for g in gs])
            for a, b in zip(ours_in, theirs_in):
                if isinstance(a, ember.Tensor) and a.requires_grad:
                    assert_close(a.grad, b.grad, rtol * 10, atol * 10)
    return ours, theirs


def _seed_gradient(rng, out):
    """A random output gradient; complex outputs get a random imaginary part too."""
    dt = out.detach().resolve_conj().resolve_neg().cpu().numpy().dtype
    g = rng.standard_normal(out.shape)
    if dt.kind == "c":
        g = g + 1j * rng.standard_normal(out.shape)
    return g.astype(dt)


def check_gradients(fn, *inputs, second_order=True, **kw):
    """gradcheck (and gradgradcheck) ``fn`` at float64 ``inputs``."""
    assert ember.autograd.gradcheck(fn, inputs, **kw)
    if second_order:
        assert ember.autograd.gradgradcheck(fn, inputs, **kw)


def rand64(*shape, low=-1.0, high=1.0, seed=0, requires_grad=True):
    rng = np.random.default_rng(seed)
    arr = rng.uniform(low, high, size=shape)
    return ember.tensor(arr, dtype=ember.float64, requires_grad=requires_grad)
