"""nn.functional activations: values, gradients and grad_fn names against torch; gradcheck."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember
import ember.nn.functional as EF
from tests.conftest import (
    CPU_RNG,
    TORCH,
    check_gradients,
    compare_with_torch,
    cpu_only,
    rand64,
    requires_torch,
)


def F(lib):
    return EF if lib is ember else lib.nn.functional


ACTIVATIONS = {
    "relu": lambda f, x: f.relu(x),
    "relu6": lambda f, x: f.relu6(x * 4),
    "leaky_relu": lambda f, x: f.leaky_relu(x, 0.2),
    "elu": lambda f, x: f.elu(x, 1.3),
    "selu": lambda f, x: f.selu(x),
    "celu": lambda f, x: f.celu(x, 0.5),
    "gelu": lambda f, x: f.gelu(x * 3),
    "gelu_tanh": lambda f, x: f.gelu(x * 3, approximate="tanh"),
    "silu": lambda f, x: f.silu(x * 3),
    "mish": lambda f, x: f.mish(x * 3),
    "softplus": lambda f, x: f.softplus(x * 3),
    "softplus_beta": lambda f, x: f.softplus(x * 3, beta=2.0, threshold=3.0),
    "softsign": lambda f, x: f.softsign(x),
    "hardtanh": lambda f, x: f.hardtanh(x * 2, -0.5, 0.7),
    "hardsigmoid": lambda f, x: f.hardsigmoid(x * 5),
    "hardswish": lambda f, x: f.hardswish(x * 5),
    "sigmoid": lambda f, x: f.sigmoid(x),
    "tanh": lambda f, x: f.tanh(x),
    "logsigmoid": lambda f, x: f.logsigmoid(x * 3),
    "softmax": lambda f, x: f.softmax(x, 1),
    "softmax_dim0": lambda f, x: f.softmax(x, dim=0),
    "log_softmax": lambda f, x: f.log_softmax(x, -1),
    "softmin": lambda f, x: f.softmin(x, 1),
    "glu": lambda f, x: f.glu(x, 1),
    "glu_dim0": lambda f, x: f.glu(x[:4], 0),
    "threshold": lambda f, x: f.threshold(x, 0.1, -2.0),
    "rrelu_eval": lambda f, x: f.rrelu(x),
    "tanhshrink": lambda f, x: f.tanhshrink(x),
    "softshrink": lambda f, x: f.softshrink(x * 2, 0.6),
    "hardshrink": lambda f, x: f.hardshrink(x * 2, 0.6),
}


def _input(seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    data = rng.uniform(-2, 2, size=(4, 6)).astype(dtype)
    return ember.tensor(data, requires_grad=True)


@requires_torch
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activation_matches_torch(name, dtype):
    fn = ACTIVATIONS[name]
    compare_with_torch(lambda lib, x: fn(F(lib), x), _input(dtype=dtype),
                       rtol=1e-5 if dtype == np.float32 else 1e-7)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradcheck(name):
    fn = ACTIVATIONS[name]
    # Stay away from the kinks where numerical differences are not defined.
    x = rand64(4, 6, seed=3)
    x.data = x.data + 0.013
    # torch cannot differentiate hardsigmoid's derivative (see the double-backward test below)
    check_gradients(lambda t: fn(EF, t), x, second_order=name != "hardsigmoid")


@requires_torch
def test_prelu_per_channel_and_shared():
    x = rand64(3, 4, 2)
    weight = ember.tensor([0.1, 0.2, 0.3, 0.4], dtype=ember.float64, requires_grad=True)
    shared = ember.tensor([0.25], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, a, w: F(lib).prelu(a, w), x, weight)
    compare_with_torch(lambda lib, a, w: F(lib).prelu(a, w), rand64(3, 4, 2), shared)
    check_gradients(lambda a, w: EF.prelu(a, w), x, weight)


def test_prelu_channel_mismatch():
    with pytest.raises(RuntimeError, match="parameter numbers = 3 and channel size = 4"):
        EF.prelu(ember.randn(2, 4), ember.ones(3))


@requires_torch
@pytest.mark.parametrize("name,args", [("relu_", ()), ("elu_", (0.7,)), ("leaky_relu_", (0.3,)),
                                       ("hardtanh_", (-0.4, 0.5)), ("selu_", ()),
                                       ("celu_", (0.9,)), ("threshold_", (0.2, -1.0))])
def test_inplace_functions(name, args):
    def fn(lib, x):
        y = x * 1.5
        out = getattr(F(lib), name)(y, *args)
        assert out is y
        return y
    compare_with_torch(fn, _input())


@requires_torch
@pytest.mark.parametrize("name", ["relu", "relu6", "elu", "selu", "celu", "leaky_relu",
                                  "hardtanh", "silu", "mish", "hardswish", "hardsigmoid",
                                  "rrelu"])
def test_inplace_flag(name):
    def fn(lib, x):
        y = x * 1.5
        out = getattr(F(lib), name)(y, inplace=True)
        assert out is y
        return y
    compare_with_torch(fn, _input())


def test_inplace_on_leaf_raises():
    x = ember.randn(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        EF.relu_(x)


@requires_torch
@pytest.mark.parametrize("name", ["logsigmoid", "softplus", "softmax", "log_softmax", "silu",
                                  "mish", "gelu", "sigmoid", "tanh", "elu", "selu"])
def test_extreme_inputs_stay_finite(name):
    values = [-1e4, -800.0, -50.0, -1e-9, 0.0, 1e-9, 50.0, 800.0, 1e4]
    for dtype in (np.float32, np.float64):
        x = ember.tensor(np.array(values, dtype=dtype), requires_grad=True)

        def fn(lib, a):
            f = F(lib)
            if name in ("softmax", "log_softmax"):
                return getattr(f, name)(a, 0)
            return getattr(f, name)(a)
        ours, theirs = compare_with_torch(fn, x, rtol=1e-6, atol=1e-30)
        assert np.isfinite(ours.detach().cpu().numpy()).all() == \
            np.isfinite(theirs.detach().cpu().numpy()).all()


@requires_torch
def test_log_softmax_all_neg_inf_row():
    x = ember.tensor([[-np.inf, -np.inf], [0.0, -np.inf]])
    compare_with_torch(lambda lib, a: F(lib).log_softmax(a, 1), x, grad=False)
    compare_with_torch(lambda lib, a: F(lib).softmax(a, 1), x, grad=False)


@pytest.mark.parametrize("ndim,expected", [(0, 0), (1, 0), (2, 1), (3, 0), (4, 1)])
def test_softmax_implicit_dim_warns(ndim, expected):
    x = ember.randn([3] * ndim)  # randn() with no size raises, as torch.randn() does
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        out = EF.softmax(x)
    np.testing.assert_allclose(out.cpu().numpy(), EF.softmax(x, expected).cpu().numpy())
    with pytest.warns(UserWarning, match="Implicit dimension choice for log_softmax"):
        EF.log_softmax(x)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        EF.softmin(x)


@requires_torch
def test_softmax_dtype_argument():
    x = ember.randn(3, 4)
    compare_with_torch(lambda lib, a: F(lib).softmax(a, 1, dtype=lib.float64), x)
    compare_with_torch(lambda lib, a: a.log_softmax(1, dtype=lib.float64), x)
    compare_with_torch(lambda lib, a: lib.softmax(a, 0), x)


def test_softmax_methods_and_toplevel():
    x = ember.randn(3, 4)
    np.testing.assert_allclose(x.softmax(1).cpu().numpy(), EF.softmax(x, 1).cpu().numpy())
    np.testing.assert_allclose(ember.log_softmax(x, 1).cpu().numpy(),
                               EF.log_softmax(x, 1).cpu().numpy())


@pytest.mark.parametrize("call", [lambda lib, x: x.softmax(), lambda lib, x: lib.softmax(x),
                                  lambda lib, x: x.log_softmax(dtype=lib.float64),
                                  lambda lib, x: lib.log_softmax(x)])
def test_softmax_method_requires_dim(call):
    """Unlike F.softmax, the method and the top-level function refuse a call without dim."""
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(TypeError) as info:
            call(lib, lib.ones(3))
        name = "log_softmax" if "log_softmax" in str(info.value) else "softmax"
        assert str(info.value) == f'{name}() missing 1 required positional arguments: "dim"'


def test_glu_odd_dimension():
    with pytest.raises(RuntimeError, match="Halving dimension must be even, but dimension 1 is "
                                           "size 3"):
        EF.glu(ember.randn(2, 3), 1)


def test_gelu_bad_approximate():
    with pytest.raises(RuntimeError, match="approximate argument must be either none or tanh"):
        EF.gelu(ember.randn(2), approximate="fast")


def test_hardtanh_bad_range():
    with pytest.raises(ValueError, match="min_val cannot be greater than max_val"):
        EF.hardtanh(ember.randn(2), 1.0, -1.0)


def test_rrelu_training_slopes_in_range():
    ember.manual_seed(0)
    x = -ember.rand(1000, dtype=ember.float64) - 0.1
    x.requires_grad_(True)
    out = EF.rrelu(x, 0.1, 0.3, training=True)
    slopes = (out / x).detach().cpu().numpy()
    assert (slopes >= 0.1).all() and (slopes <= 0.3).all() and slopes.std() > 0.01
    out.sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), slopes)


@requires_torch
@cpu_only(CPU_RNG)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("transposed", [False, True])
def test_rrelu_training_draws_torchs_slopes(dtype, transposed):
    # One draw per element <= 0 (zeros included), in logical order, from the default stream;
    # the draws after it go on from the same place.
    def run(lib):
        lib.manual_seed(7)
        x = lib.randn(30, 40, dtype=getattr(lib, dtype))
        x[0, :5] = 0.0
        x = x.t() if transposed else x
        x.requires_grad_(True)
        out = F(lib).rrelu(x, 0.05, 0.45, training=True)
        out.sum().backward()
        module = lib.nn.RReLU()(lib.randn(8, dtype=getattr(lib, dtype)) - 0.5)
        return out.detach(), x.grad, module, lib.rand(3, dtype=getattr(lib, dtype))
    for ours, theirs in zip(run(ember), run(TORCH)):
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


@requires_torch
def test_erf_based_gelu_precision():
    values = np.linspace(-9, 9, 2001)
    ours = EF.gelu(ember.tensor(values)).cpu().numpy()
    theirs = TORCH.nn.functional.gelu(TORCH.tensor(values)).cpu().numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    single = values.astype(np.float32)
    ours = EF.gelu(ember.tensor(single)).cpu().numpy()
    theirs = TORCH.nn.functional.gelu(TORCH.tensor(single)).cpu().numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)


@requires_torch
@pytest.mark.parametrize("name", ["gelu", "silu", "elu", "mish", "softplus", "leaky_relu",
                                  "logsigmoid", "hardsigmoid", "hardswish", "softshrink",
                                  "hardshrink", "selu", "celu", "softmax", "log_softmax"])
def test_activation_integer_input_error_matches_torch(name):
    args = (0,) if name in ("softmax", "log_softmax") else ()
    with pytest.raises(NotImplementedError) as theirs:
        getattr(TORCH.nn.functional, name)(TORCH.tensor([1, 2]), *args)
    with pytest.raises(NotImplementedError) as ours:
        getattr(EF, name)(ember.tensor([1, 2]), *args)
    assert str(ours.value) == str(theirs.value)


@requires_torch
def test_integer_hardtanh_and_threshold():
    compare_with_torch(lambda lib, x: F(lib).hardtanh(x), ember.tensor([1, 2, -3]))
    compare_with_torch(lambda lib, x: F(lib).threshold(x, 1, 7), ember.tensor([1, 2, -3]))


def test_no_warning_with_explicit_dim():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        EF.softmax(ember.randn(2, 3), dim=1)


@requires_torch
@pytest.mark.parametrize("dtype", ["complex64", "int64", "bool"])
@pytest.mark.parametrize("shape, dim", [((2, 3), 1), ((2, 3), 0), ((3,), 0), ((), 0)])
def test_softmax_refuses_complex_and_integer_input_naming_torchs_kernel(dtype, shape, dim):
    # The last-dim kernel and the other-dim kernel name themselves; nn.functional's softmax
    # took complex input ember computed where torch refuses it.
    def outcomes(lib):
        x = lib.ones(shape, dtype=getattr(lib, dtype))
        calls = [lambda: F(lib).softmax(x, dim), lambda: F(lib).log_softmax(x, dim),
                 lambda: lib.softmax(x, dim), lambda: x.log_softmax(dim),
                 lambda: F(lib).softmin(x, dim)]
        found = []
        for call in calls:
            with pytest.raises((NotImplementedError, RuntimeError)) as error:
                call()  # softmin negates first: a bool input fails there
            found.append((type(error.value).__name__, str(error.value)))
        return found
    assert outcomes(ember) == outcomes(TORCH)


@requires_torch
@pytest.mark.parametrize("inplace", [False, True])
def test_threshold_keeps_nan_and_its_gradient_as_torch(inplace):
    # torch writes value where x <= threshold: a NaN compares false and stays, with its
    # gradient (ember tested x > threshold, so NaN became value with a zero gradient)
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([float("nan"), -1.0, 0.5, 2.0], dtype=lib.float64, requires_grad=True)
        y = F(lib).threshold(x * 1, 0.5, -3.0, inplace=inplace)
        y.backward(lib.tensor([1.0, 2.0, 3.0, 4.0], dtype=lib.float64))
        results.append((str(y.tolist()), x.grad.tolist(), type(y.grad_fn).__name__))
    assert results[0] == results[1]


SPECIAL_POINT_GRADS = {
    "hardswish": lambda t, x: F(t).hardswish(x),
    "hardsigmoid": lambda t, x: F(t).hardsigmoid(x),
    "hardtanh": lambda t, x: F(t).hardtanh(x),
    "relu6": lambda t, x: F(t).relu6(x),
    "softshrink": lambda t, x: F(t).softshrink(x, 0.5),
    "hardshrink": lambda t, x: F(t).hardshrink(x, 0.5),
    "smooth_l1": lambda t, x: F(t).smooth_l1_loss(x, t.zeros_like(x), reduction="none"),
    "huber": lambda t, x: F(t).huber_loss(x, t.zeros_like(x), reduction="none", delta=3.0),
    "max": lambda t, x: x.max(),
    "min": lambda t, x: x.min(),
    "maximum": lambda t, x: t.maximum(x, x.flip(0)),
    "minimum": lambda t, x: t.minimum(x, x.flip(0)),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SPECIAL_POINT_GRADS))
def test_gradients_at_nan_and_the_kinks_as_torch(name):
    # hardswish's derivative is 0 at -3 and 1 at 3 (ember: -1/2 and 3/2); hardsigmoid's
    # multiplies by 1/6 written as a float literal; a NaN max passes its gradient to the NaN
    # elements (ember gave NaN everywhere); maximum gives both sides of a NaN all of it; a NaN
    # stays NaN through softshrink (ember: 0). 64 elements: torch's vectorised loops cover
    # them all on any CPU (what its derivatives give a NaN in a short scalar tail differs)
    points = [float("nan"), -3.0, -2.5, -0.5, 0.0, 0.5, 1.0, 2.5, 3.0, 6.0, -6.0] + \
        [0.125 * k - 4 for k in range(53)]
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(points, dtype=lib.float64, requires_grad=True)
        y = SPECIAL_POINT_GRADS[name](lib, x)
        (g,) = lib.autograd.grad(y.sum(), x)
        results.append((str(y.tolist()).replace("-0.0", "0.0"), str(g.tolist())))
    assert results[0] == results[1]


PIECEWISE_LINEAR = {
    "relu": lambda f, x: f.relu(x),
    "relu6": lambda f, x: f.relu6(x * 4),
    "hardtanh": lambda f, x: f.hardtanh(x, -0.5, 0.7),
    "leaky_relu": lambda f, x: f.leaky_relu(x, 0.2),
    "leaky_relu_inplace": lambda f, x: f.leaky_relu(x * 1, 0.2, inplace=True),
    "hardtanh_inplace": lambda f, x: f.hardtanh_(x * 1, -0.5, 0.7),
    "softshrink": lambda f, x: f.softshrink(x, 0.3),
    "hardshrink": lambda f, x: f.hardshrink(x, 0.3),
    "threshold": lambda f, x: f.threshold(x, 0.1, -1.0),
    "threshold_inplace": lambda f, x: f.threshold(x * 1, 0.1, -1.0, inplace=True),
    "prelu": lambda f, x: f.prelu(x, x.new_tensor([0.25])),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(PIECEWISE_LINEAR))
def test_piecewise_linear_gradient_stays_differentiable_as_torch(name):
    # torch's derivative of these is itself an op with a derivative (zeros for the input), so
    # a gradient taken with create_graph requires grad, and a parameter before the activation
    # gets a zero gradient from a penalty on it (an R1 or path-length penalty through a
    # leaky-ReLU discriminator), not None: Adam then counts a step for it
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([[-1.5, -0.25, 0.0, 0.3, 0.6, 2.0]], dtype=lib.float64,
                       requires_grad=True)
        bias = lib.tensor([0.1], dtype=lib.float64, requires_grad=True)
        y = PIECEWISE_LINEAR[name](F(lib), x + bias)
        (g,) = lib.autograd.grad((y * y.detach()).sum(), x, create_graph=True)
        node = type(g.grad_fn).__name__
        g.pow(2).sum().backward()
        results.append((g.tolist(), g.requires_grad, node, bias.grad.tolist(),
                        x.grad.tolist()))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "float32", "bfloat16"])
@pytest.mark.parametrize("name", ["leaky_relu", "hardtanh", "softshrink", "hardshrink",
                                  "threshold"])
def test_piecewise_linear_gradient_in_each_float_dtype_as_torch(name, dtype):
    if dtype == "bfloat16":
        pytest.importorskip("ml_dtypes", reason="ember's bfloat16 needs ml_dtypes")
    # 64 elements, all in torch's vectorised loop; some -0 gradients
    values = (np.random.default_rng(4).standard_normal(64) * 3).tolist()
    grads = (np.random.default_rng(5).standard_normal(64) * 3).tolist()
    grads[:4] = [-0.0] * 4
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
        y = PIECEWISE_LINEAR[name](F(lib), x)
        y.backward(lib.tensor(grads, dtype=getattr(lib, dtype)))
        results.append((str(x.grad.float().tolist()), x.grad.signbit().tolist(),
                        str(x.grad.dtype).split(".")[1]))
    assert results[0] == results[1]


@requires_torch
def test_double_backward_through_hardsigmoid_raises_as_torch():
    # torch records hardsigmoid's derivative as a node it cannot differentiate again
    messages = []
    for lib in (ember, TORCH):
        x = lib.tensor([-4.0, -1.0, 0.5, 3.5], requires_grad=True)
        w = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        (g,) = lib.autograd.grad((F(lib).hardsigmoid(x) * w).sum(), x, create_graph=True)
        with pytest.raises(RuntimeError) as error:
            g.pow(2).sum().backward()
        messages.append((g.tolist(), type(g.grad_fn).__name__, str(error.value)))
    assert messages[0] == messages[1]


# Second derivatives at the kinks, as torch's double-backward formulas take them: the ELU
# family's slope at x = 0 (and -0) is the negative branch's, but its derivative there is 0;
# softplus at beta * x == threshold has sigmoid's slope and a second derivative of 0. Gradient
# penalties (WGAN-GP, R1) and Hessian-vector products meet these points on zero-padded inputs.
@requires_torch
@pytest.mark.parametrize("name", ["elu", "celu", "selu", "softplus"])
def test_second_derivative_at_the_kink_matches_torch(name):
    fns = {"elu": lambda f, x: f.elu(x, 0.5), "celu": lambda f, x: f.celu(x, 0.5),
           "selu": lambda f, x: f.selu(x),
           "softplus": lambda f, x: f.softplus(x, beta=2.0, threshold=1.0)}
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([-0.0, 0.0, -1.0, 1.0, 0.5, -3.0, 3.0], dtype=lib.float64,
                       requires_grad=True)
        (g,) = lib.autograd.grad(fns[name](F(lib), x).sum(), x, create_graph=True)
        (g2,) = lib.autograd.grad((g * lib.arange(1.0, 8.0, dtype=lib.float64)).sum(), x)
        results.append((g.detach().cpu().numpy(), g2.cpu().numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    check_gradients(lambda t: fns[name](EF, t), rand64(6, low=-2.0, high=2.0))


@requires_torch
@pytest.mark.parametrize("shape", [(6,), (2, 3), (2, 3, 2)])
def test_prelu_second_derivatives_leave_out_zero_inputs_as_torch(shape):
    # at x = 0 (and -0) the first derivative takes the weight's branch, but torch's second
    # derivatives (d/dx of the weight's gradient, d/dw of the input's) count only x < 0
    values = np.array([-0.0, 0.0, -1.0, 1.0, 0.5, -3.0] * 2)[:int(np.prod(shape))].reshape(shape)
    channels = shape[1] if len(shape) > 1 else 1
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        w = (lib.arange(channels, dtype=lib.float64) * 0.1 + 0.25).requires_grad_()
        c = lib.arange(1.0, x.numel() + 1, dtype=lib.float64).reshape(shape)
        gx, gw = lib.autograd.grad((F(lib).prelu(x, w) * c).sum(), (x, w), create_graph=True)
        d = lib.linspace(-1, 1, x.numel(), dtype=lib.float64).reshape(shape)
        second = lib.autograd.grad((gx * d).sum() + (gw * 3).sum(), (x, w))
        results.append([t.detach().cpu().numpy() for t in (gx, gw, *second)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    check_gradients(lambda a, b: EF.prelu(a, b), rand64(2, 3, 2), rand64(3, seed=1))


@requires_torch
@pytest.mark.parametrize("training", [False, pytest.param(True, marks=cpu_only(CPU_RNG))])
def test_rrelu_gradient_taken_with_create_graph_differentiates_again_as_torch(training):
    # torch records rrelu's derivative as a node of (grad, x) whose d/dx is 0: a second
    # derivative is zeros (ember's gradient did not require grad, and the second grad raised)
    results = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        x = lib.tensor([-1.0, 0.0, 2.0, -0.3], dtype=lib.float64, requires_grad=True)
        w = lib.tensor(2.0, dtype=lib.float64, requires_grad=True)
        y = F(lib).rrelu(x * w, training=training)
        (g,) = lib.autograd.grad((y * lib.arange(1.0, 5.0, dtype=lib.float64)).sum(), x,
                                 create_graph=True)
        assert g.grad_fn.next_functions[0][0].name() == "RreluWithNoiseBackwardBackward0"
        second = lib.autograd.grad(g.sum(), (x, w))
        results.append([t.detach().cpu().numpy() for t in (g, *second)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


@pytest.mark.parametrize("inplace", [False, True])
def test_threshold_refuses_a_bool_tensor_as_torch(inplace):
    """torch has no bool threshold kernel; NumPy's where gave a float result (or wrote into the
    bool tensor) silently."""
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        x = lib.tensor([True, False])
        with pytest.raises(NotImplementedError, match="\"threshold_cpu\" not implemented for "
                                                      "'Bool'"):
            lib.nn.functional.threshold(x, 0.5, 2.0, inplace=inplace)
        assert x.tolist() == [True, False]
