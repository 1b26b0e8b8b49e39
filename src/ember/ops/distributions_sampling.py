"""Samplers behind ember.distributions that PyTorch exposes as ops.

``cauchy_``, ``poisson``, ``binomial``, ``_standard_gamma`` and ``_sample_dirichlet`` draw from
ember's generator in the order and precision PyTorch's CPU kernels draw from theirs (one
element after another, uniforms and Box-Muller normals in float64), so seeded programs see the
same numbers. Gamma draws are reparameterised implicitly: for x = F^-1(u; alpha) with u held
fixed, dx/dalpha = -(dF/dalpha)(x; alpha) / f(x; alpha), F the regularized incomplete gamma
(or beta) function, differentiated in alpha numerically (a 5-point stencil on SciPy's values).
"""
from __future__ import annotations

import math

import numpy as np

from .. import _dtype as D
from .. import _random
from .._backend import to_device, to_host
from .._tensor import Tensor
from ..autograd import forward_ad as _forward_ad
from ._registry import grad_fn, record, wrap
from .creation import _fill_with, _gen


def _elementwise(fn, values):
    """``fn`` (a ``math`` function) on each float64 element: glibc's results, which NumPy's
    vectorised versions do not always reproduce to the last bit."""
    flat = values.reshape(-1)
    return np.fromiter((fn(v) for v in flat.tolist()), np.float64, flat.size).reshape(values.shape)


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fill with Cauchy(median, sigma) draws: median + sigma tan(pi (u - 1/2)), u ~ U[0, 1)."""
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma:g}")
    gen = _gen(generator)
    with gen._lock:
        u = _random._uniform_f64(gen._random64(self.numel()))
    values = median + sigma * _elementwise(math.tan, math.pi * (u - 0.5))
    return _fill_with(self, _random._cast_from_double(values, self._dtype.np)
                      .reshape(self._data.shape))


# --- scalar draws, as PyTorch's per-element samplers make them ---------------------------------

class _Draws:
    """Float64 uniforms on [0, 1) and standard normals (Box-Muller, second value cached in the
    generator), one at a time from ``gen``, as PyTorch's per-element samplers draw them.

    Uniforms are read ahead in blocks (one NumPy call each); ``finish`` rewinds the generator
    and advances it by exactly the uniforms used, so the stream continues where torch's would.
    Use inside ``gen._lock``.
    """

    _BLOCK = 1024

    def __init__(self, gen):
        self.gen = gen
        self.state = gen.get_state()
        self.cached_normal = gen._next_double
        self.used = 0
        self.block = []
        self.position = 0

    def uniform(self):
        if self.position == len(self.block):
            self.block = _random._uniform_f64(self.gen._random64(self._BLOCK)).tolist()
            self.position = 0
        self.position += 1
        self.used += 1
        return self.block[self.position - 1]

    def normal(self):
        if self.cached_normal is not None:
            value, self.cached_normal = self.cached_normal, None
            return value
        u1 = self.uniform()
        u2 = self.uniform()
        radius = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self.cached_normal = radius * math.sin(theta)
        return radius * math.cos(theta)

    def finish(self):
        """Leave the generator just past the uniforms used, with the normal cache updated."""
        self.gen.set_state(self.state)
        self.gen._random64(self.used)
        self.gen._next_double = self.cached_normal


def _each(draw, gen, *arrays):
    """``draw(*elements, draws)`` for every position (in order) of the same-shape ``arrays``."""
    columns = [a.reshape(-1).tolist() for a in arrays]
    with gen._lock:
        draws = _Draws(gen)
        out = [draw(*elements, draws) for elements in zip(*columns)]
        draws.finish()
    return np.array(out, dtype=np.float64).reshape(arrays[0].shape)


_ONE_THIRD_F = float(np.float32(1.0) / np.float32(3.0))
_C_0331_F = float(np.float32(0.0331))


def _gamma_one(alpha, draws, single):
    """One Gamma(alpha, 1) draw by Marsaglia and Tsang's squeeze-and-reject method (2000).

    alpha < 1 is boosted to alpha + 1 and scaled by u^(1/alpha). ``single`` marks float32
    parameters, whose boosted alpha and d = alpha - 1/3 PyTorch computes in float32.
    """
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0.0:
            return 0.0
        exponent = float(np.float32(1.0) / np.float32(alpha)) if single else 1.0 / alpha
        scale *= math.pow(1.0 - draws.uniform(), exponent)
        alpha = float(np.float32(alpha) + np.float32(1.0)) if single else alpha + 1.0
    d = float(np.float32(alpha) - np.float32(_ONE_THIRD_F)) if single else alpha - _ONE_THIRD_F
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        while True:
            x = draws.normal()
            y = 1.0 + c * x
            if y > 0:
                break
        v = y * y * y
        u = 1.0 - draws.uniform()
        xx = x * x
        if u < 1.0 - _C_0331_F * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _gamma_array(alpha, gen):
    """Gamma(alpha, 1) draws in float64 for every element of ``alpha`` (float32 parameters
    follow PyTorch's float32 steps)."""
    single = alpha.dtype != np.float64
    return _each(lambda a, draws: _gamma_one(a, draws, single), gen, alpha)


def _standard_gamma(input, *, generator=None):
    """Gamma(input, 1) samples, differentiable in ``input`` by implicit reparameterisation."""
    alpha = input._data
    values = _gamma_array(alpha, _gen(generator)).astype(alpha.dtype)
    values = np.maximum(values, np.finfo(alpha.dtype).tiny)
    out = wrap(to_device(values, input._device))
    return record(out, StandardGammaBackward0, (input,), (input, out))


def _stencil(values, step):
    """The 5-point central difference of ``values`` taken at -2, -1, 1, 2 steps."""
    return (values[0] - 8 * values[1] + 8 * values[2] - values[3]) / (12 * step)


def _gamma_cdf_alpha_derivative(alpha, x):
    """d/dalpha of the regularized lower incomplete gamma P(alpha, x) (5-point stencil).

    Where P is above one half its complement Q = 1 - P is differenced instead (dP = -dQ):
    P's values there agree in their leading digits, and in the upper tail the stencil of
    values that all round to 1 would give 0."""
    from scipy import special
    step = 1e-3 * np.minimum(alpha, 1.0) * np.maximum(alpha, 1.0) ** 0.5
    upper = special.gammainc(alpha, x) > 0.5
    lower = _stencil([special.gammainc(alpha + k * step, x) for k in (-2, -1, 1, 2)], step)
    complement = _stencil([special.gammaincc(alpha + k * step, x) for k in (-2, -1, 1, 2)],
                          step)
    return np.where(upper, -complement, lower)


def _standard_gamma_grad(input, output):
    """dx/dalpha for x ~ Gamma(alpha, 1) drawn by inversion: -dP/dalpha(x) / density(x), the
    density x^(alpha-1) e^-x / Gamma(alpha) (from scipy.special: scipy.stats takes seconds
    to import)."""
    from scipy import special
    alpha = to_host(input._data).astype(np.float64)
    x = to_host(output._data).astype(np.float64)
    with np.errstate(all="ignore"):
        density = np.exp(special.xlogy(alpha - 1, x) - x - special.gammaln(alpha))
        grad = -_gamma_cdf_alpha_derivative(alpha, x) / density
    out = wrap(to_device(grad.astype(input._data.dtype), input._device))
    # torch records this function on its first argument only, with no derivative of its own
    return record(out, StandardGammaGradBackward0, (input,))


@grad_fn("StandardGammaGradBackward0")
def StandardGammaGradBackward0(ctx, grad):
    raise NotImplementedError("the derivative for '_standard_gamma_grad' is not implemented.")


@grad_fn("StandardGammaBackward0")
def StandardGammaBackward0(ctx, grad):
    # Under create_graph the product is recorded (on StandardGammaGradBackward0), so a second
    # backward raises as torch's does; it gave a gradient without a graph, whose hessian
    # terms through the sample were silently dropped.
    alpha, out = ctx.saved_tensors
    return grad * _standard_gamma_grad(alpha, out)


StandardGammaBackward0.forward_rule = _forward_ad.unsupported("_standard_gamma")


def _beta_cdf_alpha_derivative(x, a, b):
    """d/da of the regularized incomplete beta I_x(a, b) with b held fixed (5-point stencil).

    Where I is above one half its complement 1 - I = I_(1-x)(b, a) is differenced instead,
    for the reason _gamma_cdf_alpha_derivative gives."""
    from scipy import special
    step = 1e-3 * np.minimum(a, 1.0) * np.maximum(a, 1.0) ** 0.5
    upper = special.betainc(a, b, x) > 0.5
    lower = _stencil([special.betainc(a + k * step, b, x) for k in (-2, -1, 1, 2)], step)
    complement = _stencil([special.betainc(b, a + k * step, 1 - x) for k in (-2, -1, 1, 2)],
                          step)
    return np.where(upper, -complement, lower)


def _dirichlet_grad(x, alpha, total):
    """The Dirichlet pathwise derivative's scale: for the marginal x ~ Beta(alpha, beta),
    beta = total - alpha held fixed, (dx/dalpha) / (1 - x) with dx/dalpha = -dI_x/dalpha /
    density(x). A Dirichlet draw then moves as dx_j/dalpha_i = g_i (delta_ij - x_j)."""
    from scipy import special
    xs, a = to_host(x._data).astype(np.float64), to_host(alpha._data).astype(np.float64)
    b = to_host(total._data).astype(np.float64) - a
    with np.errstate(all="ignore"):
        # The Beta(a, b) density x^(a-1) (1-x)^(b-1) / B(a, b).
        density = np.exp(special.xlogy(a - 1, xs) + special.xlog1py(b - 1, -xs)
                         - special.betaln(a, b))
        grad = -_beta_cdf_alpha_derivative(xs, a, b) / density / (1 - xs)
    return wrap(to_device(grad.astype(x._data.dtype), x._device))


def _sample_dirichlet(input, *, generator=None):
    """Dirichlet(input) samples along the last dim: Gamma draws normalised by their sum."""
    alpha = input._data
    # Gamma draws in float64 whatever the dtype (PyTorch does this to avoid underflow), then
    # the ratios are cast and kept strictly inside (0, 1).
    gammas = np.maximum(_gamma_array(alpha.astype(np.float64), _gen(generator)),
                        np.finfo(np.float64).tiny)
    values = (gammas / gammas.sum(-1, keepdims=True)).astype(alpha.dtype)
    below_one = np.nextafter(alpha.dtype.type(1), alpha.dtype.type(0))
    values = np.clip(values, np.finfo(alpha.dtype).tiny, below_one)
    return wrap(to_device(values, input._device))


# --- Poisson and binomial counts ---------------------------------------------------------------

def _poisson_one(rate, draws):
    """One Poisson(rate) draw: multiplication of uniforms below rate 10, else Hoermann's
    transformed rejection with squeeze (PTRS, 1993)."""
    if rate >= 10:
        root, log_rate = math.sqrt(rate), math.log(rate)
        b = 0.931 + 2.53 * root
        a = -0.059 + 0.02483 * b
        inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
        v_r = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = draws.uniform() - 0.5
            v = draws.uniform()
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + rate + 0.43)
            if us >= 0.07 and v <= v_r:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b)
                    <= -rate + k * log_rate - math.lgamma(k + 1.0)):
                return k
    if rate == 0:
        return 0
    limit, count, product = math.exp(-rate), 0, 1.0
    while True:
        product *= draws.uniform()
        if product > limit:
            count += 1
        else:
            return count


