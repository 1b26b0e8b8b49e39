"""Shape ops and views: values, grad_fn names and gradients against torch; gradcheck; errors;
memory sharing and PyTorch's CopySlices for in-place ops on views."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch

import ember

SHAPE_CASES = {
    "view": lambda t, x: x.view(6, 4),
    "view_infer": lambda t, x: x.view(-1, 2),
    "reshape_copy": lambda t, x: x.t().reshape(24),
    "view_as": lambda t, x: x.view_as(t.zeros(2, 12)),
    "flatten": lambda t, x: x.flatten(),
    "unflatten": lambda t, x: x.unflatten(1, (2, 3)),
    "permute": lambda t, x: x.permute(1, 0),
    "transpose": lambda t, x: x.transpose(0, 1),
    "swapaxes": lambda t, x: t.swapaxes(x, 0, 1),
    "t": lambda t, x: x.t(),
    "T": lambda t, x: x.T,
    "mT": lambda t, x: x.mT,
    "expand": lambda t, x: x[:1].expand(3, 4, 6),
    "expand_as": lambda t, x: x[:1].expand_as(t.zeros(4, 6)),
    "broadcast_to": lambda t, x: t.broadcast_to(x[0], (2, 4, 6)),
    "broadcast_to_method_spread": lambda t, x: x[0].broadcast_to(2, 4, 6),
    "broadcast_to_method_keyword": lambda t, x: x[0].broadcast_to(size=(3, 4, 6)),
    "squeeze": lambda t, x: x[:1].squeeze(),
    "squeeze_dim": lambda t, x: x[:1].squeeze(0),
    "unsqueeze": lambda t, x: x.unsqueeze(1),
    "movedim": lambda t, x: t.movedim(x.unflatten(1, (2, 3)), 0, 2),
    "moveaxis_multi": lambda t, x: t.moveaxis(x.unflatten(1, (2, 3)), (0, 1), (2, 0)),
    "repeat": lambda t, x: x.repeat(2, 1, 3),
    "tile": lambda t, x: x.tile((2,)),
    "tile_long": lambda t, x: t.tile(x, (2, 1, 1)),
    "roll": lambda t, x: x.roll(3),
    "roll_dims": lambda t, x: t.roll(x, (1, -2), (0, 1)),
    "flip": lambda t, x: x.flip(0, 1),
    "flip_keyword": lambda t, x: t.flip(x, dims=[1]),
    "repeat_interleave": lambda t, x: x.repeat_interleave(2),
    "repeat_interleave_dim": lambda t, x: t.repeat_interleave(x, 3, dim=1),
    "repeat_interleave_tensor": lambda t, x: x.repeat_interleave(t.tensor([1, 0, 2, 1]), 0),
    "repeat_interleave_0d_tensor": lambda t, x: x.repeat_interleave(t.tensor(2), 0),
    "repeat_interleave_int32_one": lambda t, x: x.repeat_interleave(
        t.tensor([2], dtype=t.int32), 1, output_size=12),
    "fliplr": lambda t, x: t.fliplr(x),
    "flipud": lambda t, x: x.flipud(),
    "rot90": lambda t, x: x.rot90(),
    "rot90_k3": lambda t, x: t.rot90(x, 3, (1, 0)),
    "contiguous": lambda t, x: x.t().contiguous(),
    "clone": lambda t, x: x.clone(),
    "narrow": lambda t, x: x.narrow(1, 2, 3),
    "diagonal": lambda t, x: x.diagonal(1),
    "ravel": lambda t, x: x.ravel(),
    "ravel_copy": lambda t, x: t.ravel(x.t()),
    "select": lambda t, x: x.select(1, -2),
    "adjoint": lambda t, x: x.adjoint(),
    "narrow_copy": lambda t, x: x.narrow_copy(1, 2, 3),
    "unfold": lambda t, x: x.unfold(1, 3, 2),
    "unfold_overlap": lambda t, x: x.unfold(0, 2, 1),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SHAPE_CASES))
def test_shape_op_matches_torch(name):
    x = rand64(4, 6)
    compare_with_torch(lambda lib, a: SHAPE_CASES[name](lib, a * 1), x)


@pytest.mark.parametrize("name", sorted(SHAPE_CASES))
def test_shape_op_gradcheck(name):
    fn = SHAPE_CASES[name]
    check_gradients(lambda a: fn(ember, a), rand64(4, 6))


SPLIT_CASES = {
    "split": lambda t, x: x.split(2),
    "split_sizes": lambda t, x: x.split([1, 3]),
    "chunk": lambda t, x: x.chunk(3, 1),
    "unbind": lambda t, x: x.unbind(1),
    "tensor_split": lambda t, x: x.tensor_split(3, 1),
    "tensor_split_idx": lambda t, x: t.tensor_split(x, [1, 5, 9], 1),
    "hsplit": lambda t, x: x.hsplit(2),
    "vsplit": lambda t, x: t.vsplit(x, [1]),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SPLIT_CASES))
def test_split_matches_torch(name):
    compare_with_torch(lambda lib, a: SPLIT_CASES[name](lib, a * 1), rand64(4, 6))


@pytest.mark.parametrize("name", sorted(SPLIT_CASES))
def test_split_gradcheck(name):
    fn = SPLIT_CASES[name]
    check_gradients(lambda a: fn(ember, a), rand64(4, 6))


INPLACE_SHAPE = {
    "unsqueeze_": lambda y: y.unsqueeze_(1),
    "squeeze_": lambda y: y.unsqueeze_(0).squeeze_(),
    "squeeze_dim": lambda y: y.unsqueeze_(0).squeeze_(0),
    "t_": lambda y: y.t_(),
    "transpose_": lambda y: y.transpose_(1, 0),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(INPLACE_SHAPE))
def test_inplace_shape_ops_match_torch(name):
    def fn(lib, x):
        y = x * 1
        out = INPLACE_SHAPE[name](y)
        assert out is y
        return y
    compare_with_torch(fn, rand64(4, 6))


@pytest.mark.parametrize("name", sorted(INPLACE_SHAPE))
def test_inplace_shape_ops_gradcheck(name):
    check_gradients(lambda x: INPLACE_SHAPE[name](x * 1), rand64(4, 6))


def test_inplace_shape_op_on_leaf_raises_and_plain_tensor_works():
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        ember.zeros(3, requires_grad=True).unsqueeze_(0)
    z = ember.zeros(2, 3)
    z.unsqueeze_(1)
    assert tuple(z.shape) == (2, 1, 3) and z.grad_fn is None and z._version_count == 1


def test_views_share_memory_and_version():
    x = ember.zeros(3, 4)
    for v in (x.view(12), x[1], x.t(), x.unsqueeze(0), x.expand(2, 3, 4), x.diagonal(),
              x.split(2)[1], x.narrow(1, 1, 2), x.movedim(0, 1)):
        assert v._base is x
    v = x[1]
    v.add_(1)
    assert x._version_count == 1 and v._version_count == 1
    assert x.sum().item() == 4


@pytest.mark.parametrize("fn, exc, message", [
    (lambda x: x.view(5, 5), RuntimeError, "shape '[5, 5]' is invalid for input of size 24"),
    (lambda x: x.t().view(24), RuntimeError, "view size is not compatible"),
    (lambda x: x.view(-1, -1), RuntimeError, "only one dimension can be inferred"),
    (lambda x: x.repeat(2), RuntimeError, "Number of dimensions of repeat dims"),
    (lambda x: x.repeat(-1, 2), RuntimeError, "negative dimension -4: [-4, 12]"),
    (lambda x: x[0].fliplr(), RuntimeError, "Input must be >= 2-d."),
    (lambda x: x.movedim(0, 5), IndexError, "but got 5)"),
    (lambda x: x.movedim((0, 1), (1,)), RuntimeError,
     "source ([0, 1] dims) should contain the same number of dims as destination ([1] dims)"),
    (lambda x: x.movedim((0, 0), (1, 0)), RuntimeError, "repeated dim in `source` ([0, 0])"),
    (lambda x: x.roll((1, 2), (0,)), RuntimeError, "shifts: 2, dims:1"),
    (lambda x: x.rot90(1, (0, 0)), RuntimeError, "dim0 = 0 and dim1 = 0"),
    (lambda x: x[0].rot90(), RuntimeError, "expected total dims >= 2, but got total dims = 1"),
    (lambda x: x.tensor_split(0), RuntimeError, "number of sections must be larger than 0"),
    (lambda x: x.hsplit(4), RuntimeError, ("size of the dimension 6 is not divisible by the "
     "split_size 4")),
    (lambda x: x[0].vsplit(1), RuntimeError, "at least 2 dimension, but got a tensor with 1"),
    (lambda x: x.split([1, 1]), RuntimeError, "sum exactly to 4"),
    (lambda x: x.chunk(0), RuntimeError, "chunk expects `chunks` to be greater than 0"),
    (lambda x: x.narrow(0, 3, 2), RuntimeError, "start (3) + length (2) exceeds dimension size"),
    (lambda x: x.unflatten(1, (4, 2)), RuntimeError, ("sizes [4, 2] don't multiply up to the "
     "size of dim 1 (6)")),
    (lambda x: x.expand(3, 5), RuntimeError, "The expanded size of the tensor (5) must match"),
    (lambda x: x.unfold(1, 7, 1), RuntimeError, ("maximum size for tensor at dimension 1 is 6 "
     "but size is 7")),
    (lambda x: x.unfold(1, 2, 0), RuntimeError, "step is 0 but must be > 0"),
    (lambda x: x.select(1, 9), IndexError, ("select(): index 9 out of range for tensor of size "
     "[4, 6] at dimension 1")),
])
def test_shape_errors(fn, exc, message):
    x = ember.zeros(4, 6)
    with pytest.raises(exc) as info:
        fn(x)
    assert message in str(info.value)
    if TORCH is not None:
        with pytest.raises(exc) as theirs:
            fn(TORCH.zeros(4, 6))
        assert message in str(theirs.value)


# --- in-place on views: CopySlices ----------------------------------------------------------

VIEW_INPLACE = {
    "select_mul": lambda t, y, w: y[0].mul_(2),
    "slice_add_other": lambda t, y, w: y[1:, ::2].add_(w[:2, :2]),
    "transpose_mul_other": lambda t, y, w: y.t().mul_(w.t()),
    "chained_views": lambda t, y, w: y[1][1:].mul_(w[0, 1:]),
    "diagonal_fill": lambda t, y, w: y.diagonal().zero_(),
    "setitem_on_view": lambda t, y, w: y[2].__setitem__(slice(0, 2), w[0, :2] * 3),
    "unsqueeze_view": lambda t, y, w: y.unsqueeze(0)[0, 1].add_(w[1]),
    "advanced_setitem_on_view": lambda t, y, w: y[0].__setitem__([1, 3], w[0, :2]),
    "mask_setitem_on_view": lambda t, y, w: y[1:].__setitem__(y[1:] > 0, 0.0),
    "augmented_on_view": lambda t, y, w: _iadd(y.t(), 2, w[1, :3]),
}


def _iadd(target, index, value):
    target[index] += value


@requires_torch
@pytest.mark.parametrize("name", sorted(VIEW_INPLACE))
def test_inplace_on_view_matches_torch(name):
    def fn(lib, x, w):
        y = x * 1
        VIEW_INPLACE[name](lib, y, w)
        return y * y
    compare_with_torch(fn, rand64(3, 4), rand64(3, 4, seed=1))


@pytest.mark.parametrize("name", sorted(VIEW_INPLACE))
def test_inplace_on_view_gradcheck(name):
    def fn(x, w):
        y = x * 1
        VIEW_INPLACE[name](ember, y, w)
        return y * y
    check_gradients(fn, rand64(3, 4), rand64(3, 4, seed=1))


def test_inplace_on_view_rewrites_base_history():
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    v = y[1:]
    v.mul_(ember.tensor([10.0, 100.0]))
    assert y.grad_fn.name() == "ember::autograd::CopySlices"
    assert type(y.grad_fn).__name__ == "CopySlices"
    assert v.grad_fn.name() == "AsStridedBackward0"
    assert y.tolist() == [1.0, 20.0, 300.0]
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 10.0, 100.0]


def test_inplace_on_view_of_plain_tensor_makes_base_require_grad():
    w = ember.tensor([2.0, 3.0], requires_grad=True)
    z = ember.zeros(2, 3)
    z[0][1:] = w * 2
    assert z.requires_grad and z.grad_fn.name() == "ember::autograd::CopySlices"
    (z * z).sum().backward()
    assert w.grad.tolist() == [16.0, 24.0]


def test_detached_view_inplace_leaves_base_alone():
    x = ember.zeros(3)
    d = x.detach()
    d.mul_(ember.ones(3, requires_grad=True))
    assert not x.requires_grad
    assert d.grad_fn.name() == "MulBackward0"


def test_inplace_on_view_errors():
    leaf = ember.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        leaf[0].mul_(2)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        leaf[0] = 1.0
    y = leaf * 1
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        y.expand(2, 3).mul_(2)


@pytest.mark.parametrize("fn, message", [
    (lambda y: y.unbind()[1].mul_(2), "Output 1 of Unbind is a view and is being modified"),
    (lambda y: y.split([1, 2])[1].mul_(2), "Output 1 of SplitWithSizes is a view"),
    (lambda y: y.chunk(3)[0].mul_(2), "Output 0 of Split is a view"),
])
def test_multi_output_views_refuse_inplace(fn, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        y = lib.ones(3, 4, requires_grad=True) * 1
        with pytest.raises(RuntimeError, match=message):
            fn(y)


def test_no_grad_view_modified_with_grad_raises():
    y = ember.ones(3, requires_grad=True) * 1
    with ember.no_grad():
        v = y[1:]
    with pytest.raises(RuntimeError, match="A view was created in no_grad mode"):
        v.mul_(2)
    with ember.no_grad():
        v.mul_(2)
    assert y.tolist() == [1.0, 2.0, 2.0]


@requires_torch
@pytest.mark.parametrize("modify", [
    lambda y, v, w: y.mul_(2),
    lambda y, v, w: w.mul_(3),
    lambda y, v, w: y.__setitem__(1, 5.0),
])
def test_views_see_later_inplace_ops_on_base_or_siblings(modify):
    def fn(lib, x):
        y = x * 1
        v, w = y[1:], y[:2]
        modify(y, v, w)
        return v * v
    ours, _ = compare_with_torch(fn, rand64(3))
    assert ours.grad_fn.name() == "MulBackward0"


def test_saved_view_modified_in_place_is_detected():
    x = ember.ones(3, requires_grad=True)
    y = x * 1
    v = y[1:]
    z = v * v
    y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_repeat_gradient_sums_copies():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    x.repeat(3, 2).sum().backward()
    np.testing.assert_array_equal(x.grad.cpu().numpy(), [6.0, 6.0])


BROADCAST_SHAPES = [
    (((2, 3), (3, 2)), RuntimeError, "Attempting to broadcast a dimension of length 2 at -1! "
     "Mismatching argument at index 1 had (3, 2); but expected shape should be broadcastable "
     "to [2, 3]"),
    (((1, 2), (3, 1), (4,)), RuntimeError, "Attempting to broadcast a dimension of length 4 at "
     "-1! Mismatching argument at index 2 had (4,); but expected shape should be broadcastable "
     "to [3, 2]"),
    (((0,), (5,)), RuntimeError, "Attempting to broadcast a dimension of length 5 at -1! "
     "Mismatching argument at index 1 had (5,); but expected shape should be broadcastable to "
     "[0]"),
    (((-1,), (2,)), ValueError, "Attempting to broadcast a dimension with negative length!"),
]


@pytest.mark.parametrize("shapes, error, message", BROADCAST_SHAPES)
def test_broadcast_shapes_errors_are_torchs(shapes, error, message):
    with pytest.raises(error) as ours:
        ember.broadcast_shapes(*shapes)
    assert str(ours.value) == message
    if TORCH is not None:
        with pytest.raises(error) as theirs:
            TORCH.broadcast_shapes(*shapes)
        assert str(theirs.value) == message


@pytest.mark.parametrize("shapes", [(), ((3,),), ((2, 3), 3), ((2, 3), [3]), ((0,), (1,)),
                                    ((2, 1), (1, 0)), ((1, 2), (3, 1), (1, 1, 1))])
def test_broadcast_shapes_values(shapes):
    out = ember.broadcast_shapes(*shapes)
    assert isinstance(out, ember.Size)
    if TORCH is not None:
        assert tuple(out) == tuple(TORCH.broadcast_shapes(*shapes))
    else:
        assert tuple(out) == np.broadcast_shapes(*[(s,) if isinstance(s, int) else s
                                                    for s in shapes])


@requires_torch
@pytest.mark.parametrize("shapes", [((1,), (2,)), ((2,), (2,)), ((3, 1), (1, 4), (3, 4))])
def test_broadcast_tensors_returns_inputs_already_of_the_shape(shapes):
    """An input that already has the common shape comes back as the same tensor, with no
    ExpandBackward0 (its grad_fn stays the op that made it); the others are expanded views."""
    for lib in (ember, TORCH):
        inputs = [lib.ones(s, dtype=lib.float64, requires_grad=True) * 1 for s in shapes]
        outputs = lib.broadcast_tensors(*inputs)
        common = tuple(np.broadcast_shapes(*shapes))
        for x, y in zip(inputs, outputs):
            assert tuple(y.shape) == common
            assert (y is x) == (tuple(x.shape) == common), lib.__name__
            assert y.grad_fn.name() == ("MulBackward0" if y is x else "ExpandBackward0")
        sum(y.sum() for y in outputs).backward()


@requires_torch
@pytest.mark.parametrize("make", [
    lambda x: x.reshape(6, 20),                           # contiguous: a view
    lambda x: x.permute(0, 2, 3, 1).reshape(2, 20, 3),    # strided, strides fit: an alias
    lambda x: x.transpose(2, 3).reshape(2, 3, 5, 4),      # strided, same shape: an alias
    lambda x: x[:, 1:].reshape(2, 40),                    # a slice that merges: an alias
    lambda x: x.transpose(2, 3).reshape(2, 3, 20),        # no strides fit: a copy
    lambda x: x.permute(0, 2, 3, 1).flatten(1, 2),        # flatten is a reshape
    lambda x: x[:1].reshape(3, 20),                       # a leading slice stays contiguous
    lambda x: x.unsqueeze(1).transpose(1, 2).reshape(6, 20),  # a size-1 dim's stride: no matter
])
def test_reshape_grad_fn_names_its_kind_as_torch_does(make):
    """ViewBackward0, ReshapeAliasBackward0 or UnsafeViewBackward0, as torch names them."""
    compare_with_torch(lambda lib, x: make(x), rand64(2, 3, 4, 5))


_VIEW_DTYPE_CASES = [
    ("size", lambda lib: lib.zeros(2, 3).view(lib.float64)),
    ("ok larger", lambda lib: lib.zeros(4, dtype=lib.int8).view(lib.int32)),
    ("0-d", lambda lib: lib.zeros(()).view(lib.int16)),
    ("ok smaller", lambda lib: lib.zeros(3, dtype=lib.float64).view(lib.int8)),
    ("ok sliced", lambda lib: lib.zeros(4, 4)[:, :2].view(lib.float64)),
    ("last stride", lambda lib: lib.zeros(4, 4).t().view(lib.float64)),
    ("last stride smaller", lambda lib: lib.zeros(4, 4)[:, ::2].view(lib.int16)),
    ("offset", lambda lib: lib.zeros(4, 4)[:, 1:3].view(lib.float64)),
    ("stride", lambda lib: lib.zeros(3, 5)[:, :4].view(lib.float64)),
    ("ok 3-d", lambda lib: lib.zeros(2, 3, 4)[:, :, :2].view(lib.float64)),
    ("ok complex", lambda lib: lib.zeros(2, dtype=lib.complex64).view(lib.float32)),
]


@requires_torch
@pytest.mark.parametrize("case", [c for _, c in _VIEW_DTYPE_CASES],
                         ids=[name for name, _ in _VIEW_DTYPE_CASES])
def test_view_dtype_of_another_size_follows_torchs_rules(case):
    # Viewing elements as a type of another size needs a contiguous last dim and, for a
    # larger type, sizes, offset and strides that the size ratio divides: torch's messages.
    def outcome(lib):
        try:
            out = case(lib)
        except RuntimeError as error:
            return str(error)
        return tuple(out.shape), out.stride(), out.storage_offset()
    assert outcome(ember) == outcome(TORCH)


REPEAT_COUNTS = {
    "counts": lambda t: t.repeat_interleave(t.tensor([2, 0, 3])),
    "counts_int32": lambda t: t.repeat_interleave(t.tensor([1, 2], dtype=t.int32)),
    "counts_empty": lambda t: t.repeat_interleave(t.tensor([], dtype=t.int64)),
    "counts_output_size": lambda t: t.repeat_interleave(t.tensor([1, 2]), output_size=3),
    "counts_negative": lambda t: t.repeat_interleave(t.tensor([1, -2])),
    "counts_float": lambda t: t.repeat_interleave(t.tensor([[1.0, 2.0]])),
    "counts_bool": lambda t: t.repeat_interleave(t.tensor([True, False])),
    "counts_2d": lambda t: t.repeat_interleave(t.tensor([[1, 2]])),
    "counts_0d": lambda t: t.repeat_interleave(t.tensor(3)),
    "counts_output_size_wrong": lambda t: t.repeat_interleave(t.tensor([1, 2]), output_size=2),
    "tensor_negative": lambda t: t.tensor([1, 2]).repeat_interleave(t.tensor([1, -1])),
    "tensor_float": lambda t: t.tensor([1, 2]).repeat_interleave(t.tensor([2.0])),
    "tensor_2d": lambda t: t.tensor([1, 2]).repeat_interleave(t.tensor([[1, 2]])),
    "tensor_length": lambda t: t.tensor([1, 2]).repeat_interleave(t.tensor([1.0, 2, 3])),
    "tensor_0d_negative": lambda t: t.tensor([1, 2]).repeat_interleave(t.tensor(-1)),
    "tensor_output_size_wrong": lambda t: t.tensor([[1, 2]]).repeat_interleave(
        t.tensor([2]), dim=0, output_size=3),
    "int_negative": lambda t: t.tensor([1, 2]).repeat_interleave(-1),
    "int_output_size": lambda t: t.tensor([[1, 2]]).repeat_interleave(2, 1, output_size=4),
    "int_output_size_wrong": lambda t: t.tensor([[1, 2]]).repeat_interleave(2, 1,
                                                                            output_size=3),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(REPEAT_COUNTS))
def test_repeat_interleave_counts_and_errors_as_torch(name):
    # the counts form keeps the counts' integer dtype and refuses float, bool, 2-D and negative
    # counts, a 1-element repeats tensor is a count for every slice, and output_size is checked
    # (ember took floats, let NumPy's ValueError through and ignored output_size)
    def outcome(lib):
        try:
            out = REPEAT_COUNTS[name](lib)
        except (RuntimeError, NotImplementedError) as error:
            return type(error).__name__, str(error)
        return str(out.dtype).split(".")[1], out.tolist()
    assert outcome(ember) == outcome(TORCH)


# unfold refuses a negative window size with torch's error (NumPy's ValueError leaked before),
# after the dim and the largest-size checks, before the step's.
def test_unfold_negative_size():
    x = ember.ones(2, 3)
    with pytest.raises(RuntimeError, match="^size is -1 but must be >= 0$"):
        x.unfold(1, -1, 1)
    with pytest.raises(RuntimeError, match="^size is -2 but must be >= 0$"):
        x.unfold(0, -2, 0)
    with pytest.raises(IndexError, match="^Dimension out of range"):
        x.unfold(5, -1, 1)
    assert x.unfold(1, 0, 1).shape == (2, 4, 0)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, t: (t * 1).transpose_(0, 2),
    lambda lib, t: (t * 1)[0].t_(),
    lambda lib, t: (t * 1).unsqueeze_(1).swapdims_(0, 3),
    lambda lib, t: (t[:1] * 1).squeeze_(0).swapaxes_(0, 1),
    lambda lib, t: (t * 1).squeeze_() * 2,
    lambda lib, t: lib.stft(t.reshape(-1), 8, 3, window=lib.hann_window(8, dtype=t.dtype),
                            return_complex=True).abs(),
    lambda lib, t: lib.istft(lib.stft(t.reshape(-1), 4, 1, window=lib.hann_window(4, dtype=t.dtype),
                                      return_complex=True), 4, 1,
                             window=lib.hann_window(4, dtype=t.dtype)),
])
def test_inplace_view_ops_carry_the_tangent(call):
    # transpose_/t_/squeeze_/unsqueeze_ on a dual tensor left its tangent in the old shape:
    # stft (which transposes its result in place) failed under jvp
    rng = np.random.default_rng(0)
    x, v = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))
    results = []
    for lib in (ember, TORCH):
        _, tangent = lib.func.jvp(lambda t, lib=lib: call(lib, t), (lib.tensor(x),),
                                  (lib.tensor(v),))
        results.append(tangent.cpu().numpy())
    assert results[0].shape == results[1].shape
    np.testing.assert_allclose(results[0], results[1], rtol=1e-10, atol=1e-12)
