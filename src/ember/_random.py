"""PyTorch's CPU random number generator, reimplemented on NumPy.

Every sampler here reproduces what torch 2.13.0 computes on the CPU, bit for bit: the same seed
and the same sequence of calls give the same numbers.  The pieces, all taken from ATen:

* ``CPUGeneratorImpl`` is a 32-bit Mersenne Twister (mt19937, seeded with ``init_genrand`` on the
  low 32 bits of the seed).  ``random()`` is one 32-bit draw and ``random64()`` is two draws
  joined as ``(first << 32) | second``.  NumPy's ``MT19937`` bit generator runs the very same
  recurrence and tempering, so we inject torch's key/position into it and let it produce the
  raw stream at C speed.
* Kernels are serial: element ``i`` of the (contiguous) output consumes the ``i``-th draw(s).
  That is what makes the whole stream vectorisable: draw ``n`` words, then transform them.
* The transforms (24/53-bit uniforms, Box-Muller, modulo for integers, ...) are reproduced with
  the exact floating-point operation order torch uses, including the fused multiply-adds that
  its AVX2 build emits.  Transcendentals in double precision are glibc's, which is what both
  torch and NumPy call on x86-64 Linux; a one-time probe falls back to Python's ``math`` (also
  glibc) if this NumPy build computes them differently.

Scope of the bit-exactness: torch picks kernels by CPU capability.  Its DistributionKernels are
built for DEFAULT and AVX2 only, so every x86-64 CPU with AVX2 (AVX-512 ones included) runs the
AVX2 code reproduced here.  On aarch64 or pre-AVX2 CPUs torch itself produces different float32
``randn`` values and different low bits for ``uniform_`` with non-trivial bounds (no FMAs there).
Every sampler consumes the stream exactly as torch does on any CPU, so the raw stream, integer
samplers, permutations and the generator state agree everywhere.

This module works on NumPy arrays only and knows nothing about ember's tensors.
"""

import math
import secrets
import threading

import numpy as np

__all__ = [
    "DEFAULT_SEED",
    "Generator",
    "bernoulli",
    "default_generator",
    "exponential",
    "multinomial",
    "normal",
    "rand",
    "randint",
    "randn",
    "random_",
    "randperm",
    "uniform",
]

# torch.Generator() seeds itself with this constant (c10::detail::default_rng_seed_val).
DEFAULT_SEED = 67280421310721

_MT_N = 624
_U32 = 0xFFFFFFFF
_U64 = 0xFFFFFFFFFFFFFFFF

# Byte layout of torch's CPUGeneratorImplState, as returned by torch.Generator.get_state():
# legacy THGeneratorState (seed, left, seeded, next, uint64 state[624], normal_x/y/rho,
# normal_is_valid) followed by the float normal cache.  Natural C alignment gives 5056 bytes.
_OFF_SEED = 0
_OFF_LEFT = 8
_OFF_SEEDED = 12
_OFF_NEXT = 16
_OFF_KEY = 24
_OFF_NORMAL_Y = _OFF_KEY + 8 * _MT_N + 8
_OFF_NORMAL_VALID = _OFF_KEY + 8 * _MT_N + 24
_OFF_FLOAT_SAMPLE = _OFF_NORMAL_VALID + 8
_OFF_FLOAT_VALID = _OFF_FLOAT_SAMPLE + 4
_STATE_BYTES = _OFF_FLOAT_VALID + 4

# randint draws random64() instead of random() from this range width on.
_RANDINT_WIDE_RANGE = 1 << 28

# randperm switches algorithm at this size (TensorFactories.cpp: uint32 max / 20).
_RANDPERM_SMALL_LIMIT = _U32 // 20

_TWO_PI = 2.0 * math.pi
# NormalFill16<float> builds _mm256_set1_ps(2.0f * c10::pi<double>): rounded to float once.
_TWO_PI_F32 = np.float32(_TWO_PI)


def _mt_init_key(seed):
    """Return mt19937's ``init_genrand`` key for the low 32 bits of ``seed``."""
    key = [seed & _U32]
    prev = key[0]
    for j in range(1, _MT_N):
        prev = (1812433253 * (prev ^ (prev >> 30)) + j) & _U32
        key.append(prev)
    return np.array(key, dtype=np.uint32)


def _temper(words):
    """Apply mt19937's output tempering to an array of raw state words."""
    y = words.astype(np.uint32)
    y ^= y >> np.uint32(11)
    y ^= (y << np.uint32(7)) & np.uint32(0x9D2C5680)
    y ^= (y << np.uint32(15)) & np.uint32(0xEFC60000)
    y ^= y >> np.uint32(18)
    return y


def _check_seed(seed):
    """Map a Python int seed to torch's uint64 seed (negative seeds wrap, like torch)."""
    seed = int(seed)
    if seed < -(1 << 63) or seed > _U64:
        raise ValueError("Overflow when unpacking long long")
    return seed & _U64


class _Seeded:
    """What every generator shares: a nondeterministic ``seed()`` and ``initial_seed()``; the
    class defines ``manual_seed`` and keeps the seed in ``_seed``."""

    def seed(self):
        """Seed from a nondeterministic 64-bit source and return that seed."""
        seed = secrets.randbits(64)
        self.manual_seed(seed)
        return seed

    def initial_seed(self):
        """Return the seed the generator was last seeded with."""
        return self._seed


