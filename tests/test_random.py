"""Tests for ember._random: bit-exact agreement with torch 2.13.0's CPU generator.

The first group checks facts that hold without torch (published torch outputs, the mt19937
reference stream, state round trips, the exact-FMA helpers).  The second group uses torch as an
oracle and is skipped when torch is not installed.
"""

import copy
import math
import pickle
import warnings
from fractions import Fraction

import numpy as np
import pytest
from conftest import CPU_RNG, cpu_only, need

import ember
from ember import _random as R

SEEDS = [0, 1, 42, 2**32 + 7, 123456789]
SIZES = [1, 3, 15, 16, 17, 100, 1000]
FLOATS = [np.float32, np.float64]


def bits(a):
    """View a float array as unsigned integers so comparisons are bit-for-bit."""
    a = np.ascontiguousarray(a)
    if a.dtype.kind == "f" or a.dtype.name == "bfloat16":
        return a.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[a.dtype.itemsize])
    return a


def assert_bitwise_equal(ours, theirs):
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(bits(ours), bits(theirs))


# ---------------------------------------------------------------------- facts without torch

def test_randn_seed42_known_values():
    # torch.manual_seed(42); torch.randn(100, 1)[:5, 0]
    g = R.Generator().manual_seed(42)
    out = R.randn(g, (100, 1), np.float32)
    assert out.shape == (100, 1) and out.dtype == np.float32
    np.testing.assert_allclose(out[:5, 0], [1.9269, 1.4873, 0.9007, -2.1055, 0.6784], atol=1e-4)


def test_small_randn_seed0_known_values():
    # torch.manual_seed(0); torch.randn(5) -- the element-serial Box-Muller path (numel < 16).
    out = R.randn(R.Generator(0), 5)
    np.testing.assert_allclose(out, [1.5410, -0.2934, -2.1788, 0.5684, -1.0845], atol=1e-4)
    out64 = R.randn(R.Generator(0), 3, np.float64)
    assert out64.tolist() == [1.5409961082440433, -0.2934289057609464, -2.1787893820745574]


def test_vectorised_randn_seed0_known_values():
    # torch.manual_seed(0); torch.randn(20)[:4] -- the blocks-of-16 path.
    out = R.randn(R.Generator(0), 20)
    assert out[:4].tolist() == [-1.1258398294448853, -1.152360200881958, -0.2505785822868347,
                                -0.4338788092136383]


def test_rand_seed42_known_values():
    out = R.rand(R.Generator(42), 5)
    np.testing.assert_allclose(out, [0.8823, 0.9150, 0.3829, 0.9593, 0.3904], atol=1e-4)


def test_randperm_and_randint_seed0_known_values():
    assert R.randperm(R.Generator(0), 10).tolist() == [4, 1, 7, 5, 3, 9, 0, 8, 6, 2]
    assert R.randint(R.Generator(0), 0, 10, (8,)).tolist() == [4, 9, 3, 0, 3, 9, 7, 3]


def test_raw_stream_is_reference_mt19937():
    # The 1st and 10000th outputs of mt19937 seeded with 5489 (C++ std::mt19937 reference).
    g = R.Generator(5489)
    words = g._random(10000)
    assert words[0] == 3499211612
    assert words[-1] == 4123659995


def test_default_seed_and_state_layout():
    g = R.Generator()
    assert g.initial_seed() == R.DEFAULT_SEED == 67280421310721
    state = g.get_state()
    assert state.dtype == np.uint8 and state.shape == (5056,)
    # seed, left = 1, seeded = 1, next = 0, then key[0] = low 32 bits of the seed.
    assert state[:32].tolist() == [1, 209, 156, 241, 48, 61, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
                                   0, 0, 0, 0, 0, 0, 0, 0, 1, 209, 156, 241, 0, 0, 0, 0]


def test_manual_seed_returns_self_and_wraps_negative_seeds():
    g = R.Generator()
    assert g.manual_seed(3) is g
    assert g.initial_seed() == 3
    g.manual_seed(-1)
    assert g.initial_seed() == 2**64 - 1
    a = R.rand(g, 4)
    assert np.array_equal(a, R.rand(R.Generator(2**64 - 1), 4))
    # Only the low 32 bits feed mt19937.
    assert np.array_equal(R.rand(R.Generator(5), 4), R.rand(R.Generator(2**32 + 5), 4))
    # PyTorch's unpacking of a seed outside [-2**63, 2**64) raises ValueError.
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        g.manual_seed(2**64)
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        g.manual_seed(-(2**63) - 1)


