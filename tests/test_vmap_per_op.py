"""vmap batches each op: the function runs once on the whole batch, as torch's does, and
graphs built under vmap carry torch's node names. Ops without a batching rule, random draws,
in-place writes and reads of values send the call to the per-sample loop, which gives the same
values and torch's errors."""
import pytest

import ember
from tests.conftest import (
    TORCH,
    assert_close,
    check_gradients,
    compare_with_torch,
    rand64,
    requires_torch,
    seeded_on_cpu,
    to_torch,
)


def _w(lib, x):
    """A fixed unbatched operand (5, 4) built from the library's own constructor."""
    return lib.linspace(-1.0, 1.0, 20, dtype=x.dtype).reshape(5, 4)


# name -> (fn(lib, sample of shape (4,)) -> tensor, whether torch's grad_fn name is matched)
CASES = {
    "mul": (lambda lib, t: t * 2, True),
    "add_unbatched_row": (lambda lib, t: t + _w(lib, t)[0], True),
    "broadcast_against_matrix": (lambda lib, t: _w(lib, t) - t, True),
    "rsub_scalar": (lambda lib, t: 1 - t, True),
    "pow": (lambda lib, t: t ** 2, True),
    "sin": (lambda lib, t: t.sin(), True),
    "tanh": (lambda lib, t: lib.tanh(t), True),
    "relu": (lambda lib, t: lib.nn.functional.relu(t), True),
    "gelu": (lambda lib, t: lib.nn.functional.gelu(t), True),
    "where": (lambda lib, t: lib.where(t > 0, t, t * 0.1), True),
    "sum": (lambda lib, t: t.sum(), True),
    "sum_dim": (lambda lib, t: t.sum(0), True),
    "mean": (lambda lib, t: t.mean(), True),
    "amax_keepdim": (lambda lib, t: t.reshape(2, 2).amax(-1, keepdim=True), True),
    "var": (lambda lib, t: t.var(), True),
    "logsumexp": (lambda lib, t: t.logsumexp(0), True),
    "softmax": (lambda lib, t: t.softmax(-1), True),
    "log_softmax": (lambda lib, t: lib.nn.functional.log_softmax(t, dim=0), True),
    "matrix_times_vector": (lambda lib, t: _w(lib, t) @ t, True),
    # (torch's node is an internal squeeze that no public call makes)
    "vector_times_matrix": (lambda lib, t: t @ _w(lib, t).t(), False),
    "dot": (lambda lib, t: t.dot(_w(lib, t)[1]), True),
    "outer_matmul": (lambda lib, t: t.reshape(4, 1) @ t.reshape(1, 4), True),
    "mm": (lambda lib, t: lib.mm(t.reshape(2, 2), _w(lib, t)[:2, :2]), True),
    "linear": (lambda lib, t: lib.nn.functional.linear(t, _w(lib, t)), False),
    "linear_bias": (lambda lib, t: lib.nn.functional.linear(t, _w(lib, t), _w(lib, t)[:, 0]),
                    False),
    "view": (lambda lib, t: t.view(2, 2), True),
    "reshape": (lambda lib, t: t.reshape(-1, 2), True),
    "flatten": (lambda lib, t: t.reshape(2, 2).flatten(), True),
    "unsqueeze": (lambda lib, t: t.unsqueeze(0), True),
    "squeeze": (lambda lib, t: t.reshape(1, 4, 1).squeeze(), True),
    "permute": (lambda lib, t: t.reshape(2, 2, 1).permute(2, 0, 1), True),
    "transpose": (lambda lib, t: t.reshape(2, 2).transpose(0, 1), True),
    "expand": (lambda lib, t: t.expand(3, 4), True),
    "select": (lambda lib, t: t[1], True),
    "slice": (lambda lib, t: t[1:3], True),
    "none_and_ellipsis": (lambda lib, t: t[None, ..., ::2], True),
    "index_tensor": (lambda lib, t: t[lib.tensor([3, 0, 0])], True),
    "cat": (lambda lib, t: lib.cat([t, t * 2]), True),
    "cat_unbatched": (lambda lib, t: lib.cat([t, _w(lib, t)[0]]), True),
    "stack": (lambda lib, t: lib.stack([t, t.exp()], 1), True),
    "mse_loss": (lambda lib, t: lib.nn.functional.mse_loss(t, _w(lib, t)[2]), True),
    "mse_loss_sum": (lambda lib, t: lib.nn.functional.mse_loss(
        t.reshape(2, 2), _w(lib, t)[:2, :2], reduction="sum"), True),
    "cross_entropy": (lambda lib, t: lib.nn.functional.cross_entropy(t, lib.tensor(2)), True),
    "cross_entropy_batch_of_rows": (lambda lib, t: lib.nn.functional.cross_entropy(
        t.reshape(2, 2), lib.tensor([1, 0])), True),
    "cross_entropy_weighted": (lambda lib, t: lib.nn.functional.cross_entropy(
        t.reshape(2, 2), lib.tensor([1, -100]), weight=lib.tensor([0.3, 2.0],
                                                                  dtype=t.dtype)), True),
    "cross_entropy_none": (lambda lib, t: lib.nn.functional.cross_entropy(
        t.reshape(2, 2), lib.tensor([1, 0]), reduction="none"), True),
    "cross_entropy_one_weighted": (lambda lib, t: lib.nn.functional.cross_entropy(
        t, lib.tensor(3), weight=lib.linspace(0.5, 2.0, 4, dtype=t.dtype)), True),
    "nll_loss": (lambda lib, t: lib.nn.functional.nll_loss(
        t.reshape(2, 2).log_softmax(-1), lib.tensor([0, 1])), True),
    "conv1d": (lambda lib, t: lib.nn.functional.conv1d(
        t.reshape(1, 4), _w(lib, t)[:2, :3].reshape(2, 1, 3), _w(lib, t)[0, :2], padding=1), True),
    "conv2d_of_a_batch": (lambda lib, t: lib.nn.functional.conv2d(
        t.reshape(1, 1, 2, 2), _w(lib, t)[:3, :1].reshape(3, 1, 1, 1)), True),
    # (torch's node is a squeeze of dims that its kernel makes)
    "max_pool1d": (lambda lib, t: lib.nn.functional.max_pool1d(t.reshape(1, 4), 2), False),
    "avg_pool2d_of_a_batch": (lambda lib, t: lib.nn.functional.avg_pool2d(
        t.reshape(1, 1, 2, 2), 2), True),
    "layer_norm": (lambda lib, t: lib.nn.functional.layer_norm(
        t, (4,), _w(lib, t)[0], _w(lib, t)[1]), True),
    "matrix_T": (lambda lib, t: t.reshape(2, 2).T * 1.5, True),
    "max_over_dim": (lambda lib, t: t.reshape(2, 2).max(dim=1).values, True),
    "max_indices": (lambda lib, t: t.reshape(2, 2).max(0, keepdim=True).indices * 1.0, True),
    "min_against_tensor": (lambda lib, t: lib.min(t, _w(lib, t)[3]), True),
    "argmax": (lambda lib, t: (t.argmax() + t.reshape(2, 2).argmin(1)) * t.sum(), True),
    "einsum": (lambda lib, t: lib.einsum("i,ji->j", t, _w(lib, t)), True),
    "einsum_outer": (lambda lib, t: lib.einsum("i, j -> ij", t, t.exp()), True),
    # a sample's 0-dim float64 times a float32 vector is float32: the per-sample loop (whose
    # graph ends in a stack) computes it, where the batched op would promote to float64
    "zero_dim_promotion": (lambda lib, t: t.sum() * lib.ones(3) + (t * lib.ones(4)).sum(),
                           False),
    "all_any": (lambda lib, t: t * (t > 0).all() + t * (t.reshape(2, 2) > 0.5).any(1).sum(),
                True),
    "broadcast_tensors": (lambda lib, t: lib.broadcast_tensors(
        t.reshape(4, 1), _w(lib, t)[0])[0] * lib.broadcast_tensors(_w(lib, t)[1], t)[0],
        True),
    "mlp_of_a_sample": (lambda lib, t: lib.nn.functional.linear(
        lib.nn.functional.relu(lib.nn.functional.linear(t, _w(lib, t))),
        _w(lib, t)[:, :1].t()).sum(), True),
}


