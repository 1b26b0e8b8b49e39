"""FlopCounterMode (ember.utils.flop_counter) against torch: totals, per-operator and
per-module counts for an MLP, a CNN (convolutions, transposed and grouped ones too) and a
GPT-style transformer block, forward and backward, and the printed table."""
from __future__ import annotations

import importlib
import math

import pytest
from conftest import TORCH, installed, requires_torch

import ember


def _counter(lib):
    return importlib.import_module(f"{lib.__name__}.utils.flop_counter")


def _mlp(lib):
    nn = lib.nn

    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(16, 32)
            self.act = nn.ReLU()
            self.fc2 = nn.Linear(32, 4)

        def forward(self, x):
            return self.fc2(self.act(self.fc1(x)))
    return MLP(), lib.ones(8, 16), lib.ones(2, 8, 16)


def _cnn(lib):
    nn = lib.nn
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 4, 3, stride=2),
                          nn.Flatten(), nn.Linear(4 * 3 * 3, 10))
    return model, lib.ones(2, 3, 8, 8), lib.ones(1, 3, 8, 8)


def _odd_convs(lib):
    nn = lib.nn
    model = nn.Sequential(nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1),
                          nn.Conv2d(4, 6, 3, groups=2, dilation=2), nn.Flatten(2),
                          nn.Conv1d(6, 2, 3, bias=False))
    return model, lib.ones(2, 3, 5, 5).requires_grad_(), lib.ones(1, 3, 4, 4)


