"""The backward graph: Node (every grad_fn), AccumulateGrad (leaves), and the engine.

How backward works, in one page:
  1. Starting from the roots' grad_fns, walk the graph once (iteratively) and count, for every
     Node, how many edges point into it.
  2. Put the roots in a ready queue with their starting gradients.
  3. Pop the ready Node created last (highest sequence number), give it the sum of the
     gradients that arrived for each of its outputs, and call its derivative rule. That gives
     one gradient per input edge; add each to the buffer of the Node the edge points to and
     decrease that Node's count. A Node whose count reaches zero has all its gradients: queue it.
  4. Leaves are AccumulateGrad Nodes: they add the gradient into ``tensor.grad``.
  5. Unless ``retain_graph``, each Node drops its saved values right after it ran.
"""
from __future__ import annotations

import heapq
import itertools
import os
import sys
import threading
import traceback
import warnings
import weakref

import numpy as _np

from . import grad_mode
from .._aten import ACTIVE as _ATEN_ACTIVE
from .forward_ad import _attach as _attach_tangent, _state as _forward_ad_state
from .._deprecated import _user_stacklevel

_getrefcount = sys.getrefcount
_grad_state = grad_mode._state
_new_object = object.__new__

_sequence = itertools.count()
# A leaf's place in the engine's ready heap: before every other node.
_LEAF_KEY = float("-inf")
# Set by ember.autograd.profiler while it records: [function(node, grads) -> node's grads].
_profiling = []


class _Freed:
    """Marker left in place of saved values once backward has released them."""


FREED = _Freed()
# What torch says when a graph's saved values are used after backward freed them.
FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you "
    "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
    "through the graph a second time or if you need to access saved tensors after calling "
    "backward.")



# The scalar types torch still has a legacy tensor class for (torch.FloatTensor...): its error
# names a tensor of one of these by that class, any other as CPUBoolType, CPUBFloat16Type...
_CLASSIC_LEGACY = {"ByteTensor", "CharTensor", "ShortTensor", "IntTensor", "LongTensor",
                   "HalfTensor", "FloatTensor", "DoubleTensor"}


def _type_name(t):
    legacy = t.dtype._legacy
    return f"ember.{legacy}" if legacy in _CLASSIC_LEGACY else f"CPU{legacy[:-6]}Type"


def modified_inplace_error(t, version, expected, where=""):
    """torch's error for a saved tensor changed in place after it was saved."""
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{_type_name(t)} {list(t.shape)}]{where} is at version {version}; "
        f"expected version {expected} instead. Hint: enable anomaly detection to find the "
        "operation that failed to compute its gradient, with "
        "ember.autograd.set_detect_anomaly(True, check_nan=False).")


class Node:
    """A recorded operation: knows its inputs (next_functions) and its derivative rule.

    Subclasses implement ``backward(self, *grads)`` returning one gradient per input edge
    (None where no gradient flows). Gradients are ember Tensors, so a rule written with ember
    ops is itself differentiable (``create_graph=True``).
    """

    # Every node sets the slots; what few nodes have (hooks, several outputs) are class-level
    # defaults that an instance overrides in its __dict__, so making a node stays cheap.
    __slots__ = ("next_functions", "needs_input_grad", "_saved", "_seq", "_input_meta",
                 "__dict__", "__weakref__")
    _pre_hooks = None
    _hooks = None
    _tensor_hooks = None
    _hooked = False     # set once any hook is registered: the engine then looks for them
    _num_outputs = 1
    _output_meta = None
    # The order saved-tensor hooks see the saved values in, as indices into the saved tuple,
    # where torch's op saves them in another order than the rule reads them (mul packs other
    # first); None: the saved tuple's own order
    _pack_order = None

    def __init__(self):
        self._seq = next(_sequence)
        self.next_functions = ()
        self.needs_input_grad = ()
        self._saved = ()
        self._input_meta = ()
        if _Anomaly.enabled:
            # Where the forward ran, shown if this node's backward fails.
            self._anomaly_trace = forward_trace()

    def name(self):
        return type(self).__name__

    @property
    def metadata(self):
        """A dict for the user's own notes about this node (kept as long as the node)."""
        notes = self.__dict__.get("_metadata")
        if notes is None:
            notes = self.__dict__["_metadata"] = {}
        return notes

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def __getattr__(self, name):
        # Only for attributes not found otherwise: torch's _saved_<name> views of saved values.
        if name.startswith(("_saved_", "_raw_saved_")):
            read = _saved_fields(type(self).__name__).get(name)
            if read is not None:
                return read(self)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __dir__(self):
        return sorted({*super().__dir__(), *_saved_fields(type(self).__name__)})

    # -- saved values ------------------------------------------------------------------------
    def save_for_backward(self, *tensors):
        """Keep tensors for the derivative, with their version to detect later in-place edits."""
        tensor_class = _Tensor or _tensor_class()
        self._saved = tuple([SavedTensor(t, self) if isinstance(t, tensor_class) else t
                             for t in tensors])

    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        count = len(saved)
        if count == 1:  # most rules save one value: no list to build
            first = saved[0]
            return (first.unpack(self),) if type(first) is SavedTensor else saved
        if count == 2:  # binary ops: no list either
            first, second = saved
            return (first.unpack(self) if type(first) is SavedTensor else first,
                    second.unpack(self) if type(second) is SavedTensor else second)
        return tuple([s.unpack(self) if type(s) is SavedTensor else s for s in saved])

    def _release(self):
        if self._saved:
            self._saved = FREED

    # -- hooks -------------------------------------------------------------------------------
    def register_hook(self, hook):
        """hook(grad_inputs, grad_outputs) runs after this node's derivative."""
        if self._hooks is None:
            self._hooks = {}
        self._hooked = True
        return _add_hook(self._hooks, hook)

    def register_prehook(self, hook):
        """hook(grad_outputs) runs before this node's derivative; may return new grads."""
        if self._pre_hooks is None:
            self._pre_hooks = {}
        self._hooked = True
        return _add_hook(self._pre_hooks, hook)

    def _add_tensor_hook(self, output_nr, hook):
        if self._tensor_hooks is None:
            self._tensor_hooks = {}
        self._hooked = True
        return _add_hook(self._tensor_hooks.setdefault(output_nr, {}), hook)

    def backward(self, *grads):  # pragma: no cover - every subclass defines it
        raise NotImplementedError(f"{self.name()} has no derivative")

    def apply(self, *grads):
        return self.backward(*grads)


