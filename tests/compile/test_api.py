"""ember.compile's API: torch's signature, the OptimizedModule wrapper, Module.compile, and the
compiler/_dynamo namespaces, each compared with torch where it is observable without running
torch's compiler."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember
from ember import nn


@pytest.fixture(autouse=True)
def _keep_torchs_validation_default():
    """torch.compile switches off torch.distributions' argument validation for the whole
    process; put it back so later oracle tests see torch's default."""
    if TORCH is None:
        yield
        return
    previous = TORCH.distributions.Distribution._validate_args
    yield
    TORCH.distributions.Distribution.set_default_validate_args(previous)


class TinyGPTish(nn.Module):
    """Enough of nanoGPT's shape: embeddings, a block, a head, and a method beside forward."""

    def __init__(self, vocab=11, dim=8):
        super().__init__()
        self.wte = nn.Embedding(vocab, dim)
        self.ln = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)
        self.block_size = 4

    def forward(self, idx, targets=None):
        logits = self.head(self.ln(self.wte(idx)))
        if targets is None:
            return logits, None
        loss = nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss

    def get_num_params(self):
        return sum(p.numel() for p in self.parameters())


def _lib(name):
    return ember if name == "ember" else TORCH


def _structure(lib):
    return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 2))


@requires_torch
def test_wrapper_matches_torchs_structure():
    ours, theirs = ember.compile(_structure(ember)), TORCH.compile(_structure(TORCH))
    assert type(ours).__name__ == type(theirs).__name__ == "OptimizedModule"
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert repr(ours) == repr(theirs)
    assert isinstance(ours, ember._dynamo.OptimizedModule)


@pytest.mark.parametrize("lib", ["ember", pytest.param("torch", marks=requires_torch)])
def test_wrapper_forwards_attributes_and_modes(lib):
    torch = _lib(lib)
    model = _structure(torch)
    opt = torch.compile(model)
    assert opt._orig_mod is model
    with pytest.raises(TypeError, match="'OptimizedModule' object is not subscriptable"):
        opt[0]
    assert opt.training and model.training
    opt.eval()
    assert not model.training and not opt.training
    opt.train()
    assert model.training
    opt.extra_flag = 7
    assert model.extra_flag == 7 and "extra_flag" not in opt.__dict__
    assert [p is q for p, q in zip(opt.parameters(), model.parameters())] == [True] * 4
    with pytest.raises(AttributeError, match="'Sequential' object has no attribute 'missing'"):
        _ = opt.missing


def test_wrapper_runs_its_own_hooks_and_the_modules():
    model = TinyGPTish()
    opt = ember.compile(model)
    seen = []
    outer = opt.register_forward_hook(lambda mod, args, out: seen.append(type(mod).__name__))
    inner = model.register_forward_hook(lambda mod, args, out: seen.append(type(mod).__name__))
    opt(ember.tensor([[1, 2, 3]]))
    assert seen == ["TinyGPTish", "OptimizedModule"]
    outer.remove()
    inner.remove()
    assert opt.get_num_params() == model.get_num_params()
    assert opt.block_size == 4


def test_nanogpt_style_training_save_and_load_uncompiled():
    """compile, train, save the compiled model's state_dict, strip '_orig_mod.' as nanoGPT does
    and load it into a fresh uncompiled model: same losses as eager all along."""
    ember.manual_seed(0)
    eager = TinyGPTish()
    compiled_base = TinyGPTish()
    compiled_base.load_state_dict(eager.state_dict())
    model = ember.compile(compiled_base)
    opts = [ember.optim.AdamW(m.parameters(), lr=1e-2) for m in (eager, model)]
    gen = np.random.default_rng(0)
    for _ in range(4):
        idx = ember.tensor(gen.integers(0, 11, (2, 4)))
        targets = ember.tensor(gen.integers(0, 11, (2, 4)))
        losses = []
        for m, opt in zip((eager, model), opts):
            _, loss = m(idx, targets)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert losses[0] == losses[1]
    state = model.state_dict()
    assert all(k.startswith("_orig_mod.") for k in state)
    unwanted_prefix = "_orig_mod."
    for k in list(state):
        if k.startswith(unwanted_prefix):
            state[k[len(unwanted_prefix):]] = state.pop(k)
    fresh = TinyGPTish()
    fresh.load_state_dict(state)
    for (name, p), q in zip(fresh.named_parameters(), eager.parameters()):
        assert np.array_equal(p.detach().cpu().numpy(), q.detach().cpu().numpy()), name


def test_module_compile_in_place():
    model = nn.Linear(3, 2)
    x = ember.randn(4, 3)
    before = model(x)
    assert model.compile() is None
    assert type(model) is nn.Linear and list(model.state_dict()) == ["weight", "bias"]
    assert model._compiled_call_impl is not None
    assert np.array_equal(model(x).detach().cpu().numpy(), before.detach().cpu().numpy())


def test_decorator_forms_and_function_identity():
    @ember.compile
    def double(x):
        return x * 2

    @ember.compile(mode="reduce-overhead", fullgraph=True)
    def triple(x):
        return x * 3

    def plain(x):
        return x

    assert double.__name__ == "double" and double.__wrapped__ is not None
    assert double(ember.ones(2)).tolist() == [2.0, 2.0]
    assert triple(ember.ones(2)).tolist() == [3.0, 3.0]
    assert ember.compile(plain, disable=True) is plain
    model = nn.Linear(1, 1)
    assert ember.compile(model, disable=True) is model


