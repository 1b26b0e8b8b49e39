import torch  # noqa: I001 (the harness requires torch first)

# Complex arithmetic as physicists and electrical engineers use it, in complex128: the time
# evolution of a driven two-level system and a three-site tight-binding chain by matrix_exp of
# the Hamiltonian (Rabi oscillations, unitarity, norm conservation), eig of a non-Hermitian
# (PT-symmetric) Hamiltonian with its exceptional point, AC circuit nodal analysis with
# linalg.solve over complex admittances, angle / polar / abs, and gradients of real losses of
# complex parameters (torch's convention: .grad is the conjugate Wirtinger derivative times 2).
import math

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6)

# Pauli matrices and a driven qubit in the rotating frame: H = (Delta/2) sz + (Omega/2) sx
sx = torch.tensor([[0, 1], [1, 0]], dtype=torch.complex128)
sy = torch.tensor([[0, -1j], [1j, 0]], dtype=torch.complex128)
sz = torch.tensor([[1, 0], [0, -1]], dtype=torch.complex128)
print("commutator [sx, sy] = 2i sz:", torch.allclose(sx @ sy - sy @ sx, 2j * sz))
print("sy", sy, sy.dtype)

delta, omega = 0.4, 1.0
H = 0.5 * delta * sz + 0.5 * omega * sx
psi0 = torch.tensor([1, 0], dtype=torch.complex128)
times = torch.linspace(0, 10, 6)
for t in times.tolist():
    U = torch.linalg.matrix_exp(-1j * t * H)
    psi = U @ psi0
    p_up = psi.abs().pow(2)[1].item()
    rabi_freq = math.sqrt(omega**2 + delta**2)
    rabi = omega**2 / rabi_freq**2 * math.sin(0.5 * rabi_freq * t) ** 2
    print(f"t {t:5.2f} P(excited) {p_up:.10f} rabi formula {rabi:.10f}")
U = torch.linalg.matrix_exp(-1j * 3.7 * H)
det = torch.linalg.det(U)
print("unitary", torch.allclose(U.conj().T @ U, torch.eye(2, dtype=torch.complex128)),
      "det", f"{det.real.item():.12f}", "|imag| < 1e-14", det.imag.abs().item() < 1e-14)
print("eigvalsh H", torch.linalg.eigvalsh(H), "trace", torch.trace(H))

# a three-site chain with a complex hopping phase (a flux through the ring)
phi = 0.3
hop = torch.exp(torch.tensor(1j * phi))
Hring = torch.zeros(3, 3, dtype=torch.complex128)
for i in range(3):
    Hring[i, (i + 1) % 3] = -hop
    Hring[(i + 1) % 3, i] = -hop.conj()
print("hermitian", torch.allclose(Hring, Hring.mH))
evals, evecs = torch.linalg.eigh(Hring)
exact = torch.tensor(sorted(-2 * math.cos(phi + 2 * math.pi * k / 3) for k in range(3)))
print("ring spectrum", evals, "exact", exact)
print("eigenvectors orthonormal",
      torch.allclose(evecs.mH @ evecs, torch.eye(3, dtype=torch.complex128)))
state = torch.tensor([1, 0, 0], dtype=torch.complex128)
for t in (0.5, 2.0):
    out = torch.linalg.matrix_exp(-1j * t * Hring) @ state
    print(f"ring t {t}: populations {out.abs().pow(2)}, norm {out.norm().item():.12f}")

# PT-symmetric dimer: H = [[i g, k], [k, -i g]], eigenvalues +-sqrt(k^2 - g^2), real for g < k
# (at the exceptional point g = k the matrix is defective: eig is only good to sqrt(eps))
for g in (0.5, 1.0, 1.5):
    Hpt = torch.tensor([[1j * g, 1.0], [1.0, -1j * g]], dtype=torch.complex128)
    lam = torch.linalg.eigvals(Hpt)
    re, im = lam.real.sort().values, lam.imag.sort().values
    expected = math.sqrt(abs(1 - g * g))
    digits = 4 if g == 1.0 else 9
    print(f"gain {g}: real parts {re[0].item():.{digits}f} {re[1].item():.{digits}f}",
          f"imaginary parts {im[0].item():.{digits}f} {im[1].item():.{digits}f}",
          f"expected +-{expected:.{digits}f}", "real" if g < 1 else "imaginary")
