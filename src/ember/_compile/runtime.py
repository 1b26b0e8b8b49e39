"""Capture and replay of one call of a compiled region (see region.py for the overview)."""
from __future__ import annotations

import collections
import functools
import itertools
import math
import sys
import time
import types
import weakref

import numpy as np

from .. import _aten, _subclass
from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import forward_ad, grad_mode
from ..autograd import graph as _graph
from ..autograd.graph import (
    FREED_MESSAGE,
    Node,
    gradient_edge,
    modified_inplace_error,
    run_backward,
)
from . import plan as _plan
from .capture import (
    _KERNEL_FUNCTIONS,
    _OUT_KERNELS,
    _WRITING_FUNCTIONS,
    _WRITING_METHODS,
    Const,
    DeviceCall,
    DeviceDraw,
    DeviceTraced,
    Diverged,
    MethodCall,
    ShapeGuard,
    Slot,
    Trace,
    Traced,
    ValueGuard,
    _expect_false,
    _expect_true,
    _raw,
    capturing,
    gc_paused,
    is_device_array,
)
from .capture import sampler_functions as _SAMPLER_FUNCTIONS
from .region import _EAGER, _State, _accumulated, _state

_grad_state = grad_mode._state
_dispatch_state = _aten._state
_function_state = _subclass._state
_forward_state = forward_ad._state
_SIMPLE = (int, float, bool, str, type(None))
_SIMPLE_SET = frozenset(_SIMPLE)
_TENSOR = object()  # marks where a tensor goes in a region's output structure
DEVICE_REASON = "a tensor whose data is neither a NumPy nor a device library's array (meta)"
_DIVERGED = object()  # a replayed check differed: this call runs eagerly


# -- arguments, modules, signatures -------------------------------------------------------------

def _flatten(value, leaves):
    """Leaves of nested tuples/lists/dicts and named tuples (a PackedSequence) in order;
    returns a template to rebuild them."""
    kind = type(value)
    if kind is tuple or kind is list:
        return (kind, [_flatten(v, leaves) for v in value])
    if kind is dict:
        return (dict, [(k, _flatten(v, leaves)) for k, v in value.items()])
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        return (_NAMED, [_flatten(v, leaves) for v in value], kind)
    leaves.append(value)
    return None


def _rebuild(template, leaves, position):
    if template is None:
        value = leaves[position[0]]
        position[0] += 1
        return value
    kind, items, *named = template
    if kind is dict:
        return {k: _rebuild(t, leaves, position) for k, t in items}
    if kind is _NAMED:
        return named[0](*[_rebuild(t, leaves, position) for t in items])
    return kind(_rebuild(t, leaves, position) for t in items)


# -- a region's outputs --------------------------------------------------------------------------
# Besides nested tuples, lists, dicts and OrderedDicts of tensors, a region may return a named
# tuple, a dataclass or a distribution (a policy's Categorical): the plan's outputs are the
# tensors they hold, and each call gets a new object of the same class holding the replayed
# tensors, as eager mode makes a new one at each call. A tensor held twice (a Categorical's
# ``logits`` and ``_param``) comes back as one tensor held twice. Immutable values (numbers,
# strings, sizes, dtypes, devices) are kept as seen at capture; anything else is an output the
# plan cannot hold (see ``_output_kinds``).
_OrderedDict = collections.OrderedDict
_SAME = "same"      # the template of a tensor met before: ("same", its leaf position)
_NAMED = "named"    # a named tuple: (_NAMED, its class, item templates)
_OBJECT = "object"  # an object rebuilt from its __dict__: (_OBJECT, class, [(name, template)])


def _holds_tensors(value):
    """True for an object whose attributes a plan may rebuild: a distribution or a dataclass
    instance (its state in ``__dict__``, no ``__slots__`` of its own)."""
    import dataclasses

    from ..distributions.distribution import Distribution
    if not hasattr(value, "__dict__") or "__slots__" in type(value).__dict__:
        return False
    return isinstance(value, Distribution) or (dataclasses.is_dataclass(value)
                                               and not isinstance(value, type))


def _flatten_output(value, leaves, seen):
    """``_flatten`` for a region's result: also named tuples, distributions and dataclasses
    (their attributes, in order), and each tensor once (``seen``: id -> leaf position)."""
    kind = type(value)
    if kind is tuple or kind is list:
        return (kind, [_flatten_output(v, leaves, seen) for v in value])
    if kind is dict or kind is _OrderedDict:
        return (kind, [(k, _flatten_output(v, leaves, seen)) for k, v in value.items()])
    if isinstance(value, Tensor):
        position = seen.get(id(value))
        if position is not None:
            return (_SAME, position)
        seen[id(value)] = len(leaves)
    elif isinstance(value, tuple) and hasattr(kind, "_fields"):
        return (_NAMED, kind, [_flatten_output(v, leaves, seen) for v in value])
    elif kind not in _SIMPLE_SET and _holds_tensors(value):
        return (_OBJECT, kind, [(k, _flatten_output(v, leaves, seen))
                                for k, v in value.__dict__.items()])
    leaves.append(value)
    return None


def _rebuild_output(template, leaves, position):
    if template is None:
        value = leaves[position[0]]
        position[0] += 1
        return value
    kind, *items = template
    if kind is _SAME:
        return leaves[items[0]]
    if kind is _NAMED:
        return items[0](*[_rebuild_output(t, leaves, position) for t in items[1]])
    if kind is _OBJECT:
        cls = items[0]
        obj = cls.__new__(cls)
        obj.__dict__.update((k, _rebuild_output(t, leaves, position)) for k, t in items[1])
        return obj
    if kind is dict or kind is _OrderedDict:
        return kind((k, _rebuild_output(t, leaves, position)) for k, t in items[0])
    return kind(_rebuild_output(t, leaves, position) for t in items[0])


def _output_kinds():
    """Immutable non-tensor values a plan returns as seen at capture."""
    from .. import Size
    from .._device import device
    from .._dtype import dtype
    return (Size, dtype, device)


def _module_of(fn):
    from ..nn.modules.module import Module
    if isinstance(fn, Module):
        return fn
    owner = getattr(fn, "__self__", None)
    return owner if isinstance(owner, Module) else None


def _module_sites(fn):
    """Where a plain function finds the modules it calls: its closure cells and the globals
    its code (and the functions defined inside it) names. Read again at each call, so a name
    bound to another module is another signature."""
    import types
    code = getattr(fn, "__code__", None)
    namespace = getattr(fn, "__globals__", None)
    if code is None or namespace is None:
        return []
    sites = [("cell", cell) for cell in getattr(fn, "__closure__", None) or ()]
    stack, seen = [code], set()
    while stack:
        code = stack.pop()
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
        for name in code.co_names:
            if name not in seen:
                seen.add(name)
                sites.append((namespace, name))
    return sites


def _roots(region):
    """The modules whose parameters and buffers are the region's own inputs: a compiled
    module itself, or the modules a compiled function reaches by name (as torch lifts the
    parameters of the modules a compiled function calls into its graph)."""
    module = _module_of(region.fn)
    if module is not None:
        return [module]
    from ..nn.modules.module import Module
    sites = region.module_sites
    if sites is None:
        sites = region.module_sites = _module_sites(region.fn)
    roots = []
    for where, name in sites:
        value = _cell(name) if where == "cell" else where.get(name)
        if isinstance(value, Module) and value not in roots:
            roots.append(value)
    return roots


def _guard_value(value):
    """What a guard compares for a module attribute or a global: Python values by value,
    plain tensors by identity (of the tensor and its array); None for anything else."""
    if type(value) in _SIMPLE:
        return value
    if isinstance(value, Tensor):
        return (id(value), id(value._data))
    return None


def _module_state(*roots):
    """(tensors, guards) of module trees: their parameters and buffers, each once, and their
    training flags and plain attributes (numbers, strings, tensors that are not parameters),
    which the recorded calls may have used as constants."""
    tensors, flags, seen = [], [], set()
    simple, tensor = _SIMPLE_SET, Tensor
    for m in (m for root in roots for m in root.modules()):
        flags.append(m.training)
        # _guard_value inlined: this runs on every call of a compiled module.
        for k, v in m.__dict__.items():
            kind = type(v)
            if kind in simple:
                flags.append((k, v))
            elif kind is not dict and isinstance(v, tensor):
                flags.append((k, (id(v), id(v._data))))
        for table in (m._parameters, m._buffers):
            for t in table.values():
                if t is not None and id(t) not in seen:
                    seen.add(id(t))
                    tensors.append(t)
    return tensors, flags


