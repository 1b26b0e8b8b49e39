"""ember.library (torch.library): custom operators with inferred or given schemas, reached
through ``ember.ops.<namespace>``, with derivatives, per-device kernels, fake implementations,
``Library``/``define``/``impl`` and ``opcheck``, compared with torch 2.13 on the CPU.

No ``from __future__ import annotations`` here: the custom ops' annotations name local types,
which (as in torch) only real annotation objects allow."""
import itertools
import re
import typing

import numpy as np
import pytest
from conftest import TORCH, assert_close, cpu_only, requires_torch

import ember
from ember.autograd import gradcheck

_COUNTER = itertools.count()


def _fresh(prefix="emb"):
    """A namespace no earlier test used (torch's registry lives as long as the process)."""
    return f"{prefix}{next(_COUNTER)}_{np.random.default_rng().integers(1 << 30)}"


def _text(error):
    return str(error).replace("torch.", "ember.").replace("torch", "ember")


def _signatures(m):
    """Functions annotated with the library's types, as custom ops are written."""
    T = m.Tensor

    def plain(x: T, n: int, s: str, f: float, b: bool, xs: list[T], o: T | None,
              d: m.dtype = m.float32, *, k: int = 3) -> list[T]: ...

    def tuple_out(x: T) -> tuple[T, int]: ...

    def defaults(x: T, y: float = 2.5, z: int = -1, w: bool = True, s: str = "a") -> T: ...

    def mutating(x: T, out: T) -> None: ...

    def optional_ints(x: T, sizes: typing.Optional[list[int]] = None) -> T: ...  # noqa: UP045

    def dict_out(x: T) -> dict: ...

    def dict_in(x: dict) -> T: ...

    def varargs(x: T, *rest: T) -> T: ...

    def no_return(x: T): ...

    def unannotated(x): ...

    return {"plain": (plain, ()), "tuple_out": (tuple_out, ()), "defaults": (defaults, ()),
            "mutating": (mutating, {"out"}), "unknown": (defaults, "unknown"),
            "optional_ints": (optional_ints, ()), "missing": (mutating, {"nope"}),
            "dict_out": (dict_out, ()), "dict_in": (dict_in, ()), "varargs": (varargs, ()),
            "no_return": (no_return, ()), "unannotated": (unannotated, ()),
            "mutable_float": (defaults, {"y"})}


@requires_torch
@pytest.mark.parametrize("case", list(_signatures(ember)))
def test_infer_schema_matches_torch(case):
    def run(m):
        fn, mutates = _signatures(m)[case]
        try:
            return m.library.infer_schema(fn, mutates_args=mutates)
        except ValueError as error:
            return type(error), _text(error)
    ours, theirs = run(ember), run(TORCH)
    if isinstance(theirs, tuple) and "valid types are" in theirs[1]:
        # the list of valid annotations is torch's own enumeration: compare up to it
        assert ours[0] is theirs[0]
        assert ours[1].split("The valid types")[0] == theirs[1].split("The valid types")[0]
    else:
        assert ours == theirs


def _define_ops(m, ns):
    T = m.Tensor

    @m.library.custom_op(f"{ns}::scaled_sin", mutates_args=())
    def scaled_sin(x: T, scale: float = 1.0) -> T:
        return m.sin(x) * scale

    def setup_context(ctx, inputs, output):
        x, scale = inputs
        ctx.save_for_backward(x)
        ctx.scale = scale

    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * m.cos(x) * ctx.scale, None

    m.library.register_autograd(f"{ns}::scaled_sin", backward, setup_context=setup_context)

    @m.library.custom_op(f"{ns}::no_formula", mutates_args=())
    def no_formula(x: T) -> T:
        return x * 2

    @m.library.custom_op(f"{ns}::add_into", mutates_args={"out"})
    def add_into(x: T, out: T) -> None:
        out.add_(x)

    @m.library.custom_op(f"{ns}::returns_input", mutates_args=())
    def returns_input(x: T) -> T:
        return x

    @m.library.custom_op(f"{ns}::two_outputs", mutates_args=(), schema="(Tensor x) -> "
                         "(Tensor, Tensor)")
    def two_outputs(x):
        return x + 1, x * 3

    # A NumPy kernel as a user writes one for any device: through host memory and back.
    @m.library.custom_op(f"{ns}::numpy_exp", mutates_args=(), device_types=("cpu", "cuda"))
    def numpy_exp(x: T) -> T:
        return m.from_numpy(np.exp(x.cpu().numpy())).to(x.device)

    return {"scaled_sin": scaled_sin, "no_formula": no_formula, "add_into": add_into,
            "returns_input": returns_input, "two_outputs": two_outputs, "numpy_exp": numpy_exp}


