"""``grad_fn._saved_<name>``: the values torch's nodes show of what they saved (read by graph
drawing tools such as torchviz and by tutorials), with torch's names, values and types."""
from __future__ import annotations

import pytest

import ember
from tests.conftest import TORCH, assert_close, rand64, requires_torch, to_torch

# name -> (program of (library, x, y, w, b), the node's fields ember does not give)
PROGRAMS = {
    "mul": (lambda m, x, y, w, b: x * y, ()),
    "mul_scalar": (lambda m, x, y, w, b: x * 2, ()),
    "div": (lambda m, x, y, w, b: x / y, ()),
    "add": (lambda m, x, y, w, b: x + y, ()),
    "sub": (lambda m, x, y, w, b: x - y, ()),
    "exp": (lambda m, x, y, w, b: x.exp(), ()),
    "log": (lambda m, x, y, w, b: x.log(), ()),
    "tanh": (lambda m, x, y, w, b: x.tanh(), ()),
    "sigmoid": (lambda m, x, y, w, b: x.sigmoid(), ()),
    "relu": (lambda m, x, y, w, b: x.relu(), ()),
    "pow": (lambda m, x, y, w, b: x ** 2, ()),
    "pow_tensor": (lambda m, x, y, w, b: x ** y, ()),
    "pow_scalar_base": (lambda m, x, y, w, b: 2 ** x, ()),
    "sqrt": (lambda m, x, y, w, b: x.sqrt(), ()),
    "sin": (lambda m, x, y, w, b: x.sin(), ()),
    "abs": (lambda m, x, y, w, b: x.abs(), ()),
    "sum": (lambda m, x, y, w, b: x.sum(), ()),
    "sum_dim": (lambda m, x, y, w, b: x.sum(1), ()),
    "mean": (lambda m, x, y, w, b: x.mean(), ()),
    "mean_dim": (lambda m, x, y, w, b: x.mean(1, keepdim=True), ()),
    "mm": (lambda m, x, y, w, b: x @ w.t(), ()),
    "linear": (lambda m, x, y, w, b: m.nn.functional.linear(x, w, b), ()),
    "view": (lambda m, x, y, w, b: x.view(12), ()),
    "transpose": (lambda m, x, y, w, b: x.transpose(0, 1), ()),
    "permute": (lambda m, x, y, w, b: x.permute(1, 0), ()),
    "unsqueeze": (lambda m, x, y, w, b: x.unsqueeze(1), ()),
    "squeeze": (lambda m, x, y, w, b: x[None].squeeze(0), ()),
    "squeeze_negative": (lambda m, x, y, w, b: x[:, None].squeeze(-2), ()),
    "squeeze_dims": (lambda m, x, y, w, b: x[None, :, None].squeeze((0, -1)), ()),
    "select": (lambda m, x, y, w, b: x[1], ()),
    "select_dim1": (lambda m, x, y, w, b: x[:, 2], ()),
    "new_axis": (lambda m, x, y, w, b: x[None], ()),
    "new_axis_dim1": (lambda m, x, y, w, b: x[:, None], ()),
    "new_axis_after_int": (lambda m, x, y, w, b: x[1, None], ()),
    "slice": (lambda m, x, y, w, b: x[1:3], ()),
    "slice_open": (lambda m, x, y, w, b: x[:, 1::2], ()),
    "cat": (lambda m, x, y, w, b: m.cat([x, y], 1), ()),
    "conv2d": (lambda m, x, y, w, b: m.nn.functional.conv2d(
        x.reshape(1, 1, 3, 4), w.reshape(5, 1, 2, 2), b, stride=(1, 2), padding=1), ()),
    "conv1d_constant_bias": (lambda m, x, y, w, b: m.nn.functional.conv1d(
        x.reshape(1, 3, 4), w[:, :3, None], b.detach(), dilation=2), ()),
    "conv_transpose2d": (lambda m, x, y, w, b: m.nn.functional.conv_transpose2d(
        x.reshape(1, 3, 2, 2), w.reshape(5, 4, 1, 1)[:3], stride=2, output_padding=1), ()),
    "conv_grouped": (lambda m, x, y, w, b: m.nn.functional.conv1d(
        x.reshape(1, 4, 3), w[:4, :2, None], groups=2), ()),
    "softmax": (lambda m, x, y, w, b: x.softmax(1), ()),
    "log_softmax": (lambda m, x, y, w, b: x.log_softmax(1), ()),
    "gelu": (lambda m, x, y, w, b: m.nn.functional.gelu(x, approximate="tanh"), ()),
    "max": (lambda m, x, y, w, b: x.max(), ()),
    "max_dim": (lambda m, x, y, w, b: x.max(1)[0], ("_saved_indices",)),
    "expand": (lambda m, x, y, w, b: x[0].expand(2, 4), ()),
    "clamp": (lambda m, x, y, w, b: x.clamp(0.2, 0.8), ()),
    "where": (lambda m, x, y, w, b: m.where(x > 0.5, x, y), ()),
    "layer_norm": (lambda m, x, y, w, b: m.nn.functional.layer_norm(x, (4,)), ("_saved_bias",)),
    "mse_loss": (lambda m, x, y, w, b: m.nn.functional.mse_loss(x, y, reduction="sum"), ()),
    "leaky_relu": (lambda m, x, y, w, b: m.nn.functional.leaky_relu(x, 0.1), ()),
    "embedding": (lambda m, x, y, w, b: m.nn.functional.embedding(m.tensor([0, 2, 2]), w), ()),
    "acos": (lambda m, x, y, w, b: (x * 0.5).acos(), ()),
    "sinh": (lambda m, x, y, w, b: x.sinh(), ()),
    "digamma": (lambda m, x, y, w, b: x.digamma(), ()),
    "lgamma": (lambda m, x, y, w, b: x.lgamma(), ()),
    "log1p": (lambda m, x, y, w, b: x.log1p(), ()),
    "i0": (lambda m, x, y, w, b: x.i0(), ()),
    "sinc": (lambda m, x, y, w, b: x.sinc(), ()),
    "entr": (lambda m, x, y, w, b: m.special.entr(x), ()),
    "nan_to_num": (lambda m, x, y, w, b: x.nan_to_num(), ()),
    "silu": (lambda m, x, y, w, b: m.nn.functional.silu(x), ()),
    "mish": (lambda m, x, y, w, b: m.nn.functional.mish(x), ()),
    "hardsigmoid": (lambda m, x, y, w, b: m.nn.functional.hardsigmoid(x), ()),
    "hardswish": (lambda m, x, y, w, b: m.nn.functional.hardswish(x), ()),
    "exp2": (lambda m, x, y, w, b: x.exp2(), ()),
    "expm1": (lambda m, x, y, w, b: x.expm1(), ()),
    "reciprocal": (lambda m, x, y, w, b: x.reciprocal(), ()),
    "atan2": (lambda m, x, y, w, b: m.atan2(x, y), ()),
    "xlogy": (lambda m, x, y, w, b: m.xlogy(x, y), ()),
    "logaddexp": (lambda m, x, y, w, b: m.logaddexp(x, y), ()),
    "maximum": (lambda m, x, y, w, b: m.maximum(x, y), ()),
    "hypot": (lambda m, x, y, w, b: m.hypot(x, y), ()),
    "addcmul": (lambda m, x, y, w, b: m.addcmul(x, x, y, value=2), ()),
    "addcdiv": (lambda m, x, y, w, b: m.addcdiv(x, x, y), ()),
    "mv": (lambda m, x, y, w, b: m.mv(w, x[0]), ()),
    "baddbmm": (lambda m, x, y, w, b:
                m.baddbmm(x[:, :3][None], x[None], y.t()[None], beta=0.5, alpha=2), ()),
    "trapezoid_scalar_mul": (lambda m, x, y, w, b: m.trapezoid(x, dx=0.5), ()),
    "cumsum": (lambda m, x, y, w, b: x.cumsum(1), ()),
    "flip": (lambda m, x, y, w, b: x.flip(0, 1), ()),
    "tril": (lambda m, x, y, w, b: x.tril(), ()),
    "triu": (lambda m, x, y, w, b: x.triu(1), ()),
    "cumprod": (lambda m, x, y, w, b: x.cumprod(0), ()),
    "stack": (lambda m, x, y, w, b: m.stack([x, y], 1), ()),
    "unbind": (lambda m, x, y, w, b: x.unbind(1)[2], ()),
    "pixel_shuffle": (lambda m, x, y, w, b:
            m.nn.functional.pixel_shuffle(x.reshape(1, 4, 1, 3), 2), ()),
    "diagonal": (lambda m, x, y, w, b: x.diagonal(1), ()),
    "trace": (lambda m, x, y, w, b: x[:, :3].trace(), ()),
    "glu": (lambda m, x, y, w, b: m.nn.functional.glu(x, 1), ()),
    "hardtanh": (lambda m, x, y, w, b: m.nn.functional.hardtanh(x, 0.2, 0.7), ()),
    "elu": (lambda m, x, y, w, b: m.nn.functional.elu(x, 0.5), ()),
    "celu": (lambda m, x, y, w, b: m.nn.functional.celu(x, 2.0), ()),
    "softplus": (lambda m, x, y, w, b: m.nn.functional.softplus(x, 2.0, 10.0), ()),
    "threshold": (lambda m, x, y, w, b: m.nn.functional.threshold(x, 0.5, 0.0), ()),
    "amax": (lambda m, x, y, w, b: x.amax(1), ()),
    "logsumexp": (lambda m, x, y, w, b: x.logsumexp(1), ()),
    "prod": (lambda m, x, y, w, b: x.prod(1), ()),
    "smooth_l1": (lambda m, x, y, w, b: m.nn.functional.smooth_l1_loss(x, y, beta=0.5), ()),
    "huber": (lambda m, x, y, w, b:
            m.nn.functional.huber_loss(x, y, reduction='sum', delta=0.3), ()),
}