def _closure_guards(fn):
    """The closure values a plain function reads, as guard values (its globals are sites,
    see _global_sites)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return []
    guards = []
    for name, cell in zip(code.co_freevars, getattr(fn, "__closure__", None) or ()):
        try:
            value = _guard_value(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
        if value is not None:
            guards.append((name, value))
    return guards


def _global_sites(functions, own=False):
    """(globals, name) of the Python globals that user code run by a module reads: its
    ``forward`` methods, the plain functions of the user's own modules they call, and the
    functions defined inside them. A plan took their values as they were at capture (a flag
    that picks a branch), so they are guards, as torch guards the globals a frame reads.
    ember's own modules are skipped: their globals are fixed (``own``: not the functions
    given, a compiled function's own globals are guards wherever it is defined)."""
    return _sites_named(functions, own, lambda value: value is None or
                        type(value) in _SIMPLE_SET or isinstance(value, Tensor))


def _sites_named(functions, own, wanted):
    """(globals, name) of the globals, other than functions, that the code of ``functions``
    names and whose value is ``wanted``, following the user functions that code calls (not
    ember's own, unless ``own`` for the functions given) and the functions defined inside it."""
    import types
    sites, seen = [], set()
    stack = [(getattr(f, "__code__", None), getattr(f, "__globals__", None)) for f in functions
             if own or not (getattr(f, "__module__", None) or "ember").startswith("ember.")]
    while stack:
        code, namespace = stack.pop()
        if code is None or namespace is None or id(code) in seen:
            continue
        seen.add(id(code))
        stack.extend((c, namespace) for c in code.co_consts if isinstance(c, types.CodeType))
        for name in _global_names(code):
            value = namespace.get(name)
            if type(value) is types.FunctionType:
                if not (value.__module__ or "ember").startswith("ember."):
                    stack.append((value.__code__, value.__globals__))
            elif wanted(value) and (id(namespace), name) not in seen:
                seen.add((id(namespace), name))
                sites.append((namespace, name))
    return sites


@functools.lru_cache(maxsize=4096)
def _global_names(code):
    """The global names ``code`` loads (not its attribute names, which ``co_names`` holds
    too: ``self.v`` must not make a global ``v`` a guard). Kept per code object: the
    disassembly cost a capture 0.2 ms a function, and two passes read each one."""
    import dis
    return {i.argval for i in dis.get_instructions(code)
            if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}


def _site_guards(sites):
    guards = []
    for namespace, name in sites:
        value = _guard_value(namespace.get(name))
        if value is not None:
            guards.append((name, value))
    return guards


def _signature(leaves, tensors, flags, grads=False):
    """The guard key of a call, or None when an argument is of a kind the capture skips."""
    parts = [_grad_state.enabled, _grad_state.inference, D._default[0]]
    seen = {}  # id -> position of the tensor argument's first place (attention's q, k, v)
    for leaf in leaves:
        if isinstance(leaf, Tensor):
            data = leaf._data
            if (type(data) is not np.ndarray and not is_device_array(data)) or leaf._inference:
                return None
            parts.append((data.shape, data.dtype, data.strides, leaf._device,
                          leaf._requires_grad, leaf.grad_fn is None,
                          seen.setdefault(id(leaf), len(seen))))
        elif type(leaf) in _SIMPLE:
            parts.append((type(leaf), leaf))
        else:
            return None
    for t in tensors:
        data = t._data
        if type(data) is not np.ndarray and not is_device_array(data):
            return None
        parts.append((id(t), id(data), data.dtype, data.shape, data.strides, t._requires_grad,
                      grads and t._grad is None))
    parts.append(tuple(flags))
    return tuple(parts)


def _tensor_args(leaves):
    """The tensor arguments, each once (a tensor passed as ``q``, ``k`` and ``v`` is one
    input of the plan; the signature records where it was passed)."""
    seen = {}
    for v in leaves:
        if isinstance(v, Tensor):
            seen.setdefault(id(v), v)
    return list(seen.values())


def _skip_reason(leaves):
    """Why ``_signature`` gave no key to a call on CPU tensors (explain reports it)."""
    if any(isinstance(v, Tensor) and v._inference for v in leaves):
        return "an inference tensor argument"
    kinds = sorted({type(v).__name__ for v in leaves
                    if not isinstance(v, Tensor) and type(v) not in _SIMPLE})
    return f"an argument of type {', '.join(kinds)}"


# -- the entry point -----------------------------------------------------------------------------

MODE_REASON = "a TorchDispatchMode or TorchFunctionMode is active (it sees every op eagerly)"


FORWARD_AD_REASON = "forward-mode AD is on (jvp, linearize, dual_level): a plan has no tangents"


def call(region, args, kwargs):
    if _dispatch_state.modes or _function_state.modes or _forward_state.level is not None:
        # A mode watches each op as it runs (FlopCounterMode counts matmuls); a replay runs
        # none of them, so the call runs eagerly for the mode to see what eager mode shows it.
        # Forward-mode AD carries tangents through each op, which a plan does not either.
        reason = MODE_REASON if _forward_state.level is None else FORWARD_AD_REASON
        if reason not in region.break_reasons:
            region.break_reasons.append(reason)
        return region.fn(*args, **kwargs)
    leaves = []
    template = _flatten((args, kwargs), leaves)
    module = _module_of(region.fn)
    sites = region.global_sites
    if module is not None:
        tensors, flags = _module_state(module)
        if sites is None:
            sites = region.global_sites = _global_sites(
                [type(m).forward for m in module.modules()])
    else:
        roots = _roots(region)
        tensors, flags = _module_state(*roots) if roots else ([], [])
        flags.append(tuple(id(m) for m in roots))
        flags.extend(_closure_guards(region.fn))
        if sites is None:
            sites = region.global_sites = _global_sites([region.fn], own=True) + \
                _global_sites([type(m).forward for root in roots for m in root.modules()])
    if sites:
        flags.extend(_site_guards(sites))
    if kwargs:
        # Which parameter a value was given to: f(x, a=2) and f(x, b=2) have the same leaves.
        flags.append(tuple(kwargs))
    # A region that read a .grad also keys on which parameters have one.
    key = _signature(leaves, tensors, flags, region.reads_grad)
    if key is None:
        # The capture traces NumPy's and device libraries' arrays: a region with tensors on
        # the meta device runs eagerly, and says so.
        odd = [t for t in leaves + tensors if isinstance(t, Tensor)
               and type(t._data) is not np.ndarray and not is_device_array(t._data)]
        if not all(_dense(t) for t in odd):
            reason = "a sparse tensor argument or parameter"
        elif odd:
            reason = DEVICE_REASON
        else:
            reason = _skip_reason(leaves)
        if reason not in region.break_reasons:
            region.break_reasons.append(reason)
        return region.fn(*args, **kwargs)
    entry = region.plans.get(key)
    if entry is None:
        if region.over_limit("a new input signature (shapes, dtypes, requires_grad, modes)"):
            return region.fn(*args, **kwargs)
        return _capture(region, key, leaves, template, tensors)
    # A signature's plans form a chain, one per path through its guarded reads and checks:
    # the first whose guards all hold on this call's values runs.
    last, diverged = None, False
    while isinstance(entry, Entry):
        if entry.state == "pending":
            capture_node = entry.capture_node
            if capture_node is not None and capture_node() is None and entry.drops < 2:
                # The capture call's outputs were dropped before any backward (a first call
                # only printed): its backward can never be recorded, so capture again.
                return _recapture(region, key, leaves, template, tensors, last, entry)
            return region.fn(*args, **kwargs)  # its backward is not recorded yet
        if entry.state == "validating":
            entry.validate(leaves, template, tensors)
            diverged = diverged or entry.state == "validating"
        if entry.state == "ready":
            result = entry.replay(leaves, tensors)
            if result is not _DIVERGED:
                return result
            diverged = True
        last, entry = entry, entry.alternative
    # A new path only when a plan's guard said this call's values leave the known ones.
    if entry is None and diverged and not region.over_limit(
            "a guarded value read from a tensor took a new value"):
        return _capture(region, key, leaves, template, tensors, previous=last)
    return region.fn(*args, **kwargs)


def _recapture(region, key, leaves, template, tensors, last, stale):
    """Capture the plan of ``stale``'s place in the chain again (its capture call's outputs
    are gone), keeping the plans after it. Twice at most: calls whose outputs never reach a
    backward (evaluation without no_grad) then stay eager, as every such call did before."""
    if region.over_limit("a capture whose outputs were dropped before their backward"):
        args, kwargs = _rebuild(template, leaves, [0])
        return region.fn(*args, **kwargs)
    result = _capture(region, key, leaves, template, tensors, previous=last)
    fresh = region.plans[key] if last is None else last.alternative
    if isinstance(fresh, Entry):
        fresh.alternative = stale.alternative
        fresh.drops = stale.drops + 1
    return result


def _has_hooks(t):
    if t._backward_hooks:
        return True
    node = t.grad_fn
    return node is not None and bool(node._tensor_hooks or node._pre_hooks)


