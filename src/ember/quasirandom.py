"""``ember.quasirandom``: low-discrepancy sequences (``SobolEngine``), as ``torch.quasirandom``.

The Sobol' sequence in base 2: point k is the XOR of the direction numbers picked by the bits
of k's Gray code, read as a 30-bit binary fraction. Direction numbers come from Joe and Kuo's
table (the one SciPy ships); scrambling multiplies them by random lower-triangular bit matrices
(a linear matrix scramble) and XORs a random digital shift into every point, with the bits
drawn from ember's generator as PyTorch draws them, so the same seed gives the same points.
"""
from __future__ import annotations

import numpy as np

import ember

__all__ = ["SobolEngine"]

_TABLE = None


def _direction_table():
    """(poly, vinit): primitive polynomials and initial direction numbers, one row a dimension."""
    global _TABLE
    if _TABLE is None:
        import importlib.util
        import pathlib

        # The table file is located without importing scipy.stats (seconds of imports).
        (root,) = importlib.util.find_spec("scipy").submodule_search_locations
        path = pathlib.Path(root) / "stats" / "_sobol_direction_numbers.npz"
        with np.load(path) as table:
            _TABLE = table["poly"], table["vinit"]
    return _TABLE


def _direction_numbers(dimension, bits):
    """v[d, j] = m_dj * 2^(bits - 1 - j), with m from Joe and Kuo's recurrence
    m_j = m_{j-s} ^ (m_{j-s} << s) ^ XOR_k a_k (m_{j-k} << k) for polynomial degree s."""
    poly, vinit = _direction_table()
    m = np.zeros((dimension, bits), dtype=np.int64)
    m[0] = 1
    for d in range(1, dimension):
        p = int(poly[d])
        degree = p.bit_length() - 1
        m[d, :degree] = vinit[d, :degree]
        for j in range(degree, bits):
            value = m[d, j - degree] ^ (m[d, j - degree] << degree)
            for k in range(1, degree):
                if (p >> (degree - k)) & 1:
                    value ^= m[d, j - k] << k
            m[d, j] = value
    return m << (bits - 1 - np.arange(bits))


def _bits_msb_first(values, bits):
    """The bits of each integer, most significant first: shape values.shape + (bits,)."""
    return (values[..., None] >> (bits - 1 - np.arange(bits))) & 1