class Generator(_Seeded):
    """A CPU random generator whose state and stream match ``torch.Generator()``."""

    def __init__(self, seed=DEFAULT_SEED):
        # Seeding NumPy's bit generator with a constant avoids an OS entropy read; its state is
        # overwritten by manual_seed right away.
        self._bitgen = np.random.MT19937(0)
        self._lock = threading.RLock()
        self.manual_seed(seed)

    # ------------------------------------------------------------------ seeding and state

    def manual_seed(self, seed):
        """Seed the generator like ``torch.Generator.manual_seed`` and return it."""
        seed = _check_seed(seed)
        with self._lock:
            self._seed = seed
            self._set_engine(_mt_init_key(seed), left=1, next_=0)
            # set_current_seed drops both cached Box-Muller samples.
            self._next_double = None
            self._next_float = None
        return self

    def _set_engine(self, key, left, next_):
        """Load an mt19937 state given as torch's (key, left, next) triple."""
        # torch regenerates the key when ``left`` drops to zero, NumPy when ``pos`` reaches 624.
        # States produced by seeding or by drawing satisfy left == 625 - next (or left == 1),
        # which maps onto pos directly.  Any other valid state first emits key[next:] words
        # for left - 1 draws and then regenerates from the same key; those words are tempered
        # up front and handed out before NumPy's stream.
        self._pending = None
        if left == 1:
            pos = _MT_N
        elif left - 1 == _MT_N - next_:
            pos = next_
        else:
            self._pending = _temper(key[next_:next_ + left - 1])
            self._pending_next = next_
            pos = _MT_N
        self._bitgen.state = {
            "bit_generator": "MT19937",
            "state": {"key": np.asarray(key, dtype=np.uint32), "pos": int(pos)},
        }
        self._pristine = (left, next_)

    def _engine_left_next(self):
        """Return torch's (left, next) counters for the current position in the stream."""
        if self._pristine is not None:
            return self._pristine
        if self._pending is not None:
            return len(self._pending) + 1, self._pending_next
        pos = self._bitgen.state["state"]["pos"]
        return _MT_N + 1 - pos, pos

    def get_state(self):
        """Return the state as a uint8 array laid out like ``torch.Generator.get_state()``."""
        with self._lock:
            left, next_ = self._engine_left_next()
            key = self._bitgen.state["state"]["key"]
            buf = np.zeros(_STATE_BYTES, dtype=np.uint8)
            buf[_OFF_SEED:_OFF_SEED + 8].view(np.uint64)[0] = self._seed
            buf[_OFF_LEFT:_OFF_LEFT + 4].view(np.int32)[0] = left
            buf[_OFF_SEEDED:_OFF_SEEDED + 4].view(np.int32)[0] = 1
            buf[_OFF_NEXT:_OFF_NEXT + 8].view(np.uint64)[0] = next_
            buf[_OFF_KEY:_OFF_KEY + 8 * _MT_N].view(np.uint64)[:] = key
            if self._next_double is not None:
                buf[_OFF_NORMAL_Y:_OFF_NORMAL_Y + 8].view(np.float64)[0] = self._next_double
                buf[_OFF_NORMAL_VALID:_OFF_NORMAL_VALID + 4].view(np.int32)[0] = 1
            if self._next_float is not None:
                buf[_OFF_FLOAT_SAMPLE:_OFF_FLOAT_SAMPLE + 4].view(np.float32)[0] = (
                    self._next_float)
                buf[_OFF_FLOAT_VALID] = 1
            return buf

    def set_state(self, state):
        """Restore a state produced by ``get_state`` (ours or torch's)."""
        buf = np.ascontiguousarray(np.asarray(state))
        if buf.dtype != np.uint8 or buf.ndim != 1:
            raise TypeError("RNG state must be a 1-D uint8 array")
        if buf.size != _STATE_BYTES:
            raise RuntimeError(
                f"Expected a CPUGeneratorImplState of size {_STATE_BYTES} but found the input "
                f"RNG state size to be {buf.size}")
        seed = int(buf[_OFF_SEED:_OFF_SEED + 8].view(np.uint64)[0])
        left = int(buf[_OFF_LEFT:_OFF_LEFT + 4].view(np.int32)[0])
        seeded = int(buf[_OFF_SEEDED:_OFF_SEEDED + 4].view(np.int32)[0])
        next_ = int(buf[_OFF_NEXT:_OFF_NEXT + 8].view(np.uint64)[0]) & _U32
        # Same validity test as at::mt19937::is_valid; the extra bound keeps reads in the key.
        if not (seeded and 0 < left <= _MT_N and next_ <= _MT_N and next_ + left - 1 <= _MT_N):
            raise RuntimeError("Invalid mt19937 state")
        # The legacy layout stores the 32-bit key words widened to uint64.
        key = buf[_OFF_KEY:_OFF_KEY + 8 * _MT_N].view(np.uint64).astype(np.uint32)
        with self._lock:
            self._seed = seed
            self._set_engine(key, left, next_)
            valid = buf[_OFF_NORMAL_VALID:_OFF_NORMAL_VALID + 4].view(np.int32)[0]
            self._next_double = (
                float(buf[_OFF_NORMAL_Y:_OFF_NORMAL_Y + 8].view(np.float64)[0]) if valid
                else None)
            self._next_float = (
                float(buf[_OFF_FLOAT_SAMPLE:_OFF_FLOAT_SAMPLE + 4].view(np.float32)[0])
                if buf[_OFF_FLOAT_VALID] else None)
        return self

    # ------------------------------------------------------------------ raw stream

    def _random(self, n):
        """Return the next ``n`` 32-bit words (torch's ``random()``) as uint32."""
        if VMAP.refuses or VMAP.aborts:
            _refuse_in_vmap()
        n = int(n)
        with self._lock:
            if n <= 0:
                return np.empty(0, dtype=np.uint32)
            head = self._take_pending(n)
            if head is not None and len(head) == n:
                return head
            n -= 0 if head is None else len(head)
            # Generator.integers over the whole uint32 range returns the engine's words in
            # order, as uint32: random_raw gives the same words as uint64, which need a cast.
            words = np.random.Generator(self._bitgen).integers(0, 1 << 32, n, np.uint32)
            return words if head is None else np.concatenate([head, words])

    def _take_pending(self, n):
        """Up to ``n`` words left from a restored state's buffer (None when there are none);
        the caller holds the lock and is about to draw."""
        self._pristine = None
        if self._pending is not None and len(self._pending) == 0:
            self._pending = None
        if self._pending is None:
            return None
        # An emptied buffer stays until the next draw so that get_state still reports
        # torch's counters (left = 1, next = where the buffer ended).
        take = min(n, len(self._pending))
        head = self._pending[:take].copy()
        self._pending_next += take
        self._pending = self._pending[take:]
        if take == n:
            return head
        self._pending = None
        return head

    def _random64(self, n):
        """Return the next ``n`` 64-bit values (torch's ``random64()``) as uint64."""
        if VMAP.refuses or VMAP.aborts:
            _refuse_in_vmap()
        n = int(n)
        with self._lock:
            if n > 0 and (self._pending is None or len(self._pending) == 0):
                self._pristine = None
                self._pending = None
                # Over the whole uint64 range, Generator.integers draws MT19937's 64-bit output,
                # (first word << 32) | second word, which is random64(): no word array to
                # widen and join (dropout's and the float64 samplers' hot path). A few values
                # join the raw words here instead: integers' fixed cost is several times
                # theirs (a multinomial draw on a small tensor's).
                if n <= _JOIN_RAW_MAX:
                    words = self._bitgen.random_raw(2 * n)
                    return (words[0::2] << _SHIFT32) | words[1::2]
                return np.random.Generator(self._bitgen).integers(0, 1 << 64, n, np.uint64)
            words = self._random(2 * n).astype(np.uint64)
        # random64() = (first draw << 32) | second draw.
        return (words[0::2] << np.uint64(32)) | words[1::2]

    def __getstate__(self):
        # The lock and NumPy's bit generator are rebuilt from torch's byte layout.
        return {"state": self.get_state()}

    def __setstate__(self, pickled):
        self._bitgen = np.random.MT19937(0)
        self._lock = threading.RLock()
        self.set_state(pickled["state"])

    def __repr__(self):
        return f"<ember._random.Generator initial_seed={self._seed}>"


# Like torch's default CPU generator, the process-wide one starts from a nondeterministic seed.
default_generator = Generator()
default_generator.seed()


# ---------------------------------------------------------------------- helpers

class _VmapState(threading.local):
    refuses = 0  # how many vmap(randomness="error") calls run in this thread: draws then raise
    aborts = 0  # a batched vmap runs in this thread: a draw sends it to its per-sample loop


VMAP = _VmapState()