def _capture(region, key, leaves, template, tensors, previous=None):
    """Run the region eagerly while recording it: the plan of ``key`` (or, after
    ``previous``, another plan of it for the path this call's values take)."""
    started = time.perf_counter()
    region.captures += 1

    def keep(plan):
        if previous is None:
            region.plans[key] = plan
        else:
            previous.alternative = plan

    inputs = _tensor_args(leaves)
    reason = None
    if any(_has_hooks(t) for t in inputs) or any(_has_hooks(t) for t in tensors):
        # A leaf's tensor hooks would run once inside the recorded backward and once outside.
        reason = "a tensor hook on an input or parameter"
    elif len({id(t) for t in inputs + tensors}) != len(inputs) + len(tensors):
        reason = "a parameter or buffer passed as an argument"
    elif _optimizer_of(region.fn) is not None:
        # Its parameters, gradients and state are reached through the optimizer, not passed
        # in: the capture sees none of their arrays, so a plan would replay none of its work.
        reason = OPTIMIZER_REASON
    if reason is not None:
        region.break_reasons.append(reason)
        keep(_EAGER)
        args, kwargs = _rebuild(template, leaves, [0])
        return region.fn(*args, **kwargs)
    trace = Trace(region.fullgraph, keep=False, kernels=True)
    unowned = _fixed_tensors(region)
    for array in _fixed_arrays(unowned, tensors):
        trace.know(array)
    # The tensors, lists, dicts and objects the region reaches beside its inputs (see _scan).
    reached, containers = _scan(_scan_roots(region), {id(t) for t in inputs + tensors})
    for t, _ in reached.values():
        trace.know(t._data)
    unowned += [t for t, _ in reached.values()]
    unowned_versions = [t._vc[0] for t in unowned]
    proxies = {id(t): _proxy(t, trace) for t in inputs}
    new_leaves = [proxies[id(v)] if isinstance(v, Tensor) else v for v in leaves]
    originals = [t._data for t in tensors]
    traced_params = [trace.new_slot(t._data, "param") for t in tensors]
    versions = [t._vc[0] for t in inputs] + [t._vc[0] for t in tensors]
    first_node = next(_graph._sequence)
    for t, traced in zip(tensors, traced_params):
        t._data = traced
    hooks = [saved for root in _roots(region) for saved in _record_hooks(root, trace)]
    try:
        with capturing(trace):
            args, kwargs = _rebuild(template, new_leaves, [0])
            result = region.fn(*args, **kwargs)
    finally:
        rebound = False
        for t, data, traced in zip(tensors, originals, traced_params):
            if t._data is traced:
                t._data = data
            else:
                # The region gave the parameter another array (a lazy module materialising
                # its weights in a pre-hook, ``p.data = ...``): it keeps it, as in eager mode.
                rebound = True
                if type(t._data) is Traced or type(t._data) is DeviceTraced:
                    t._data = _raw(t._data)
        for table, handle, hook in reversed(hooks):  # a module two roots share: wrapped twice
            if table.get(handle) is not None:
                table[handle] = hook
    if rebound:
        trace.note("a parameter or buffer given another array inside the region")
    if hooks and any(_is_check(fn) for fn, *_ in trace.steps):
        # A replay whose check fails hands the call to eager mode, which would run the hooks
        # a second time.
        trace.note("a module hook in a region whose replay may hand the call back to eager")
    out_leaves = []
    out_template = _flatten_output(result, out_leaves, {})
    outs = [v for v in out_leaves if isinstance(v, Tensor)]
    out_slots = []
    for o in outs:
        slot = trace.slot_for(o._data)
        if slot is None:
            trace.note("an output that is not an array the region computed")
        out_slots.append(slot)
    fixed = _output_kinds()
    for v in out_leaves:
        if not isinstance(v, Tensor) and type(v) not in _SIMPLE and not isinstance(v, fixed):
            trace.note(f"an output of type {type(v).__name__}")
    input_tensors = inputs + tensors
    if trace.reads_grad and not region.reads_grad:
        region.reads_grad = True
        # Its key did not say which parameters have a gradient: keep no plan under it.
        trace.breaks.append("a .grad read (the next call captures with gradients in its "
                            "guards)")
    if any(t._vc[0] != v for t, v in zip(unowned, unowned_versions)):
        # A tensor the region reads without taking it (a global, a module's plain tensor
        # attribute) was written in place: by plain array calls the capture does not see when
        # none of their operands is traced, so a plan would leave it as it is.
        trace.breaks.append(FIXED_WRITE_REASON)
    if not all(type(obj) is tuple or _unchanged(obj, seen) for obj, seen in containers):
        # A plan replays array calls only: an append, a dict entry or an attribute the
        # region's Python code set would happen at the capture call alone.
        trace.breaks.append(SIDE_EFFECT_REASON)
    if not trace.steps and not outs:
        # Nothing seen, nothing returned: whatever the call did (in-place writes into tensors
        # that are not its inputs, a global's ``add_``) went by the capture, and an empty plan
        # would drop it at every replay.
        trace.breaks.append(EMPTY_REASON)
    nodes = _check_graph(trace, outs, input_tensors, first_node)
    region.compile_times.append(time.perf_counter() - started)
    if trace.breaks:
        region.break_reasons.extend(trace.breaks)
        keep(_EAGER)
        for o in outs:
            if type(o._data) is Traced or type(o._data) is DeviceTraced:
                o._data = _raw(o._data)
        return result
    _accumulated[0] += 1
    entry = Entry(region, trace, out_template, out_leaves, outs, out_slots, input_tensors,
                  [t._vc[0] - v for t, v in zip(input_tensors, versions)], traced_params)
    entry.grad_reads = _grad_reads(trace.steps, tensors)
    entry.reached = reached
    entry.held = _held_guards(containers)
    if entry.state != "pending":  # built already (no backward to record)
        entry.object_guards = _object_guards(entry.trace.steps, reached)
        entry.reached = None
    keep(entry)
    return entry.first_outputs(outs, tensors, input_tensors, nodes)


OPTIMIZER_REASON = ("an optimizer's step: its parameters and state are the optimizer's, not "
                    "inputs of the region")
FIXED_WRITE_REASON = ("an in-place write into a tensor the region reads but does not take "
                      "as an input (a global, a module's tensor attribute, a tensor held in a "
                      "list, dict or object the region reaches)")
EMPTY_REASON = ("the region made no array call the capture saw and returned no tensor (its "
                "effects, if any, were on tensors that are not its inputs)")


def _optimizer_of(fn):
    """The optimizer whose bound method ``fn`` is (``ember.compile(opt.step)``), else None."""
    owner = getattr(fn, "__self__", None)
    # Without ember.optim loaded there is no optimizer, and importing it would cost the
    # first capture of a process that uses none.
    optimizer = sys.modules.get("ember.optim.optimizer")
    if owner is None or optimizer is None:
        return None
    return owner if isinstance(owner, optimizer.Optimizer) else None


def _fixed_tensors(region):
    """The tensors a region reads without taking them as inputs, which its guards watch: a
    module's tensor attributes, a function's tensor globals and closure values."""
    values = [namespace.get(name) for namespace, name in region.global_sites or ()]
    values += [v for root in _roots(region) for m in root.modules() for v in m.__dict__.values()]
    if _module_of(region.fn) is None:
        values += [_cell(c) for c in getattr(region.fn, "__closure__", None) or ()]
    return [v for v in values if isinstance(v, Tensor)]


def _fixed_arrays(fixed, tensors):
    """Plain arrays a capture may take as constants: those of ``fixed`` (_fixed_tensors), or
    ones the plan checks are still the ones read (parameters' gradients, see _grad_reads)."""
    arrays = [v._data for v in fixed]
    arrays += [t._grad._data for t in tensors if t._grad is not None]
    return [a for a in arrays if isinstance(a, np.ndarray) or is_device_array(a)]


def _cell(cell):
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


# -- the Python objects a region reaches ----------------------------------------------------------
# A region reaches tensors besides its inputs and its modules' parameters and buffers: through
# the lists, dicts and objects its globals, closure cells and modules' plain attributes hold
# (a buffer in a list, an optimizer's state, a dataclass of tensors). A plan takes such a
# tensor's array as a constant and does not replay what the region's Python code did to these
# objects. So a capture scans them before and after it runs (``_scan``): a tensor among them
# written in place, or a list, dict or object among them changed (an ``append``, a new entry,
# an attribute set), makes the capture break (eager mode does it again at every call), and a
# plan that read such a tensor guards on finding the same tensor and array at the same place
# at each replay (``Entry.object_guards``: a tensor rebound there is another plan).
# How a path steps into an object: __dict__[k], [k], cell, or a ``__slots__`` attribute (k
# is then the class's member descriptor, read without running any of the object's code).
_ATTR, _ITEM, _CELL, _SLOT = 0, 1, 2, 3
SCAN_LIMIT = 20000  # objects a scan visits at most (a dataset held in a global stops it)
SIDE_EFFECT_REASON = ("the region changed a Python list, dict or object it reaches (an append, "
                      "an entry or attribute set): a plan does not replay Python side effects")


