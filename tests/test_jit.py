"""ember.jit: the TorchScript names eager programs call behave as torch's do outside a script.

Each check runs the same code with ember and with torch (where torch is importable) and compares
what a program can observe: results, reprs, state_dict keys, parameter sharing, training flags,
errors and warnings. What ember cannot honour (TorchScript IR, torch's archives) raises
RuntimeError.
"""
from __future__ import annotations

import copy
import io
import warnings

import pytest
from conftest import TORCH, requires_torch, seeded_on_cpu

import ember

LIBS = [pytest.param(ember, id="ember"),
        pytest.param(TORCH, id="torch", marks=requires_torch)]


def _net(lib):
    nn = lib.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 2)
            self.bn = nn.BatchNorm1d(2)
            self.scale = 3.0

        def forward(self, x):
            if lib.jit.is_scripting():
                return self.fc(x)
            return self.bn(self.fc(x)) * self.scale

    return seeded_on_cpu(lib, 0, Net)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return fn(*args, **kwargs)


def _observe_scripted(lib, make):
    """What a program sees of a scripted or traced module: reprs, keys, sharing, flags."""
    net = _net(lib)
    x = lib.arange(12.0).reshape(4, 3)
    scripted = _quiet(make, lib, net, x)
    out = {"repr": repr(scripted).replace("torch.", "ember."),
           "keys": list(scripted.state_dict()),
           "shared": scripted.fc.weight is net.fc.weight
           and scripted.bn.running_mean is net.bn.running_mean,
           "module": isinstance(scripted, lib.nn.Module),
           "script_module": isinstance(scripted, lib.jit.ScriptModule),
           "original_name": scripted.original_name,
           "same_out": bool((scripted(x) == net(x)).all())}
    scripted.eval()
    out["flags"] = (net.training, net.bn.training, scripted.training, scripted.bn.training)
    if make is _script:
        # A trace freezes BatchNorm's training branch in torch; ember's trace does not (see
        # ember.jit.trace), so only the scripted module's eval output is compared.
        out["eval_out"] = scripted(x).detach().cpu().numpy().round(5).tolist()
    return out


def _script(lib, net, x):
    return lib.jit.script(net)


def _trace(lib, net, x):
    return lib.jit.trace(net, x)


@requires_torch
@pytest.mark.parametrize("make", [_script, _trace], ids=["script", "trace"])
def test_scripted_and_traced_modules_look_like_torchs(make):
    assert _observe_scripted(ember, make) == _observe_scripted(TORCH, make)


@pytest.mark.parametrize("lib", LIBS)
def test_is_scripting_is_false_and_is_tracing_only_during_the_example_run(lib):
    seen = []

    def body(x):
        seen.append(lib.jit.is_tracing())
        return x * 2

    assert lib.jit.is_scripting() is False and lib.jit.is_tracing() is False
    traced = _quiet(lib.jit.trace, body, lib.ones(2), check_trace=False)
    assert seen == [True]
    assert traced(lib.tensor([1.0, 3.0])).tolist() == [2.0, 6.0]
    # torch replays the recorded graph; ember runs the Python body again, eagerly.
    assert seen == ([True, False] if lib is ember else [True])


def test_scripted_module_trains_the_original_weights():
    net = _net(ember)
    scripted = _quiet(ember.jit.script, net)
    before = net.fc.weight.detach().clone()
    optimizer = ember.optim.SGD(scripted.parameters(), lr=0.1)
    scripted(ember.randn(5, 3)).pow(2).sum().backward()
    optimizer.step()
    assert not bool((net.fc.weight == before).all())
    assert scripted.fc.weight is net.fc.weight
    clone = copy.deepcopy(scripted)
    assert clone.fc.weight is not net.fc.weight
    assert clone(ember.ones(2, 3)).tolist() == scripted(ember.ones(2, 3)).tolist()
    fresh = _net(ember)
    scripted.load_state_dict(fresh.state_dict())
    assert bool((net.fc.weight == fresh.fc.weight).all())


def double_plus(x, y: float):
    return x * 2 + y


@pytest.mark.parametrize("lib", LIBS)
def test_scripted_function_runs_and_names_itself(lib):
    scripted = _quiet(lib.jit.script, double_plus)
    assert isinstance(scripted, lib.jit.ScriptFunction)
    assert scripted(lib.tensor([1.0]), 0.5).tolist() == [2.5]
    assert scripted.name == "double_plus"
    assert _quiet(lib.jit.script, scripted) is scripted