def _refuse_in_vmap():
    if VMAP.aborts:
        from ._vmap_batched import Unbatchable
        raise Unbatchable("random draw")
    raise RuntimeError("vmap: called random operation while in randomness error mode. Please "
                       "either use the 'same' or 'different' randomness flags on vmap or perform "
                       "the randomness operation out of vmap")


def _gen(gen):
    """Return ``gen``, or the module's default generator when it is None."""
    return default_generator if gen is None else gen


def _shape_of(shape):
    """Normalise an int or a sequence of ints to a shape tuple."""
    if shape is None:
        return ()
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError(f"negative dimension in shape {shape}")
    return shape


# random64() values up to this many are joined from MT19937's raw 32-bit words (the
# generator's random_raw, as uint64) rather than drawn by Generator.integers.
_JOIN_RAW_MAX = 512
_SHIFT32 = np.uint64(32)


def _numel(shape):
    return int(math.prod(shape))


def _is_reduced_float(dt):
    """True for 16-bit float dtypes (float16, ml_dtypes.bfloat16), which compute in float32."""
    return dt.itemsize == 2 and (dt.kind == "f" or dt.name == "bfloat16")


def _is_float(dt):
    return dt.kind == "f" or dt.name == "bfloat16"


def _float_digits(dt):
    """Mantissa digits, as std::numeric_limits<T>::digits."""
    if dt.name == "bfloat16":
        return 8
    return {2: 11, 4: 24, 8: 53}[dt.itemsize]


def _cast_from_double(values, dt):
    """Narrow float64 values to ``dt`` the way static_cast<scalar_t>(double) does."""
    if _is_reduced_float(dt):
        # c10::Half / c10::BFloat16 are built from a float, so a double goes through float.
        return values.astype(np.float32).astype(dt)
    return values.astype(dt)


def _uniform_f32(words):
    """uniform_real_distribution<float>(0, 1): the low 24 bits of a word scaled by 2^-24."""
    return (words & np.uint32(0xFFFFFF)).astype(np.float32) * np.float32(2.0 ** -24)


_LOW53 = np.uint64((1 << 53) - 1)


def _uniform_f64(words64):
    """uniform_real_distribution<double>(0, 1): the low 53 bits scaled by 2^-53."""
    uniform = (words64 & _LOW53).astype(np.float64)
    uniform *= 2.0 ** -53
    return uniform


# ---- exact fused multiply-add emulation

# A float64 whose low 29 mantissa bits are 1000...0 sits exactly halfway between two float32s.
_F32_MIDPOINT_MASK = np.uint64((1 << 29) - 1)
_F32_MIDPOINT_BITS = np.uint64(1 << 28)
_F32_TINY = 2.0 ** -125


def _fma_f32(a, b, c, tiny=True):
    """Return float32 fma(a, b, c) with one rounding, for float32 arrays or scalars.

    ``tiny=False`` skips the subnormal-result guard where the caller knows results are either
    zero or far above float32's subnormal range (the log/sincos chains).
    """
    # a*b is exact in float64 (48 significant bits), so a*b + c in float64 is the exact sum
    # rounded once; rounding that to float32 is correct unless the float64 result landed
    # exactly on a float32 midpoint (double rounding) or in float32's subnormal range.  Those
    # rare elements are redone with a round-to-odd sum, which makes the second rounding exact.
    s = np.multiply(a, b, dtype=np.float64)
    s += c
    out = s.astype(np.float32)
    suspect = (s.view(np.uint64) & _F32_MIDPOINT_MASK) == _F32_MIDPOINT_BITS
    if tiny:
        suspect |= np.abs(s) < _F32_TINY
    if suspect.any():
        a_s, b_s, c_s = (np.broadcast_to(np.asarray(v, np.float32), s.shape)[suspect]
                         for v in (a, b, c))
        p = a_s.astype(np.float64) * b_s.astype(np.float64)
        out[suspect] = _round_to_odd_sum(p, c_s.astype(np.float64)).astype(np.float32)
    return out


def _round_to_odd_sum(x, y):
    """Return x + y in float64 rounded to odd (sticky last bit), via an exact TwoSum."""
    s = x + y
    bb = s - x
    err = (x - (s - bb)) + (y - bb)
    fix = (err != 0) & ((s.view(np.uint64) & np.uint64(1)) == 0) & np.isfinite(s)
    if fix.any():
        s = np.array(s, copy=True)
        s[fix] = np.nextafter(s[fix], np.where(err[fix] > 0, np.inf, -np.inf))
    return s


def _two_product(a, b):
    """Return (p, e) with p = fl(a*b) and p + e == a*b exactly (Dekker/Veltkamp)."""
    split = 134217729.0  # 2**27 + 1
    p = a * b
    ta = split * a
    ah = ta - (ta - a)
    al = a - ah
    tb = split * b
    bh = tb - (tb - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def _fma_f64(a, b, c):
    """Return float64 fma(a, b, c) with one rounding (Boldo-Melquiond round-to-odd scheme)."""
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64),
                                  np.asarray(c, np.float64))
    ph, pl = _two_product(a, b)
    th = c + ph
    bb = th - c
    tl = (c - (th - bb)) + (ph - bb)
    v = _round_to_odd_sum(tl, pl)
    out = th + v
    # Overflowing intermediates fall back to the plain expression.  (Products within ~2^-969
    # of underflow would lose the exactness of the split; no sampler here comes near that.)
    bad = ~np.isfinite(out) | ~np.isfinite(ph)
    if bad.any():
        out = np.where(bad, a * b + c, out)
    return out


def _scale_shift_f32(x, std, mean):
    """float32 fma(x, std, mean), taking exact shortcuts for the common std/mean values."""
    std = np.float32(std)
    mean = np.float32(mean)
    if std == 1:
        # fma(x, 1, m) is one rounded add.
        return x + mean
    if mean == 0:
        # fma(x, s, 0) is one rounded multiply; adding +0.0 keeps torch's sign of zero.
        return x * std + mean
    return _fma_f32(x, std, mean)


def _scale_shift_f64(x, std, mean):
    """float64 fma(x, std, mean), with the same shortcuts as the float32 version."""
    std = float(std)
    mean = float(mean)
    if std == 1.0:
        return x + mean
    if mean == 0.0:
        return x * std + mean
    return _fma_f64(x, std, mean)


# ---- glibc transcendentals

_PROBE = (np.arange(1, 1025, dtype=np.float64) * 0.618033988749895) % 1.0
_PROBE = np.concatenate([_PROBE, _PROBE * 1e-9, 1.0 - _PROBE * 1e-3])
# inputs over each function's use here: log of uniforms, log1p of their negation, sin/cos of
# angles, exp of normal draws
_PROBES = {"log": lambda: _PROBE + 1e-300, "log1p": lambda: -_PROBE * 0.999999,
           "sin": lambda: _PROBE * _TWO_PI, "cos": lambda: _PROBE * _TWO_PI,
           "exp": lambda: (_PROBE - 0.5) * 16.0}
_NUMPY_IS_LIBM = {}  # name -> whether NumPy's function gives glibc's results, asked once