@functools.cache
def _module_internals():
    """The attributes every Module sets for itself (scanned through their own tables)."""
    from ..nn.modules.module import Module
    return frozenset(Module().__dict__) | {"training"}


@functools.cache
def _opaque_types():
    """Types whose objects a scan does not look into: code, types, modules, arrays, ember's
    generators (drawing changes their state), metadata, and the compiler's own per-thread
    state (an ``ember.compiler.disable``'d call inside the region sets its counter, the first
    time as a new attribute: no side effect of the user's)."""
    import types

    from .. import _random
    from .._device import device
    from .._dtype import dtype
    from ..ops.creation import Generator
    return (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
            types.MethodType, types.CodeType, np.ndarray, np.generic, np.dtype, dtype, device,
            Generator, _random.Generator, _random.DeviceGenerator, weakref.ref,
            str, bytes, range, slice, _State)


def _scan_roots(region):
    """(object, path) where a region's Python code finds objects: a compiled module's tree's
    plain attributes, a function's closure cells, and the globals its code (and the user
    functions it calls) names (found once per region: ``region.object_sites``)."""
    roots = []
    module = _module_of(region.fn)
    if module is not None:
        internals = _module_internals()
        for m in module.modules():
            roots.extend((v, ((m, _ATTR, k),)) for k, v in m.__dict__.items()
                         if k not in internals and type(v) not in _SIMPLE_SET)
    else:
        roots.extend((_cell(c), ((c, _CELL, None),))
                     for c in getattr(region.fn, "__closure__", None) or ())
    sites = region.object_sites
    if sites is None:
        functions = [type(m).forward for m in module.modules()] if module is not None \
            else [region.fn]
        sites = region.object_sites = _object_sites(functions, own=module is None)
    for namespace, name in sites:
        value = namespace.get(name)
        if value is not None and type(value) not in _SIMPLE_SET:
            roots.append((value, ((namespace, _ITEM, name),)))
    return roots


def _object_sites(functions, own):
    """(globals, name) of every global the code of ``functions`` (and of the user functions
    they call, and of the functions defined inside them) names, besides functions (followed),
    modules and classes (``own``: as in _global_sites)."""
    import types
    return _sites_named(functions, own,
                        lambda value: not isinstance(value, (types.ModuleType, type)))


def _scan(roots, skip):
    """What the objects from ``roots`` hold: ({id(array): (tensor, path)} of the tensors
    reached, except those in ``skip`` (ids), and [(object, its fingerprint)] of the lists,
    dicts and objects passed through). A path is the (holder, how, key) hops from a root."""
    from ..nn.modules.module import Module
    opaque, internals = _opaque_types(), _module_internals()
    tensors, containers, seen = {}, [], set()
    stack = roots[::-1]
    while stack and len(seen) < SCAN_LIMIT:
        obj, path = stack.pop()
        slotted = ()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Tensor):
            if id(obj) not in skip:
                tensors.setdefault(id(obj._data), (obj, path))
            continue
        if isinstance(obj, (list, tuple)):
            items, how = list(enumerate(obj)), _ITEM
        elif isinstance(obj, dict):
            items, how = list(obj.items()), _ITEM
        elif isinstance(obj, Module):
            # Its parameters, buffers and submodules through their own tables; its plain
            # attributes as an object's.
            for table in ("_parameters", "_buffers", "_modules"):
                held = obj.__dict__.get(table) or {}
                stack.extend((v, path + ((obj, _ATTR, table), (held, _ITEM, k)))
                             for k, v in reversed(held.items()) if v is not None)
            items = [(k, v) for k, v in obj.__dict__.items() if k not in internals]
            how = _ATTR
        elif isinstance(obj, opaque) or type(obj).__module__ in ("builtins", "threading",
                                                                  "logging"):
            continue
        else:
            slots = _slot_members(type(obj))
            if not slots and not hasattr(obj, "__dict__"):
                continue
            items, how = list(getattr(obj, "__dict__", {}).items()), _ATTR
            # Attributes in __slots__ hold tensors as __dict__ entries do: a tensor rebound
            # there is another plan, never the old array replayed.
            slotted = _slot_items(obj, slots)
        print_ = _fingerprint(obj)
        containers.append((obj, print_))
        for k, v in reversed(items):
            if type(v) not in _SIMPLE_SET:
                stack.append((v, path + ((obj, how, k),)))
        for member, v in reversed(slotted):
            if type(v) not in _SIMPLE_SET:
                stack.append((v, path + ((obj, _SLOT, member),)))
    return tensors, containers


@functools.lru_cache(maxsize=1024)
def _slot_members(cls):
    """The member descriptors of the attributes ``cls`` and its bases declare in
    ``__slots__`` (private names mangled as Python does), base classes' first."""
    members = []
    for klass in reversed(cls.__mro__):
        declared = klass.__dict__.get("__slots__", ())
        for name in (declared,) if isinstance(declared, str) else declared:
            if name in ("__dict__", "__weakref__"):
                continue
            if name.startswith("__") and not name.endswith("__"):
                name = f"_{klass.__name__.lstrip('_')}{name}"
            member = klass.__dict__.get(name)
            if type(member) is types.MemberDescriptorType and member not in members:
                members.append(member)
    return tuple(members)


def _slot_items(obj, members):
    """[(member descriptor, value)] of the ``__slots__`` attributes ``obj`` has set."""
    items = []
    for member in members:
        try:
            items.append((member, member.__get__(obj, type(obj))))
        except AttributeError:  # declared, never set
            pass
    return items


def _fingerprint(obj):
    """What a list, dict or object holds now: (its keys, its values); the values themselves
    (held, so that none is freed and its id reused), compared by ``_unchanged``."""
    from ..nn.modules.module import Module
    if isinstance(obj, (list, tuple)):
        return None, tuple(obj)
    if isinstance(obj, dict):
        return tuple(obj), tuple(obj.values())
    items = getattr(obj, "__dict__", {}).items()
    if isinstance(obj, Module):
        internals = _module_internals()
        items = [(k, v) for k, v in items if k not in internals]
    slots = _slot_members(type(obj))
    if slots:
        items = [*items, *_slot_items(obj, slots)]
    return tuple(k for k, _ in items), tuple(v for _, v in items)


def _unchanged(obj, printed):
    """True when ``obj`` holds the same keys and values as its ``_fingerprint`` said: the same
    objects, or equal Python numbers, strings and None."""
    keys, values = printed
    now_keys, now_values = _fingerprint(obj)
    return _same_items(values, now_values) and (keys is None or _same_items(keys, now_keys))


def _same_items(old, new):
    """Same length, and each item the same object or an equal Python number or string (never
    ``==`` on anything else: a tensor key compares elementwise)."""
    if len(old) != len(new):
        return False
    simple = _SIMPLE_SET
    for a, b in zip(old, new):
        if a is not b and not (type(a) in simple and type(b) is type(a) and a == b):
            return False
    return True


def _held_guards(containers):
    """The lists, dicts and plain objects among ``containers`` (``_scan``) a plan checks at
    each replay: a Python value the region read from one (``cfg["scale"]``, ``len(items)``,
    ``config.flag``) was taken as a constant, so one changed since is another plan. Tuples
    cannot change; modules are guarded by the signature (their training flags and plain
    values) and their tensors are inputs."""
    from ..nn.modules.module import Module
    return [(obj, printed) for obj, printed in containers
            if type(obj) is not tuple and not isinstance(obj, Module)]


def _follow(path):
    """The object at the end of ``path`` (root holder, how, key, then (how, key) hops) now,
    or None where a hop finds nothing."""
    holder, how, key, hops = path
    try:
        obj = holder[key] if how == _ITEM else holder.__dict__[key] if how == _ATTR else \
            holder.cell_contents
        for how, key in hops:
            obj = obj[key] if how == _ITEM else obj.__dict__[key] if how == _ATTR else \
                key.__get__(obj, type(obj))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    return obj


def _object_guards(steps, reached):
    """[(path, tensor id, array id)] for each tensor of ``reached`` (``_scan``) whose array
    (or a view of it) a recorded step takes as a constant."""
    if not reached:  # the common case: no walk over the steps
        return []
    found = {}
    for array in _step_constants(steps):
        while isinstance(array, np.ndarray) or is_device_array(array):
            hit = reached.get(id(array))
            if hit is not None:
                found[id(array)] = hit
                break
            array = getattr(array, "base", None)
    return [((*path[0], tuple((how, key) for _, how, key in path[1:])), id(t), id(t._data))
            for t, path in found.values()]


