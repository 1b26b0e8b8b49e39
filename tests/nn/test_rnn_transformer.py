"""Recurrent, attention and Transformer layers: same init as torch under the same seed, same
outputs and gradients, gradcheck of a small LSTM."""
import warnings

import numpy as np
import pytest

import ember
from conftest import TORCH, requires_torch, seeded_on_cpu

rng = np.random.default_rng(0)
X = rng.standard_normal((5, 2, 8)).astype(np.float32)   # (L, N, E)
Y = rng.standard_normal((4, 2, 8)).astype(np.float32)


def build_pair(make):
    """``make(lib)`` for ember and torch after the same seed: drawn on the CPU, as torch's, and
    then on the device the test runs on."""
    return tuple(seeded_on_cpu(lib, 0, lambda lib=lib: make(lib)) for lib in (ember, TORCH))


def compare_modules(make, *inputs, call=None, rtol=1e-4, atol=1e-5):
    """Same parameters after init, same outputs and parameter gradients as torch."""
    ours, theirs = build_pair(make)
    names = [n for n, _ in ours.named_parameters()]
    assert names == [n for n, _ in theirs.named_parameters()]
    for (n, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_array_equal(p.detach().cpu().numpy(), q.detach().cpu().numpy(), err_msg=n)
    assert repr(ours) == repr(theirs)
    ours.eval()
    theirs.eval()
    call = call or (lambda m, lib, *xs: m(*xs))
    out_e = call(ours, ember, *[ember.tensor(x) for x in inputs])
    out_t = call(theirs, TORCH, *[TORCH.tensor(x) for x in inputs])
    flat_e = out_e[0] if isinstance(out_e, tuple) else out_e
    flat_t = out_t[0] if isinstance(out_t, tuple) else out_t
    np.testing.assert_allclose(flat_e.detach().cpu().numpy(), flat_t.detach().cpu().numpy(),
                               rtol=rtol,
                               atol=atol)
    (flat_e ** 2).sum().backward()
    (flat_t ** 2).sum().backward()
    for (n, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.cpu().numpy(), q.grad.cpu().numpy(), rtol=1e-3, atol=1e-4,
                                   err_msg=n)
    return out_e, out_t


RNN_CASES = [
    ("RNN", {}), ("RNN", {"nonlinearity": "relu", "num_layers": 2}),
    ("RNN", {"bidirectional": True, "batch_first": True}),
    ("LSTM", {}), ("LSTM", {"num_layers": 2, "bidirectional": True}),
    ("LSTM", {"proj_size": 3}), ("GRU", {}), ("GRU", {"num_layers": 2, "bias": False}),
    ("GRU", {"bidirectional": True, "batch_first": True}),
]


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("cls,kw", RNN_CASES)
def test_recurrent_layers_match_torch(cls, kw):
    out_e, out_t = compare_modules(lambda lib: getattr(lib.nn, cls)(8, 6, **kw), X)
    finals_e = out_e[1] if cls == "LSTM" else (out_e[1],)
    finals_t = out_t[1] if cls == "LSTM" else (out_t[1],)
    for a, b in zip(finals_e, finals_t):
        np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().cpu().numpy(), rtol=1e-4,
                                   atol=1e-5)


@requires_torch
@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_unbatched_input_and_initial_state(cls):
    h = rng.standard_normal((1, 6)).astype(np.float32)

    def call(m, lib, x):
        h0 = lib.tensor(h)
        return m(x, (h0, h0 * 0.5) if cls == "LSTM" else h0)
    compare_modules(lambda lib: getattr(lib.nn, cls)(8, 6), X[:, 0], call=call)