class RemovableHandle:
    """Returned by register_*hook; ``remove()`` unregisters the hook."""

    _ids = itertools.count()

    def __init__(self, table):
        self.id = next(RemovableHandle._ids)
        self._table = weakref.ref(table) if not isinstance(table, dict) else table

    def remove(self):
        self._table.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _add_hook(table, hook):
    handle = RemovableHandle(table)
    table[handle.id] = hook
    return handle


def _saved_fields(node_name):
    """{``_saved_<name>`` and ``_raw_saved_<name>``: its reader} for the node class
    ``node_name`` (see _saved_fields)."""
    from ._saved_fields import FIELDS, raw_fields
    return {**FIELDS.get(node_name, {}), **raw_fields(node_name)}


def _tensor_class():
    """The Tensor class, imported on first use (the tensor module imports this one)."""
    global _Tensor
    if _Tensor is None:
        from .._tensor import Tensor
        _Tensor = Tensor
    return _Tensor


_Tensor = None


INFERENCE_SAVE_MESSAGE = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `ember.no_grad()` instead of "
    "`ember.inference_mode()`.")


class SavedTensor:
    """A tensor saved for backward; unpacking checks it was not modified in place since.

    Values that are not tensors (Python scalars, None) are saved as they are, beside these.
    """

    __slots__ = ("tensor", "version", "counter", "output_nr", "dtype", "device",
                 "requires_grad", "attributes", "packed", "unpack_hook", "edge")

    def __new__(cls, tensor, node):
        # A plain function body run once per saved tensor of every recorded op (no __init__).
        if tensor._inference:
            raise RuntimeError(INFERENCE_SAVE_MESSAGE)
        if _hooks_in_use[0] and _hooks_state.stack:
            return _packed(cls, tensor, node)
        self = _new_object(cls)
        counter = self.counter = tensor._vc
        self.version = counter[0]
        if tensor.grad_fn is node:
            # Saving an op's own output would make a cycle (output -> node -> output): keep
            # its array only and rebuild the tensor, attached to the node, when unpacked.
            self.tensor = tensor._data
            self.output_nr = tensor._output_nr
            self.dtype, self.device = tensor._dtype, tensor._device
            # Under forward AD the output's tangent is attached after this save: keep the
            # output's attribute dict (not the output), so the rebuilt tensor carries it and a
            # backward run with create_graph pushes tangents through it (forward-over-reverse).
            self.attributes = tensor.__dict__ if _forward_ad_state.level is not None else None
        else:
            self.tensor = tensor
            self.output_nr = None
        return self

    def unpack(self, node):
        if self.tensor is _PACKED:
            return _unpacked(self, node)
        if self.output_nr is not None:
            t = (_Tensor or _tensor_class())._wrap(self.tensor, self.dtype, self.device)
            t._vc = self.counter
            t.grad_fn = node
            t._requires_grad = True
            t._output_nr = self.output_nr
            if self.attributes and _forward_ad_state.level is not None:
                tangent = self.attributes.get("_fw_grad")
                if tangent is not None:
                    _attach_tangent(t, tangent)
        else:
            t = self.tensor
        if self.counter[0] != self.version:
            grad_fn = t.grad_fn
            # PyTorch names the op without its "Backward0" suffix, and leaves not at all.
            where = (f", which is output {t._output_nr} of "
                     f"{grad_fn.name().rsplit('Backward', 1)[0]}," if grad_fn is not None else "")
            raise modified_inplace_error(t, self.counter[0], self.version, where)
        return t


# --- saved-tensor hooks (ember.autograd.graph.saved_tensors_hooks) ----------------------------
# Each thread has its own stack of (pack_hook, unpack_hook) pairs, as in torch; the count of
# stacks in use across threads lets SavedTensor skip the thread-local lookup when none is.

class _HooksState(threading.local):
    def __init__(self):
        self.stack = []
        self.disabled = None  # disable_saved_tensors_hooks's message while it is active


_hooks_state = _HooksState()
_hooks_in_use = [0]
_PACKED = _Freed()  # SavedTensor.tensor of a value kept by a pack hook (in SavedTensor.packed)


def saved_hooks_active():
    """Whether tensors saved for backward in this thread now go through pack hooks."""
    return bool(_hooks_in_use[0] and _hooks_state.stack)


def _packed(cls, tensor, node, hooks=None):
    """A SavedTensor holding ``pack_hook(tensor)`` instead of the tensor; the unpack hook it
    will call, and how to give the unpacked value back its place in the graph, beside it.
    ``hooks``: the (pack, unpack) pair, when not the innermost ``saved_tensors_hooks``'."""
    self = _new_object(cls)
    pack, unpack = hooks or _hooks_state.stack[-1]
    stack, _hooks_state.stack = _hooks_state.stack, []  # a pack hook's own ops save plainly
    try:
        self.packed = pack(tensor)
    finally:
        _hooks_state.stack = stack
    self.tensor = _PACKED
    self.unpack_hook = unpack
    self.counter = self.version = None
    self.output_nr = tensor._output_nr if tensor.grad_fn is node else None
    # An input's place in the graph (its grad_fn, or its leaf's accumulator) goes back onto
    # the unpacked value, so a create_graph backward still reaches it.
    self.edge = gradient_edge(tensor) if tensor._requires_grad and \
        self.output_nr is None else None
    return self


def _unpacked(saved, node):
    """``unpack_hook(packed)``, as a tensor placed where the saved one was in the graph."""
    value = saved.unpack_hook(saved.packed)
    tensor_class = _Tensor or _tensor_class()
    if not isinstance(value, tensor_class):
        raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got "
                        f"result of type {type(value).__name__}")
    if saved.output_nr is None and saved.edge is None:
        return value
    t = tensor_class._wrap(value._data, value._dtype, value._device)
    t._vc = value._vc
    t._requires_grad = True
    if saved.output_nr is not None:
        t.grad_fn, t._output_nr = node, saved.output_nr
    else:
        edge, t._output_nr = saved.edge
        if type(edge) is AccumulateGrad:
            t._accumulator = weakref.ref(edge)
        else:
            t.grad_fn = edge
    return t