def _libm_loop(name, x):
    """math.<name> (glibc) element by element: exact, and about 0.4 us an element."""
    f = getattr(math, name)
    out = np.empty(x.shape, dtype=np.float64)
    flat = out.reshape(-1)
    for i, v in enumerate(x.reshape(-1).tolist()):
        try:
            flat[i] = f(v)
        except (ValueError, OverflowError):
            flat[i] = getattr(np, name)(v)
    return out


def _numpy_is_libm(name):
    """Whether NumPy's float64 <name> gives glibc's results on the probe set. It depends on
    the CPU and the function (NumPy's SIMD log is not glibc's on AVX-512 machines, where its
    sin and cos are), so each function is asked on its own."""
    same = _NUMPY_IS_LIBM.get(name)
    if same is None:
        x = _PROBES[name]()
        same = _NUMPY_IS_LIBM[name] = bool(np.array_equal(getattr(np, name)(x),
                                                          _libm_loop(name, x)))
    return same


def _libm(name, x):
    """Evaluate math.<name> elementwise on float64 ``x`` with glibc's exact results."""
    if x.size > 64 and _numpy_is_libm(name):
        return getattr(np, name)(x)
    return _libm_loop(name, x)


# ---- avx_mathfun.h, as compiled into torch's AVX2 kernels

# Constants of log256_ps (Cephes logf).
_LOG_P = [np.float32(v) for v in (
    7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
    -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)]
_LOG_Q1 = np.float32(-2.12194440e-4)
_LOG_Q2 = np.float32(0.693359375)
_SQRTHF = np.float32(0.707106781186547524)
_MIN_NORM_POS = np.array([0x00800000], dtype=np.int32).view(np.float32)[0]
# Constants of sincos256_ps (Cephes sinf/cosf).
_FOPI = np.float32(1.27323954473516)
_DP = [np.float32(v) for v in (-0.78515625, -2.4187564849853515625e-4,
                               -3.77489497744594108e-8)]
_COSCOF = [np.float32(v) for v in (2.443315711809948e-005, -1.388731625493765e-003,
                                   4.166664568298827e-002)]
_SINCOF = [np.float32(v) for v in (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1)]
_F0 = np.float32(0.0)
_F1 = np.float32(1.0)
_FHALF = np.float32(0.5)


def _fma32n(a, b, c):
    """_fma_f32 for the log/sincos chains, whose results are never float32 subnormals."""
    return _fma_f32(a, b, c, tiny=False)


def _log256_ps(x):
    """log256_ps from avx_mathfun.h, with the FMAs GCC formed in torch's AVX2 build."""
    # The multiply-add pairs that the compiler contracted were read off the disassembly of
    # NormalFill16<float, true>::operator() in libtorch_cpu.so (torch 2.13.0, AVX2 kernel).
    invalid = x <= _F0
    x = np.maximum(x, _MIN_NORM_POS)
    bits = x.view(np.int32)
    e = ((bits >> 23) - 0x7F).astype(np.float32) + _F1
    x = ((bits & np.int32(~0x7F800000)) | _FHALF.view(np.int32)).view(np.float32)
    small = x < _SQRTHF
    tmp = np.where(small, x, _F0)
    e = e - np.where(small, _F1, _F0)
    x = (x - _F1) + tmp
    z = x * x
    y = _fma32n(_LOG_P[0], x, _LOG_P[1])           # Horner steps are all vfmadd
    for coef in _LOG_P[2:]:
        y = _fma32n(y, x, coef)
    y = y * x
    y = _fma32n(y, z, e * _LOG_Q1)                 # (y*x)*z + e*q1 fused
    y = _fma32n(-z, _FHALF, y)                     # y - z*0.5 as vfnmadd
    x = _fma32n(e, _LOG_Q2, x + y)                 # e*q2 + (x + y) fused
    return np.where(invalid, np.float32(np.nan), x)


def _sincos256_ps(x):
    """sincos256_ps from avx_mathfun.h (with torch's AVX2 FMAs); returns (sin, cos)."""
    sign_sin = np.signbit(x)
    x = np.abs(x)
    j = (x * _FOPI).astype(np.int32)                # cvttps: truncation
    j = (j + 1) & ~1
    y = j.astype(np.float32)
    swap_sin = (j & 4) != 0
    poly_mask = (j & 2) == 0
    sign_cos = (~(j - 2) & 4) != 0
    sign_sin = sign_sin ^ swap_sin
    # Extended-precision range reduction, each step a fused multiply-add.
    for dp in _DP:
        x = _fma32n(y, dp, x)
    z = x * x
    yc = _fma32n(_COSCOF[0], z, _COSCOF[1])
    yc = _fma32n(yc, z, _COSCOF[2])
    yc = yc * z
    yc = _fma32n(z, yc, -(z * _FHALF))             # y*z - z*0.5 as vfmsub
    yc = yc + _F1
    ys = _fma32n(_SINCOF[0], z, _SINCOF[1])
    ys = _fma32n(ys, z, _SINCOF[2])
    ys = _fma32n(x, ys * z, x)                     # y2*z*x + x fused
    # The and/andnot/sub/add selection in the source is an exact select.
    sin = np.where(poly_mask, ys, yc)
    cos = np.where(poly_mask, yc, ys)
    sin = np.where(sign_sin, -sin, sin)
    cos = np.where(sign_cos, -cos, cos)
    return sin, cos


# Rows of 16 handled per pass of the AVX2 emulation: small enough that the ~100 temporaries
# of the log/sincos chain stay in cache, large enough to amortise NumPy's per-call overhead.
_AVX2_CHUNK_ROWS = 2048


def _box_muller_avx2(blocks, mean, std):
    """NormalFill16<float, true>: Box-Muller on rows of 16 float32 uniforms."""
    out = np.empty_like(blocks)
    for start in range(0, blocks.shape[0], _AVX2_CHUNK_ROWS):
        rows = blocks[start:start + _AVX2_CHUNK_ROWS]
        u1 = _F1 - rows[:, :8]
        u2 = rows[:, 8:]
        radius = np.sqrt(np.float32(-2.0) * _log256_ps(u1))
        sin, cos = _sincos256_ps(_TWO_PI_F32 * u2)
        dst = out[start:start + _AVX2_CHUNK_ROWS]
        dst[:, :8] = _scale_shift_f32(radius * cos, std, mean)
        dst[:, 8:] = _scale_shift_f32(radius * sin, std, mean)
    return out


def _box_muller_f64(blocks, mean, std):
    """NormalFill16<double>: Box-Muller on rows of 16 float64 uniforms via glibc."""
    u1 = 1.0 - blocks[:, :8]
    u2 = blocks[:, 8:]
    radius = np.sqrt(-2.0 * _libm("log", u1))
    theta = _TWO_PI * u2
    out = np.empty_like(blocks)
    out[:, :8] = _scale_shift_f64(radius * _libm("cos", theta), std, mean)
    out[:, 8:] = _scale_shift_f64(radius * _libm("sin", theta), std, mean)
    return out


# ---------------------------------------------------------------------- uniform