@requires_torch
@pytest.mark.parametrize("cls", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_torch(cls):
    compare_modules(lambda lib: getattr(lib.nn, cls)(8, 6), X[0])


@requires_torch
def test_packed_sequence_matches_torch():
    pytest.importorskip("ember.nn.utils.rnn")
    lengths = [5, 3]

    def call(m, lib, x):
        packed = lib.nn.utils.rnn.pack_padded_sequence(x, lengths)
        out, (h, c) = m(packed)
        padded, _ = lib.nn.utils.rnn.pad_packed_sequence(out)
        return padded, h
    compare_modules(lambda lib: lib.nn.LSTM(8, 6, bidirectional=True), X, call=call)


def test_lstm_gradcheck_float64():
    ember.manual_seed(0)
    lstm = ember.nn.LSTM(3, 2).double()
    x = ember.randn(4, 1, 3, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda inp: lstm(inp)[0], (x,))


@pytest.mark.parametrize("mode, input_shape, hidden_shapes, message", [
    ("LSTM", (5, 2, 3), [(1, 2, 4), (2, 4)],
     "For batched 3-D input, hx and cx should also be 3-D but got (3-D, 2-D) tensors"),
    ("LSTM", (5, 3), [(1, 4), (1, 1, 4)],
     "For unbatched 2-D input, hx and cx should also be 2-D but got (2-D, 3-D) tensors"),
    ("GRU", (5, 2, 3), [(2, 4)],
     "For batched 3-D input, hx should also be 3-D but got 2-D tensor"),
    ("RNN", (5, 3), [(1, 2, 4)],
     "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor"),
])
def test_rnn_hidden_rank_errors(mode, input_shape, hidden_shapes, message):
    """Initial states of the wrong rank for the input's batchedness are named before shapes."""
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        states = [lib.zeros(shape) for shape in hidden_shapes]
        with pytest.raises(RuntimeError) as info:
            getattr(lib.nn, mode)(3, 4)(lib.randn(input_shape),
                                        tuple(states) if mode == "LSTM" else states[0])
        assert str(info.value) == message, lib.__name__


def test_rnn_input_errors():
    rnn = ember.nn.GRU(8, 6)
    with pytest.raises(RuntimeError, match="input.size\\(-1\\) must be equal to input_size. "
                                           "Expected 8, got 5"):
        rnn(ember.randn(3, 2, 5))
    with pytest.raises(RuntimeError, match=r"Expected hidden size \(1, 2, 6\), got \[1, 3, 6\]"):
        rnn(ember.randn(3, 2, 8), ember.zeros(1, 3, 6))
    with pytest.raises(ValueError, match="proj_size argument is only supported for LSTM"):
        ember.nn.GRU(8, 6, proj_size=2)


ATTENTION_MASKS = {
    "none": {},
    "bool_attn_mask": {"attn_mask": np.triu(np.ones((5, 5), bool), 1)},
    "float_attn_mask": {"attn_mask": rng.standard_normal((5, 5)).astype(np.float32)},
    "key_padding": {"key_padding_mask": np.array([[False] * 4 + [True], [False] * 5])},
}


@requires_torch
@pytest.mark.parametrize("mask", sorted(ATTENTION_MASKS))
def test_multihead_attention_matches_torch(mask):
    masks = ATTENTION_MASKS[mask]

    def call(m, lib, x):
        kw = {k: lib.tensor(v) for k, v in masks.items()}
        return m(x, x, x, **kw)
    out_e, out_t = compare_modules(lambda lib: lib.nn.MultiheadAttention(8, 2), X, call=call)
    np.testing.assert_allclose(out_e[1].detach().cpu().numpy(), out_t[1].detach().cpu().numpy(),
                               rtol=1e-4,
                               atol=1e-6)


@requires_torch
def test_multihead_attention_kdim_vdim_batch_first_bias_kv():
    k = rng.standard_normal((5, 3, 6)).astype(np.float32)
    v = rng.standard_normal((5, 3, 4)).astype(np.float32)
    compare_modules(lambda lib: lib.nn.MultiheadAttention(8, 2, batch_first=True, kdim=6, vdim=4,
                                                          add_bias_kv=True, add_zero_attn=True),
                    X, k, v)


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("norm_first", [False, True])
def test_transformer_layers_match_torch(norm_first):
    compare_modules(lambda lib: lib.nn.TransformerEncoder(
        lib.nn.TransformerEncoderLayer(8, 2, 16, norm_first=norm_first), 2), X)
    compare_modules(lambda lib: lib.nn.TransformerDecoderLayer(8, 2, 16, norm_first=norm_first,
                                                               activation="gelu"), Y, X)


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_full_transformer_with_causal_mask_matches_torch():
    def call(m, lib, src, tgt):
        mask = lib.nn.Transformer.generate_square_subsequent_mask(tgt.shape[0])
        return m(src, tgt, tgt_mask=mask)
    compare_modules(lambda lib: lib.nn.Transformer(8, 2, 1, 1, 16), X, Y, call=call)


def test_square_subsequent_mask_blocks_the_future():
    mask = ember.nn.Transformer.generate_square_subsequent_mask(3)
    assert mask.tolist() == [[0.0, float("-inf"), float("-inf")],
                             [0.0, 0.0, float("-inf")], [0.0, 0.0, 0.0]]


def test_attention_embed_dim_errors():
    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        ember.nn.MultiheadAttention(10, 3)
    mha = ember.nn.MultiheadAttention(8, 2)
    with pytest.raises(AssertionError, match="was expecting embedding dimension of 8, but got 6"):
        mha(ember.randn(2, 1, 6), ember.randn(2, 1, 6), ember.randn(2, 1, 6))


NESTED_REASONS = [
    ({"norm_first": True, "batch_first": True}, "encoder_layer.norm_first was True"),
    ({}, ("encoder_layer.self_attn.batch_first was not True(use batch_first for better "
          "inference performance)")),
    ({"nhead": 1, "batch_first": True}, "encoder_layer.self_attn.num_heads is odd"),
    ({"bias": False, "batch_first": True}, "encoder_layer.self_attn was passed bias=False"),
    ({"activation": "tanh", "batch_first": True},
     "encoder_layer.activation_relu_or_gelu was not True"),
]


@requires_torch
@pytest.mark.parametrize("kwargs,reason", NESTED_REASONS)
def test_encoder_says_why_it_cannot_use_nested_tensors(kwargs, reason):
    def build(lib):
        # The activation by name: the stand-in run's check wraps F.relu, the default, which
        # the layer recognises by identity as torch's does.
        options = {"nhead": 2, "activation": "relu", **kwargs}
        if options.get("activation") == "tanh":
            options["activation"] = lib.tanh
        layer = lib.nn.TransformerEncoderLayer(8, dim_feedforward=16, **options)
        with pytest.warns(UserWarning) as caught:
            encoder = lib.nn.TransformerEncoder(layer, 1)
        return encoder, str(caught[0].message)

    (ours, our_message), (theirs, their_message) = build(ember), build(TORCH)
    assert our_message == their_message == \
        f"enable_nested_tensor is True, but self.use_nested_tensor is False because {reason}"
    assert ours.use_nested_tensor is theirs.use_nested_tensor is False
    assert ours.enable_nested_tensor and ours.mask_check


@requires_torch
@pytest.mark.parametrize("train,grad", [(False, False), (True, False), (False, True)])
@pytest.mark.parametrize("final_norm", [False, True])
def test_encoder_inference_leaves_zeros_at_padding_as_torch(train, grad, final_norm):
    """torch's encoder runs inference on nested tensors without the padding and pads the
    result with zeros (then applies the final norm); training or a graph keeps every row."""
    x = rng.standard_normal((2, 4, 8)).astype(np.float32)
    padding = np.array([[False, False, True, True], [False, False, False, False]])

    def build(lib):
        layer = lib.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation="relu",
                                               batch_first=True)
        norm = lib.nn.LayerNorm(8) if final_norm else None
        if norm is not None:
            lib.nn.init.normal_(norm.bias)
        return lib.nn.TransformerEncoder(layer, 2, norm=norm).train(train)

    def run(lib, encoder):
        with lib.set_grad_enabled(grad):
            out = encoder(lib.tensor(x), src_key_padding_mask=lib.tensor(padding))
        return out.detach().cpu().numpy()

    ours, theirs = (run(lib, encoder) for lib, encoder in zip((ember, TORCH), build_pair(build)))
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    assert (ours[0, 2:] == ours[0, 2:][0]).all() == (not train and not grad)