def test_seed_is_nondeterministic_and_applied():
    g = R.Generator()
    s1 = g.seed()
    assert 0 <= s1 < 2**64 and g.initial_seed() == s1
    assert np.array_equal(R.rand(g, 3), R.rand(R.Generator(s1), 3))
    assert g.seed() != s1  # 64 random bits: a collision would be astronomically unlikely


def test_default_generator_is_used_for_none():
    R.default_generator.manual_seed(11)
    a = R.randn(None, 7)
    assert np.array_equal(a, R.randn(R.Generator(11), 7))


def _draw_mix(g):
    return [R.randn(g, 3), R.rand(g, (2, 5)), R.randint(g, -4, 9, 6), R.randn(g, 1),
            R.randn(g, 33, np.float64), R.randperm(g, 12), R.bernoulli(g, 0.25, shape=9),
            R.exponential(g, 4, 2.0, np.float64), R.normal(g, 1, 3.0, 0.5, np.float64)]


@pytest.mark.parametrize("warmup", [0, 1, 5, 623, 624, 625, 2000])
def test_state_round_trip(warmup):
    g = R.Generator(2024)
    g._random(warmup)
    R.randn(g, 1)  # leaves a cached Box-Muller sample in the state
    saved = g.get_state()
    first = _draw_mix(g)
    g2 = R.Generator(0).set_state(saved)
    assert np.array_equal(g2.get_state(), saved)
    second = _draw_mix(g2)
    for a, b in zip(first, second):
        assert_bitwise_equal(a, b)
    assert np.array_equal(g.get_state(), g2.get_state())


def test_state_round_trip_restores_same_generator():
    g = R.Generator(7)
    saved = g.get_state()
    a = R.randn(g, 40)
    g.set_state(saved)
    assert_bitwise_equal(R.randn(g, 40), a)


def test_set_state_rejects_bad_states():
    g = R.Generator()
    with pytest.raises(RuntimeError):
        g.set_state(np.zeros(10, dtype=np.uint8))
    bad = g.get_state()
    bad[8:12] = np.array([0], dtype=np.int32).view(np.uint8)  # left = 0
    with pytest.raises(RuntimeError):
        g.set_state(bad)
    with pytest.raises(TypeError):
        g.set_state(np.zeros(5056, dtype=np.int64))


@pytest.mark.parametrize("state", ["lib.zeros(10, dtype=lib.uint8)", "lib.zeros(5056)",
                                   "lib.zeros(5056, dtype=lib.uint8)"])
def test_set_rng_state_errors_match_torch(state):
    torch = need("torch")
    import ember
    outcomes = []
    for lib in (ember, torch):
        for set_state in (lib.set_rng_state, lib.Generator().set_state):
            with pytest.raises(Exception) as info:
                set_state(eval(state, {"lib": lib}))
            outcomes.append((info.type, str(info.value).replace("torch.", "ember.")))
    assert outcomes[:2] == outcomes[2:]


def test_pickle_and_deepcopy_keep_the_stream():
    g = R.Generator(99)
    R.randn(g, 5)
    clones = [pickle.loads(pickle.dumps(g)), copy.deepcopy(g)]
    for clone in clones:
        np.testing.assert_array_equal(clone.get_state(), g.get_state())
    expected = R.randn(g, 50)
    for clone in clones:
        assert_bitwise_equal(R.randn(clone, 50), expected)


def test_small_normal_cache_is_shared_across_calls():
    # randn(3) uses two Box-Muller pairs and caches the last sine; randn(1) then consumes it
    # without drawing, so the 32-bit stream position must not move.
    g = R.Generator(5)
    R.randn(g, 3)
    before = g.get_state()
    assert before[5040] == 1  # normal_is_valid
    R.randn(g, 1)
    after = g.get_state()
    assert np.array_equal(before[:5016], after[:5016])
    assert after[5040] == 0
    g.manual_seed(5)  # reseeding drops the cache
    assert g.get_state()[5040] == 0


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 1000, 54321])
def test_randperm_is_a_permutation(n):
    p = R.randperm(R.Generator(n), n)
    assert p.dtype == np.int64
    assert np.array_equal(np.sort(p), np.arange(n))


@pytest.mark.parametrize("n", [2, 3, 7, 50, 3000])
def test_vectorised_fisher_yates_matches_loop(n):
    rng = np.random.default_rng(n)
    for _ in range(5):
        steps = np.arange(n - 1)
        targets = steps + rng.integers(0, n - steps)
        perm = list(range(n))
        for i, j in enumerate(targets.tolist()):
            perm[i], perm[j] = perm[j], perm[i]
        assert R._forward_fisher_yates(targets).tolist() == perm