def _fields(node):
    return {name: getattr(node, name) for name in dir(node)
            if name.startswith("_saved_") and not name.endswith("_raw")}


@requires_torch
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_saved_fields_match_torch(name):
    program, missing = PROGRAMS[name]
    ours = [rand64(3, 4, low=0.1, seed=0), rand64(3, 4, low=0.1, seed=1),
            rand64(5, 4, seed=2), rand64(5, seed=3)]
    theirs = [to_torch(t) for t in ours]
    node, expected = program(ember, *ours).grad_fn, program(TORCH, *theirs).grad_fn
    assert type(node).__name__ == type(expected).__name__
    fields, expected_fields = _fields(node), _fields(expected)
    assert sorted(fields) == sorted(set(expected_fields) - set(missing)), type(node).__name__
    for field, value in fields.items():
        want = expected_fields[field]
        if isinstance(want, TORCH.Tensor):
            assert_close(value, want, rtol=1e-12, atol=1e-12)
        elif isinstance(want, tuple) and want and isinstance(want[0], TORCH.Tensor):
            assert len(value) == len(want)
            for a, b in zip(value, want):
                assert_close(a, b)
        else:
            assert value == want and type(value) is type(want), (type(node).__name__, field)


@requires_torch
def test_saved_tensors_read_after_backward_raise_torchs_error():
    def run(m):
        x = m.ones(2, requires_grad=True)
        out = (x * x).sum()
        node = out.grad_fn.next_functions[0][0]
        out.backward()
        with pytest.raises(RuntimeError) as caught:
            node._saved_self
        return str(caught.value).replace("torch", "ember")
    assert run(ember) == run(TORCH)