@requires_torch
@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_batch_first_output_is_transposed_as_torch_records_it(kind, bidirectional):
    """torch's GRU and RNN turn a batch-first result in place (TransposeBackward1, version 1),
    its LSTM returns a transposed view (TransposeBackward0, version 0)."""
    seen = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        module = getattr(lib.nn, kind)(3, 4, batch_first=True, bidirectional=bidirectional)
        out, _ = module(lib.ones(2, 5, 3))
        seen.append((out.grad_fn.name(), out._version, out.stride(), tuple(out.shape)))
    assert seen[0] == seen[1]


def _graph_names(tensor):
    """Each node of ``tensor``'s graph, breadth first, with the names of its next functions
    (AccumulateGrad without its library's namespace)."""
    name = lambda fn: "None" if fn is None else fn.name().split("::")[-1]  # noqa: E731
    queue, seen, lines = [tensor.grad_fn], set(), []
    while queue:
        fn = queue.pop(0)
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        lines.append(f"{name(fn)} -> {', '.join(name(f) for f, _ in fn.next_functions)}")
        queue.extend(f for f, _ in fn.next_functions)
    return lines


RECURRENT_GRAPHS = {
    # torch's per-step CPU graph (float32 LSTMs without projections run oneDNN's fused layer:
    # test_float32_lstm_records_one_oneDNN_node_per_layer_as_torch)
    "lstm_float64": lambda lib: (lib.nn.LSTM(3, 4, num_layers=2).double(), lib.float64),
    "lstm_proj": lambda lib: (lib.nn.LSTM(3, 4, proj_size=2), lib.float32),
    "gru": lambda lib: (lib.nn.GRU(3, 4, bidirectional=True), lib.float32),
    "gru_float64": lambda lib: (lib.nn.GRU(3, 4).double(), lib.float64),
    "rnn_relu": lambda lib: (lib.nn.RNN(3, 4, nonlinearity="relu", num_layers=2), lib.float32),
    "lstm_cell": lambda lib: (lib.nn.LSTMCell(3, 4).double(), lib.float64),
    "gru_cell": lambda lib: (lib.nn.GRUCell(3, 4), lib.float32),
    "rnn_cell": lambda lib: (lib.nn.RNNCell(3, 4), lib.float32),
}


