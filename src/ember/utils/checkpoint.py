"""ember.utils.checkpoint: trade compute for memory by recomputing a region in backward.

``checkpoint(fn, *args)`` runs ``fn`` in forward keeping none of the tensors its ops save for
backward; backward computes them again by running ``fn`` once more on the same inputs, with the
random-number state it saw the first time (so dropout draws the same mask).

PyTorch's two variants differ in how, and so does ember:

- ``use_reentrant=False`` (the recommended one) runs ``fn`` under saved-tensor hooks: each
  tensor an op saves is packed as a placeholder, and the first placeholder unpacked in a
  backward pass runs the recomputation, which collects the recomputed tensors (stopping as
  soon as it has all of them, with ``early_stop``). The outputs hang from the real nodes of
  ``fn``'s ops (``AddmmBackward0``...), so gradients reach inputs and parameters as usual and
  ``autograd.grad``, double backward and nested checkpoints work. The recomputed tensors are
  checked against the forward's (shape, dtype, device): a region that computes differently
  raises ``CheckpointError``.
- ``use_reentrant=True`` keeps only the region's outputs, which hang from one
  ``CheckpointFunctionBackward`` node; its backward recomputes the region and runs a backward
  pass through the recomputed graph. Without an input requiring grad the output does not
  require grad either, as in PyTorch.
"""
from __future__ import annotations

import contextlib
import enum
import functools
import itertools
import warnings
import weakref

from .. import _dtype as D
from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ..autograd import function as _function
from ..autograd import grad_mode
from ..autograd import graph as _graph

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError", "CheckpointFunction",
           "detach_variable", "get_device_states", "set_device_states", "DefaultDeviceType",
           "noop_context_fn", "set_checkpoint_early_stop", "set_checkpoint_debug_enabled",
           "check_backward_validity", "CheckpointPolicy", "SelectiveCheckpointContext",
           "create_selective_checkpoint_contexts", "GraphExecGroup"]


def noop_context_fn():
    """The default ``context_fn``: no context around the forward or the recomputation.

    Returns:
        Two context managers that do nothing.

    Example:
        >>> from ember.utils.checkpoint import noop_context_fn
        >>> [type(c).__name__ for c in noop_context_fn()]
        ['nullcontext', 'nullcontext']
    """
    return contextlib.nullcontext(), contextlib.nullcontext()


# set_checkpoint_early_stop's choice while its block runs (None: each call's own early_stop).
_EARLY_STOP = [None]


@contextlib.contextmanager
def set_checkpoint_early_stop(enable):
    """Inside the block, non-reentrant checkpoints stop (``enable=True``) or do not stop their
    recomputation once it has recomputed every tensor backward needs, whatever their own
    ``early_stop`` says.

    Args:
        enable (bool): whether a recomputation may stop once it has what backward needs.

    Example:
        >>> from ember.utils.checkpoint import checkpoint, set_checkpoint_early_stop
        >>> x = ember.tensor([0.0, 1.0], requires_grad=True)
        >>> with set_checkpoint_early_stop(False):
        ...     y = checkpoint(ember.exp, x, use_reentrant=False)
        >>> y.sum().backward()
        >>> x.grad
        tensor([1.0000, 2.7183])
    """
    previous = _EARLY_STOP[0]
    _EARLY_STOP[0] = enable
    try:
        yield
    finally:
        _EARLY_STOP[0] = previous


@contextlib.contextmanager
def set_checkpoint_debug_enabled(enabled):
    """Accepted for PyTorch's API: ember records no extra debug information.

    Args:
        enabled (bool or None): whether checkpoint's debug mode is forced on or off.

    Example:
        >>> from ember.utils.checkpoint import checkpoint, set_checkpoint_debug_enabled
        >>> x = ember.tensor([0.0, 1.0], requires_grad=True)
        >>> with set_checkpoint_debug_enabled(True):
        ...     checkpoint(ember.exp, x, use_reentrant=False).sum().backward()
        >>> x.grad
        tensor([1.0000, 2.7183])
    """
    yield


def check_backward_validity(inputs):
    """Warn, as PyTorch does, when no tensor input requires grad.

    Args:
        inputs (tuple): a checkpointed region's arguments.

    Example:
        >>> from ember.utils.checkpoint import check_backward_validity
        >>> check_backward_validity((ember.ones(2, requires_grad=True), 3))
    """
    if not any(isinstance(x, Tensor) and x.requires_grad for x in inputs):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                      UserWarning, stacklevel=_user_stacklevel())


class CheckpointError(RuntimeError):
    """Raised when the recomputation does not reproduce the forward pass.

    Args:
        message (str): what differed.

    Example:
        >>> from ember.utils.checkpoint import CheckpointError
        >>> issubclass(CheckpointError, RuntimeError)
        True
    """


