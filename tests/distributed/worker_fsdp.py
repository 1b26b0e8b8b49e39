"""Run on N ranks: FullyShardedDataParallel against single-process training on the whole batch.

Usage: worker_fsdp.py CASE; CASE is train, mixed, features or single (one rank). Every rank
also trains the reference model on the whole batch, so each can check itself.
"""
import functools
import sys
import warnings

import numpy as np

import ember
import ember.distributed as dist
from ember import nn
from ember.distributed.fsdp import (FullStateDictConfig, FullyShardedDataParallel as FSDP,
                                    MixedPrecision, ShardingStrategy, StateDictType)
from ember.distributed.fsdp.wrap import (ModuleWrapPolicy, enable_wrap,
                                         size_based_auto_wrap_policy, wrap)
from ember.nn import functional as F

dist.init_process_group("mpi")
rank, size = dist.get_rank(), dist.get_world_size()
case = sys.argv[1]
per_rank = 3


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.norm = nn.Linear(8, 12), nn.Linear(12, 8), nn.LayerNorm(8)

    def forward(self, x):
        return x + self.l2(F.gelu(self.l1(self.norm(x))))


def model(seed=0):
    ember.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 8), Block(), Block(), nn.Linear(8, 2))


def batch(step):
    generator = ember.Generator().manual_seed(100 + step)
    return (ember.randn(per_rank * size, 5, generator=generator),
            ember.randn(per_rank * size, 2, generator=generator))


def mine(t):
    return t[rank * per_rank:(rank + 1) * per_rank]


def assert_close(name, got, expected, rtol=1e-5, atol=1e-6):
    got, expected = np.asarray(got.detach().double()), np.asarray(expected.detach().double())
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{name} on rank {rank}: {got.shape} vs {expected.shape}, "
                             f"max difference {np.abs(got - expected).max()}")


def train(wrapped, steps=5, clip=0.3):
    """Train the wrapped model on this rank's rows and a reference on all rows; compare."""
    reference = model()
    opt = ember.optim.AdamW(wrapped.parameters(), lr=1e-2, weight_decay=0.1)
    ref_opt = ember.optim.AdamW(reference.parameters(), lr=1e-2, weight_decay=0.1)
    for step in range(steps):
        x, y = batch(step)
        loss = F.mse_loss(wrapped(mine(x)), mine(y))
        opt.zero_grad()
        loss.backward()
        norm = wrapped.clip_grad_norm_(clip)
        opt.step()
        ref_loss = F.mse_loss(reference(x), y)
        ref_opt.zero_grad()
        ref_loss.backward()
        ref_norm = nn.utils.clip_grad_norm_(reference.parameters(), clip)
        ref_opt.step()
        assert_close(f"step {step} gradient norm", norm, ref_norm)
    state = wrapped.state_dict()
    expected = reference.state_dict()
    assert list(state) == list(expected), (list(state), list(expected))
    for name in expected:
        assert_close(name, state[name], expected[name])
    osd = FSDP.optim_state_dict(wrapped, opt)
    names = dict(reference.named_parameters())
    for name, values in osd["state"].items():
        ref_state = ref_opt.state[names[name]]
        for key in ("exp_avg", "exp_avg_sq"):
            assert_close(f"{name} {key}", values[key], ref_state[key], atol=1e-8)
        assert float(values["step"]) == float(ref_state["step"])
    assert sorted(osd["state"]) == sorted(names)
    return opt, osd


if case == "train":
    policies = {
        "full_shard": dict(auto_wrap_policy=ModuleWrapPolicy({Block})),
        "orig_params": dict(auto_wrap_policy=ModuleWrapPolicy({Block}), use_orig_params=True),
        "no_shard": dict(sharding_strategy=ShardingStrategy.NO_SHARD),
        "grad_op": dict(sharding_strategy=ShardingStrategy.SHARD_GRAD_OP,
                        auto_wrap_policy=functools.partial(size_based_auto_wrap_policy,
                                                           min_num_params=100)),
    }
    for label, kwargs in policies.items():
        wrapped = FSDP(model(), **kwargs)
        opt, osd = train(wrapped)
        # resuming from the saved state in a fresh wrapped model continues identically
        state = wrapped.state_dict()
        again = FSDP(model(seed=7), **kwargs)
        again.load_state_dict(state)
        again_opt = ember.optim.AdamW(again.parameters(), lr=1e-2, weight_decay=0.1)
        FSDP.optim_state_dict_to_load(again, again_opt, osd, load_directly=True)
        x, y = batch(99)
        for m, o in ((wrapped, opt), (again, again_opt)):
            o.zero_grad()
            F.mse_loss(m(mine(x)), mine(y)).backward()
            o.step()
        final, resumed = wrapped.state_dict(), again.state_dict()
        for name in final:
            assert_close(f"{label} resumed {name}", resumed[name], final[name], 0, 0)
    print(f"rank {rank}/{size}: train ok", flush=True)