def _recurrent(lib, name):
    module, dtype = RECURRENT_GRAPHS[name](lib)
    return module, lib.randn(2, 2, 3, dtype=dtype)


@requires_torch
@pytest.mark.filterwarnings("ignore:LSTM with projections")
@pytest.mark.parametrize("name", RECURRENT_GRAPHS)
def test_recurrent_graphs_match_torch(name):
    """The printed grad_fn chain of a recurrent layer's outputs is torch's, node by node (the
    gates cut by unsafe_chunk, the hidden projection first, each step's input slice unbound)."""
    graphs = []
    for lib in (ember, TORCH):
        module, x = seeded_on_cpu(lib, 0, lambda lib=lib: _recurrent(lib, name))
        out = module(x[0] if "cell" in name else x)
        out, hidden = (out if isinstance(out, tuple) else (out, out))
        if isinstance(hidden, tuple):
            hidden = hidden[0]
        graphs.append((_graph_names(out), _graph_names(hidden),
                       out.detach().double().cpu().numpy()))
    assert graphs[0][:2] == graphs[1][:2]
    np.testing.assert_allclose(graphs[0][2], graphs[1][2], rtol=1e-5, atol=1e-6)


ONEDNN_LSTMS = {
    "plain": ({}, (5, 2, 3), False),
    "two_layers_bidirectional_batch_first": (
        {"num_layers": 2, "bidirectional": True, "batch_first": True}, (2, 5, 3), False),
    "dropout_between_layers": ({"num_layers": 2, "dropout": 0.5}, (5, 2, 3), False),
    "no_bias_given_state": ({"bias": False}, (5, 2, 3), True),
    "unbatched": ({"num_layers": 2}, (5, 3), False),
}