class AccumulateGrad(Node):
    """The grad_fn-like node of a leaf: adds incoming gradients into ``variable.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        super().__init__()
        self.variable = variable

    def name(self):
        return "ember::autograd::AccumulateGrad"  # PyTorch: torch::autograd::AccumulateGrad

    def __lt__(self, other):
        # Only the engine's ready heap compares nodes, and only leaves' (all of one priority):
        # never "less", so ties fall where the heap's own sifting puts them, as in torch's
        # ready queue (a std::priority_queue, whose sifting heapq's matches).
        return False

    def backward(self, grad):
        """Add ``grad`` (already passed through the leaf's hooks by the engine) into .grad."""
        if grad is None:  # no gradient reached this leaf (a custom backward returned None)
            return ()
        var = self.variable
        with _LEAF_LOCK:
            _accumulate_into_leaf(var, grad)
        if var._post_acc_hooks:
            _run_post_accumulate_hooks(var)
        return ()


def _run_post_accumulate_hooks(var):
    """A leaf's post-accumulate hooks, which torch requires to return None."""
    tensor_class = _Tensor or _tensor_class()
    for hook in list(var._post_acc_hooks.values()):
        result = hook(var)
        if result is None:
            continue
        if isinstance(result, tensor_class):
            raise RuntimeError("Tensor post accumulate grad hooks should return None.")
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")


# Backward calls in several threads may reach the same leaf: its read-add-write of .grad must
# not interleave, or contributions are lost. One lock taken once per leaf per backward pass.
_LEAF_LOCK = threading.Lock()


def _checked_hook_result(hook, grad, new):
    """A hook may replace a gradient, but not change its shape, dtype or device (PyTorch's
    errors)."""
    name = getattr(hook, "__name__", type(hook).__name__)
    _expect_tensor(new)
    if new._data.shape != grad._data.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    if new._dtype is not grad._dtype or new._device.type != grad._device.type:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was "
                           f"{_type_string(grad)} got {_type_string(new)})")
    return new


def _expect_tensor(value):
    """torch's TypeError for a hook that returned something other than a tensor."""
    if not isinstance(value, _Tensor or _tensor_class()):
        raise TypeError(f"expected Variable, but hook returned '{type(value).__name__}'")


def _type_string(t):
    """A tensor's legacy type name, as torch's hook errors give it (ember.FloatTensor,
    ember.cuda.FloatTensor, MetaFloatType)."""
    legacy, device = t._dtype._legacy, t._device.type
    if t._dtype.category == 3:  # no legacy tensor class: the backend's type name
        return f"{device.upper()}{legacy[:-len('Tensor')]}Type"
    if device == "cpu":
        return f"ember.{legacy}"
    if device == "cuda":
        return f"ember.cuda.{legacy}"
    return f"{device.capitalize()}{legacy[:-len('Tensor')]}Type"


def _checked_node_hook_result(hook, grad_inputs, new, pre=False):
    """What a Node's post hook returned in place of its gradients (a pre hook's in place of
    the gradients it gets): a tuple of as many, each None or a gradient of the replaced one's
    shape and type (PyTorch's errors); a pre hook may fill in a missing one."""
    if not isinstance(new, tuple):
        raise TypeError(f"expected tuple, but hook returned '{type(new).__name__}'")
    name = getattr(hook, "__name__", type(hook).__name__)
    if len(new) != len(grad_inputs):
        raise RuntimeError(f"hook '{name}' has returned an incorrect number of values (got "
                           f"{len(new)}, but expected {len(grad_inputs)})")
    for old, value in zip(grad_inputs, new):
        if value is None or old is None and (pre or getattr(hook, "_fills_none", False)):
            continue
        if old is None:
            _expect_tensor(value)
            raise RuntimeError("can't replace a None gradient with a non-None value")
        _checked_hook_result(hook, old, value)
    return new


def _run_accumulate(node, grads, create_graph):
    """The engine's call of a leaf's AccumulateGrad, ``node.apply(*grads)``, except that a
    gradient nothing else holds becomes the leaf's ``.grad`` as it is, with no copy (torch
    does the same)."""
    if grads[0] is None:
        return
    var = node.variable
    with _LEAF_LOCK:
        taken = (not create_graph and var._grad is None and not _profiling
                 and var._grad_dtype is None and _sole_owner(grads))
        if taken:
            grad = grads[0]
            var._grad = grad if grad._base is None else _Tensor._make(grad._data)
            if var._data.strides != var._grad._data.strides:
                _match_layout(var, grad._data)
    if not taken:
        if _profiling:  # a profiler is recording: it times the accumulation
            _profiling[0](node, grads)
        else:
            node.apply(*grads)
    elif var._post_acc_hooks:
        _run_post_accumulate_hooks(var)


def _counts(grads):
    """References to the engine's gradient tensor and to its array (plus getrefcount's own)."""
    return _getrefcount(grads[0]), _getrefcount(grads[0]._data)


def _view_counts(grads):
    """References to the array a gradient's array views, and to the tensor it views."""
    return (_getrefcount(grads[0]._data.base),
            _getrefcount(grads[0]._base) if grads[0]._base is not None else None)


_SOLE_COUNTS = []


def _sole_owner(grads):
    """Whether ``grads[0]`` (a tensor in the engine's list) and its memory are referenced from
    nowhere else: no user variable, no other edge that received the same tensor, no other view
    of the memory.

    Its array must be C-contiguous (what a copy would give) and own its memory, or view all of
    an array that nothing else holds but the view and the tensor it came from (a transpose or
    reshape of a fresh result). Reference counts are compared with those of a tensor known to
    be held by one list only, measured once, so the check does not depend on how the
    interpreter counts its own temporary references.
    """
    grad = grads[0]
    arr = grad._data
    if type(arr) is not _np.ndarray and not isinstance(arr, (_np.ndarray, _np.generic)):
        del grad, arr
        return _sole_device_owner(grads)
    if (type(arr) is not _np.ndarray or not arr.flags.c_contiguous or not arr.flags.writeable
            or type(grad) is not (_Tensor or _tensor_class()) or grad.grad_fn is not None
            or grad._requires_grad):
        return False
    root, base = arr.base, grad._base
    if root is None:
        if base is not None:
            return False
    # A C-contiguous view of as many bytes as a contiguous array owns starts where it starts:
    # no data-pointer reads (ctypes costs microseconds a call).
    elif (type(root) is not _np.ndarray or root.base is not None or root.nbytes != arr.nbytes
          or not (root.flags.c_contiguous or root.flags.f_contiguous)
          or base is not None and (base._data is not root or base._base is not None
                                   or base.grad_fn is not None)):
        return False
    del grad, arr, base
    if not _SOLE_COUNTS:
        _SOLE_COUNTS.append(_counts([_Tensor._make(_np.zeros(1))]))
    tensor_refs, array_refs = _SOLE_COUNTS[0]
    if _counts(grads) != (tensor_refs, array_refs):
        return False
    if root is None:
        return True
    del root
    # The viewed array is held by the view and, when the view's tensor records it, by that
    # base tensor, which only the view may hold.
    has_base = grads[0]._base is not None
    return _view_counts(grads) == (array_refs + has_base, tensor_refs if has_base else None)