def detach_variable(inputs):
    """Detached copies of the tensors in ``inputs`` keeping their ``requires_grad``.

    Args:
        inputs (tuple): tensors and other values; the others pass through.

    Returns:
        A tuple: each tensor detached from its graph, ``requires_grad`` as it was.

    Example:
        >>> from ember.utils.checkpoint import detach_variable
        >>> x = ember.ones(2, requires_grad=True) * 2
        >>> (a, b), = [detach_variable((x, 5))]
        >>> a.requires_grad, a.grad_fn is None, b
        (True, True, 5)
    """
    if not isinstance(inputs, tuple):
        raise RuntimeError(f"Only tuple of tensors is supported. Got Unsupported input type: "
                           f"{type(inputs).__name__}")
    out = []
    for inp in inputs:
        if not isinstance(inp, Tensor):
            out.append(inp)
            continue
        x = inp.detach()
        x.requires_grad = inp.requires_grad
        out.append(x)
    return tuple(out)


class DefaultDeviceType:
    """The device type whose generators checkpointing saves and replays when no argument is
    on an accelerator: the accelerator's type, or ``"cpu"`` on a machine without one, until
    ``set_device_type`` names another.

    Example:
        >>> from ember.utils.checkpoint import DefaultDeviceType
        >>> DefaultDeviceType.set_device_type("cpu")
        >>> DefaultDeviceType.get_device_type()
        'cpu'
    """

    _default_device_type = None

    @staticmethod
    def set_device_type(device="cuda"):
        """Make ``device`` (a device type such as ``"cuda"``) the default."""
        DefaultDeviceType._default_device_type = device

    @staticmethod
    def get_device_type():
        """The default device type, chosen from the machine on first use."""
        if not DefaultDeviceType._default_device_type:
            from ..accelerator import current_accelerator
            current = current_accelerator(True)
            DefaultDeviceType._default_device_type = "cpu" if current is None else current.type
        return DefaultDeviceType._default_device_type


def _tensor_leaves(args):
    from ._pytree import tree_leaves
    return [x for x in tree_leaves(args) if isinstance(x, Tensor)]


def _infer_device_type(*args):
    """The device type whose generators a region on ``args`` uses: CUDA's when any tensor is
    there, else the first non-CPU tensor's, else ``DefaultDeviceType``'s."""
    kinds = [x.device.type for x in _tensor_leaves(args) if x.device.type != "cpu"]
    if len(set(kinds)) > 1:
        warnings.warn(
            "Tensor arguments, excluding CPU tensors, are detected on at least two types of "
            "devices. Device state will only be saved for devices of a single device type, and "
            "the remaining devices will be ignored. Consequently, if any checkpointed functions "
            "involve randomness, this may result in incorrect gradients. (Note that if CUDA "
            "devices are among the devices detected, it will be prioritized; otherwise, the "
            "first device encountered will be selected.)"
            f"\nDevice types: {sorted(set(kinds))} first device type: {kinds[0]}",
            UserWarning, stacklevel=_user_stacklevel())
    if not kinds:
        return DefaultDeviceType.get_device_type()
    return "cuda" if "cuda" in kinds else kinds[0]


def get_device_states(*args):
    """The random-number generator states of the accelerator devices ``args``' tensors are on
    (CPU and meta tensors have none here), found through nested lists, tuples and dicts.

    Args:
        *args: tensors and containers of them.

    Returns:
        ``(device_ids, states)``: one id per tensor on an accelerator, in argument order (a
        device appears once per tensor on it), and each device's state as a uint8 tensor.

    Example:
        >>> from ember.utils.checkpoint import get_device_states
        >>> get_device_states(ember.ones(2), [ember.zeros(1)])
        ([], [])
    """
    from .._toplevel import get_device_module
    ids = [x.get_device() for x in _tensor_leaves(args) if x.device.type not in ("cpu", "meta")]
    module = get_device_module(_infer_device_type(*args))
    states = []
    for index in ids:
        with module.device(index):
            states.append(module.get_rng_state())
    return ids, states


def set_device_states(devices, states, *, device_type=None):
    """Set the random-number generator state of each device in ``devices`` to the matching
    entry of ``states`` (what ``get_device_states`` returned).

    Args:
        devices (list of int): device ids.
        states (list of Tensor): their generator states.
        device_type (str, optional): the devices' type (default:
            ``DefaultDeviceType.get_device_type()``); ``"meta"`` sets nothing.

    Example:
        >>> from ember.utils.checkpoint import get_device_states, set_device_states
        >>> set_device_states(*get_device_states(ember.ones(2)))
    """
    from .._toplevel import get_device_module
    if device_type is None:
        device_type = DefaultDeviceType.get_device_type()
    if device_type == "meta":
        return
    module = get_device_module(device_type)
    for index, state in zip(devices, states):
        with module.device(index):
            module.set_rng_state(state)