# Numbers in these messages are printed as C++ streams print a double (6 significant digits,
# no trailing ".0"), which is Python's "g" format.
BERNOULLI_P_MESSAGE = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this "
                       "error message be improved?  If so, please report an enhancement "
                       "request to PyTorch.)")


def check_uniform_bounds(low, high, dt):
    """(low, high) as floats, or torch's error for a range uniform_ cannot draw from (every
    device checks these before drawing)."""
    low = float(low)
    high = float(high)
    if not low <= high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={low:g} > to={high:g}")
    span = high - low if dt == np.float64 else float(np.float32(high) - np.float32(low))
    if not math.isfinite(span) and low != high:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{dt}>::max(), "
                           f"but found to={high} and from={low} which result in to-from to "
                           f"exceed the limit")
    return low, high


def check_normal_std(std):
    """torch's error for a negative or NaN standard deviation."""
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")


def check_exponential_lambda(lambd):
    """torch's error for a rate that is not positive."""
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")


def check_bernoulli_p(p):
    """torch's error for a probability outside [0, 1]."""
    if not 0.0 <= p <= 1.0:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")


def check_randperm_n(n):
    """torch's error for a negative permutation length."""
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")


def uniform(gen, shape, low=0.0, high=1.0, dtype=np.float32):
    """Sample U[low, high) like ``torch.empty(shape, dtype).uniform_(low, high)``."""
    gen = _gen(gen)
    shape = _shape_of(shape)
    dt = np.dtype(dtype)
    if not _is_float(dt):
        raise TypeError(f"uniform_ expects a floating point dtype, got {dt}")
    low, high = check_uniform_bounds(low, high, dt)
    n = _numel(shape)
    with gen._lock:
        if dt == np.float64:
            x = _uniform_f64(gen._random64(n))
            # uniform_real: x * (to - from) + from, contracted to one fma by the compiler.
            value = _fma_f64(x, high - low, low) if (low != 0.0 or high != 1.0) else x + low
            to_scalar, from_scalar = high, low
        else:
            # float, and half/bfloat16 through their float opmath type: 24-bit uniforms.
            lo32 = np.float32(low)
            hi32 = np.float32(high)
            x = _uniform_f32(gen._random(n))
            value = _fma_f32(x, hi32 - lo32, lo32) if (lo32 != 0 or hi32 != 1) else x + lo32
            if _is_reduced_float(dt):
                value = value.astype(dt)
            to_scalar = _cast_from_double(np.array(high), dt)
            from_scalar = _cast_from_double(np.array(low), dt)
    value = value.astype(dt, copy=False)
    # The kernel maps a value that rounded up to ``to`` back onto ``from``.
    value = np.where(value == to_scalar, from_scalar, value).astype(dt, copy=False)
    return value.reshape(shape)


def rrelu_slopes(gen, values, lower, upper):
    """The slopes of rrelu in training as PyTorch's CPU kernel draws them: for each element
    <= 0, in C order, one uniform_real_distribution<double>(lower, upper) draw (its bounds first
    rounded to the compute type, float for float32 and below; no fused multiply-add), rounded
    to that type; 1 for every other element."""
    gen = _gen(gen)
    opmath = np.float64 if values.dtype == np.float64 else np.float32
    low, high = float(opmath(lower)), float(opmath(upper))
    draw = values <= 0
    with gen._lock:
        unit = _uniform_f64(gen._random64(int(np.count_nonzero(draw))))
    slopes = np.ones(values.shape, opmath)
    slopes[draw] = (unit * (high - low) + low).astype(opmath)
    return slopes


def rand(gen, shape, dtype=np.float32):
    """Sample U[0, 1) like ``torch.rand(shape, dtype=dtype, generator=gen)``."""
    return uniform(gen, shape, 0.0, 1.0, dtype)


# ---------------------------------------------------------------------- normal

def _normal_serial(gen, n, mean, std):
    """normal_distribution<double>: n samples in float64, using and refilling the cache."""
    out = np.empty(n, dtype=np.float64)
    if n == 0:
        return out
    start = 0
    if gen._next_double is not None:
        out[0] = gen._next_double
        gen._next_double = None
        start = 1
    m = n - start
    pairs = (m + 1) // 2
    if pairs:
        u = _uniform_f64(gen._random64(2 * pairs))
        u1 = u[0::2]
        u2 = u[1::2]
        r = np.sqrt(-2.0 * _libm("log1p", -u2))
        theta = _TWO_PI * u1
        vals = np.empty(2 * pairs, dtype=np.float64)
        vals[0::2] = r * _libm("cos", theta)
        vals[1::2] = r * _libm("sin", theta)
        out[start:] = vals[:m]
        if m % 2:
            # The sine half of the last pair stays cached in the generator.
            gen._next_double = float(vals[m])
    # transformation::normal: val * std + mean, contracted to an fma.
    return _scale_shift_f64(out, std, mean)


def _normal_fill(gen, n, mean, std, dt):
    """normal_fill: Box-Muller in blocks of 16 for contiguous tensors with numel >= 16."""
    nblocks = n // 16
    tail = n % 16 != 0
    if dt == np.float64:
        data = _uniform_f64(gen._random64(n))
        extra = _uniform_f64(gen._random64(16)) if tail else None
        fill = _box_muller_f64
        mean_c, std_c = float(mean), float(std)
    elif dt == np.float32:
        data = _uniform_f32(gen._random(n))
        extra = _uniform_f32(gen._random(16)) if tail else None
        fill = _box_muller_avx2
        mean_c, std_c = np.float32(mean), np.float32(std)
    else:
        # half/bfloat16 go through a 16-slot float buffer: only whole blocks are drawn before
        # the tail, so they consume 16 * (n // 16) words rather than n.
        data = np.empty(n, dtype=np.float32)
        data[:16 * nblocks] = _uniform_f32(gen._random(16 * nblocks))
        extra = _uniform_f32(gen._random(16)) if tail else None
        fill = _box_muller_avx2
        mean_c, std_c = np.float32(mean), np.float32(std)
    if nblocks:
        body = data[:16 * nblocks].reshape(nblocks, 16)
        data[:16 * nblocks] = fill(body, mean_c, std_c).reshape(-1)
    if tail:
        # The last 16 outputs are recomputed from 16 fresh uniforms, overwriting the overlap.
        data[n - 16:] = fill(extra.reshape(1, 16), mean_c, std_c).reshape(-1)
    return data.astype(dt, copy=False)


