"""ember.autograd: reverse-mode automatic differentiation."""
from __future__ import annotations

import sys as _sys

import numpy as _np

from .grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                        is_inference_mode_enabled, no_grad, set_grad_enabled)
from .graph import (Node, detect_anomaly, is_anomaly_enabled,  # noqa: F401
                    set_detect_anomaly)
from . import forward_ad, functional, graph  # noqa: F401


def _tensor_or_tensors(x):
    # An edge is a tuple, but one item.
    if isinstance(x, (graph._Tensor or graph._tensor_class(), graph.GradientEdge)):
        return (x,)
    return tuple(x)


def _make_grads(outputs, grad_outputs, is_grads_batched=False):
    Tensor = graph._Tensor or graph._tensor_class()
    grads = []
    for out, g in zip(outputs, grad_outputs):
        if type(out) is graph.GradientEdge:
            if not isinstance(g, Tensor):  # an edge has no value to size a gradient from
                raise RuntimeError("grad_outputs must be given as tensors for the "
                                   "GradientEdge outputs")
            grads.append(g)
            continue
        if g is None:
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if out._dtype.category != 2:  # bool, integer or complex
                raise RuntimeError("grad can be implicitly created only for real scalar outputs "
                                   f"but got {out._dtype}")
            g = Tensor._make(_ones_like(out._data))
        elif not isinstance(g, Tensor):
            g = Tensor._make(_ones_like(out._data) * g)
        else:
            if g._data.shape != out._data.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{len(grads)}] has a shape of "
                    f"{g.shape} and output[{len(grads)}] has a shape of {out.shape}.")
            if (g._dtype.category == 3) != (out._dtype.category == 3):  # complex beside real
                raise RuntimeError(
                    "For complex Tensors, both grad_output and output are required to have the "
                    f"same dtype. Mismatch in dtype: grad_output[{len(grads)}] has a dtype of "
                    f"{g._dtype} and output[{len(grads)}] has a dtype of {out._dtype}.")
        grads.append(g)
    return grads


def _selective_backward(*args, **kwargs):
    """The backward pass of ``autograd.grad`` or ``backward(inputs=...)``: a reentrant
    checkpoint met on the way refuses it, as in torch (see checkpoint.py)."""
    valid = graph.checkpoint_valid
    graph.checkpoint_valid = False
    try:
        return graph.run_backward(*args, **kwargs)
    finally:
        graph.checkpoint_valid = valid


def _ones_like(arr):
    if type(arr) is _np.ndarray and not arr.ndim:  # a loss: a copy of a kept 0-d one
        one = _ONES.get(arr.dtype)
        if one is None:
            one = _ONES[arr.dtype] = _np.ones((), arr.dtype)
        return one.copy()
    if isinstance(arr, _np.ndarray):
        return _np.ones_like(arr)
    from .._device import get_array_module
    return get_array_module(arr).ones_like(arr)


_ONES = {}  # dtype -> a 0-d array of 1 (copied: ones_like costs several times as much)


