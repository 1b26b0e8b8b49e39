"""export.ShapesCollection and export.AdditionalInputs against torch: the specs they build, their
errors, and what ember's static-shape export does with them."""
from __future__ import annotations

import pytest
from conftest import CPU_CAPTURE, TORCH, cpu_only, requires_torch

import ember


def _modules(m):
    class Nested(m.nn.Module):
        def forward(self, x, others):
            return x.sum() + others[0].sum()

    class Pair(m.nn.Module):
        def forward(self, x, y):
            return x.sum() + y.sum()
    return Nested(), Pair()


def _collection_spec(m):
    nested, _ = _modules(m)
    x, y, z = m.ones(4, 3), m.ones(2), m.ones(5)
    shapes = m.export.ShapesCollection()
    shapes[x] = (m.export.Dim.STATIC, 3)
    shapes[y] = {0: m.export.Dim.STATIC}
    return (repr(shapes[x]), repr(shapes[z]), repr(shapes.dynamic_shapes(nested, (x, [y, z]))),
            repr(shapes.dynamic_shapes(nested, (), {"x": x, "others": [y, z]})))


def _additional_spec(m):
    _, pair = _modules(m)
    more = m.export.AdditionalInputs()
    more.add((m.ones(6, 3), m.ones(2)))
    more.add((m.ones(4, 3), m.ones(2)), {})
    ints = m.export.AdditionalInputs()
    ints.add((m.ones(4, 3), 3))
    same = m.export.AdditionalInputs()
    same.add((m.ones(4, 3), m.ones(2)))
    return (repr(more.dynamic_shapes(pair, (m.ones(4, 3), m.ones(2)))),
            repr(ints.dynamic_shapes(pair, (m.ones(4, 3), 2))),
            repr(same.dynamic_shapes(pair, (m.ones(4, 3), m.ones(2)))))


@requires_torch
@pytest.mark.parametrize("build", [_collection_spec, _additional_spec])
def test_specs_match_torch(build):
    assert build(ember) == tuple(text.replace("torch.", "ember.") for text in build(TORCH))


def _bad(m):
    nested, pair = _modules(m)
    stray, kept = m.export.ShapesCollection(), m.ones(9)  # kept alive: the key is its id
    stray[kept] = (3,)
    return [lambda: m.export.ShapesCollection().__setitem__(1, (2,)),
            lambda: (kept, stray.dynamic_shapes(nested, (m.ones(4, 3), [m.ones(2)]))),
            lambda: m.export.AdditionalInputs().add([1]),
            lambda: m.export.AdditionalInputs().add((1,), [2])]


@requires_torch
@pytest.mark.parametrize("case", range(4))
def test_errors_match_torch(case):
    with pytest.raises(Exception) as theirs:
        _bad(TORCH)[case]()
    with pytest.raises(Exception) as ours:
        _bad(ember)[case]()
    assert ours.type is theirs.type
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@cpu_only(CPU_CAPTURE)
def test_export_takes_a_static_collection_and_refuses_a_dynamic_one():
    _, pair = _modules(ember)
    x, y = ember.ones(4, 3), ember.ones(2)
    shapes = ember.export.ShapesCollection()
    shapes[x] = (ember.export.Dim.STATIC, ember.export.Dim.STATIC)
    ep = ember.export.export(pair, (x, y), dynamic_shapes=shapes)
    assert ep.module()(2 * x, y).item() == 26.0
    more = ember.export.AdditionalInputs()
    more.add((ember.ones(6, 3), y))
    with pytest.raises(ember._dynamo.exc.UserError, match="static shapes"):
        ember.export.export(pair, (x, y), dynamic_shapes=more)


@cpu_only(CPU_CAPTURE)
def test_verify_runs_the_program_on_each_added_input():
    _, pair = _modules(ember)
    ep = ember.export.export(pair, (ember.ones(4, 3), ember.ones(2)))
    same = ember.export.AdditionalInputs()
    same.add((ember.zeros(4, 3), ember.ones(2)))
    assert same.verify(ep) is None
    other = ember.export.AdditionalInputs()
    other.add((ember.ones(6, 3), ember.ones(2)))
    with pytest.raises(AssertionError, match="Guard failed"):
        other.verify(ep)