class HookCall:
    """A module's forward (pre-)hook as a plan step: the replay calls it again with its
    arrays as tensors (no autograd history), so what it does outside the plan (storing an
    activation, counting calls) happens at every call as in eager mode. What it computed with
    tensor ops was recorded in the capture, so a value it returned is already in the plan."""

    __slots__ = ("constants", "hook", "metas", "module", "template")

    def __init__(self, hook, module, template, constants, metas):
        self.hook, self.module, self.template = hook, module, template
        self.constants, self.metas = constants, metas

    def __call__(self, *arrays):
        arrays, metas = iter(arrays), iter(self.metas)
        leaves = [Tensor._wrap(_as_array(next(arrays)), *next(metas)) if c is _TENSOR else c
                  for c in self.constants]
        with grad_mode.no_grad():
            self.hook(self.module, *_rebuild(self.template, leaves, [0]))

    def __repr__(self):
        return f"hook({getattr(self.hook, '__qualname__', self.hook)!r})"


def _record_hooks(module, trace):
    """Wrap every forward and forward-pre hook of ``module``'s tree so that, while the capture
    runs, each call is also recorded as a ``HookCall`` step; returns what to put back."""
    from ..nn.modules import module as _module
    if _module._global_forward_hooks or _module._global_forward_pre_hooks:
        trace.note("a global module forward hook")
        return []
    saved = []
    for m in module.modules():
        for table in (m._forward_pre_hooks, m._forward_hooks):
            for key, hook in list(table.items()):
                saved.append((table, key, hook))
                table[key] = _recording_hook(hook, m, trace)
    return saved


def _recording_hook(hook, module, trace):
    def recorded(*call):
        first = len(trace.steps)
        result = hook(*call)
        samplers = set(_SAMPLER_FUNCTIONS())
        if not all(_pure(step, samplers) for step in trace.steps[first:]):
            # Replayed, the hook would do it a second time beside the recorded calls.
            trace.note("a module hook that writes into a tensor or draws random numbers")
        leaves = []
        template = _flatten(call[1:], leaves)
        arrays = [v._data for v in leaves if isinstance(v, Tensor)]
        metas = [(v._dtype, v._device) for v in leaves if isinstance(v, Tensor)]
        constants = [_TENSOR if isinstance(v, Tensor) else v for v in leaves]
        trace.record_step(HookCall(hook, module, template, constants, metas), arrays)
        return result
    return recorded


def _grad_reads(steps, tensors):
    """(position, array) of each parameter's ``.grad`` array the recorded calls read as a
    constant: the plan holds that array, so it applies only while the gradient is that one
    (``zero_grad()`` or a new backward replaces it; Entry.replay checks)."""
    grads = {id(t._grad._data): (i, t._grad._data) for i, t in enumerate(tensors)
             if t._grad is not None}
    if not grads:
        return []
    found = {}
    for value in _step_constants(steps):
        hit = grads.get(id(value))
        if hit is not None:
            found[hit[0]] = hit
    return list(found.values())


def _step_constants(steps):
    """The value of every constant (``Const``) in the recorded steps' arguments, nested in
    tuples, lists and dicts included, in the steps' order (positional arguments first)."""
    stack = [spec for step in reversed(steps) for spec in (step[2], step[1])]
    while stack:
        spec = stack.pop()
        kind = type(spec)
        if kind is Const:
            yield spec.value
        elif kind is tuple or kind is list:
            stack.extend(reversed(spec))
        elif kind is dict:
            stack.extend(reversed(list(spec.values())))


def _proxy(x, trace):
    """A stand-in for input ``x`` with a traced array: the same place in the graph (its
    gradient reaches ``x``'s history or ``x.grad``) and the same version counter."""
    proxy = Tensor._make(trace.new_slot(x._data, "input"))
    if x._requires_grad:
        trace.grad_inputs.add(len(trace.kinds) - 1)
    proxy._vc = x._vc
    proxy._requires_grad = x._requires_grad
    proxy.grad_fn, proxy._output_nr = x.grad_fn, x._output_nr
    if x.grad_fn is None and x._requires_grad:
        # The proxy holds x's AccumulateGrad (x keeps only a weak reference to it), so the
        # recorded graph's edge is x's own leaf node.
        proxy.__dict__["_leaf_node"] = gradient_edge(x)[0]
        proxy._accumulator = x._accumulator
    return proxy


def _check_graph(trace, outs, input_tensors, first_node):
    """Break unless the recorded graph holds only built-in ops without hooks, reaching out of
    the region only through its inputs and parameters. Returns the region's own nodes (the
    graph between the outputs and the inputs' edges, which the capture's backward runs and
    nothing beyond: an input computed from another input keeps its own history outside)."""
    edges = {gradient_edge(t)[0] for t in input_tensors if t._requires_grad}
    stack = [o.grad_fn for o in outs if o.grad_fn is not None]
    seen = set(edges)  # the edges end the walk: seen from the start
    add, push = seen.add, stack.append
    builtin = {}  # node type -> whether it is one of ember's own ops' nodes
    accumulate = _graph.AccumulateGrad
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        add(node)
        kind = type(node)
        if node._seq < first_node or kind is accumulate:
            trace.note("a tensor from outside the region that requires grad")
            continue
        known = builtin.get(kind)
        if known is None:
            known = builtin[kind] = getattr(kind, "_num_outputs_default", None) is not None
        if not known:
            trace.note(f"a custom autograd node ({node.name()})")
        if node._hooks or node._pre_hooks or node._tensor_hooks:
            trace.note("a hook on a tensor inside the region")
        for child, _ in node.next_functions:
            if child is not None and child not in seen:
                push(child)
    return seen - edges


# -- a captured signature -------------------------------------------------------------------------

