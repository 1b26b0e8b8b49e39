"""The meta device: tensors with a shape, dtype and strides and no data, compared with torch's."""
import tracemalloc

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch


def _meta(lib):
    def make(*shape, dtype=None):
        return lib.empty(*shape, device="meta", dtype=dtype)
    return make


# Each case runs ``fn(lib, M)`` with M making meta tensors: same shapes, dtypes, strides, offsets
# and grad_fn names as torch's meta results.
CASES = {
    "add_broadcast": lambda lib, M: M(2, 3) + M(3),
    "promote_int_float": lambda lib, M: M(2, 3, dtype=lib.int64) * M(3),
    "int_plus_float_scalar": lambda lib, M: M(2, 3, dtype=lib.int32) + 2.5,
    "true_divide_ints": lambda lib, M: M(4, dtype=lib.int64) / M(4, dtype=lib.int64),
    "exp": lambda lib, M: M(2, 3).exp(),
    "compare": lambda lib, M: M(2, 3) > 0,
    "where": lambda lib, M: lib.where(M(2, 3) > 0, M(2, 3), 0.0),
    "matmul_batched": lambda lib, M: M(5, 2, 3) @ M(3, 4),
    "matmul_vector": lambda lib, M: M(2, 3) @ M(3),
    "bmm": lambda lib, M: lib.bmm(M(5, 2, 3), M(5, 3, 4)),
    "linear": lambda lib, M: lib.nn.functional.linear(M(7, 3), M(4, 3), M(4)),
    "sum_dim": lambda lib, M: M(2, 3, 4).sum(1),
    "sum_keepdim": lambda lib, M: M(2, 3, 4).sum((0, 2), keepdim=True),
    "mean_all": lambda lib, M: M(2, 3, 4).mean(),
    "max_dim": lambda lib, M: M(2, 3, 4).max(1)[0],
    "argmax": lambda lib, M: M(2, 3, 4).argmax(-1),
    "var": lambda lib, M: M(2, 3, 4).var(1),
    "norm": lambda lib, M: M(2, 3).norm(),
    "cumsum": lambda lib, M: M(2, 3).cumsum(1),
    "view": lambda lib, M: M(2, 3, 4).view(6, 4),
    "reshape_copy": lambda lib, M: M(2, 3).t().reshape(6),
    "permute": lambda lib, M: M(2, 3, 4).permute(2, 0, 1),
    "transpose": lambda lib, M: M(2, 3, 4).transpose(0, 1),
    "slice_step": lambda lib, M: M(5, 6)[1:4, ::2],
    "select": lambda lib, M: M(5, 6)[2],
    "unsqueeze": lambda lib, M: M(5, 6).unsqueeze(1),
    "expand": lambda lib, M: M(5, 1).expand(5, 4),
    "flatten": lambda lib, M: M(2, 3, 4).flatten(1),
    "cat": lambda lib, M: lib.cat([M(2, 3), M(4, 3)]),
    "stack": lambda lib, M: lib.stack([M(2, 3), M(2, 3)], 1),
    "chunk": lambda lib, M: M(6, 3).chunk(3)[1],
    "split": lambda lib, M: M(6, 3).split(4)[1],
    "contiguous": lambda lib, M: M(2, 3).t().contiguous(),
    "clone": lambda lib, M: M(2, 3).clone(),
    "softmax": lambda lib, M: lib.nn.functional.softmax(M(2, 3), -1),
    "log_softmax": lambda lib, M: lib.nn.functional.log_softmax(M(2, 3), -1),
    "relu": lambda lib, M: lib.nn.functional.relu(M(2, 3)),
    "gelu": lambda lib, M: lib.nn.functional.gelu(M(2, 3)),
    "layer_norm": lambda lib, M: lib.nn.functional.layer_norm(M(2, 3, 4), (4,), M(4), M(4)),
    "batch_norm": lambda lib, M: lib.nn.functional.batch_norm(
        M(2, 3, 4, 4), M(3), M(3), M(3), M(3), training=True),
    "conv2d": lambda lib, M: lib.nn.functional.conv2d(M(2, 3, 8, 8), M(4, 3, 3, 3), M(4),
                                                      padding=1),
    "max_pool2d": lambda lib, M: lib.nn.functional.max_pool2d(M(2, 3, 8, 8), 2),
    "avg_pool2d": lambda lib, M: lib.nn.functional.avg_pool2d(M(2, 3, 8, 8), 2),
    "adaptive_avg_pool2d": lambda lib, M: lib.nn.functional.adaptive_avg_pool2d(M(2, 3, 8, 8),
                                                                                 1),
    "embedding": lambda lib, M: lib.nn.functional.embedding(M(4, 5, dtype=lib.int64),
                                                            M(10, 3)),
    "mse_loss": lambda lib, M: lib.nn.functional.mse_loss(M(4, 5), M(4, 5)),
    "index_with_tensor": lambda lib, M: M(5, 6)[M(3, dtype=lib.int64)],
    "gather": lambda lib, M: M(5, 6).gather(1, M(5, 2, dtype=lib.int64)),
    "to_float64": lambda lib, M: M(2, 3).to(lib.float64),
    "attention": lambda lib, M: lib.nn.functional.scaled_dot_product_attention(
        M(2, 4, 5, 8), M(2, 4, 5, 8), M(2, 4, 5, 8), is_causal=True),
    "tril": lambda lib, M: lib.tril(M(4, 4)),
    "masked_fill": lambda lib, M: M(4, 4).masked_fill(M(4, 4, dtype=lib.bool), 0.0),
    "topk": lambda lib, M: M(4, 6).topk(2)[0],
    "sort_indices": lambda lib, M: M(4, 6).sort()[1],
    "pad": lambda lib, M: lib.nn.functional.pad(M(2, 3, 4), (1, 2)),
    "einsum": lambda lib, M: lib.einsum("bij,bjk->bik", M(2, 3, 4), M(2, 4, 5)),
    "arange": lambda lib, M: lib.arange(10, device="meta"),
    "zeros_like": lambda lib, M: lib.zeros_like(M(2, 3)),
    "full": lambda lib, M: lib.full((2, 3), 7, device="meta"),
    "tensor": lambda lib, M: lib.tensor([1, 2, 3], device="meta"),
    "ones_half": lambda lib, M: lib.ones(2, 3, device="meta", dtype=lib.float16),
    "rand": lambda lib, M: lib.rand(2, 3, device="meta"),
    "randint": lambda lib, M: lib.randint(0, 5, (2, 3), device="meta"),
    "linspace": lambda lib, M: lib.linspace(0, 1, 5, device="meta"),
    "add_": lambda lib, M: M(2, 3).add_(1),
    "uniform_": lambda lib, M: M(2, 3).uniform_(),
    "copy_broadcast": lambda lib, M: M(2, 3).copy_(M(3)),
    "grad_fn": lambda lib, M: (M(2, 3).requires_grad_() * 2).sum(),
    "cpu_to_meta": lambda lib, M: lib.ones(2, 3).to("meta"),
    "conv2d_strided": lambda lib, M: lib.nn.functional.conv2d(M(2, 3, 8, 8), M(4, 3, 3, 3),
                                                              stride=2),
    "conv1d": lambda lib, M: lib.nn.functional.conv1d(M(2, 3, 8), M(4, 3, 3)),
    "conv_transpose2d": lambda lib, M: lib.nn.functional.conv_transpose2d(
        M(2, 4, 5, 5), M(4, 3, 3, 3), stride=2),
    "cross_entropy": lambda lib, M: lib.nn.functional.cross_entropy(M(4, 5),
                                                                    M(4, dtype=lib.int64)),
    "dropout": lambda lib, M: lib.nn.functional.dropout(M(4, 5), 0.5),
    "interpolate": lambda lib, M: lib.nn.functional.interpolate(M(1, 3, 4, 4), scale_factor=2),
    "group_norm": lambda lib, M: lib.nn.functional.group_norm(M(2, 4, 3, 3), 2, M(4), M(4)),
    "one_hot": lambda lib, M: lib.nn.functional.one_hot(M(3, dtype=lib.int64), 5),
    "cummax": lambda lib, M: M(3, 4).cummax(1)[0],
    "index_add": lambda lib, M: M(5, 3).index_add(0, M(4, dtype=lib.int64), M(4, 3)),
    "baddbmm": lambda lib, M: lib.baddbmm(M(2, 3, 5), M(2, 3, 4), M(2, 4, 5)),
    "as_strided": lambda lib, M: M(3, 4).as_strided((2, 2), (1, 2), 1),
    "lstm": lambda lib, M: lib.nn.LSTM(3, 4, device="meta")(M(5, 2, 3))[0],
    "encoder_layer": lambda lib, M: lib.nn.TransformerEncoderLayer(
        8, 2, 16, batch_first=True, device="meta")(M(2, 5, 8)),
}


