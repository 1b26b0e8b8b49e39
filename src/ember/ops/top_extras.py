"""Small tensor functions of torch's top level and Tensor that programs reach for: the
``unsafe_`` splits, ``nonzero_static``, ``empty_permuted``, ``to_dlpack`` and ``is_distributed``.
"""
from __future__ import annotations

import itertools
import math
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._deprecated import _user_stacklevel
from .._tensor import Tensor, _wrap_dim
from ._registry import grad_fn, not_tensor, record, type_name, wrap


def _tensor(name, value, arg="input", position=1):
    if not isinstance(value, Tensor):
        raise not_tensor(name, value, arg, position)
    return value


# --- splits whose pieces are not tracked as views ---------------------------------------------

def _unsafe_pieces(name, input, sizes, dim, cls):
    """The pieces of ``input`` along ``dim``, sharing its memory but not recorded as views (so
    in-place ops on them skip the view checks, as torch's unsafe_ variants do); the gradient
    is the pieces' gradients joined back."""
    arr = input._data
    bounds = np.cumsum([0, *sizes])
    lead = (slice(None),) * dim
    outs = tuple(Tensor._make(arr[(*lead, slice(int(a), int(b)))])
                 for a, b in itertools.pairwise(bounds))
    return record(outs, cls, (input,), dim=dim)


def _cat_pieces(ctx, *grads):
    from .joining import cat
    return cat(grads, ctx.dim)


UnsafeSplitBackward0 = grad_fn("UnsafeSplitBackward0")(_cat_pieces)
UnsafeSplitWithSizesBackward0 = grad_fn("UnsafeSplitWithSizesBackward0")(_cat_pieces)


def unsafe_split(input, split_size, dim=0):
    """``split`` into pieces of ``split_size`` (the last may be smaller) whose in-place
    modification torch does not track as views of ``input``."""
    _tensor("unsafe_split", input, "self")
    d = _wrap_dim(dim, input.dim())
    n = input._data.shape[d]
    if split_size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size="
                           f"{split_size}")
    if split_size == 0 and n:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                           f"size of {n}")
    sizes = [split_size] * (n // split_size) + ([n % split_size] if n % split_size else []) \
        if split_size else [0]
    return _unsafe_pieces("unsafe_split", input, sizes, d, UnsafeSplitBackward0)


def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """``split_with_sizes`` whose pieces torch does not track as views of ``input``."""
    _tensor("unsafe_split_with_sizes", input, "self")
    d = _wrap_dim(dim, input.dim())
    n = input._data.shape[d]
    sizes = [int(s) for s in split_sizes]
    if sum(sizes) != n or any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
                           f"tensor's size at dimension {d}), but got split_sizes={sizes}")
    return _unsafe_pieces("unsafe_split_with_sizes", input, sizes, d,
                          UnsafeSplitWithSizesBackward0)


def unsafe_chunk(input, chunks, dim=0):
    """``chunk`` into ``chunks`` pieces of ``ceil(size / chunks)`` (fewer when that covers the
    dim), not tracked as views of ``input``."""
    _tensor("unsafe_chunk", input, "self")
    if input.dim() == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._data.shape[_wrap_dim(dim, input.dim())]
    return unsafe_split(input, math.ceil(n / chunks) if n else 0, dim) if n else \
        unsafe_split_with_sizes(input, [0] * chunks, dim)


# --- nonzero with a fixed result size ---------------------------------------------------------

def nonzero_static(input, *, size, fill_value=-1):
    """The first ``size`` rows of ``nonzero(input)``, padded with rows of ``fill_value`` when
    there are fewer: a result shape that does not depend on the values."""
    _tensor("nonzero_static", input)
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    xp = _backend.namespace_of(input._data)
    found = xp.argwhere(input._data).astype(np.int64)[:size]
    ndim = input._data.ndim
    out = xp.full((size, ndim), fill_value, dtype=np.int64)
    out[:found.shape[0]] = found
    return wrap(out)


# --- tensors laid out in a chosen dim order ---------------------------------------------------