def _exact_fma_f32(a, b, c):
    exact = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    # Correct rounding to float32: the nearest of the neighbouring float32 values (ties even).
    approx = np.float32(float(exact))
    cands = [np.nextafter(approx, np.float32(-np.inf)), approx,
             np.nextafter(approx, np.float32(np.inf))]
    return min(cands, key=lambda v: (abs(Fraction(float(v)) - exact),
                                     int(np.array(v).view(np.uint32)) & 1))


def test_fma_f32_is_correctly_rounded():
    rng = np.random.default_rng(0)
    a = rng.standard_normal(3000).astype(np.float32)
    b = rng.standard_normal(3000).astype(np.float32)
    c = rng.standard_normal(3000).astype(np.float32)
    # Inputs built so that a*b + c is exactly a float32 midpoint plus a tiny tail: the case
    # where rounding through float64 would round twice.
    a[:3] = np.float32(1 + 2.0**-12)
    b[:3] = np.float32(1 + 2.0**-12)
    c[:3] = np.float32(2.0**-30), np.float32(-(2.0**-24)), np.float32(3.0)
    got = R._fma_f32(a, b, c)
    for i in range(len(a)):
        assert got[i] == _exact_fma_f32(a[i], b[i], c[i]), i


def test_fma_f64_is_correctly_rounded():
    rng = np.random.default_rng(1)
    a, b, c = (rng.standard_normal(2000) for _ in range(3))
    got = R._fma_f64(a, b, c)
    for i in range(len(a)):
        exact = Fraction(a[i]) * Fraction(b[i]) + Fraction(c[i])
        near = float(exact)  # Fraction -> float rounds correctly (ties to even)
        assert got[i] == near, i


def test_argument_checks():
    g = R.Generator()
    with pytest.raises(RuntimeError):
        R.uniform(g, 3, 2.0, 1.0)
    with pytest.raises(RuntimeError):
        R.normal(g, 3, 0.0, -1.0)
    with pytest.raises(RuntimeError):
        R.randint(g, 5, 5, 3)
    with pytest.raises(RuntimeError):
        R.bernoulli(g, 1.5, shape=3)
    with pytest.raises(RuntimeError):
        R.bernoulli(g, np.array([0.5, -0.1]))
    with pytest.raises(RuntimeError):
        R.multinomial(g, np.array([0.5, 0.5]), 3, replacement=False)
    with pytest.raises(TypeError):
        R.uniform(g, 3, dtype=np.int64)


def test_output_shapes_and_dtypes():
    g = R.Generator()
    assert R.rand(g, (2, 3)).shape == (2, 3)
    assert R.randn(g, ()).shape == ()
    assert R.randn(g, (0, 4)).shape == (0, 4)
    assert R.randint(g, 0, 5, (4, 1), np.int32).dtype == np.int32
    assert R.bernoulli(g, np.full((2, 2), 0.5)).dtype == np.float64
    assert R.bernoulli(g, 0.5, np.bool_, (3,)).dtype == np.bool_
    assert R.multinomial(g, np.ones((3, 4), np.float32), 2).shape == (3, 2)


def test_randn_million_has_standard_normal_moments():
    g = R.Generator(0)
    out = R.randn(g, 10**6)
    assert out.shape == (10**6,)
    assert abs(float(out.mean())) < 0.01 and abs(float(out.std()) - 1) < 0.01


# ---------------------------------------------------------------------- torch oracle

@pytest.fixture
def torch():
    """The oracle; tests that take this fixture are skipped when torch is missing."""
    return need("torch")


def tdt(dtype):
    """The torch dtype matching a NumPy dtype."""
    import torch
    return {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64,
            np.dtype(np.float16): torch.float16, np.dtype(np.int64): torch.int64,
            np.dtype(np.int32): torch.int32, np.dtype(np.int16): torch.int16,
            np.dtype(np.int8): torch.int8, np.dtype(np.uint8): torch.uint8,
            np.dtype(np.bool_): torch.bool}[np.dtype(dtype)]


def pair(seed):
    """Our generator and torch's, both seeded with ``seed``."""
    import torch
    return R.Generator(seed), torch.Generator().manual_seed(seed)


def check(ours, theirs, g, tg):
    """Outputs equal bit for bit, and both generators end in the same byte-level state."""
    theirs = theirs if isinstance(theirs, np.ndarray) else theirs.cpu().numpy()
    assert_bitwise_equal(np.asarray(ours), np.asarray(theirs))
    np.testing.assert_array_equal(g.get_state(), tg.get_state().cpu().numpy())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + [np.float16])