@requires_torch
@pytest.mark.parametrize("kwargs", [{"backend": "nope"}, {"mode": "fast"},
                                    {"mode": "default", "options": {"a": 1}}])
def test_bad_settings_raise_torchs_errors(kwargs):
    errors = []
    for lib in (ember, TORCH):
        with pytest.raises(Exception) as info:
            lib.compile(lambda x: x, **kwargs)
        errors.append(info.value)
    ours, theirs = errors
    assert type(ours).__name__ == type(theirs).__name__
    assert isinstance(ours, RuntimeError) and isinstance(theirs, RuntimeError)
    assert str(ours) == str(theirs).replace("torch.", "ember.")


@requires_torch
def test_not_callable_raises_like_torch():
    for lib in (ember, TORCH):
        with pytest.raises(AssertionError, match="A callable function is expected, but "
                                                 "<class 'int'> is provided."):
            lib.compile(5)


@requires_torch
def test_namespaces_hold_torchs_names():
    for name in ["reset", "is_compiling", "is_dynamo_compiling", "is_exporting", "disable",
                 "allow_in_graph", "assume_constant_result", "list_backends", "set_stance",
                 "cudagraph_mark_step_begin", "compile"]:
        assert hasattr(TORCH.compiler, name) and callable(getattr(ember.compiler, name)), name
    for name in ["reset", "explain", "OptimizedModule", "disable", "allow_in_graph",
                 "is_compiling", "list_backends", "mark_dynamic", "maybe_mark_dynamic",
                 "mark_static", "graph_break"]:
        assert hasattr(TORCH._dynamo, name) and hasattr(ember._dynamo, name), name
    for lib in (ember, TORCH):
        config = lib._dynamo.config
        assert (config.recompile_limit, config.cache_size_limit) == (8, 8)
        config.cache_size_limit = 3
        assert config.recompile_limit == 3
        config.recompile_limit = 8
        assert config.accumulated_recompile_limit == 256
        for exc in ("Unsupported", "InvalidBackend", "UserError", "TorchDynamoException"):
            assert issubclass(getattr(lib._dynamo.exc, exc), RuntimeError)
    assert ember.compiler.list_backends() == TORCH.compiler.list_backends()
    assert ember.compiler.is_compiling() is TORCH.compiler.is_compiling() is False


@requires_torch
def test_list_backends_with_tags_excluded_or_not():
    """The debugging backends (eager, aot_eager...) are left out by default and listed when no
    tag is excluded, as torch lists them; each listed one compiles."""
    everything = ember._dynamo.list_backends(exclude_tags=())
    for name in ("eager", "aot_eager", "inductor", "openxla_eval"):
        assert name in everything and name in TORCH._dynamo.list_backends(exclude_tags=())
    for exclude in (("debug",), ("experimental",), ("debug", "experimental")):
        listed = ember._dynamo.list_backends(exclude_tags=exclude)
        assert set(listed) <= set(TORCH._dynamo.list_backends(exclude_tags=exclude)), exclude
    assert "eager" not in ember._dynamo.list_backends(exclude_tags=("debug",))
    assert "openxla_eval" in ember._dynamo.list_backends(exclude_tags=("debug",))
    for name in everything:
        assert ember.compile(lambda x: x * 2, backend=name)(ember.ones(2)).tolist() == [2.0, 2.0]


def test_disable_and_stance_run_eagerly():
    calls = []

    @ember.compiler.disable
    def helper(x):
        calls.append(ember.compiler.is_compiling())
        return x + 1

    assert helper(ember.ones(1)).tolist() == [2.0] and calls == [False]
    with pytest.raises(RuntimeError, match="invalid torch.compile stance 'nope'"):
        ember.compiler.set_stance("nope")
    with ember.compiler.set_stance("force_eager"):
        assert ember.compile(lambda x: x - 1)(ember.ones(1)).tolist() == [0.0]


def test_the_first_compile_turns_distribution_checks_off_for_the_process_as_torch_does():
    from ember._compile import api
    api._first_compile.cache_clear()
    ember.distributions.Distribution.set_default_validate_args(True)
    ember.compile(lambda x: x * 2, disable=True)  # a disabled compile leaves them on
    with pytest.raises(ValueError):
        ember.distributions.Normal(0.0, -1.0)
    ember.compile(nn.Linear(2, 2))
    assert ember.distributions.Distribution._validate_args is False
    assert ember.distributions.Normal(0.0, -1.0).scale.item() == -1.0
    # Turned back on by the user, they stay on through later compiles, as in torch.
    ember.distributions.Distribution.set_default_validate_args(True)
    nn.Linear(2, 2).compile()
    with pytest.raises(ValueError):
        ember.distributions.Normal(0.0, -1.0)


@requires_torch
def test_torch_turns_distribution_checks_off_at_its_first_compile():
    """The torch fact the test above follows (a fresh process: torch's switch happens once)."""
    import subprocess
    import sys
    code = ("import torch\nd = torch.distributions.Distribution\na = d._validate_args\n"
            "torch.compile(lambda x: x, disable=True)\nb = d._validate_args\n"
            "torch.compile(torch.nn.Linear(2, 2))\nc = d._validate_args\n"
            "d.set_default_validate_args(True)\ntorch.compile(torch.nn.Linear(2, 2))\n"
            "print(a, b, c, d._validate_args)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=600).stdout.split()
    assert out == ["True", "True", "False", "True"]