_DEVICE_SOLE_COUNTS = {}


def _sole_device_owner(grads):
    """``_sole_owner`` for a device array (CuPy's or the stand-in's): a C-contiguous array that
    owns its memory, or views all of the memory of its base tensor's array (a transpose of a
    fresh result, as Linear's weight gradient is); held by no one but the engine's tensor,
    with memory no other array holds. Reference counts are compared with those of a fresh
    array (or view) of the same kinds."""
    from .. import _backend
    grad = grads[0]
    arr, base = grad._data, grad._base
    # (A sparse gradient's type stops here before its data, which refuses to be read.)
    if (type(grad) is not (_Tensor or _tensor_class()) or grad.grad_fn is not None
            or grad._requires_grad or getattr(arr, "_is_meta", False)  # no memory to hand
            or not arr.flags.c_contiguous):
        return False
    if base is None:
        handles = _backend.memory_handles(arr)
    elif (type(base) is not _Tensor or base._base is not None or base.grad_fn is not None
          or base._data.nbytes != arr.nbytes or not _backend.views(arr, base._data)):
        return False
    else:
        handles = _backend.memory_handles(base._data)
    if handles is None:
        return False
    kinds = (type(arr), base is None, *map(type, handles))
    xp = _backend.namespace_of(arr)
    del grad, arr, base
    sole = _DEVICE_SOLE_COUNTS.get(kinds)
    if sole is None:
        sole = _DEVICE_SOLE_COUNTS[kinds] = _fresh_device_counts(xp, kinds)
    return sole is not None and _device_counts(grads, handles) == sole


def _fresh_device_counts(xp, kinds):
    """The counts of a fresh array (or a tensor viewing a fresh one) that only a list holds;
    None when such an array's handles are not of ``kinds`` (memory from elsewhere)."""
    from .. import _backend
    owner = _Tensor._make(xp.zeros((1, 2)))
    if kinds[1]:
        fresh = [owner]
    else:
        fresh = [_Tensor._make(owner._data.T)]
        fresh[0]._base = owner
    handles = _backend.memory_handles(owner._data)
    del owner
    if handles is None or (type(fresh[0]._data), kinds[1], *map(type, handles)) != kinds:
        return None
    return _device_counts(fresh, handles)


def _device_counts(grads, handles):
    """References to the gradient tensor and its array, to its base tensor and that one's array
    when it is a view, and to each of its memory's handles."""
    counts = (_getrefcount(grads[0]), _getrefcount(grads[0]._data), *map(_getrefcount, handles))
    if grads[0]._base is None:
        return counts
    return (*counts, _getrefcount(grads[0]._base), _getrefcount(grads[0]._base._data))


def _match_layout(var, source=None):
    """torch's layout contract for a leaf's first ``.grad`` (so that the optimizer updates
    like with like): the strides of the gradient ``source`` the leaf takes over as it is when
    they are dense and match the leaf's (dims of size 1 aside), else the leaf's own when it is
    dense, else row-major."""
    from .. import _memory_format as MF
    shape = var._data.shape
    strides = tuple(s // var._data.itemsize for s in var._data.strides)
    if not MF.is_dense(shape, strides):
        strides = MF.row_major(shape)
    if source is not None:
        has = tuple(s // source.itemsize for s in source.strides)
        if MF.is_dense(shape, has) and all(n == 1 or a == b
                                           for n, a, b in zip(shape, has, strides)):
            strides = has
    var._grad._data = MF.with_strides(var._grad._data, strides)


def _accumulate_into_leaf(var, grad):
    tensor_class = _Tensor or _tensor_class()
    wanted = var._grad_dtype  # set by ``grad_dtype``: the leaf's gradients are cast to it
    if wanted is not None and wanted != "any" and grad._dtype is not wanted:
        grad = grad.to(wanted)
    old = var._grad
    # (Sparse tensors are a subclass: plain ones need no property call.)
    if (type(grad) is not tensor_class and grad.is_sparse
            or old is not None and type(old) is not tensor_class and old.is_sparse):
        from ..sparse._coo import accumulate_grad  # nn.Embedding(sparse=True)'s gradients
        accumulate_grad(var, grad)
        return
    if _grad_state.enabled:  # create_graph: keep the gradient's own graph
        var._grad = grad if old is None else old + grad
        return
    if old is None:
        # The same gradient array may flow to several leaves (AddBackward0 passes it on
        # unchanged), so a leaf gets its own copy before later in-place accumulation.
        var._grad = tensor_class._make(grad._data.copy())
        if var._data.strides != var._grad._data.strides:
            # torch takes over a view the engine made (a reshape's gradient) as it is, its
            # memory shared or not, so its layout then stands; a copy takes the leaf's
            _match_layout(var, grad._data if grad._base is not None else None)
    elif old.requires_grad:
        var._grad = old + grad
    else:
        old._data += grad._data
        old._vc[0] += 1


def gradient_edge(tensor):
    """(node, output_nr) that receives the gradient of ``tensor``; AccumulateGrad for leaves."""
    fn = tensor.grad_fn
    if fn is not None:
        return fn, tensor._output_nr
    if not tensor._requires_grad:
        return None, 0
    acc = tensor._accumulator() if tensor._accumulator is not None else None
    if acc is None:
        if _Anomaly.enabled:
            acc = AccumulateGrad(tensor)
        else:  # Node.__init__'s fields set here: a leaf's first op in each graph makes one
            acc = _new_object(AccumulateGrad)
            acc._seq = next(_sequence)
            acc.next_functions = acc.needs_input_grad = acc._saved = acc._input_meta = ()
            acc.variable = tensor
        tensor._accumulator = weakref.ref(acc)
    return acc, 0


# --- anomaly mode -----------------------------------------------------------------------------

class _Anomaly:
    enabled = False
    check_nan = True


# ember's kernel layer: its frames are the counterpart of torch's C++ kernels, which torch's
# anomaly traceback does not show either.
_KERNEL_DIRS = tuple(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                  folder) + os.sep for folder in ("ops", "autograd"))
_KERNEL_FILES = tuple(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                   name) for name in ("_tensor.py", "_subclass.py"))