def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None,
                   requires_grad=False, pin_memory=False):
    """An uninitialised tensor of logical ``size`` whose memory holds the dims in the order
    ``physical_layout`` (outermost first): ``empty(size[physical_layout]).permute(inverse)``."""
    from .creation import empty
    size, order = list(size), list(physical_layout)
    if len(size) != len(order):
        raise RuntimeError(f"Number of dimensions in size does not match the length of the "
                           f"physical_layout; i.e. len(size) = {len(size)} is not equal to "
                           f"len(physical_layout) = {len(order)}")
    for i, d in enumerate(order):
        if not 0 <= d < len(size):
            raise RuntimeError(f"Dimension out of range (expected to be between 0 and "
                               f"{len(size) - 1}, but got {d} at index {i}).  NB: negative dims "
                               f"not currently supported; file an issue if you want it.")
    if len(set(order)) < len(order):
        raise RuntimeError("Duplicate dim not allowed")
    inverse = [order.index(d) for d in range(len(size))]
    out = empty([size[d] for d in order], dtype=dtype, device=device).permute(inverse)
    out = out.detach()
    if requires_grad:
        out.requires_grad_(True)
    return out


# --- samplers (torch's CPU stream, element after element in float64) --------------------------

def geometric_(self, p, *, generator=None):
    """Fill with Geometric(p) draws, the number of Bernoulli(p) trials up to the first success:
    ``ceil(log(u) / log1p(-p))`` for ``u`` uniform on [0, 1)."""
    from .. import _random
    from .creation import _fill_with, _gen
    p = builtins_float(p)
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_number(p)}")
    if self._dtype is D.bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    gen = _gen(generator)
    with gen._lock:
        u = _random._uniform_f64(gen._random64(self.numel()))
    with np.errstate(divide="ignore"):
        values = np.ceil(_random._libm("log", u) / math.log1p(-p))
    return _fill_with(self, _random._cast_from_double(values, self._dtype.np)
                      .reshape(self._data.shape))


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fill with LogNormal(mean, std) draws: ``exp(mean + std * z)``, ``z`` standard normal
    (Box-Muller in float64, the spare value cached in the generator as torch does)."""
    from .. import _random
    from .creation import _fill_with, _gen
    if self._dtype.category != D._FLOAT:
        raise NotImplementedError(f"\"log_normal_cpu\" not implemented for "
                                  f"'{type_name(self._dtype)}'")
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_number(std)}")
    gen = _gen(generator)
    with gen._lock:
        values = _random._normal_serial(gen, self.numel(), builtins_float(mean),
                                        builtins_float(std))
    values = _random._libm("exp", values)
    return _fill_with(self, _random._cast_from_double(values, self._dtype.np)
                      .reshape(self._data.shape))


def _number(value):
    """A float as torch prints one in messages (``0.5``, ``1``)."""
    return f"{value:g}"


builtins_float = float


# --- Tensor methods ---------------------------------------------------------------------------

def as_subclass(self, cls):
    """``self``'s data as an instance of the Tensor subclass ``cls``: an alias that shares memory
    and stays in the graph (``grad_fn`` AliasBackward0)."""
    if not (isinstance(cls, type) and issubclass(cls, Tensor)):
        raise TypeError("Creating a Tensor subclass from a class that does not inherit from "
                        "Tensor is not possible. Make sure your class inherits from Tensor.")
    from .._subclass import as_subclass as alias_of_class
    return alias_of_class(self, cls)


def const_data_ptr(self):
    """The address of the first element, for reading (``data_ptr``)."""
    return self.data_ptr()


def pin_memory(self, device=None):
    """A copy in page-locked host memory, for faster copies to an accelerator. ember's host
    memory is never page-locked, so with an accelerator this is a plain copy; without one it
    raises, as torch does."""
    from .. import cuda
    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return self.clone()


def is_set_to(self, tensor):
    """Whether ``tensor`` is the same view of the same memory: same first element, dtype, shape
    and strides."""
    if not isinstance(tensor, Tensor):
        raise not_tensor("is_set_to", tensor, "tensor")
    return (self.data_ptr() == tensor.data_ptr() and self._dtype is tensor._dtype
            and self._data.shape == tensor._data.shape and self.stride() == tensor.stride())


def map2_(self, x, y, callable):
    """Replace each element ``s`` by ``callable(s, a, b)``, with ``a`` and ``b`` the matching
    elements of ``x`` and ``y`` (broadcast to this shape), in place; CPU tensors only."""
    for name, position, other in (("x", 1, x), ("y", 2, y)):
        if not isinstance(other, Tensor):
            raise not_tensor("map2_", other, name, position)
        if other._dtype is not self._dtype:
            raise TypeError(f"map2_: expected ember.{self._dtype._legacy} for argument '{name}' "
                            f"(got ember.{other._dtype._legacy})")
    flat = [_broadcast_arg(self, t) for t in (x, y)]
    values = [callable(s, a, b) for s, a, b in zip(self._data.reshape(-1).tolist(), *flat)]
    xp = _backend.namespace_of(self._data)
    self._data[...] = xp.asarray(values, dtype=self._data.dtype).reshape(self._data.shape)
    self._vc[0] += 1
    if _CONJ_LIVE:
        _conj_written(self)
    return self


def _broadcast_arg(self, other):
    shape = self._data.shape
    try:
        return np.broadcast_to(other._data, shape).reshape(-1).tolist()
    except ValueError:
        for i, (want, have) in enumerate(zip(reversed(shape), reversed(other._data.shape))):
            if have not in (1, want):
                dim = len(shape) - 1 - i
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) must match the existing size "
                    f"({have}) at non-singleton dimension {dim}.  Target sizes: {list(shape)}.  "
                    f"Tensor sizes: {list(other._data.shape)}") from None
        raise


def _resize(self, sizes, name):
    from ..autograd.function import Function

    class Resize(Function):
        """The deprecated non-in-place resize: a view of another shape with as many
        elements; the gradient is reshaped back."""

        @staticmethod
        def forward(ctx, tensor, sizes):
            numel = math.prod(sizes)
            if tensor.numel() != numel:
                raise RuntimeError(
                    f"requested resize to {'x'.join(map(str, sizes))} ({numel} elements in "
                    f"total), but the given tensor has a size of "
                    f"{'x'.join(map(str, tensor.shape))} ({tensor.numel()} elements). "
                    f"autograd's resize can only change the shape of a given tensor, while "
                    f"preserving the number of elements. ")
            ctx.input_sizes = tensor.shape
            return tensor.contiguous().view(sizes)

        @staticmethod
        def backward(ctx, grad):
            return grad.contiguous().view(ctx.input_sizes), None

    warnings.warn(f"non-inplace {name} is deprecated", UserWarning, stacklevel=_user_stacklevel())
    return Resize.apply(self, tuple(int(s) for s in sizes))


def resize(self, *sizes):
    """Deprecated (warns): ``self`` viewed with shape ``sizes``, which must hold as many
    elements; use ``reshape``."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    return _resize(self, sizes, "resize")