@requires_torch
def test_custom_op_values_schema_and_names_match_torch():
    ns = _fresh()
    ours, theirs = _define_ops(ember, ns), _define_ops(TORCH, ns)
    x = np.array([0.5, -1.0, 2.0])
    for name in ours:
        assert repr(ours[name]) == repr(theirs[name])
        packet_ours = getattr(getattr(ember.ops, ns), name)
        packet_theirs = getattr(getattr(TORCH.ops, ns), name)
        assert str(packet_ours) == str(packet_theirs)
        assert repr(packet_ours.default) == repr(packet_theirs.default)
        assert str(packet_ours.default._schema) == str(packet_theirs.default._schema)
        assert packet_ours.default.name() == packet_theirs.default.name()
        assert packet_ours.overloads() == packet_theirs.overloads()
    assert_close(ours["scaled_sin"](ember.tensor(x), 2.0),
                 theirs["scaled_sin"](TORCH.tensor(x), 2.0))
    assert_close(getattr(ember.ops, ns).scaled_sin(ember.tensor(x), scale=3.0),
                 getattr(TORCH.ops, ns).scaled_sin.default(TORCH.tensor(x), scale=3.0))
    assert_close(ours["two_outputs"](ember.tensor(x)), theirs["two_outputs"](TORCH.tensor(x)))
    assert_close(ours["numpy_exp"](ember.tensor(x)), theirs["numpy_exp"](TORCH.tensor(x)))
    out_ours, out_theirs = ember.ones(3, dtype=ember.float64), TORCH.ones(3, dtype=TORCH.float64)
    assert ours["add_into"](ember.tensor(x), out_ours) is None
    theirs["add_into"](TORCH.tensor(x), out_theirs)
    assert_close(out_ours, out_theirs)


@requires_torch
def test_custom_op_errors_match_torch():
    ns = _fresh()
    ours, theirs = _define_ops(ember, ns), _define_ops(TORCH, ns)
    calls = [lambda m, ops: ops["scaled_sin"](m.ones(2), 1.0, 2.0),
             lambda m, ops: ops["returns_input"](m.ones(2)),
             lambda m, ops: getattr(getattr(m.ops, ns), "missing")]
    for call in calls:
        with pytest.raises(Exception) as reference:
            call(TORCH, theirs)
        with pytest.raises(type(reference.value)) as error:
            call(ember, ours)
        strip = re.compile(r" \(with implementation in <module [^>]*>\)")
        assert strip.sub("", str(error.value)) == strip.sub("", _text(reference.value))


@requires_torch
def test_registered_derivative_matches_torch_and_missing_one_refuses():
    ns = _fresh()
    ours, theirs = _define_ops(ember, ns), _define_ops(TORCH, ns)
    x = np.array([0.5, -1.0, 2.0])
    a = ember.tensor(x, requires_grad=True)
    b = TORCH.tensor(x, requires_grad=True)
    y_ours, y_theirs = ours["scaled_sin"](a, 2.0), theirs["scaled_sin"](b, 2.0)
    assert y_ours.grad_fn.name() == y_theirs.grad_fn.name()
    (y_ours * ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64)).sum().backward()
    (y_theirs * TORCH.tensor([1.0, 2.0, 3.0], dtype=TORCH.float64)).sum().backward()
    assert_close(a.grad, b.grad)
    z_ours = ours["no_formula"](a)
    z_theirs = theirs["no_formula"](b)
    assert z_ours.grad_fn.name() == z_theirs.grad_fn.name()
    with pytest.raises(RuntimeError) as reference:
        z_theirs.sum().backward()
    with pytest.raises(RuntimeError) as error:
        z_ours.sum().backward()
    assert str(error.value) == str(reference.value)


