"""Checks and helpers the optimizer files share."""
import numpy as np

from .. import _dtype as D
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._tensor import Tensor
from ..ops._kernels import BLOCK_ELEMENTS


def check_range(name, value, low=0.0, high=None, high_inclusive=False, nan_allowed=False):
    """Raise PyTorch's ``ValueError("Invalid <name>: <value>")`` for an out-of-range setting
    (NaN passes where torch's check is written ``value < low``, ``nan_allowed``)."""
    number = value.item() if isinstance(value, Tensor) else value
    if nan_allowed and number != number:
        return
    # torch's comparisons as it writes them: a string or None raises its TypeError
    below = number < low if nan_allowed else not low <= number
    too_high = high is not None and (number > high if high_inclusive else number >= high)
    if below or too_high:
        raise ValueError(f"Invalid {name}: {value}")


def check_lr(lr, nan_allowed=False):
    """torch's check of a learning rate; SGD's (``lr < 0``) lets NaN through, the others'
    (``not 0 <= lr``) do not."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    check_range("learning rate", lr, nan_allowed=nan_allowed)


def check_beta_kinds(betas, foreach, capturable):
    """Adam's (and AdamW's) checks of Tensor betas, which only a capturable or a per-parameter
    update takes, and of betas of mixed kinds (or ints: torch's Adam takes floats)."""
    if not (all(isinstance(beta, float) for beta in betas[:2])
            or all(isinstance(beta, Tensor) for beta in betas[:2])):
        raise ValueError("betas must be either both floats or both Tensors")
    for index in (0, 1):
        beta = betas[index]
        if isinstance(beta, Tensor):
            if foreach and not capturable:
                raise ValueError(f"betas[{index}] as a Tensor is not supported for "
                                 "capturable=False and foreach=True")
            if beta.numel() != 1:
                raise ValueError(f"Tensor betas[{index}] must be 1-element")


def check_betas(betas):
    # torch reads betas[0] and betas[1]: a shorter sequence is an IndexError, a longer one
    # has its extra entries ignored.
    for index in (0, 1):
        check_range(f"beta parameter at index {index}", betas[index], 0.0, 1.0)


def scalar(value):
    """A hyper-parameter as a Python number (a 1-element tensor lr is allowed)."""
    return value.item() if isinstance(value, Tensor) else value


def plain_numbers(group, names):
    """Whether the group's hyper-parameters ``names`` are all Python ints and floats (tuples of
    them too): the array paths compute with them as NumPy scalars. A bool or a tensor goes the
    tensor path, where torch's ops take it as torch's do (a bool alpha refused, a 0-d tensor
    read as its value)."""
    for name in names:
        value = group[name]
        for item in value if isinstance(value, tuple) else (value,):
            if type(item) not in (int, float):
                return False
    return True


def update_arrays(param, state_tensors=()):
    """``[param, grad, *state]`` as NumPy arrays when the update can run on them in place, else
    None (the tensor path then runs).

    The array path takes real floating-point tensors of one dtype in host memory, a plain
    gradient (no graph, not sparse) and a parameter that is not a view of another tensor:
    then writing into the arrays is the in-place tensor update, without the out-of-place
    result and copy each in-place tensor op makes.

    The array paths round each product and each sum in the parameter's dtype, as ember's tensor
    ops do in float32 and float64 (the same bits). torch's float32 kernels fuse a product and a
    sum into one rounding, so a step may differ from torch's by an ulp: the fused form through
    float64 takes four casting passes, and made the SGD step 2.8x and the Adam step 1.6x slower
    (535k parameters, one thread); see ops.elementwise._fused_add. The halves (float16,
    bfloat16) take the tensor path, whose float32 arithmetic rounds once per op to the half as
    torch's does; rounding in the half at each step drifted by whole bfloat16 steps.
    """
    grad = param._grad
    tensors = (param, grad, *state_tensors)
    dtype = param._dtype
    if dtype.category != D._FLOAT or dtype.itemsize < 4 or param._base is not None \
            or grad._requires_grad:
        return None
    arrays = []
    shape = param._data.shape
    for t in tensors:
        # (a state of another shape, from a loaded state dict, gets the tensor path's error)
        if type(t) is not Tensor and t is not param or t._dtype is not dtype \
                or type(t._data) is not np.ndarray or t._data.shape != shape:
            return None
        arrays.append(t._data)
    return arrays


def bump_versions(*tensors):
    """Count an in-place change of each tensor, as the tensor path does (saved-tensor checks)."""
    for t in tensors:
        t._vc[0] += 1
        if _CONJ_LIVE:
            _conj_written(t)


def check_foreach_fused(foreach, fused, differentiable):
    """PyTorch's construction-time refusals of ``fused`` combined with ``foreach`` or with
    ``differentiable``."""
    if fused and foreach:
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if fused and differentiable:
        raise RuntimeError("`fused` does not support `differentiable`")


# The array paths update a parameter through flat views in chunks as long as the kernels' row
# blocks (256 KiB of float32): the temporaries of a multi-step rule then stay in the CPU's cache,
# so the parameter, its gradient and its state are each read from memory about once, as by a
# fused kernel, rather than once per NumPy call of the rule.
CHUNK = BLOCK_ELEMENTS


def pieces(arrays):
    """``arrays`` (all of one shape) cut into lists of matching pieces: flat views of CHUNK
    elements when every array is C-contiguous (writes into a piece land in the array), else
    the whole arrays, once."""
    for a in arrays:
        if not a.flags.c_contiguous:
            return [arrays]
    flat = [a.reshape(-1) for a in arrays]
    size = flat[0].size
    if size <= CHUNK:
        return [flat]
    return [[f[start:start + CHUNK] for f in flat] for start in range(0, size, CHUNK)]


def scratch_for(piece, scratch):
    """A scratch array of ``piece``'s shape: a view of ``scratch`` when it is large enough."""
    if scratch is not None and piece.size <= scratch.size:
        return scratch[:piece.size].reshape(piece.shape)
    return np.empty_like(piece)