def poisson(input, generator=None):
    """Poisson counts with rates ``input`` (same shape and dtype); zero gradient."""
    rates = input._data
    if (rates < 0).any() or np.isnan(rates).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    counts = _each(_poisson_one, _gen(generator), rates.astype(np.float64))
    out = wrap(to_device(counts.astype(rates.dtype), input._device))
    return record(out, PoissonBackward0, (input,))


@grad_fn("PoissonBackward0")
def PoissonBackward0(ctx, grad):
    return grad * 0


def _binomial_inversion(count, prob, draws):
    """Count uniforms' geometric gaps until they pass ``count`` trials (small count * prob)."""
    log_q = math.log1p(-prob)
    trials, successes = 0, 0
    while True:
        trials += math.ceil(math.log(draws.uniform()) / log_q)
        if trials > count:
            return successes
        successes += 1


def _stirling_tail(k):
    """log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2], the Stirling remainder."""
    return math.lgamma(k + 1.0) - ((k + 0.5) * math.log(k + 1.0) - (k + 1.0)
                                   + 0.5 * math.log(2 * math.pi))


def _binomial_btrs(count, prob, draws):
    """Hormann's transformed rejection with squeeze for count * prob >= 10 (BTRS, 1993)."""
    spread = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * spread
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spread
    odds = prob / (1 - prob)
    mode = math.floor((count + 1) * prob)
    while True:
        u = draws.uniform() - 0.5
        v = draws.uniform()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + c)
        if k < 0 or k > count:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        upper = ((mode + 0.5) * math.log((mode + 1) / (odds * (count - mode + 1)))
                 + (count + 1) * math.log((count - mode + 1) / (count - k + 1))
                 + (k + 0.5) * math.log(odds * (count - k + 1) / (k + 1))
                 + _stirling_tail(mode) + _stirling_tail(count - mode)
                 - _stirling_tail(k) - _stirling_tail(count - k))
        if v <= upper:
            return k