def test_gradcheck_of_a_custom_op_with_registered_derivative():
    ops = _define_ops(ember, _fresh())
    x = ember.tensor(np.linspace(-2, 2, 5), requires_grad=True)
    assert gradcheck(lambda x: ops["scaled_sin"](x, 1.5), (x,))


def test_per_device_kernel_and_fake_implementation():
    ns = _fresh()

    @ember.library.custom_op(f"{ns}::shift", mutates_args=())
    def shift(x: ember.Tensor) -> ember.Tensor:
        return x + 1

    assert shift(ember.zeros(2)).tolist() == [1.0, 1.0]
    with pytest.raises(RuntimeError, match="no fake impl registered for <CustomOpDef"):
        shift(ember.zeros(2, device="meta"))

    @shift.register_fake
    def _(x):
        return ember.empty_like(x)

    meta = shift(ember.zeros(2, 3, device="meta"))
    assert meta.device.type == "meta" and meta.shape == (2, 3)
    ember.library.register_kernel(f"{ns}::shift", ember.zeros(1).device.type, lambda x: x + 10)
    assert shift(ember.zeros(2)).tolist() == [10.0, 10.0]
    with pytest.raises(RuntimeError, match="device type at start of device string: gpu"):
        ember.library.register_kernel(f"{ns}::shift", "gpu", lambda x: x)


@requires_torch
def test_library_define_and_impl_match_torch():
    ns = _fresh("lib")
    results = []
    for m in (ember, TORCH):
        lib = m.library.Library(ns, "DEF")
        lib.define("cube(Tensor x) -> Tensor")
        for device in ("cpu", "cuda"):  # the tensors below are on the default device
            lib.impl("cube", lambda x: x ** 3, device.upper())
        m.library.define(f"{ns}::square", "(Tensor x, *, float scale=1.0) -> Tensor", lib=lib)
        m.library.impl(f"{ns}::square", ("cpu", "cuda"), lambda x, *, scale=1.0: x * x * scale,
                       lib=lib)
        ops = getattr(m.ops, ns)
        with pytest.raises(RuntimeError) as duplicate:
            lib.define("cube(Tensor x) -> Tensor")
        with pytest.raises(ValueError) as kind:
            m.library.Library(ns + "x", "BAD")
        results.append((ops.cube(m.tensor([2.0])).tolist(),
                        ops.square(m.tensor([3.0]), scale=2.0).tolist(),
                        str(ops.square.default._schema), repr(lib).replace("torch", "ember"),
                        str(duplicate.value).split(" Duplicate registration")[0],
                        str(kind.value)))
    assert results[0] == results[1]


@requires_torch
def test_opcheck_matches_torch():
    ns = _fresh()
    outcomes = []
    for m in (ember, TORCH):
        T = m.Tensor

        @m.library.custom_op(f"{ns}::sine", mutates_args=())
        def sine(x: T) -> T:
            return m.sin(x)

        @m.library.custom_op(f"{ns}::sneaky", mutates_args=())
        def sneaky(x: T) -> T:
            x.add_(1)
            return x.clone()

        sneaky.register_fake(lambda x: m.empty_like(x))
        found = []
        for op, args, tests in [(sine, (m.randn(3),), None),
                                (sneaky, (m.randn(3),), "test_schema"),
                                (sine, (m.randn(3),), "test_nope")]:
            if op is sine and tests is None:
                try:
                    m.library.opcheck(op, args)
                except Exception as error:  # noqa: BLE001 - the type is compared below
                    found.append((type(error).__name__, _text(error)))
                sine.register_fake(lambda x: m.empty_like(x))
                found.append(m.library.opcheck(op, args))
                found.append(m.library.opcheck(op, (m.randn(3, requires_grad=True),),
                                               raise_exception=False)["test_faketensor"])
                continue
            try:
                m.library.opcheck(op, args, test_utils=tests)
            except Exception as error:  # noqa: BLE001 - the type is compared below
                found.append((type(error).__name__, _text(error)))
        outcomes.append(found)
    assert outcomes[0] == outcomes[1]