class GraphExecGroup:
    """A block in which backward passes over separate parts of one graph share the
    recomputation of non-reentrant checkpointed regions: in torch each region is recomputed
    at most once per group. ember recomputes a region for each backward that needs it, which
    gives the same values and gradients (the forward's random state is replayed each time);
    a region with side effects sees them once per recomputation. Groups cannot be nested.

    Example:
        >>> from ember.utils.checkpoint import GraphExecGroup
        >>> with GraphExecGroup() as group:
        ...     GraphExecGroup._get_current_group() is group
        True
    """

    _current = None

    def __enter__(self):
        if GraphExecGroup._current is not None:
            raise RuntimeError(f"GraphExecGroup contexts cannot be nested. Already inside "
                               f"group {GraphExecGroup._current}")
        GraphExecGroup._current = self
        return self

    def __exit__(self, *args):
        GraphExecGroup._current = None

    @classmethod
    def _get_current_group(cls):
        return GraphExecGroup._current


def _aliases(args):
    return detach_variable(tuple(args))


def _boundary(outputs, aliases, first_seq):
    """The edges through which gradient leaves the region: its inputs and outer tensors.

    Walks the graph ``fn`` just built (its nodes are numbered after ``first_seq``). An edge to
    an input's alias stands for that input; an edge to a leaf (a parameter) or to a node built
    before the region (a tensor ``fn`` captured from outside) is kept as it is.
    """
    alias_index = {id(a): i for i, a in enumerate(aliases) if isinstance(a, Tensor)}
    inputs, outer = {}, {}
    stack = [o.grad_fn for o in outputs if o.grad_fn is not None]
    seen = set(map(id, stack))
    while stack:
        node = stack.pop()
        for child, nr in node.next_functions:
            if child is None:
                continue
            if type(child) is _graph.AccumulateGrad:
                index = alias_index.get(id(child.variable))
                if index is not None:
                    inputs[index] = (child, nr)
                else:
                    outer[(id(child), nr)] = (child, nr)
            elif child._seq < first_seq:
                outer[(id(child), nr)] = (child, nr)
            elif id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return inputs, list(outer.values())


def _edge_tensor(edge):
    """A stand-in tensor whose gradient edge is ``edge`` (for capturing grads at that edge)."""
    node, nr = edge
    if type(node) is _graph.AccumulateGrad:
        return node.variable
    import numpy as np
    stand_in = Tensor._make(np.empty(0, dtype=np.float32))
    stand_in.grad_fn, stand_in._output_nr, stand_in._requires_grad = node, nr, True
    return stand_in


class CheckpointFunctionBackward(_graph.Node):
    """The node a checkpointed region's outputs hang from: in backward it recomputes the region,
    then backpropagates through the recomputed graph to the region's inputs and parameters.

    Example:
        >>> from ember.utils.checkpoint import checkpoint
        >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
        >>> checkpoint(ember.sin, x, use_reentrant=True).grad_fn.name()
        'CheckpointFunctionBackward'
    """

    def backward(self, *grads):
        if not _graph.checkpoint_valid:
            raise RuntimeError("When use_reentrant=True, ember.utils.checkpoint is incompatible "
                               "with .grad() or passing an `inputs` parameter to .backward(). To "
                               "resolve this error, you can either set use_reentrant=False, or "
                               "call .backward() without passing the `inputs` argument.")
        fn, args, kwargs, rng_state = self._fn, self._args, self._kwargs, self._rng_state
        recompute_context = self._recompute_context
        if fn is None:
            raise RuntimeError(_graph.FREED_MESSAGE)
        from .. import get_rng_state, set_rng_state
        create_graph = grad_mode.is_grad_enabled()
        current = get_rng_state() if rng_state is not None else None
        if rng_state is not None:
            set_rng_state(rng_state)
        # With create_graph the recomputation runs on the inputs themselves, so the gradients
        # it returns stay connected to them (double backward); otherwise on detached aliases.
        inputs = args if create_graph else _aliases(args)
        try:
            with grad_mode.enable_grad(), recompute_context:
                outputs = _tensors(fn(*inputs, **kwargs))
        finally:
            if current is not None:
                set_rng_state(current)
        roots, root_grads = [], []
        for out, g in zip(outputs, grads):
            if g is not None and out.requires_grad:
                roots.append(out)
                root_grads.append(g)
        targets = [inputs[i] for i in self._input_positions] + [
            _edge_tensor(e) for e in self._outer_edges]
        if not roots:
            return tuple(None for _ in self.next_functions)
        results = _graph.run_backward(roots, root_grads, True, create_graph, inputs=targets,
                               accumulate=False, allow_unused=True)
        if not create_graph:
            results = [None if r is None else r.detach() for r in results]
        return tuple(results)

    def _release(self):
        super()._release()
        self._fn = self._args = self._kwargs = self._rng_state = None
        self._recompute_context = None


