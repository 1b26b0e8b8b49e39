"""FullyShardedDataParallel: each rank keeps a 1/world-size shard of every parameter.

How one unit works (one FSDP instance; an auto-wrap policy makes several, nested):
  1. At construction the unit lays the parameters it owns (those of its module that no nested
     unit took) end to end in one flat vector, pads it to a multiple of the world size and keeps
     only its rank's chunk: the *shard*. With ``use_orig_params=False`` the shard is one
     Parameter, ``_flat_param``, and the original parameters leave their modules; with
     ``use_orig_params=True`` each original Parameter stays, holding the 1-D piece of itself
     that falls in this rank's shard (possibly empty).
  2. ``forward`` all-gathers the shards into the whole flat vector (``_GatherShards``, an
     autograd Function) and gives each module views of it in the original shapes, then runs.
  3. In backward the gradient of the whole vector reaches ``_GatherShards.backward``, which
     reduce-scatters it: each rank gets its shard of the gradient summed over ranks and divided
     by the world size, as DistributedDataParallel averages. So after ``backward()`` the shard's
     ``.grad`` is this rank's piece of the whole batch's gradient, and the optimizer, built on
     ``model.parameters()``, updates only the shard.

Units run their collectives in the same order on every rank because every rank runs the same
graph. ember keeps a unit's gathered vector until backward has used it (torch frees it after
forward and gathers again in backward): the numbers are the same, the peak memory is not.
"""
from __future__ import annotations

import contextlib
import warnings
from collections import OrderedDict

from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.function import Function
from ...nn.modules.module import Module, _IncompatibleKeys
from ...nn.parameter import Parameter
from ..checkpoint.state_dict import _clean_prefixes, _param_names
from .api import (FullOptimStateDictConfig, FullStateDictConfig, ShardingStrategy,
                  StateDictSettings, StateDictType)
from .wrap import _wrap_targets

__all__ = ["FullyShardedDataParallel"]

_WRAPPED = "_fsdp_wrapped_module"
_STATE_DICT_TYPE_DEPRECATED = (
    "FSDP.state_dict_type() and FSDP.set_state_dict_type() are being deprecated. Please use "
    "APIs, get_state_dict() and set_state_dict(), which can support different parallelisms, "
    "FSDP1, FSDP2, DDP. API doc: https://pytorch.org/docs/stable/distributed.checkpoint.html"
    "#torch.distributed.checkpoint.state_dict.get_state_dict .Tutorial: "
    "https://pytorch.org/tutorials/recipes/distributed_checkpoint_recipe.html .")
_FLAT = "_flat_param"


def _dist():
    from ... import distributed
    return distributed


def _clean(name):
    """A parameter's name as the unwrapped model spells it."""
    return name.replace(_WRAPPED + ".", "").replace("." + _WRAPPED, "").replace(_WRAPPED, "")


def _predivide_factor(world_size):
    """Split the division by the world size into a factor before and one after the sum.

    Dividing before summing keeps low-precision sums from overflowing; the split is the one
    torch uses, so the averaged gradients round the same way.
    """
    factor = 1
    while world_size % factor == 0 and world_size / factor > factor:
        factor *= 2
    return float(factor)


class _Entry:
    """One parameter a unit owns: where it lives and where it sits in the flat vector."""

    __slots__ = ("module", "name", "shape", "numel", "offset", "requires_grad", "param",
                 "aliases")

    def __init__(self, module, name, param, offset):
        self.module, self.name, self.param = module, name, param
        self.shape, self.numel, self.offset = tuple(param.shape), param.numel(), offset
        self.requires_grad = param.requires_grad
        self.aliases = []  # (module, name) of the same Parameter registered elsewhere

    @property
    def places(self):
        """Every (module, name) under which this parameter is registered."""
        return [(self.module, self.name), *self.aliases]


class _GatherShards(Function):
    """Shards in, the whole flat vector out; backward reduce-scatters the vector's gradient."""

    @staticmethod
    def forward(ctx, unit, *shards):
        ctx.unit = unit
        return unit._gather(unit._local_shard(shards, compute=True))

    @staticmethod
    def backward(ctx, grad):
        return (None, *ctx.unit._reduce_gradient(grad))


_GatherShards._backward_cls.__name__ = "FSDPAllGatherBackward"