def resize_as(self, tensor):
    """Deprecated (warns): ``self`` viewed with ``tensor``'s shape; use ``reshape_as``."""
    return _resize(self, tuple(tensor.shape), "resize_as")


def _dense_only(name, what="sparse coordinate tensor"):
    def method(self):
        raise RuntimeError(f"{name} expected {what} layout but got Strided")
    method.__name__ = name
    method.__doc__ = "Sparse COO tensors only: a dense tensor raises, as in torch."
    return method


def sparse_dim(self):
    """The number of sparse dims: 0 for a dense tensor."""
    return 0


def dense_dim(self):
    """The number of dense dims: all of a dense tensor's."""
    return self.dim()


def module_load(self, other, assign=False):
    """What ``load_state_dict`` puts in place of ``self`` given the loaded ``other``: ``other``
    detached when ``assign``, else ``self`` with ``other`` copied in (detached)."""
    if assign:
        return other.detach()
    return self.copy_(other).detach()


def record_stream(self, stream):
    """Mark the memory as used by ``stream`` so the allocator does not reuse it early. ember
    allocates through the device library's pool and orders its work on one stream, so on an
    accelerator there is nothing to record; a CPU tensor raises, as torch's CPU build does."""
    if self._device.type == "cpu":
        raise NotImplementedError("Could not run 'aten::record_stream' with arguments from the "
                                  "'CPU' backend.")


_REINFORCE = """reinforce() was removed.
Use ember.distributions instead.
See https://pytorch.org/docs/main/distributions.html

Instead of:

probs = policy_network(state)
action = probs.multinomial()
next_state, reward = env.step(action)
action.reinforce(reward)
action.backward()

Use:

probs = policy_network(state)
# NOTE: categorical is equivalent to what used to be called multinomial
m = ember.distributions.Categorical(probs)
action = m.sample()
next_state, reward = env.step(action)
loss = -m.log_prob(action) * reward
loss.backward()
"""


def reinforce(self, reward):
    """Removed (raises): use a distribution's ``log_prob`` times the reward as the loss."""
    raise RuntimeError(_REINFORCE)


def _volatile(self):
    warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                  stacklevel=_user_stacklevel())
    return False


def _absent_device(name, error, message):
    def method(self, device=None, non_blocking=False, memory_format=None):
        raise error(message)
    method.__name__ = name
    method.__doc__ = (f"A copy on the {name.upper()} device, which ember (like a torch built "
                      f"without it) does not have: raises.")
    return method


