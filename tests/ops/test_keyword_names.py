"""Calls that spell every argument by keyword, as torch 2.13 names them (found by comparing
torch's signatures with ember's): each runs under ember and under torch and must give the same
values. Spellings torch refuses are checked to be refused by ember too."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember


def _inputs(lib):
    x = lib.tensor(np.arange(16.0).reshape(4, 4) / 10, dtype=lib.float64)
    a = x @ x.T + 4 * lib.eye(4, dtype=lib.float64)
    return a, lib.linalg.cholesky(a), lib.tensor([0.5, -1.0, 2.0, -0.25])


CALLS = {
    "dropout": lambda lib, a, c, v: lib.dropout(input=v, p=0.5, train=False),
    "alpha_dropout": lambda lib, a, c, v: lib.alpha_dropout(input=v, p=0.5, train=False),
    "feature_alpha_dropout": lambda lib, a, c, v: lib.feature_alpha_dropout(
        input=v, p=0.5, train=False),
    "cholesky_inverse": lambda lib, a, c, v: lib.cholesky_inverse(input=c, upper=False),
    "cholesky_solve": lambda lib, a, c, v: lib.cholesky_solve(input=a, input2=c, upper=False),
    "det": lambda lib, a, c, v: lib.det(input=a),
    "dot": lambda lib, a, c, v: lib.dot(input=v, tensor=v),
    "inverse": lambda lib, a, c, v: lib.inverse(input=a),
    "matrix_exp": lambda lib, a, c, v: lib.matrix_exp(input=a / 10),
    "matrix_power": lambda lib, a, c, v: lib.matrix_power(input=a, n=2),
    "permute": lambda lib, a, c, v: lib.permute(input=a, dims=(1, 0)),
    "reshape": lambda lib, a, c, v: lib.reshape(input=a, shape=(16,)),
    "swapaxes": lambda lib, a, c, v: lib.swapaxes(input=a[:2], axis0=0, axis1=1),
    "tensor_split sections": lambda lib, a, c, v: lib.tensor_split(input=a, sections=2, dim=0),
    "tensor_split indices": lambda lib, a, c, v: lib.tensor_split(a, indices=[1], dim=1),
    "tensor_split tensor": lambda lib, a, c, v: lib.tensor_split(
        a, tensor_indices_or_sections=lib.tensor(2)),
    "hsplit": lambda lib, a, c, v: lib.hsplit(a, sections=2),
    "hsplit indices": lambda lib, a, c, v: lib.hsplit(a, indices=[1]),
    "vsplit": lambda lib, a, c, v: lib.vsplit(a, sections=2),
    "dsplit": lambda lib, a, c, v: lib.dsplit(a.reshape(1, 4, 4), sections=2),
    "threshold": lambda lib, a, c, v: lib.threshold(v, threshold=0.0, value=1.0),
    "threshold_": lambda lib, a, c, v: lib.threshold_(v.clone(), threshold=0.0, value=1.0),
    "triangular_solve": lambda lib, a, c, v: lib.triangular_solve(input=a, A=c, upper=False),
    "lu_solve": lambda lib, a, c, v: lib.lu_solve(input=a, LU_data=lib.linalg.lu_factor(a)[0],
                                                  LU_pivots=lib.linalg.lu_factor(a)[1]),
    "zeros": lambda lib, a, c, v: lib.zeros(size=(2,)),
    "ones": lambda lib, a, c, v: lib.ones(size=(2, 1)),
    "empty": lambda lib, a, c, v: lib.empty(size=(2,)).shape,
    "rand": lambda lib, a, c, v: lib.rand(size=(2,)).shape,
    "randn": lambda lib, a, c, v: lib.randn(size=(2,)).shape,
    "arange pin_memory": lambda lib, a, c, v: lib.arange(3, pin_memory=False),
    # ultralytics' make_anchors spells the bound alone as end=
    "arange end=": lambda lib, a, c, v: lib.arange(end=4, dtype=lib.float64),
    "arange end= float": lambda lib, a, c, v: lib.arange(end=2.5),
    "arange start= end=": lambda lib, a, c, v: lib.arange(start=1, end=4),
    "arange start, end=": lambda lib, a, c, v: lib.arange(1, end=4),
    "arange start, end, step=": lambda lib, a, c, v: lib.arange(1, 7, step=2),
    "arange start= end= step=": lambda lib, a, c, v: lib.arange(start=1, end=7, step=2),
    "randint high= size=": lambda lib, a, c, v: lib.randint(high=5, size=(3,)).shape,
    "randint high, size=": lambda lib, a, c, v: lib.randint(5, size=(3,)).shape,
    "randint low, high= size=": lambda lib, a, c, v: lib.randint(1, high=5, size=(2,)).shape,
    "randint low= high= size=": lambda lib, a, c, v: lib.randint(low=1, high=2, size=(2,)),
    # torch's parser names the matrix of these linalg functions `input` (vector_norm's `x`)
    "linalg.vector_norm x=": lambda lib, a, c, v: lib.linalg.vector_norm(x=a, ord=1),
    "linalg.vector_norm input=": lambda lib, a, c, v: lib.linalg.vector_norm(input=v),
    "linalg.norm input=": lambda lib, a, c, v: lib.linalg.norm(input=a),
    "linalg.matrix_norm input=": lambda lib, a, c, v: lib.linalg.matrix_norm(input=a, ord=1),
    "linalg.cholesky input=": lambda lib, a, c, v: lib.linalg.cholesky(input=a),
    "linalg.cholesky_ex input=": lambda lib, a, c, v: lib.linalg.cholesky_ex(input=a).L,
    "linalg.eigh input=": lambda lib, a, c, v: lib.linalg.eigh(input=a).eigenvalues,
    "linalg.eigvalsh input=": lambda lib, a, c, v: lib.linalg.eigvalsh(input=a, UPLO="U"),
    "linalg.eigvals input=": lambda lib, a, c, v: lib.linalg.eigvals(input=a).real.sort()[0],
    "linalg.pinv input=": lambda lib, a, c, v: lib.linalg.pinv(input=a, hermitian=True),
    "linalg.matrix_rank input=": lambda lib, a, c, v: lib.linalg.matrix_rank(input=a),
    "linalg.cond input=": lambda lib, a, c, v: lib.linalg.cond(input=a),
    "linalg.lstsq input= b=": lambda lib, a, c, v: lib.linalg.lstsq(input=a, b=c).solution,
    "linalg.solve_triangular input=": lambda lib, a, c, v: lib.linalg.solve_triangular(
        input=c, B=a, upper=False),
    "linalg.matrix_power input=": lambda lib, a, c, v: lib.linalg.matrix_power(input=a, n=2),
    "linalg.matrix_exp input=": lambda lib, a, c, v: lib.linalg.matrix_exp(input=a / 10),
    "matrix_exp input=": lambda lib, a, c, v: lib.matrix_exp(input=a / 10),
    "matrix_power input=": lambda lib, a, c, v: lib.matrix_power(input=a, n=2),
    "linalg.tensorinv input=": lambda lib, a, c, v: lib.linalg.tensorinv(input=a, ind=1),
    "linalg.tensorsolve input= other=": lambda lib, a, c, v: lib.linalg.tensorsolve(
        input=a, other=a[0]),
    "linalg.householder_product input=": lambda lib, a, c, v: lib.linalg.householder_product(
        input=c, tau=a[0, :2]),
    "linalg.ldl_factor input=": lambda lib, a, c, v: lib.linalg.ldl_factor(input=a).LD,
    "nn.functional.one_hot input=": lambda lib, a, c, v: lib.nn.functional.one_hot(
        input=lib.tensor([2, 0]), num_classes=3),
    # the sublist form of einsum (operand, sublist, ..., output sublist)
    "einsum sublists": lambda lib, a, c, v: lib.einsum(a, [0, 1], c, [1, 2], [2, 0]),
    "einsum sublists no output": lambda lib, a, c, v: lib.einsum(a, [0, 1], a[0], [1]),
    "einsum sublists ellipsis": lambda lib, a, c, v: lib.einsum(a, [Ellipsis, 30], c,
                                                                [30, Ellipsis]),
    "linalg.pinv rcond=": lambda lib, a, c, v: lib.linalg.pinv(a, rcond=0.3),
    "linalg.pinv rcond positional": lambda lib, a, c, v: lib.linalg.pinv(a, 0.3, True),
    "isin test_element=": lambda lib, a, c, v: lib.isin(lib.tensor([1, 2]), test_element=2),
    "isin element=": lambda lib, a, c, v: lib.isin(element=2, test_elements=lib.tensor([2])),
    "Tensor.random_ from= to=": lambda lib, a, c, v: lib.zeros(3).random_(**{"from": 2, "to": 3}),
    "ormqr input2= input3=": lambda lib, a, c, v: lib.ormqr(
        c, input2=a[0] / 10, input3=a, left=False),
    "Tensor.ormqr input2= input3=": lambda lib, a, c, v: c.ormqr(input2=a[0] / 10, input3=a),
    "max other=": lambda lib, a, c, v: lib.max(input=a, other=c),
    "min other=": lambda lib, a, c, v: lib.min(a, other=c),
    "Tensor.max other=": lambda lib, a, c, v: a.max(other=c),
    "Tensor.min other=": lambda lib, a, c, v: a.min(other=c),
    "full pin_memory": lambda lib, a, c, v: lib.full((2,), 1.0, pin_memory=False),
    "eye pin_memory": lambda lib, a, c, v: lib.eye(2, pin_memory=False),
    "linspace pin_memory": lambda lib, a, c, v: lib.linspace(0, 1, 3, pin_memory=False),
    "logspace pin_memory": lambda lib, a, c, v: lib.logspace(0, 1, 3, pin_memory=False),
    "tril_indices pin_memory": lambda lib, a, c, v: lib.tril_indices(2, 2, pin_memory=False),
    "triu_indices pin_memory": lambda lib, a, c, v: lib.triu_indices(2, 2, pin_memory=False),
    "rand_like pin_memory": lambda lib, a, c, v: lib.rand_like(v, pin_memory=False).shape,
    "randn_like pin_memory": lambda lib, a, c, v: lib.randn_like(v, pin_memory=False).shape,
    "randint pin_memory": lambda lib, a, c, v: lib.randint(3, (2,), pin_memory=False).shape,
    "randint_like pin_memory": lambda lib, a, c, v: lib.randint_like(
        v, 3, pin_memory=False).shape,
    "split": lambda lib, a, c, v: lib.split(tensor=a, split_size_or_sections=2),
    "tensordot": lambda lib, a, c, v: lib.tensordot(a=a, b=a, dims=1),
    "Tensor.uniform_": lambda lib, a, c, v: v.uniform_(**{"from": 2, "to": 2}),
    "Tensor.type": lambda lib, a, c, v: a.type(dtype=lib.float32, non_blocking=False).dtype,
    "Tensor.type positional": lambda lib, a, c, v: a.type(lib.float32, False).dtype,
    "Tensor.swapaxes": lambda lib, a, c, v: a[:2].swapaxes(axis0=0, axis1=1),
    "Tensor.swapdims": lambda lib, a, c, v: a[:2].swapdims(dim0=0, dim1=1),
    "Tensor.dot": lambda lib, a, c, v: v.dot(tensor=v),
    "Tensor.matrix_power": lambda lib, a, c, v: a.matrix_power(n=2),
    "Tensor.cholesky_solve": lambda lib, a, c, v: a.cholesky_solve(input2=c),
    "Tensor.addbmm_": lambda lib, a, c, v: a.clone().addbmm_(batch1=a[None], batch2=a[None]),
    "Tensor.baddbmm_": lambda lib, a, c, v: a[None].clone().baddbmm_(batch1=a[None],
                                                                     batch2=a[None]),
    "Tensor.addmm_": lambda lib, a, c, v: a.clone().addmm_(mat1=a, mat2=c, beta=2),
    "Tensor.addmv_": lambda lib, a, c, v: a[0].clone().addmv_(mat=a, vec=c[1]),
    "Tensor.addr_": lambda lib, a, c, v: a.clone().addr_(vec1=a[0], vec2=c[1]),
    "Tensor.addcdiv_": lambda lib, a, c, v: v.clone().addcdiv_(tensor1=v, tensor2=v + 3, value=2),
    "Tensor.addcmul_": lambda lib, a, c, v: v.clone().addcmul_(tensor1=v, tensor2=v, value=2),
    "Tensor.split": lambda lib, a, c, v: a.split(split_size=3, dim=1),
    "Tensor.tensor_split": lambda lib, a, c, v: a.tensor_split(sections=3),
    "Tensor.hsplit": lambda lib, a, c, v: a.hsplit(sections=2),
    "Tensor.transpose_": lambda lib, a, c, v: a[:2].clone().transpose_(dim0=0, dim1=1),
    "Tensor.swapdims_": lambda lib, a, c, v: a[:2].clone().swapdims_(dim0=0, dim1=1),
    "Tensor.swapaxes_": lambda lib, a, c, v: a[:2].clone().swapaxes_(axis0=0, axis1=1),
    "Tensor.unsqueeze_": lambda lib, a, c, v: v.clone().unsqueeze_(dim=1),
    "Tensor.squeeze_": lambda lib, a, c, v: v[None].clone().squeeze_(dim=0),
    "Tensor.permute dims=": lambda lib, a, c, v: a.permute(dims=(1, 0)),
    "Tensor.expand size=": lambda lib, a, c, v: v[:, None].expand(size=(4, 3)),
    "Tensor.reshape shape=": lambda lib, a, c, v: a.reshape(shape=(2, 8)),
    "Tensor.repeat repeats=": lambda lib, a, c, v: v.repeat(repeats=(2, 1)),
    "Tensor.resize_": lambda lib, a, c, v: a.clone().resize_(size=(2, 2)),
}

# Spellings torch refuses (they are its documentation's names, not its parser's).
REFUSED = {
    "dropout training=": lambda lib, a, c, v: lib.dropout(v, p=0.5, training=False),
    "tensor_split indices_or_sections=": lambda lib, a, c, v: lib.tensor_split(
        a, indices_or_sections=2),
    "hsplit indices_or_sections=": lambda lib, a, c, v: lib.hsplit(a, indices_or_sections=2),
    "Tensor.uniform_ from_=": lambda lib, a, c, v: v.uniform_(from_=0, to=1),
    "chain_matmul matrices=": lambda lib, a, c, v: lib.chain_matmul(matrices=(a, a)),
    "Tensor.split split_size_or_sections=": lambda lib, a, c, v: a.split(
        split_size_or_sections=2),
    # a step needs a start and an end; a start needs an end
    "arange end, step=": lambda lib, a, c, v: lib.arange(5, step=2),
    "arange end= step=": lambda lib, a, c, v: lib.arange(end=5, step=2),
    "arange start=": lambda lib, a, c, v: lib.arange(start=2),
    "arange ()": lambda lib, a, c, v: lib.arange(),
    "arange start twice": lambda lib, a, c, v: lib.arange(2, start=1),
    "arange end twice": lambda lib, a, c, v: lib.arange(1, 5, end=6),
    "arange four bounds": lambda lib, a, c, v: lib.arange(1, 2, 3, 4),
    "randint low= size=": lambda lib, a, c, v: lib.randint(low=1, size=(2,)),
    "Tensor.uniform_ a= b=": lambda lib, a, c, v: v.clone().uniform_(a=0.0, b=1.0),
    "ormqr tau= other=": lambda lib, a, c, v: lib.ormqr(c, tau=a[0, :2], other=a),
    "linalg.pinv rcond= rtol=": lambda lib, a, c, v: lib.linalg.pinv(a, rcond=0.1, rtol=0.1),
    "randint high alone": lambda lib, a, c, v: lib.randint(5),
    "randint high twice": lambda lib, a, c, v: lib.randint(1, 5, high=6, size=(2,)),
    # the documentation's names, not the parser's
    "linalg.cholesky A=": lambda lib, a, c, v: lib.linalg.cholesky(A=a),
    "linalg.pinv A=": lambda lib, a, c, v: lib.linalg.pinv(A=a),
    "linalg.lstsq A= B=": lambda lib, a, c, v: lib.linalg.lstsq(A=a, B=c),
    "linalg.eig A=": lambda lib, a, c, v: lib.linalg.eig(A=a),
    "nn.functional.one_hot tensor=": lambda lib, a, c, v: lib.nn.functional.one_hot(
        tensor=lib.tensor([1])),
}


def _plain(value):
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value.tolist() if hasattr(value, "tolist") else str(value).replace("torch.", "ember.")


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(CALLS))
def test_keyword_spelling_is_torchs(name):
    results = [_plain(CALLS[name](lib, *_inputs(lib))) for lib in (ember, TORCH)]
    assert _close(results[0], results[1]), results


def _close(ours, theirs):
    if isinstance(theirs, list):
        return len(ours) == len(theirs) and all(_close(a, b) for a, b in zip(ours, theirs))
    if isinstance(theirs, float):
        return abs(ours - theirs) <= 1e-9 * max(1.0, abs(theirs))
    return ours == theirs


@requires_torch
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_spellings_torch_refuses_are_refused(name):
    for lib in (ember, TORCH):
        with pytest.raises(TypeError):
            REFUSED[name](lib, *_inputs(lib))


@requires_torch
@pytest.mark.parametrize("kwargs", [{"start": 2}, {"end": 5, "step": 2}, {}])
def test_arange_refusals_word_torchs_first_line(kwargs):
    texts = []
    for lib in (ember, TORCH):
        with pytest.raises(TypeError) as info:
            lib.arange(**kwargs)
        texts.append(str(info.value).split(" - got ")[0].replace("torch.", "ember."))
    assert texts[0] == texts[1]