def test_rand_matches_torch(seed, n, dtype, torch):
    g, tg = pair(seed)
    check(R.rand(g, (n,), dtype), torch.rand(n, generator=tg, dtype=tdt(dtype)), g, tg)


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + [np.float16])
@pytest.mark.parametrize("bounds", [(-3.7, 11.3), (2.0, 2.5), (-1.0, 1.0), (0.0, 1e-3)])
def test_uniform_matches_torch(seed, n, dtype, bounds, torch):
    g, tg = pair(seed)
    ours = R.uniform(g, (n,), bounds[0], bounds[1], dtype)
    theirs = torch.empty(n, dtype=tdt(dtype)).uniform_(*bounds, generator=tg)
    check(ours, theirs, g, tg)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(1,), (3,), (15,), (16,), (17,), (100,), (1000,), (4, 4),
                                   (5, 7), (2, 3, 33), (100, 1)])
@pytest.mark.parametrize("dtype", FLOATS + [np.float16])
def test_randn_matches_torch(seed, shape, dtype, torch):
    g, tg = pair(seed)
    check(R.randn(g, shape, dtype), torch.randn(shape, generator=tg, dtype=tdt(dtype)), g, tg)


def test_randn_large_matches_torch(torch):
    for seed in (0, 123):
        g, tg = pair(seed)
        check(R.randn(g, 200003), torch.randn(200003, generator=tg), g, tg)
        check(R.randn(g, 20005, np.float64), torch.randn(20005, generator=tg,
                                                         dtype=torch.float64), g, tg)


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + [np.float16])
@pytest.mark.parametrize("mean,std", [(0.7, 2.3), (-5.0, 0.01), (0.0, 3.0), (1.5, 1.0),
                                      (0.0, 0.0)])
def test_normal_scalar_matches_torch(seed, n, dtype, mean, std, torch):
    g, tg = pair(seed)
    ours = R.normal(g, (n,), mean, std, dtype)
    theirs = torch.empty(n, dtype=tdt(dtype)).normal_(mean, std, generator=tg)
    check(ours, theirs, g, tg)
    g, tg = pair(seed)
    check(R.normal(g, (n,), mean, std, dtype),
          torch.normal(mean, std, (n,), generator=tg, dtype=tdt(dtype)), g, tg)


@pytest.mark.parametrize("n", [5, 16, 40, 100])
def test_normal_tensor_arguments_match_torch(n, torch):
    rng = np.random.default_rng(n)
    mean = rng.standard_normal(n).astype(np.float32)
    std = rng.random(n).astype(np.float32)
    tm, ts = torch.from_numpy(mean), torch.from_numpy(std)
    g, tg = pair(n)
    check(R.normal(g, None, mean, std), torch.normal(tm, ts, generator=tg), g, tg)
    check(R.normal(g, None, mean, np.float32(2.5)), torch.normal(tm, 2.5, generator=tg), g, tg)
    check(R.normal(g, None, np.float32(-1.0), std), torch.normal(-1.0, ts, generator=tg), g, tg)
    m64 = mean.astype(np.float64)
    check(R.normal(g, None, m64, std.astype(np.float64), np.float64),
          torch.normal(torch.from_numpy(m64), ts.double(), generator=tg), g, tg)


def test_noncontiguous_normal_matches_torch(torch):
    g, tg = pair(3)
    theirs = torch.empty(40)[::2].normal_(generator=tg)
    check(R.normal(g, 20, contiguous=False), theirs, g, tg)


_RANDINT_BOUNDS = [(0, 10), (-5, 5), (3, 4), (0, 2**28 - 1), (0, 2**28), (-(2**40), 2**40),
                   (0, 2**31)]
# Only the bounds each dtype can hold (int32 cannot hold the widest ranges).
_RANDINT_CASES = [(bounds, dtype) for dtype in (np.int64, np.int32, np.float32, np.float64)
                  for bounds in _RANDINT_BOUNDS
                  if not (dtype == np.int32 and bounds[1] > 2**31 - 1)]


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("bounds,dtype", _RANDINT_CASES)
def test_randint_matches_torch(seed, n, bounds, dtype, torch):
    g, tg = pair(seed)
    with warnings.catch_warnings():
        # torch warns that float dtypes cannot represent every integer in wide ranges.
        warnings.simplefilter("ignore")
        theirs = torch.randint(*bounds, (n,), generator=tg, dtype=tdt(dtype))
    check(R.randint(g, bounds[0], bounds[1], (n,), dtype), theirs, g, tg)


@pytest.mark.parametrize("dtype", [np.int16, np.int8, np.uint8, np.bool_])
def test_randint_small_dtypes_match_torch(dtype, torch):
    hi = 2 if dtype == np.bool_ else 100
    g, tg = pair(8)
    check(R.randint(g, 0, hi, (50,), dtype),
          torch.randint(0, hi, (50,), generator=tg, dtype=tdt(dtype)), g, tg)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_,
                                   np.float32, np.float64, np.float16])
