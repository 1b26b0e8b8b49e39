"""ember.viz: graph pictures (DOT structure, rendering) and explain() derivations."""
from __future__ import annotations

import io
import re
import shutil

import numpy as np
import pytest

import ember
from ember import viz
from ember.viz import _dot

from conftest import INSTALL, TORCH, requires_torch

needs_dot = pytest.mark.skipif(not viz.graphviz_available(),
                               reason=INSTALL["graphviz"])


def seed_graph():
    """The tutorial's composite function: y = a*x^2 + b*x + 1, z = y^2 + 2y at x=1, a=2, b=3."""
    x = ember.tensor(1.0, requires_grad=True)
    a = ember.tensor(2.0, requires_grad=True)
    b = ember.tensor(3.0, requires_grad=True)
    y = a * x**2 + b * x + 1
    z = y**2 + 2 * y
    return x, a, b, y, z


def dot_nodes(source):
    """{node id: label} and [(from, to)] parsed from DOT text."""
    nodes = dict(re.findall(r'^\s+(\w+) \[label="((?:[^"\\]|\\.)*)"', source, re.M))
    edges = re.findall(r"^\s+(\w+) -> (\w+)", source, re.M)
    return nodes, edges


# --- graph ------------------------------------------------------------------------------------

def test_graph_has_one_node_per_grad_fn_with_pytorch_names():
    x, a, b, y, z = seed_graph()
    nodes, edges = dot_nodes(viz.graph(z).source)
    names = sorted(label.split("\\n")[0] for key, label in nodes.items() if key != "output")
    assert names == sorted(["AddBackward0"] * 3 + ["MulBackward0"] * 3 + ["PowBackward0"] * 2
                           + ["a", "b", "x"])
    # 3 adds with 2+1+2 inputs, 3 muls with 2+2+1, 2 pows with 1 each, plus the output edge.
    assert len(edges) == 2 + 1 + 2 + 2 + 2 + 1 + 1 + 1 + 1


def test_graph_edges_follow_the_forward_direction():
    x, a, b, y, z = seed_graph()
    nodes, edges = dot_nodes(viz.graph(z).source)
    by_label = {}
    for key, label in nodes.items():
        by_label.setdefault(label.split("\\n")[0], []).append(key)
    (x_id,) = by_label["x"]
    # x feeds x**2 (PowBackward0) and b*x (MulBackward0), and nothing feeds x.
    targets = sorted(nodes[t].split("\\n")[0] for s, t in edges if s == x_id)
    assert targets == ["MulBackward0", "PowBackward0"]
    assert all(t != x_id for _, t in edges)
    assert ("n0", "output") in edges and nodes["n0"].startswith("AddBackward0")


def test_graph_labels_leaves_values_gradients_and_named_intermediates():
    x, a, b, y, z = seed_graph()
    before = viz.graph(z).source
    assert '"x\\nscalar\\nvalue 1"' in before and "grad" not in before
    assert "→ y" in before
    z.backward()
    after = viz.graph(z).source
    assert '"x\\nscalar\\nvalue 1\\ngrad 98"' in after
    assert "a\\nscalar\\nvalue 2\\ngrad 14" in after
    assert '"z\\nscalar\\nvalue 48"' in after


def test_graph_names_from_params_win_and_values_can_be_hidden():
    w = ember.ones(2, 3, requires_grad=True)
    loss = (w * 2).sum()
    source = viz.graph(loss, params={"weight": w}, show_values=False).source
    assert '"weight\\nshape (2, 3)"' in source
    assert "value" not in source


def test_graph_large_tensors_show_shape_not_values():
    w = ember.ones(10, 10, requires_grad=True)
    source = viz.graph((w * 3).sum()).source
    assert '"w\\nshape (10, 10)"' in source and "value" not in source.split("output")[0]


def test_graph_show_saved_lists_saved_values_and_attributes():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    out = (x ** 3).sum()
    source = viz.graph(out, show_saved=True).source
    assert "saved[0]: (2,)" in source and "exponent=3" in source
    out.backward()
    assert "saved: freed by backward" in viz.graph(out, show_saved=True).source


def test_graph_of_a_leaf_and_of_a_tensor_without_history():
    x = ember.tensor(1.0, requires_grad=True)
    nodes, edges = dot_nodes(viz.graph(x).source)
    assert list(nodes.values()) == ["x\\nscalar\\nvalue 1"] and edges == []
    with pytest.raises(ValueError, match="does not require grad"):
        viz.graph(ember.tensor(1.0))
    with pytest.raises(TypeError, match="ember Tensor"):
        viz.graph(np.ones(2))


