import torch

# The "Pointwise Ops" and "Comparison Ops" sections of the torch docs page applied to the narrow
# dtypes a quantisation or image-processing user holds (int8, uint8, bool, float16) with Python
# numbers on the other side: arithmetic that wraps in the tensor's dtype, comparisons with a
# number outside the dtype's range, shifts, activation thresholds, nan_to_num limits,
# fill_diagonal_ and pow, each printed as the user inspects it, errors included.

i8 = torch.tensor([1, 2, 100, -100], dtype=torch.int8)
u8 = torch.tensor([1, 2, 200, 0], dtype=torch.uint8)
h = torch.tensor([1.0, 2.0, 100.0, -100.0], dtype=torch.float16)
i = torch.tensor([-2, -1, 0, 1, 2])
flags = torch.tensor([True, False, True, False])


def show(label, fn):
    try:
        out = fn()
        print(f"{label:<26}", out)
    except (RuntimeError, ValueError, OverflowError, NotImplementedError) as err:
        print(f"{label:<26}", type(err).__name__ + ":", str(err).splitlines()[0])


print("== arithmetic stays in the tensor's dtype (and wraps)")
for label, fn in [("i8 * 300", lambda: i8 * 300), ("i8 + 300", lambda: i8 + 300),
                  ("i8 // 300", lambda: i8 // 300), ("i8 % 300", lambda: i8 % 300),
                  ("300 - i8", lambda: 300 - i8), ("300 // i8", lambda: 300 // i8),
                  ("i8 ** 2", lambda: i8 ** 2), ("2 ** i8", lambda: 2 ** i8),
                  ("i8 / 300", lambda: i8 / 300), ("u8 * -1", lambda: u8 * -1),
                  ("u8 + -1", lambda: u8 + -1), ("-1 - u8", lambda: -1 - u8),
                  ("u8.add_(-1)", lambda: u8.clone().add_(-1)),
                  ("i8.mul_(300)", lambda: i8.clone().mul_(300)),
                  ("flags * 2", lambda: flags * 2), ("flags * 2.5", lambda: flags * 2.5),
                  ("flags + True", lambda: flags + True), ("h * 1e5", lambda: h * 1e5),
                  ("h + 70000", lambda: h + 70000),
                  ("div(i8, 300, floor)", lambda: torch.div(i8, 300, rounding_mode="floor")),
                  ("div(i8, 2.5, trunc)", lambda: torch.div(i8, 2.5, rounding_mode="trunc")),
                  ("fmod(i8, 300)", lambda: torch.fmod(i8, 300)),
                  ("remainder(u8, -1)", lambda: torch.remainder(u8, -1))]:
    show(label, fn)

print("== bitwise and shifts")
for label, fn in [("i8 & 300", lambda: i8 & 300), ("i8 | 256", lambda: i8 | 256),
                  ("i8 ^ -1", lambda: i8 ^ -1), ("i8 << 9", lambda: i8 << 9),
                  ("u8 << -1", lambda: u8 << -1), ("u8 << 1", lambda: u8 << 1),
                  ("bitwise_and(flags, 2)", lambda: torch.bitwise_and(flags, 2)),
                  ("bitwise_and(flags, True)", lambda: torch.bitwise_and(flags, True)),
                  ("bitwise_and(h, 1)", lambda: torch.bitwise_and(h, 1))]:
    show(label, fn)

print("== comparisons with numbers the dtype cannot hold")
for label, fn in [("i8 == 300", lambda: i8 == 300), ("i8 < 300", lambda: i8 < 300),
                  ("i8 > -200", lambda: i8 > -200), ("u8 == -56", lambda: u8 == -56),
                  ("u8 > -1", lambda: u8 > -1), ("i < 0.5", lambda: i < 0.5),
                  ("flags == 2", lambda: flags == 2), ("flags < 0.5", lambda: flags < 0.5),
                  ("h == 70000", lambda: h == 70000), ("h < 1e10", lambda: h < 1e10),
                  ("ge(i8, 127.5)", lambda: torch.ge(i8, 127.5)),
                  ("ne(u8, 256)", lambda: torch.ne(u8, 256)),
                  ("isclose(atol=1.5)", lambda: torch.isclose(i, i + 1, rtol=0, atol=1.5))]:
    show(label, fn)

print("== clamps, thresholds and limits")
for label, fn in [("clamp(i8, max=300)", lambda: torch.clamp(i8, max=300)),
                  ("clamp(i8, -300, 300)", lambda: torch.clamp(i8, -300, 300)),
                  ("clamp_min(u8, -5)", lambda: torch.clamp_min(u8, -5)),
                  ("threshold(i, -1.5, 5)", lambda: torch.threshold(i, -1.5, 5)),
                  ("threshold(i, 0, 9.7)", lambda: torch.threshold(i, 0, 9.7)),
                  ("threshold(i, 0, -9.7)", lambda: torch.threshold(i, 0, -9.7)),
                  ("threshold(i8, 0, 300)", lambda: torch.threshold(i8, 0, 300)),
                  ("threshold(h, 1e5, 1)", lambda: torch.threshold(h, 1e5, 1)),
                  ("threshold(h, 0, 1e5)", lambda: torch.threshold(h, 0, 1e5)),
                  ("threshold(flags)", lambda: torch.threshold(flags, 0, 1)),
                  ("nn.Threshold(0.5, 7.9)", lambda: torch.nn.Threshold(0.5, 7.9)(i)),
                  ("hardtanh(i, -1.5, 1.5)",
                   lambda: torch.nn.functional.hardtanh(i, -1.5, 1.5)),
                  ("nan_to_num(h, posinf=1e10)", lambda: torch.nan_to_num(
                      torch.tensor([float("nan"), float("inf")], dtype=torch.float16),
                      posinf=1e10)),
                  ("nan_to_num(i, nan=2.5)", lambda: torch.nan_to_num(i, nan=2.5))]:
    show(label, fn)

print("== fills and powers")
for label, fn in [("fill_diagonal_(2.9) int", lambda: torch.zeros(2, 2, dtype=torch.int64)
                   .fill_diagonal_(2.9)),
                  ("fill_diagonal_(-1) uint8", lambda: torch.zeros(2, 2, dtype=torch.uint8)
                   .fill_diagonal_(-1)),
                  ("fill_diagonal_(300) int8", lambda: torch.zeros(2, 2, dtype=torch.int8)
                   .fill_diagonal_(300)),
                  ("fill_diagonal_(0.5) bool", lambda: torch.zeros(2, 2, dtype=torch.bool)
                   .fill_diagonal_(0.5)),
                  ("fill_diagonal_(1j) float", lambda: torch.zeros(2, 2).fill_diagonal_(1j)),
                  ("full_like(u8, -1)", lambda: torch.full_like(u8, -1)),
                  ("full_like(i8, 300)", lambda: torch.full_like(i8, 300)),
                  ("i8 ** 300", lambda: i8 ** 300), ("i8 ** -1", lambda: i8 ** -1),
                  ("i8 ** 2.5", lambda: i8 ** 2.5), ("h ** 1e5", lambda: h ** 1e5),
                  ("h ** 0.5", lambda: h ** 0.5), ("flags ** 2", lambda: flags ** 2),
                  ("float_power(i, 2)", lambda: torch.float_power(i, 2)),
                  ("xlogy(i, 2)", lambda: torch.xlogy(i, 2)),
                  ("copysign(i, -1)", lambda: torch.copysign(i, -1)),
                  ("where(flags, 300, -1)", lambda: torch.where(flags, 300, -1)),
                  ("where(flags, 2.5, 1)", lambda: torch.where(flags, 2.5, 1))]:
    show(label, fn)

# what a quantiser does with these rules: scale to int8 by hand, saturating with clamp first
x = torch.linspace(-3, 3, 7)
scale = 3 / 127
q = torch.clamp(torch.round(x / scale), -128, 127).to(torch.int8)
print("quantised", q, "dequantised", q.float() * scale)
wrapped = (torch.round(x / (1 / 127))).to(torch.int16).to(torch.int8)
print("wrapped without clamp", wrapped)
