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
import sys
import threading
import traceback
import warnings
import weakref

import numpy as _np

from . import grad_mode
from .forward_ad import _attach as _attach_tangent, _state as _forward_ad_state

_getrefcount = sys.getrefcount
_new_object = object.__new__

_sequence = itertools.count()
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



def modified_inplace_error(t, version, expected, where=""):
    """torch's error for a saved tensor changed in place after it was saved."""
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [ember.{t.dtype._legacy} {list(t.shape)}]{where} is at version {version}; "
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

    def __init__(self):
        self._seq = next(_sequence)
        self.next_functions = ()
        self.needs_input_grad = ()
        self._saved = ()
        self._input_meta = ()
        if _Anomaly.enabled:
            # Where the forward ran, shown if this node's backward fails (the frame of this
            # __init__ itself is left out).
            self._anomaly_trace = "".join(traceback.format_stack()[:-1])

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

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
        if len(saved) == 1:  # most rules save one value: no list to build
            first = saved[0]
            return (first.unpack(self),) if type(first) is SavedTensor else saved
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
                 "requires_grad", "attributes")

    def __new__(cls, tensor, node):
        # A plain function body run once per saved tensor of every recorded op (no __init__).
        if tensor._inference:
            raise RuntimeError(INFERENCE_SAVE_MESSAGE)
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