def hash_tensor(input, dim=None, *, keepdim=False, mode=0):
    """The XOR of the elements' 64-bit patterns over ``dim`` (all dims when None): floats as
    float64 bits, integers and bools as their value in uint64. Equal tensors hash equal, so
    it fingerprints data cheaply; not differentiable."""
    _tensor("hash_tensor", input)
    if mode != 0:
        raise RuntimeError(f"Unknown hash_tensor mode: {mode}")
    arr = input._data
    if input._dtype.category == D._COMPLEX:
        raise NotImplementedError(f"\"xor_sum_cpu\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    dims = tuple(range(arr.ndim)) if dim is None else \
        tuple(_wrap_dim(d, arr.ndim) for d in ((dim,) if isinstance(dim, int) else dim))
    if arr.size == 0:
        if dim is None:
            raise RuntimeError("hash_tensor: Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
        for d in dims:
            if arr.shape[d] == 0:
                raise IndexError(f"hash_tensor: Expected reduction dim {d} to have non-zero "
                                 f"size.")
    xp = _backend.namespace_of(arr)
    bits = arr.astype(np.float64) if input._dtype.category == D._FLOAT else \
        arr.astype(np.int64)
    bits = bits.view(np.uint64)
    out = _xor_over(bits, dims, keepdim, xp) if dims else bits.copy()
    return wrap(xp.asarray(out, dtype=np.uint64))


def _xor_over(bits, dims, keepdim, xp):
    """The XOR of ``bits`` over ``dims``, by folding the reduced axis in halves: elementwise
    XORs only, since CuPy's bitwise_xor has no ``reduce``."""
    rest = [d for d in range(bits.ndim) if d not in dims]
    kept = tuple(bits.shape[d] for d in rest)
    flat = xp.transpose(bits, rest + list(dims)).reshape(
        kept + (math.prod(bits.shape[d] for d in dims),))
    while flat.shape[-1] > 1:
        half = flat.shape[-1] // 2
        folded = flat[..., :half] ^ flat[..., half:2 * half]
        flat = xp.concatenate([folded, flat[..., 2 * half:]], axis=-1)
    out = flat[..., 0]
    if keepdim:
        out = out.reshape(tuple(1 if d in dims else n for d, n in enumerate(bits.shape)))
    return out


def to_dlpack(tensor):
    """A DLPack capsule sharing ``tensor``'s memory, for another library's ``from_dlpack``
    (versioned: NumPy imports an unversioned one read-only)."""
    _tensor("to_dlpack", tensor, "data")
    return tensor._data.__dlpack__(max_version=(1, 0))


def is_distributed(input):
    """False: ember's tensors are never split across processes (torch's legacy query)."""
    _tensor("is_distributed", input, "self")
    return False


FUNCTIONS = {
    "unsafe_split": unsafe_split, "unsafe_split_with_sizes": unsafe_split_with_sizes,
    "unsafe_chunk": unsafe_chunk, "nonzero_static": nonzero_static,
    "empty_permuted": empty_permuted, "to_dlpack": to_dlpack,
    "is_distributed": is_distributed, "hash_tensor": hash_tensor,
}
METHODS = {
    "module_load": module_load, "record_stream": record_stream, "reinforce": reinforce,
    "volatile": property(_volatile), "is_nested": property(lambda self: False),
    "xpu": _absent_device("xpu", AssertionError, "Torch not compiled with XPU enabled"),
    "ipu": _absent_device("ipu", RuntimeError,
                          "PyTorch is not linked with support for ipu devices"),
    "mtia": _absent_device("mtia", AssertionError, "Torch not compiled with MTIA enabled"),
    "as_subclass": as_subclass, "const_data_ptr": const_data_ptr, "pin_memory": pin_memory,
    "is_set_to": is_set_to, "map2_": map2_, "resize": resize,
    "resize_as": resize_as, "sparse_dim": sparse_dim, "dense_dim": dense_dim,
    "coalesce": _dense_only("coalesce"), "indices": _dense_only("indices"),
    "values": _dense_only("values", "sparse tensor"),
    "is_coalesced": _dense_only("is_coalesced"),
    "geometric_": geometric_, "log_normal_": log_normal_, "unsafe_split": unsafe_split, "unsafe_split_with_sizes": unsafe_split_with_sizes,
    "unsafe_chunk": unsafe_chunk, "nonzero_static": nonzero_static,
    "is_distributed": is_distributed, "hash_tensor": hash_tensor,
}