@requires_torch
@pytest.mark.parametrize("name", ["script", "trace", "freeze", "save", "load", "fork"])
def test_deprecation_warnings_as_torch_2_13(name):
    def run(lib):
        calls = {"script": lambda: lib.jit.script(lib.nn.ReLU()),
                 "trace": lambda: lib.jit.trace(lambda x: x + 1, lib.ones(1)),
                 "freeze": lambda: lib.jit.freeze(_quiet(lib.jit.script, lib.nn.ReLU()).eval()),
                 "save": lambda: lib.jit.save(_quiet(lib.jit.script, lib.nn.ReLU()),
                                              io.BytesIO()),
                 "load": lambda: lib.jit.load(io.BytesIO(b"not an archive")),
                 "fork": lambda: lib.jit.fork(abs, -1)}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                calls[name]()
            except RuntimeError:
                pass
        return [(w.category, str(w.message).split("`")[1].split(".")[-1]) for w in caught
                if issubclass(w.category, DeprecationWarning)]

    ours, theirs = run(ember), run(TORCH)
    assert ours and {ours[0]} <= set(theirs)


def test_torchscript_code_graph_and_function_archives_are_refused():
    scripted = _quiet(ember.jit.script, ember.nn.Linear(2, 2))
    for action in (lambda: scripted.code, lambda: scripted.graph,
                   lambda: _quiet(ember.jit.script, double_plus).save("f.pt"),
                   lambda: _quiet(ember.jit.save, _quiet(ember.jit.script, double_plus),
                                  io.BytesIO())):
        with pytest.raises(RuntimeError, match=r"no TorchScript compiler.*ember\.save"):
            action()


def test_jit_load_refuses_what_jit_save_did_not_write():
    with pytest.raises(RuntimeError, match="reads back only files ember.jit.save wrote"):
        _quiet(ember.jit.load, io.BytesIO(b"not an archive"))
    checkpoint = io.BytesIO()
    ember.save({"weight": ember.ones(2)}, checkpoint)
    checkpoint.seek(0)
    with pytest.raises(RuntimeError, match="no TorchScript compiler, so it cannot read"):
        _quiet(ember.jit.load, checkpoint)


class _TaggerBody:
    """A module with a traced child; the classes below are module-level, as ember's archive
    pickles the module's class by reference."""

    def __init__(self, lib):
        super().__init__()
        self.fc = lib.nn.Linear(3, 2)
        self.act = _quiet(lib.jit.trace, lib.nn.Tanh(), lib.ones(2))
        self.register_buffer("calls", lib.zeros((), dtype=lib.int64))

    def forward(self, x):
        return self.act(self.fc(x))


class _EmberTagger(_TaggerBody, ember.nn.Module):
    pass


if TORCH is not None:
    class _TorchTagger(_TaggerBody, TORCH.nn.Module):
        pass


def _round_trip(lib, make):
    """Save a scripted or traced module with an extra file and load it back: what a program
    sees of the loaded module."""
    tagger = _EmberTagger if lib is ember else _TorchTagger
    net = seeded_on_cpu(lib, 0, lambda: tagger(lib))
    net.eval()
    x = lib.arange(6.0).reshape(2, 3)
    buffer = io.BytesIO()
    _quiet(lib.jit.save, _quiet(make, lib, net, x), buffer, _extra_files={"meta.txt": "v1"})
    buffer.seek(0)
    extra = {"meta.txt": ""}
    loaded = _quiet(lib.jit.load, buffer, _extra_files=extra)
    return {"type": type(loaded).__name__, "repr": repr(loaded).replace(tagger.__name__, "T"),
            "kinds": [type(m).__name__ for m in loaded.modules()],
            "keys": list(loaded.state_dict()), "extra": extra,
            "same_out": bool((loaded(x) == net(x)).all()),
            "fresh": loaded.fc.weight is not net.fc.weight,
            "flags": (loaded.training, loaded.fc.training),
            "grad": loaded.fc.weight.requires_grad}


@requires_torch
@pytest.mark.parametrize("make", [_script, _trace], ids=["script", "trace"])
def test_jit_save_load_round_trip_looks_like_torchs(make):
    assert _round_trip(ember, make) == _round_trip(TORCH, make)
def _message(lib, fn):
    with pytest.raises(Exception) as info:
        _quiet(fn, lib)
    return type(info.value), str(info.value).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("case", [
    lambda lib: lib.jit.trace(lambda x: x, [1.0]),
    lambda lib: lib.jit.trace(lambda x, y: x, (lib.ones(1), 2)),
    lambda lib: lib.jit.freeze(lib.nn.ReLU()),
    lambda lib: lib.jit.freeze(lib.jit.script(lib.nn.ReLU())),
    lambda lib: lib.jit.script(3),
], ids=["float-list", "int-in-tuple", "freeze-plain", "freeze-training", "script-int"])
def test_errors_as_torch(case):
    assert _message(ember, case) == _message(TORCH, case)


@requires_torch
@pytest.mark.parametrize("value, annotation", [
    ([1, 2], list[int]), ([1, "a"], list[int]), ([], list[str]), ((1, 2.0), tuple[int, float]),
    ((1,), tuple[int, int]), (None, int | None), (3, int | None),
    ("a", int | str), ({"a": 1}, dict[str, int]), ({"a": "b"}, dict[str, int]),
    ([[1], [2]], list[list[int]]), (1.0, int), (True, int),
])
def test_jit_isinstance_matches_torch(value, annotation):
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        answer = ember.jit.isinstance(value, annotation)
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        expected = TORCH.jit.isinstance(value, annotation)
    assert answer == expected
    assert [str(w.message).replace("torch.", "ember.") for w in ours] == \
        [str(w.message).replace("torch.", "ember.") for w in theirs]