def _block(lib):
    nn, F = lib.nn, lib.nn.functional

    class Attention(nn.Module):
        def __init__(self, d, h):
            super().__init__()
            self.h = h
            self.qkv = nn.Linear(d, 3 * d)
            self.proj = nn.Linear(d, d)

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(x).split(d, dim=2)
            q, k, v = (z.view(b, t, self.h, d // self.h).transpose(1, 2) for z in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            return self.proj(y.transpose(1, 2).contiguous().view(b, t, d))

    class Block(nn.Module):
        def __init__(self, d=16, h=2):
            super().__init__()
            self.ln1, self.attn = nn.LayerNorm(d), Attention(d, h)
            self.ln2, self.fc, self.out = nn.LayerNorm(d), nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

        def forward(self, x):
            x = x + self.attn(self.ln1(x))
            return x + self.out(F.gelu(self.fc(self.ln2(x))))
    return Block(), lib.ones(2, 5, 16), lib.ones(1, 3, 16)


def _attention_by_hand(lib):
    """The attention products written out (bmm through matmul, forward and backward)."""
    nn = lib.nn

    class Scores(nn.Module):
        def forward(self, q):
            weights = (q @ q.transpose(-2, -1) / math.sqrt(q.shape[-1])).softmax(-1)
            return weights @ q
    return Scores(), lib.ones(2, 2, 5, 8).requires_grad_(), lib.ones(3, 4, 8)


MODELS = {"mlp": _mlp, "cnn": _cnn, "odd-convs": _odd_convs, "gpt-block": _block,
          "attention-by-hand": _attention_by_hand}


def _counts(lib, build, depth=2):
    """(total, {module: {operator: flops}}, table) of one training step and one more
    forward, all in one block."""
    lib.manual_seed(0)
    model, x, other = build(lib)
    with _counter(lib).FlopCounterMode(display=False, depth=depth) as counter:
        model(x).sum().backward()
        model(other)
    counts = {module: {str(op): flops for op, flops in ops.items()}
              for module, ops in counter.get_flop_counts().items()}
    return counter.get_total_flops(), counts, counter


@requires_torch
@pytest.mark.parametrize("name", sorted(MODELS))
def test_counts_match_torch(name):
    total, counts, _ = _counts(ember, MODELS[name])
    assert total > 0
    assert (total, counts) == _counts(TORCH, MODELS[name])[:2]


@requires_torch
@pytest.mark.skipif(not installed("tabulate"), reason="torch prints its table through the "
                    "tabulate package: pip install tabulate")
@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("depth", [1, 2, None])
def test_table_matches_torch(name, depth):
    ours = _counts(ember, MODELS[name], depth)[2].get_table()
    assert ours == _counts(TORCH, MODELS[name], depth)[2].get_table()


def test_table_layout():
    """Header, a rule as wide as each column, every module's total then its operators, the
    global counts first only when some FLOPs ran outside every module."""
    _, counts, counter = _counts(ember, _mlp)
    lines = counter.get_table().splitlines()
    assert lines[0].split() == ["Module", "FLOP", "%", "Total"]
    widths = [len(rule) for rule in lines[1].split("  ")]
    assert all(len(line) <= sum(widths) + 4 for line in lines)
    assert [line.split()[0] for line in lines[2:]] == [
        "MLP", "-", "-", "MLP.fc1", "-", "-", "MLP.fc2", "-", "-"]
    total = counter.get_total_flops()
    assert lines[2].split()[1:] == [f"{total / 1000:.3f}K", "100.00%"]
    assert sum(counts["MLP"].values()) == total
    fc1 = sum(counts["MLP.fc1"].values())
    assert lines[5].split()[1:] == [f"{fc1 / 1000:.3f}K", f"{fc1 / total:.2%}"]
    empty = _counter(ember).FlopCounterMode(display=False)
    with empty:
        pass
    assert empty.get_table().splitlines()[2].split() == ["Global", "0", "0%"]


def test_display_prints_the_table(capsys):
    model, x, _ = _mlp(ember)
    with _counter(ember).FlopCounterMode(depth=1) as counter:
        model(x)
    assert capsys.readouterr().out == counter.get_table(1) + "\n"


def _custom(lib):
    """A custom formula replaces the built-in one; register_flop_formula refuses what is not
    an operator; passing modules is deprecated."""
    module = _counter(lib)
    out = []

    def per_output_element(a_shape, b_shape, *args, out_shape=None, **kwargs):
        return math.prod(out_shape)
    with module.FlopCounterMode(display=False,
                                custom_mapping={lib.ops.aten.mm: per_output_element}) as c:
        lib.ones(3, 4).mm(lib.ones(4, 5))
    out.append(c.get_total_flops())
    try:
        module.register_flop_formula([len])(per_output_element)
    except ValueError as error:
        out.append(type(error).__name__)
    with pytest.warns(UserWarning, match="mods argument is not needed anymore"):
        module.FlopCounterMode(lib.nn.Linear(1, 1), display=False)
    return out


@requires_torch
def test_custom_formulas_as_torch():
    assert _custom(ember) == _custom(TORCH) == [15, "ValueError"]


@requires_torch
def test_counter_outside_the_block_and_twice():
    """Nothing is counted after the block; entering again starts from zero."""
    def run(lib):
        module = _counter(lib)
        a = lib.ones(4, 4, requires_grad=True)
        counter = module.FlopCounterMode(display=False)
        with counter:
            (a @ a).sum().backward()
        first = counter.get_total_flops()
        a @ a
        after = counter.get_total_flops()
        with counter:
            a @ a
        return first, after, counter.get_total_flops()
    assert run(ember) == run(TORCH)


EINSUMS = [("bhqd,bhkd->bhqk", [(2, 3, 4, 5), (2, 3, 6, 5)]), ("ij,jk->ik", [(3, 4), (4, 5)]),
           ("bij,jk->bik", [(2, 3, 4), (4, 5)]), ("i,i->", [(4,), (4,)]),
           ("bxi,yi->bxy", [(2, 1, 4), (3, 4)]), ("abc,cd->", [(2, 3, 4), (4, 5)]),
           ("ik,kj->ji", [(2, 3), (3, 4)])]


@requires_torch
@pytest.mark.parametrize("equation, shapes", EINSUMS)
def test_einsum_counts_its_bmm_as_torch(equation, shapes):
    """torch's einsum contracts a pair with bmm, which the counter sees forward and backward;
    the values and gradients stay einsum's."""
    def run(lib):
        operands = [lib.linspace(-1, 1, math.prod(shape), dtype=lib.float64).reshape(shape)
                    .requires_grad_() for shape in shapes]
        with _counter(lib).FlopCounterMode(display=False) as counter:
            out = lib.einsum(equation, *operands)
            (out * out).sum().backward()
        counts = {str(op).replace("torch.", "").replace("ember.", ""): n
                  for op, n in counter.get_flop_counts()["Global"].items()}
        return counter.get_total_flops(), counts, out, [o.grad for o in operands]
    ours, theirs = run(ember), run(TORCH)
    assert ours[:2] == theirs[:2]
    for a, b in zip([ours[2], *ours[3]], [theirs[2], *theirs[3]]):
        assert a.shape == b.shape
        assert a.detach().cpu().numpy() == pytest.approx(b.detach().numpy(), rel=1e-12, abs=1e-12)