def _grad_of(fn, *shape):
    def run(lib, M):
        leaf = M(*shape).requires_grad_()
        out = fn(lib, leaf)
        (out if out.dim() == 0 else out.sum()).backward()
        return leaf.grad
    return run

GRAD_CASES = {
    "embedding": _grad_of(lambda lib, w: lib.nn.functional.embedding(
        lib.empty(4, 5, dtype=lib.int64, device="meta"), w), 10, 3),
    "conv2d": _grad_of(lambda lib, w: lib.nn.functional.conv2d(
        lib.empty(2, 3, 8, 8, device="meta"), w, padding=1), 4, 3, 3, 3),
    "layer_norm": _grad_of(lambda lib, w: lib.nn.functional.layer_norm(
        lib.empty(2, 3, 4, device="meta"), (4,), w), 4),
    "cross_entropy": _grad_of(lambda lib, x: lib.nn.functional.cross_entropy(
        x, lib.empty(4, dtype=lib.int64, device="meta")), 4, 5),
    "attention": _grad_of(lambda lib, q: lib.nn.functional.scaled_dot_product_attention(
        q, q, q, is_causal=True), 2, 2, 5, 4),
    "batch_norm": _grad_of(lambda lib, x: lib.nn.functional.batch_norm(
        x, None, None, training=True), 2, 3, 4, 4),
    "max_pool2d": _grad_of(lambda lib, x: lib.nn.functional.max_pool2d(x, 2), 2, 3, 4, 4),
}
CASES["max_pool2d_indices"] = lambda lib, M: lib.nn.functional.max_pool2d(
    M(2, 3, 8, 8), 2, return_indices=True)[1]