def _autocast_states():
    import ember
    return [(kind, ember.is_autocast_enabled(kind), ember.get_autocast_dtype(kind))
            for kind in ("cpu", "cuda")]


@contextlib.contextmanager
def _autocasts(states):
    from .. import amp
    with contextlib.ExitStack() as stack:
        for kind, enabled, dtype in states:
            if enabled:
                stack.enter_context(amp.autocast(kind, dtype=dtype))
        yield


class CheckpointFunction(_function.Function):
    """The reentrant checkpoint as an autograd ``Function``:
    ``CheckpointFunction.apply(run_function, preserve_rng_state, *args)`` runs
    ``run_function(*args)`` without a graph; its backward reruns it on detached inputs (with
    the forward's random state when ``preserve_rng_state``, and its autocast state) and calls
    ``ember.autograd.backward`` on the rerun's outputs, which accumulates the gradients of
    the parameters ``run_function`` uses into their ``.grad`` and returns the inputs'.

    Args:
        run_function: the region, called as ``run_function(*args)``.
        preserve_rng_state (bool): replay the forward's random-number state (CPU and the
            inputs' devices) in the recomputation.
        *args: the region's arguments; tensors among them get gradients.

    Example:
        >>> from ember.utils.checkpoint import CheckpointFunction
        >>> w = ember.tensor([2.0], requires_grad=True)
        >>> x = ember.tensor([3.0], requires_grad=True)
        >>> y = CheckpointFunction.apply(lambda t: t * w, True, x)
        >>> y.grad_fn.name()
        'CheckpointFunctionBackward'
        >>> y.sum().backward()
        >>> x.grad, w.grad
        (tensor([2.]), tensor([3.]))
    """

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        from .. import get_rng_state
        check_backward_validity(args)
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        ctx.device_type = _infer_device_type(*args)
        ctx.autocast_states = _autocast_states()
        if preserve_rng_state:
            ctx.fwd_cpu_state = get_rng_state()
            ctx.fwd_devices, ctx.fwd_device_states = get_device_states(*args)
        ctx.tensor_indices = [i for i, arg in enumerate(args) if isinstance(arg, Tensor)]
        ctx.inputs = [None if isinstance(arg, Tensor) else arg for arg in args]
        ctx.save_for_backward(*(args[i] for i in ctx.tensor_indices))
        with grad_mode.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        from .. import autograd, random, set_rng_state
        inputs = list(ctx.inputs)
        for index, tensor in zip(ctx.tensor_indices, ctx.saved_tensors):
            inputs[index] = tensor
        devices = ctx.fwd_devices if ctx.preserve_rng_state else []
        with random.fork_rng(devices=devices, enabled=ctx.preserve_rng_state,
                             device_type=ctx.device_type):
            if ctx.preserve_rng_state:
                set_rng_state(ctx.fwd_cpu_state)
                set_device_states(ctx.fwd_devices, ctx.fwd_device_states,
                                  device_type=ctx.device_type)
            detached = detach_variable(tuple(inputs))
            with grad_mode.enable_grad(), _autocasts(ctx.autocast_states):
                outputs = ctx.run_function(*detached)
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        pairs = [(out, grad) for out, grad in zip(outputs, grads)
                 if isinstance(out, Tensor) and out.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is "
                               "not necessary")
        autograd.backward([out for out, _ in pairs], [grad for _, grad in pairs])
        return (None, None) + tuple(x.grad if isinstance(x, Tensor) else None for x in detached)


# --- use_reentrant=False: saved-tensor hooks that recompute ----------------------------------

_DEBUG_TIP = """
Tip: To see a more detailed error message, either pass `debug=True` to
`ember.utils.checkpoint.checkpoint(...)` or wrap the code block
with `with ember.utils.checkpoint.set_checkpoint_debug_enabled(True):` to
enable checkpoint\u2011debug mode globally.

If this error occurs under ember.compile with automatic_dynamic_shapes enabled,
it may be because the recomputation selected a different compiled graph than the
forward pass (e.g., a dynamic graph instead of the original static graph).
To fix this, either:
  - Use ember._dynamo.mark_dynamic() to explicitly mark varying dimensions as
    dynamic upfront, avoiding the static-to-dynamic transition.
  - Call ember._C._dynamo.eval_frame._set_lru_cache(False) to disable LRU cache
    reordering, which can change which graph is checked first between forward
    and recompute.
See https://github.com/pytorch/pytorch/issues/166926 for more details and
workaround examples.
"""