def test_random_matches_torch(n, dtype, torch):
    g, tg = pair(n)
    check(R.random_(g, (n,), dtype), torch.empty(n, dtype=tdt(dtype)).random_(generator=tg),
          g, tg)


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 15, 16, 17, 100, 1000, 65537])
def test_randperm_matches_torch(seed, n, torch):
    g, tg = pair(seed)
    check(R.randperm(g, n), torch.randperm(n, generator=tg), g, tg)
    check(R.randperm(g, n, np.float32), torch.randperm(n, generator=tg, dtype=torch.float32),
          g, tg)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("p_dtype", FLOATS + [np.float16])
def test_bernoulli_tensor_matches_torch(n, p_dtype, torch):
    p = np.random.default_rng(n).random(n).astype(p_dtype)
    p[0] = 0.0
    g, tg = pair(n)
    check(R.bernoulli(g, p), torch.bernoulli(torch.from_numpy(p), generator=tg), g, tg)
    # Tensor.bernoulli_(p_tensor) with a broadcast p.
    pb = p[:1].copy()
    check(R.bernoulli(g, pb, np.float32, (n,)),
          torch.empty(n).bernoulli_(torch.from_numpy(pb), generator=tg), g, tg)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + [np.float16, np.bool_, np.int64])
@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_bernoulli_scalar_matches_torch(n, dtype, p, torch):
    # The dropout path: torch.empty(shape).bernoulli_(1 - p).
    g, tg = pair(n)
    theirs = torch.empty(n, dtype=tdt(dtype)).bernoulli_(p, generator=tg)
    check(R.bernoulli(g, p, dtype, (n,)), theirs, g, tg)
    theirs = torch.empty(n, dtype=tdt(dtype)).bernoulli_(p, generator=tg)
    check(R.bernoulli(g, np.full(n, p), dtype), theirs, g, tg)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", FLOATS + [np.float16])
@pytest.mark.parametrize("lambd", [1.0, 0.25, 7.0])
def test_exponential_matches_torch(n, dtype, lambd, torch):
    g, tg = pair(n)
    check(R.exponential(g, (n,), lambd, dtype),
          torch.empty(n, dtype=tdt(dtype)).exponential_(lambd, generator=tg), g, tg)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(5,), (3, 7), (4, 100)])
@pytest.mark.parametrize("num_samples,replacement", [(1, False), (1, True), (2, False),
                                                     (3, False), (2, True), (50, True)])
def test_multinomial_matches_torch(dtype, shape, num_samples, replacement, torch):
    p = np.random.default_rng(1).random(shape).astype(dtype)
    p[..., 1] = 0.0
    g, tg = pair(len(shape) * 10 + num_samples)
    theirs = torch.multinomial(torch.from_numpy(p), num_samples, replacement, generator=tg)
    check(R.multinomial(g, p, num_samples, replacement), theirs, g, tg)


@pytest.mark.parametrize("seed", SEEDS)
def test_call_sequence_matches_torch(seed, torch):
    g, tg = pair(seed)
    ours = [R.randn(g, 3), R.rand(g, 5), R.randint(g, 0, 7, (4,)), R.randn(g, 1),
            R.randn(g, (4, 5)), R.randn(g, 1), R.randn(g, 1, np.float64), R.randperm(g, 9),
            R.uniform(g, 6, -2.0, 2.0, np.float64), R.bernoulli(g, 0.3, np.float32, (7,)),
            R.normal(g, 21, 1.0, 0.5), R.exponential(g, 3), R.randn(g, 2, np.float64),
            R.rand(g, 17, np.float64)]
    theirs = [torch.randn(3, generator=tg), torch.rand(5, generator=tg),
              torch.randint(0, 7, (4,), generator=tg), torch.randn(1, generator=tg),
              torch.randn(4, 5, generator=tg), torch.randn(1, generator=tg),
              torch.randn(1, generator=tg, dtype=torch.float64),
              torch.randperm(9, generator=tg),
              torch.empty(6, dtype=torch.float64).uniform_(-2, 2, generator=tg),
              torch.empty(7).bernoulli_(0.3, generator=tg),
              torch.empty(21).normal_(1.0, 0.5, generator=tg),
              torch.empty(3).exponential_(generator=tg),
              torch.randn(2, generator=tg, dtype=torch.float64),
              torch.rand(17, generator=tg, dtype=torch.float64)]
    for a, b in zip(ours, theirs):
        assert_bitwise_equal(a, b.cpu().numpy())
    np.testing.assert_array_equal(g.get_state(), tg.get_state().cpu().numpy())


