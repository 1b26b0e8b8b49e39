"""Bad arguments that torch refuses get torch's exception type and message (and warnings)."""
from __future__ import annotations


import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember

CASES = {
    "where_float_condition": lambda t: t.where(t.tensor([1.0, 0.0]), t.ones(2), t.zeros(2)),
    "where_long_condition": lambda t: t.where(t.tensor([1, 0]), t.ones(2), t.zeros(2)),
    "where_half_condition": lambda t: t.where(t.tensor([1, 0], dtype=t.float16), t.ones(2),
                                              t.zeros(2)),
    "linspace_bool": lambda t: t.linspace(0, 1, 5, dtype=t.bool),
    "logspace_bool": lambda t: t.logspace(0, 1, 5, dtype=t.bool),
    "arange_bool": lambda t: t.arange(0, 5, dtype=t.bool),
    "randperm_bool": lambda t: t.randperm(4, dtype=t.bool),
    "cumsum_bool": lambda t: t.cumsum(t.ones(3), 0, dtype=t.bool),
    "scatter_src_dtype": lambda t: t.zeros(3).scatter(0, t.tensor([0, 1]), t.tensor([1, 2])),
    "scatter_inplace_src_dtype": lambda t: t.zeros(3).scatter_(0, t.tensor([0, 1]),
                                                               t.tensor([1, 2])),
    "scatter_add_src_dtype": lambda t: t.zeros(3).scatter_add(0, t.tensor([0, 1]),
                                                              t.tensor([1, 2])),
    "scatter_reduce_src_dtype": lambda t: t.zeros(3).scatter_reduce(
        0, t.tensor([0, 1]), t.tensor([1, 2]), "sum"),
    # the parser names a type built in C by its dotted name (CPython's tp_name)
    "equal_ndarray": lambda t: t.equal(np.zeros(1), t.ones(1)),
    "equal_numpy_scalar": lambda t: t.equal(np.float64(1.0), t.ones(1)),
    "equal_size": lambda t: t.equal(t.Size([1]), t.ones(1)),
    "equal_dtype": lambda t: t.equal(t.float32, t.ones(1)),
    "equal_device": lambda t: t.equal(t.device("cpu"), t.ones(1)),
    "equal_generator": lambda t: t.equal(t.Generator(), t.ones(1)),
    "relu_ndarray": lambda t: t.nn.functional.relu(np.zeros(1)),
    "stack_ndarray": lambda t: t.stack(np.zeros((2, 2))),
    "stack_ndarray_element": lambda t: t.stack((t.ones(1), np.ones(1))),
    "flip_repeated_dim": lambda t: t.flip(t.ones(2, 3), (0, 0)),
    "flip_repeated_negative_dim": lambda t: t.flip(t.ones(2, 3), (1, -1)),
    "einsum_stray_dot_output": lambda t: t.einsum("...ij,...jk->ik..", t.ones(2, 2),
                                                  t.ones(2, 2)),
    "einsum_two_ellipses": lambda t: t.einsum("i...j...", t.ones(2, 2)),
    "einsum_two_dots": lambda t: t.einsum("i..j", t.ones(2, 2)),
    "einsum_two_output_ellipses": lambda t: t.einsum("ij->i...j...", t.ones(2, 2)),
    "index_put_dtype": lambda t: t.zeros(3, dtype=t.float64).index_put_(
        (t.tensor([0]),), t.tensor([1.0])),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_error_matches_torch(name):
    with pytest.raises(Exception) as theirs:
        CASES[name](TORCH)
    with pytest.raises(Exception) as ours:
        CASES[name](ember)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


_WHERE_U8 = """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = lib.where(lib.tensor([1, 0], dtype=lib.uint8), lib.ones(2), lib.zeros(2))
print(out.tolist())
print(any(str(w.message).startswith("where received a uint8 condition tensor. This "
                                    "behavior is deprecated") for w in caught))
"""


@requires_torch
@pytest.mark.parametrize("name", ["torch", "ember"])
def test_uint8_where_condition_warns_as_torch(name):
    # Both libraries warn once per process, so each runs in a fresh one: in a pytest worker the
    # bad-input grid may have made the same call first, and the warning would not come again.
    import os
    import subprocess
    import sys
    code = f"import {name} as lib\n" + _WHERE_U8
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[1.0,", "0.0]", "True"]


def test_parser_messages_name_c_types_by_their_dotted_names():
    with pytest.raises(TypeError, match=r"must be Tensor, not numpy\.ndarray$"):
        ember.equal(np.zeros(1), ember.ones(1))
    with pytest.raises(TypeError, match=r"must be Tensor, not ember\.Size$"):
        ember.equal(ember.Size([1]), ember.ones(1))
    with pytest.raises(TypeError, match=r"but got numpy\.float32$"):
        ember.stack((ember.ones(1), np.float32(1)))

    class Mine:  # a class written in Python keeps its bare name
        pass
    with pytest.raises(TypeError, match=r"must be Tensor, not Mine$"):
        ember.equal(Mine(), ember.ones(1))
