"""Copies keep torch's layout: preserve_format (clone, ``*_like``, ``to``/``type`` and the
dtype shortcuts) keeps a dense input's exact strides and gives an overlapping or gappy one
dense strides in its stride order; ``deepcopy``, pickling and ``save``/``load`` keep the
storage, offset and strides; ``to(memory_format=...)`` returns the tensor itself when its
strides suggest that format."""
import copy
import io
import pickle

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch

# Inputs as (shape, strides) over arange(96.): dense permutations, channels-last (4-D and 5-D,
# one with a single channel), a broadcast, a slice, overlapping and gappy ones.
INPUTS = {
    "permuted": lambda lib: lib.arange(24.).reshape(2, 3, 4).permute(2, 0, 1),
    "transposed": lambda lib: lib.arange(12.).reshape(3, 4).t(),
    "channels_last": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5).to(
        memory_format=lib.channels_last),
    "channels_last_3d": lambda lib: lib.arange(240.).reshape(2, 3, 2, 4, 5).to(
        memory_format=lib.channels_last_3d),
    "one_channel": lambda lib: lib.arange(40.).reshape(2, 1, 4, 5).to(
        memory_format=lib.channels_last),
    "n1h1": lambda lib: lib.arange(6.).as_strided((2, 1, 3, 1), (3, 1, 1, 1)),
    "expanded": lambda lib: lib.arange(4.).reshape(4, 1).expand(4, 3),
    "expanded_t": lambda lib: lib.arange(4.).reshape(4, 1).expand(4, 3).t(),
    "sliced": lambda lib: lib.arange(48.).reshape(4, 12)[:, ::2],
    "sliced_channels": lambda lib: lib.arange(240.).reshape(2, 6, 4, 5).to(
        memory_format=lib.channels_last)[:, ::2],
    "overlapping": lambda lib: lib.arange(10.).as_strided((3, 4), (2, 1)),
    "overlapping_t": lambda lib: lib.arange(10.).as_strided((3, 4), (1, 2)),
    "equal_strides": lambda lib: lib.arange(10.).as_strided((2, 3), (1, 1)),
    "gappy_t": lambda lib: lib.arange(48.).reshape(4, 12)[:, ::2].t(),
    "permuted_4d": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5).permute(3, 1, 0, 2),
    "size_one_stride": lambda lib: lib.arange(12.).as_strided((3, 1, 4), (4, 100, 1)),
}


def _save_load(lib, x):
    buffer = io.BytesIO()
    lib.save(x, buffer)
    buffer.seek(0)
    return lib.load(buffer)


COPIES = {
    "clone": lambda lib, x: x.clone(),
    "clone_fn": lambda lib, x: lib.clone(x),
    "detach_clone": lambda lib, x: x.detach().clone(),
    "clone_contiguous": lambda lib, x: x.clone(memory_format=lib.contiguous_format),
    "contiguous": lambda lib, x: x.contiguous(),
    "double": lambda lib, x: x.double(),
    "half": lambda lib, x: x.half(),
    "int": lambda lib, x: x.int(),
    "bool": lambda lib, x: x.bool(),
    "to_dtype": lambda lib, x: x.to(lib.float64),
    "to_copy": lambda lib, x: x.to(lib.float32, copy=True),
    "to_dtype_contiguous": lambda lib, x: x.to(lib.float64,
                                               memory_format=lib.contiguous_format),
    "to_contiguous": lambda lib, x: x.to(memory_format=lib.contiguous_format),
    "type": lambda lib, x: x.type(lib.float64),
    "empty_like": lambda lib, x: lib.empty_like(x),
    "zeros_like": lambda lib, x: lib.zeros_like(x),
    "full_like": lambda lib, x: lib.full_like(x, 3.0),
    "rand_like": lambda lib, x: lib.rand_like(x),
    "deepcopy": lambda lib, x: copy.deepcopy(x),
    "pickle": lambda lib, x: pickle.loads(pickle.dumps(x)),
    "save_load": _save_load,
}
FORMAT_CHECKS = {4: "channels_last", 5: "channels_last_3d"}


def _layout(lib, t):
    extra = FORMAT_CHECKS.get(t.dim())
    return (tuple(t.shape), t.stride(), t.is_contiguous(),
            extra and t.is_contiguous(memory_format=getattr(lib, extra)))