def _numpy_inside(library):
    """A custom op whose kernel reads its input through .numpy() (the tutorial's numpy_sin),
    and .numpy()/np.asarray of a tensor that requires grad under no_grad and with grad on."""
    @library.library.custom_op("p20test::numpy_sin", mutates_args=())
    def numpy_sin(x: library.Tensor) -> library.Tensor:
        return library.from_numpy(np.sin(x.numpy()))

    numpy_sin.register_autograd(lambda ctx, grad: grad * ctx.x.cos(),
                                setup_context=lambda ctx, inputs, output: setattr(
                                    ctx, "x", inputs[0]))
    x = library.tensor([0.5, 1.0], dtype=library.float64, requires_grad=True)
    y = numpy_sin(x)
    y.sum().backward()
    seen = [y.detach().tolist(), x.grad.tolist(), type(y.grad_fn).__name__]
    with library.no_grad():
        seen += [x.numpy().tolist(), np.asarray(x).tolist()]
    for convert in (x.numpy, lambda: np.asarray(x)):
        try:
            convert()
        except RuntimeError as error:
            seen.append(str(error))
    return seen


@cpu_only("the kernel reads its input through .numpy(), which a CUDA tensor refuses")
def test_custom_op_kernel_may_call_numpy():
    seen = _numpy_inside(ember)
    assert seen[0] == pytest.approx([0.479425538604203, 0.8414709848078965])
    assert seen[2] == "GeneratedBackwardFor_p20test_numpy_sin_defaultBackward"
    assert seen[5].startswith("Can't call numpy() on Tensor that requires grad")


@requires_torch
@cpu_only("the kernel reads its input through .numpy(), which a CUDA tensor refuses")
def test_numpy_of_a_tensor_requiring_grad_matches_torch():
    assert _numpy_inside(ember) == _numpy_inside(TORCH)


def _mutations(m):
    """Versions of the tensors a custom op writes to (custom_op's mutates_args, and a
    Library-defined Tensor(a!) argument), and the refused backward through a graph that saved
    one of them before."""
    ns = _fresh("mut")

    @m.library.custom_op(f"{ns}::clip_", mutates_args={"x"})
    def clip_(x: m.Tensor, low: float, high: float) -> None:
        x.copy_(x.clamp(low, high))

    lib = m.library.Library(ns, "FRAGMENT")
    lib.define("fill_half(Tensor(a!) x, Tensor y) -> ()")

    def fill_half(x, y):
        x.fill_(0.5)

    lib.impl("fill_half", fill_half, "CompositeExplicitAutograd")
    seen = []
    t, other = m.linspace(-2, 2, 5), m.ones(5)
    clip_(t, -1.0, 1.0)
    seen.append((t.tolist(), t._version))
    getattr(getattr(m.ops, ns), "fill_half")(t, other)
    seen.append((t.tolist(), t._version, other._version))
    with m.no_grad():
        clip_(t, 0.0, 0.2)
    seen.append(t._version)
    w = m.ones(3, requires_grad=True)
    saved = m.ones(3)
    product = w * saved
    clip_(saved, 0.0, 0.5)
    try:
        product.sum().backward()
        seen.append("backward ran")
    except RuntimeError as error:
        seen.append(_text(error).split(";")[0])
    return seen


@requires_torch
def test_a_mutating_custom_op_bumps_the_version_as_torch():
    assert _mutations(ember) == _mutations(TORCH)


def _meta_kernel(m):
    ns = _fresh("metak")

    @m.library.custom_op(f"{ns}::add_one", mutates_args=(), device_types="cpu")
    def add_one(x: m.Tensor) -> m.Tensor:
        return x + 1

    @add_one.register_kernel("meta")
    def _(x):
        return m.empty(x.shape[0] + 1, device="meta")

    return [tuple(add_one(m.zeros(2, device="meta")).shape),
            add_one(m.zeros(2, device="cpu")).tolist()]


@requires_torch
def test_a_kernel_registered_for_meta_serves_meta_inputs_without_a_fake():
    assert _meta_kernel(ember) == _meta_kernel(TORCH)