def test_global_seed_matches_torch_default_generator(torch):
    torch.manual_seed(42)
    R.default_generator.manual_seed(42)
    assert_bitwise_equal(R.randn(None, (100, 1)), torch.randn(100, 1).cpu().numpy())
    assert_bitwise_equal(R.rand(None, 10), torch.rand(10).cpu().numpy())


@pytest.mark.parametrize("warmup", [0, 1, 3, 700])
def test_states_are_interchangeable_with_torch(warmup, torch):
    tg = torch.Generator().manual_seed(31)
    torch.rand(warmup, generator=tg)
    torch.randn(3, generator=tg)  # leaves a cached normal in torch's state
    g = R.Generator().set_state(tg.get_state().cpu().numpy())
    np.testing.assert_array_equal(g.get_state(), tg.get_state().cpu().numpy())
    assert_bitwise_equal(R.randn(g, 5), torch.randn(5, generator=tg).cpu().numpy())
    # ...and back: torch continues from a state we produced.
    R.randn(g, 7)
    tg2 = torch.Generator()
    tg2.set_state(torch.from_numpy(g.get_state()))
    assert_bitwise_equal(R.randn(g, 19), torch.randn(19, generator=tg2).cpu().numpy())
    assert_bitwise_equal(R.rand(g, 3), torch.rand(3, generator=tg2).cpu().numpy())


def _unusual_state(torch):
    """A generator and a valid state of it whose (left, next) counters are (10, 5)."""
    tg = torch.Generator().manual_seed(11)
    torch.rand(100, generator=tg)
    state = tg.get_state().clone()
    state[8:12] = torch.from_numpy(np.array([10], np.int32).view(np.uint8))
    state[16:24] = torch.from_numpy(np.array([5], np.uint64).view(np.uint8))
    return tg, state


def test_unusual_torch_state_counters(torch):
    # A valid state whose (left, next) counters are not the ones drawing produces: torch emits
    # key[next:next + left - 1] and then regenerates from the same key.
    tg, state = _unusual_state(torch)
    for sizes in ((4, 7, 1000), (9, 1, 700)):  # the second run empties the prefix exactly
        tg.set_state(state)
        g = R.Generator().set_state(state.cpu().numpy())
        for n in sizes:
            check(R.rand(g, n), torch.rand(n, generator=tg), g, tg)


def test_unusual_torch_state_counters_64_bit_draws(torch):
    # torch's random64() joins two words; drawn across the end of such a state's buffer (an
    # odd number of words left) and then from the engine, pair by pair as torch does.
    tg, state = _unusual_state(torch)
    tg.set_state(state)
    g = R.Generator().set_state(state.cpu().numpy())
    for n in (3, 700, 5):
        check(R.rand(g, n, np.float64), torch.rand(n, generator=tg, dtype=torch.float64),
              g, tg)
        theirs = torch.empty(n).bernoulli_(0.3, generator=tg)
        check(R.bernoulli(g, 0.3, np.float32, (n,)), theirs, g, tg)


def test_bfloat16_matches_torch(torch):
    ml_dtypes = need("ml_dtypes")
    bf16 = np.dtype(ml_dtypes.bfloat16)

    def to_bf16(t):
        return t.float().cpu().numpy().astype(bf16)

    for n in (5, 16, 17, 100):
        cases = [
            (lambda g: R.rand(g, n, bf16), lambda tg: torch.rand(n, generator=tg,
                                                                 dtype=torch.bfloat16)),
            (lambda g: R.uniform(g, n, -2.0, 3.0, bf16),
             lambda tg: torch.empty(n, dtype=torch.bfloat16).uniform_(-2, 3, generator=tg)),
            (lambda g: R.normal(g, n, 1.5, 0.3, bf16),
             lambda tg: torch.empty(n, dtype=torch.bfloat16).normal_(1.5, 0.3, generator=tg)),
            (lambda g: R.randint(g, -50, 50, n, bf16),
             lambda tg: torch.randint(-50, 50, (n,), generator=tg, dtype=torch.bfloat16)),
            (lambda g: R.random_(g, n, bf16),
             lambda tg: torch.empty(n, dtype=torch.bfloat16).random_(generator=tg)),
            (lambda g: R.exponential(g, n, 1.0, bf16),
             lambda tg: torch.empty(n, dtype=torch.bfloat16).exponential_(generator=tg)),
        ]
        for ours_f, theirs_f in cases:
            g, tg = pair(n)
            check(ours_f(g), to_bf16(theirs_f(tg)), g, tg)


