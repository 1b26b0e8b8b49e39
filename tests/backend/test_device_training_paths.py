"""Common training paths on the stand-in CUDA device: each result stays on the device, equals
the CPU's, and no value leaves the device where torch's CUDA kernels keep it there.

Each case builds its data on the CPU from one seed, runs once there and once with everything
moved to ``cuda``, and compares the two; the stand-in counts every device-to-host transfer.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires_torch

import ember
from ember import nn
from ember._backend_standin import counting_syncs

F = nn.functional


@pytest.fixture(autouse=True)
def _cpu_default_device():
    """Data is made on the CPU and moved, as a user's program does (the stand-in run would
    otherwise make it on ``cuda`` already)."""
    previous = ember.get_default_device()
    ember.set_default_device("cpu")
    yield
    ember.set_default_device(previous)


def _moved(value, device):
    if isinstance(value, nn.Module):
        return copy.deepcopy(value).to(device)  # Module.to moves the module itself
    if isinstance(value, ember.Tensor):
        moved = value.detach().to(device)
        return moved.requires_grad_() if value.requires_grad else moved
    return value


def _run(build, step):
    """``step(*inputs)`` (a list of tensors) on the CPU and on ``cuda`` from the same
    ``build()``; returns (cpu results, cuda results, the syncs of the cuda run)."""
    ember.manual_seed(0)
    made = build()
    on_cpu = step(*[_moved(v, "cpu") for v in made])
    on_cuda_inputs = [_moved(v, "cuda") for v in made]
    with counting_syncs() as record:
        on_cuda = step(*on_cuda_inputs)
    return on_cpu, on_cuda, record.syncs


def _assert_same(on_cpu, on_cuda, exact=True):
    assert len(on_cpu) == len(on_cuda)
    for ours, reference in zip(on_cuda, on_cpu):
        assert ours.device.type == "cuda", ours.device
        got, expected = ours.detach().cpu().numpy(), reference.detach().numpy()
        if exact:
            np.testing.assert_array_equal(got, expected)
        else:  # another summation order on the device (a softmax's rows): a few ulps
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def _encoder_inputs():
    model = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), 2)
    x = ember.randn(2, 5, 8)
    padding = ember.tensor([[False] * 5, [False, False, False, True, True]])
    return model, x, padding


@pytest.mark.parametrize("causal", [False, True])
def test_encoder_with_boolean_masks_on_the_device(standin, causal):
    """The boolean masks become float masks on their own device (they were made on the
    default device, the CPU, and the device's masked_fill refused the host array)."""
    def step(model, x, padding):
        # a boolean causal mask: True may not attend
        mask = ember.ones(5, 5, dtype=ember.bool, device=x.device).triu(1) if causal else None
        out = model(x, mask=mask, src_key_padding_mask=padding)
        out.sum().backward()
        return [out] + [p.grad for p in model.parameters()]
    on_cpu, on_cuda, syncs = _run(_encoder_inputs, step)
    _assert_same(on_cpu, on_cuda, exact=False)
    assert syncs == []


@pytest.mark.parametrize("kind", ["causal", "bool", "float"])
def test_sdpa_with_masks_makes_no_sync(standin, kind):
    """Whether a row is masked throughout is decided on the device (np.where), as torch's
    kernel does, rather than read back to skip the where."""
    def build():
        q, k, v = (ember.randn(2, 2, 4, 8, requires_grad=True) for _ in range(3))
        mask = ember.rand(4, 4) > 0.3 if kind == "bool" else ember.randn(4, 4)
        return q, k, v, mask

    def step(q, k, v, mask):
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True) if kind == "causal" \
            else F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        out.sum().backward()
        return [out, q.grad, k.grad, v.grad]
    on_cpu, on_cuda, syncs = _run(build, step)
    _assert_same(on_cpu, on_cuda)
    assert syncs == []


def test_sdpa_row_masked_throughout_gives_zeros_on_the_device(standin):
    q = ember.randn(1, 3, 4, device="cuda")
    mask = ember.tensor([[True, True, True], [False, False, False], [True, False, True]],
                        device="cuda")
    out = F.scaled_dot_product_attention(q, q, q, attn_mask=mask)
    reference = F.scaled_dot_product_attention(q.cpu(), q.cpu(), q.cpu(), attn_mask=mask.cpu())
    assert out.device.type == "cuda"
    np.testing.assert_allclose(out.cpu().numpy(), reference.numpy(), rtol=1e-5, atol=1e-6)
    assert out.cpu()[0, 1].tolist() == [0.0] * 4  # torch's safe softmax: no NaN