class AccumulateGrad(Node):
    """The grad_fn-like node of a leaf: adds incoming gradients into ``variable.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        super().__init__()
        self.variable = variable

    def name(self):
        return "ember::autograd::AccumulateGrad"  # PyTorch: torch::autograd::AccumulateGrad

    def backward(self, grad):
        """Add ``grad`` (already passed through the leaf's hooks by the engine) into .grad."""
        if grad is None:  # no gradient reached this leaf (a custom backward returned None)
            return ()
        var = self.variable
        with _LEAF_LOCK:
            _accumulate_into_leaf(var, grad)
        if var._post_acc_hooks:
            for hook in list(var._post_acc_hooks.values()):
                hook(var)
        return ()


# Backward calls in several threads may reach the same leaf: its read-add-write of .grad must
# not interleave, or contributions are lost. One lock taken once per leaf per backward pass.
_LEAF_LOCK = threading.Lock()


def _checked_hook_result(hook, grad, new):
    """A hook may replace a gradient, but not change its shape or dtype (PyTorch's errors)."""
    name = getattr(hook, "__name__", type(hook).__name__)
    if new._data.shape != grad._data.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    if new._dtype is not grad._dtype:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was "
                           f"ember.{grad._dtype._legacy} got ember.{new._dtype._legacy})")
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
                 and _sole_owner(grads))
        if taken:
            grad = grads[0]
            var._grad = grad if grad._base is None else _Tensor._make(grad._data)
            if not var._data.flags.c_contiguous:
                _match_layout(var)
    if not taken:
        if _profiling:  # a profiler is recording: it times the accumulation
            _profiling[0](node, grads)
        else:
            node.apply(*grads)
    elif var._post_acc_hooks:
        for hook in list(var._post_acc_hooks.values()):
            hook(var)


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
    if (type(arr) is not _np.ndarray or not arr.flags.c_contiguous or not arr.flags.writeable
            or type(grad) is not (_Tensor or _tensor_class()) or grad.grad_fn is not None
            or grad._requires_grad):
        return False
    root, base = arr.base, grad._base
    if root is None:
        if base is not None:
            return False
    elif (type(root) is not _np.ndarray or root.base is not None or root.nbytes != arr.nbytes
          or root.ctypes.data != arr.ctypes.data
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


def _match_layout(var):
    """A channels-last leaf gets a channels-last ``.grad`` (torch's layout contract for
    accumulated gradients: the optimizer then updates like with like)."""
    from .._memory_format import follow
    follow(var._grad, var)


def _accumulate_into_leaf(var, grad):
    from .._tensor import Tensor
    if grad.is_sparse or var._grad is not None and var._grad.is_sparse:
        from ..sparse._coo import accumulate_grad  # nn.Embedding(sparse=True)'s gradients
        accumulate_grad(var, grad)
        return
    if grad_mode.is_grad_enabled():  # create_graph: keep the gradient's own graph
        var._grad = grad if var._grad is None else var._grad + grad
        return
    if var._grad is None:
        # The same gradient array may flow to several leaves (AddBackward0 passes it on
        # unchanged), so a leaf gets its own copy before later in-place accumulation.
        var._grad = Tensor._make(grad._data.copy())
        if not var._data.flags.c_contiguous:
            _match_layout(var)
    else:
        g = var._grad
        if g.requires_grad:
            var._grad = g + grad
        else:
            g._data += grad._data
            g._vc[0] += 1


def gradient_edge(tensor):
    """(node, output_nr) that receives the gradient of ``tensor``; AccumulateGrad for leaves."""
    fn = tensor.grad_fn
    if fn is not None:
        return fn, tensor._output_nr
    if not tensor._requires_grad:
        return None, 0
    acc = tensor._accumulator() if tensor._accumulator is not None else None
    if acc is None:
        acc = AccumulateGrad(tensor)
        tensor._accumulator = weakref.ref(acc)
    return acc, 0


# --- anomaly mode -----------------------------------------------------------------------------

class _Anomaly:
    enabled = False
    check_nan = True


class set_detect_anomaly:
    """Turn anomaly detection on/off: a NaN produced in backward raises, naming the op."""

    def __init__(self, mode, check_nan=True):
        self.prev = (_Anomaly.enabled, _Anomaly.check_nan)
        _Anomaly.enabled, _Anomaly.check_nan = bool(mode), check_nan

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _Anomaly.enabled, _Anomaly.check_nan = self.prev


class detect_anomaly(set_detect_anomaly):
    def __init__(self, check_nan=True):
        super().__init__(True, check_nan)


def is_anomaly_enabled():
    return _Anomaly.enabled


# --- the engine -------------------------------------------------------------------------------

def _count_dependencies(roots):
    deps = {}
    # Several roots may share a node (outputs of one split): walk each node once. A node is
    # walked when first counted, and roots are walked from the start.
    stack = list(dict.fromkeys(r for r in roots if r is not None))
    root_set = set(stack)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            count = deps.get(child)
            if count is None:
                deps[child] = 1
                if child not in root_set:
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


_final_callbacks = []


def queue_callback(callback):
    """Run ``callback()`` once the backward pass now running has finished (DDP's final sync)."""
    _final_callbacks.append(callback)


def run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=None,
                 accumulate=True, allow_unused=True):
    """Backpropagate from ``tensors``; accumulate into leaves, or return grads of ``inputs``."""
    roots = []
    for t, g in zip(tensors, grad_tensors):
        edge = gradient_edge(t)
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
            node, nr = gradient_edge(t)
            if node is None:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            capture.setdefault((node, nr), []).append(i)

    deps = _count_dependencies([edge[0] for edge, _ in roots])
    buffers = {}
    for (node, nr), g in roots:
        buf = buffers.setdefault(node, [None] * node._num_outputs)
        buf[nr] = _add_grads(buf[nr], g)

    # Ready nodes are ordered by creation, latest first; sequence numbers are unique, so the
    # comparison never reaches the node itself.
    ready = []
    for node in {edge[0] for edge, _ in roots}:
        if deps.get(node, 0) == 0:
            heapq.heappush(ready, (-node._seq, node))

    needed = None
    if inputs is not None and not accumulate:
        needed = _nodes_leading_to(roots, capture)

    heappop, heappush = heapq.heappop, heapq.heappush
    with grad_mode.set_grad_enabled(create_graph):
        while ready:
            node = heappop(ready)[1]
            grads = buffers.pop(node, None) or [None] * node._num_outputs
            hooked = node._hooked
            if hooked and node._tensor_hooks:
                for nr, hooks in node._tensor_hooks.items():
                    for hook in list(hooks.values()):
                        if grads[nr] is None:
                            continue
                        new = hook(grads[nr])
                        if new is not None:
                            grads[nr] = _checked_hook_result(hook, grads[nr], new)
            if hooked and node._pre_hooks:
                for hook in list(node._pre_hooks.values()):
                    new = hook(tuple(grads))
                    if new is not None:
                        grads = list(new)
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
                        in_grads = new
            if _Anomaly.enabled and _Anomaly.check_nan:
                _check_nan(node, in_grads)
            if not retain_graph:
                node._release()
            grads = None
            for (child, nr), g in zip(node.next_functions, in_grads):
                if child is None:
                    continue
                if g is not None:
                    buf = buffers.get(child)
                    if buf is None:
                        buf = buffers[child] = [None] * child._num_outputs
                    buf[nr] = g if buf[nr] is None else buf[nr] + g
                remaining = deps[child] - 1
                deps[child] = remaining
                if remaining == 0:
                    heappush(ready, (-child._seq, child))
            # Drop this node's gradients now: a leaf's AccumulateGrad can then see that the
            # engine holds the only reference to the gradient it receives, and keep it.
            in_grads = g = None
    while _final_callbacks:
        _final_callbacks.pop(0)()
    if results is not None and not allow_unused:
        for i, r in enumerate(results):
            if r is None:
                raise RuntimeError("One of the differentiated Tensors appears to not have been "
                                   "used in the graph. Set allow_unused=True if this is the "
                                   "desired behavior.")
    return results


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
                      f"the error:\n{trace}", stacklevel=3)


def _check_nan(node, in_grads):
    import numpy as np
    for i, g in enumerate(in_grads):
        if g is not None and np.isnan(np.asarray(g._data)).any():
            _warn_forward_trace(node)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th "
                               "output.")