def _input():
    return rand64(3, 4, seed=1)


@requires_torch
@pytest.mark.parametrize("name", CASES)
def test_batched_op_matches_torch(name):
    fn, names_match = CASES[name]
    compare_with_torch(lambda lib, x: lib.func.vmap(lambda t: fn(lib, t))(x), _input(),
                       check_grad_fn=names_match)


@requires_torch
@pytest.mark.parametrize("name", ["mul", "sum_dim", "linear_bias", "cross_entropy_weighted",
                                  "matrix_times_vector", "slice"])
def test_batched_op_runs_the_function_once_as_torch(name):
    fn = CASES[name][0]

    def calls(lib):
        seen = []
        lib.func.vmap(lambda t: seen.append(1) or fn(lib, t))(to_torch(_input())
                                                              if lib is TORCH else _input())
        return len(seen)
    assert calls(ember) == calls(TORCH) == 1


@pytest.mark.parametrize("name", ["sin", "where", "var", "log_softmax", "vector_times_matrix",
                                  "linear_bias", "cross_entropy_weighted", "stack",
                                  "index_tensor", "mse_loss"])
def test_batched_op_gradcheck(name):
    fn = CASES[name][0]
    check_gradients(lambda x: ember.func.vmap(lambda t: fn(ember, t))(x), _input())