def test_masked_fill_refuses_a_mask_on_another_device(standin):
    x = ember.zeros(2, 3)
    mask = ember.ones(2, 3, dtype=ember.bool, device="cuda")
    with pytest.raises(RuntimeError, match="expected self and mask to be on the same device, "
                                           "but got mask on cuda:0 and self on cpu"):
        x.masked_fill(mask, 1.0)
    with pytest.raises(RuntimeError, match="but got mask on cpu and self on cuda:0"):
        x.to("cuda").masked_fill_(mask.cpu(), 1.0)


@requires_torch
@pytest.mark.parametrize("mask_kind", ["bool", "float"])
def test_sdpa_math_kernel_gives_zero_rows_as_torchs_safe_softmax(mask_kind):
    """3-D inputs take the math kernel, whose softmax gives a row masked throughout zero
    weights and zero gradient (torch's _safe_softmax), not NaN."""
    keep = [[True, True, False], [False, False, False], [True, False, True]]
    results = []
    for lib in (ember, TORCH):
        q = lib.tensor(np.random.default_rng(0).standard_normal((2, 3, 4)), requires_grad=True)
        mask = lib.tensor(keep)
        if mask_kind == "float":
            mask = lib.zeros(3, 3, dtype=lib.float64).masked_fill(~mask, float("-inf"))
        out = lib.nn.functional.scaled_dot_product_attention(q, q * 2, q, attn_mask=mask)
        out.pow(2).sum().backward()
        results.append((out, q.grad))
    for ours, theirs in zip(*results):
        assert_close(ours, theirs, rtol=1e-12, atol=1e-12)
    assert results[0][0][:, 1].abs().sum().item() == 0.0


@pytest.mark.parametrize("padding_idx", [None, 0])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_embedding_forward_and_backward_make_no_sync(standin, padding_idx, dtype):
    def build():
        table = nn.Embedding(10, 4, padding_idx=padding_idx).to(getattr(ember, dtype))
        return table, ember.tensor([[1, 2, 0, 1], [4, 1, 9, 0]])

    def step(table, index):
        out = table(index)
        (out * out).sum().backward()
        return [out, table.weight.grad]
    on_cpu, on_cuda, syncs = _run(build, step)
    _assert_same(on_cpu, on_cuda)
    assert syncs == []


def test_embedding_index_outside_the_table_gives_nan_on_the_device(standin):
    """torch's CUDA kernel asserts on the device; ember's device path marks the row NaN (and
    its gradient) rather than read the indices back; the CPU raises torch's IndexError."""
    weight = ember.randn(5, 3, device="cuda", requires_grad=True)
    index = ember.tensor([[0, 7], [2, -1]], device="cuda")
    out = F.embedding(index, weight)
    out.sum().backward()
    rows = out.detach().cpu().numpy()
    assert np.isnan(rows[:, 1]).all() and not np.isnan(rows[:, 0]).any()
    np.testing.assert_array_equal(rows[:, 0], weight.detach().cpu().numpy()[[0, 2]])
    assert np.isnan(weight.grad.cpu().numpy()[0]).all()
    with pytest.raises(IndexError, match="index out of range in self"):
        F.embedding(index.cpu(), weight.detach().cpu())


@pytest.mark.parametrize("layout", ["padded", "concatenated", "empty_target"])
@pytest.mark.parametrize("lengths_as", ["tensors", "tuples"])
def test_ctc_loss_builds_its_tables_on_the_device(standin, layout, lengths_as):
    """The targets stay on the device (the blank-interleaved labels are built there); only the
    lengths are read on the host, as torch's ctc_loss reads them."""
    target_lengths = (4, 0, 3) if layout == "empty_target" else (4, 2, 3)

    def build():
        log_probs = ember.randn(12, 3, 6).log_softmax(2).detach().requires_grad_()
        if layout == "concatenated":
            targets = ember.randint(1, 6, (sum(target_lengths),))
        else:
            targets = ember.randint(1, 6, (3, 4))
        return log_probs, targets, ember.tensor([12, 10, 11]), ember.tensor(target_lengths)

    def step(log_probs, targets, input_lengths, lengths):
        if lengths_as == "tuples":
            input_lengths, lengths = (12, 10, 11), target_lengths
        loss = F.ctc_loss(log_probs, targets, input_lengths, lengths)
        loss.backward()
        return [loss, log_probs.grad]
    on_cpu, on_cuda, syncs = _run(build, step)
    _assert_same(on_cpu, on_cuda)
    assert [path for path, _ in syncs] == (["get", "get"] if lengths_as == "tensors" else [])


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_label_smoothing_with_ignored_targets_on_the_device(standin, weighted, reduction):
    def build():
        return (ember.randn(6, 5, requires_grad=True), ember.tensor([0, 1, 4, -100, 2, 3]),
                ember.rand(5))

    def step(logits, target, weight):
        loss = F.cross_entropy(logits, target, weight=weight if weighted else None,
                               label_smoothing=0.1, reduction=reduction)
        loss.backward()
        return [loss, logits.grad]
    on_cpu, on_cuda, syncs = _run(build, step)
    _assert_same(on_cpu, on_cuda, exact=False)  # log_softmax's rows: a few ulps on the CPU
    assert syncs == []