def test_jit_isinstance_sees_tensors():
    assert ember.jit.isinstance({"w": ember.ones(1)}, dict[str, ember.Tensor])
    assert not ember.jit.isinstance({"w": 1.0}, dict[str, ember.Tensor])


@pytest.mark.parametrize("lib", LIBS)
def test_decorators_keep_the_function(lib):
    def plus_one(x):
        return x + 1

    with pytest.warns(FutureWarning, match=r"ignore\(True\) has been deprecated.*unused"):
        dropping = lib.jit.ignore(drop=True)
    for decorator in (lib.jit.ignore, lib.jit.ignore(drop=False), dropping, lib.jit.unused,
                      lib.jit.export):
        assert decorator(plus_one)(1) == 2
    assert lib.jit.annotate(list[int], []) == []
    assert lib.jit.Attribute(3, int) == (3, int) and lib.jit.Attribute(3, int).value == 3
    assert lib.jit.Final is not None
    assert _quiet(lib.jit.wait, _quiet(lib.jit.fork, plus_one, 1)) == 2


def test_ignore_refuses_what_is_neither_bool_nor_function():
    with pytest.raises(RuntimeError, match="must be a bool or a function but got 3"):
        ember.jit.ignore(3)


def test_script_unwraps_jit_attributes_as_torch_does():
    module = ember.nn.Module()
    module.words = ember.jit.Attribute([], list[str])
    scripted = _quiet(ember.jit.script, module)
    assert scripted.words == [] and isinstance(module.words, ember.jit.Attribute)


@requires_torch
def test_trace_module_and_optimize_for_inference_run_like_torch():
    def run(lib):
        net = seeded_on_cpu(lib, 0, lambda: lib.nn.Sequential(lib.nn.Linear(3, 3),
                                                              lib.nn.ReLU()))
        x = lib.arange(6.0).reshape(2, 3)
        traced = _quiet(lib.jit.trace_module, net, {"forward": x})
        fast = _quiet(lib.jit.optimize_for_inference, _quiet(lib.jit.script, net))
        return traced(x).tolist(), fast(x).tolist(), repr(traced).replace("torch.", "ember.")

    assert run(ember) == run(TORCH)


def test_deprecation_warnings_are_torchs_and_hidden_by_default_filters():
    """Each TorchScript entry point warns as torch 2.13's does, and the warning is attributed
    to ember's jit module (as torch's to its own), so Python's default filters, which show
    DeprecationWarnings only from __main__, keep it out of a user's output."""
    import os

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ember.jit.script(lambda x: x * 2)
        ember.jit.trace(lambda x: x * 2, ember.ones(2))
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert messages == [
        "`ember.jit.script` is deprecated. Please switch to `ember.compile` or `ember.export`.",
        "`ember.jit.trace` is deprecated. Please switch to `ember.compile` or `ember.export`."]
    jit_dir = os.path.dirname(ember.jit.__file__)
    assert all(os.path.dirname(w.filename) == jit_dir for w in caught
               if w.category is DeprecationWarning)
    if TORCH is not None:
        with warnings.catch_warnings(record=True) as theirs:
            warnings.simplefilter("always")
            TORCH.jit.trace(lambda x: x * 2, TORCH.ones(2))
        assert messages[1].replace("ember", "torch") in [str(w.message) for w in theirs]


def test_jit_load_puts_the_tensors_on_map_location():
    buffer = io.BytesIO()
    _quiet(ember.jit.save, _quiet(ember.jit.script, ember.nn.Linear(2, 2)), buffer)
    buffer.seek(0)
    loaded = _quiet(ember.jit.load, buffer, map_location="cpu")
    assert {str(p.device) for p in loaded.parameters()} == {"cpu"}


def _nested(lib):
    """Scripting or tracing a module whose children were scripted or traced already: torch
    keeps those children (the same objects) and converts only the plain ones."""
    parent = lib.nn.Sequential(lib.nn.Linear(2, 2),
                               _quiet(lib.jit.trace, lib.nn.Linear(2, 2), lib.ones(1, 2)),
                               _quiet(lib.jit.script, lib.nn.ReLU()))
    out = []
    for whole in (_quiet(lib.jit.script, parent),
                  _quiet(lib.jit.trace, parent, lib.ones(1, 2))):
        out.append(([getattr(whole, str(k)) is parent[k] for k in range(3)], repr(whole),
                    [type(child).__name__ for child in whole.children()]))
    return out


@requires_torch
def test_scripting_keeps_children_scripted_or_traced_already():
    assert _nested(ember) == _nested(TORCH)