@requires_torch
@pytest.mark.parametrize("in_dims, out_dims", [(1, 0), (0, 1), (-1, -1), (1, 2)])
def test_in_dims_and_out_dims_match_torch(in_dims, out_dims):
    x = rand64(3, 4, 2, seed=2)
    compare_with_torch(lambda lib, x: lib.func.vmap(
        lambda t: (t * t).sum(-1, keepdim=True).expand(-1, 3), in_dims=in_dims,
        out_dims=out_dims)(x), x)


@requires_torch
def test_structured_inputs_and_outputs_match_torch():
    x, y = rand64(3, 4, seed=3), rand64(4, 3, seed=4)

    def run(lib, x, y):
        return lib.func.vmap(lambda d, s: (d["a"] * d["b"] + s, lib.ones(2), d["a"].sum()),
                             in_dims=({"a": 0, "b": 1}, None), out_dims=(1, 0, 0))(
            {"a": x, "b": y}, lib.arange(4.0, dtype=x.dtype))
    compare_with_torch(run, x, y)


@requires_torch
def test_unbatched_output_with_out_dims_none_and_its_error():
    for lib in (ember, TORCH):
        x, constant = lib.ones(3, 2), lib.ones(2)
        kept = lib.func.vmap(lambda t, c=constant: (t * 2, c), out_dims=(0, None))(x)[1]
        assert kept is constant
    errors = []
    for lib in (ember, TORCH):
        with pytest.raises(ValueError) as error:
            lib.func.vmap(lambda t: t * 2, out_dims=None)(lib.ones(3, 2))
        errors.append(str(error.value))
    assert errors[0] == errors[1]


def _mlp(lib, seed=0):
    nn = lib.nn
    return seeded_on_cpu(lib, seed, lambda: nn.Sequential(nn.Linear(6, 8), nn.ReLU(),
                                                          nn.Linear(8, 3)).double())


def _per_sample_grads(lib, loss, x, y):
    model = _mlp(lib)
    params = {k: v.detach() for k, v in model.named_parameters()}
    F = lib.nn.functional

    def loss_fn(p, sample, target):
        out = lib.func.functional_call(model, p, (sample.unsqueeze(0),))
        if loss == "cross_entropy":
            return F.cross_entropy(out, target.unsqueeze(0))
        return F.mse_loss(out, lib.stack([target, target, target]).unsqueeze(0).to(out.dtype))
    return lib.func.vmap(lib.func.grad(loss_fn), in_dims=(None, 0, 0))(params, x, y)


@requires_torch
@pytest.mark.parametrize("loss", ["cross_entropy", "mse_loss"])
def test_per_sample_gradients_of_an_mlp_match_torch(loss):
    x = rand64(5, 6, seed=5, requires_grad=False)
    y = ember.tensor([0, 2, 1, 1, 0])
    ours = _per_sample_grads(ember, loss, x, y)
    theirs = _per_sample_grads(TORCH, loss, to_torch(x), to_torch(y))
    assert list(ours) == list(theirs)
    for key in ours:
        assert ours[key].grad_fn is None
        assert_close(ours[key], theirs[key], rtol=1e-10, atol=1e-12)


@requires_torch
def test_model_ensembling_with_stacked_weights_matches_torch():
    x = rand64(4, 6, seed=6, requires_grad=False)

    def run(lib, x):
        models = [_mlp(lib, seed) for seed in range(3)]
        for k, model in enumerate(models):
            with lib.no_grad():
                for p in model.parameters():
                    p.mul_(1 + k / 10)
        params, buffers = lib.func.stack_module_state(models)

        def call(p, b, data):
            return lib.func.functional_call(models[0], (p, b), (data,))
        same = lib.func.vmap(call, in_dims=(0, 0, None))(params, buffers, x)
        split = lib.func.vmap(call)(params, buffers, x[:3].unsqueeze(1).expand(3, 2, 6))
        return same, split
    compare_with_torch(run, x, check_grad_fn=False)


@requires_torch
def test_vmap_of_jacrev_and_hessian_match_torch():
    x = rand64(4, 3, seed=7, requires_grad=False)

    def run(lib, x):
        def f(z):
            return (z.sin() * z).sum() + (z @ z) ** 2
        jac = lib.func.vmap(lib.func.jacrev(lambda z: z.tanh() * z.sum()))(x)
        return jac, lib.func.vmap(lib.func.hessian(f))(x)
    compare_with_torch(run, x)


