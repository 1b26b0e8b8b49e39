"""ember as an einops backend, and einops' layers as ember modules.

Defining ``EmberBackend`` registers it: einops looks its backends up among the subclasses of
``AbstractBackend`` (``ember._einops`` imports this module as soon as einops is loaded).
Every operation is an ember op, so ``rearrange``, ``repeat``, ``reduce``, ``einsum``, ``pack``
and ``unpack`` record the same autograd graph as the equivalent ember calls, and their results
have the ``grad_fn`` names torch's would (``ViewBackward0``, ``PermuteBackward0``, ...).

einops' own ``einops.layers.torch`` imports ``torch`` itself: it gives ember modules only where
``torch`` resolves to ember (an import alias). ``Rearrange``, ``Reduce`` and ``EinMix`` here are
the same layers built on ``ember.nn.Module``, which is what ``backend.layers()`` returns.
"""
from __future__ import annotations

import sys

from einops._backends import AbstractBackend
from einops.layers import RearrangeMixin, ReduceMixin
from einops.layers._einmix import _EinmixMixin

import ember
from ember import nn


class EmberBackend(AbstractBackend):
    """einops' operations on ember tensors, each one ember op."""

    framework_name = "ember"

    def is_appropriate_type(self, tensor):
        return isinstance(tensor, ember.Tensor)

    def from_numpy(self, x):
        variable = ember.from_numpy(x)
        if self.is_float_type(variable):
            variable.requires_grad = True
        return variable

    def to_numpy(self, x):
        return x.detach().cpu().numpy()

    def arange(self, start, stop):
        return ember.arange(start, stop, dtype=ember.int64)

    def reduce(self, x, operation, axes):
        if operation in ("min", "max"):
            return getattr(x, "a" + operation)(dim=axes)
        if operation in ("sum", "mean"):
            return getattr(x, operation)(dim=axes)
        if operation in ("any", "all", "prod"):
            # these reduce one dimension per call: the last first, so the others keep their index
            for axis in sorted(axes, reverse=True):
                x = getattr(x, operation)(dim=axis)
            return x
        raise NotImplementedError(f"Unknown reduction {operation}")

    def transpose(self, x, axes):
        return x.permute(axes)

    def stack_on_zeroth_dimension(self, tensors):
        return ember.stack(tensors)

    def add_axes(self, x, n_axes, pos2len):
        # a broadcast view (expand), not a copy, as torch's backend does
        sizes = [-1] * n_axes
        for position, length in pos2len.items():
            x = x.unsqueeze(position)
            sizes[position] = length
        return x.expand(sizes)

    def tile(self, x, repeats):
        return x.repeat(repeats)

    def concat(self, tensors, axis):
        return ember.cat(tensors, dim=axis)

    def add_axis(self, x, new_position):
        return x.unsqueeze(new_position)

    def is_float_type(self, x):
        # einops averages only these (not float8): the list torch's backend has
        return x.dtype in (ember.float16, ember.float32, ember.float64,
                           getattr(ember, "bfloat16", None))

    def layers(self):
        return sys.modules[__name__]

    def einsum(self, pattern, *x):
        return ember.einsum(pattern, *x)


class Rearrange(RearrangeMixin, nn.Module):
    """``einops.rearrange`` with a fixed pattern, as a module (no parameters)."""

    def forward(self, input):
        return self._apply_recipe(input)


class Reduce(ReduceMixin, nn.Module):
    """``einops.reduce`` with a fixed pattern and reduction, as a module (no parameters)."""

    def forward(self, input):
        return self._apply_recipe(input)


class EinMix(_EinmixMixin, nn.Module):
    """A linear layer written as an einsum pattern: ``einsum(pattern, input, weight) + bias``,
    with optional rearranges before and after; weight and bias uniform in +-bound."""

    def _create_parameters(self, weight_shape, weight_bound, bias_shape, bias_bound):
        self.weight = nn.Parameter(ember.zeros(weight_shape).uniform_(-weight_bound, weight_bound))
        self.bias = None
        if bias_shape is not None:
            self.bias = nn.Parameter(ember.zeros(bias_shape).uniform_(-bias_bound, bias_bound))

    def _create_rearrange_layers(self, pre_reshape_pattern, pre_reshape_lengths,
                                 post_reshape_pattern, post_reshape_lengths):
        self.pre_rearrange = None
        if pre_reshape_pattern is not None:
            self.pre_rearrange = Rearrange(pre_reshape_pattern, **pre_reshape_lengths)
        self.post_rearrange = None
        if post_reshape_pattern is not None:
            self.post_rearrange = Rearrange(post_reshape_pattern, **post_reshape_lengths)

    def forward(self, input):
        if self.pre_rearrange is not None:
            input = self.pre_rearrange(input)
        result = ember.einsum(self.einsum_pattern, input, self.weight)
        if self.bias is not None:
            result = result + self.bias
        if self.post_rearrange is not None:
            result = self.post_rearrange(result)
        return result