def test_graph_tools_find_the_fields_through_dir():
    x = ember.ones(2, 3, requires_grad=True)
    node = x.sum(1).grad_fn
    assert [a for a in dir(node) if a.startswith("_saved_")] == [
        "_saved_dim", "_saved_keepdim", "_saved_self_sym_sizes"]
    assert node._saved_dim == (1,) and node._saved_self_sym_sizes == (2, 3)
    with pytest.raises(AttributeError, match="has no attribute '_saved_other'"):
        node._saved_other


def _raw_saved_hooks(m):
    """The saved-tensor hooks tutorial's per-tensor hooks: grad_fn._raw_saved_self."""
    calls = []

    def pack(tensor):
        calls.append(("pack", tuple(tensor.shape)))
        return tensor * 1

    def unpack(tensor):
        calls.append(("unpack", tuple(tensor.shape)))
        return tensor
    x = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.pow(2)
    raw = y.grad_fn._raw_saved_self
    raw.register_hooks(pack, unpack)
    errors = []
    for register in (lambda: raw.register_hooks(pack, unpack),
                     lambda: (x * 2).grad_fn._raw_saved_self.register_hooks(pack, unpack)):
        with pytest.raises(RuntimeError) as caught:
            register()
        errors.append(str(caught.value))
    w = x.exp()
    w.grad_fn._raw_saved_result.register_hooks(pack, unpack)
    (y + w).sum().backward()
    with pytest.raises(RuntimeError) as caught:
        raw.register_hooks(pack, unpack)
    errors.append(str(caught.value))
    return calls, x.grad, errors


@requires_torch
def test_raw_saved_tensors_take_hooks_of_their_own_like_torch():
    ours, theirs = _raw_saved_hooks(ember), _raw_saved_hooks(TORCH)
    assert ours[0] == theirs[0] and ours[2] == theirs[2]
    assert_close(ours[1], theirs[1])



@requires_torch
def test_raw_saved_tensor_type_is_named_as_torch_names_it():
    names = []
    for m in (ember, TORCH):
        raw = (m.ones(2, requires_grad=True) * 3).grad_fn._raw_saved_self
        names.append((type(raw).__name__, type(raw).__qualname__,
                      type(raw).__module__.replace("torch", "ember")))
    assert names[0] == names[1] == ("SavedTensor", "SavedTensor", "ember._C._autograd")