# A backward pass is known by its graph task's id; an unpack outside one gets an id of its own.
_LOOSE_IDS = itertools.count(-1, -1)


class _StopRecomputation(Exception):
    """Raised inside a recomputation once it has recomputed every saved tensor (early stop)."""


class _Placeholder:
    """What a checkpointed region's op saves instead of a tensor: its position among the
    tensors the region saved, under which each backward pass's recomputation files it."""

    __slots__ = ("index", "__weakref__")

    def __init__(self, index):
        self.index = index


def _metadata(tensor):
    return {"shape": tensor.shape, "dtype": tensor.dtype, "device": tensor.device}


class _Frame:
    """One non-reentrant checkpoint call: how to run the region again, a weak reference to the
    placeholder of each tensor its forward saved (in order, with that tensor's metadata), and
    the tensors each backward pass recomputed."""

    def __init__(self, recompute, inputs, early_stop, check):
        self.recompute = recompute
        self.inputs = [(x, x._version) if isinstance(x, Tensor) else x for x in inputs]
        self.early_stop = early_stop
        self.check = check
        self.placeholders = []
        self.metadata = []
        self.recomputed = {}    # pass id -> {position: recomputed tensor not yet unpacked}
        self.counts = {}        # pass id -> tensors saved by its recomputation so far
        self.done = set()       # pass ids whose recomputation ran
        self.forward_completed = False
        self.ignore_mismatch = False

    def pack(self, tensor):
        placeholder = _Placeholder(len(self.placeholders))
        self.placeholders.append(weakref.ref(placeholder))
        if self.check:
            self.metadata.append(_metadata(tensor))
        return placeholder

    def unpack(self, placeholder):
        task = _graph._current_graph_task()
        key = task.id if task is not None else next(_LOOSE_IDS)
        if key not in self.done:
            self._recompute(key)
        tensor = self.recomputed[key].pop(placeholder.index, None)
        if tensor is None:
            raise CheckpointError(
                "ember.utils.checkpoint: Unpack is being triggered for a tensor that was "
                "already unpacked once. If you are calling ctx.saved_tensors in backward, make "
                "sure to do so only once. Otherwise please open an issue with details on your "
                "use case.")
        return tensor

    def _recompute(self, key):
        inputs = []
        for item in self.inputs:
            if type(item) is tuple:
                tensor, version = item
                if tensor._version != version:
                    raise _graph.modified_inplace_error(tensor, tensor._version, version)
                item = tensor
            inputs.append(item)
        self.recomputed[key], self.counts[key] = {}, 0
        try:
            with _graph.saved_tensors_hooks(functools.partial(self._keep, key), _same), \
                    grad_mode.enable_grad():
                self.recompute(*inputs)
        except _StopRecomputation:
            pass
        self.done.add(key)
        self._check(key)

    def _keep(self, key, tensor):
        """The recomputation's pack hook: the recomputed tensor goes where the forward's
        placeholder at the same position will find it."""
        tensor = tensor.detach() if tensor.requires_grad else tensor
        index = self.counts[key]
        self.counts[key] = index + 1
        if index >= len(self.placeholders):
            if not self.forward_completed:
                # autograd.grad inside the region (without early stop) saves more: allowed
                self.ignore_mismatch = True
                return tensor
            raise CheckpointError("ember.utils.checkpoint: trying to save more tensors during "
                                  "recomputation than during the original forward pass.\n"
                                  + _DEBUG_TIP)
        if self.placeholders[index]() is not None:  # (None: its node was freed already)
            self.recomputed[key][index] = tensor
        if self.early_stop and index + 1 == len(self.placeholders):
            raise _StopRecomputation
        return tensor

    def _check(self, key):
        if self.ignore_mismatch:
            return
        if len(self.placeholders) != self.counts[key]:
            raise CheckpointError(
                "ember.utils.checkpoint: A different number of tensors was saved during the "
                "original forward and recomputation.\n"
                f"Number of tensors saved during forward: {len(self.placeholders)}\n"
                f"Number of tensors saved during recomputation: {self.counts[key]}.\n"
                + _DEBUG_TIP)
        if not self.check:
            return
        different = ""
        recomputed = self.recomputed[key]
        for index, again in sorted(recomputed.items()):
            saved, again = self.metadata[index], _metadata(again)
            if saved != again:
                different += (f"tensor at position {index}:\nsaved metadata: {saved}\n"
                              f"recomputed metadata: {again}\n")
        if different:
            raise CheckpointError(
                "ember.utils.checkpoint: Recomputed values for the following tensors have "
                f"different metadata than during the forward pass.\n{different}.\n"
                + _DEBUG_TIP)


def _same(value):
    return value