CASES.update({f"grad_{name}": fn for name, fn in GRAD_CASES.items()})


def _describe(t):
    return (tuple(t.shape), str(t.dtype).split(".")[-1], t.stride(), t.storage_offset(),
            t.device.type, type(t.grad_fn).__name__ if t.grad_fn is not None else None)


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_meta_results_match_torch(name):
    fn = CASES[name]
    ours, theirs = fn(ember, _meta(ember)), fn(TORCH, _meta(TORCH))
    assert _describe(ours) == _describe(theirs)


def test_meta_tensor_reports_shape_dtype_and_device_without_data():
    t = ember.empty(2, 3, device="meta", dtype=ember.float64)
    assert t.is_meta and t.device == ember.device("meta") and not t.is_cpu
    assert t.shape == (2, 3) and t.dtype is ember.float64 and t.stride() == (3, 1)
    assert t.t().stride() == (1, 3) and not t.t().is_contiguous()
    assert t[1:].storage_offset() == 3


@requires_torch
@pytest.mark.parametrize("make", [
    lambda lib: lib.empty(2, 3, device="meta"),
    lambda lib: lib.empty(0, device="meta"),
    lambda lib: lib.empty((), device="meta"),
    lambda lib: lib.zeros(3, dtype=lib.int64, device="meta"),
    lambda lib: lib.ones(2, 3, device="meta", dtype=lib.float16),
    lambda lib: lib.randn(2, 3, device="meta", requires_grad=True),
    lambda lib: lib.ones(2, 3, device="meta", requires_grad=True) * 2,
    lambda lib: lib.ones(2, 3, device="meta", requires_grad=True).to(lib.float64),
    lambda lib: lib.nn.Parameter(lib.empty(2, 3, device="meta")),
])
def test_meta_repr_matches_torch(make):
    assert repr(make(ember)) == repr(make(TORCH)).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("action", [
    lambda lib, t: t.item(),
    lambda lib, t: t.sum().item(),
    lambda lib, t: t.tolist(),
    lambda lib, t: t.numpy(),
    lambda lib, t: t.to("cpu"),
    lambda lib, t: t.cpu(),
    lambda lib, t: float(t.sum()),
    lambda lib, t: bool(t.sum()),
    lambda lib, t: t.nonzero(),
    lambda lib, t: t[t > 0],
])
def test_meta_data_access_raises_as_torch(action):
    def outcome(lib):
        t = lib.empty(2, 3, device="meta")
        with pytest.raises(Exception) as info:
            action(lib, t)
        return type(info.value), str(info.value).split("\n")[0]
    assert outcome(ember) == outcome(TORCH)