def forward_trace():
    """The traceback of the running forward call for anomaly mode: the caller's frames, without
    ember's kernel layer (ops, autograd, Tensor methods)."""
    frames = [f for f in traceback.extract_stack()[:-1]
              if not f.filename.startswith(_KERNEL_DIRS) and f.filename not in _KERNEL_FILES]
    return "".join(traceback.format_list(frames))


class set_detect_anomaly:
    """Turn anomaly detection on/off: a NaN produced in backward raises, naming the op."""

    def __init__(self, mode, check_nan=True):
        for position, (name, value) in enumerate((("enabled", mode), ("check_nan", check_nan)),
                                                 1):
            if not isinstance(value, bool):
                raise TypeError(f"set_anomaly_enabled(): argument '{name}' (position {position}) "
                                f"must be bool, not {type(value).__name__}")
        self.prev = (_Anomaly.enabled, _Anomaly.check_nan)
        _Anomaly.enabled, _Anomaly.check_nan = mode, check_nan

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _Anomaly.enabled, _Anomaly.check_nan = self.prev


class detect_anomaly:
    """Anomaly detection inside a ``with`` block: a NaN produced in backward raises, and a
    failing backward shows the traceback of its forward call (not a decorator, as in torch)."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        self.prev = None
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", stacklevel=_user_stacklevel())

    def __enter__(self):
        self.prev = (_Anomaly.enabled, _Anomaly.check_nan)
        _Anomaly.enabled, _Anomaly.check_nan = True, self.check_nan
        return self

    def __exit__(self, *exc):
        _Anomaly.enabled, _Anomaly.check_nan = self.prev


def is_anomaly_enabled():
    return _Anomaly.enabled


# --- the engine -------------------------------------------------------------------------------

def _count_dependencies(roots, within=None):
    deps = {}
    # Several roots may share a node (outputs of one split): walk each node once. A node is
    # walked when first counted, and roots are walked from the start. ``within``: only those
    # nodes pass gradients on (the rest are where the pass stops), so only theirs count.
    if len(roots) == 1 and within is None:  # loss.backward(): no duplicates to drop
        stack = [roots[0]]
        root_set = (roots[0],)
    else:
        stack = list(dict.fromkeys(r for r in roots if r is not None and
                                   (within is None or r in within)))
        root_set = set(stack)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            count = deps.get(child)
            if count is None:
                deps[child] = 1
                if child not in root_set and (within is None or child in within):
                    stack.append(child)
            else:
                deps[child] = count + 1
    return deps


def _add_grads(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _sum_grads(a, b, create_graph):
    """``a + b``: two gradients that reached one input. Where nothing can watch the sum (no
    graph recorded, no dispatch mode, no forward AD) and both are plain float tensors of one
    shape and dtype on NumPy arrays, the same np.add runs here without the op's dispatch: a
    layer used at every step of an episode gets one such sum per step."""
    tensor = _Tensor or _tensor_class()
    if (not create_graph and type(a) is tensor and type(b) is tensor and not _ATEN_ACTIVE[0]
            and _forward_ad_state.level is None):
        x, y = a._data, b._data
        if (type(x) is _ndarray and type(y) is _ndarray and a._dtype is b._dtype
                and x.dtype in _FLOAT_DTYPES and x.shape == y.shape and x.ndim):
            return tensor._make(_np.add(x, y))  # (0-d arrays would add to a NumPy scalar)
    return a + b


_ndarray = _np.ndarray
_FLOAT_DTYPES = (_np.dtype(_np.float32), _np.dtype(_np.float64))
_final_callbacks = []


def queue_callback(callback):
    """Run ``callback()`` once the backward pass now running has finished (DDP's final sync)."""
    _final_callbacks.append(callback)


# False while a user's autograd.grad or backward(inputs=...) runs: a reentrant checkpoint's
# backward, which accumulates into every leaf, refuses to run then (torch's
# _is_checkpoint_valid).
checkpoint_valid = True


def run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=None,
                 accumulate=True, allow_unused=True, needed=None):
    """Backpropagate from ``tensors``; accumulate into leaves, or return grads of ``inputs``.

    ``needed`` (with ``inputs`` and ``accumulate=False``): the nodes to run, when the caller
    already knows them (a compiled region's capture walked its graph), instead of the walk
    that finds the nodes leading to ``inputs``."""
    roots = []
    for t, g in zip(tensors, grad_tensors):
        edge = t[:2] if type(t) is GradientEdge else gradient_edge(t)
        if edge[0] is None:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a "
                               "grad_fn")
        roots.append((edge, g))

    # When specific inputs are requested, capture their gradients instead of (or besides)
    # accumulating: map each input's edge to its position.
    capture = {}
    results = None
    if inputs is not None:
        results = [None] * len(inputs)
        for i, t in enumerate(inputs):
            node, nr = t[:2] if type(t) is GradientEdge else gradient_edge(t)
            if node is None:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            capture.setdefault((node, nr), []).append(i)

    # A caller's ``needed`` ends the pass at the nodes outside it: their inputs wait on them
    # for nothing.
    within = needed if inputs is not None and not accumulate else None
    deps = _count_dependencies([edge[0] for edge, _ in roots], within)
    # Ready nodes are ordered by creation, latest first, and leaves before all of them (torch
    # numbers AccumulateGrad last of all): sequence numbers are unique, so only two leaves'
    # entries compare the nodes themselves (AccumulateGrad.__lt__). ``sole``: the one ready
    # node when no other is (a chain's next node), kept out of the heap so that the walk along
    # a chain pushes and pops nothing.
    ready = []
    sole = sole_grads = None
    buffers = {}
    if len(roots) == 1:  # (nothing points into the one root of a graph)
        (node, nr), g = roots[0]
        sole, sole_grads = node, [None] * node._num_outputs
        sole_grads[nr] = g
    else:
        for (node, nr), g in roots:
            buf = buffers.setdefault(node, [None] * node._num_outputs)
            buf[nr] = _add_grads(buf[nr], g)
        for node in dict.fromkeys(edge[0] for edge, _ in roots):
            if deps.get(node, 0) == 0:
                heapq.heappush(ready, (_LEAF_KEY if type(node) is AccumulateGrad else -node._seq,
                                       node))

    if inputs is not None and not accumulate:
        if needed is None:
            needed = _nodes_leading_to(roots, capture)
    else:
        needed = None

    heappop, heappush = heapq.heappop, heapq.heappush
    selective = bool(capture) or needed is not None
    # Grad mode (create_graph's) and the running task set and restored directly: a context
    # manager pair costs as much as a small graph's whole walk.
    prev_enabled, _grad_state.enabled = _grad_state.enabled, bool(create_graph)
    task = _GraphTask(roots, deps, needed, capture)
    task.outer = getattr(_GraphTask._running, "task", None)
    _GraphTask._running.task = task
    try:
        while ready or sole is not None:
            if sole is not None:  # its gradients came with it, not through ``buffers``
                node, grads, sole, sole_grads = sole, sole_grads, None, None
            else:
                node = heappop(ready)[1]
                grads = buffers.pop(node, None) or [None] * node._num_outputs
            hooked = node._hooked
            if hooked:
                if node._tensor_hooks:
                    for nr, hooks in node._tensor_hooks.items():
                        for hook in list(hooks.values()):
                            if grads[nr] is None:
                                continue
                            new = hook(grads[nr])
                            if new is not None:
                                grads[nr] = _checked_hook_result(hook, grads[nr], new)
                if node._pre_hooks:
                    for hook in list(node._pre_hooks.values()):
                        new = hook(tuple(grads))
                        if new is not None:
                            grads = list(_checked_node_hook_result(hook, tuple(grads), new,
                                                                   pre=True))
            if type(node) is AccumulateGrad:
                if node.variable._backward_hooks and grads[0] is not None:
                    # A leaf's hooks see its gradient before autograd.grad returns it, as in
                    # torch.
                    for hook in list(node.variable._backward_hooks.values()):
                        new = hook(grads[0])
                        if new is not None:
                            grads[0] = _checked_hook_result(hook, grads[0], new)
                if capture:
                    for i in capture.get((node, 0), ()):
                        results[i] = grads[0]
                if accumulate and (needed is None or node in needed):
                    _run_accumulate(node, grads, create_graph)
                continue
            if selective:
                if capture:
                    for nr in range(node._num_outputs):
                        for i in capture.get((node, nr), ()):
                            results[i] = grads[nr]
                if needed is not None and node not in needed:
                    continue
            if grads[0] is None or len(grads) != 1:
                grads = _materialize(node, grads)
            if grads[0] is None and all(g is None for g in grads) and \
                    getattr(node, "materialize_grads", True):
                # Nothing flows into this node (a custom backward returned None): nothing
                # flows out of it either, as in PyTorch.
                in_grads = (None,) * len(node.next_functions)
            else:
                try:
                    if _profiling:  # a profiler is recording: it times the node's derivative
                        in_grads = _profiling[0](node, grads)
                    else:
                        in_grads = node.apply(*grads)
                except Exception:
                    if _Anomaly.enabled:
                        _warn_forward_trace(node)
                    raise
            if hooked and node._hooks:
                for hook in list(node._hooks.values()):
                    new = hook(tuple(in_grads), tuple(grads))
                    if new is not None:
                        in_grads = _checked_node_hook_result(hook, tuple(in_grads), new)
            if _Anomaly.enabled and _Anomaly.check_nan:
                _check_nan(node, in_grads)
            if not retain_graph:
                node._release()
            grads = None
            for (child, nr), g in zip(node.next_functions, in_grads):
                if child is None:
                    continue
                remaining = deps[child] - 1
                deps[child] = remaining
                if remaining:  # more gradients to come: keep this one in the child's buffer
                    if g is not None:
                        buf = buffers.get(child)
                        if buf is None:
                            buf = buffers[child] = [None] * child._num_outputs
                        held = buf[nr]
                        buf[nr] = g if held is None else _sum_grads(held, g, create_graph)
                    continue
                # The child's last gradient: it is ready. A child with one consumer (a chain's
                # next node) had no buffer; its gradients go with it, without a dict.
                buf = buffers.pop(child, None)
                if buf is None:
                    if child._num_outputs == 1:
                        buf = [g]
                    else:
                        buf = [None] * child._num_outputs
                        buf[nr] = g
                elif g is not None:
                    held = buf[nr]
                    buf[nr] = g if held is None else _sum_grads(held, g, create_graph)
                if sole is None and not ready:
                    sole, sole_grads = child, buf
                else:
                    if sole is not None:
                        buffers[sole] = sole_grads
                        heappush(ready, (_LEAF_KEY if type(sole) is AccumulateGrad
                                         else -sole._seq, sole))
                        sole = sole_grads = None
                    buffers[child] = buf
                    heappush(ready, (_LEAF_KEY if type(child) is AccumulateGrad
                                     else -child._seq, child))
            # Drop this node's gradients now: a leaf's AccumulateGrad can then see that the
            # engine holds the only reference to the gradient it receives, and keep it.
            in_grads = g = buf = None
    finally:
        _grad_state.enabled = prev_enabled
        _GraphTask._running.task, task.outer = task.outer, None
    while _final_callbacks:
        _final_callbacks.pop(0)()
    if results is not None and not allow_unused:
        for i, r in enumerate(results):
            if r is None:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not "
                                   f"have been used in the graph. Set allow_unused=True if "
                                   f"this is the desired behavior.")
    return results


