"""ember's pure array kernels (the fused backward of tanh, sigmoid and relu, and the
activations' ``_elementwise``) are one step each of a compiled plan, not one per NumPy call,
and the plan's gradients equal eager mode's bit for bit: below and above the size from which
those kernels run block by block."""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember._compile import capture as _capture
from ember.ops import activation as _activation
from ember.ops import elementwise as _elementwise

F = ember.nn.functional

CASES = {
    "tanh": (lambda x: x.tanh(), _elementwise._tanh_backward_kernel),
    "sigmoid": (lambda x: x.sigmoid(), _elementwise._sigmoid_backward_kernel),
    "relu": (lambda x: x.relu(), _elementwise._relu_backward_kernel),
    "gelu": (lambda x: F.gelu(x), _activation._elementwise),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), _activation._elementwise),
    "silu": (lambda x: F.silu(x), _activation._elementwise),
    "mish": (lambda x: F.mish(x), _activation._elementwise),
}


def _plan(compiled):
    return next(iter(compiled._ember_region.plans.values()))


def _run(fn, data, upstream, compiled=None):
    x = ember.tensor(data, requires_grad=True)
    out = (compiled or fn)(x)
    out.backward(ember.tensor(upstream))
    return out.detach().cpu().numpy(), x.grad.cpu().numpy()


@pytest.mark.parametrize("size", [(3, 5), (64, 130)])  # 15 and 8320 elements
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_kernel_is_one_step_and_its_gradient_is_eager_modes(name, dtype, size):
    fn, kernel = CASES[name]
    rng = np.random.default_rng(0)
    compiled = ember.compile(fn)
    for step in range(3):  # the capture, then replays on other values
        data = (rng.standard_normal(size) * 3).astype(dtype)
        data[0, 0] = 0.0  # relu's derivative at 0 is 0, as torch's
        upstream = rng.standard_normal(size).astype(dtype)
        got, want = _run(fn, data, upstream, compiled), _run(fn, data, upstream)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and np.array_equal(g, w), (name, step)
    entry = _plan(compiled)
    backward = entry.trace.steps[entry.forward_steps:]
    assert sum(step[0] is kernel for step in backward) == 1
    # The kernel's own NumPy calls are not steps of the plan.
    assert len(backward) <= 4


def test_only_a_compile_plans_trace_takes_a_kernel_whole():
    # Export's and ONNX's traces record the kernel's NumPy calls, which they translate.
    g, y = np.linspace(-1, 1, 8), np.full(8, 0.5)
    counts = {}
    for kernels in (False, True):
        trace = _capture.Trace(keep=False, kernels=kernels)
        traced_g, traced_y = trace.new_slot(g, "input"), trace.new_slot(y, "input")
        with _capture.capturing(trace):
            out = _elementwise._tanh_backward_kernel(traced_g, traced_y)
        counts[kernels] = len(trace.steps)
        assert np.array_equal(_capture._raw(out), g * (1 - y * y))
    assert counts[True] == 1 < counts[False]


def test_relus_backward_writes_over_the_gradient_the_matmul_before_it_made():
    # x @ w1 -> relu -> @ w2: the plan's relu backward takes the matmul's fresh gradient as
    # out= (written in place, no new array), in the template phase and as source, and every
    # gradient stays eager mode's to the bit, with zeros, NaN outputs and infinite gradients.
    from ember._compile import plan as _plan_module

    def fn(x, w1, w2):
        return (x @ w1).relu() @ w2

    rng = np.random.default_rng(0)
    compiled = ember.compile(fn)
    for step in range(_plan_module.COMPILE_AFTER + 3):
        data = [rng.standard_normal(shape).astype(np.float32)
                for shape in ((64, 20), (20, 130), (130, 3))]
        data[0][0] = np.nan                      # a row of NaN outputs passes its gradient
        data[1][:, :5] = 0.0                     # columns of zeros in relu's output
        upstream = rng.standard_normal((64, 3)).astype(np.float32)
        upstream[1, 0] = np.inf                  # a row of infinite gradients where out is 0
        results = []
        for run in (compiled, fn):
            leaves = [ember.tensor(d, requires_grad=True) for d in data]
            run(*leaves).backward(ember.tensor(upstream))
            results.append([leaf.grad.cpu().numpy() for leaf in leaves])
        for got, want in zip(*results):
            assert np.array_equal(got, want, equal_nan=True), step
    program = _plan(compiled).backward
    kernel_steps = [position for position, step in enumerate(program.steps)
                    if step[0] is _elementwise._relu_backward_kernel]
    assert len(kernel_steps) == 1 and kernel_steps[0] in program.outs
    steps = [line for line in program.source.splitlines()[1:-1]
             if not line.lstrip().startswith("del ")]  # one line per step, and the frees
    assert program.compiled is not None and "out=" in steps[kernel_steps[0]]


FORWARD = {
    "exp": (lambda x: x.exp(), "_exp32"),
    "log": (lambda x: x.abs().add(0.5).log(), "_log32"),
    "expm1": (lambda x: x.expm1(), "_expm1_32"),
    "log10": (lambda x: x.abs().add(0.5).log10(), "_log10"),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(FORWARD))
def test_float32_exp_and_log_through_float64_are_one_step(name, dtype):
    # exp, log, expm1 and log10 evaluate a float32 array in float64 and round once: a plan records
    # that as one step (not the float64 call and the cast back), and replays eager's bits.
    fn, kernel_name = FORWARD[name]
    kernel = getattr(_elementwise, kernel_name)
    rng = np.random.default_rng(1)
    compiled = ember.compile(fn)
    for step in range(3):
        data = rng.standard_normal((4, 33)).astype(dtype)
        upstream = rng.standard_normal((4, 33)).astype(dtype)
        got, want = _run(fn, data, upstream, compiled), _run(fn, data, upstream)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and np.array_equal(g, w), (name, step)
    entry = _plan(compiled)
    forward = entry.trace.steps[:entry.forward_steps]
    assert sum(step[0] is kernel for step in forward) == 1
    assert not any(getattr(step[0], "__name__", "") == "astype" for step in forward)


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_batch_norm_plans_take_eager_modes_channel_tiles_and_its_bits(dtype):
    # On short planes eager batch norm scales by (C, S) tiles of the per-channel values; a
    # plan records the same tiles (a repeat of each channel vector), not (C, 1) columns,
    # which give the same bits at about twice the cost of a same-shape operation.
    from ember._compile.explain import _name
    ember.manual_seed(0)
    modules = [ember.nn.BatchNorm2d(6).to(dtype) for _ in range(2)]
    compiled = ember.compile(modules[0])
    for step in range(4):
        data = ember.randn(8, 6, 5, 5, dtype=dtype) * (step + 1) + step
        results = []
        for module, run in zip(modules, (compiled, modules[1])):
            x = data.clone().requires_grad_()
            out = run(x)
            (out * out).sum().backward()
            results.append([out.detach(), x.grad, module.weight.grad, module.bias.grad,
                            module.running_mean, module.running_var])
            module.zero_grad()
        for got, want in zip(*results):
            assert np.array_equal(got.cpu().numpy(), want.cpu().numpy()), step
    entry = _plan(compiled)
    if isinstance(data._data, np.ndarray):  # a device's arrays take columns in both modes
        for program in (entry.forward, entry.backward):
            assert "repeat" in [_name(step[0]) for step in program.steps]