CONVERTED = {
    "logsumexp_empty": lambda x: x[:0].logsumexp(0),
    "cumsum_half": lambda x: x.half().cumsum(1),
    "diagonal_copy": ember.diagonal_copy,
    "unfold_copy": lambda x: ember.unfold_copy(x, 1, 2, 1),
    "layer_norm": lambda x: F.layer_norm(x, (4,)),
    "batch_norm_no_affine": lambda x: F.batch_norm(x, None, None, training=True),
}


@pytest.mark.parametrize("op", sorted(CONVERTED))
def test_converted_ops_stay_on_the_device(standin, op):
    """Ops whose arrays now come from their input's namespace (NumPy made them on the host):
    the result and the gradient are on the device and equal the CPU's."""
    def step(x):
        out = CONVERTED[op](x)
        (out.float() * 2).sum().backward()
        return [out, x.grad]
    on_cpu, on_cuda, syncs = _run(lambda: [ember.randn(3, 4, requires_grad=True)], step)
    _assert_same(on_cpu, on_cuda, exact=op not in ("layer_norm", "batch_norm_no_affine"))
    assert syncs == []


@pytest.mark.parametrize("cell", ["LSTM", "GRU"])
def test_packed_rnn_training_step_syncs_only_where_torch_does(standin, cell):
    """pack_padded_sequence(enforce_sorted=False) -> RNN -> pad_packed_sequence, with the final
    hidden state in the loss: the permutations stay on the device (the inverse comes from the
    host order; index_select and its backward check on the device); what is left is the read
    of the sorted lengths, which torch's pad_packed_sequence makes too (unsorted_indices.cpu())."""
    R = nn.utils.rnn

    def build():
        return [getattr(nn, cell)(3, 4)] + [ember.randn(n, 3, requires_grad=True)
                                            for n in (5, 3, 4)]

    def step(model, *sequences):
        padded = R.pad_sequence(list(sequences))
        packed = R.pack_padded_sequence(padded, [5, 3, 4], enforce_sorted=False)
        out, state = model(packed)
        final = state[0] if cell == "LSTM" else state
        unpacked, lengths = R.pad_packed_sequence(out)
        (unpacked.sum() + (final * final).sum()).backward()
        return [unpacked, final] + [s.grad for s in sequences] + \
            [p.grad for p in model.parameters()]
    on_cpu, on_cuda, syncs = _run(build, step)
    _assert_same(on_cpu, on_cuda, exact=False)
    assert [path for path, _ in syncs] == ["get"]


def test_index_select_outside_the_input_gives_nan_on_the_device(standin):
    x = ember.randn(3, 4, device="cuda", requires_grad=True)
    index = ember.tensor([3, 0, 7], device="cuda")
    with counting_syncs() as record:
        out = x.index_select(1, index)
        out.sum().backward()
    assert record.syncs == []
    values = out.detach().cpu().numpy()
    assert np.isnan(values[:, 2]).all() and not np.isnan(values[:, :2]).any()
    np.testing.assert_array_equal(values[:, :2], x.detach().cpu().numpy()[:, [3, 0]])
    assert np.isnan(x.grad.cpu().numpy()[:, 0]).all()
    with pytest.raises(RuntimeError, match="INDICES element is out of DATA bounds"):
        x.detach().cpu().index_select(1, index.cpu())


def test_dirac_and_cross_map_lrn_build_their_tables_on_the_device(standin):
    for groups in (1, 2):
        weight = nn.init.dirac_(ember.empty(4, 2, 3, 3, device="cuda"), groups)
        expected = nn.init.dirac_(ember.empty(4, 2, 3, 3, device="cpu"), groups)
        assert weight.device.type == "cuda"
        np.testing.assert_array_equal(weight.cpu().numpy(), expected.numpy())

    def step(x):
        out = nn.CrossMapLRN2d(3, alpha=0.1)(x)
        (out * out).sum().backward()
        return [out, x.grad]
    on_cpu, on_cuda, syncs = _run(lambda: [ember.randn(2, 5, 3, 3, requires_grad=True)], step)
    _assert_same(on_cpu, on_cuda)
    assert syncs == []