class FullyShardedDataParallel(Module):
    """Shard a model's parameters, gradients and optimizer state over the ranks of a group.

    Wrap after ``ember.distributed.init_process_group``. Each rank feeds its own part of the
    data; after ``loss.backward()`` the parameters' (sharded) gradients are those of the whole
    batch, averaged over ranks, so training follows single-process training on the whole batch.
    ``auto_wrap_policy`` (see ``ember.distributed.fsdp.wrap``) makes submodules units of their
    own. ``state_dict()`` gives the whole parameters under their original names.

    ember's ranks are MPI processes on one machine; memory is saved between steps (each rank
    holds its shard) but not during a step (a unit's gathered parameters live until backward).
    """

    def __init__(self, module, process_group=None, sharding_strategy=None, cpu_offload=None,
                 auto_wrap_policy=None, backward_prefetch=None, mixed_precision=None,
                 ignored_modules=None, param_init_fn=None, device_id=None,
                 sync_module_states=False, forward_prefetch=False, limit_all_gathers=True,
                 use_orig_params=False, ignored_states=None, device_mesh=None):
        dist = _dist()
        if device_mesh is not None and process_group is not None:
            raise ValueError("Cannot pass both process_group and device_mesh at the "
                             "same time. Please just pass only one of them.")
        if device_mesh is not None:
            process_group = device_mesh.get_group()
        if isinstance(process_group, tuple):
            process_group = process_group[0]  # (intra-node, inter-node): one node here
        group = process_group if process_group is not None \
            else dist.distributed_c10d._default_group()
        super().__init__()
        self.process_group = group
        self.rank, self.world_size = group.rank(), group.size()
        strategy = ShardingStrategy.FULL_SHARD if sharding_strategy is None else sharding_strategy
        if self.world_size == 1 and strategy != ShardingStrategy.NO_SHARD:
            warnings.warn(f"FSDP is switching to use `NO_SHARD` instead of {strategy} since the "
                          "world size is 1.", stacklevel=2)
            strategy = ShardingStrategy.NO_SHARD
        self.sharding_strategy = strategy
        self.cpu_offload, self.backward_prefetch = cpu_offload, backward_prefetch
        self.mixed_precision = mixed_precision
        self.forward_prefetch, self.limit_all_gathers = forward_prefetch, limit_all_gathers
        self._use_orig_params = bool(use_orig_params)
        self._is_root = True
        self._no_sync = False
        self._accumulated = None  # whole-vector gradients kept under no_sync
        self._state_dict_settings = StateDictSettings(
            StateDictType.FULL_STATE_DICT, FullStateDictConfig(), FullOptimStateDictConfig())
        self._unit_kwargs = dict(
            process_group=process_group, sharding_strategy=sharding_strategy,
            cpu_offload=cpu_offload, backward_prefetch=backward_prefetch,
            mixed_precision=mixed_precision, param_init_fn=param_init_fn, device_id=device_id,
            sync_module_states=sync_module_states, forward_prefetch=forward_prefetch,
            limit_all_gathers=limit_all_gathers, use_orig_params=use_orig_params)

        ignored_modules = set(ignored_modules or ())
        ignored_params = set()
        for state in ignored_states or ():
            if isinstance(state, Module):
                ignored_modules.add(state)
            else:
                ignored_params.add(id(state))
        for ignored in ignored_modules:
            ignored_params.update(id(p) for p in ignored.parameters())
        self._ignored_modules, self._ignored_params = ignored_modules, ignored_params

        self._materialize(module, param_init_fn, device_id)
        if sync_module_states:
            with grad_mode.no_grad():
                for tensor in [*module.parameters(), *module.buffers()]:
                    dist.broadcast(tensor, 0, group=group)
        if auto_wrap_policy is not None:
            self._auto_wrap(module, auto_wrap_policy)
        for inner in module.modules():
            if isinstance(inner, FullyShardedDataParallel):
                inner._is_root = False
        Module.__setattr__(self, _WRAPPED, module)
        self._flatten(module)

    # -- construction ------------------------------------------------------------------------
    @staticmethod
    def _materialize(module, param_init_fn, device_id):
        """Give meta-device parameters real storage, and move to ``device_id`` if given."""
        if any(p.device.type == "meta" for p in module.parameters()):
            if param_init_fn is not None:
                param_init_fn(module)
            else:
                module.to_empty(device="cpu")
                with grad_mode.no_grad():
                    for sub in module.modules():
                        if callable(getattr(sub, "reset_parameters", None)):
                            sub.reset_parameters()
        if device_id is not None:
            from ..._device import device as Device
            target = Device(device_id) if not isinstance(device_id, int) \
                else Device("cuda", device_id)
            module.to(target)

    def _auto_wrap(self, module, policy):
        parents = {}
        for parent in module.modules():
            for name, child in parent._modules.items():
                if child is not None:
                    parents.setdefault(id(child), (parent, name))
        for target, overrides in _wrap_targets(module, policy, self._ignored_modules):
            parent, name = parents[id(target)]
            kwargs = {**self._unit_kwargs, **overrides,
                      "ignored_modules": [m for m in self._ignored_modules
                                          if _contains(target, m)]}
            parent._modules[name] = FullyShardedDataParallel(target, **kwargs)

    def _owned_parameters(self, module):
        """(module, name, param) for the parameters this unit owns, in named_parameters order."""
        found, stack = [], [module]
        while stack:
            sub = stack.pop()
            if sub in self._ignored_modules:
                continue
            for name, param in sub._parameters.items():
                if param is not None and id(param) not in self._ignored_params:
                    found.append((sub, name, param))
            stack.extend(reversed([child for child in sub._modules.values()
                                   if child is not None
                                   and not isinstance(child, FullyShardedDataParallel)]))
        return found

    def _flatten(self, module):
        entries, by_id, offset = [], {}, 0
        for sub, name, param in self._owned_parameters(module):
            if id(param) in by_id:
                by_id[id(param)].aliases.append((sub, name))
                continue
            entry = _Entry(sub, name, param, offset)
            by_id[id(param)] = entry
            entries.append(entry)
            offset += entry.numel
        self._entries = entries
        self._numel = offset
        if not entries:
            self._shard_numel = 0
            return
        first = entries[0].param
        for entry in entries[1:]:
            if entry.param.dtype != first.dtype:
                raise ValueError(f"Must flatten tensors with uniform dtype but got "
                                 f"{first.dtype} and {entry.param.dtype}")
            if not self._use_orig_params and entry.requires_grad != entries[0].requires_grad:
                raise ValueError("Must flatten tensors with uniform `requires_grad` when "
                                 "`use_orig_params=False`")
        self._dtype, self._device = first.dtype, first.device
        sharded = self.sharding_strategy != ShardingStrategy.NO_SHARD and self.world_size > 1
        self._sharded = sharded
        padded = -(-offset // self.world_size) * self.world_size if sharded else offset
        self._padded_numel = padded
        self._shard_numel = padded // self.world_size if sharded else offset
        self._shard_start = self.rank * self._shard_numel if sharded else 0
        with grad_mode.no_grad():
            whole = self._zeros(padded)
            for entry in entries:
                whole[entry.offset:entry.offset + entry.numel] = entry.param.detach().reshape(-1)
            shard = whole[self._shard_start:self._shard_start + self._shard_numel].clone()
        if self._use_orig_params:
            for entry in entries:
                entry.param.data = shard[self._in_shard(entry)].clone()
                entry.param.grad = None
            self._install_views(whole, plain=False)
            self._restore_originals()
        else:
            for entry in entries:
                for sub, name in entry.places:
                    del sub._parameters[name]
            flat = Parameter(shard, requires_grad=entries[0].requires_grad)
            module.register_parameter(_FLAT, flat)
            self._install_views(whole, plain=True)

    def _zeros(self, numel, dtype=None):
        from ... import zeros
        return zeros(numel, dtype=self._dtype if dtype is None else dtype, device=self._device)

    def _piece(self, entry):
        """The range of ``entry``'s flattened elements that falls in this rank's shard."""
        start, stop = self._shard_start, self._shard_start + self._shard_numel
        lo = min(max(start - entry.offset, 0), entry.numel)
        hi = max(min(stop - entry.offset, entry.numel), lo)
        return lo, hi

    def _in_shard(self, entry):
        """Where ``entry``'s piece sits in this rank's shard (a slice of the shard)."""
        lo, hi = self._piece(entry)
        at = entry.offset + lo - self._shard_start
        return slice(at, at + hi - lo)

    # -- the flat vector ---------------------------------------------------------------------
    @property
    def _shards(self):
        """The tensors holding this rank's shard: the flat Parameter or the original pieces."""
        if self._use_orig_params:
            return [entry.param for entry in self._entries]
        return [self._fsdp_wrapped_module._parameters[_FLAT]]

    def _local_shard(self, shards, compute=False):
        """This rank's shard as one 1-D tensor (cast to the compute dtype when asked)."""
        if self._use_orig_params:
            shard = self._zeros(self._shard_numel)
            for entry, piece in zip(self._entries, shards):
                shard[self._in_shard(entry)] = piece.detach().reshape(-1)
        else:
            shard = shards[0].detach()
        dtype = getattr(self.mixed_precision, "param_dtype", None)
        if compute and dtype is not None and dtype != shard.dtype:
            shard = shard.to(dtype)
        return shard

    def _gather(self, shard):
        """Every rank's shard, end to end (a new tensor)."""
        if not self._sharded:
            return shard.clone()
        from ... import empty
        whole = empty(self._shard_numel * self.world_size, dtype=shard.dtype,
                      device=shard.device)
        _dist().all_gather_single(whole, shard.contiguous(), group=self.process_group)
        return whole

    def _reduce_gradient(self, grad):
        """Sum the whole vector's gradient over ranks, average, keep this rank's shard."""
        n = len(self._entries) if self._use_orig_params else 1
        grad = grad.detach()
        if self._no_sync:
            self._accumulated = grad.clone() if self._accumulated is None \
                else self._accumulated + grad
            return [None] * n
        if self._accumulated is not None:
            grad, self._accumulated = grad + self._accumulated, None
        precision = self.mixed_precision
        reduce_dtype = None if precision is None else (precision.reduce_dtype
                                                       or precision.param_dtype)
        if reduce_dtype is not None:
            grad = grad.to(reduce_dtype)
        dist = _dist()
        if self.world_size > 1:
            pre = _predivide_factor(self.world_size)
            grad = grad / pre if pre > 1 else grad.clone()
            if self._sharded:
                shard = self._zeros(self._shard_numel, grad.dtype)
                dist.reduce_scatter_single(shard, grad.contiguous(), group=self.process_group)
            else:
                shard = grad.contiguous()
                dist.all_reduce(shard, group=self.process_group)
            post = self.world_size / pre
            if post > 1:
                shard = shard / post
        else:
            shard = grad
        if not (precision is not None and precision.keep_low_precision_grads):
            shard = shard.to(self._dtype)
        if not self._use_orig_params:
            return [shard]
        pieces = []
        for entry in self._entries:
            where = self._in_shard(entry)
            # a parameter with no element in this shard gets no gradient, as in torch
            pieces.append(shard[where].clone()
                          if entry.requires_grad and where.stop > where.start else None)
        return pieces

    def _install_views(self, whole, plain):
        """Give every owned parameter's module a view of ``whole`` in the parameter's shape."""
        for entry in self._entries:
            view = whole[entry.offset:entry.offset + entry.numel].view(entry.shape)
            for sub, name in entry.places:
                if plain:
                    sub.__dict__[name] = view
                else:
                    sub._parameters[name] = view

    def _restore_originals(self):
        for entry in self._entries:
            for sub, name in entry.places:
                sub._parameters[name] = entry.param

    # -- forward -----------------------------------------------------------------------------
    def forward(self, *args, **kwargs):
        precision = self.mixed_precision
        if precision is not None and precision.param_dtype is not None and (
                precision.cast_forward_inputs or
                (self._is_root and precision.cast_root_forward_inputs)):
            args, kwargs = _cast_floats((args, kwargs), precision.param_dtype)
        if not self._entries:
            return self._fsdp_wrapped_module(*args, **kwargs)
        whole = _GatherShards.apply(self, *self._shards)
        self._install_views(whole, plain=not self._use_orig_params)
        try:
            return self._fsdp_wrapped_module(*args, **kwargs)
        finally:
            if self._use_orig_params:
                self._restore_originals()

    # -- attribute access falls through to the wrapped module --------------------------------
    @property
    def module(self):
        """The wrapped module."""
        return self._fsdp_wrapped_module

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self._fsdp_wrapped_module, name)

    def __getitem__(self, key):
        return self._fsdp_wrapped_module.__getitem__(key)

    def check_is_root(self):
        """Whether this instance is not nested inside another FullyShardedDataParallel."""
        return self._is_root

    # -- whole parameters on demand ----------------------------------------------------------
    @staticmethod
    def fsdp_modules(module, root_only=False):
        """Every FullyShardedDataParallel instance in ``module`` (itself included)."""
        units = [m for m in module.modules() if isinstance(m, FullyShardedDataParallel)]
        if root_only:
            inner = {id(m) for unit in units for m in unit.modules() if m is not unit}
            units = [unit for unit in units if id(unit) not in inner]
        return units

    @staticmethod
    @contextlib.contextmanager
    def summon_full_params(module, recurse=True, writeback=True, rank0_only=False,
                           offload_to_cpu=False, with_grads=False):
        """Inside the block, the modules hold their whole parameters under their own names.

        With ``writeback`` (default) changes made to them are kept in the shards on exit.
        """
        if writeback and rank0_only:
            raise ValueError("writeback=True and rank0_only=True is not supported, as model "
                             "parameter shapes will be different across ranks, and writing "
                             "to them can lead to inconsistencies across ranks when the "
                             "context is exited.")
        if offload_to_cpu and not rank0_only:
            warnings.warn("offload_to_cpu=True and rank0_only=False may result in the"
                          "unsharded parameters being redundantly copied to CPU memory for "
                          "GPUs sharing the same CPU memory, which risks CPU OOM. We "
                          "recommend using offload_to_cpu=True with rank0_only=True.",
                          stacklevel=3)
        units = FullyShardedDataParallel.fsdp_modules(module) if recurse else \
            [module] if isinstance(module, FullyShardedDataParallel) else []
        summoned = []
        try:
            for unit in units:
                unit._summon(with_grads)
                summoned.append(unit)
            yield
        finally:
            for unit in reversed(summoned):
                unit._unsummon(writeback)

    def _summon(self, with_grads):
        if not self._entries:
            return
        with grad_mode.no_grad():
            whole = self._gather(self._local_shard(self._shards))
            grads = None
            if with_grads:
                grads = self._gather(self._local_shard(
                    [s.grad if s.grad is not None else s.detach() * 0 for s in self._shards]))
        if not self._use_orig_params:
            wrapped = self._fsdp_wrapped_module
            self.__dict__["_saved_flat"] = wrapped._parameters.pop(_FLAT)
        self._summoned = []
        for entry in self._entries:
            values = whole[entry.offset:entry.offset + entry.numel].view(entry.shape)
            if self._use_orig_params:
                self._summoned.append((entry.param.data, entry.param.grad))
                entry.param.data = values
                param = entry.param
            else:
                param = Parameter(values, requires_grad=entry.requires_grad)
                for sub, name in entry.places:
                    sub.__dict__.pop(name, None)
                    sub._parameters[name] = param
            if grads is not None:
                param.grad = grads[entry.offset:entry.offset + entry.numel].view(entry.shape)

    def _unsummon(self, writeback):
        if not self._entries:
            return
        with grad_mode.no_grad():
            whole = self._zeros(self._padded_numel)
            current = [entry.module._parameters[entry.name] for entry in self._entries]
            for entry, param in zip(self._entries, current):
                whole[entry.offset:entry.offset + entry.numel] = param.detach().reshape(-1)
            if self._use_orig_params:
                for entry, (data, grad) in zip(self._entries, self._summoned):
                    lo, hi = self._piece(entry)
                    entry.param.data = (whole[entry.offset + lo:entry.offset + hi].clone()
                                        if writeback else data)
                    entry.param.grad = grad  # the shard's own gradient, as before the block
                return
            flat = self._saved_flat
            if writeback:
                stop = min(self._shard_start + self._shard_numel, self._numel)
                flat[:stop - self._shard_start] = whole[self._shard_start:stop]
            for entry in self._entries:
                for sub, name in entry.places:
                    sub._parameters.pop(name, None)
            self._fsdp_wrapped_module._parameters[_FLAT] = flat
            del self.__dict__["_saved_flat"]
            self._install_views(whole, plain=True)

    def apply(self, fn):
        """``fn`` on every submodule, with the whole parameters in place (kept afterwards)."""
        if not self._is_root:
            return Module.apply(self, fn)
        with FullyShardedDataParallel.summon_full_params(self, writeback=True):
            Module.apply(self, fn)
        return self

    # -- gradient clipping and accumulation --------------------------------------------------
    def clip_grad_norm_(self, max_norm, norm_type=2.0):
        """Clip the gradients of all shards by their total norm over every rank.

        Returns the total norm (the same on every rank).
        """
        if not self._is_root:
            raise RuntimeError("`clip_grad_norm_()` should only be called on the root FSDP "
                               "instance")
        from ... import float32, linalg, maximum, stack, tensor
        max_norm, norm_type = float(max_norm), float(norm_type)
        sharded = {id(s) for unit in self.fsdp_modules(self) if unit._entries and unit._sharded
                   for s in unit._shards}
        with_grad = [p for p in self.parameters() if p.grad is not None]
        grads = [p.grad for p in with_grad]
        dtype = grads[0].dtype if grads else float32

        def norm_of(tensors):
            norms = [linalg.vector_norm(g.detach(), norm_type, dtype=float32) for g in tensors]
            return linalg.vector_norm(stack(norms), norm_type) if norms else tensor(0.0)
        # shards add up over ranks; replicated (NO_SHARD, ignored) gradients count once
        local = norm_of([p.grad for p in with_grad if id(p) in sharded])
        replicated = norm_of([p.grad for p in with_grad if id(p) not in sharded])
        dist = _dist()
        if norm_type == float("inf"):
            total = local.clone()
            dist.all_reduce(total, op=dist.ReduceOp.MAX, group=self.process_group)
            total = maximum(total, replicated)
        else:
            total = local ** norm_type
            dist.all_reduce(total, group=self.process_group)
            total = (total + replicated ** norm_type) ** (1.0 / norm_type)
        coefficient = (max_norm / (total + 1e-6)).clamp(max=1.0)
        with grad_mode.no_grad():
            for g in grads:
                g.mul_(coefficient.to(g.dtype))
        return total.to(dtype) if grads else total

    @contextlib.contextmanager
    def no_sync(self):
        """Inside the block, backward accumulates gradients on this rank without communicating;
        the first backward after it reduces them together with its own."""
        if not self._is_root:
            raise RuntimeError("`no_sync()` on inner FSDP instances is not supported. Please "
                               "call `no_sync()` on root FSDP module.")
        units = self.fsdp_modules(self)
        for unit in units:
            unit._no_sync = True
        try:
            yield
        finally:
            for unit in units:
                unit._no_sync = False

    def register_comm_hook(self, state, hook):
        raise NotImplementedError("ember's FullyShardedDataParallel reduces gradients with MPI "
                                  "and takes no communication hook")

    # -- state dicts -------------------------------------------------------------------------
    @staticmethod
    def set_state_dict_type(module, state_dict_type, state_dict_config=None,
                            optim_state_dict_config=None):
        """Set the form of ``state_dict()`` for every unit in ``module``; returns the old one."""
        warnings.warn(_STATE_DICT_TYPE_DEPRECATED, FutureWarning, stacklevel=2)
        return FullyShardedDataParallel._set_state_dict_type(
            module, state_dict_type, state_dict_config, optim_state_dict_config)

    @staticmethod
    def _set_state_dict_type(module, state_dict_type, state_dict_config,
                             optim_state_dict_config):
        from .api import (LocalOptimStateDictConfig, LocalStateDictConfig,
                          ShardedOptimStateDictConfig, ShardedStateDictConfig)
        defaults = {StateDictType.FULL_STATE_DICT: (FullStateDictConfig,
                                                    FullOptimStateDictConfig),
                    StateDictType.LOCAL_STATE_DICT: (LocalStateDictConfig,
                                                     LocalOptimStateDictConfig),
                    StateDictType.SHARDED_STATE_DICT: (ShardedStateDictConfig,
                                                       ShardedOptimStateDictConfig)}
        config_cls, optim_cls = defaults[state_dict_type]
        settings = StateDictSettings(
            state_dict_type, state_dict_config if state_dict_config is not None else config_cls(),
            optim_state_dict_config if optim_state_dict_config is not None else optim_cls())
        units = FullyShardedDataParallel.fsdp_modules(module)
        previous = units[0]._state_dict_settings if units else None
        for unit in units:
            unit._state_dict_settings = settings
        return previous

    @staticmethod
    def get_state_dict_type(module):
        """The state-dict settings of the units in ``module`` (which must all agree)."""
        units = FullyShardedDataParallel.fsdp_modules(module)
        if not units:
            raise ValueError("No FSDP instance found.")
        settings = units[0]._state_dict_settings
        for unit in units[1:]:
            if unit._state_dict_settings != settings:
                raise AssertionError("All FSDP modules must have the same state_dict settings."
                                     f"Got {unit._state_dict_settings} and {settings}.")
        return settings

    @staticmethod
    @contextlib.contextmanager
    def state_dict_type(module, state_dict_type, state_dict_config=None,
                        optim_state_dict_config=None):
        """Inside the block, ``state_dict()`` of the units in ``module`` takes the given form."""
        units = FullyShardedDataParallel.fsdp_modules(module)
        before = [unit._state_dict_settings for unit in units]
        warnings.warn(_STATE_DICT_TYPE_DEPRECATED, FutureWarning, stacklevel=3)
        FullyShardedDataParallel._set_state_dict_type(module, state_dict_type,
                                                      state_dict_config, optim_state_dict_config)
        try:
            yield
        finally:
            for unit, settings in zip(units, before):
                unit._state_dict_settings = settings

    def _check_full_state_dict(self):
        kind = self._state_dict_settings.state_dict_type
        if kind != StateDictType.FULL_STATE_DICT:
            raise NotImplementedError(f"ember's FullyShardedDataParallel writes and reads "
                                      f"{StateDictType.FULL_STATE_DICT} only, not {kind}: its "
                                      f"sharded and local forms need DTensor/ShardedTensor, "
                                      f"which ember does not have")
        return self._state_dict_settings.state_dict_config

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """The whole model's parameters and buffers under the unwrapped model's names."""
        if _Busy.active:
            return Module.state_dict(self, *args, destination=destination, prefix=prefix,
                                     keep_vars=keep_vars)
        config = self._check_full_state_dict()
        if self.sharding_strategy == ShardingStrategy.NO_SHARD:
            warnings.warn("When using ``NO_SHARD`` for ``ShardingStrategy``, full_state_dict "
                          "will be returned.", stacklevel=2)
        with _Busy(), FullyShardedDataParallel.summon_full_params(self, writeback=False):
            full = Module.state_dict(self, *args, prefix=prefix, keep_vars=False)
        if getattr(config, "rank0_only", False) and self.rank != 0:
            return OrderedDict() if destination is None else destination
        result = OrderedDict() if destination is None else destination
        for key, value in full.items():
            result[_clean(key)] = value.clone()
        metadata = getattr(full, "_metadata", None)
        if metadata is not None and destination is None:
            result._metadata = OrderedDict((_clean(k), v) for k, v in metadata.items())
        return result

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Load whole parameters (as ``state_dict()`` gives them) into the shards."""
        if _Busy.active:
            return Module.load_state_dict(self, state_dict, strict, assign)
        self._check_full_state_dict()
        with _Busy(), FullyShardedDataParallel.summon_full_params(self, writeback=True):
            real = {_clean(key): key for key in Module.state_dict(self, keep_vars=True)}
            translated = OrderedDict((real.get(key, key), value)
                                     for key, value in state_dict.items())
            result = Module.load_state_dict(self, translated, strict=False, assign=assign)
        missing = [_clean(key) for key in result.missing_keys]
        unexpected = [_clean(key) for key in result.unexpected_keys]
        if strict and (missing or unexpected):
            errors = []
            if missing:
                errors.append("Missing key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in missing)))
            if unexpected:
                errors.append("Unexpected key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in unexpected)))
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        return _IncompatibleKeys(missing, unexpected)

    # -- optimizer state ---------------------------------------------------------------------
    @staticmethod
    def optim_state_dict(model, optim, optim_state_dict=None, group=None):
        """The optimizer's state with whole tensors, keyed by the unwrapped parameter names.

        Every rank must call it: the state of each unit is gathered with the same collectives
        on every rank, whichever of its parameters hold state here.
        """
        source = optim.state_dict() if optim_state_dict is None else optim_state_dict
        params = [p for g in optim.param_groups for p in g["params"]]
        index_of = {id(p): i for i, p in enumerate(params)}
        prefixes = _clean_prefixes(model)
        names = _param_names(model)
        gathered = {}
        for unit in FullyShardedDataParallel.fsdp_modules(model):
            if unit._entries:
                gathered.update(unit._gather_optim_state(prefixes, source["state"], index_of))
        state, groups, start = {}, [], 0
        owners = _owners(model)
        for saved_group in source["param_groups"]:
            fqns = []
            for index in range(start, start + len(saved_group["params"])):
                param = params[index]
                owner = owners.get(id(param))
                if owner is None:
                    own = [names[id(param)]]
                    if index in source["state"]:
                        state[own[0]] = dict(source["state"][index])
                else:
                    own = [fqn for _, fqn in owner[0]._fqns(prefixes, owner[1])]
                    for fqn in own:
                        if gathered.get(fqn):
                            state[fqn] = gathered[fqn]
                fqns.extend(own)
            groups.append({**saved_group, "params": fqns})
            start += len(saved_group["params"])
        # torch lists the state unit by unit, by sorted name within a unit of original
        # parameters and in flat-parameter order otherwise
        order = []
        for unit in FullyShardedDataParallel.fsdp_modules(model):
            fqns = [fqn for _, fqn in unit._fqns(prefixes, None)] if unit._entries else []
            order.extend(sorted(fqns) if unit._use_orig_params else fqns)
        state = {**{fqn: state[fqn] for fqn in order if fqn in state},
                 **{fqn: values for fqn, values in state.items() if fqn not in order}}
        settings = FullyShardedDataParallel.get_state_dict_type(model) \
            if FullyShardedDataParallel.fsdp_modules(model) else None
        config = settings.optim_state_dict_config if settings is not None else None
        if getattr(config, "rank0_only", False) and _dist().get_rank(group) != 0:
            return {}
        return {"state": state, "param_groups": groups}

    def _gather_optim_state(self, prefixes, saved, index_of):
        """fqn -> {key: whole tensor or scalar} for this unit's parameters."""
        pairs = (list(zip(self._shards, self._entries)) if self._use_orig_params
                 else [(self._shards[0], None)])
        sharded, scalars = {}, {}
        for param, entry in pairs:
            index = index_of.get(id(param))
            for key, value in saved.get(index, {}).items() if index is not None else ():
                if isinstance(value, Tensor) and value.dim() == 1 and value.shape == param.shape:
                    sharded[key] = value.dtype
                else:
                    for _, fqn in self._fqns(prefixes, entry):
                        scalars.setdefault(fqn, {})[key] = value
        everyone = [None] * self.world_size
        _dist().all_gather_object(everyone, (sharded, scalars), group=self.process_group)
        keys, result = {}, {fqn: {} for _, fqn in self._fqns(prefixes, None)}
        for their_sharded, their_scalars in everyone:
            keys.update(their_sharded)
            for fqn, values in their_scalars.items():
                for key, value in values.items():
                    result[fqn].setdefault(key, value)
        for key in sorted(keys):
            with grad_mode.no_grad():
                shard = self._zeros(self._shard_numel, keys[key])
                for param, entry in pairs:
                    index = index_of.get(id(param))
                    value = saved.get(index, {}).get(key) if index is not None else None
                    if value is None:
                        continue
                    if entry is None:
                        shard.copy_(value)
                    else:
                        shard[self._in_shard(entry)] = value.reshape(-1)
                whole = self._gather(shard)
            for target, fqn in self._fqns(prefixes, None):
                result[fqn][key] = whole[target.offset:target.offset + target.numel] \
                    .view(target.shape).clone()
        for values in result.values():
            for key, value in values.items():
                if isinstance(value, Tensor) and value.dim() == 0:
                    values[key] = value.clone()
        return result

    @staticmethod
    def optim_state_dict_to_load(model, optim, optim_state_dict, is_named_optimizer=False,
                                 load_directly=False, group=None):
        """Turn ``optim_state_dict()``'s form back into what ``optim.load_state_dict`` takes
        on this rank (its shards); with ``load_directly`` it is loaded too."""
        owners = _owners(model)
        prefixes = _clean_prefixes(model)
        names = _param_names(model)
        params = [p for g in optim.param_groups for p in g["params"]]
        full_state = optim_state_dict["state"]
        state = {}
        for index, param in enumerate(params):
            owner = owners.get(id(param))
            if owner is None:
                if names[id(param)] in full_state:
                    state[index] = dict(full_state[names[id(param)]])
                continue
            unit, entry = owner
            fqns = unit._fqns(prefixes, entry)
            saved = [full_state.get(fqn, {}) for _, fqn in fqns]
            if not any(saved):
                continue
            keys = next(s for s in saved if s)
            state[index] = {}
            for key, value in keys.items():
                if isinstance(value, Tensor) and value.dim() >= 1:
                    state[index][key] = unit._shard_state(
                        [(target, s.get(key)) for (target, _), s in zip(fqns, saved)], entry)
                else:
                    state[index][key] = value.clone() if isinstance(value, Tensor) else value
        groups, start = [], 0
        for saved_group, live_group in zip(optim_state_dict["param_groups"], optim.param_groups):
            count = len(live_group["params"])
            groups.append({**saved_group, "params": list(range(start, start + count))})
            start += count
        result = {"state": state, "param_groups": groups}
        if load_directly:
            optim.load_state_dict(result)
        return result

    def _fqns(self, prefixes, entry):
        """(entry, unwrapped name) for each parameter behind one optimizer parameter, given the
        model's unwrapped module prefixes (``_clean_prefixes``)."""
        targets = self._entries if entry is None else [entry]
        return [(target, prefixes[id(target.module)] + target.name) for target in targets]

    def _shard_state(self, pieces, entry):
        """Whole per-parameter state tensors laid out and cut down to this rank's shard."""
        with grad_mode.no_grad():
            dtype = next(v for _, v in pieces if v is not None).dtype
            whole = self._zeros(self._padded_numel, dtype)
            for target, value in pieces:
                if value is not None:
                    whole[target.offset:target.offset + target.numel] = value.reshape(-1)
            if entry is None:
                return whole[self._shard_start:self._shard_start + self._shard_numel].clone()
            lo, hi = self._piece(entry)
            return whole[entry.offset + lo:entry.offset + hi].clone()


class _Busy:
    """Marks a state-dict call in progress, so nested units act as plain modules."""

    active = 0

    def __enter__(self):
        _Busy.active += 1

    def __exit__(self, *exc):
        _Busy.active -= 1


def _contains(module, other):
    return any(m is other for m in module.modules())


def _cast_floats(value, dtype):
    """Every floating tensor inside ``value`` (nested tuples, lists, dicts) cast to ``dtype``."""
    from ...utils._pytree import tree_map_only
    return tree_map_only(Tensor, lambda t: t.to(dtype) if t.is_floating_point() else t, value)


def _owners(model):
    """id(optimizer parameter) -> (unit, entry or None for a whole flat parameter)."""
    owners = {}
    for unit in FullyShardedDataParallel.fsdp_modules(model):
        if not unit._entries:
            continue
        if unit._use_orig_params:
            for entry in unit._entries:
                owners[id(entry.param)] = (unit, entry)
        else:
            owners[id(unit._fsdp_wrapped_module._parameters[_FLAT])] = (unit, None)
    return owners