class Entry:
    """One signature's plan: the generated forward and, once recorded, backward."""

    def __init__(self, region, trace, out_template, out_leaves, outs, out_slots, input_tensors,
                 version_deltas, traced_params):
        self.region = region
        self.trace = trace
        self.out_template = out_template
        self.out_constants = [_TENSOR if isinstance(v, Tensor) else v for v in out_leaves]
        self.out_slots = out_slots
        self.out_grad = [o._requires_grad for o in outs]
        self.out_meta = [(o._data.shape, o._dtype, o._device) for o in outs]
        # A plan with arrays on a device: its check against eager mode (on host copies) is
        # not available to it (_build).
        self.on_device = any(t._device.type != "cpu" for t in (*input_tensors, *outs))
        self.n_inputs = len(input_tensors)
        self.n_args = self.n_inputs - len(traced_params)  # tensor arguments, each once
        self.version_deltas = version_deltas
        self.traced_params = traced_params
        self.edge_positions = [i for i, t in enumerate(input_tensors) if t._requires_grad]
        self.forward_steps = len(trace.steps)
        self.forward_slots = len(trace.kinds)
        self.needs_backward = _grad_state.enabled and any(self.out_grad)
        self.state = "pending" if self.needs_backward else "ready"
        self.forward = None
        self.backward = None
        self.saved_slots = ()
        self.backward_reads = ()  # inputs whose versions the backward checks (_backward_reads)
        self.capture_node = None  # weakref to the capture call's node (while pending)
        self.drops = 0  # captures of this place whose outputs died before a backward
        self.alternative = None  # the next plan of the same signature (another path)
        self.grad_reads = []     # parameters' .grad arrays the plan reads (see _grad_reads)
        self.has_checks = False  # whether the forward checks values (set by _build)
        # (path, tensor id, array id) of tensors reached through other objects whose arrays
        # the plan reads (_object_guards): each replay checks they are still found there.
        self.object_guards = ()
        self.reached = {}
        self.held = ()  # (list, dict or object, its _fingerprint) checked at each replay
        if not self.needs_backward:
            with gc_paused():
                self._build()

    # -- the capture call ----------------------------------------------------------------------
    def first_outputs(self, outs, tensors, input_tensors, nodes):
        plain = [Tensor._make(_raw(o._data)) for o in outs]
        if self.needs_backward:
            node = CapturingBackward(self, outs, tensors, input_tensors, nodes)
            self.capture_node = weakref.ref(node)
            self._attach(node, plain)
        else:
            for t, o in zip(plain, outs):
                t._requires_grad = o._requires_grad
        return self._rebuild_outputs(plain)

    def _attach(self, node, plain):
        grads = [t for t, g in zip(plain, self.out_grad) if g]
        node._num_outputs = len(grads)
        node._output_meta = tuple(m for m, g in zip(self.out_meta, self.out_grad) if g)
        for nr, t in enumerate(grads):
            t.grad_fn, t._output_nr, t._requires_grad = node, nr, True

    def _rebuild_outputs(self, tensors):
        # Non-tensor outputs are the values seen at capture (None, Python numbers, strings).
        it = iter(tensors)
        leaves = [next(it) if c is _TENSOR else c for c in self.out_constants]
        return _rebuild_output(self.out_template, leaves, [0])

    def finish_backward(self, grad_slots):
        """The backward was recorded: build both functions; the signature replays from now."""
        self.grad_slots = grad_slots
        with gc_paused():
            self._build()
        self.object_guards = _object_guards(self.trace.steps, self.reached)
        self.reached = None

    def _build(self):
        trace = self.trace
        inputs = list(range(self.n_inputs))
        samplers = set(_SAMPLER_FUNCTIONS())
        # The (slots read, slots made) of each kept step (``table``), made by _prune as it
        # goes, are what all the passes below read.
        split = self.forward_steps
        backward_steps, backward_table = [], []
        if self.needs_backward:
            grad_live = {g for g in self.grad_slots if g is not None}
            # Calls whose results nothing reads (placeholders the engine makes, a forward
            # value only an unneeded gradient used) are dropped from the plan.
            backward_steps, backward_table = _prune(trace.steps[split:], grad_live,
                                                    samplers)
            backward_read = {s for used, _ in backward_table for s in used}
        else:
            backward_read = set()
        forward_steps, forward_table = _prune(
            trace.steps[:split],
            backward_read | {s for s in self.out_slots if s is not None}, samplers)
        trace.steps, self.forward_steps = forward_steps + backward_steps, len(forward_steps)
        if self.needs_backward:
            backward_outs = _reuse(backward_steps, backward_table, grad_live, trace.metas)
            made_in_backward = {s for _, made in backward_table for s in made}
            grad_inputs = [i for i, k in enumerate(trace.kinds) if k == "grad"]
            needed = sorted(s for s in backward_read | grad_live
                            if s < self.forward_slots and s not in made_in_backward)
            self.saved_slots = [s for s in needed if s >= self.n_inputs]
            self.backward_reads = _backward_reads(
                self.n_inputs, sorted(trace.param_writes), forward_steps, forward_table,
                backward_read)
            backward_inputs = grad_inputs + inputs + self.saved_slots
            self.backward = _plan.build(
                backward_steps, backward_inputs,
                [g for g in self.grad_slots if g is not None], "backward", backward_table,
                len(trace.kinds), backward_outs,
                _frees(backward_table, grad_live, trace, backward_inputs))
            self.grad_present = [g is not None for g in self.grad_slots]
        # One pass over the forward's callees (few distinct ones, many steps): hooks, checks,
        # draws from ember's generators and from devices'.
        roles = {}  # id(callee) -> its role below, or None
        hooked, generators, draws = set(), {}, {}
        has_checks = False
        for step, (used, _) in zip(forward_steps, forward_table):
            fn = step[0]
            role = roles.get(id(fn), 0)
            if role == 0:
                role = roles[id(fn)] = (
                    "hook" if type(fn) is HookCall else "check" if _is_check(fn) else
                    "draw" if type(fn) is DeviceDraw else
                    "sampler" if _hashable(fn) and fn in samplers else None)
            if role is None:
                continue
            if role == "hook":
                # Arrays a hook is given may be kept by it: no later call writes over them.
                hooked.update(used)
            elif role == "check":
                has_checks = True
            elif role == "draw":
                draws[fn.index] = fn.lookup
            elif step[1] and type(step[1][0]) is Const:
                generators[id(step[1][0].value)] = step[1][0].value
        forward_outs = _reuse(forward_steps, forward_table,
                              set(self.out_slots) | set(self.saved_slots) | hooked,
                              trace.metas)
        forward_live = set(self.out_slots) | set(self.saved_slots)
        self.forward = _plan.build(forward_steps, inputs,
                                   list(self.out_slots) + list(self.saved_slots), "forward",
                                   forward_table, len(trace.kinds), forward_outs,
                                   _frees(forward_table, forward_live, trace, inputs))
        # A replayed check may fail midway: what the forward changed before it (random
        # generators, parameters written in place) is put back before the eager call.
        self.has_checks = has_checks
        self.generators = list(generators.values())
        self.written = sorted(trace.param_writes)
        self.generators += [_DeviceGenerator(index, lookup) for index, lookup in draws.items()]
        restorable = True
        if self.has_checks and draws:
            try:
                for generator in self.generators:
                    generator.get_state()
            except Exception:  # noqa: BLE001 - a generator that cannot be copied
                restorable = False
        # A capture that saw every path by which data could reach Python or a constant is
        # trusted as recorded; otherwise (or when asked) the plan is first checked against
        # eager mode on other values (validate).
        options = self.region.options or {}
        self.state = "validating" if trace.unsure or options.get("validate") else "ready"
        if not restorable:
            # A check that fails hands the call to eager mode after the plan's draws, which a
            # generator that cannot report its state cannot take back: it would draw twice.
            self.region.break_reasons.append("random draws on a device whose generator cannot "
                                             "be copied, in a plan with checks")
            self.state = _EAGER
        elif self.state == "validating" and self.on_device:
            # The check runs eager mode and the plan on perturbed host copies (NumPy's):
            # a device plan that needs it stays eager instead.
            self.region.break_reasons.append(
                "a device plan the capture cannot trust as recorded (" +
                "; ".join(trace.unsure or ["validate=True"]) + ")")
            self.state = _EAGER
        # The capture's arrays are no longer needed (the plan holds its constants itself);
        # their shapes and dtypes stay for pictures of the plan (ember.viz.plan).
        self.slot_meta = trace.metas
        trace.arrays, trace.slot_of, self.traced_params = [], {}, None

    # -- validation ----------------------------------------------------------------------------
    def validate(self, leaves, template, tensors):
        """Check the plan once against eager mode before trusting it.

        Both run on the same perturbed copies of this call's inputs, parameters and buffers
        (the random generators are put back after each), so nothing the caller holds changes.
        A value the capture took as a constant although it came from the data (a path the
        trace could not follow) then shows up as a difference, and the signature stays eager.
        """
        region = self.region
        inputs = _tensor_args(leaves)
        everything = inputs + tensors
        if any(_has_hooks(t) for t in everything) or any(_module_hooks(root)
                                                         for root in _roots(region)):
            # Hooks would see the copies: trust the checks made during capture instead.
            self.state = "ready"
            return
        rng = np.random.default_rng(len(self.trace.steps))
        states = [(g, g.get_state()) for g in self.generators]
        # Other values may take another path through the plan's guards (a value read with
        # .item() that decides a branch): then the check runs on this call's own values.
        for perturb in (_perturbed, _copied):
            copies = [perturb(t._data, rng) for t in everything]
            # What the plan writes in place (inputs, buffers) eager mode gets fresh copies of.
            pristine = {i: copies[i].copy() for i in self.written}
            try:
                arrays = self.forward(*copies)
                break
            except Diverged:
                continue
            except Exception as error:  # noqa: BLE001 - a plan that fails is simply not used
                region.break_reasons.append(f"the plan failed on other values: {error!r}")
                self.state = _EAGER
                return
            finally:
                _restore(states)
        else:
            return  # this call's values take another path: the next plan of the chain, or eager
        n_out = len(self.out_slots)
        originals = [t._data for t in tensors]
        planned_copies = copies
        copies = [pristine.get(i, c) for i, c in enumerate(copies)]
        for t, copy in zip(tensors, copies[len(inputs):]):
            t._data = copy
        _state.disabled += 1
        try:
            stand_ins = {id(x): _copy_leaf(x, c) for x, c in zip(inputs, copies)}
            new_leaves = [stand_ins[id(v)] if isinstance(v, Tensor) else v for v in leaves]
            args, kwargs = _rebuild(template, new_leaves, [0])
            out_leaves = []
            _flatten_output(region.fn(*args, **kwargs), out_leaves, {})
            outs = [v for v in out_leaves if isinstance(v, Tensor)]
            same = len(outs) == n_out and all(_equal(o._data, a)
                                              for o, a in zip(outs, arrays[:n_out])) \
                and all(_equal(planned_copies[i], copies[i]) for i in self.written)
            if same and self.backward is not None:
                same = self._same_backward(outs, new_leaves, tensors, planned_copies,
                                           arrays[n_out:], rng)
        finally:
            _state.disabled -= 1
            for t, data in zip(tensors, originals):
                t._data = data
            _restore(states)
        if same:
            self.state = "ready"
        else:
            region.break_reasons.append("the plan differed from eager mode on other values")
            self.state = _EAGER
            self.forward = self.backward = None

    def _same_backward(self, outs, new_leaves, tensors, copies, saved, rng):
        grad_outs = [o for o, g in zip(outs, self.out_grad) if g]
        if not all(o._requires_grad for o in grad_outs):
            return False
        seeds = [rng.uniform(0.5, 1.0, o._data.shape).astype(o._data.dtype) for o in grad_outs]
        edge_tensors = [t for t in _tensor_args(new_leaves) + tensors
                        if t._requires_grad]
        eager = run_backward(grad_outs, [Tensor._make(s) for s in seeds], False, False,
                             inputs=edge_tensors, accumulate=False)
        planned = iter(self.backward(*seeds, *copies, *saved))
        for g, present in zip(eager, self.grad_present):
            if (g is None) != (not present):
                return False
            if present and not _equal(g._data, next(planned)):
                return False
        return True

    # -- replay --------------------------------------------------------------------------------
    def replay(self, leaves, tensors):
        for obj, printed in self.held:
            if not _unchanged(obj, printed):
                return _DIVERGED  # a value the region's Python code read may differ now
        for path, tensor_id, array_id in self.object_guards:
            found = _follow(path)
            if id(found) != tensor_id or id(getattr(found, "_data", None)) != array_id:
                return _DIVERGED  # another tensor there than the plan reads: another plan
        for position, array in self.grad_reads:
            grad = tensors[position]._grad
            if grad is None or grad._data is not array:
                return _DIVERGED  # another gradient than the plan reads: another plan
        inputs = [v for v in leaves if isinstance(v, Tensor)]
        if len(inputs) > self.n_args:  # a tensor passed in several places is one input
            inputs = _tensor_args(inputs)
        inputs += tensors
        data = [t._data for t in inputs]
        if self.has_checks:
            states = [(g, g.get_state()) for g in self.generators]
            copies = [(data[i], data[i].copy()) for i in self.written]
            try:
                arrays = self.forward(*data)
            except Exception:  # noqa: BLE001 - a failed check: eager mode decides (and raises)
                _restore(states)
                for array, copy in copies:
                    np.copyto(array, copy)
                return _DIVERGED
        else:
            arrays = self.forward(*data)
        for t, delta in zip(inputs, self.version_deltas):
            if delta:
                t._vc[0] += delta
        n_out = len(self.out_slots)
        plain = []
        for a in arrays[:n_out]:
            if type(a) is not np.ndarray:
                a = _as_array(a)
            plain.append(Tensor._make(a))
        if self.backward is not None and _grad_state.enabled:
            node = CompiledFunctionBackward()
            node.entry = self
            node.arrays = [t._data for t in inputs] + list(arrays[n_out:])
            node.checks = [(inputs[i], inputs[i]._vc) for i in self.backward_reads]
            node.versions = [vc[0] for _, vc in node.checks]
            node.next_functions = tuple(gradient_edge(inputs[i]) for i in self.edge_positions)
            node.needs_input_grad = (True,) * len(self.edge_positions)
            self._attach(node, plain)
        return self._rebuild_outputs(plain)