@requires_torch
@pytest.mark.parametrize("copy_name", COPIES)
@pytest.mark.parametrize("input_name", INPUTS)
def test_copy_layout_matches_torch(input_name, copy_name):
    ours = COPIES[copy_name](ember, INPUTS[input_name](ember))
    theirs = COPIES[copy_name](TORCH, INPUTS[input_name](TORCH))
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    if copy_name != "rand_like" and not copy_name.endswith("_like"):
        np.testing.assert_array_equal(ours.double().cpu().numpy(),
                                      theirs.double().numpy())


def test_clone_keeps_a_dense_inputs_strides():
    x = ember.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)
    y = x.clone()
    assert y.stride() == (1, 12, 4)
    assert y.tolist() == x.tolist()
    y[0, 0, 0] = 100.0
    assert x[0, 0, 0].item() == 0.0  # its own memory


def test_clone_of_a_gappy_input_is_dense_in_its_stride_order():
    x = ember.arange(48.).reshape(4, 12)[:, ::2].t()  # strides (2, 12)
    y = x.clone()
    assert y.stride() == (1, 6)
    assert y.tolist() == x.tolist()


def test_to_contiguous_format_returns_a_transposed_tensor_itself():
    t = ember.ones(3, 4).t()
    assert t.to(memory_format=ember.contiguous_format) is t
    assert t.to(ember.float32, memory_format=ember.contiguous_format) is t
    cl = ember.ones(2, 3, 4, 5).to(memory_format=ember.channels_last)
    out = cl.to(memory_format=ember.contiguous_format)
    assert out is not cl and out.is_contiguous()


def test_deepcopy_keeps_the_storage_and_shares_it_between_views():
    base = ember.arange(48.).reshape(4, 12)
    view = base[1:, ::2]
    base_copy, view_copy = copy.deepcopy([base, view])
    assert view_copy.stride() == (12, 2)
    assert view_copy.tolist() == view.tolist()
    base_copy[1, 0] = -1.0  # the copies share one storage, as the originals do
    assert view_copy[0, 0].item() == -1.0
    assert view[0, 0].item() == 12.0


def test_deepcopy_of_an_expanded_tensor_keeps_its_zero_stride():
    x = ember.arange(4.).reshape(4, 1).expand(4, 3)
    for out in (copy.deepcopy(x), pickle.loads(pickle.dumps(x)), _save_load(ember, x)):
        assert out.stride() == (1, 0)
        assert out.tolist() == x.tolist()


LEAVES = {
    "transposed": lambda lib: lib.randn(3, 4).t(),
    "permuted": lambda lib: lib.randn(2, 3, 4).permute(2, 0, 1),
    "channels_last": lambda lib: lib.randn(2, 3, 4, 5).to(memory_format=lib.channels_last),
    "channels_last_3d": lambda lib: lib.randn(2, 3, 2, 4, 5).to(
        memory_format=lib.channels_last_3d),
    "one_channel": lambda lib: lib.randn(2, 1, 4, 5).to(memory_format=lib.channels_last),
    "sliced": lambda lib: lib.randn(4, 12)[:, ::2],
}
BACKWARDS = {
    "sum": lambda lib, x: x.sum().backward(),
    "mul": lambda lib, x: (x * 2).sum().backward(),
    "exp": lambda lib, x: x.exp().sum().backward(),
    "twice": lambda lib, x: ((x * 2).sum().backward(), (x * 3).sum().backward()),
    "given": lambda lib, x: x.backward(lib.ones(x.shape)),
}


@requires_torch
@pytest.mark.parametrize("how", BACKWARDS)
@pytest.mark.parametrize("leaf", LEAVES)
def test_grad_strides_follow_torchs_layout_contract(leaf, how):
    layouts = []
    for lib in (ember, TORCH):
        x = LEAVES[leaf](lib).detach().requires_grad_()
        BACKWARDS[how](lib, x)
        layouts.append(_layout(lib, x.grad))
    assert layouts[0] == layouts[1]


def test_a_transposed_leaf_gets_a_transposed_grad():
    x = ember.ones(3, 4).t().requires_grad_()
    x.exp().sum().backward()
    assert x.grad.stride() == x.stride() == (1, 4)
    assert x.grad.tolist() == x.exp().tolist()