class SobolEngine:
    """A generator of (optionally scrambled) Sobol' quasi-random points in [0, 1)^dimension.

    Successive draws continue one sequence: point k is the XOR of the direction numbers chosen
    by the bits of k's Gray code, divided by 2^30. Scrambling (linear matrix scramble plus a
    digital shift, seeded by ``seed``) keeps the low discrepancy and randomises the points.

    Args:
        dimension: the dimension of each point, from 1 to 21201.
        scramble: whether to scramble the sequence. Default: False.
        seed: the seed of the scrambling's random bits; None draws them from the global
            generator (``ember.manual_seed``).

    Returns:
        An engine; ``draw(n)`` gives an (n, dimension) tensor of the next n points.

    >>> import ember
    >>> engine = ember.quasirandom.SobolEngine(dimension=2)
    >>> engine.draw(4)
    tensor([[0.0000, 0.0000],
            [0.5000, 0.5000],
            [0.7500, 0.2500],
            [0.2500, 0.7500]])
    """

    MAXBIT = 30
    MAXDIM = 21201

    def __init__(self, dimension, scramble=False, seed=None):
        if dimension > self.MAXDIM or dimension < 1:
            raise ValueError("Supported range of dimensionality "
                             f"for SobolEngine is [1, {self.MAXDIM}]")
        self.seed = seed
        self.scramble = scramble
        self.dimension = dimension
        state = _direction_numbers(dimension, self.MAXBIT)
        if scramble:
            state, shift = self._scrambled(state)
        else:
            shift = np.zeros(dimension, dtype=np.int64)
        self.sobolstate = ember.from_numpy(state)
        self.shift = ember.from_numpy(shift)
        self.quasi = self.shift.clone()
        # Computed once in the default dtype of the time, as PyTorch does.
        self._first_point = (self.quasi / 2 ** self.MAXBIT).reshape(1, -1)
        self.num_generated = 0

    def _scrambled(self, state):
        generator = None
        if self.seed is not None:
            generator = ember.Generator()
            generator.manual_seed(self.seed)
        bits = self.MAXBIT
        shift_bits = ember.randint(2, (self.dimension, bits), generator=generator,
                                   device="cpu").numpy()
        shift = shift_bits @ (np.int64(1) << np.arange(bits))
        ltm = ember.randint(2, (self.dimension, bits, bits), generator=generator,
                            device="cpu").numpy()
        ltm = np.tril(ltm)
        ltm[:, np.arange(bits), np.arange(bits)] = 1
        # Row p of each matrix gives bit p (most significant first) of every scrambled number.
        new_bits = np.einsum("dpk,djk->djp", ltm, _bits_msb_first(state, bits)) & 1
        state = new_bits @ (np.int64(1) << (bits - 1 - np.arange(bits)))
        return state, shift

    def _advance(self, n, start):
        """The next n points' integers after point ``start`` (whose integers are self.quasi),
        and the integers of the last one."""
        index = np.arange(start + 1, start + 1 + n, dtype=np.int64)
        gray = index ^ (index >> 1)
        gray_start = start ^ (start >> 1)
        state = self.sobolstate.numpy()
        points = np.broadcast_to(self.quasi.numpy(), (n, self.dimension)).copy()
        # XOR in the direction numbers of the Gray-code bits that changed since point start.
        changed = gray ^ gray_start
        for bit in range(min(self.MAXBIT, int(changed.max()).bit_length() if n else 0)):
            flip = ((changed >> bit) & 1).astype(bool)
            points[flip] ^= state[:, bit]
        return points

    def draw(self, n=1, out=None, dtype=None):
        """The next ``n`` points of the sequence, an (n, dimension) tensor.

        Args:
            n: how many points. Default: 1.
            out: a tensor to resize and fill with the points.
            dtype: the floating dtype of the points; None means the default dtype.

        Returns:
            The points (``out`` when given).

        >>> import ember
        >>> ember.quasirandom.SobolEngine(3).draw(2)
        tensor([[0.0000, 0.0000, 0.0000],
                [0.5000, 0.5000, 0.5000]])
        """
        dtype = ember.get_default_dtype() if dtype is None else dtype
        if self.num_generated == 0:
            first = self._first_point.to(dtype)
            rest = self._advance(n - 1, 0) if n > 1 else None
        else:
            first = None
            rest = self._advance(n, self.num_generated - 1)
        if rest is not None and len(rest):
            self.quasi = ember.from_numpy(rest[-1].copy())
            scaled = ember.from_numpy(rest.astype(np.float64) / 2 ** self.MAXBIT).to(dtype)
            result = scaled if first is None else ember.cat((first, scaled), dim=-2)
        else:
            result = first if first is not None else ember.empty(0, self.dimension, dtype=dtype)
        self.num_generated += n
        if out is not None:
            out.resize_as_(result).copy_(result)
            return out
        return result

    def draw_base2(self, m, out=None, dtype=None):
        """The next 2**m points; the total drawn must stay a power of 2 (Sobol' balance).

        Args:
            m: the base-2 exponent of the number of points.
            out: a tensor to resize and fill with the points.
            dtype: the floating dtype of the points; None means the default dtype.

        Returns:
            A (2**m, dimension) tensor.

        >>> import ember
        >>> ember.quasirandom.SobolEngine(1).draw_base2(2).flatten()
        tensor([0.0000, 0.5000, 0.7500, 0.2500])
        """
        n = 2 ** m
        total_n = self.num_generated + n
        if total_n & (total_n - 1) != 0:
            raise ValueError("The balance properties of Sobol' points require n to be a power "
                             f"of 2. {self.num_generated} points have been previously "
                             f"generated, then: n={self.num_generated}+2**{m}={total_n}. If "
                             "you still want to do this, please use 'SobolEngine.draw()' "
                             "instead.")
        return self.draw(n=n, out=out, dtype=dtype)

    def reset(self):
        """Go back to the first point of the sequence; returns self.

        >>> import ember
        >>> engine = ember.quasirandom.SobolEngine(1)
        >>> _ = engine.draw(3)
        >>> engine.reset().draw(2).flatten()
        tensor([0.0000, 0.5000])
        """
        self.quasi.copy_(self.shift)
        self.num_generated = 0
        return self

    def fast_forward(self, n):
        """Skip the next ``n`` points; returns self.

        Args:
            n: how many points to skip.

        Returns:
            The engine.

        >>> import ember
        >>> ember.quasirandom.SobolEngine(1).fast_forward(2).draw(2).flatten()
        tensor([0.7500, 0.2500])
        """
        if n > 0:
            start = self.num_generated - 1 if self.num_generated else 0
            count = n if self.num_generated else n - 1
            if count > 0:
                self.quasi = ember.from_numpy(self._advance(count, start)[-1].copy())
        self.num_generated += n
        return self

    def __repr__(self):
        parts = [f"dimension={self.dimension}"] + ["scramble=True"] * bool(self.scramble)
        parts += [f"seed={self.seed}"] if self.seed is not None else []
        return f"{type(self).__name__}({', '.join(parts)})"
