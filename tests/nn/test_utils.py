"""nn.utils: gradient clipping, parameter/vector conversion, sequence padding and packing."""
from __future__ import annotations

import math

import numpy as np
import pytest

import ember
from ember import nn
from ember.nn.utils import rnn
from tests.conftest import TORCH, requires_torch, seeded_on_cpu


def grads_for(lib, scale=1.0):
    """Three parameters of ``lib`` with fixed gradients (one parameter without a gradient)."""
    rng = np.random.default_rng(0)
    params = [lib.nn.Parameter(lib.tensor(rng.standard_normal(s).astype(np.float32)))
              for s in ((3, 4), (4,), (2, 2))]
    for p in params[:2]:
        p.grad = lib.tensor((rng.standard_normal(tuple(p.shape)) * scale).astype(np.float32))
    return params


# -- clipping -----------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, math.inf, "inf"])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_torch(norm_type, max_norm):
    ours, theirs = grads_for(ember), grads_for(TORCH)
    total_a = nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
    total_b = TORCH.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    np.testing.assert_allclose(total_a.cpu().numpy(), total_b.cpu().numpy(), rtol=1e-6)
    assert total_a.shape == () and total_a.dtype is ember.float32
    for a, b in zip(ours, theirs):
        assert (a.grad is None) == (b.grad is None)
        if a.grad is not None:
            np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.cpu().numpy(), rtol=1e-6)


def test_clip_grad_norm_accepts_single_tensor_generator_and_empty():
    param = nn.Parameter(ember.tensor([3.0, 4.0]))
    param.grad = ember.tensor([3.0, 4.0])
    total = nn.utils.clip_grad_norm_(param, 1.0)
    assert total.item() == pytest.approx(5.0)
    np.testing.assert_allclose(param.grad.cpu().numpy(), [0.6, 0.8], rtol=1e-5)
    assert nn.utils.clip_grad_norm_([], 1.0).item() == 0.0
    with pytest.warns(UserWarning, match="`parameters` is an empty generator"):
        nn.utils.clip_grad_norm_((p for p in []), 1.0)
    model = nn.Linear(3, 2)
    model(ember.ones(1, 3)).sum().backward()
    before = [p.grad.clone() for p in model.parameters()]
    nn.utils.clip_grad_norm_(model.parameters(), 1e-3)
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in model.parameters()))
    assert norm == pytest.approx(1e-3, rel=1e-3)
    assert all(p.grad.grad_fn is None for p in model.parameters())
    assert all(not np.array_equal(a.cpu().numpy(), p.grad.cpu().numpy())
               for a, p in zip(before, model.parameters()))


def test_clip_grad_norm_non_finite():
    param = nn.Parameter(ember.ones(2))
    param.grad = ember.tensor([float("inf"), 1.0])
    with pytest.raises(RuntimeError, match="The total norm of order 2.0 for gradients from "
                                           "`parameters` is non-finite"):
        nn.utils.clip_grad_norm_([param], 1.0, error_if_nonfinite=True)
    total = nn.utils.clip_grad_norm_([param], 1.0)
    assert math.isinf(total.item())


@requires_torch
def test_clip_grad_value_matches_torch():
    ours, theirs = grads_for(ember, 3.0), grads_for(TORCH, 3.0)
    nn.utils.clip_grad_value_(ours, 0.7)
    TORCH.nn.utils.clip_grad_value_(theirs, 0.7)
    for a, b in zip(ours[:2], theirs[:2]):
        np.testing.assert_array_equal(a.grad.cpu().numpy(), b.grad.cpu().numpy())
    assert ours[2].grad is None