A = torch.tensor([[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.0, 1.0, 1.0]])
lam, V = torch.linalg.eig(A)
print("eig of a real non-symmetric matrix", lam.dtype, "A V = V diag(lam):",
      torch.allclose(A.to(torch.complex128) @ V, V * lam))
print("eigenvalues sorted by imaginary part", lam[torch.argsort(lam.imag)])

# AC nodal analysis: a source 10 V at 50 Hz, R-L-C ladder, node voltages by complex solve
w = 2 * math.pi * 50
R1, L1, C1, R2 = 10.0, 0.05, 100e-6, 20.0
Y = lambda z: 1 / z  # noqa: E731
zL, zC = torch.tensor(1j * w * L1), torch.tensor(1 / (1j * w * C1))
Ymat = torch.stack([
    torch.stack([Y(torch.tensor(R1 + 0j)) + Y(zL) + Y(zC), -Y(zL)]),
    torch.stack([-Y(zL), Y(zL) + Y(torch.tensor(R2 + 0j))]),
])
I_src = torch.tensor([10.0 / R1, 0.0], dtype=torch.complex128)
V = torch.linalg.solve(Ymat, I_src)
print("node voltages", V)
print("magnitudes", V.abs(), "phases (deg)", torch.rad2deg(V.angle()))
mag, ph = V.abs(), V.angle()
print("polar round trip", torch.allclose(torch.polar(mag, ph), V))
print("power into R2 (W)", f"{(V[1].abs() ** 2 / R2).item():.8f}")
print("complex ops", torch.sgn(V), V.conj().resolve_conj(), torch.view_as_real(V))

# gradients of real losses of complex parameters: torch's .grad is dL/d(conj z) * 2
z = torch.tensor([1.0 + 2.0j, -0.5 + 0.3j], requires_grad=True)
loss = (z.abs() ** 2).sum()
loss.backward()
print("|z|^2 grad", z.grad, "= 2 z:", torch.allclose(z.grad, 2 * z.detach()))
z.grad = None
z.abs().sum().backward()
print("|z| grad", z.grad, "= z/|z|:", torch.allclose(z.grad, torch.sgn(z.detach())))
z.grad = None
torch.angle(z).sum().backward()
print("angle grad", z.grad)
z.grad = None
(z * z).real.sum().backward()
print("Re(z^2) grad", z.grad, "= 2 conj(z):", torch.allclose(z.grad, 2 * z.detach().conj()))

# fit a complex transfer function H(jw) = k / (1 + jw tau) to noisy data by gradient descent
torch.manual_seed(3)
freqs = torch.logspace(0, 3, 20)
true_k, true_tau = 2.5, 0.01
data = true_k / (1 + 1j * freqs * true_tau)
data = data + 0.01 * torch.randn(20, dtype=torch.complex128)
params = torch.tensor([1.0, -3.0], requires_grad=True)  # k, log10 tau
opt = torch.optim.Adam([params], lr=0.05)
for step in range(301):
    model = params[0] / (1 + 1j * freqs * 10 ** params[1])
    loss = (model - data).abs().pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 100 == 0:
        print(f"step {step} loss {loss.item():.8f} k {params[0].item():.6f} "
              f"tau {10 ** params[1].item():.6f}")
print("gradcheck of matrix_exp on complex input", torch.autograd.gradcheck(
    lambda m: torch.linalg.matrix_exp(m).abs().sum(),
    (torch.tensor([[0.1 + 0.2j, 0.3], [-0.4j, 0.2]], requires_grad=True),)))
print("gradcheck of solve", torch.autograd.gradcheck(
    lambda a, b: torch.linalg.solve(a, b),
    (Ymat.detach().clone().requires_grad_(), I_src.clone().requires_grad_())))
