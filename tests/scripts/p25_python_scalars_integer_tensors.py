import torch

# Python numbers meeting integer (and bool, and half) tensors, the way the "Tensor Attributes"
# page's type-promotion rules and each op's docs describe them: which ops promote the result
# (add, where, clamp), which read the scalar in the tensor's own dtype (masked_fill, fill_,
# index_fill, __setitem__, the value of addcmul, the beta and alpha of addmm), which refuse it
# (add's alpha, addr's alpha and beta), and how factories read float bounds into an integer
# dtype (arange, linspace, the deprecated range). A user porting NumPy code prints these to see
# where a 2.7 silently became 2.
import warnings

i = torch.tensor([1, 2, 3])
u8 = torch.tensor([1, 2, 250], dtype=torch.uint8)
flags = torch.tensor([True, False, True])
half = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float16)


def show(label, fn):
    try:
        out = fn()
        print(f"{label:<34}", out)
    except (RuntimeError, ValueError, OverflowError, NotImplementedError) as err:
        print(f"{label:<34}", type(err).__name__ + ":", str(err).splitlines()[0])


print("== promotion: the result takes the float")
show("i + 2.5", lambda: i + 2.5)
show("i * True", lambda: i * True)
show("u8 - 2 (wraps)", lambda: u8 - 2)
show("u8 + 10 (wraps)", lambda: u8 + 10)
show("flags + flags", lambda: flags + flags)
show("where(i > 1, i, 2.5)", lambda: torch.where(i > 1, i, 2.5))
show("where(u8 > 1, u8, -1)", lambda: torch.where(u8 > 1, u8, -1))
show("clamp(i, 1.5, 2.5)", lambda: torch.clamp(i, 1.5, 2.5))
show("clamp_(1.5, 2.5) in place", lambda: i.clone().clamp_(1.5, 2.5))
show("i ** -1.0", lambda: i ** -1.0)
show("2.5 ** i", lambda: 2.5 ** i)
show("i ** -1", lambda: i ** -1)
show("i += 2.5", lambda: i.clone().__iadd__(2.5))
show("fmod(i, 2.5)", lambda: torch.fmod(i, 2.5))
show("div(-7, 2) floor / trunc", lambda: (torch.div(torch.tensor([-7, 7]), 2, rounding_mode="floor"),
                                          torch.div(torch.tensor([-7, 7]), 2, rounding_mode="trunc")))
show("remainder(-7, -3)", lambda: torch.remainder(torch.tensor([-7, 7]), -3))
show("int8 100 + 100", lambda: torch.tensor([100], dtype=torch.int8) + 100)
show("sqrt(i)", lambda: torch.sqrt(i))
show("mean(flags)", lambda: flags.float().mean())

print("== read in the tensor's dtype: truncated, wrapped or refused")
show("masked_fill(i, 2.7)", lambda: i.masked_fill(i > 1, 2.7))
show("masked_fill(i, -2.7)", lambda: i.masked_fill(i > 1, -2.7))
show("masked_fill(u8, -1)", lambda: u8.masked_fill(u8 > 1, -1))
show("masked_fill(u8, 300)", lambda: u8.masked_fill(u8 > 1, 300))
show("masked_fill(flags, 0.5)", lambda: flags.masked_fill(~flags, 0.5))
show("masked_fill(half, 1e6)", lambda: half.masked_fill(half > 1, 1e6))
show("fill_(2.7)", lambda: i.clone().fill_(2.7))
show("fill_(u8, -3)", lambda: u8.clone().fill_(-3))
show("index_fill(2.5)", lambda: i.index_fill(0, torch.tensor([0]), 2.5))
show("scatter(value=9.9)", lambda: i.scatter(0, torch.tensor([1]), 9.9))


def setitem(t, index, value):
    t[index] = value
    return t


show("i[0] = 7.9", lambda: setitem(i.clone(), 0, 7.9))
show("i[:] = -7.9", lambda: setitem(i.clone(), slice(None), -7.9))
show("u8[0] = -1", lambda: setitem(u8.clone(), 0, -1))
show("full((2,), 2.7, int64)", lambda: torch.full((2,), 2.7, dtype=torch.int64))
show("full((2,), -1, uint8)", lambda: torch.full((2,), -1, dtype=torch.uint8))
show("float -> int32", lambda: torch.tensor([2.7, -2.7, 0.5]).to(torch.int32))
show("float -> bool", lambda: torch.tensor([0.0, -0.0, 0.1]).bool())
show("70000 -> half", lambda: torch.tensor([70000.0]).half())