def _rng_devices(args):
    """The accelerator devices of ``args``' tensors, whose generators the recomputation
    replays beside the CPU's."""
    return sorted({x.device.index or 0 for x in args
                   if isinstance(x, Tensor) and x.device.type == "cuda"})


def _without_reentrant(function, args, kwargs, context_fn, determinism_check, early_stop,
                       preserve_rng_state):
    """``function(*args, **kwargs)`` with the tensors its ops save replaced by placeholders
    that recompute them when backward first needs one."""
    import ember
    from .. import amp, cuda, get_rng_state, random, set_rng_state
    forward_context, recompute_context = context_fn()
    devices = _rng_devices(args)
    cpu_state = get_rng_state() if preserve_rng_state else None
    device_states = [cuda.get_rng_state(d) for d in devices] if preserve_rng_state else []
    autocasts = [(kind, ember.is_autocast_enabled(kind), ember.get_autocast_dtype(kind))
                 for kind in ("cpu", "cuda")]

    def recompute(*inputs):
        with random.fork_rng(devices=devices, enabled=preserve_rng_state, device_type="cuda"):
            if preserve_rng_state:
                set_rng_state(cpu_state)
                for device, state in zip(devices, device_states):
                    cuda.set_rng_state(state, device)
            with contextlib.ExitStack() as stack:
                for kind, enabled, dtype in autocasts:
                    if enabled:
                        stack.enter_context(amp.autocast(kind, dtype=dtype))
                stack.enter_context(recompute_context)
                function(*inputs, **kwargs)

    stop = _EARLY_STOP[0] if _EARLY_STOP[0] is not None else early_stop
    frame = _Frame(recompute, args, stop, determinism_check == "default")
    with _graph.saved_tensors_hooks(frame.pack, frame.unpack):
        suppressed = True
        with forward_context:
            result = function(*args, **kwargs)
            suppressed = False
        if suppressed:
            raise RuntimeError("ember.utils.checkpoint: the forward context provided by "
                               "context_fn suppressed an exception raised during the "
                               "checkpointed forward. This is not supported because checkpoint "
                               "cannot return a value for a failed forward.")
    frame.forward_completed = True
    return result


def _tensors(out):
    if isinstance(out, Tensor):
        return [out]
    if isinstance(out, (tuple, list)):
        return [o for o in out if isinstance(o, Tensor)]
    return []


_USE_REENTRANT_WARNING = (
    "ember.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting "
    "in PyTorch 2.9, calling checkpoint without use_reentrant will raise an exception. "
    "use_reentrant=False is recommended, but if you need to preserve the current default "
    "behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
    "differences between the two variants.")
_SEQUENTIAL_REENTRANT_WARNING = (
    "ember.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be passed "
    "explicitly. In version 2.9 we will raise an exception if use_reentrant is not passed. "
    "use_reentrant=False is recommended, but if you need to preserve the current default "
    "behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
    "differences between the two variants.")


