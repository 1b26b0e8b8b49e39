import torch

# The "Complex Numbers" notes page and the complex autograd section of "Autograd mechanics":
# creating complex tensors (complex(), polar, view_as_complex), the real/imag views and
# writing through them, abs/angle/conj/conj_physical and the lazy conj bit (is_conj,
# resolve_conj), complex linear algebra (matmul, inv, eigvals, svd), FFT round trips, the
# conjugate Wirtinger gradient of real losses (abs, angle, real of a product), a complex
# nn.Linear fitted by Adam on complex64, and the errors of ops complex does not support.
import math

torch.manual_seed(0)

x = torch.randn(2, 2, dtype=torch.cfloat)
print(x.dtype, x.real.dtype, x.is_complex(), torch.randn(2, dtype=torch.cdouble).dtype)
real, imag = torch.tensor([1.0, -2.0]), torch.tensor([0.5, 3.0])
z = torch.complex(real, imag)
print(z, torch.polar(torch.tensor([2.0]), torch.tensor([math.pi / 2])))
pairs = torch.tensor([[1.0, 2.0], [3.0, -4.0]])
print(torch.view_as_complex(pairs), torch.view_as_real(torch.view_as_complex(pairs)))
y = torch.zeros(3, dtype=torch.complex64)
y.real.fill_(1.0)
y.imag[1] = 2.0
print(y, y.real.stride(), y.imag.storage_offset())
print(z.abs(), z.angle(), z.conj(), z.conj().is_conj(), z.conj().resolve_conj().is_conj())
print(torch.conj_physical(z).is_conj(), z.conj().imag, (z * z.conj()).real, z.sgn())
print(torch.tensor([3 + 4j, -1 - 1j, 1e-20 + 1e-20j, 0j]).abs(),
      torch.tensor([1 + 1.1j, 2.5 + 0.3j], dtype=torch.complex64).abs())
print(torch.tensor([1 + 1j, -1 - 0j, 1j]).angle() / math.pi)

a = torch.tensor([[1 + 1j, 2], [0, 3 - 1j]], dtype=torch.cdouble)
print(a @ a.mH, torch.linalg.inv(a), torch.linalg.det(a))
print(torch.linalg.eigvals(a), torch.linalg.svdvals(a))
hermitian = a @ a.mH
print(torch.linalg.eigvalsh(hermitian), torch.allclose(hermitian, hermitian.mH))
signal = torch.arange(8, dtype=torch.float64)
spectrum = torch.fft.fft(signal)
print(torch.view_as_real(spectrum[:3]).round(decimals=6), torch.fft.ifft(spectrum).real.round(
    decimals=9), torch.fft.rfft(signal).shape)

w = torch.tensor([1 + 2j, -0.5 + 1j], dtype=torch.cdouble, requires_grad=True)
for name, loss_fn in [("abs", lambda t: t.abs().sum()), ("abs2", lambda t: (t * t.conj()).real.sum()),
                      ("angle", lambda t: t.angle().sum()), ("real", lambda t: t.real.sum()),
                      ("imag", lambda t: t.imag.sum()),
                      ("product", lambda t: (t * (2 - 1j)).real.sum()),
                      ("exp", lambda t: t.exp().real.sum())]:
    w.grad = None
    loss_fn(w).backward()
    print(name, w.grad)
print(torch.autograd.gradcheck(lambda t: (t.sin() * t.conj()).abs(), (w,)),
      torch.autograd.gradgradcheck(lambda t: (t ** 2).abs(), (w,)))
out = w * w
out.backward(torch.ones_like(out))
print(w.grad)

torch.manual_seed(0)
inputs = torch.randn(32, 3, dtype=torch.cfloat)
true_weight = torch.tensor([[1 + 1j, -2j, 0.5]], dtype=torch.cfloat)
targets = inputs @ true_weight.T
layer = torch.nn.Linear(3, 1, bias=False, dtype=torch.cfloat)
optimizer = torch.optim.Adam(layer.parameters(), lr=0.1)
for step in range(8):
    loss = (layer(inputs) - targets).abs().pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, f"{loss.item():.5f}")
print(layer.weight.dtype, layer.weight.grad.dtype)

for label, call in [("max", lambda: z.max()), ("sort", lambda: z.sort()),
                    ("lt", lambda: z < z), ("clamp", lambda: z.clamp(0, 1)),
                    ("relu", lambda: torch.relu(z)), ("floor", lambda: z.floor()),
                    ("complex of ints", lambda: torch.complex(torch.ones(1, dtype=torch.int64),
                                                              torch.ones(1, dtype=torch.int64))),
                    ("complex mixed", lambda: torch.complex(torch.ones(1),
                                                            torch.ones(1, dtype=torch.float64))),
                    ("view_as_complex shape", lambda: torch.view_as_complex(torch.ones(3))),
                    ("backward complex", lambda: (w * 2).sum().backward())]:
    try:
        print(label, call())
    except (RuntimeError, TypeError) as error:
        print(label, "->", type(error).__name__, error)