def test_graph_walk_is_iterative_on_long_chains():
    x = ember.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y + 1
    graph = viz.graph(y)
    assert graph.num_nodes == 5001
    assert graph.source.count("AddBackward0") == 5000


def test_graph_escapes_quotes_in_names():
    weird = ember.tensor(1.0, requires_grad=True)
    source = viz.graph(weird * 2, params={'say "hi"': weird}).source
    assert 'say \\"hi\\"' in source


@requires_torch
def test_graph_node_names_match_torch():
    t = TORCH.tensor([1.0, 2.0], requires_grad=True)
    e = ember.tensor([1.0, 2.0], requires_grad=True)

    def names(module, v):
        out = (module.sigmoid(v * 2).exp() / 3).mean()
        seen, stack = [], [out.grad_fn]
        while stack:
            node = stack.pop()
            seen.append(node.name().split("::")[-1])  # torch::autograd::AccumulateGrad
            stack.extend(n for n, _ in node.next_functions if n is not None)
        return seen, out

    ours, out = names(ember, e)
    assert ours == names(TORCH, t)[0]
    labels = [label.split("\\n")[0] for label in dot_nodes(viz.graph(out).source)[0].values()]
    assert sorted(labels) == sorted([n if n != "AccumulateGrad" else "e" for n in ours]
                                    + ["out"])


def test_render_without_graphviz_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(_dot.shutil, "which", lambda name: None)
    graph = viz.graph(ember.tensor(1.0, requires_grad=True) * 2)
    with pytest.raises(viz.GraphvizNotFound, match=r'pip install -e ".\[viz\]"') as info:
        graph.render(tmp_path / "g.svg")
    assert "apt-get install graphviz" in str(info.value)
    assert "brew install graphviz" in str(info.value)
    assert graph._repr_svg_() is None
    assert not (tmp_path / "g.svg").exists()


@needs_dot
@pytest.mark.parametrize("extension, magic", [("svg", b"<svg"), ("png", b"\x89PNG"),
                                              ("pdf", b"%PDF")])
def test_render_writes_the_format_of_the_extension(tmp_path, extension, magic):
    x, a, b, y, z = seed_graph()
    path = viz.graph(z).render(tmp_path / f"graph.{extension}")
    data = (tmp_path / f"graph.{extension}").read_bytes()
    assert path.endswith(extension)
    assert magic in data[:400]


@needs_dot
def test_svg_for_jupyter_contains_node_names():
    x, a, b, y, z = seed_graph()
    svg = viz.graph(z)._repr_svg_()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:400]
    assert "PowBackward0" in svg and "AddBackward0" in svg


@needs_dot
def test_render_format_argument_overrides_extension(tmp_path):
    graph = viz.graph(ember.tensor(1.0, requires_grad=True) * 2)
    graph.render(tmp_path / "picture", format="png")
    assert (tmp_path / "picture").read_bytes().startswith(b"\x89PNG")


def test_graphviz_available_needs_the_dot_program(monkeypatch):
    monkeypatch.setattr(_dot.shutil, "which", lambda name: None)
    assert not viz.graphviz_available()
    monkeypatch.setattr(_dot.shutil, "which", shutil.which)


# --- explain ----------------------------------------------------------------------------------

def test_explain_shows_the_chain_rule_with_the_seed_numbers():
    x, a, b, y, z = seed_graph()
    text = viz.explain(z, file=io.StringIO())
    assert "Backward pass of z = 48, starting from dz/dz = 1" in text
    assert "to y: d(y**2)/dy = 2·y = 2·6 = 12" in text
    assert "dz/dy += 1 × 12 = 12" in text
    assert "incoming gradient dz/dy = 2 + 12 = 14" in text
    assert "dz/dx = 42 + 56 = 98" in text
    assert "dz/dx = dz/dy × dy/dx = 14 × 7 = 98" in text
    assert "dz/da = dz/dy × dy/da = 14 × 1 = 14" in text


def test_explain_prints_and_returns_the_same_text(capsys):
    x = ember.tensor(2.0, requires_grad=True)
    y = x**2 + 3 * x + 1
    text = viz.explain(y)
    assert capsys.readouterr().out == text
    assert "dy/dx = 3 + 4 = 7" in text
    assert repr(text).startswith("<explanation:")


def test_explain_does_not_touch_grads_and_matches_backward():
    x, a, b, y, z = seed_graph()
    text = viz.explain(z, file=io.StringIO())
    assert x.grad is None and a.grad is None
    z.backward()
    assert x.grad.item() == 98 and f"dz/dx = 42 + 56 = {x.grad.item():g}" in text