class _GraphTask:
    """The backward pass running in this thread, while it runs: which nodes it will execute
    (register_multi_grad_hook asks)."""

    _ids = itertools.count()
    _running = threading.local()

    __slots__ = ("capture", "deps", "id", "needed", "outer", "roots")

    def __init__(self, roots, deps, needed, capture):
        # Only references here: every backward pass makes one, few ever ask will_execute.
        self.id = next(self._ids)
        self.roots, self.deps, self.needed, self.capture = roots, deps, needed, capture

    def will_execute(self, node):
        """Whether ``node`` runs (and its tensor hooks with it) in this pass."""
        if self.needed is not None and type(node) is AccumulateGrad:
            raise RuntimeError("A leaf node was passed to _will_engine_execute_node but we are "
                               "currently running autograd.grad(). This is currently not "
                               "supported.")
        if node not in self.deps and all(edge[0] is not node for edge, _ in self.roots):
            return False
        return self.needed is None or node in self.needed or any(
            target is node for target, _ in self.capture)

    def __enter__(self):
        self.outer = getattr(self._running, "task", None)
        self._running.task = self
        return self

    def __exit__(self, *exc):
        self._running.task = self.outer
        self.outer = None


def _current_graph_task():
    """The backward pass running in this thread (None outside one)."""
    return getattr(_GraphTask._running, "task", None)