@requires_torch
@pytest.mark.parametrize("case", ONEDNN_LSTMS)
def test_float32_lstm_records_one_oneDNN_node_per_layer_as_torch(case):
    """torch runs a padded float32 LSTM on the CPU as one oneDNN kernel per layer and direction:
    one MkldnnRnnLayerBackward0 node taking (input, w_ih, w_hh, b_ih, b_hh, hx, cx) and giving
    (output, h_n, c_n), whose h_n and c_n the final states stack. Same graph, values and
    gradients (float64 LSTMs keep the per-step graph, test_recurrent_graphs_match_torch)."""
    kwargs, shape, given_state = ONEDNN_LSTMS[case]
    seen = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        module = lib.nn.LSTM(3, 4, device="cpu", **kwargs)
        x = lib.randn(*shape, device="cpu").requires_grad_()
        state = None
        if given_state:
            state = (lib.randn(1, 2, 4, device="cpu").requires_grad_(),
                     lib.zeros(1, 2, 4, device="cpu"))
        lib.manual_seed(1)  # dropout's draws
        out, (h, c) = module(x, state)
        (out.sum() + (h * c).sum()).backward()
        grads = [x.grad] + [p.grad for p in module.parameters()] + \
            ([state[0].grad] if given_state else [])
        seen.append(([_graph_names(t) for t in (out, h, c)],
                     [(t.grad_fn.name(), t.grad_fn.next_functions[0][1], t.stride())
                      for t in (out, h, c)],
                     [t.detach().double().numpy() for t in [out, h, c] + grads]))
    assert seen[0][:2] == seen[1][:2]
    assert any("MkldnnRnnLayerBackward0" in line for line in seen[0][0][0])
    for ours, theirs in zip(seen[0][2], seen[1][2]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


@requires_torch
@pytest.mark.filterwarnings("ignore:TF32 acceleration")
def test_lstm_keeps_the_per_step_graph_where_torch_skips_oneDNN(monkeypatch):
    """oneDNN switched off, projections (torch then warns once, in the process) and packed input
    keep torch's per-step graph."""
    from ember import _deprecated
    monkeypatch.setattr(_deprecated, "_warned", set())
    names = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        module = lib.nn.LSTM(3, 4, device="cpu")
        x = lib.randn(5, 2, 3, device="cpu", requires_grad=True)
        with lib.backends.mkldnn.flags(enabled=False):
            names.append(module(x)[0].grad_fn.name())
        packed = lib.nn.utils.rnn.pack_padded_sequence(x, [5, 3])
        names.append(module(packed)[0].data.grad_fn.name())
    assert names[:2] == names[2:]
    module = ember.nn.LSTM(3, 4, proj_size=2, device="cpu")
    with pytest.warns(UserWarning, match="^LSTM with projections is not supported with oneDNN. "
                      "Using default implementation.$"):
        out = module(ember.randn(5, 2, 3, device="cpu"))[0]
    assert out.grad_fn.name() == "StackBackward0"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module(ember.randn(5, 2, 3, device="cpu"))  # once per process, as TORCH_WARN_ONCE


@pytest.mark.filterwarnings("ignore:TF32 acceleration")
def test_float32_lstm_node_gradcheck_through_its_composition():
    """The one node's gradient is the per-step graph's: gradcheck in float64 of the same
    composition, and a second derivative through the node in float32 against the per-step
    graph's."""
    ember.manual_seed(0)
    module = ember.nn.LSTM(2, 3, bidirectional=True, device="cpu")
    x = ember.randn(3, 2, 2, device="cpu", requires_grad=True)
    double = ember.nn.LSTM(2, 3, bidirectional=True, device="cpu").double()
    double.load_state_dict(module.state_dict())
    assert ember.autograd.gradcheck(lambda t: double(t)[0], (x.double().detach().requires_grad_(),))
    firsts = []
    for enabled in (True, False):
        with ember.backends.mkldnn.flags(enabled=enabled):
            out = module(x)[0]
        (first,) = ember.autograd.grad((out ** 2).sum(), x, create_graph=True)
        (second,) = ember.autograd.grad(first.sum(), x)
        firsts.append((out.grad_fn.name(), first.detach().numpy(), second.numpy()))
    assert [f[0] for f in firsts] == ["CatBackward0", "CatBackward0"]
    np.testing.assert_allclose(firsts[0][1], firsts[1][1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(firsts[0][2], firsts[1][2], rtol=1e-5, atol=1e-6)


@requires_torch
def test_linear_of_a_non_contiguous_batch_adds_the_bias_after_matmul_as_torch():
    """torch folds only a contiguous input into one addmm (ViewBackward0 over AddmmBackward0);
    a transposed batch (an RNN's batch_first input) is matmul'd, then the bias added."""
    nodes = []
    for lib in (ember, TORCH):
        weight = lib.ones(4, 3, requires_grad=True)
        bias = lib.zeros(4, requires_grad=True)
        for x in (lib.ones(2, 5, 3).transpose(0, 1), lib.ones(5, 2, 3)):
            out = lib.nn.functional.linear(x, weight, bias)
            nodes.append((out.grad_fn.name(), [f.name().split("::")[-1]
                                               for f, _ in out.grad_fn.next_functions],
                          out.stride(), out.tolist()))
    assert nodes[:2] == nodes[2:]
