"""ember._dynamo's backend registry, disable introspection, polyfills and tracing-policy
switches, compared with torch._dynamo."""
from __future__ import annotations

import operator

import pytest
from conftest import TORCH, requires_torch

import ember


def _modules():
    return [ember] + ([TORCH] if TORCH is not None else [])


@pytest.mark.parametrize("m", _modules(), ids=lambda m: m.__name__)
def test_registered_backend_compiles(m):
    name = "names_test_backend"  # one name in both registries, so list_backends still agree

    def backend(gm, example_inputs):
        return gm
    assert m._dynamo.register_backend(backend, name=name) is backend
    assert m._dynamo.lookup_backend(name) is backend
    assert m.compile(lambda x: x * 2, backend=name)(m.ones(2)).tolist() == [2.0, 2.0]
    assert name in m._dynamo.list_backends(exclude_tags=())
    with pytest.raises(AssertionError, match=f"duplicate name: {name}"):
        m._dynamo.register_backend(backend, name=name)


@requires_torch
def test_lookup_backend_names_and_errors():
    for name in ("eager", "inductor", "aot_eager"):
        assert ember._dynamo.lookup_backend(name).__name__ == \
            TORCH._dynamo.lookup_backend(name).__name__
    assert ember._dynamo.lookup_backend(len) is len
    errors = []
    for m in (ember, TORCH):
        with pytest.raises(Exception) as caught:
            m._dynamo.lookup_backend("nope")
        errors.append((type(caught.value).__name__, str(caught.value).replace("torch.", "ember.")))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("m", _modules(), ids=lambda m: m.__name__)
def test_disable_introspection_and_marks(m):
    def f(x):
        return x
    dyn = m._dynamo
    assert dyn.is_dynamo_disable_recursive(f) is None
    assert dyn.is_dynamo_disable_recursive(dyn.disable(f)) is True
    assert dyn.is_dynamo_disable_recursive(dyn.disable(f, recursive=False)) is False
    assert dyn.forbid_in_graph(f) is f
    with pytest.raises(AssertionError, match="forbid_in_graph applies only to callables"):
        dyn.forbid_in_graph(3)
    assert dyn.nonstrict_trace(f)(5) == 5
    assert dyn.override_optimization_hint(3, 4) is None
    with dyn.override_cudagraphs(fwd=False), dyn.disable_nested_graph_breaks():
        assert dyn.dont_skip_tracing(f)(6) == 6


@pytest.mark.parametrize("m", _modules(), ids=lambda m: m.__name__)
def test_substitute_in_graph(m):
    @m._dynamo.substitute_in_graph(operator.indexOf)
    def index_of(a, b, /):
        raise AssertionError("the polyfill is for tracing; eager calls run the original")
    assert index_of([3, 5], 5) == 1 and index_of.__name__ == "index_of"
    with pytest.raises(TypeError, match="Signature mismatch between <built-in function "
                                        r"indexOf> and .*: \(a, b, /\) != \(a\)"):
        @m._dynamo.substitute_in_graph(operator.indexOf)
        def bad(a):
            return 0