print("== addcmul's value and addmm's beta/alpha")
show("addcmul(i, i, i, value=2.5)", lambda: torch.addcmul(i, i, i, value=2.5))
show("addcmul(i, i, i, value=-2.5)", lambda: torch.addcmul(i, i, i, value=-2.5))
show("addcmul_(value=0.5)", lambda: i.clone().addcmul_(i, i, value=0.5))
show("addcmul(u8, value=-1)", lambda: torch.addcmul(u8, u8, u8, value=-1))
show("addcmul(float, int, int, 2.5)", lambda: torch.addcmul(i.float(), i, i, value=2.5))
show("addcmul(half, value=1e40)", lambda: torch.addcmul(half, half, half, value=1e40))
show("addcmul(float, value=1j)", lambda: torch.addcmul(i.float(), i.float(), i.float(), value=1j))
show("addcmul(flags)", lambda: torch.addcmul(flags, flags, flags))
show("addcmul(int8, value=300)", lambda: torch.addcmul(i.char(), i.char(), i.char(), value=300))
show("addcdiv(i, float, float, 2.5)", lambda: torch.addcdiv(i, i.float(), i.float() + 1, value=2.5))
show("addcdiv(i, i, i)", lambda: torch.addcdiv(i, i, i))
m = torch.ones(2, 2, dtype=torch.int64)
show("addmm(alpha=2.7, beta=1.9)", lambda: torch.addmm(m, m, m, alpha=2.7, beta=1.9))
show("addmm(alpha=-1.5)", lambda: torch.addmm(m, m, m, alpha=-1.5))
show("addmv(beta=0.5)", lambda: torch.addmv(i[:2], m, i[:2], beta=0.5))
show("baddbmm(alpha=2.5)", lambda: torch.baddbmm(m[None], m[None], m[None], alpha=2.5))
show("addmm(float, alpha=1j)", lambda: torch.addmm(m.float(), m.float(), m.float(), alpha=1j))
show("addmm(int8, alpha=300)", lambda: torch.addmm(m.char(), m.char(), m.char(), alpha=300))
show("addmm(bool)", lambda: torch.addmm(m.bool(), m.bool(), m.bool()))
show("add(i, i, alpha=0.5)", lambda: torch.add(i, i, alpha=0.5))
show("add(flags, flags, alpha=2)", lambda: torch.add(flags, flags, alpha=2))
show("add(~flags, flags, alpha=-1)", lambda: torch.add(~flags, flags, alpha=-1))
show("add(int8, int8, alpha=300)", lambda: torch.add(i.char(), i.char(), alpha=300))
show("sub(u8, u8, alpha=-1)", lambda: torch.sub(u8, u8, alpha=-1))
show("add(half, half, alpha=1e6)", lambda: torch.add(half, half, alpha=1e6))
show("addr(alpha=0.5)", lambda: torch.addr(m, i[:2], i[:2], alpha=0.5))
show("addr(beta=0.0)", lambda: torch.addr(m, i[:2], i[:2], beta=0.0))
show("addr(alpha=3)", lambda: torch.addr(m, i[:2], i[:2], alpha=3))
show("addr(float, alpha=True)", lambda: torch.addr(m.float(), i[:2].float(), i[:2].float(),
                                                  alpha=True))
show("addr(flags, alpha=2)", lambda: torch.addr(m.bool(), flags[:2], flags[:2], alpha=2))

print("== factories with float bounds and an integer dtype")
show("arange(0, 5, 1.5, int32)", lambda: torch.arange(0, 5, 1.5, dtype=torch.int32))
show("arange(0, 5, 1.5, int64)", lambda: torch.arange(0, 5, 1.5, dtype=torch.int64))
show("arange(-1.5, 3, 1, int64)", lambda: torch.arange(-1.5, 3, 1, dtype=torch.int64))
show("arange(0, 3.5, int64)", lambda: torch.arange(0, 3.5, dtype=torch.int64))
show("arange(0, 2, 0.5, int64)", lambda: torch.arange(0, 2, 0.5, dtype=torch.int64))
show("arange(0, 2, 0.3, int32)", lambda: torch.arange(0, 2, 0.3, dtype=torch.int32))
show("arange(-3.5, 0, 1, uint8)", lambda: torch.arange(-3.5, 0, 1, dtype=torch.uint8))
show("arange(0, 1, 0.1, half)", lambda: torch.arange(0, 1, 0.1, dtype=torch.float16))
show("arange(0, 5, 2.0, bool)", lambda: torch.arange(0, 5, 2.0, dtype=torch.bool))
show("linspace(0.6, 1.4, 3, int64)", lambda: torch.linspace(0.6, 1.4, 3, dtype=torch.int64))
show("linspace(-2, 5, 4, uint8)", lambda: torch.linspace(-2, 5, 4, dtype=torch.uint8))
show("linspace(300, 0, 4, uint8)", lambda: torch.linspace(300, 0, 4, dtype=torch.uint8))
show("linspace(10, 0, 4, int8)", lambda: torch.linspace(10, 0, 4, dtype=torch.int8))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    show("range(0, 5, 2)", lambda: torch.range(0, 5, 2))
    show("range(0, 2.6, 1)", lambda: torch.range(0, 2.6, 1))
    show("range(5, 0, -2, int64)", lambda: torch.range(5, 0, -2, dtype=torch.int64))
    show("range(0, 5, 1.5, int64)", lambda: torch.range(0, 5, 1.5, dtype=torch.int64))
    show("range(0, 1, 0.25)", lambda: torch.range(0, 1, 0.25))
print("range warned", len(caught), str(caught[0].message)[:40])
