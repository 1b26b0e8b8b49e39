"""Convolution layers: Conv1d/2d/3d and ConvTranspose1d/2d/3d."""
from __future__ import annotations

import math

from ... import empty
from ...autograd.grad_mode import no_grad
from .. import functional as F
from .. import init
from ..parameter import Parameter, UninitializedParameter
from .linear import LazyModuleMixin
from .module import Module
from .utils import _pair, _reverse_repeat_tuple, _single, _triple, named_function

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
           "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
           "LazyConvTranspose3d"]

_PADDING_STRINGS = {"same", "valid"}
_PADDING_MODES = {"zeros", "reflect", "replicate", "circular"}


class _ConvNd(Module):
    """Shared set-up of the convolutions: argument checks, weight (out, in/groups, *kernel) or,
    transposed, (in, out/groups, *kernel), and PyTorch's default initialisation."""

    _ntuple = None
    _dims = 0

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 transposed, output_padding, groups, bias, padding_mode, device=None,
                 dtype=None):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in _PADDING_STRINGS:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 f"{_PADDING_STRINGS}")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {_PADDING_MODES}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = transposed
        self.output_padding = output_padding
        self.groups = groups
        self.padding_mode = padding_mode
        if isinstance(padding, str):
            self._reversed_padding_repeated_twice = [0, 0] * len(kernel_size)
            if padding == "same":
                # Split the total padding d*(k-1) with the extra element on the right.
                for d, k, i in zip(dilation, kernel_size, range(len(kernel_size) - 1, -1, -1)):
                    total = d * (k - 1)
                    self._reversed_padding_repeated_twice[2 * i] = total // 2
                    self._reversed_padding_repeated_twice[2 * i + 1] = total - total // 2
        else:
            self._reversed_padding_repeated_twice = _reverse_repeat_tuple(padding, 2)
        shape = ((in_channels, out_channels // groups) if transposed
                 else (out_channels, in_channels // groups)) + tuple(kernel_size)
        self.weight = Parameter(empty(shape, device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        text = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            text += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            text += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            text += ", output_padding={output_padding}"
        if self.groups != 1:
            text += ", groups={groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += ", padding_mode={padding_mode}"
        return text.format(**self.__dict__)

    def __setstate__(self, state):
        super().__setstate__(state)
        if not hasattr(self, "padding_mode"):
            self.padding_mode = "zeros"


def _make_conv(name, dims, ntuple, conv_fn):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros", device=None, dtype=None):
        _ConvNd.__init__(self, in_channels, out_channels, ntuple(kernel_size), ntuple(stride),
                         padding if isinstance(padding, str) else ntuple(padding),
                         ntuple(dilation), False, ntuple(0), groups, bias, padding_mode,
                         device, dtype)

    def _conv_forward(self, input, weight, bias):
        function = getattr(F, conv_fn)
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return function(padded, weight, bias, self.stride, ntuple(0), self.dilation,
                            self.groups)
        return function(input, weight, bias, self.stride, self.padding, self.dilation,
                        self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)

    sizes = ", ".join(["5"] * dims)
    doc = f"""{dims}-D convolution (cross-correlation) over an input of shape (N, C_in, ...).

    The weight has shape (C_out, C_in/groups, *kernel) and is initialised as PyTorch does, so
    the same seed gives the same weights.

    Args:
        in_channels, out_channels: C_in and C_out.
        kernel_size: the kernel's size (an int, or one per dimension).
        stride: the step between applications (default 1).
        padding: zeros (or ``padding_mode``) added on each side; an int, one per dimension,
            "valid" (none) or "same" (output as large as the input).
        dilation: the spacing between kernel elements (default 1).
        groups: split the channels into this many independent groups.
        bias: learn one additive bias per output channel (default True).
        padding_mode: "zeros", "reflect", "replicate" or "circular".

    Example:
        >>> conv = nn.{name}(3, 8, kernel_size=3, padding=1)
        >>> conv(ember.zeros(2, 3, {sizes})).shape
        ember.Size([2, 8, {sizes}])
    """
    return type(name, (_ConvNd,), {"__init__": named_function(__init__, f"{name}.__init__"),
                                   "_conv_forward": _conv_forward,
                                   "forward": named_function(forward, f"{name}.forward"),
                                   "__doc__": doc, "__module__": __name__})


Conv1d = _make_conv("Conv1d", 1, _single, "conv1d")
Conv2d = _make_conv("Conv2d", 2, _pair, "conv2d")
Conv3d = _make_conv("Conv3d", 3, _triple, "conv3d")


class _ConvTransposeNd(_ConvNd):
    """Shared forward of the transposed convolutions, with ``output_size`` resolved into the
    extra ``output_padding`` it needs."""

    def _output_padding(self, input, output_size, stride, padding, kernel_size, num_spatial,
                        dilation):
        if output_size is None:
            return _ntuple_like(self.output_padding, num_spatial)
        # output_size may name the batch and channel sizes too; the message shows it as given
        # (a list, tuple or Size, cut to the spatial sizes) and the input's sizes from dim 2.
        non_spatial = 2 if input.dim() == num_spatial + 2 else 1
        if len(output_size) == non_spatial + num_spatial:
            output_size = output_size[non_spatial:]
        if len(output_size) != num_spatial:
            raise ValueError(f"ConvTranspose{num_spatial}D: for {input.dim()}D input, "
                             f"output_size must have {num_spatial} or "
                             f"{non_spatial + num_spatial} elements (got {len(output_size)})")
        smallest = [(input.size(d + non_spatial) - 1) * stride[d] - 2 * padding[d]
                    + (dilation[d] if dilation is not None else 1) * (kernel_size[d] - 1) + 1
                    for d in range(num_spatial)]
        largest = [low + step - 1 for low, step in zip(smallest, stride)]
        for size, low, high in zip(output_size, smallest, largest):
            if not low <= size <= high:
                raise ValueError(f"requested an output size of {output_size}, but valid sizes "
                                 f"range from {smallest} to {largest} (for an input of "
                                 f"{input.size()[2:]})")
        return tuple(size - low for size, low in zip(output_size, smallest))


def _ntuple_like(values, n):
    return tuple(values) if isinstance(values, (tuple, list)) else (values,) * n


def _make_conv_transpose(name, dims, ntuple, conv_fn):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros",
                 device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {name}')
        _ConvNd.__init__(self, in_channels, out_channels, ntuple(kernel_size), ntuple(stride),
                         ntuple(padding), ntuple(dilation), True, ntuple(output_padding),
                         groups, bias, padding_mode, device, dtype)

    def forward(self, input, output_size=None):
        output_padding = self._output_padding(input, output_size, self.stride, self.padding,
                                              self.kernel_size, dims, self.dilation)
        return getattr(F, conv_fn)(input, self.weight, self.bias, self.stride, self.padding,
                                   output_padding, self.groups, self.dilation)

    doc = (f"{dims}-D transposed convolution (the gradient of Conv{dims}d w.r.t. its input), "
           f"weight (C_in, C_out/groups, *kernel).")
    return type(name, (_ConvTransposeNd,), {
        "__init__": named_function(__init__, f"{name}.__init__"),
        "forward": named_function(forward, f"{name}.forward"), "__doc__": doc,
        "__module__": __name__})


ConvTranspose1d = _make_conv_transpose("ConvTranspose1d", 1, _single, "conv_transpose1d")
ConvTranspose2d = _make_conv_transpose("ConvTranspose2d", 2, _pair, "conv_transpose2d")
ConvTranspose3d = _make_conv_transpose("ConvTranspose3d", 3, _triple, "conv_transpose3d")


class _LazyConvXdMixin(LazyModuleMixin):
    """Lazy convolutions: ``in_channels`` is read from the first input's channel dim, then the
    weight (and bias) are allocated and initialised exactly as the eager layer's are."""

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if not self.has_uninitialized_params():
            return
        self.in_channels = self._get_in_channels(input)
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if self.transposed:
            shape = (self.in_channels, self.out_channels // self.groups)
        else:
            shape = (self.out_channels, self.in_channels // self.groups)
        with no_grad():
            self.weight.materialize(shape + tuple(self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()

    def _get_in_channels(self, input):
        unbatched = len(self.kernel_size) + 1
        if input.dim() not in (unbatched, unbatched + 1):
            raise RuntimeError(f"Expected {unbatched}D (unbatched) or {unbatched + 1}D (batched) "
                               f"input to {type(self).__name__}, but got input of size: "
                               f"{input.shape}")
        return input.shape[1] if input.dim() == unbatched + 1 else input.shape[0]


def _lazy_init(self, out_channels, bias, device, dtype):
    self.weight = UninitializedParameter(device=device, dtype=dtype)
    self.out_channels = out_channels
    if bias:
        self.bias = UninitializedParameter(device=device, dtype=dtype)


def _make_lazy_conv(eager, dims):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        # Built with no channels and no bias; the lazy parameters replace them.
        super(cls, self).__init__(0, 0, kernel_size, stride, padding, dilation, groups, False,
                                  padding_mode, device, dtype)
        _lazy_init(self, out_channels, bias, device, dtype)

    name = "Lazy" + eager.__name__
    doc = (f"A {eager.__name__} whose ``in_channels`` is inferred from the first input "
           f"(dim 1, or dim 0 of an unbatched {dims + 1}-D input); it then becomes a "
           f"{eager.__name__}.")
    cls = type(name, (_LazyConvXdMixin, eager), {
        "__init__": __init__, "cls_to_become": eager, "__doc__": doc, "__module__": __name__})
    return cls


def _make_lazy_conv_transpose(eager, dims):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
                 groups=1, bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        super(cls, self).__init__(0, 0, kernel_size, stride, padding, output_padding, groups,
                                  False, dilation, padding_mode, device, dtype)
        _lazy_init(self, out_channels, bias, device, dtype)

    name = "Lazy" + eager.__name__
    doc = (f"A {eager.__name__} whose ``in_channels`` is inferred from the first input; it "
           f"then becomes a {eager.__name__}.")
    cls = type(name, (_LazyConvXdMixin, eager), {
        "__init__": __init__, "cls_to_become": eager, "__doc__": doc, "__module__": __name__})
    return cls


LazyConv1d = _make_lazy_conv(Conv1d, 1)
LazyConv2d = _make_lazy_conv(Conv2d, 2)
LazyConv3d = _make_lazy_conv(Conv3d, 3)
LazyConvTranspose1d = _make_lazy_conv_transpose(ConvTranspose1d, 1)
LazyConvTranspose2d = _make_lazy_conv_transpose(ConvTranspose2d, 2)
LazyConvTranspose3d = _make_lazy_conv_transpose(ConvTranspose3d, 3)
