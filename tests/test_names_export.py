"""torch.export's remaining names in ember.export: unflatten, draft_export, register_dataclass,
the decomposition table, call-signature records and the pickle protocol."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import CPU_CAPTURE, TORCH, assert_close, cpu_only, requires_torch

import ember
from ember import export


class _Net(ember.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = ember.nn.Linear(2, 3)

    def forward(self, x):
        return self.inner(x).relu()


@cpu_only(CPU_CAPTURE)
def test_unflatten_keeps_the_hierarchy_and_runs_the_program():
    net = _Net()
    x = ember.randn(4, 2)
    program = export.export(net, (x,))
    module = export.unflatten(program)
    assert isinstance(module, export.UnflattenedModule) and isinstance(module, ember.nn.Module)
    assert [name for name, _ in module.named_parameters()] == ["inner.weight", "inner.bias"]
    assert ember.equal(module(x), net(x))
    with pytest.raises(TypeError, match="unflatten expects an ExportedProgram, got _Net"):
        export.unflatten(net)


@cpu_only(CPU_CAPTURE)
def test_draft_export_is_the_export():
    net = _Net()
    x = ember.randn(4, 2)
    program = export.draft_export(net, (x,))
    assert isinstance(program, export.ExportedProgram)
    assert ember.equal(program.module()(x), net(x))


@dataclasses.dataclass
class _Pair:
    first: ember.Tensor
    second: ember.Tensor


def test_register_dataclass_makes_a_pytree_node():
    from ember.utils import _pytree
    export.register_dataclass(_Pair, serialized_type_name="test_names_export._Pair")
    leaves, spec = _pytree.tree_flatten(_Pair(ember.ones(1), ember.zeros(1)))
    assert len(leaves) == 2
    rebuilt = _pytree.tree_unflatten([leaf + 1 for leaf in leaves], spec)
    assert isinstance(rebuilt, _Pair) and rebuilt.first.tolist() == [2.0]
    with pytest.raises(ValueError, match="as it is not a dataclass"):
        export.register_dataclass(int)


@requires_torch
def test_constants_and_records_match_torch():
    assert export.DEFAULT_PICKLE_PROTOCOL == TORCH.export.DEFAULT_PICKLE_PROTOCOL
    table = export.CustomDecompTable()
    assert isinstance(table, dict) and table.materialize() == {}
    entry = export.ModuleCallEntry("inner")
    reference = TORCH.export.ModuleCallEntry("inner")
    assert (entry.fqn, entry.signature) == (reference.fqn, reference.signature)
    assert [f.name for f in dataclasses.fields(export.ModuleCallSignature)] == \
        [f.name for f in dataclasses.fields(TORCH.export.ModuleCallSignature)]


@cpu_only(CPU_CAPTURE)
@requires_torch
def test_unflattened_module_matches_torch():
    ours = _Net()
    theirs = TORCH.nn.Sequential()
    theirs.inner = TORCH.nn.Linear(2, 3)
    theirs.inner.load_state_dict({k: TORCH.tensor(v.numpy()) for k, v in
                                  ours.inner.state_dict().items()})
    x = ember.randn(3, 2)
    mine = export.unflatten(export.export(ours, (x,)))(x)
    reference = TORCH.export.unflatten(TORCH.export.export(
        _TorchNet(theirs.inner), (TORCH.tensor(x.numpy()),)))(TORCH.tensor(x.numpy()))
    assert_close(mine, reference.detach())


class _TorchNet(TORCH.nn.Module if TORCH is not None else object):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x).relu()