def _nodes_leading_to(roots, capture):
    """Nodes from which some captured edge is reachable: only those need to run."""
    targets = {node for node, _ in capture}
    parents = {}
    stack = [edge[0] for edge, _ in roots]
    seen = set(stack)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            parents.setdefault(child, []).append(node)
            if child not in seen:
                seen.add(child)
                stack.append(child)
    needed = set()
    stack = [t for t in targets if t in seen]
    while stack:
        node = stack.pop()
        for p in parents.get(node, ()):
            if p not in needed:
                needed.add(p)
                stack.append(p)
    return needed


def _materialize(node, grads):
    """Outputs that received no gradient get zeros, so rules need not special-case None."""
    if all(g is not None for g in grads):
        return grads
    if node._output_meta is None or getattr(node, "materialize_grads", True) is False:
        return grads
    from .._tensor import Tensor
    out = list(grads)
    for i, g in enumerate(out):
        if g is None and node._output_meta[i] is not None:
            shape, dt, device = node._output_meta[i]
            out[i] = Tensor._zeros(shape, dt, device)
    return out


def _warn_forward_trace(node):
    """Anomaly mode's report: the traceback of the forward call that recorded ``node``."""
    trace = getattr(node, "_anomaly_trace", None)
    if trace:
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused "
                      f"the error:\n{trace}", stacklevel=_user_stacklevel())


def _check_nan(node, in_grads):
    import numpy as np
    for i, g in enumerate(in_grads):
        # On a device this reads the answer back: a sync, as torch's anomaly check makes too.
        if g is not None and np.isnan(g._data).any():
            _warn_forward_trace(node)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th "
                               "output.")


# --- the public graph API (torch.autograd.graph) ------------------------------------------------

class saved_tensors_hooks:
    """Inside the block, every tensor a recorded op saves for backward is stored as
    ``pack_hook(tensor)``, and backward reads it back as ``unpack_hook(packed)``.

    The hooks see the tensors built-in ops save as well as ``ctx.save_for_backward``'s; the
    unpacked tensor should equal the packed one in value, shape, dtype and device. A value
    kept by hooks is not checked for in-place changes (the hooks own it). Blocks nest: the
    innermost pair is used. Each thread has its own hooks.

    Args:
        pack_hook: ``tensor -> object`` run when a tensor is saved.
        unpack_hook: ``object -> Tensor`` run when backward needs the tensor.

    Example:
        >>> seen = []
        >>> def pack(t):
        ...     seen.append(tuple(t.shape))
        ...     return t
        >>> x = ember.ones(2, 3, requires_grad=True)
        >>> with ember.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        ...     y = (x * x).sum()
        >>> y.backward()
        >>> seen, x.grad[0]
        ([(2, 3), (2, 3)], tensor([2., 2., 2.]))
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if _hooks_state.disabled is not None:
            raise RuntimeError(_hooks_state.disabled)
        _hooks_state.stack.append((self.pack_hook, self.unpack_hook))
        _hooks_in_use[0] += 1

    def __exit__(self, *exc):
        _hooks_state.stack.pop()
        _hooks_in_use[0] -= 1


class save_on_cpu(saved_tensors_hooks):
    """Keep the tensors saved for backward in CPU memory, moving each back to its device when
    backward needs it (trades transfer time for accelerator memory).

    Args:
        pin_memory: copy into page-locked memory, so the way back is asynchronous.
        device_type: the accelerator whose tensors are moved ("cuda").

    Example:
        >>> x = ember.ones(3, requires_grad=True)
        >>> with ember.autograd.graph.save_on_cpu():
        ...     y = (x * x).sum()
        >>> y.backward()
        >>> x.grad
        tensor([2., 2., 2.])
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack(tensor):
            if not pin_memory:
                return tensor.device, tensor.cpu()
            host = tensor.cpu().pin_memory() if tensor.device.type != "cpu" else tensor
            return tensor.device, host

        def unpack(packed):
            device, tensor = packed
            return tensor.to(device, non_blocking=pin_memory)

        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Inside the block, saved-tensor hooks are refused: entering ``saved_tensors_hooks``
    raises RuntimeError with ``error_message`` (so does entering this block while hooks are in
    use). For code whose saved tensors must not be moved or altered.

    Args:
        error_message: the message of the RuntimeError.

    Example:
        >>> with ember.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
        ...     try:
        ...         with ember.autograd.graph.saved_tensors_hooks(id, id):
        ...             pass
        ...     except RuntimeError as error:
        ...         print(error)
        no hooks here
    """

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        if _hooks_state.stack:
            raise RuntimeError(self.error_message)
        self.previous = _hooks_state.disabled
        _hooks_state.disabled = self.error_message

    def __exit__(self, *exc):
        _hooks_state.disabled = self.previous
        return False  # torch's is a generator-based context manager


class _AllowMutationContext:
    """The state of one ``allow_mutation_on_saved_tensors`` block: open while it runs."""

    active = False


class allow_mutation_on_saved_tensors:
    """Inside the block, a tensor saved for backward may be changed in place afterwards:
    backward uses its value from when it was saved. ember keeps a copy of each saved tensor
    as it is saved (torch copies only the ones later modified): gradients are the same,
    memory is that of the copies. Backward must run inside the block.

    Example:
        >>> x = ember.tensor([0.5, 1.0], requires_grad=True)
        >>> with ember.autograd.graph.allow_mutation_on_saved_tensors():
        ...     y = x.clone()
        ...     z = y.sin()
        ...     _ = y.mul_(2)
        ...     z.sum().backward()
        >>> x.grad
        tensor([0.8776, 0.5403])
    """

    _open = threading.local()

    def __enter__(self):
        if getattr(self._open, "context", None) is not None:
            raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
        context = self._open.context = _AllowMutationContext()
        context.active = True

        def pack(tensor):
            with grad_mode.no_grad():
                return tensor.detach().clone()

        def unpack(copy):
            if not context.active:
                raise AssertionError("Trying to backward outside of the "
                                     "'allow_mutation_on_saved_tensors' contextin which the graph "
                                     "was originally recorded.")
            return copy

        self.hooks = saved_tensors_hooks(pack, unpack)
        self.hooks.__enter__()
        return context

    def __exit__(self, *exc):
        self.hooks.__exit__(*exc)
        self._open.context.active = False
        self._open.context = None
        return False  # torch's is a generator-based context manager


class GradientEdge(tuple):
    """Where a tensor's gradient goes in the graph: ``(node, output_nr)``, the node that
    receives it and which of the node's outputs the tensor is."""

    __slots__ = ()
    _fields = ("node", "output_nr", "ownership_token")

    def __new__(cls, node, output_nr, ownership_token=None):
        return tuple.__new__(cls, (node, output_nr, ownership_token))

    node = property(lambda self: self[0])
    output_nr = property(lambda self: self[1])
    ownership_token = property(lambda self: self[2])

    def __repr__(self):
        return (f"GradientEdge(node={self[0]!r}, output_nr={self[1]!r}, "
                f"ownership_token={self[2]!r})")