def _roots(tensors, grad_tensors, retain_graph, create_graph):
    """Validate the tensors backward starts from and pair each with its starting gradient."""
    Tensor = graph._Tensor or graph._tensor_class()
    tensors = _tensor_or_tensors(tensors)
    if grad_tensors is None:
        grad_tensors = [None] * len(tensors)
    else:
        grad_tensors = list(_tensor_or_tensors(grad_tensors)) \
            if isinstance(grad_tensors, Tensor) else list(grad_tensors)
    for t in tensors:
        if type(t) is not graph.GradientEdge and not t.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have a "
                               "grad_fn")
    retain = create_graph if retain_graph is None else retain_graph
    return tensors, _make_grads(tensors, grad_tensors), retain


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Sum the gradients of ``tensors`` into the ``.grad`` of the leaves they depend on.

    ``ember.autograd.backward(y)`` is ``y.backward()``; with several tensors it runs one backward
    pass through all of them, weighting each by its entry of ``grad_tensors``.

    Args:
        tensors: a tensor or sequence of tensors.
        grad_tensors: d(loss)/d(tensor) for each tensor (None for a scalar: 1).
        retain_graph: keep the graph for another backward pass (default: ``create_graph``).
        create_graph: record the backward pass, for higher-order derivatives.
        inputs: accumulate only into these tensors' ``.grad``.

    Returns:
        None.

    Example:
        >>> x = ember.tensor(2.0, requires_grad=True)
        >>> ember.autograd.backward([x * 3, x * x])
        >>> x.grad                  # 3 + 2x
        tensor(7.)
    """
    batched = _sys.modules.get("ember._vmap_batched")  # imported by then if a vmap runs
    if batched is not None and batched._state.mode is not None:  # inside a batched vmap
        batched.refuse_stand_ins(tensors, grad_tensors, inputs)
    tensor_class = graph._Tensor or graph._tensor_class()
    if grad_tensors is None and inputs is None and type(tensors) is tensor_class and \
            tensors.grad_fn is not None and tensors._data.ndim == 0 and \
            tensors._dtype.category == 2:
        # loss.backward(), the common call: one real scalar with a history, and its gradient
        # of 1, without the checks and lists that several tensors or given gradients need.
        graph.run_backward((tensors,), [tensor_class._make(_ones_like(tensors._data))],
                           create_graph if retain_graph is None else retain_graph, create_graph)
        return
    if isinstance(grad_tensors, (list, tuple)):
        count = len(_tensor_or_tensors(tensors))
        if len(grad_tensors) != count:  # autograd.grad pairs them without this check, as torch
            raise RuntimeError(f"got {count} tensors and {len(grad_tensors)} gradients")
    tensors, grads, retain_graph = _roots(tensors, grad_tensors, retain_graph, create_graph)
    if inputs is None:
        graph.run_backward(tensors, grads, retain_graph, create_graph)
        return
    inputs = _tensor_or_tensors(inputs)
    if len(inputs) == 0:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    results = _selective_backward(tensors, grads, retain_graph, create_graph, inputs=inputs,
                                  accumulate=False)
    for t, g in zip(inputs, results):
        if type(t) is graph.GradientEdge:  # a leaf's edge fills its .grad; others hold none
            if g is None or type(t.node) is not graph.AccumulateGrad:
                continue
            t = t.node.variable
        # Only the named inputs receive gradients; a non-leaf input keeps it in .grad as a
        # leaf would (PyTorch's behaviour for inputs=), unless retain_grad already stored it.
        if g is not None and not (t.grad_fn is not None and t._retains_grad):
            graph._accumulate_into_leaf(t, g)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned instead of accumulated.

    Unlike ``backward()``, no ``.grad`` attribute is touched. With ``create_graph=True`` the
    returned gradients are themselves differentiable, which gives higher-order derivatives.

    Args:
        outputs: a tensor or sequence of tensors (or ``GradientEdge``s) to differentiate.
        inputs: a tensor or sequence of tensors (or ``GradientEdge``s) to differentiate with
            respect to.
        grad_outputs: d(loss)/d(output) for each output (required for non-scalar outputs
            and for outputs given as ``GradientEdge``).
        retain_graph: keep the graph for another backward pass (default: ``create_graph``).
        create_graph: record the gradient computation itself.
        allow_unused: return None for an input the outputs do not depend on, instead of raising.
        is_grads_batched: the first dim of each grad_output is a batch: one vector-Jacobian
            product per entry, stacked along a new first dim of each result.
        materialize_grads: return zeros instead of None for such inputs.

    Returns:
        A tuple with one gradient (or None) per input.

    Example:
        >>> x = ember.tensor(3.0, requires_grad=True)
        >>> y = x ** 3
        >>> (dy,) = ember.autograd.grad(y, x, create_graph=True)
        >>> dy                      # 3x^2
        tensor(27., grad_fn=<MulBackward0>)
        >>> ember.autograd.grad(dy, x)  # 6x
        (tensor(18.),)
    """
    if allow_unused is None:
        allow_unused = materialize_grads
    elif materialize_grads and not allow_unused:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads="
                         f"True, but got: allow_unused={allow_unused}.")
    # read once: a generator (model.parameters()) is used up by the first look
    inputs = _tensor_or_tensors(inputs)
    if len(inputs) == 0:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    batched = _sys.modules.get("ember._vmap_batched")
    if batched is not None and batched._state.mode is not None:
        batched.refuse_stand_ins(outputs, inputs, grad_outputs)
    if is_grads_batched:
        return _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
                             allow_unused, materialize_grads)
    outputs, grads, retain_graph = _roots(outputs, grad_outputs, retain_graph, create_graph)
    results = _selective_backward(outputs, grads, retain_graph, create_graph, inputs=inputs,
                                  accumulate=False, allow_unused=allow_unused)
    if materialize_grads:
        from .. import zeros_like
        results = [zeros_like(t) if r is None else r for t, r in zip(inputs, results)]
    if not create_graph:
        results = [None if r is None else r.detach() for r in results]
    return tuple(results)