def normal(gen, shape, mean=0.0, std=1.0, dtype=np.float32, contiguous=True):
    """Sample N(mean, std^2) like ``Tensor.normal_(mean, std)`` / ``torch.normal``.

    Scalar ``mean``/``std`` follow ``torch.empty(shape, dtype).normal_(mean, std)``.  If either
    is an array, this follows ``torch.normal(mean, std)``: standard normals of the broadcast
    shape, then ``* std + mean`` in ``dtype``.  ``contiguous=False`` selects torch's path for
    non-contiguous outputs (element-serial Box-Muller); the values then come in the order the
    kernel visits the elements.
    """
    gen = _gen(gen)
    dt = np.dtype(dtype)
    if not _is_float(dt):
        raise TypeError(f"normal expects a floating point dtype, got {dt}")
    if isinstance(mean, np.ndarray) or isinstance(std, np.ndarray):
        mean_a = np.asarray(mean)
        std_a = np.asarray(std)
        if (std_a < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
        full = np.broadcast_shapes(mean_a.shape, std_a.shape)
        shape = full if shape is None else np.broadcast_shapes(_shape_of(shape), full)
        out = normal(gen, shape, 0.0, 1.0, dt, contiguous)
        # output.mul_(std).add_(mean): two separately rounded elementwise ops in dtype.
        out = out * std_a.astype(dt, copy=False)
        return (out + mean_a.astype(dt, copy=False)).astype(dt, copy=False)
    shape = _shape_of(shape)
    mean = float(mean)
    std = float(std)
    check_normal_std(std)
    n = _numel(shape)
    with gen._lock:
        if n >= 16 and contiguous:
            out = _normal_fill(gen, n, mean, std, dt)
        else:
            out = _cast_from_double(_normal_serial(gen, n, mean, std), dt)
    return out.reshape(shape)


def randn(gen, shape, dtype=np.float32):
    """Sample N(0, 1) like ``torch.randn(shape, dtype=dtype, generator=gen)``."""
    return normal(gen, shape, 0.0, 1.0, dtype)


# ---------------------------------------------------------------------- integers

def _int_through_dtype(value, dt):
    """static_cast<int64_t>(static_cast<scalar_t>(value)) for a float dtype ``dt``."""
    x = np.array([value], dtype=np.int64)
    f = x.astype(np.float32).astype(dt) if _is_reduced_float(dt) else x.astype(dt)
    return int(f.astype(np.float64)[0])


def _update_from(low, dt):
    """Move ``low`` up to a value the float dtype can hold (ATen's update_from)."""
    from_plus_1 = _int_through_dtype(low + 1, dt)
    if from_plus_1 < low:
        k = abs(low + 1).bit_length() - 1
        low = from_plus_1 + (1 << (k - _float_digits(dt) + 1))
    return low


def _update_to(high, dt):
    """Move ``high`` down to a value the float dtype can hold (ATen's update_to)."""
    to_minus_1 = _int_through_dtype(high - 1, dt)
    if to_minus_1 >= high:
        k = abs(high - 1).bit_length() - 1
        high = to_minus_1 - (1 << (k - _float_digits(dt) + 1))
    return high


def _int_to_dtype(values_u64, dt):
    """static_cast<scalar_t>(int64_t) for the uint64 bit patterns in ``values_u64``."""
    as_i64 = values_u64.view(np.int64)
    if dt == np.bool_:
        return as_i64 != 0
    if _is_reduced_float(dt):
        return as_i64.astype(np.float32).astype(dt)
    return as_i64.astype(dt)


def randint(gen, low, high, shape, dtype=np.int64):
    """Sample integers in [low, high) like ``torch.randint(low, high, shape, dtype=dtype)``."""
    gen = _gen(gen)
    shape = _shape_of(shape)
    dt = np.dtype(dtype)
    low = int(low)
    high = int(high)
    if not low < high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={low} >= to={high}")
    if _is_float(dt):
        low = _update_from(low, dt)
        high = _update_to(high, dt)
        if not low < high:
            raise RuntimeError("random_ expects 'from' casted to dtype to be less than 'to' "
                               "casted to dtype")
    rng = (high - low) & _U64
    n = _numel(shape)
    with gen._lock:
        # uniform_int_from_to_distribution in the public builds switches to 64-bit draws at
        # range >= 2^28, whatever the dtype (the 2^32 rule in the source is FBCODE-only).
        if rng >= _RANDINT_WIDE_RANGE:
            words = gen._random64(n)
        else:
            words = gen._random(n).astype(np.uint64)
    # (val % range) + base in uint64 arithmetic, wrapping like the C++ code.
    vals = (words % np.uint64(rng)) + np.uint64(low & _U64)
    return _int_to_dtype(vals, dt).reshape(shape)


def random_(gen, shape, dtype=np.int64):
    """Sample like ``torch.empty(shape, dtype=dtype).random_()`` (no bounds)."""
    gen = _gen(gen)
    shape = _shape_of(shape)
    dt = np.dtype(dtype)
    n = _numel(shape)
    with gen._lock:
        if dt in (np.dtype(np.int64), np.dtype(np.float64)):
            words = gen._random64(n)
        else:
            words = gen._random(n).astype(np.uint64)
    # transformation::uniform_int: modulo the number of representable non-negative values.
    if dt == np.bool_:
        return (words & np.uint64(1)).astype(np.bool_).reshape(shape)
    if _is_float(dt):
        mod = (1 << _float_digits(dt)) + 1
    elif dt.kind in "iu":
        mod = int(np.iinfo(dt).max) + 1
    else:
        raise TypeError(f"random_ does not support dtype {dt}")
    vals = words % np.uint64(mod)
    if _is_reduced_float(dt):
        return vals.astype(np.float32).astype(dt).reshape(shape)
    return vals.astype(dt).reshape(shape)


def _forward_fisher_yates(targets):
    """Permutation left by ``for i: swap(perm[i], perm[targets[i]])`` on ``perm = arange(n)``.

    ``targets[i] >= i`` and ``n = len(targets) + 1``.  The swaps are sequential, but their
    result has a closed form that NumPy can evaluate without a Python loop:

    * Let ``v[k]`` be the value sitting in slot ``k`` just before step ``k``.  Only steps
      ``m < k`` with ``targets[m] == k`` write slot ``k`` (they put ``v[m]`` there), so ``v[k]``
      is ``v`` of the latest such ``m``, or ``k`` if there is none.  That is a forest of
      back-pointers, resolved by pointer jumping.
    * Step ``k`` leaves ``perm[k]`` = what slot ``targets[k]`` held just before it: ``v[k]``
      for a self-swap, else ``v`` of the previous step with the same target, else the
      untouched initial value ``targets[k]``.
    """
    n = len(targets) + 1
    idx = np.arange(n, dtype=np.int64)
    target = np.empty(n, dtype=np.int64)
    target[:-1] = targets
    target[-1] = n - 1                      # the loop stops at n - 2; pad with a self-swap
    # Group steps by target, in step order, with one sort of packed (target, step) keys.
    bits = max(n.bit_length(), 1)
    keys = np.sort((target << bits) | idx)
    step = keys & ((1 << bits) - 1)
    tgt = keys >> bits
    same = tgt[1:] == tgt[:-1]
    prev_same_target = np.full(n, -1, dtype=np.int64)
    prev_same_target[step[1:][same]] = step[:-1][same]
    group_end = np.ones(n, dtype=bool)
    group_end[:-1] = ~same
    last_writer = np.full(n, -1, dtype=np.int64)
    last_writer[tgt[group_end]] = step[group_end]
    self_swap = target == idx
    # Latest step before k that wrote slot k (a self-swap of k itself does not count).
    writer = np.where(self_swap, prev_same_target, last_writer)
    root = np.where(writer >= 0, writer, idx)
    while True:
        jumped = root[root]
        if np.array_equal(jumped, root):
            break
        root = jumped
    # root[k] is the step whose initial slot value is v[k]; slot j starts out holding j.
    source = np.where(self_swap, idx, prev_same_target)
    return np.where(source >= 0, root[np.maximum(source, 0)], target)


def randperm(gen, n, dtype=np.int64):
    """Return a random permutation of range(n) like ``torch.randperm(n, dtype=dtype)``."""
    gen = _gen(gen)
    n = int(n)
    dt = np.dtype(dtype)
    check_randperm_n(n)
    if n < _RANDPERM_SMALL_LIMIT:
        # Forward Fisher-Yates: step i swaps slot i with slot i + random() % (n - i).
        with gen._lock:
            words = gen._random(max(n - 1, 0)).astype(np.int64)
        if n <= 1:
            return np.arange(n, dtype=np.int64).astype(dt)
        steps = np.arange(n - 1, dtype=np.int64)
        targets = words % (n - steps) + steps
        return _forward_fisher_yates(targets).astype(dt)
    # Huge n: "inside-out" Fisher-Yates with random64() % (i + 1).  Only reachable for
    # n >= 214748364, so a plain loop is acceptable here.
    with gen._lock:
        words = gen._random64(n)
    picks = (words % np.arange(1, n + 1, dtype=np.uint64)).tolist()
    perm = [0] * n
    for i, z in enumerate(picks):
        perm[i] = perm[z]
        perm[z] = i
    return np.array(perm, dtype=np.int64).astype(dt)


# ---------------------------------------------------------------------- other distributions

def bernoulli(gen, p, dtype=None, shape=None):
    """Sample 0/1 values like ``torch.bernoulli(p)`` or ``Tensor.bernoulli_(p)``.

    ``p`` a NumPy array: ``torch.bernoulli(p)`` (output shape ``p.shape``, or ``shape`` with
    ``p`` broadcast to it, as ``torch.empty(shape).bernoulli_(p)``).  A float64 ``p`` draws a
    53-bit uniform per element, any other float dtype a 24-bit one.  ``p`` a Python float:
    ``torch.empty(shape, dtype=dtype).bernoulli_(p)`` (what dropout uses), which always draws
    53-bit uniforms -- the same stream as a float64 array full of ``p``.  ``dtype`` defaults to
    ``p``'s dtype (float32 for a Python float).
    """
    gen = _gen(gen)
    if isinstance(p, np.ndarray):
        p_arr = np.asarray(p)
        if not _is_float(p_arr.dtype):
            raise TypeError(f"bernoulli expects a floating point p, got {p_arr.dtype}")
        dt = np.dtype(dtype) if dtype is not None else p_arr.dtype
        out_shape = p_arr.shape if shape is None else _shape_of(shape)
        p_full = np.broadcast_to(p_arr, out_shape)
        bad = ((p_full < 0) | (p_full > 1) | np.isnan(p_full)).reshape(-1)
        if bad.any():
            # torch's kernel draws element by element and checks each p before its draw: the
            # draws for the elements before the first bad one are spent when it raises
            spent = int(bad.argmax())
            with gen._lock:
                if p_arr.dtype == np.float64:
                    gen._random64(spent)
                else:
                    gen._random(spent)
            raise RuntimeError(BERNOULLI_P_MESSAGE)
        n = _numel(out_shape)
        with gen._lock:
            if p_arr.dtype == np.float64:
                hits = _uniform_f64(gen._random64(n)) < p_full.reshape(-1)
            else:
                p32 = p_full.reshape(-1).astype(np.float32)
                hits = _uniform_f32(gen._random(n)) < p32
        return hits.astype(dt).reshape(out_shape)
    p = float(p)
    check_bernoulli_p(p)
    dt = np.dtype(dtype) if dtype is not None else np.dtype(np.float32)
    shape = _shape_of(shape)
    # The uniform k * 2^-53 (k the draw's low 53 bits) is below p exactly when the integer k is
    # below ceil(p * 2^53), which is exact in float64: the same hits without turning each draw
    # into a float (dropout's hot path).
    bound = np.uint64(math.ceil(p * 2.0 ** 53))
    with gen._lock:
        draws = gen._random64(_numel(shape))
    draws &= _LOW53
    return np.less(draws, bound).astype(dt).reshape(shape)


def exponential(gen, shape, lambd=1.0, dtype=np.float32):
    """Sample Exp(lambd) like ``torch.empty(shape, dtype=dtype).exponential_(lambd)``."""
    gen = _gen(gen)
    shape = _shape_of(shape)
    dt = np.dtype(dtype)
    if not _is_float(dt):
        raise TypeError(f"exponential_ expects a floating point dtype, got {dt}")
    lambd = float(lambd)
    check_exponential_lambda(lambd)
    with gen._lock:
        u = _uniform_f64(gen._random64(_numel(shape)))
    # transformation::exponential on CPU: (-1 / lambda) * log1p(-u).
    vals = (-1.0 / lambd) * _libm("log1p", -u)
    return _cast_from_double(vals, dt).reshape(shape)


def _replacement_row_error(rows):
    """The error of torch's with-replacement kernel, which sums the rows in order, checking each
    entry (below 0 or NaN, then infinite) and then the row's sum."""
    for row in rows:
        for v in row:
            if not v >= 0:
                raise RuntimeError("invalid multinomial distribution (encountering probability "
                                   "entry < 0)")
            if v == math.inf:
                raise RuntimeError("invalid multinomial distribution (encountering probability "
                                   "entry = infinity or NaN)")
        if not sum(row) > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


def check_multinomial(probs, num_samples, replacement):
    """torch's errors for a multinomial draw from ``probs`` (a NumPy or device array); returns
    its rows (2-D). On a device the value checks read two flags back in one transfer (torch's
    CUDA kernel asserts on the device instead)."""
    if probs.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not _is_float(probs.dtype):
        from ._dtype import from_numpy_dtype
        from .ops._registry import type_name
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: "
                           f"{type_name(from_numpy_dtype(probs.dtype))}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    n_categories = probs.shape[-1]
    if not replacement and num_samples > n_categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if n_categories == 0:  # no category to draw (NumPy cannot make rows of none)
        if probs.ndim == 1:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    rows = probs.reshape(-1, n_categories)
    as64 = rows.astype(np.float64)
    if type(as64) is np.ndarray and as64.size <= 64:
        # A few values on the host: compared as floats, cheaper than NumPy's reductions. Once
        # all are finite and >= 0, a row sums to 0 exactly when all its entries are 0.
        values = as64.tolist()
        invalid = not all(0.0 <= v < math.inf for row in values for v in row)
        empty = not invalid and not all(any(row) for row in values)
    elif type(as64) is np.ndarray:  # on the host: no transfer to save, no flags to stack
        invalid = not (np.isfinite(as64).all() and (as64 >= 0).all())
        empty = bool((as64.sum(axis=1) == 0).any())
    else:
        from . import _backend
        invalid, empty = _backend.namespace_of(as64).stack([
            ~(np.isfinite(as64) & (as64 >= 0)).all(), (as64.sum(axis=1) == 0).any()]).tolist()
    if (invalid or empty) and replacement and num_samples > 1:
        _replacement_row_error(as64.tolist())
    if invalid:
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if empty:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    return rows


try:  # NumPy 2's error-state context variable (see ops._kernels.quietly)
    from numpy._core.umath import _extobj_contextvar, _make_extobj
    _IGNORE_ALL = _make_extobj(all="ignore")
except ImportError:  # pragma: no cover - NumPy 1.x
    _extobj_contextvar = _IGNORE_ALL = None


def _quiet_divide(a, b):
    """a / b with NumPy's warnings off (a zero key or row is expected, torch says nothing): a
    prebuilt error state set for a quarter of np.errstate's cost, where NumPy has one."""
    if _extobj_contextvar is None:
        with np.errstate(all="ignore"):
            return a / b
    token = _extobj_contextvar.set(_IGNORE_ALL)
    try:
        return a / b
    finally:
        _extobj_contextvar.reset(token)


def multinomial(gen, probs, num_samples, replacement=False):
    """Sample category indices like ``torch.multinomial(probs, num_samples, replacement)``."""
    gen = _gen(gen)
    probs = np.asarray(probs)
    num_samples = int(num_samples)
    rows = check_multinomial(probs, num_samples, replacement)
    if not replacement or num_samples == 1:
        # Exponential-race (Gumbel-max) trick: argmax / topk of p / q with q ~ Exp(1).
        q = exponential(gen, probs.shape, 1.0, probs.dtype).reshape(rows.shape)
        keys = _quiet_divide(rows, q)
        if num_samples == 1:
            idx = keys.argmax(axis=1)[:, None]
        else:
            # topk(largest, sorted): descending keys; ties keep the lower index first.
            idx = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
        return idx.astype(np.int64).reshape(probs.shape[:-1] + (num_samples,))
    # With replacement: a 53-bit uniform per sample, binary-searched in the normalised CDF,
    # which is accumulated sequentially in the input's precision (float for half/bfloat16).
    acc = np.float32 if _is_reduced_float(probs.dtype) else probs.dtype
    with gen._lock:
        u = _uniform_f64(gen._random64(rows.shape[0] * num_samples)).reshape(-1, num_samples)
    out = np.empty((rows.shape[0], num_samples), dtype=np.int64)
    for i in range(rows.shape[0]):
        cdf = np.cumsum(rows[i].astype(acc), dtype=acc)
        cdf = cdf / cdf[-1]
        cdf[-1] = 1
        # First slot whose cumulative probability is >= the uniform sample.
        out[i] = np.searchsorted(cdf.astype(np.float64), u[i], side="left")
    return out.reshape(probs.shape[:-1] + (num_samples,))


# ---------------------------------------------------------------------- CUDA generators

# A CUDA generator draws on its device: CuPy's generator (or the stand-in's, NumPy's) seeded
# from a (seed, stream) pair. Its numbers are not bit-identical to torch's CUDA generator
# (Philox with its own offsets); only the CPU generator above reproduces torch. CuPy's
# generators cannot report their state, so a state names a stream instead: reading the state
# starts a fresh stream, and restoring that state restarts the same stream from its beginning,
# which repeats every draw made after the read (what fork_rng and checkpoint need).
_STREAM_MIX = 0x9E3779B97F4A7C15


class DeviceGenerator(_Seeded):
    """The random generator of CUDA device ``index`` (``torch.Generator(device='cuda')``'s
    engine): ``manual_seed``, ``seed``, ``initial_seed``, ``get_state``/``set_state`` as the CPU
    generator has them, and the draws of CuPy's ``Generator`` (``random``,
    ``standard_normal``, ``integers``, ``standard_exponential``) made on the device."""

    def __init__(self, index, seed=None):
        self.index = index
        self._seed = secrets.randbits(64) if seed is None else _check_seed(seed)
        self._stream = 0
        self._rng = None

    def manual_seed(self, seed):
        """Start drawing afresh from ``seed`` and return the generator."""
        self._seed, self._stream, self._rng = _check_seed(seed), 0, None
        return self

    def get_state(self):
        """The state as a dict of ints (seed, stream): the generator moves to that new stream,
        so ``set_state`` of it repeats the draws made from here on."""
        self._stream += 1
        self._rng = None
        return {"seed": self._seed, "stream": self._stream}

    def set_state(self, state):
        """Go back to a state from ``get_state``: the draws after it come again."""
        self._seed, self._stream, self._rng = _check_seed(state["seed"]), int(state["stream"]), \
            None

    def __getattr__(self, name):
        # Only the draws reach here: the device's generator for the current stream.
        if name.startswith("_"):
            raise AttributeError(name)
        if VMAP.refuses or VMAP.aborts:
            _refuse_in_vmap()
        if self._rng is None:
            from . import _backend
            from ._device import device
            self._rng = _backend.default_rng(device("cuda", self.index),
                                             (self._seed ^ self._stream * _STREAM_MIX) & _U64)
        return getattr(self._rng, name)


def device_multinomial(rng, probs, num_samples, replacement=False):
    """``multinomial`` drawn on the device of ``probs`` by a device generator ``rng``: the same
    methods as the CPU's (an exponential race without replacement, the normalised cumulative
    sums searched with replacement), not torch's CUDA numbers."""
    num_samples = int(num_samples)
    rows = check_multinomial(probs, num_samples, replacement)
    from . import _backend
    xp = _backend.namespace_of(probs)
    shape = probs.shape[:-1] + (num_samples,)
    if not replacement or num_samples == 1:
        # The largest num_samples of p / q with q ~ Exp(1) are a draw without replacement.
        keys = rows.astype(np.float64) / rng.standard_exponential(rows.shape)
        if num_samples == 1:
            return keys.argmax(axis=1).astype(np.int64).reshape(shape)
        order = xp.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
        return order.astype(np.int64).reshape(shape)
    acc = np.float32 if _is_reduced_float(probs.dtype) else probs.dtype
    cdf = xp.cumsum(rows.astype(acc), axis=1, dtype=acc).astype(np.float64)
    cdf = cdf / cdf[:, -1:]
    cdf[:, -1] = 1
    uniforms = rng.random((rows.shape[0], num_samples))
    # One search per row: the first category whose cumulative probability reaches the draw.
    out = xp.stack([xp.searchsorted(cdf[i], uniforms[i], side="left")
                    for i in range(rows.shape[0])])
    return out.astype(np.int64).reshape(shape)


_CUDA_GENERATORS = {}


def cuda_manual_seed(seed, index):
    """Seed device ``index``'s default generator; the next draw starts a fresh stream."""
    cuda_generator(index).manual_seed(seed)


def cuda_generator(index):
    """The default generator of CUDA device ``index`` (seeded from the OS's entropy when it is
    first made, as torch's are until ``manual_seed``)."""
    gen = _CUDA_GENERATORS.get(index)
    if gen is None:
        gen = _CUDA_GENERATORS[index] = DeviceGenerator(index)
    return gen