def _backward_reads(n_inputs, written, steps, table, read):
    """The inputs whose later in-place changes the replayed backward must refuse, as eager
    mode's saved-tensor check does: every input, except one the forward itself writes in
    place (BatchNorm's running mean) when neither it nor an array that may view it is read
    by the backward (``read``: the slots it reads). Such a buffer changes again when the
    model is called twice before one backward, which eager mode allows."""
    if not written:
        return list(range(n_inputs))
    views = {i: {i} for i in written}  # written input -> slots that may view its array
    new = {}  # id(callee) -> whether its result is a new array (plans reuse few callees)
    for step, (used, made) in zip(steps, table):
        fn = step[0]
        fresh = new.get(id(fn))
        if fresh is None:
            fresh = new[id(fn)] = _fresh_call(fn) or _is_kernel(fn)
        if fresh:
            continue  # a new array, never a view
        for slots in views.values():
            if not slots.isdisjoint(used):
                slots.update(made)
    skipped = {i for i, slots in views.items() if slots.isdisjoint(read)}
    return [i for i in range(n_inputs) if i not in skipped]


def _perturbed(array, rng):
    """A copy of ``array`` (same layout) with other values of the same kind: floats scaled by
    factors in [0.5, 1) (signs and ranges such as [0, 1] kept), integers permuted."""
    out = np.empty_like(array)
    kind = array.dtype.kind
    if array.dtype in (np.float32, np.float64):
        # Drawn in the array's own dtype and scaled in place: no float64 temporary.
        factors = rng.random(array.shape, dtype=array.dtype)
        factors *= 0.5
        factors += 0.5
        np.multiply(array, factors, out=out)
    elif kind in "fc":
        out[...] = array * rng.uniform(0.5, 1.0, array.shape).astype(array.dtype)
    elif kind in "iu" and array.size:
        out[...] = rng.permutation(array.reshape(-1)).reshape(array.shape)
    else:
        out[...] = array
    return out


def _pure(step, samplers):
    """True when dropping ``step`` changes nothing but its own result: it writes into no
    array, draws no random numbers and checks nothing."""
    fn, _, kw_specs, out_spec = step
    if out_spec is None or "out" in kw_specs or _is_check(fn) or fn in samplers:
        return False
    if type(fn) is MethodCall:
        return fn.name not in _WRITING_METHODS
    if type(fn) is DeviceCall:
        return not fn.writes
    if type(fn) is DeviceDraw:
        return False
    return not _hashable(fn) or fn not in _WRITING_FUNCTIONS


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _prune(steps, live, samplers):
    """``steps`` without the pure ones whose results no later step (nor ``live``) reads, and
    the kept steps' rows (their slots read and made, as ``plan.step_slots`` gives them), made
    in the same pass for the kept steps only."""
    live = set(live)
    kept, kept_table = [], []
    keep, keep_row, update, isdisjoint = kept.append, kept_table.append, live.update, \
        live.isdisjoint
    pure = {}  # id(callee) -> whether its calls may be dropped (plans reuse few callees)
    collect = _plan._collect
    for position in range(len(steps) - 1, -1, -1):
        step = steps[position]
        fn, arg_specs, kw_specs, out_spec = step
        if type(out_spec) is Slot:
            made = [out_spec.index]
        else:
            made = []
            collect(out_spec, made)
        if isdisjoint(made):
            droppable = pure.get(id(fn))
            if droppable is None:
                droppable = pure[id(fn)] = _pure((fn, (), {}, True), samplers)
            if droppable and out_spec is not None and "out" not in kw_specs:
                continue
        used = []
        for spec in arg_specs:  # plan.step_slots's loop, inline: one row per kept step
            kind = type(spec)
            if kind is Slot:
                used.append(spec.index)
            elif kind is not Const:
                collect(spec, used)
        if kw_specs:
            collect(kw_specs, used)
        keep(step)
        keep_row((used, made))
        update(used)
    kept.reverse()
    kept_table.reverse()
    return kept, kept_table


def _fresh_call(fn):
    """True for a ufunc's plain call, whose result is always a new array (never a view)."""
    return isinstance(getattr(fn, "__self__", None), np.ufunc) and fn.__name__ == "__call__"


def _reuse(steps, table, live, metas):
    """Which elementwise calls of ``steps`` write into a temporary they read for the last
    time: {step position: that temporary's slot} (the plan passes it as ``out=``; the steps
    themselves stay as recorded, one object fewer per such step and no keyword dict).

    A ufunc call's result is a new array; when a later ufunc call of the same result shape
    and dtype is its last reader, and no view of it outlives that call (a view's readers
    count as readers of the array it views), the later call writes over it (``out=``)
    instead of allocating: in a chain of elementwise ops one buffer serves every step.
    ``table`` holds each step's (slots read, slots made); ``live`` are the slots the function
    returns; ``metas`` the (shape, dtype) of the capture's arrays by slot.
    """
    # The last step reading each slot (later positions overwrite earlier ones), by slot: a
    # list, as slots are the numbers 0 to len(metas) - 1 (a dict cost a long chain's capture
    # a tenth of an eager step in this pass alone).
    last = [-1] * len(metas)
    for position, (used, _) in enumerate(table):
        for s in used:
            last[s] = position
    end = len(steps)
    for s in live:
        last[s] = end
    # Per callee (plans reuse few): 1 an elementwise ufunc's plain call (a new array; may
    # take out=), 2 a pure kernel of ember's or a generalized ufunc's call (matmul: a new
    # array, written over nothing it reads, as each of its results reads many elements of the
    # operands and NumPy would first copy an operand given as out=, about 5% of a product), 3
    # a kernel that takes out= as well (relu's backward: written over the incoming gradient
    # the matmul before it made), 0 anything else (it may return a view).
    callees = [step[0] for step in steps]
    ids = list(map(id, callees))
    roles = {}
    for key, fn in zip(ids, callees):
        if key not in roles:
            roles[key] = (1 if fn.__self__.signature is None else 2) if _fresh_call(fn) \
                else 0 if not _is_kernel(fn) else 3 if fn.__name__ in _OUT_KERNELS else 2
    step_roles = list(map(roles.__getitem__, ids))  # looked up once, read twice
    # A call that may return a view: its inputs live as long as its results do.
    for position in reversed([p for p, role in enumerate(step_roles) if not role]):
        used, made = table[position]
        until = max([last[s] for s in made], default=-1)
        for s in used:
            last[s] = max(last[s], until)
    fresh, outs = bytearray(len(metas)), {}  # fresh[slot]: a new array a step made
    for position, role in enumerate(step_roles):
        if not role:
            continue
        fn, arg_specs, kw_specs, out_spec = steps[position]
        if type(out_spec) is not Slot:
            continue
        index = out_spec.index
        result = metas[index]
        if not result[0]:
            continue  # a 0-d result: nothing worth reusing
        if role == 2:
            fresh[index] = 1
        elif not kw_specs:
            for spec in arg_specs:
                if type(spec) is Slot:
                    s = spec.index
                    if fresh[s] and last[s] == position and (
                            metas[s] is result or metas[s] == result):
                        outs[position] = s
                        break
            fresh[index] = 1
    return outs