elif case == "mixed":
    wrapped = FSDP(model(), auto_wrap_policy=ModuleWrapPolicy({Block}),
                   mixed_precision=MixedPrecision(param_dtype=ember.float64,
                                                  reduce_dtype=ember.float64))
    x, y = batch(0)
    out = wrapped(mine(x))  # float32 inputs are cast to the compute dtype at the root
    assert out.dtype == ember.float64, out.dtype
    F.mse_loss(out, mine(y).double()).backward()
    for p in wrapped.parameters():
        assert p.dtype == ember.float32 and p.grad.dtype == ember.float32, (p.dtype, p.grad)
    reference = model().double()
    F.mse_loss(reference(x.double()), y.double()).backward()
    with FSDP.summon_full_params(wrapped, with_grads=True):
        for (name, p), q in zip(wrapped.named_parameters(), reference.parameters()):
            assert_close(f"mixed grad {name}", p.grad, q.grad, 1e-5, 1e-7)
    print(f"rank {rank}/{size}: mixed ok", flush=True)

elif case == "features":
    # sync_module_states: rank 0's initial values reach every rank
    synced = FSDP(model(seed=rank), sync_module_states=True)
    for name, value in synced.state_dict().items():
        assert_close(f"synced {name}", value, model(seed=0).state_dict()[name], 0, 0)
    # ignored modules keep their own whole parameters, outside the shards
    base = model()
    wrapped = FSDP(base, ignored_modules=[base[3]])
    names = [n for n, _ in wrapped.named_parameters()]
    assert names == ["_fsdp_wrapped_module._flat_param", "_fsdp_wrapped_module.3.weight",
                     "_fsdp_wrapped_module.3.bias"], names
    # a model built on the meta device is materialised by param_init_fn
    with ember.device("meta"):
        meta = model()

    def init(module):
        module.to_empty(device="cpu")
        for m in module.modules():
            if isinstance(m, nn.Linear):
                nn.init.constant_(m.weight, 0.25)
                nn.init.zeros_(m.bias)
    materialised = FSDP(meta, param_init_fn=init)
    assert materialised.state_dict()["3.weight"].eq(0.25).all()
    # enable_wrap / wrap, and apply() writing back into the shards
    with enable_wrap(wrapper_cls=FSDP, use_orig_params=True):
        manual = wrap(nn.Sequential(wrap(nn.Linear(5, 8)), nn.Linear(8, 2)))
    assert isinstance(manual[0], FSDP) and manual._use_orig_params
    assert wrap(nn.Linear(2, 2)).__class__ is nn.Linear  # outside enable_wrap: unchanged
    manual.apply(lambda m: nn.init.ones_(m.weight) if isinstance(m, nn.Linear) else None)
    assert all(v.eq(1).all() for k, v in manual.state_dict().items() if k.endswith("weight"))
    # rank0_only full state dicts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        with FSDP.state_dict_type(wrapped, StateDictType.FULL_STATE_DICT,
                                  FullStateDictConfig(offload_to_cpu=True, rank0_only=True)):
            state = wrapped.state_dict()
        assert (len(state) == 16) if rank == 0 else (state == {}), list(state)
        with FSDP.state_dict_type(wrapped, StateDictType.SHARDED_STATE_DICT):
            try:
                wrapped.state_dict()
            except NotImplementedError as error:
                assert "SHARDED_STATE_DICT" in str(error), error
            else:
                raise AssertionError("sharded state dict should be refused")
    # the checkpoint helpers: whole dicts, with cpu_offload on rank 0 only
    from ember.distributed.checkpoint.state_dict import (StateDictOptions, get_state_dict,
                                                         set_state_dict)
    # (not on `wrapped`: the ignored module's parameters train apart on each rank)
    sharded = FSDP(model(), auto_wrap_policy=ModuleWrapPolicy({Block}))
    optimizer = ember.optim.Adam(sharded.parameters(), lr=0.1)
    x, y = batch(0)
    F.mse_loss(sharded(mine(x)), mine(y)).backward()
    optimizer.step()
    model_state, optim_state = get_state_dict(
        sharded, optimizer, options=StateDictOptions(full_state_dict=True, cpu_offload=True))
    if rank == 0:
        assert len(model_state) == 16 and len(optim_state["state"]) == 16, list(optim_state)
    else:
        assert model_state == {} and optim_state == {}
    try:
        get_state_dict(sharded, optimizer)
    except NotImplementedError as error:
        assert "full_state_dict=True" in str(error), error
    else:
        raise AssertionError("a sharded state dict should be refused")
    whole = StateDictOptions(full_state_dict=True)
    model_state, optim_state = get_state_dict(sharded, optimizer, options=whole)
    fresh = FSDP(model(seed=3), auto_wrap_policy=ModuleWrapPolicy({Block}))
    fresh_optimizer = ember.optim.Adam(fresh.parameters(), lr=0.1)
    set_state_dict(fresh, fresh_optimizer, model_state_dict=model_state,
                   optim_state_dict=optim_state, options=whole)
    restored = fresh.state_dict()
    for name, value in model_state.items():
        assert_close(f"restored {name}", restored[name], value, 0, 0)
    restored_optim = FSDP.optim_state_dict(fresh, fresh_optimizer)
    for name, values in optim_state["state"].items():
        assert_close(f"restored {name} exp_avg", restored_optim["state"][name]["exp_avg"],
                     values["exp_avg"], 0, 0)
    # a distributed checkpoint written by every rank, read back by every rank
    import ember.distributed.checkpoint as dcp
    directory = sys.argv[2]
    written = dcp.save({"model": model_state, "optim": optim_state, "step": 5},
                       checkpoint_id=directory)
    # every rank returns once rank 0 has written the files, with the checkpoint's metadata
    assert sorted(written.state_dict_metadata)[:2] == ["model.0.bias", "model.0.weight"], written
    empty_state, empty_optim = get_state_dict(fresh, fresh_optimizer, options=whole)
    empty_state = {k: ember.zeros_like(v) for k, v in empty_state.items()}
    box = {"model": empty_state, "optim": empty_optim, "step": 0}
    dcp.load(box, checkpoint_id=directory)
    assert box["step"] == 5
    for name, value in model_state.items():
        assert_close(f"checkpointed {name}", box["model"][name], value, 0, 0)
    # summon_full_params(with_grads=True) shows whole gradients and leaves the shards' own
    orig = FSDP(model(), use_orig_params=True)
    x, y = batch(1)
    F.mse_loss(orig(mine(x)), mine(y)).backward()
    before = [None if p.grad is None else p.grad.clone() for p in orig.parameters()]
    with FSDP.summon_full_params(orig, with_grads=True):
        shapes = [tuple(p.grad.shape) for p in orig.parameters()]
    assert shapes == [tuple(p.shape) for p in model().parameters()], shapes
    after = [p.grad for p in orig.parameters()]
    assert all((a is None) == (b is None) for a, b in zip(before, after))
    for a, b in zip(before, after):
        if a is not None:
            assert_close("gradient kept", b, a, 0, 0)
    # strict loading names the unwrapped keys
    try:
        wrapped.load_state_dict({"0.weight": ember.zeros(8, 5)})
    except RuntimeError as error:
        assert 'Missing key(s) in state_dict: "0.bias", "1.l1.weight"' in str(error), error
        assert "_fsdp_wrapped_module" not in str(error), error
    else:
        raise AssertionError("missing keys should raise")
    # inner units refuse root-only calls; mixed dtypes cannot share one flat parameter
    nested = FSDP(model(), auto_wrap_policy=ModuleWrapPolicy({Block}))
    try:
        nested[1].clip_grad_norm_(1.0)
    except RuntimeError as error:
        assert "root FSDP instance" in str(error)
    else:
        raise AssertionError("inner clip_grad_norm_ should raise")
    try:
        FSDP(nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2).double()))
    except ValueError as error:
        assert "uniform dtype" in str(error), error
    else:
        raise AssertionError("mixed dtypes should raise")
    print(f"rank {rank}/{size}: features ok", flush=True)

elif case == "single":
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wrapped = FSDP(model())
    assert any("switching to use `NO_SHARD` instead of ShardingStrategy.FULL_SHARD" in
               str(w.message) for w in caught), [str(w.message) for w in caught]
    assert wrapped.sharding_strategy == ShardingStrategy.NO_SHARD
    train(wrapped, steps=3)
    print(f"rank {rank}/{size}: single ok", flush=True)
