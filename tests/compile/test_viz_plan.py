"""ember.viz.plan: a compiled plan drawn as ember.viz.graph draws an eager graph: one box per
recorded call, arrows along the data, the pieces around a guarded read, the backward."""
from __future__ import annotations

import re

import pytest

import ember
from ember import nn


def _nodes_and_edges(source):
    nodes = dict(re.findall(r'^\s+(\w+) \[label="((?:[^"\\]|\\.)*)"', source, re.MULTILINE))
    edges = re.findall(r"^\s+(\w+) -> (\w+);", source, re.MULTILINE)
    return nodes, edges


def _first_lines(nodes):
    return {key: label.split("\\n")[0] for key, label in nodes.items()}


def test_a_plan_is_drawn_call_by_call_along_the_data():
    compiled = ember.compile(lambda x: (x * 2).sin())
    compiled(ember.ones(3))
    picture = ember.viz.plan(compiled)
    nodes, edges = _nodes_and_edges(picture.source)
    names = _first_lines(nodes)
    by_name = {name: key for key, name in names.items()}
    assert sorted(names.values()) == ["input 0", "multiply", "output 0", "sin"]
    assert picture.num_nodes == 4
    assert set(edges) == {(by_name["input 0"], by_name["multiply"]),
                          (by_name["multiply"], by_name["sin"]),
                          (by_name["sin"], by_name["output 0"])}
    assert nodes[by_name["sin"]] == "sin\\n(3,) float32"


def test_a_module_plan_names_its_parameters_and_draws_the_backward():
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU())
    compiled = ember.compile(model)
    compiled(ember.randn(4, 3)).sum().backward()
    replayed = compiled(ember.randn(4, 3))  # a tensor the plan computed draws its plan
    assert ember.viz.plan(replayed).num_nodes == ember.viz.plan(compiled).num_nodes
    nodes, edges = _nodes_and_edges(ember.viz.plan(compiled).source)
    names = set(_first_lines(nodes).values())
    assert {"input 0", "0.weight", "0.bias", "matmul", "maximum", "grad of output 0",
            "grad → 0.weight", "grad → 0.bias"} <= names
    assert "grad → input 0" not in names  # the input does not require grad
    assert "cluster_plan1_backward" in ember.viz.plan(compiled).source
    assert "cluster_plan1_backward" not in ember.viz.plan(compiled, backward=False).source
    # Every box is reached by an arrow or is an input of the plan.
    reached = {target for _, target in edges}
    starts = {k for k, v in _first_lines(nodes).items() if v in ("input 0", "0.weight",
                                                               "0.bias", "grad of output 0")}
    assert set(nodes) == reached | starts


def test_each_path_through_a_guard_is_a_plan_of_pieces():
    def branchy(x):
        y = x * 2
        return y.relu().sum() if y.sum() > 0 else (y * y).sum()

    compiled = ember.compile(branchy)
    for sign in (1.0, -1.0):
        compiled(ember.ones(3) * sign)
    source = ember.viz.plan(compiled).source
    nodes, _ = _nodes_and_edges(source)
    guards = [v for v in nodes.values() if v.startswith("guard:")]
    assert guards == ["guard: a Python number read from a tensor (.item())"] * 2
    assert {"cluster_plan1_piece2", "cluster_plan2_piece2"} <= set(
        re.findall(r"subgraph (\w+)", source))


def test_plan_refuses_what_compile_did_not_make():
    with pytest.raises(TypeError, match="expected what ember.compile returned"):
        ember.viz.plan(lambda x: x)
    with pytest.raises(ValueError, match="not computed by a compiled region"):
        ember.viz.plan(ember.ones(2))
