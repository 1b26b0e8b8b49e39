"""State dicts of wrapped models and their optimizers under the plain model's names.

``get_model_state_dict(model)`` gives the same keys whether ``model`` is a plain module, a
DistributedDataParallel (no ``module.`` prefix), a FullyShardedDataParallel (no
``_fsdp_wrapped_module.``) or a compiled module (no ``_orig_mod.``); the optimizer's state is
keyed by those names instead of by position. The ``set_*`` functions load such dicts back.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..._tensor import Tensor

__all__ = ["StateDictOptions", "get_model_state_dict", "get_optimizer_state_dict",
           "get_state_dict", "set_model_state_dict", "set_optimizer_state_dict",
           "set_state_dict"]


@dataclass
class StateDictOptions:
    """How the state dicts are made and loaded.

    full_state_dict: whole tensors (for a sharded model: gathered; required for FSDP here).
    cpu_offload: tensors on the CPU; with full_state_dict, only rank 0 gets them and the other
        ranks get empty dicts.
    ignore_frozen_params: leave out parameters with ``requires_grad=False``.
    strict: loading requires the keys to match.
    broadcast_from_rank0: loading takes rank 0's dicts (the other ranks may pass empty ones).
    flatten_optimizer_state_dict: one level of dotted keys (``state.<fqn>.<key>``,
        ``param_groups.<fqn>.<key>``), as checkpoint writers of flat dicts want.
    """

    full_state_dict: bool = False
    cpu_offload: bool = False
    ignore_frozen_params: bool = False
    keep_submodule_prefixes: bool = True
    strict: bool = True
    broadcast_from_rank0: bool = False
    flatten_optimizer_state_dict: bool = False
    dsd_fqn_modifiers: str = "_fqn_modifiers"


def _wrapper_attribute(module):
    """The attribute under which a wrapper keeps the module it wraps, or None."""
    from ...nn.parallel import DistributedDataParallel
    from ..fsdp import FullyShardedDataParallel
    if isinstance(module, DistributedDataParallel):
        return "module"
    if isinstance(module, FullyShardedDataParallel):
        return "_fsdp_wrapped_module"
    name = type(module).__name__
    if name == "OptimizedModule":
        return "_orig_mod"
    if name == "CheckpointWrapper":
        return "_checkpoint_wrapped_module"
    return None


def _clean_prefixes(model):
    """id(module) -> its dotted prefix in the unwrapped model ('' for the top)."""
    prefixes = {}

    def visit(module, prefix):
        if id(module) in prefixes:
            return
        prefixes[id(module)] = prefix
        skip = _wrapper_attribute(module)
        for name, child in module._modules.items():
            if child is not None:
                visit(child, prefix if name == skip else prefix + name + ".")
    visit(model, "")
    return prefixes


def _raw_to_clean(model):
    """state_dict key as the model spells it -> the unwrapped model's key."""
    prefixes = _clean_prefixes(model)
    mapping = {}
    for raw_prefix, module in model.named_modules(remove_duplicate=False):
        raw = raw_prefix + "." if raw_prefix else ""
        for name in list(module._parameters) + list(module._buffers):
            mapping[raw + name] = prefixes[id(module)] + name
    return mapping


def _param_names(model):
    """id(parameter) -> the unwrapped model's name for it."""
    prefixes = _clean_prefixes(model)
    names = {}
    for module in model.modules():
        for name, param in module._parameters.items():
            if param is not None:
                names.setdefault(id(param), prefixes[id(module)] + name)
    return names


def _fsdp_root(model):
    from ..fsdp import FullyShardedDataParallel
    roots = FullyShardedDataParallel.fsdp_modules(model, root_only=True)
    if not roots:
        return None
    if len(roots) > 1 or roots[0] is not model:
        raise NotImplementedError("ember's state-dict helpers take a FullyShardedDataParallel "
                                  "model only when the model itself is the root FSDP unit")
    return roots[0]


def _check_full(fsdp, options):
    if fsdp is not None and not options.full_state_dict:
        raise NotImplementedError("a sharded state dict of a FullyShardedDataParallel model "
                                  "needs DTensor, which ember does not have: pass "
                                  "options=StateDictOptions(full_state_dict=True)")


def _rank():
    from .. import distributed_c10d as c10d
    return c10d.get_rank() if c10d.is_initialized() else 0


def _offload(value, options):
    if isinstance(value, Tensor):
        return value.cpu() if options.cpu_offload else value
    if isinstance(value, dict):
        return {k: _offload(v, options) for k, v in value.items()}
    return value


def get_model_state_dict(model, *, submodules=None, options=None):
    """The model's parameters and buffers under the unwrapped model's names."""
    options = options or StateDictOptions()
    fsdp = _fsdp_root(model)
    _check_full(fsdp, options)
    if fsdp is not None:
        state = fsdp.state_dict()
    else:
        mapping = _raw_to_clean(model)
        state = {mapping.get(k, k): v for k, v in model.state_dict().items()}
    if options.ignore_frozen_params:
        names = _param_names(model)
        frozen = {names[id(p)] for p in model.parameters() if not p.requires_grad}
        state = {k: v for k, v in state.items() if k not in frozen}
    if submodules is not None:
        prefixes = _clean_prefixes(model)
        keep = [prefixes[id(m)] for m in submodules]
        state = {k: v for k, v in state.items() if any(k.startswith(p) for p in keep)}
        if not options.keep_submodule_prefixes:
            state = {next(k[len(p):] for p in keep if k.startswith(p)): v
                     for k, v in state.items()}
    if options.full_state_dict and options.cpu_offload and _rank() != 0:
        return {}
    return {k: _offload(v, options) for k, v in state.items()}