@cpu_only(CPU_RNG)
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_uniform_and_make_tensor_draw_as_torch(dtype, torch):
    # A complex uniform_ fills view_as_real (real and imaginary parts interleaved), as torch's
    # does; it raised. make_tensor's complex tensors and torch's are then the same numbers.
    import ember
    ours_dt, theirs_dt = getattr(ember, dtype), getattr(torch, dtype)
    ember.manual_seed(7)
    torch.manual_seed(7)
    ours = [ember.empty(3, 2, dtype=ours_dt).uniform_(-2.0, 3.0),
            ember.testing.make_tensor((4,), dtype=ours_dt, device="cpu", low=-1, high=1),
            ember.rand(2)]
    theirs = [torch.empty(3, 2, dtype=theirs_dt).uniform_(-2.0, 3.0),
              torch.testing.make_tensor((4,), dtype=theirs_dt, device="cpu", low=-1, high=1),
              torch.rand(2)]
    for a, b in zip(ours, theirs):
        assert_bitwise_equal(a.numpy(), b.numpy())


@cpu_only(CPU_RNG)
def test_gradgradcheck_draws_its_cotangents_as_torch(torch):
    # gradgradcheck's random grad_outputs come from the global generator (make_tensor in
    # [-1, 1)), one draw per output element: a program's next random numbers agree with torch's.
    import ember
    after = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        x = lib.tensor([0.3, 0.5, 0.9], dtype=lib.float64, requires_grad=True)
        assert lib.autograd.gradgradcheck(lambda t: (t.sin() * 2, t.exp()[:2]), (x,))
        assert lib.autograd.gradgradcheck(lambda t: t.sin().sum(), (x,))  # a 0-d output
        after.append(lib.rand(3).tolist())
    assert after[0] == after[1]


@pytest.mark.parametrize("n", [1, 2, 7, R._JOIN_RAW_MAX, R._JOIN_RAW_MAX + 1, 3000])
def test_random64_is_mt19937_64_bit_output(n):
    # A few values are joined from the raw 32-bit words, more come from Generator.integers:
    # both are MT19937's 64-bit output (first word << 32 | second), and leave the same state.
    g = R.Generator().manual_seed(n)
    twin = copy.deepcopy(g._bitgen)
    ours = g._random64(n)
    expected = np.random.Generator(twin).integers(0, 1 << 64, n, np.uint64)
    assert ours.dtype == np.uint64
    np.testing.assert_array_equal(ours, expected)
    np.testing.assert_array_equal(g._random64(3), np.random.Generator(twin).integers(
        0, 1 << 64, 3, np.uint64))


_BAD_ROWS = {"nan": [0.5, np.nan], "inf": [1.0, np.inf], "-inf": [1.0, -np.inf],
             "negative": [0.5, -1e-30], "zeros": [0.0, -0.0], "fine": [0.0, 1e-300]}


@pytest.mark.parametrize("rows", [1, 2, 40])  # 2 and 80 values: both sides of the small check
@pytest.mark.parametrize("case", list(_BAD_ROWS))
def test_multinomial_refuses_what_torch_refuses(case, rows, torch):
    p = np.tile(np.array([[0.25, 0.75]]), (rows, 1))
    p[-1] = _BAD_ROWS[case]
    p = p.reshape(-1) if rows == 1 else p
    try:
        torch.multinomial(torch.from_numpy(p), 1, True)
    except RuntimeError as error:
        with pytest.raises(RuntimeError) as ours:
            R.multinomial(R.Generator(), p, 1, True)
        assert str(ours.value) == str(error)
    else:
        assert R.multinomial(R.Generator(), p, 1, True).shape == p.shape[:-1] + (1,)


# Layouts that are not row-major: torch's samplers fill them in memory order (a channels-last
# conv weight under nn.init, a transposed weight, a permuted activation), and normal_ takes its
# element-serial path for them.
_LAYOUTS = {
    "transposed": lambda lib: lib.empty(7, 5).t(),
    "channels_last": lambda lib: lib.empty(4, 3, 3, 2).to(memory_format=lib.channels_last),
    "permuted": lambda lib: lib.empty(2, 3, 4).permute(2, 0, 1),
    "sliced": lambda lib: lib.empty(6, 10)[:, 1:8],
    "strided": lambda lib: lib.empty(5, 8).t()[::2],
}
_FILLS = {
    "uniform_": lambda t, g: t.uniform_(-2.0, 3.0, generator=g),
    "normal_": lambda t, g: t.normal_(0.5, 2.0, generator=g),
    "normal_double": lambda t, g: t.double().normal_(generator=g),
    "bernoulli_": lambda t, g: t.bernoulli_(0.3, generator=g),
    "bernoulli_tensor": lambda t, g: t.bernoulli_(t.new_tensor(0.5).expand(t.shape[-1]).cumsum(
        0).div(t.shape[-1]), generator=g),
    "random_": lambda t, g: t.random_(0, 50, generator=g),
    "exponential_": lambda t, g: t.exponential_(2.0, generator=g),
    "cauchy_": lambda t, g: t.cauchy_(generator=g),
    "log_normal_": lambda t, g: t.log_normal_(generator=g),
    "geometric_": lambda t, g: t.geometric_(0.4, generator=g),
    "complex_normal_": lambda t, g: t.to(dtype=t.dtype.to_complex()).normal_(generator=g),
}