# -- vector conversion --------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("clip", [
    lambda lib, ps: lib.nn.utils.clip_grad_norm_(ps, 1.0),
    lambda lib, ps: lib.nn.utils.clip_grad_norm_(ps, 1.0, norm_type="inf", foreach=False),
    lambda lib, ps: lib.nn.utils.get_total_norm([p.grad for p in ps]),
    lambda lib, ps: lib.nn.utils.clip_grad_value_(ps, 0.1),
    lambda lib, ps: lib.nn.utils.clip_grad_value_(ps, 0.1, foreach=False),
])
def test_clipping_sparse_gradients_raises_as_torch(clip):
    # EmbeddingBag(sparse=True) gives a sparse gradient, which torch's clipping kernels refuse
    def run(lib):
        bag = lib.nn.EmbeddingBag(6, 2, mode="sum", sparse=True)
        bag(lib.tensor([1, 2, 4]), lib.tensor([0, 2])).sum().backward()
        with pytest.raises(NotImplementedError) as info:
            clip(lib, list(bag.parameters()))
        return str(info.value).split(" with arguments")[0]  # the op; the backend is the device
    assert run(ember) == run(TORCH)


def test_parameters_to_vector_and_back():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vector = nn.utils.parameters_to_vector(model.parameters())
    assert vector.shape == (11,)
    np.testing.assert_array_equal(vector[:6].detach().cpu().numpy(),
                                  model[0].weight.detach().cpu().numpy().ravel())
    vector.sum().backward()
    assert np.all(model[1].bias.grad.cpu().numpy() == 1)
    weight = model[0].weight
    nn.utils.vector_to_parameters(ember.arange(11.0), model.parameters())
    assert model[0].weight is weight
    np.testing.assert_array_equal(weight.detach().cpu().numpy(), [[0, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(model[1].bias.detach().cpu().numpy(), [10])
    with pytest.raises(TypeError, match="expected ember.Tensor, but got: list"):
        nn.utils.vector_to_parameters([1.0], model.parameters())


# -- padding and packing ------------------------------------------------------------------------

def sequences(lib, lengths=(3, 5, 2), features=(2,)):
    rng = np.random.default_rng(1)
    return [lib.tensor(rng.standard_normal((n, *features)).astype(np.float32),
                       requires_grad=True) for n in lengths]


@requires_torch
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("padding_side", ["right", "left"])
@pytest.mark.parametrize("features", [(), (2,), (2, 3)])
def test_pad_sequence_matches_torch(batch_first, padding_side, features):
    ours, theirs = sequences(ember, features=features), sequences(TORCH, features=features)
    out_a = rnn.pad_sequence(ours, batch_first, -1.5, padding_side)
    out_b = TORCH.nn.utils.rnn.pad_sequence(theirs, batch_first, -1.5, padding_side)
    np.testing.assert_array_equal(out_a.detach().cpu().numpy(), out_b.detach().cpu().numpy())
    weights = np.random.default_rng(2).standard_normal(tuple(out_b.shape)).astype(np.float32)
    (out_a * ember.tensor(weights)).sum().backward()
    (out_b * TORCH.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.cpu().numpy(), rtol=1e-6)


def test_pad_sequence_errors():
    # torch 2.13 raises RuntimeError (its C++ check), not ValueError
    with pytest.raises(RuntimeError, match="Expected padding_side to be one of left or right, but "
                                           "got middle."):
        rnn.pad_sequence([ember.ones(2)], padding_side="middle")


@requires_torch
def test_pad_sequence_builds_the_batch_as_torch_does():
    """The batch has the first sequence's trailing sizes and dtype; the others are copied in
    (broadcast and cast, with copy_'s errors) and the grad_fn is CopySlices, as torch's."""
    def build(lib, shapes, doubles):
        seqs = [lib.arange(float(np.prod(shape)), dtype=lib.float64 if double else lib.float32)
                .reshape(shape).requires_grad_() for shape, double in zip(shapes, doubles)]
        return seqs, lib.nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=-1)

    for shapes, doubles in ((((2, 3), (3, 1)), (0, 0)), (((2, 3), (3,)), (0, 0)),
                            (((2, 3), (1, 3)), (0, 1)), (((2, 3), (0, 3)), (1, 0))):
        ours, out_a = build(ember, shapes, doubles)
        theirs, out_b = build(TORCH, shapes, doubles)
        assert out_a.tolist() == out_b.tolist()
        assert str(out_a.dtype).split(".")[1] == str(out_b.dtype).split(".")[1]
        assert type(out_a.grad_fn).__name__ == type(out_b.grad_fn).__name__ == "CopySlices"
        weights = np.arange(out_b.numel(), dtype=np.float64).reshape(tuple(out_b.shape))
        (out_a * ember.tensor(weights, dtype=out_a.dtype)).sum().backward()
        (out_b * TORCH.tensor(weights, dtype=out_b.dtype)).sum().backward()
        for a, b in zip(ours, theirs):
            assert a.grad.tolist() == b.grad.tolist()
            assert str(a.grad.dtype).split(".")[1] == str(b.grad.dtype).split(".")[1]
    for shapes in (((2, 3), (2, 4)), ((2, 3), (2, 3, 1)), ((2, 3), (1, 2, 3)), ((2, 3), (2,))):
        messages = []
        for lib in (ember, TORCH):
            with pytest.raises(RuntimeError) as caught:
                lib.nn.utils.rnn.pad_sequence([lib.zeros(shape) for shape in shapes])
            messages.append(str(caught.value))
        assert messages[0] == messages[1], shapes


@requires_torch
@pytest.mark.parametrize("enforce_sorted,lengths", [(True, (5, 3, 2)), (False, (3, 5, 2)),
                                                    (False, (1, 4, 4, 2))])
@pytest.mark.parametrize("batch_first", [False, True])
def test_pack_and_unpack_match_torch(enforce_sorted, lengths, batch_first):
    ours, theirs = sequences(ember, lengths), sequences(TORCH, lengths)
    padded_a = rnn.pad_sequence(ours, batch_first)
    padded_b = TORCH.nn.utils.rnn.pad_sequence(theirs, batch_first)
    packed_a = rnn.pack_padded_sequence(padded_a, list(lengths), batch_first, enforce_sorted)
    packed_b = TORCH.nn.utils.rnn.pack_padded_sequence(padded_b, list(lengths), batch_first,
                                                       enforce_sorted)
    np.testing.assert_array_equal(packed_a.data.detach().cpu().numpy(),
                                  packed_b.data.detach().cpu().numpy())
    for field in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        a, b = getattr(packed_a, field), getattr(packed_b, field)
        assert (a is None) == (b is None)
        if a is not None:
            assert a.dtype is ember.int64
            np.testing.assert_array_equal(a.cpu().numpy(), b.cpu().numpy())
    out_a, len_a = rnn.pad_packed_sequence(packed_a, batch_first, padding_value=9.0,
                                           total_length=6)
    out_b, len_b = TORCH.nn.utils.rnn.pad_packed_sequence(packed_b, batch_first,
                                                          padding_value=9.0, total_length=6)
    np.testing.assert_array_equal(out_a.detach().cpu().numpy(), out_b.detach().cpu().numpy())
    np.testing.assert_array_equal(len_a.cpu().numpy(), len_b.cpu().numpy())
    weights = np.random.default_rng(3).standard_normal(tuple(out_b.shape)).astype(np.float32)
    (out_a * ember.tensor(weights)).sum().backward()
    (out_b * TORCH.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.cpu().numpy(), rtol=1e-6)


@requires_torch
@pytest.mark.parametrize("lengths", [lambda lib: lib.tensor([3, 2], device="meta"),
                                     lambda lib: lib.tensor([[3, 2]], device="cpu")])
def test_pack_padded_sequence_wants_1d_lengths_on_the_cpu(lengths):
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as caught:
            lib.nn.utils.rnn.pack_padded_sequence(lib.ones(3, 2, device="cpu"), lengths(lib))
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_pack_padded_sequence_names_the_lengths_device_with_its_index(standin):
    # torch's check prints the device as Device::str() does: "cuda:0", not the bare type
    lengths = ember.tensor([3, 2], device="cuda:1")
    with pytest.raises(RuntimeError, match="but got 1D cuda:1 Long tensor$"):
        rnn.pack_padded_sequence(ember.ones(3, 2, 4, device="cuda:1"), lengths)


@requires_torch
def test_pack_sequence_and_unpack_sequence():
    ours = sequences(ember, (2, 4, 3))
    with ember.device("cpu"):  # where pack_sequence makes the lengths, which must be on the CPU
        packed = rnn.pack_sequence(ours, enforce_sorted=False)
    reference = TORCH.nn.utils.rnn.pack_sequence(sequences(TORCH, (2, 4, 3)),
                                                 enforce_sorted=False)
    np.testing.assert_array_equal(packed.batch_sizes.cpu().numpy(),
                                  reference.batch_sizes.cpu().numpy())
    for a, b in zip(rnn.unpack_sequence(packed), ours):
        np.testing.assert_array_equal(a.detach().cpu().numpy(), b.detach().cpu().numpy())
    padded = rnn.pad_sequence(ours)
    for a, b in zip(rnn.unpad_sequence(padded, ember.tensor([2, 4, 3])), ours):
        np.testing.assert_array_equal(a.detach().cpu().numpy(), b.detach().cpu().numpy())
    assert packed.double().data.dtype is ember.float64
    assert packed.to(ember.float32) is packed
    assert isinstance(packed, tuple) and len(packed) == 4


def test_pack_errors():
    padded = ember.ones(4, 3, 2)
    with pytest.raises(RuntimeError, match="`lengths` array must be sorted in decreasing order "
                                           "when `enforce_sorted` is True"):
        rnn.pack_padded_sequence(padded, [2, 4, 1])
    with pytest.raises(RuntimeError, match="Length of all samples has to be greater than 0"):
        rnn.pack_padded_sequence(padded, [4, 2, 0])
    packed = rnn.pack_padded_sequence(padded, [4, 2, 1])
    with pytest.raises(ValueError, match="Expected total_length to be at least the length of the "
                                         "longest sequence in input, but got total_length=2 and "
                                         "max sequence length being 4"):
        rnn.pad_packed_sequence(packed, total_length=2)


# -- weight norm --------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_matches_torch(dim):
    def build(lib):
        with pytest.warns(FutureWarning, match="nn.utils.weight_norm` is deprecated"):
            return lib.nn.utils.weight_norm(lib.nn.Conv1d(2, 3, 2), dim=dim)

    ours, theirs = (seeded_on_cpu(lib, 0, lambda lib=lib: build(lib)) for lib in (ember, TORCH))
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for (name, a), b in zip(ours.state_dict().items(), theirs.state_dict().values()):
        np.testing.assert_allclose(a.cpu().numpy(), b.cpu().numpy(), rtol=1e-6, err_msg=name)
    x = np.random.default_rng(0).standard_normal((2, 2, 5)).astype(np.float32)
    out_a, out_b = ours(ember.tensor(x)), theirs(TORCH.tensor(x))
    np.testing.assert_allclose(out_a.detach().cpu().numpy(), out_b.detach().cpu().numpy(),
                               rtol=1e-5,
                               atol=1e-6)
    out_a.sum().backward()
    out_b.sum().backward()
    for (name, a), b in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.cpu().numpy(), rtol=1e-5, atol=1e-6,
                                   err_msg=name)
    nn.utils.remove_weight_norm(ours)
    assert [n for n, _ in ours.named_parameters()] == ["bias", "weight"]
    np.testing.assert_allclose(ours(ember.tensor(x)).detach().cpu().numpy(),
                               out_b.detach().cpu().numpy(),
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="weight_norm of 'weight' not found in"):
        nn.utils.remove_weight_norm(ours)