def checkpoint(function, *args, use_reentrant=None, context_fn=noop_context_fn,
               determinism_check="default", debug=False, early_stop=True, **kwargs):
    """Run ``function(*args, **kwargs)`` keeping only its outputs; recompute it in backward.

    Args:
        function: the region; returns a tensor or a tuple/list of them (other values pass).
        use_reentrant: PyTorch's variant switch (default True with a warning, as PyTorch).
        context_fn: returns two context managers, one around the forward and one around the
            recomputation (``create_selective_checkpoint_contexts`` makes such a pair).
        determinism_check: ``"default"`` compares the shape, dtype and device of each tensor
            the recomputation saves with the forward's (``CheckpointError`` when they differ);
            ``"none"`` does not.
        early_stop: non-reentrant only: stop the recomputation as soon as it has recomputed
            every tensor backward needs (``set_checkpoint_early_stop`` overrides it).
        preserve_rng_state (keyword, default True): replay the forward's random-number state
            in the recomputation.

    Returns:
        What ``function`` returns. Non-reentrant: its tensors hang from the region's own nodes;
        reentrant: from one ``CheckpointFunctionBackward``.

    Example:
        >>> from ember.utils.checkpoint import checkpoint
        >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
        >>> y = checkpoint(lambda t: t.exp().sum(), x, use_reentrant=True)
        >>> y.backward()
        >>> x.grad
        tensor([2.7183, 7.3891])
    """
    preserve_rng_state = kwargs.pop("preserve_rng_state", True)
    if use_reentrant is None:
        warnings.warn(_USE_REENTRANT_WARNING, UserWarning, stacklevel=_user_stacklevel())
        use_reentrant = True
    if use_reentrant and (context_fn is not noop_context_fn or debug):
        raise ValueError("Passing `context_fn` or `debug` is only supported when "
                         "use_reentrant=False.")
    if use_reentrant and kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if determinism_check not in ("default", "none"):
        raise ValueError(f"determinism_check should be one of ['default', 'none'], but got "
                         f"{determinism_check}")
    if use_reentrant:
        check_backward_validity(args)
    if not grad_mode.is_grad_enabled():
        return function(*args, **kwargs)
    if not use_reentrant and context_fn is noop_context_fn and _capturing() \
            and _runs_the_same_twice(function):
        # Inside ember.compile's capture the plan keeps the region's activations anyway, and
        # the values and gradients are the function's own: it is recorded as it runs (the
        # recompute in backward would read the saved RNG state into Python, which breaks
        # the capture of the backward). Only for a module whose second run in the recompute
        # changes nothing outside: no buffers to update (BatchNorm's statistics, a step
        # counter) and no hooks to call again.
        return function(*args, **kwargs)
    if not use_reentrant:
        return _without_reentrant(function, args, kwargs, context_fn, determinism_check,
                                  early_stop, preserve_rng_state)
    forward_context, recompute_context = context_fn()
    from .. import get_rng_state
    rng_state = get_rng_state() if preserve_rng_state else None
    aliases = _aliases(args)
    first_seq = next(_graph._sequence)
    with grad_mode.enable_grad(), forward_context:
        result = function(*aliases, **kwargs)
    outputs = _tensors(result)
    inputs, outer = _boundary(outputs, aliases, first_seq)
    positions = sorted(inputs)
    if not positions and (use_reentrant or not outer):
        return _detached(result)
    node = CheckpointFunctionBackward()
    node._fn, node._args, node._kwargs, node._rng_state = function, args, kwargs, rng_state
    node._recompute_context = recompute_context
    node._input_positions = positions
    node._outer_edges = outer
    node.next_functions = tuple([_graph.gradient_edge(args[i]) for i in positions] + outer)
    node.needs_input_grad = tuple(True for _ in node.next_functions)
    node._num_outputs = len(outputs)
    node._output_meta = tuple((o._data.shape, o._dtype, o._device)
                              if o._dtype.category >= D._FLOAT else None for o in outputs)
    attached = {}
    for i, o in enumerate(outputs):
        new = Tensor._make(o._data)
        if o._dtype.category >= D._FLOAT and o.requires_grad:
            new.grad_fn, new._output_nr, new._requires_grad = node, i, True
        attached[id(o)] = new
    return _replace(result, attached)


def _capturing():
    from .._compile.region import _state
    return _state.capturing


def _runs_the_same_twice(function):
    """True for a module (or a module's method) without buffers or module hooks."""
    from ..nn.modules import module as _module
    owner = function if isinstance(function, _module.Module) else \
        getattr(function, "__self__", None)
    if not isinstance(owner, _module.Module) or _module._global_forward_hooks \
            or _module._global_forward_pre_hooks:
        return False
    return all(not (m._buffers or m._forward_hooks or m._forward_pre_hooks
                    or m._backward_hooks or m._backward_pre_hooks) for m in owner.modules())


def _detached(result):
    return _replace(result, {id(o): o.detach() for o in _tensors(result)})