@cpu_only(CPU_RNG)
@pytest.mark.parametrize("layout", list(_LAYOUTS))
@pytest.mark.parametrize("fill", list(_FILLS))
def test_in_place_samplers_fill_in_memory_order_as_torch(layout, fill, torch):
    import ember
    results = []
    for lib in (ember, torch):
        generator = lib.Generator().manual_seed(5)
        target = _LAYOUTS[layout](lib)
        if fill in ("normal_double", "complex_normal_"):  # a copy in the same layout
            target = _FILLS[fill](target, generator)
        else:
            assert _FILLS[fill](target, generator) is target
        results.append((target.stride(), target.contiguous().numpy(), generator.get_state()))
    (ours_strides, ours, ours_state), (strides, theirs, state) = results
    assert ours_strides == strides
    assert_bitwise_equal(ours.view(np.float64) if ours.dtype.kind == "c" else ours,
                         theirs.view(np.float64) if theirs.dtype.kind == "c" else theirs)
    np.testing.assert_array_equal(ours_state.numpy(), state.numpy())


@cpu_only(CPU_RNG)
def test_init_of_a_channels_last_conv_draws_as_torch(torch):
    import ember
    weights = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        conv = lib.nn.Conv2d(3, 8, 3).to(memory_format=lib.channels_last)
        lib.nn.init.kaiming_normal_(conv.weight, mode="fan_out", nonlinearity="relu")
        lib.nn.init.trunc_normal_(conv.bias, std=0.02)
        weights.append([conv.weight.detach().contiguous().numpy(), conv.bias.detach().numpy()])
    for ours, theirs in zip(*weights):
        assert_bitwise_equal(ours, theirs)


# multinomial over no categories: torch's RuntimeErrors (NumPy's ValueError leaked from a reshape,
# and WeightedRandomSampler([]) raised it when iterated).
def test_multinomial_over_no_categories():
    with pytest.raises(RuntimeError, match=r"^invalid multinomial distribution \(sum of "
                                           r"probabilities <= 0\)$"):
        ember.multinomial(ember.tensor([], dtype=ember.float64), 2, True)
    with pytest.raises(RuntimeError, match=r"^aminmax\(\): cannot compute aminmax over an empty "
                                           "dimension"):
        ember.multinomial(ember.zeros(2, 0), 1, True)
    with pytest.raises(RuntimeError, match="^cannot sample n_sample > prob_dist.size"):
        ember.multinomial(ember.zeros(0), 1)
    with pytest.raises(RuntimeError, match=r"^invalid multinomial distribution"):
        list(ember.utils.data.WeightedRandomSampler([], 2))
    assert ember.multinomial(ember.zeros(0, 3), 1).shape == (0, 1)


@pytest.mark.parametrize("name", ["log", "log1p", "sin", "cos", "exp"])
def test_libm_gives_glibc_results_on_every_path(name):
    # NumPy's function is used only where it equals Python's math (glibc) on the probe set;
    # either way the array evaluation must be math.<name> to the bit on fresh inputs
    rng = np.random.default_rng(7)
    x = rng.random(4096)
    x = {"log": x + 1e-300, "log1p": -x * 0.999, "exp": (x - 0.5) * 30.0}.get(name, x * 6.3)
    expected = np.array([getattr(math, name)(v) for v in x.tolist()])
    assert np.array_equal(R._libm(name, x), expected)
@pytest.mark.parametrize("dtype", ["int64", "bool", "complex64", "int32"])
def test_exponential_of_a_non_float_tensor_is_torchs_runtime_error(dtype):
    """torch refuses a continuous distribution in a non-float dtype with a RuntimeError (after
    checking lambda); ember raised a TypeError, which gumbel_softmax passed on too."""
    x = ember.zeros(2, dtype=getattr(ember, dtype))
    with pytest.raises(RuntimeError, match="Exponential distribution is a continuous probability "
                                           "distribution. dtype must be a floating point"):
        x.exponential_()
    with pytest.raises(RuntimeError, match="expects lambda > 0.0"):
        x.exponential_(-1.0)
    with pytest.raises(RuntimeError, match="Exponential distribution"):
        ember.nn.functional.gumbel_softmax(ember.zeros(2, 3, dtype=getattr(ember, dtype)))