def test_explain_after_backward_says_what_to_do():
    x = ember.tensor(2.0, requires_grad=True)
    y = x ** 3
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        viz.explain(y, file=io.StringIO())
    z = x ** 3
    z.backward(retain_graph=True)
    assert "dz/dx = 12" in viz.explain(z, file=io.StringIO())


def test_explain_tensors_shows_elementwise_products():
    m = ember.ones((2, 2)).requires_grad_()
    c = (m ** 2).mean()
    text = viz.explain(c, file=io.StringIO())
    assert "1/N for every element (N = 4)" in text
    assert "to m: d(m**2)/dm = 2·m = [[2, 2], [2, 2]]" in text
    assert "dc/dm = [[0.5, 0.5], [0.5, 0.5]]" in text


def test_explain_vector_jacobian_product_with_gradient():
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x ** 2
    v = ember.tensor([1.0, 0.1, 0.01])
    text = viz.explain(y, gradient=v, file=io.StringIO())
    assert "starting from dy/dy = [1, 0.1, 0.01]" in text
    assert "dy/dx = [2, 0.4, 0.06]" in text


def test_explain_wrt_restricts_to_paths_leading_there():
    x = ember.tensor(2.0, requires_grad=True)
    w = ember.tensor(5.0, requires_grad=True)
    out = x.exp() + w.sin()
    text = viz.explain(out, wrt=x, file=io.StringIO())
    assert "ExpBackward0" in text and "SinBackward0" not in text
    assert "dout/dw" not in text and "dout/dx = 7.389" in text
    with pytest.raises(ValueError, match="not part of this graph"):
        viz.explain(out, wrt=ember.tensor(1.0, requires_grad=True), file=io.StringIO())


def test_explain_formulas_for_common_ops():
    x = ember.tensor(0.5, requires_grad=True)
    out = ember.tanh(x) + ember.sigmoid(x) + x.log() - x / 4
    text = viz.explain(out, file=io.StringIO())
    assert "1 - tanh²(x)" in text and "σ(x)·(1 - σ(x))" in text and "1/x" in text
    assert "-x/4²" not in text and "1/4" in text


def test_explain_large_tensors_use_rules_not_local_values():
    w = ember.ones(5, 3, requires_grad=True)
    inputs = ember.ones(4, 5)
    loss = (inputs @ w).sum()
    text = viz.explain(loss, file=io.StringIO())
    assert "MmBackward0" in text and "ᵀ @ grad" in text
    assert "dloss/dw = shape (5, 3)" in text


def test_explain_custom_function_uses_its_backward():
    class Cube(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 3 * x ** 2

    x = ember.tensor(2.0, requires_grad=True)
    y = Cube.apply(x)
    text = viz.explain(y, file=io.StringIO())
    assert "CubeBackward's own backward rule = 12" in text
    assert "dy/dx = 12" in text


def test_explain_labels_each_output_of_a_multi_output_node():
    a = ember.tensor([[1.0, 2.0, 3.0, 4.0]], requires_grad=True)
    p, q = a.split(2, dim=1)
    out = (p * q).sum()
    text = viz.explain(out, file=io.StringIO())
    assert "to p: d(p*q)/dp = q = [[3, 4]]" in text
    assert "to q: d(p*q)/dq = p = [[1, 2]]" in text
    assert "[3] SplitBackward0: p, q" in text
    assert "incoming gradient dout/dp = [[3, 4]]" in text
    assert "incoming gradient dout/dq = [[1, 2]]" in text
    assert "dout/da = [[3, 4, 1, 2]]" in text


def test_explain_a_layer_names_parameters_from_params():
    import ember.nn as nn
    ember.manual_seed(0)
    layer = nn.Linear(3, 2)
    loss = layer(ember.ones(4, 3)).sum()
    text = viz.explain(loss, params=dict(layer.named_parameters()), file=io.StringIO())
    assert "AddmmBackward0" in text and "1, summed over the batch" in text
    loss.backward()
    assert f"dloss/dbias = {viz._walk.fmt_value(layer.bias.grad)}" in text
    assert "dloss/dweight = [[4, 4, 4], [4, 4, 4]]" in text


def test_explain_wrt_an_intermediate_stops_there():
    a = ember.tensor(2.0, requires_grad=True)
    b = a * 3
    c = b ** 2
    text = viz.explain(c, wrt=b, file=io.StringIO())
    assert "PowBackward0" in text and "MulBackward0" not in text
    assert text.endswith("Gradients:\n    dc/db = 12\n")
    both = viz.explain(c, wrt=[b, a], file=io.StringIO())
    assert "Gradients:\n    dc/db = 12\n    dc/da = 36\n" in both
    assert "dc/da = dc/db × db/da = 12 × 3 = 36" in both