# Arrays of at least this many bytes are dropped as soon as no later step reads them (see
# _frees); smaller ones live until the plan returns, as a ``del`` costs more than they weigh.
FREE_BYTES = 1 << 16


def _frees(table, live, trace, inputs):
    """{step position: the big slots (``FREE_BYTES``) that step reads or makes for the last
    time}: the plan drops its reference to each right after that step, so that a temporary's
    memory goes back to the allocator when eager mode's would. A plan holding every temporary
    to its end needed fresh memory for each, out of cache: a transformer block's replay took
    longer than its eager step. ``live``: the slots the plan returns; ``inputs``: its
    arguments (their caller holds them anyway). ``trace.metas`` holds the (shape, dtype) of
    each slot, tuples that slots of one shape share, each made once (``trace.made_metas``)."""
    big = {id(meta) for meta in trace.made_metas
           if math.prod(meta[0]) * meta[1].itemsize >= FREE_BYTES}
    if not big:  # a plan of small arrays (an elementwise chain's): nothing to look at
        return {}
    metas = trace.metas
    slots = set(itertools.compress(itertools.count(), map(big.__contains__, map(id, metas))))
    slots.difference_update(live)
    slots.difference_update(inputs)
    last = {}
    for position, (used, made) in enumerate(table):
        for s in made:
            if s in slots:
                last[s] = position
        for s in used:
            if s in slots:
                last[s] = position
    end = len(table) - 1
    frees = {}
    for s, position in last.items():
        if position < end:
            frees.setdefault(position, []).append(s)
    return frees


def _is_kernel(fn):
    return _hashable(fn) and fn in _KERNEL_FUNCTIONS


def _copied(array, rng):
    """A copy of ``array`` with the same layout and values."""
    out = np.empty_like(array)
    out[...] = array
    return out


def _is_check(fn):
    return fn is _expect_true or fn is _expect_false or type(fn) is ValueGuard \
        or type(fn) is ShapeGuard


def _copy_leaf(x, data):
    t = Tensor._make(data)
    t._requires_grad = x._requires_grad
    return t


def _equal(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind not in "fc":
        return bool(np.array_equal(a, b))
    # Same bytes is the common case and the cheapest test; otherwise equal values with NaNs
    # in the same places (a NaN's payload may differ).
    return a.tobytes() == b.tobytes() or bool(np.array_equal(a, b, equal_nan=True))


class _DeviceGenerator:
    """A CUDA device's generator as a replay saves and restores it around a failed check: the
    one eager mode draws from at that moment. CuPy's generators report no state, so the
    state is a copy of the generator, put back in its place (draws look it up each time)."""

    __slots__ = ("index", "lookup")

    def __init__(self, index, lookup):
        self.index, self.lookup = index, lookup

    def get_state(self):
        import copy
        return copy.deepcopy(self.lookup(self.index))

    def set_state(self, state):
        from .. import _random
        _random._CUDA_GENERATORS[self.index] = state


def _restore(states):
    for generator, state in states:
        generator.set_state(state)


def _module_hooks(module):
    from ..nn.modules import module as _module
    if (_module._global_forward_hooks or _module._global_forward_pre_hooks
            or _module._global_backward_hooks or _module._global_backward_pre_hooks):
        return True
    return any(m._forward_hooks or m._forward_pre_hooks or m._backward_hooks
               or m._backward_pre_hooks for m in module.modules())


class CompiledFunctionBackward(Node):
    """The derivative of a whole compiled region: the recorded backward array calls."""

    __slots__ = ()

    def apply(self, *grads):
        if _grad_state.enabled:
            raise RuntimeError("torch.compile with aot_autograd does not currently support "
                               "double backward")
        arrays = self.arrays
        if arrays is None:
            raise RuntimeError(FREED_MESSAGE)
        for (t, vc), version in zip(self.checks, self.versions):
            if vc[0] != version:
                raise modified_inplace_error(t, vc[0], version)
        entry = self.entry
        try:
            results = iter(entry.backward(*[g._data for g in grads], *arrays))
        except Diverged:
            # The forward's own checks passed, so only values the forward never saw reach
            # here; eager mode would run a different path, which the plan cannot.
            raise RuntimeError("ember.compile: a check in the compiled backward came out "
                               "differently from its capture; run this model without "
                               "compile") from None
        return [Tensor._make(_as_array(next(results))) if present else None
                for present in entry.grad_present]

    def _release(self):
        self.arrays = None

    def __repr__(self):  # torch's node is a custom Function's, printed with that module
        return f"<ember.autograd.function.CompiledFunctionBackward object at {hex(id(self))}>"


def _dense(t):
    """Whether tensor ``t`` is strided. Without ember.sparse loaded no tensor is sparse, and
    reading ``.layout`` would load it: a first capture paid that import in its backward (the
    1000-op chain's capture 2.6 -> 3.9 eager steps)."""
    coo = sys.modules.get("ember.sparse._coo")
    return coo is None or t.layout is coo.strided


def _as_array(value):
    """A plan's result as an array: NumPy's scalars (a full reduction's) become 0-d arrays;
    device arrays stay as they are."""
    if type(value) is np.ndarray or is_device_array(value):
        return value
    return np.asarray(value)


class CapturingBackward(CompiledFunctionBackward):
    """The capture call's region node: runs the eager graph's backward while recording it."""

    __slots__ = ()

    def __init__(self, entry, outs, tensors, input_tensors, nodes):
        super().__init__()
        self.entry = entry
        self.outs = outs
        self.nodes = nodes  # the region's own nodes (_check_graph): all the backward runs
        self.tensors = tensors
        self.arrays = ()
        edge_tensors = [t for t in input_tensors if t._requires_grad]
        self.next_functions = tuple(gradient_edge(t) for t in edge_tensors)
        self.needs_input_grad = (True,) * len(edge_tensors)
        self.edge_tensors = edge_tensors

    def apply(self, *grads):
        entry = self.entry
        if self.outs is None:
            self.arrays = None
            return super().apply(*grads)
        outs = [o for o, g in zip(self.outs, entry.out_grad) if g]
        if _grad_state.enabled or entry.state != "pending":
            # create_graph (differentiable, so no plan from it) or a second backward through
            # the capture call's graph: the eager graph's own backward.
            return run_backward(outs, list(grads), True, _grad_state.enabled,
                                inputs=self.edge_tensors, accumulate=False, needed=self.nodes)
        trace = entry.trace
        originals = [t._data for t in self.tensors]
        for t, traced in zip(self.tensors, entry.traced_params):
            t._data = traced
        try:
            traced_grads = [Tensor._make(trace.new_slot(g._data, "grad")) for g in grads]
            trace.backward = True
            with capturing(trace), grad_mode.no_grad():
                results = run_backward(outs, traced_grads, True, False,
                                       inputs=self.edge_tensors, accumulate=False,
                                       needed=self.nodes)
        finally:
            trace.backward = False
            for t, data in zip(self.tensors, originals):
                t._data = data
        grad_slots = []
        for r in results:
            if r is None:
                grad_slots.append(None)
                continue
            slot = trace.slot_for(r._data)
            if slot is None:
                trace.note("a gradient that is not an array the backward computed")
            grad_slots.append(slot)
        if trace.breaks:
            entry.region.break_reasons.extend(trace.breaks)
            entry.state = _EAGER
        elif entry.state == "pending":
            entry.finish_backward(grad_slots)
        # A gradient of another layout (an Embedding's sparse one) broke the capture above
        # and goes on as it is; a dense one is handed on as a plain array's tensor.
        return [r if r is None or not _dense(r) else Tensor._make(
            _raw(r._data) if type(r._data) is Traced or type(r._data) is DeviceTraced
            else r._data) for r in results]

    def _release(self):
        self.outs = self.nodes = None


# The first call's node is named as every later call's is (torch's grad_fn of a compiled
# region's outputs is a CompiledFunctionBackward from the first call on).
CapturingBackward.__name__ = CapturingBackward.__qualname__ = "CompiledFunctionBackward"