@requires_torch
def test_nested_vmap_matches_torch():
    x, w = rand64(2, 3, 4, seed=8), rand64(4, seed=9)

    def run(lib, x, w):
        inner = lib.func.vmap(lambda t, v: (t * v).sum() + t.max(), in_dims=(0, None))
        grads = lib.func.vmap(lib.func.vmap(lib.func.grad(lambda t: (t.exp() * w).sum())))(x)
        return lib.func.vmap(inner, in_dims=(0, None))(x, w), grads
    compare_with_torch(run, x, w, check_grad_fn=False)


@requires_torch
def test_ops_without_rules_fall_back_to_the_loop_with_the_same_values():
    x = rand64(3, 4, seed=10)
    compare_with_torch(lambda lib, x: lib.func.vmap(
        lambda t: t.flip(0).cumprod(0) * t.sort().values + t.clone().mul_(2))(x), x,
        check_grad_fn=False)


@requires_torch
def test_vmap_over_a_vjp_function_matches_torch():
    x = rand64(4, seed=11)

    def run(lib, x):
        _, vjp_fn = lib.func.vjp(lambda z: z.sin() * z.sum(), x)
        return lib.func.vmap(vjp_fn)(lib.eye(4, dtype=x.dtype))[0]
    compare_with_torch(run, x, check_grad_fn=False)


def test_random_draws_after_batched_ops_keep_torchs_randomness_semantics():
    x = ember.ones(3, 2)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        ember.func.vmap(lambda t: (t * 2).sum() + ember.randn(()))(x)
    same = ember.func.vmap(lambda t: t * 2 + ember.randn(2), randomness="same")(x)
    assert len({tuple(row) for row in same.tolist()}) == 1
    different = ember.func.vmap(lambda t: t * 2 + ember.randn(2), randomness="different")(x)
    assert len({tuple(row) for row in different.tolist()}) == 3


class _SmallCNN:
    """The torch.func per-sample-gradients tutorial's model, shrunk: conv, relu, max-pool,
    flatten, linear, log_softmax, with nll_loss."""

    @staticmethod
    def build(lib):
        nn = lib.nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 4, 3)
                self.fc = nn.Linear(16, 3)

            def forward(self, x):
                F = lib.nn.functional
                x = F.max_pool2d(F.relu(self.conv(x)), 2)
                return F.log_softmax(self.fc(lib.flatten(x, 1)), dim=1)
        return seeded_on_cpu(lib, 0, lambda: Net().double())


@requires_torch
def test_per_sample_gradients_of_a_cnn_match_torch_and_run_once():
    images = rand64(4, 1, 6, 6, seed=12, requires_grad=False)
    labels = ember.tensor([2, 0, 1, 2])

    def run(lib, images, labels):
        model = _SmallCNN.build(lib)
        params = {k: v.detach() for k, v in model.named_parameters()}
        calls = []

        def loss(p, image, label):
            calls.append(1)
            out = lib.func.functional_call(model, p, (image.unsqueeze(0),))
            return lib.nn.functional.nll_loss(out, label.unsqueeze(0))
        grads = lib.func.vmap(lib.func.grad(loss), in_dims=(None, 0, 0))(params, images, labels)
        return grads, len(calls)
    ours, ours_calls = run(ember, images, labels)
    theirs, their_calls = run(TORCH, to_torch(images), to_torch(labels))
    assert ours_calls == their_calls == 1
    for key in theirs:
        assert_close(ours[key], theirs[key], rtol=1e-10, atol=1e-12)


def test_code_that_reads_values_without_dispatch_gets_each_samples_own():
    """A stand-in holds no data: code that reads a batched value past the ops (here
    ember.save, where torch raises for its batched tensors) sends the call to the loop, never
    one sample's values for all."""
    import io

    def round_trip(t):
        buffer = io.BytesIO()
        ember.save(t, buffer)
        buffer.seek(0)
        return t + ember.load(buffer)
    x = ember.arange(6.0).reshape(3, 2)
    assert ember.func.vmap(round_trip)(x).tolist() == (x * 2).tolist()


def test_an_in_place_flag_change_does_not_reach_the_callers_tensor():
    # the batch is a view of the caller's tensor, never the tensor itself
    x = ember.randn(4, 3, requires_grad=True)
    with pytest.raises(RuntimeError):
        ember.func.vmap(lambda a: a.requires_grad_(False) * 2)(x)
    assert x.requires_grad


@requires_torch
def test_linear_with_a_vector_weight_and_a_bias_raises_per_sample_as_torch():
    def run(lib):
        f64 = lib.float64
        fn = lib.func.vmap(lambda a: lib.nn.functional.linear(a, lib.ones(5, dtype=f64),
                                                               lib.tensor(1.0, dtype=f64)))
        return fn(lib.zeros(4, 3, 5, dtype=f64))
    with pytest.raises(RuntimeError):
        run(TORCH)
    with pytest.raises(RuntimeError):
        run(ember)