def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused,
                  materialize_grads):
    """grad with ``is_grads_batched``: the first dim of every grad_output indexes a batch of
    vector-Jacobian products, one backward pass each, stacked along a new first dim."""
    from .._tensor import Tensor
    outputs = _tensor_or_tensors(outputs)
    if grad_outputs is None or isinstance(grad_outputs, Tensor):
        grad_outputs = _tensor_or_tensors(grad_outputs) if grad_outputs is not None \
            else (None,) * len(outputs)
    grad_outputs = list(grad_outputs)
    for index, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            raise ValueError("vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, "
                             "but that input is a Tensor of dimensionality 0 so expected in_dim "
                             "to satisfy 0 <= in_dim < 0.")
        if g.ndim == 0 or tuple(g.shape[1:]) != tuple(out.shape):
            # PyTorch names the shape of the first batch entry minus its first dim.
            shown = type(out.shape)(g.shape[2:])
            raise RuntimeError(
                "If `is_grads_batched=True`, we interpret the first dimension of each "
                "grad_output as the batch dimension. The sizes of the remaining dimensions are "
                "expected to match the shape of corresponding output, but a mismatch was "
                f"detected: grad_output[{index}] has a shape of {shown} and output[{index}] has "
                f"a shape of {out.shape}. If you only want some tensors in `grad_output` to be "
                "considered batched, consider using vmap.")
    sizes = [g.shape[0] for g in grad_outputs]
    if len(set(sizes)) > 1:
        raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped "
                         f"dimension, got sizes {sizes} for the mapped dimension")
    retain = create_graph if retain_graph is None else retain_graph
    rows = [grad(outputs, inputs, [g[i] for g in grad_outputs],
                 retain_graph=retain or i < sizes[0] - 1, create_graph=create_graph,
                 allow_unused=allow_unused) for i in range(sizes[0])]
    from .. import stack, zeros_like
    results = []
    for input, column in zip(_tensor_or_tensors(inputs), zip(*rows)):
        if column[0] is not None:
            results.append(stack(column))
        else:
            results.append(zeros_like(input) if materialize_grads else None)
    return tuple(results)


from .function import Function, FunctionCtx, once_differentiable  # noqa: E402,F401
from .gradcheck import GradcheckError, gradcheck, gradgradcheck  # noqa: E402,F401
from . import anomaly_mode  # noqa: E402,F401
from . import grad_mode as _grad_mode  # noqa: E402
from .variable import Variable  # noqa: E402,F401


class set_multithreading_enabled(_grad_mode._DecoratorContextManager):
    """Whether backward may run on several threads; ember's engine runs on the calling thread
    whatever it says, so the switch is only recorded (and restored when a block ends)."""

    _enabled = [True]

    def __init__(self, mode):
        self.prev = self._enabled[0]
        self.mode = bool(mode)
        self._enabled[0] = self.mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        self._enabled[0] = self.prev

    def clone(self):
        return type(self)(self.mode)


# torch defines it in autograd.grad_mode, which is where its repr and that module name it.
set_multithreading_enabled.__module__ = _grad_mode.__name__
_grad_mode.set_multithreading_enabled = set_multithreading_enabled


def is_multithreading_enabled():
    """Whether ``set_multithreading_enabled`` last allowed a multithreaded backward (the
    recorded switch; ember's engine runs on the calling thread either way).

    Returns:
        bool: the switch, True by default as in torch.

    Example:
        >>> with ember.autograd.set_multithreading_enabled(False):
        ...     ember.autograd.is_multithreading_enabled()
        False
        >>> ember.autograd.is_multithreading_enabled()
        True
    """
    return set_multithreading_enabled._enabled[0]


def is_view_replay_enabled():
    """Whether autograd rebuilds views by replaying the view operation: False, as by default
    in torch; ember records each view's backward directly and never replays.

    Returns:
        bool: False.

    Example:
        >>> ember.autograd.is_view_replay_enabled()
        False
    """
    return False


def __getattr__(name):
    if name == "profiler":  # loaded on first use
        import importlib
        return importlib.import_module(f"{__name__}.profiler")
    if name in ("DeviceType", "ProfilerActivity", "ProfilerState", "kineto_available"):
        from . import profiler
        return getattr(profiler, name)
    raise AttributeError(f"module 'ember.autograd' has no attribute '{name}'")