def test_meta_values_never_land_silently_in_real_arrays():
    from ember._backend_meta import MetaArray
    meta = MetaArray((3,), np.float32)
    host = np.zeros(3, np.float32)
    with pytest.raises(NotImplementedError, match="meta tensor's values cannot be written"):
        np.add.at(host, [0, 1], meta[:2])
    with pytest.raises(NotImplementedError, match="meta tensor's values cannot be written"):
        np.copyto(host, meta)
    with pytest.raises(NotImplementedError, match="meta tensor's values cannot be written"):
        np.add(meta, 1, out=host)
    with pytest.raises(NotImplementedError, match="no data"):
        host[...] = meta


def test_data_dependent_shapes_raise_not_implemented():
    t = ember.empty(2, 3, device="meta")
    with pytest.raises(NotImplementedError, match="meta|Meta"):
        t.unique()
    with pytest.raises(RuntimeError, match="same device|expected device"):
        t + ember.ones(3)
    # a 0-d CPU tensor joins as a scalar, as in torch
    assert (t + ember.tensor(1.0, device="cpu")).is_meta


def test_device_context_and_default_device_create_on_meta():
    with ember.device("meta"):
        layer = ember.nn.Linear(4, 5)
        inside = ember.zeros(2)
    assert layer.weight.is_meta and layer.bias.is_meta and inside.is_meta
    assert ember.zeros(2).device == ember.get_default_device()  # the context is over
    ember.set_default_device("meta")
    try:
        assert ember.randn(3).is_meta
    finally:
        ember.set_default_device(None)
    out = layer(ember.empty(7, 4, device="meta"))
    assert out.is_meta and out.shape == (7, 5) and type(out.grad_fn).__name__ == "AddmmBackward0"


def test_meta_draws_leave_the_generator_alone():
    ember.manual_seed(0)
    expected = ember.rand(3)
    ember.manual_seed(0)
    with ember.device("meta"):
        ember.nn.Linear(50, 50)
        ember.randn(10)
        ember.nn.functional.dropout(ember.ones(10), 0.5)
    assert ember.equal(ember.rand(3), expected)


def test_module_to_meta_drops_the_values_and_to_empty_allocates():
    layer = ember.nn.Linear(2, 3)
    weight = layer.weight
    assert layer.to("meta") is layer and layer.weight is weight and weight.is_meta
    layer.to_empty(device="cpu")
    assert layer.weight.is_cpu and layer.weight.shape == (3, 2) and layer.weight.requires_grad
    layer.reset_parameters()
    assert np.isfinite(layer.weight.detach().cpu().numpy()).all()