def _binomial_one(count, prob, draws, single=False):
    """One Binomial(count, prob) draw. ``single`` marks float32 parameters, whose 1 - prob and
    count * prob (the choice between the two samplers) PyTorch computes in float32: 1000 times
    0.01 is 10 there, so it takes BTRS where double arithmetic (9.99999977) takes inversion."""
    if count <= 0 or prob <= 0:
        return 0
    if prob >= 1:
        return count
    if prob > 0.5:
        q = float(np.float32(1) - np.float32(prob)) if single else 1 - prob
        return count - _binomial_one(count, q, draws, single)
    mean = float(np.float32(count) * np.float32(prob)) if single else count * prob
    if mean >= 10:
        return _binomial_btrs(count, prob, draws)
    return _binomial_inversion(count, prob, draws)


def binomial(count, prob, generator=None):
    """Binomial(count, prob) draws, elementwise over the broadcast of ``count`` and ``prob``."""
    counts, probs = np.broadcast_arrays(count._data, prob._data)
    if ((probs < 0) | (probs > 1) | np.isnan(probs)).any():
        raise RuntimeError("binomial: probabilities must be in [0, 1]")
    dt = D.promote_types(count._dtype, prob._dtype)
    single = dt is D.float32
    values = _each(lambda n, p, draws: _binomial_one(int(n), p, draws, single), _gen(generator),
                   counts.astype(np.float64), probs.astype(np.float64))
    return Tensor._make(to_device(values.astype(dt.np).reshape(counts.shape), count._device))


FUNCTIONS = {"poisson": poisson, "binomial": binomial, "_standard_gamma": _standard_gamma,
             "_standard_gamma_grad": _standard_gamma_grad, "_sample_dirichlet": _sample_dirichlet,
             "_dirichlet_grad": _dirichlet_grad}
METHODS = {"cauchy_": cauchy_}