def _replace(result, mapping):
    if isinstance(result, Tensor):
        return mapping[id(result)]
    if isinstance(result, (tuple, list)):
        return type(result)(mapping.get(id(o), o) if isinstance(o, Tensor) else o
                            for o in result)
    return result


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run a Sequential (or list of modules) in ``segments`` checkpointed chunks.

    The last chunk runs without checkpointing, as in PyTorch (its outputs are needed at once).

    Args:
        functions: an ``nn.Sequential`` or a list of modules/functions run in order.
        segments (int): how many chunks to split them into.
        input (Tensor): the first one's input.
        use_reentrant (bool): PyTorch's variant switch, as in ``checkpoint``.

    Returns:
        The last module's output.

    Example:
        >>> from ember.utils.checkpoint import checkpoint_sequential
        >>> model = ember.nn.Sequential(ember.nn.Tanh(), ember.nn.Sigmoid(), ember.nn.Softplus())
        >>> x = ember.tensor([0.5, -1.0], requires_grad=True)
        >>> checkpoint_sequential(model, 2, x, use_reentrant=False).sum().backward()
        >>> x.grad
        tensor([0.1210, 0.0528])
    """
    if use_reentrant is None:
        warnings.warn(_SEQUENTIAL_REENTRANT_WARNING, UserWarning, stacklevel=_user_stacklevel())
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if hasattr(functions, "children"):
        functions = list(functions.children())
    size = len(functions) // segments

    def run(start, end):
        def forward(x):
            for j in range(start, end + 1):
                x = functions[j](x)
            return x
        return forward

    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run(end + 1, len(functions) - 1)(input)


class CheckpointPolicy(enum.Enum):
    """What a selective-checkpoint policy decides for one operator call: keep its output from
    the forward (``MUST_SAVE``/``PREFER_SAVE``) or compute it again in backward.

    Args:
        value (int): the member's number, 0 to 5.

    Example:
        >>> from ember.utils.checkpoint import CheckpointPolicy
        >>> CheckpointPolicy.MUST_SAVE, CheckpointPolicy(3)
        (<CheckpointPolicy.MUST_SAVE: 0>, <CheckpointPolicy.PREFER_RECOMPUTE: 3>)
    """

    MUST_SAVE = 0
    PREFER_SAVE = 1
    MUST_RECOMPUTE = 2
    PREFER_RECOMPUTE = 3
    MUST_CPU_OFFLOAD = 4
    PREFER_CPU_OFFLOAD = 5


class SelectiveCheckpointContext:
    """What a selective-checkpoint policy function receives first.

    Args:
        is_recompute (bool): always False: the policy is asked in the forward only.
        op_output: the operator call's output, when known.

    Example:
        >>> from ember.utils.checkpoint import SelectiveCheckpointContext
        >>> ctx = SelectiveCheckpointContext(is_recompute=False)
        >>> ctx.is_recompute, ctx.op_output
        (False, None)
    """

    def __init__(self, *, is_recompute, op_output=None):
        self.is_recompute = is_recompute
        self.op_output = op_output


@functools.cache  # the classes once; _python_dispatch is imported on first use
def _policy_modes():
    from ._python_dispatch import TorchDispatchMode

    class _AskPolicy(TorchDispatchMode):
        """The forward's mode: asks the policy about each operator call it sees."""

        def __init__(self, policy_fn):
            super().__init__()
            self.policy_fn = policy_fn

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            # The answer only chooses what to keep, and ember recomputes the whole region
            # anyway; PyTorch does not check the answer's type either.
            self.policy_fn(SelectiveCheckpointContext(is_recompute=False), func, *args, **kwargs)
            return func(*args, **kwargs)

    class _Recompute(TorchDispatchMode):
        """The recomputation's mode: runs each operator call as it is."""

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            return func(*args, **(kwargs or {}))

    return _AskPolicy, _Recompute


def create_selective_checkpoint_contexts(policy_fn_or_list, allow_cache_entry_mutation=False):
    """The two context managers of selective activation checkpointing, for ``checkpoint``'s
    ``context_fn`` (with ``functools.partial``).

    ``policy_fn(ctx, op, *args, **kwargs)`` returns a ``CheckpointPolicy`` for each operator
    call of the forward; a list of ``OpOverload`` s stands for "``MUST_SAVE`` these,
    ``PREFER_RECOMPUTE`` the rest". What differs from PyTorch: ember recomputes the whole region
    whatever the policy says (the gradients are the same; only the memory kept differs), and
    the policy is asked about the operator calls ember reports to dispatch modes (see
    ``ember.utils._python_dispatch``).

    Args:
        policy_fn_or_list (Callable or list): the policy, or the operators to save.
        allow_cache_entry_mutation (bool): accepted for PyTorch's API.

    Returns:
        A tuple of two context managers: around the forward, around the recomputation.

    Example:
        >>> import functools
        >>> from ember.utils.checkpoint import checkpoint, create_selective_checkpoint_contexts
        >>> x = ember.ones(2, 2, requires_grad=True)
        >>> context_fn = functools.partial(create_selective_checkpoint_contexts,
        ...                                [ember.ops.aten.mm.default])
        >>> y = checkpoint(lambda t: (t @ t).sin().sum(), x, use_reentrant=False,
        ...                context_fn=context_fn)
        >>> y.backward()
        >>> x.grad
        tensor([[-1.6646, -1.6646],
                [-1.6646, -1.6646]])
    """
    from .. import _aten
    if isinstance(policy_fn_or_list, list):
        for op in policy_fn_or_list:
            if not isinstance(op, _aten.OpOverload):
                extra = ("Please update the OpOverloadPacket to a specific OpOverload.For "
                         "example, if you have `ember.ops.aten.mm`, change it to "
                         "`ember.ops.aten.mm.default`."
                         if isinstance(op, _aten.OpOverloadPacket) else "")
                raise ValueError(f"Expected op in `op_list` to be an OpOverload but got: {op} "
                                 f"of type {type(op)}. {extra}")
        ops = list(policy_fn_or_list)

        def policy_fn(ctx, op, *args, **kwargs):
            return CheckpointPolicy.MUST_SAVE if op in ops else \
                CheckpointPolicy.PREFER_RECOMPUTE
    elif callable(policy_fn_or_list):
        policy_fn = policy_fn_or_list
    else:
        raise TypeError("policy_fn_or_list must be either a function or a list of ops.")
    ask, recompute = _policy_modes()
    return ask(policy_fn), recompute()
