"""ember.fx: tracing, graphs, generated code, passes and running traced modules.

Programs are written once, as source text in which ``torch`` names the library; each runs with
ember bound to that name and, where torch is installed, with torch too, and what a user prints
(``gm.code``, ``str(gm.graph)``, ``str(gm)``, node names) must agree after ``ember`` is read as
``torch``.
"""
from __future__ import annotations

import contextlib
import copy
import io
import operator
import pickle
import subprocess
import sys
import textwrap

import pytest
from conftest import TORCH, requires_torch

import ember
from ember import fx, nn
from ember.fx.passes.shape_prop import ShapeProp, TensorMetadata
from ember.nn import functional as F

PROGRAMS = {
    "cnn_batchnorm": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 4, 3, padding=1)
                self.bn = nn.BatchNorm2d(4)
                self.fc = nn.Linear(4 * 2 * 2, 5)
                self.register_buffer("scale", torch.ones(1))
            def forward(self, x):
                x = torch.relu(self.bn(self.conv(x)))
                x = F.max_pool2d(x, 2)
                x = x.view(x.size(0), -1)
                return F.relu(self.fc(x) * self.scale + 1)
        model = Model()
        inputs = (torch.randn(2, 3, 4, 4),)
    """,
    "residual_and_operators": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4))
                self.p = nn.Parameter(torch.zeros(4))
            def forward(self, x, y=None):
                h = x + self.body(x) + self.body[0].weight.sum()
                z = torch.cat([h, -h], dim=1)
                n = x.shape[0]
                out = operator.add(z[:, :4], n) @ self.p.unsqueeze(1)
                return {"out": out.relu(), "half": z / 2, "t": (h.t(), h ** 2)}
        model = Model()
        inputs = (torch.randn(3, 4),)
    """,
    "transformer_block": """
        class Model(nn.Module):
            def __init__(self, d=8, heads=2):
                super().__init__()
                self.heads = heads
                self.qkv = nn.Linear(d, 3 * d)
                self.proj = nn.Linear(d, d)
                self.ln = nn.LayerNorm(d)
                self.mlp = nn.Sequential(nn.Linear(d, 16), nn.GELU(), nn.Linear(16, d))
            def forward(self, x):
                B, T, C = x.shape
                q, k, v = self.qkv(self.ln(x)).split(C, dim=2)
                q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)
                k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)
                v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)
                y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
                y = y.transpose(1, 2).contiguous().view(B, T, C)
                x = x + self.proj(y)
                return x + self.mlp(F.dropout(F.softmax(x, dim=-1), 0.0, self.training))
        model = Model()
        inputs = (torch.randn(2, 5, 8),)
    """,
    "function_with_constants": """
        def model(x):
            a, b = x.chunk(2, dim=-1)
            c = a * 2 + math.sqrt(4) + torch.tensor([1.0, 2.0]).sum()
            return c.to(torch.float64) + b.new_zeros(1).float()
        inputs = (torch.randn(3, 4),)
    """,
    "annotated_signature": """
        # class annotations show in the graph (%x : torch.Tensor [...]), the def line and the
        # return type; each node's .type holds them
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)
            def forward(self, x: torch.Tensor, n: int, scale: float = 0.5) -> torch.Tensor:
                return self.fc(x) * scale + n
        model = Model()
        inputs = (torch.randn(3, 4), 2)
    """,
    "module_list_varargs_and_attributes": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])
                self.emb = nn.Embedding(10, 4)
                self.mask = torch.tril(torch.ones(3, 3))
            def forward(self, idx, x, *args, scale=2.0, **kwargs):
                h = self.emb(idx) + x
                for layer in self.layers:
                    h = F.gelu(layer(h)) * scale
                z = torch.zeros([h.shape[0], 4], dtype=h.dtype, device=h.device)
                y = torch.flatten(h, 1).mean(dim=-1, keepdim=True)
                w = h.masked_fill(self.mask[:2, :2].bool()[0:1, 0:1] == 0, float("-inf"))
                k = torch.where(h > 0, h, torch.zeros_like(h))
                return z + y + h.dim() + h.ndim, F.softmax(w, -1), k.clamp(min=0.0), h.size()
        model = Model()
        inputs = (torch.tensor([1, 2]), torch.randn(2, 4))
    """,
    "tensor_constants_on_the_left": """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.w = torch.randn(3)
            def forward(self, x):
                c = torch.ones(3)
                return (c + x, c - x, self.w * x, c / x, c // x, c % x, c ** x, c @ x,
                        c == x, c != x, c < x, c >= x, c.add(x, alpha=2),
                        c.masked_fill(x > 0, 1.0), c.expand_as(x))
        model = Model()
        inputs = (torch.randn(3),)
    """,
    "functional_tour": """
        def model(x, t, idx, w):
            return [
                F.log_softmax(x, dim=1), F.embedding(idx, w), F.cross_entropy(x, t),
                F.mse_loss(x, x), F.pad(x, (1, 1)), F.interpolate(x.unsqueeze(0),
                                                                  scale_factor=2.0),
                F.normalize(x), F.silu(x), F.group_norm(x.unsqueeze(-1), 2),
                F.leaky_relu(x, 0.1), F.elu(x), F.tanh(x), F.sigmoid(x), F.hardswish(x),
                F.relu6(x), F.mish(x), F.glu(x), F.nll_loss(x, t),
                F.binary_cross_entropy_with_logits(x, x.sigmoid()),
                F.batch_norm(x, None, None, training=True), F.max_pool1d(x.unsqueeze(0), 2),
                F.hardtanh(x), F.softmin(x, 1), F.cosine_similarity(x, x), F.linear(x, w),
                F.kl_div(x, x.softmax(1), reduction="batchmean"), F.smooth_l1_loss(x, x),
                F.instance_norm(x.unsqueeze(0)), F.unfold(x.view(1, 1, 4, 4), 2),
                F.one_hot(idx, 10), F.dropout1d(x.unsqueeze(0), 0.0), F.conv1d(x[None], w[None, :4]),
            ]
        inputs = (torch.randn(4, 4), torch.tensor([0, 1, 2, 3]), torch.tensor([1, 5, 7, 9]),
                  torch.randn(10, 4))
    """,
    "resnet_blocks": """
        class Block(nn.Module):
            def __init__(self, cin, cout, stride=1):
                super().__init__()
                self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
                self.bn1 = nn.BatchNorm2d(cout)
                self.relu = nn.ReLU(inplace=True)
                self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
                self.bn2 = nn.BatchNorm2d(cout)
                self.downsample = None if stride == 1 and cin == cout else nn.Sequential(
                    nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            def forward(self, x):
                identity = x
                out = self.relu(self.bn1(self.conv1(x)))
                out = self.bn2(self.conv2(out))
                if self.downsample is not None:
                    identity = self.downsample(x)
                out += identity
                return self.relu(out)
        model = nn.Sequential(Block(3, 4, 2), Block(4, 4))
        inputs = (torch.randn(2, 3, 8, 8),)
    """,
}


def _run(program, torch_module):
    """Run a program with ``torch_module`` as its ``torch``: the model, inputs and trace."""
    import math
    namespace = {"torch": torch_module, "nn": torch_module.nn,
                 "F": torch_module.nn.functional, "operator": operator, "math": math}
    torch_module.manual_seed(0)
    exec(textwrap.dedent(program), namespace)
    gm = torch_module.fx.symbolic_trace(namespace["model"])
    return namespace["model"], namespace["inputs"], gm


def _printed(gm):
    lines = [gm.code, str(gm.graph), str(gm), gm.print_readable(print_output=False)]
    for node in gm.graph.nodes:
        lines.append(f"{node.name} {node.op} {node.format_node()} {list(node.users)} "
                     f"{node.all_input_nodes} {node.args} {node.kwargs}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_traced_module_computes_what_the_module_does(name):
    model, inputs, gm = _run(PROGRAMS[name], ember)
    expected, actual = model(*inputs), gm(*inputs)
    if isinstance(expected, dict):
        expected, actual = expected["half"], actual["half"]
    if isinstance(expected, (tuple, list)):
        assert all(ember.equal(a, e) if isinstance(e, ember.Tensor) else a == e
                   for a, e in zip(actual, expected, strict=True))
    else:
        assert ember.equal(actual, expected)


@requires_torch
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_graph_and_code_print_what_torch_prints(name):
    ours = _printed(_run(PROGRAMS[name], ember)[2]).replace("ember", "torch")
    theirs = _printed(_run(PROGRAMS[name], TORCH)[2])
    assert ours == theirs


def test_node_names_ops_and_generated_code():
    def f(x):
        y = x + 1
        y = y + x.sum() + x.sum()
        return y.shape, torch_relu(y)
    torch_relu = ember.relu
    gm = fx.symbolic_trace(f)
    names = [node.name for node in gm.graph.nodes]
    # y.shape becomes a Node only when its value is used (here: by the output)
    assert names == ["x", "add", "sum_1", "add_1", "sum_2", "add_2", "relu", "getattr_1",
                     "output"]
    ops = {node.name: node.op for node in gm.graph.nodes}
    assert ops["sum_1"] == "call_method" and ops["add"] == "call_function"
    assert ops["x"] == "placeholder" and ops["output"] == "output"
    assert "    relu = ember.relu(add_2)\n" in gm.code
    assert "    getattr_1 = add_2.shape;  add_2 = None\n" in gm.code
    assert gm.code.startswith("\n\n\ndef forward(self, x):\n")
    assert gm.code.endswith("    return (getattr_1, relu)\n    ")


def test_builtin_named_inputs_are_renamed_in_the_body():
    gm = fx.symbolic_trace(nn.Sequential(nn.Linear(3, 2), nn.ReLU()))
    assert "def forward(self, input):\n    input_1 = input\n" in gm.code
    assert type(gm).__name__ == "Sequential"


def test_control_flow_on_a_traced_value_raises_trace_error():
    def f(x):
        return x if x.sum() > 0 else -x
    with pytest.raises(fx.proxy.TraceError, match="cannot be used as inputs to control flow"):
        fx.symbolic_trace(f)
    assert issubclass(fx.proxy.TraceError, ValueError)


def test_iterating_and_len_of_a_proxy():
    def loop(x):
        for row in x:
            pass
    with pytest.raises(fx.proxy.TraceError, match="Proxy object cannot be iterated"):
        fx.symbolic_trace(loop)
    with pytest.raises(RuntimeError, match="'len' is not supported in symbolic tracing"):
        fx.symbolic_trace(lambda x: len(x))


def _unpacking(x):
    first, second = x.unbind(0)
    return first * second


def test_tuple_unpacking_of_a_proxy_records_getitems():
    gm = fx.symbolic_trace(_unpacking)
    x = ember.randn(2, 3)
    assert ember.equal(gm(x), x[0] * x[1])
    assert [n.name for n in gm.graph.nodes] == ["x", "unbind", "getitem", "getitem_1", "mul",
                                                "output"]


def _scaled(x, k):
    return x * k if k > 0 else x


fx.wrap("_scaled")


def test_wrap_records_the_call_whole_and_emits_the_wrap_line():
    def f(x):
        return _scaled(x, 3)
    gm = fx.symbolic_trace(f)
    (call,) = [node for node in gm.graph.nodes if node.op == "call_function"]
    assert call.target is _scaled and call.args[1] == 3
    assert gm.code.startswith('\nember.fx._symbolic_trace.wrap("')
    assert ember.equal(gm(ember.ones(2)), ember.full((2,), 3.0))
    assert _scaled(ember.ones(1), 2).item() == 2.0  # the patch is gone after the trace


def test_leaf_modules_of_a_tracer_subclass():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 2)

        def forward(self, x):
            return self.lin(x).relu()

    class KeepBlocks(fx.Tracer):
        def is_leaf_module(self, m, module_qualified_name):
            return isinstance(m, Block) or super().is_leaf_module(m, module_qualified_name)

    model = nn.Sequential(Block(), Block())
    graph = KeepBlocks().trace(model)
    assert [(n.op, n.target) for n in graph.nodes][1:3] == [("call_module", "0"),
                                                             ("call_module", "1")]
    inner = fx.symbolic_trace(model)
    assert [n.target for n in inner.graph.nodes if n.op == "call_module"] == ["0.lin", "1.lin"]


def test_concrete_args_specialize_and_assert():
    def f(x, flag=True):
        return x + 1 if flag else x - 1
    gm = fx.symbolic_trace(f, concrete_args={"flag": False})
    # the placeholder keeps the parameter's own default, not the specialised value
    assert "def forward(self, x, flag_1 = True):" in gm.code
    assert ember.equal(gm(ember.zeros(1), False), -ember.ones(1))
    with pytest.raises(AssertionError, match="flag has been specialized to have value False"):
        gm(ember.zeros(1), True)


@requires_torch
def test_concrete_args_placeholders_print_what_torch_prints():
    def f(x, n, s=1.5, o=None):
        return x * n * s
    printed = []
    for lib in (ember, TORCH):
        gm = lib.fx.symbolic_trace(f, concrete_args={"n": 3, "s": 2.0, "o": None})
        printed.append((gm.code + str(gm.graph)).replace("ember", "torch"))
    assert printed[0] == printed[1]


@requires_torch
def test_node_types_are_the_annotations():
    def f(a: "ember.Tensor", b: int, c=1) -> float:
        return a + b + c
    types = [[n.type for n in lib.fx.symbolic_trace(f).graph.nodes] for lib in (ember, TORCH)]
    # (this file's annotations are strings: it imports annotations from __future__)
    assert types[0] == types[1] == ["'ember.Tensor'", "int", None, None, None, "float"]
    graphs = [str(lib.fx.symbolic_trace(f).graph) for lib in (ember, TORCH)]
    assert graphs[0] == graphs[1]


@requires_torch
def test_class_and_typing_annotations_print_what_torch_prints():
    import typing
    printed = []
    for lib in (ember, TORCH):
        def f(x, n, o=None, ks=(1,), t=(2,)):
            return x * n
        # real objects, not the strings this file's future import would make of them
        f.__annotations__ = {"x": lib.Tensor, "n": int, "o": typing.Optional[lib.Tensor],
                             "ks": list[int], "t": typing.List[int], "return": lib.Tensor}
        gm = lib.fx.symbolic_trace(f)
        assert gm(lib.ones(2), 3).tolist() == [3.0, 3.0]
        printed.append((gm.code + str(gm.graph)).replace("ember", "torch"))
    assert "o : typing_Union[torch.Tensor,NoneType] = None" in printed[1]
    assert "t : typing_List[int] = (2,)" in printed[1]
    assert printed[0] == printed[1]


def test_concrete_none_is_checked_at_call_time():
    def f(x, mask=None):
        return x if mask is None else x * mask
    gm = fx.symbolic_trace(f, concrete_args={"mask": None})
    assert [n.name for n in gm.graph.nodes] == ["x", "mask_1", "_assert_is_none", "output"]
    assert ember.equal(gm(ember.ones(2)), ember.ones(2))
    with pytest.raises(AssertionError, match="mask has been specialized to have value None"):
        gm(ember.ones(2), ember.ones(2))


def test_print_tabular_without_tabulate_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tabulate", None)
    gm = fx.symbolic_trace(lambda x: x + 1)
    with pytest.raises(ImportError):
        gm.graph.print_tabular()
    assert "Run `pip install tabulate` to install the library." in capsys.readouterr().out


def test_print_tabular_prints_torchs_table():
    pytest.importorskip("tabulate", reason="tabulate not installed: print_tabular's table is "
                                           "skipped (pip install tabulate)")
    gm = fx.symbolic_trace(nn.Sequential(nn.Linear(2, 2), nn.ReLU()))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        gm.graph.print_tabular()
    assert buffer.getvalue().splitlines() == [
        "opcode       name     target    args        kwargs",
        "-----------  -------  --------  ----------  --------",
        "placeholder  input_1  input     ()          {}",
        "call_module  _0       0         (input_1,)  {}",
        "call_module  _1       1         (_0,)       {}",
        "output       output   output    (_1,)       {}"]


def _features(library, gm, name):
    """torchvision's feature extraction, by hand: the graph up to Node ``name``, returning it
    under the key ``feat``; the rest of the graph and the unused submodules dropped."""
    graph = library.fx.Graph()
    values = {}
    for node in gm.graph.nodes:
        values[node] = graph.node_copy(node, lambda n: values[n])
        if node.name == name:
            graph.output({"feat": values[node]})
            break
    features = library.fx.GraphModule(gm, graph)
    features.graph.eliminate_dead_code()
    features.delete_all_unused_submodules()
    features.recompile()
    return features


def test_feature_extraction_keeps_the_graph_up_to_a_node():
    model, inputs, gm = _run(PROGRAMS["cnn_batchnorm"], ember)
    features = _features(ember, gm, "relu")
    assert [n.name for n in features.graph.nodes] == ["x", "conv", "bn", "relu", "output"]
    assert [name for name, _ in features.named_children()] == ["conv", "bn"]
    assert ember.equal(features(*inputs)["feat"], ember.relu(model.bn(model.conv(*inputs))))


@requires_torch
def test_feature_extraction_prints_what_torch_prints():
    printed = []
    for library in (ember, TORCH):
        features = _features(library, _run(PROGRAMS["transformer_block"], library)[2],
                             "scaled_dot_product_attention")
        printed.append(str(features).replace("ember", "torch"))
    assert printed[0] == printed[1]


# -- graph editing -------------------------------------------------------------------------
def test_inserting_erasing_and_replacing_nodes():
    gm = fx.symbolic_trace(lambda x: ember.relu(x) * 2)
    graph = gm.graph
    relu = next(n for n in graph.nodes if n.target is ember.relu)
    with graph.inserting_after(relu):
        first = graph.call_function(ember.neg, (relu,))
        second = graph.call_function(ember.exp, (first,))
    relu.replace_all_uses_with(second, delete_user_cb=lambda user: user is not first)
    assert [n.name for n in graph.nodes] == ["x", "relu", "neg", "exp", "mul", "output"]
    with pytest.raises(RuntimeError, match="Tried to erase Node relu but it still had 1 users"):
        graph.erase_node(relu)
    gm.recompile()
    x = ember.tensor([-1.0, 2.0])
    assert ember.allclose(gm(x), ember.exp(-ember.relu(x)) * 2)
    with graph.inserting_before(second):
        dead = graph.call_function(ember.sin, (first,))
    assert dead.next is second and second.prev is dead
    assert graph.eliminate_dead_code() and dead not in list(graph.nodes)
    assert graph.eliminate_dead_code() is False
    second.replace_input_with(first, relu)
    assert second.args == (relu,) and second not in first.users
    graph.lint()


def test_prepend_append_and_lint_catch_misordered_nodes():
    graph = fx.Graph()
    x = graph.placeholder("x")
    a = graph.call_function(ember.relu, (x,))
    b = graph.call_function(ember.neg, (a,))
    graph.output(b)
    x.append(b)
    with pytest.raises(RuntimeError, match="Argument 'a' of Node 'b'|used before it has been"):
        graph.lint()
    b.prepend(a)
    assert [n.name for n in graph.nodes] == ["x", "relu", "neg", "output"]
    graph.lint()
    assert len(graph.nodes) == 4


def test_node_copy_and_graph_copy():
    source = fx.symbolic_trace(lambda x: ember.relu(x) + 1).graph
    target = fx.Graph()
    values = {}
    result = target.graph_copy(source, values)
    target.output(result)
    assert [n.name for n in target.nodes] == [n.name for n in source.nodes]
    assert all(values[n].graph is target for n in values)
    copied = copy.deepcopy(source)
    assert str(copied) == str(source)
    assert all(a is not b for a, b in zip(copied.nodes, source.nodes))


def test_graph_module_from_a_dict_root_and_its_errors():
    graph = fx.Graph()
    x = graph.placeholder("x")
    lin = graph.call_module("layers.lin", (x,))
    graph.output(lin)
    layer = nn.Linear(2, 1)
    gm = fx.GraphModule({"layers.lin": layer}, graph)
    assert gm.layers.lin is layer and type(gm.layers).__name__ == "Module"
    with pytest.raises(RuntimeError, match="referenced target layers.lin but that target was"):
        fx.GraphModule({}, graph)


# -- running and rewriting -------------------------------------------------------------------
def test_interpreter_records_activations_and_transformer_rewrites():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    gm = fx.symbolic_trace(model)

    class Recorder(fx.Interpreter):
        def run_node(self, n):
            result = super().run_node(n)
            if n.op == "call_module":
                seen[n.target] = result
            return result
    seen = {}
    x = ember.randn(5, 3)
    assert ember.equal(Recorder(gm).run(x), model(x))
    assert list(seen) == ["0", "1", "2"]
    assert ember.equal(seen["1"], ember.relu(model[0](x)))

    class ReluToTanh(fx.Transformer):
        def call_module(self, target, args, kwargs):
            if isinstance(self.submodules[target], nn.ReLU):
                return self.tracer.create_proxy("call_function", ember.tanh, args, kwargs)
            return super().call_module(target, args, kwargs)
    new = ReluToTanh(gm).transform()
    assert type(new).__name__ == "GraphModule"
    assert ember.allclose(new(x), model[2](ember.tanh(model[0](x))))
    with pytest.raises(RuntimeError, match="Expected positional argument for parameter input"):
        fx.Interpreter(gm).run()


def test_shape_prop_records_tensor_metadata():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten())
    gm = fx.symbolic_trace(model)
    ShapeProp(gm).propagate(ember.randn(2, 1, 5, 5))
    metas = {n.name: n.meta["tensor_meta"] for n in gm.graph.nodes}
    assert isinstance(metas["_0"], TensorMetadata)
    assert tuple(metas["_0"].shape) == (2, 2, 3, 3) and metas["_0"].stride == (18, 9, 3, 1)
    assert metas["_1"].dtype is ember.float32 and metas["_1"].requires_grad
    assert metas["input_1"].memory_format is ember.contiguous_format
    assert next(iter(gm.graph.nodes)).meta["type"] is ember.Tensor


def test_replace_pattern_matches_and_rewrites():
    def f(x, w):
        y = ember.relu(x) + 1
        return ember.relu(y) * 2 + ember.sigmoid(w)

    def pattern(a):
        return ember.relu(a) + 1

    def replacement(a):
        return ember.tanh(a) - 1
    gm = fx.symbolic_trace(f)
    matches = fx.replace_pattern(gm, pattern, replacement)
    assert len(matches) == 1
    assert [(k.name, v.name) for k, v in matches[0].nodes_map.items()] == \
        [("add", "add"), ("relu", "relu"), ("a", "x")]
    x, w = ember.randn(3), ember.randn(3)
    assert ember.allclose(gm(x, w), ember.relu(ember.tanh(x) - 1) * 2 + ember.sigmoid(w))
    assert "tanh" in gm.code and "relu = " not in gm.code


@requires_torch
def test_replace_pattern_names_like_torch():
    source = """
        def model(x, w):
            y = torch.relu(x) + 1
            return torch.relu(y) * 2 + torch.sigmoid(w)
        inputs = ()
    """
    def rewritten(library):
        def pattern(a):
            return library.relu(a) + 1

        def replacement(a):
            return library.neg(a) - 1
        gm = _run(source, library)[2]
        matches = library.fx.replace_pattern(gm, pattern, replacement)
        return repr(matches), gm.code.replace("ember", "torch")
    assert rewritten(ember) == rewritten(TORCH)


# -- gradients, copies, pickling -------------------------------------------------------------
def test_gradcheck_through_a_traced_model():
    ember.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)).double()
    gm = fx.symbolic_trace(model)
    x = ember.randn(2, 3, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(gm, (x,))
    assert gm(x).grad_fn.name() == model(x).grad_fn.name()


def test_a_graph_module_trains_exactly_like_its_module():
    ember.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    twin = copy.deepcopy(model)
    gm = fx.symbolic_trace(twin)
    data, target = ember.randn(16, 4), ember.randint(0, 3, (16,))
    optimizers = [ember.optim.Adam(m.parameters(), lr=0.01) for m in (model, gm)]
    for _ in range(3):
        losses = []
        for module, optimizer in zip((model, gm), optimizers):
            optimizer.zero_grad()
            loss = F.cross_entropy(module(data), target)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        assert losses[0] == losses[1]
        assert ember.equal(model[0].weight.grad, gm.get_submodule("0").weight.grad)
    assert list(gm.state_dict()) == list(model.state_dict())


def test_deepcopy_and_pickle_give_working_graph_modules():
    model = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
    gm = fx.symbolic_trace(model)
    x = ember.randn(2, 3)
    clone = copy.deepcopy(gm)
    assert clone.code == gm.code and ember.equal(clone(x), gm(x))
    assert clone.get_submodule("0").weight is not gm.get_submodule("0").weight
    buffer = io.BytesIO()
    pickle.dump(gm, buffer)
    buffer.seek(0)
    loaded = pickle.load(buffer)
    # pickled tensors come back on the device pickle gives them (the CPU for the stand-in's)
    device = loaded.get_submodule("0").weight.device
    assert loaded.code == gm.code and ember.equal(loaded(x.to(device)).cpu(), gm(x).cpu())
    assert ember.equal(loaded.state_dict()["0.bias"].cpu(), model[0].bias.detach().cpu())


def test_tracing_leaves_ember_functions_on_their_fast_path():
    code = ("import ember, ember.fx, ember._subclass as s; "
            "ember.fx.symbolic_trace(lambda x: ember.nn.functional.softmax(x, -1)); "
            "print(s._live[0]); ember.fx.symbolic_trace(ember.nn.Linear(2, 2)); "
            "print(s._live[0])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def test_import_ember_does_not_import_fx():
    code = "import sys, ember; print('ember.fx' in sys.modules); ember.fx; " \
           "print('ember.fx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True"]


# -- inference rewrites ----------------------------------------------------------------------
def _fused(library):
    library.manual_seed(0)
    nn_ = library.nn
    model = nn_.Sequential(nn_.Conv2d(1, 2, 3), nn_.BatchNorm2d(2), nn_.ReLU(), nn_.Flatten(),
                           nn_.Linear(18, 2), nn_.BatchNorm1d(2))
    model(library.randn(4, 1, 5, 5))
    model.eval()
    from importlib import import_module
    fused = import_module(f"{library.__name__}.fx.experimental.optimization").fuse(model)
    return model, fused


def test_fuse_folds_batchnorm_into_conv_and_linear():
    model, fused = _fused(ember)
    assert [name for name, _ in fused.named_children()] == ["0", "2", "3", "4"]
    x = ember.randn(3, 1, 5, 5)
    assert ember.allclose(fused(x), model(x), atol=1e-5)
    assert model[1].training is False and len(model) == 6  # the model itself is left alone
    with pytest.raises(AssertionError, match="Fusion only for eval!"):
        fx.experimental.optimization.fuse(model.train())


@requires_torch
@pytest.mark.filterwarnings("ignore:`torch.jit.script_method` is deprecated:DeprecationWarning")
def test_fuse_prints_what_torch_prints():
    assert str(_fused(ember)[1]).replace("ember", "torch") == str(_fused(TORCH)[1])


def test_every_public_name_of_torch_fx():
    """The names ``torch.fx`` exports (its submodules aside), listed from torch 2.13."""
    names = ["CodeGen", "Graph", "GraphModule", "Interpreter", "Node", "PH", "Proxy",
             "ProxyableClassMeta", "Tracer", "Transformer", "has_side_effect", "map_arg",
             "replace_pattern", "symbolic_trace", "wrap"]
    assert [name for name in names if not hasattr(fx, name)] == []
    if TORCH is not None:
        import inspect
        theirs = sorted(name for name in dir(TORCH.fx) if not name.startswith("_") and
                        not inspect.ismodule(getattr(TORCH.fx, name)))
        assert theirs == names