def _optimizers(optimizers):
    from ...optim import Optimizer
    return [optimizers] if isinstance(optimizers, Optimizer) else list(optimizers)


def get_optimizer_state_dict(model, optimizers, *, submodules=None, options=None):
    """The optimizers' state keyed by the unwrapped model's parameter names."""
    options = options or StateDictOptions()
    fsdp = _fsdp_root(model)
    _check_full(fsdp, options)
    names = _param_names(model)
    state, groups = {}, []
    for optimizer in _optimizers(optimizers):
        if fsdp is not None:
            from ..fsdp import FullyShardedDataParallel
            saved = FullyShardedDataParallel.optim_state_dict(model, optimizer)
        else:
            saved = optimizer.state_dict()
            params = [p for group in optimizer.param_groups for p in group["params"]]
            saved = {"state": {names[id(params[i])]: v for i, v in saved["state"].items()},
                     "param_groups": [{**g, "params": [names[id(params[i])]
                                                       for i in g["params"]]}
                                      for g in saved["param_groups"]]}
        state.update(saved["state"])
        groups.extend(saved["param_groups"])
    if options.full_state_dict and options.cpu_offload and _rank() != 0:
        return {}
    result = {"state": {k: _offload(v, options) for k, v in state.items()},
              "param_groups": groups}
    if options.flatten_optimizer_state_dict:
        return _flatten(result)
    return result


def get_state_dict(model, optimizers, *, submodules=None, options=None):
    """``(get_model_state_dict(model), get_optimizer_state_dict(model, optimizers))``."""
    return (get_model_state_dict(model, submodules=submodules, options=options),
            get_optimizer_state_dict(model, optimizers, submodules=submodules,
                                     options=options))


def _flatten(osd):
    flat = {}
    for fqn, values in osd["state"].items():
        for key, value in values.items():
            flat[f"state.{fqn}.{key}"] = value
    for group in osd["param_groups"]:
        for fqn in group["params"]:
            for key, value in group.items():
                if key != "params":
                    flat[f"param_groups.{fqn}.{key}"] = value
    return flat


def _unflatten(flat, optimizer, names):
    """The nested form of a flattened optimizer state dict, for ``optimizer``'s parameters."""
    state, groups = {}, []
    for group in optimizer.param_groups:
        fqns = [names[id(p)] for p in group["params"]]
        first = f"param_groups.{fqns[0]}."
        settings = {k[len(first):]: v for k, v in flat.items() if k.startswith(first)}
        for fqn in fqns:
            prefix = f"state.{fqn}."
            values = {k[len(prefix):]: v for k, v in flat.items() if k.startswith(prefix)}
            if values:
                state[fqn] = values
        groups.append({**settings, "params": fqns})
    return {"state": state, "param_groups": groups}


def _from_rank0(value, options):
    if not options.broadcast_from_rank0:
        return value
    from .. import distributed_c10d as c10d
    if not c10d.is_initialized():
        return value
    box = [value if c10d.get_rank() == 0 else None]
    c10d.broadcast_object_list(box, src=0)
    return box[0]


def set_model_state_dict(model, model_state_dict, *, options=None):
    """Load a state dict keyed by the unwrapped model's names; returns the incompatible keys."""
    options = options or StateDictOptions()
    model_state_dict = _from_rank0(model_state_dict, options)
    fsdp = _fsdp_root(model)
    if fsdp is not None:
        _check_full(fsdp, options)
        return fsdp.load_state_dict(model_state_dict, strict=options.strict)
    translated = dict(model_state_dict)
    for raw, clean in _raw_to_clean(model).items():
        if raw == clean:
            continue
        if clean in translated:
            translated[raw] = translated.pop(clean)
        elif options.strict:
            raise RuntimeError(f"Missing key: {clean}.")
    return model.load_state_dict(translated, strict=options.strict)


def set_optimizer_state_dict(model, optimizers, optim_state_dict, *, options=None):
    """Load optimizer state keyed by the unwrapped model's parameter names."""
    options = options or StateDictOptions()
    optim_state_dict = _from_rank0(optim_state_dict, options)
    fsdp = _fsdp_root(model)
    _check_full(fsdp, options)
    names = _param_names(model)
    for optimizer in _optimizers(optimizers):
        nested = optim_state_dict
        if "state" not in nested or "param_groups" not in nested:
            nested = _unflatten(nested, optimizer, names)
        if fsdp is not None:
            from ..fsdp import FullyShardedDataParallel
            FullyShardedDataParallel.optim_state_dict_to_load(model, optimizer, nested,
                                                              load_directly=True)
            continue
        params = [p for group in optimizer.param_groups for p in group["params"]]
        index = {names[id(p)]: i for i, p in enumerate(params)}
        state = {index[fqn]: v for fqn, v in nested["state"].items() if fqn in index}
        groups = []
        for group in optimizer.param_groups:
            fqns = [names[id(p)] for p in group["params"]]
            saved = next((g for g in nested["param_groups"] if set(fqns) <= set(g["params"])),
                         None)
            if saved is None:
                raise ValueError(f"the optimizer state dict has no parameter group holding "
                                 f"{fqns}")
            groups.append({**saved, "params": [index[fqn] for fqn in fqns]})
        optimizer.load_state_dict({"state": state, "param_groups": groups})


def set_state_dict(model, optimizers, *, model_state_dict, optim_state_dict, options=None):
    """``set_model_state_dict`` and ``set_optimizer_state_dict`` in one call."""
    keys = set_model_state_dict(model, model_state_dict, options=options)
    if optim_state_dict:
        set_optimizer_state_dict(model, optimizers, optim_state_dict, options=options)
    return keys