def get_gradient_edge(tensor):
    """The graph edge that receives ``tensor``'s gradient: its ``grad_fn`` and output index,
    or, for a leaf, the node accumulating into its ``.grad``.

    Args:
        tensor: a tensor that requires grad.

    Returns:
        A ``GradientEdge(node, output_nr)``.

    Example:
        >>> x = ember.ones(2, requires_grad=True)
        >>> edge = ember.autograd.graph.get_gradient_edge(x * 2)
        >>> edge.node.name(), edge.output_nr
        ('MulBackward0', 0)
    """
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does "
                           "not require gradients")
    node, output_nr = gradient_edge(tensor)
    return GradientEdge(node, output_nr)


def increment_version(tensor):
    """Mark ``tensor`` (or each tensor of an iterable) as changed in place, as an in-place op
    does: backward through a graph that saved it before then raises.

    Args:
        tensor: a tensor or an iterable of tensors.

    Returns:
        None.

    Example:
        >>> x = ember.ones(2)
        >>> ember.autograd.graph.increment_version(x)
        >>> x._version
        1
    """
    for t in (tensor,) if isinstance(tensor, _tensor_class()) else tensor:
        t._vc[0] += 1


class _MultiHandle:
    """Removes every hook ``register_multi_grad_hook`` registered."""

    def __init__(self, handles):
        self.handles = handles

    def remove(self):
        for handle in self.handles:
            handle.remove()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """Call ``fn`` once per backward pass with the gradients of several tensors.

    ``mode="all"``: ``fn(grads)`` runs when the gradients of all the tensors this pass reaches
    are computed, with None for the tensors it does not reach. ``mode="any"``: ``fn(grad)``
    runs with the first of their gradients that is computed.

    Args:
        tensors: the tensors (each requiring grad).
        fn: the function to call.
        mode: "all" or "any".

    Returns:
        A handle whose ``remove()`` unregisters the hook.

    Example:
        >>> a = ember.ones(2, requires_grad=True)
        >>> b = ember.ones(2, requires_grad=True)
        >>> h = ember.autograd.graph.register_multi_grad_hook(
        ...     (a, b), lambda grads: print([g is not None for g in grads]))
        >>> (a * 3).sum().backward()
        [True, False]
    """
    modes = ("all", "any")
    if mode not in modes:
        raise ValueError(f"Expects mode to be one of {modes} but got {mode}")
    lock = threading.Lock()
    if mode == "any":
        fired = set()

        def any_hook(grad):
            task = _current_graph_task()
            with lock:
                if task.id in fired:
                    return
                fired.add(task.id)
            fn(grad)

        return _MultiHandle([t.register_hook(any_hook) for t in tensors])

    nodes = [gradient_edge(t)[0] for t in tensors]
    pending = {}  # per backward pass: [grads, hooks still to run]

    def hook_for(index):
        def all_hook(grad):
            task = _current_graph_task()
            with lock:
                state = pending.get(task.id)
                if state is None:
                    expected = sum(task.will_execute(node) for node in nodes)
                    state = pending[task.id] = [[None] * len(nodes), expected]
                state[0][index] = grad
                state[1] -= 1
                done = state[1] == 0
                if done:
                    del pending[task.id]
            if done:
                fn(state[0])
        return all_hook

    return _MultiHandle([t.register_hook(hook_for(i)) for i, t in enumerate(tensors)])


def set_warn_on_accumulate_grad_stream_mismatch(enabled):
    """Whether to warn when a leaf's gradient arrives on another CUDA stream than the leaf's
    accumulation runs on. ember's backward queues its work on one stream, so no mismatch can
    occur and there is never a warning; the switch is accepted for torch programs.

    Args:
        enabled: the switch.

    Returns:
        None.
    """
    _stream_switches["warn_on_accumulate_grad_stream_mismatch"] = bool(enabled)


def set_override_stale_capture_stream(enabled):
    """Whether backward may replace a stream captured in a CUDA graph that has gone stale.
    ember captures no CUDA graphs, so this only records the switch.

    Args:
        enabled: the switch.

    Returns:
        None.
    """
    _stream_switches["override_stale_capture_stream"] = bool(enabled)


_stream_switches = {"warn_on_accumulate_grad_stream_mismatch": True,
                    "override_stale_capture_stream": False}


def region_activation_memory_budget(budget):
    """The activation-memory budget of a compiled region, for torch.compile's recomputation
    planner. It only has an effect inside a compiled region: ember's compile replays the
    region as captured and plans no recomputation, so here, as in torch's eager mode, it
    raises.

    Args:
        budget: a ratio in [0, 1].

    Returns:
        A context manager (inside a compiled region).
    """
    if isinstance(budget, bool) or not isinstance(budget, (int, float)):
        raise TypeError(f"ember.autograd.graph.region_activation_memory_budget: expects a "
                        f"float, got {type(budget).__name__}")
    if not 0.0 <= budget <= 1.0:
        raise ValueError(f"ember.autograd.graph.region_activation_memory_budget: must be in "
                         f"[0, 1], got {budget}")
    raise RuntimeError("ember.autograd.graph.region_activation_memory_budget can only be used "
                       "inside a ember.compile region; it has no effect in eager mode.")


def __getattr__(name):
    if name == "Variable":  # torch.autograd.graph re-exports it
        from .variable import Variable
        return Variable
    if name == "TorchDispatchMode":  # so does it this (imported late: ember.utils imports Tensor)
        from ..utils._python_dispatch import TorchDispatchMode
        return TorchDispatchMode
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