def test_meta_model_with_a_billion_parameters_allocates_nothing():
    tracemalloc.start()
    try:
        with ember.device("meta"):
            model = ember.nn.Sequential(*[ember.nn.Sequential(
                ember.nn.Linear(8192, 8192), ember.nn.GELU(), ember.nn.LayerNorm(8192))
                for _ in range(16)])
        _, built = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        # Activations of 4096 x 8192 floats (128 MiB each, 48 of them) forward and backward.
        out = model(ember.empty(4096, 8192, device="meta"))
        out.square().mean().backward()
        _, trained = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(p.numel() for p in model.parameters()) > 1_000_000_000  # 4 GB as float32
    assert built < 64 << 20 and trained < 64 << 20
    assert out.shape == (4096, 8192) and model[0][0].weight.grad.is_meta


def test_meta_arrays_follow_numpy_rules_without_data():
    from ember._backend_meta import NAMESPACE, MetaArray
    a = MetaArray((4, 5, 6), np.float32)
    assert np.sum(a, axis=1).shape == (4, 6) and a.max(axis=(0, 2), keepdims=True).shape == \
        (1, 5, 1)
    assert np.einsum("ijk,kl->ijl", a, MetaArray((6, 2), np.float64)).dtype == np.float64
    assert np.concatenate([a, MetaArray((1, 5, 6), np.float32)]).shape == (5, 5, 6)
    assert np.tensordot(a, MetaArray((6, 3), np.float32), 1).shape == (4, 5, 3)
    assert a.transpose(2, 0, 1).strides == (4, 120, 24) and a[1:, ::2].offset == 120
    assert np.reshape(a.transpose(1, 0, 2), (20, 6)).strides == (24, 4)  # a copy
    generator = NAMESPACE.random.default_rng()
    assert generator.integers(0, 5, 3).shape == (3,)
    assert generator.random((2, 3), dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError):
        a + MetaArray((7,), np.float32)  # shapes that do not broadcast, as NumPy says


def test_meta_forward_and_backward_give_meta_gradients():
    with ember.device("meta"):
        model = ember.nn.Sequential(ember.nn.Linear(4, 8), ember.nn.ReLU(), ember.nn.Linear(8, 2))
    x = ember.empty(16, 4, device="meta")
    loss = model(x).pow(2).mean()
    loss.backward()
    for p in model.parameters():
        assert p.grad is not None and p.grad.is_meta and p.grad.shape == p.shape


def test_load_state_dict_assign_replaces_meta_parameters():
    source = ember.nn.Linear(3, 2)
    with ember.device("meta"):
        target = ember.nn.Linear(3, 2)
    target.load_state_dict(source.state_dict(), assign=True)
    assert target.weight.device == source.weight.device
    assert ember.equal(target.weight, source.weight)


@requires_torch
@pytest.mark.parametrize("name", ["uniform_", "normal_", "xavier_uniform_", "xavier_normal_",
                                  "kaiming_uniform_", "kaiming_normal_", "trunc_normal_",
                                  "orthogonal_", "sparse_", "zeros_", "eye_"])
def test_init_on_meta_is_a_no_op_that_draws_nothing(name):
    def run(lib):
        lib.manual_seed(0)
        expected = lib.rand(3)
        lib.manual_seed(0)
        weight = lib.empty(4, 5, device="meta")
        args = (0.5,) if name == "sparse_" else ()
        result = getattr(lib.nn.init, name)(weight, *args)
        return result is weight, result.is_meta, lib.equal(lib.rand(3), expected)
    assert run(ember) == run(TORCH) == (True, True, True)


@requires_torch
def test_loading_into_meta_without_assign_warns_as_torch():
    def run(lib):
        target = lib.nn.Linear(3, 2, device="meta")
        with pytest.warns(UserWarning) as record:
            result = target.load_state_dict(lib.nn.Linear(3, 2).state_dict())
        return str(result), target.weight.is_meta, [str(w.message) for w in record]
    assert run(ember) == run(TORCH)


def test_get_device_of_a_meta_tensor():
    assert ember.empty(2, device="meta").get_device() == -1
