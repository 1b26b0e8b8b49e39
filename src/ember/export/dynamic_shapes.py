"""Builders of ``dynamic_shapes`` specs for ``ember.export.export``: ``ShapesCollection``
(shapes given per input tensor, placed into the inputs' structure) and ``AdditionalInputs``
(shapes inferred from more example inputs: a size that differs between them is dynamic).

ember's exported programs have static shapes, so ``export`` accepts the spec these build only
when it asks for nothing dynamic; the builders work as torch's either way, so a program can
build and inspect its spec."""
from __future__ import annotations

import inspect

from .._tensor import Tensor


def _combine_args(module, args, kwargs):
    """{parameter name: value} of the forward's call with ``args`` and ``kwargs``."""
    forward = module.forward if hasattr(module, "forward") else module
    return inspect.signature(forward).bind(*args, **(kwargs or {})).arguments


def _map_leaves(tree, leaf):
    """``tree`` with each non-container value replaced by ``leaf(value)``."""
    if isinstance(tree, dict):
        return {key: _map_leaves(value, leaf) for key, value in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_map_leaves(value, leaf) for value in tree)
    return leaf(tree)


class ShapesCollection:
    """A ``dynamic_shapes`` spec built tensor by tensor: ``collection[t] = shape`` assigns a
    shape spec to an input tensor wherever it sits in nested inputs, and ``dynamic_shapes``
    places the specs into the inputs' structure (None for the others).

    Example:
        >>> from ember.export import Dim, ShapesCollection
        >>> class Add(nn.Module):
        ...     def forward(self, x, others):
        ...         return x + others[0]
        >>> x, y, z = ember.ones(2, 3), ember.ones(2, 3), ember.ones(4)
        >>> shapes = ShapesCollection()
        >>> shapes[x] = (Dim.STATIC, 3)
        >>> shapes.dynamic_shapes(Add(), (x, [y, z]))
        {'x': (DimHint(STATIC), 3), 'others': [None, None]}
    """

    def __init__(self):
        self._shapes = {}

    def __setitem__(self, t, shape):
        if not isinstance(t, Tensor):
            raise AssertionError(f"Cannot assign shape to non-tensor or non-_IntWrapper type "
                                 f"{type(t)}")
        if id(t) in self._shapes and self._shapes[id(t)] != shape:
            raise AssertionError(f"Shapes assigned to input do not match: expected "
                                 f"{self._shapes[id(t)]}, got {shape}")
        self._shapes[id(t)] = shape

    def __getitem__(self, t):
        # Reading an unassigned input assigns it an empty spec (no dynamic dimension), as
        # torch's does, so the spec can be filled in place: ``collection[t][0] = dim``.
        return self._shapes.setdefault(id(t), {})

    def __len__(self):
        return len(self._shapes)

    def dynamic_shapes(self, m, args, kwargs=None):
        """The spec for ``m``'s forward called with ``args`` and ``kwargs``: each input
        tensor's assigned shape in its place, None elsewhere.

        Args:
            m (nn.Module): the module to export.
            args (tuple): its example positional inputs.
            kwargs (dict, optional): its example keyword inputs.

        Returns:
            dict: {forward parameter name: spec}.
        """
        found = set()

        def spec(value):
            if id(value) in self._shapes:
                found.add(id(value))
                return self._shapes[id(value)]
            return None

        result = _map_leaves(dict(_combine_args(m, args, kwargs)), spec)
        if found != set(self._shapes):
            raise ValueError("Some tensors that were assigned shapes were not found in args. "
                             "Maybe such tensors were copied when passing them as args? Maybe "
                             "such tensors are contained in classes that were not registered "
                             "with pytree?")
        return result


class AdditionalInputs:
    """A ``dynamic_shapes`` spec inferred from representative inputs: each size (or int
    input) that differs between the export's example and any added input is
    ``Dim.DYNAMIC``; those that agree everywhere are static (None).

    Example:
        >>> from ember.export import AdditionalInputs
        >>> class Add(nn.Module):
        ...     def forward(self, x, y):
        ...         return x.sum() + y.sum()
        >>> more = AdditionalInputs()
        >>> more.add((ember.ones(6, 3), ember.ones(2)))
        >>> more.dynamic_shapes(Add(), (ember.ones(4, 3), ember.ones(2)))
        {'x': (DimHint(DYNAMIC), None), 'y': (None,)}
    """

    def __init__(self):
        self._examples = []

    def add(self, args, kwargs=None):
        """Record one more representative call's inputs.

        Args:
            args (tuple): positional inputs.
            kwargs (dict, optional): keyword inputs.
        """
        if not isinstance(args, tuple):
            raise AssertionError(f"Representative args {args} must be a tuple")
        if not (kwargs is None or isinstance(kwargs, dict)):
            raise AssertionError(f"Representative kwargs {kwargs} must be None or a dict")
        self._examples.append((args, kwargs))

    def dynamic_shapes(self, m, args, kwargs=None):
        """The spec for ``m``'s forward: ``Dim.DYNAMIC`` where the inputs' sizes (or ints)
        differ from ``args``/``kwargs`` in any added example, None where they agree.

        Args:
            m (nn.Module): the module to export.
            args (tuple): its example positional inputs.
            kwargs (dict, optional): its example keyword inputs.

        Returns:
            dict: {forward parameter name: spec}.
        """
        from . import Dim
        trees = [dict(_combine_args(m, a, k)) for a, k in [(args, kwargs), *self._examples]]

        def merge(values):
            first = values[0]
            if isinstance(first, dict):
                if any(not isinstance(v, dict) or v.keys() != first.keys() for v in values):
                    raise ValueError(f"Node keys mismatch; expected {list(first)}, but got "
                                     f"{[list(v) for v in values if v.keys() != first.keys()]}")
                return {key: merge([v[key] for v in values]) for key in first}
            if isinstance(first, (list, tuple)):
                for v in values:
                    if len(v) != len(first):
                        raise ValueError(f"Node arity mismatch; expected {len(first)}, but got "
                                         f"{len(v)}.")
                return type(first)(merge([v[i] for v in values]) for i in range(len(first)))
            if isinstance(first, Tensor):
                shapes = [tuple(v.shape) for v in values]
                for shape in shapes:
                    if len(shape) != len(shapes[0]):
                        raise ValueError(f"Node arity mismatch; expected {len(shapes[0])}, but "
                                         f"got {len(shape)}.")
                return tuple(None if len(set(sizes)) == 1 else Dim.DYNAMIC
                             for sizes in zip(*shapes))
            if isinstance(first, int) and not isinstance(first, bool):
                return None if len(set(values)) == 1 else Dim.DYNAMIC
            return None

        return merge(trees)

    def verify(self, ep):
        """Run the exported program on every added input: each must pass its guards.

        Args:
            ep (ExportedProgram): the program exported with this spec.
        """
        module = ep.module()
        for args, kwargs in self._examples:
            module(*args, **(kwargs or {}))
