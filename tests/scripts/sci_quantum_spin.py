import torch

# A quantum physicist's complex linear algebra in complex128: the transverse-field Ising chain's
# Hamiltonian built from Pauli matrices with torch.kron, its ground state by linalg.eigh of a
# Hermitian matrix, time evolution by matrix_exp(-iHt) checked for unitarity, entanglement
# entropy from the Schmidt values (svdvals of the reshaped state), a variational ansatz whose
# complex parameters are optimised through matrix_exp, and expectation values with vdot.
torch.manual_seed(29)
I2 = torch.eye(2, dtype=torch.complex128)
X = torch.tensor([[0, 1], [1, 0]], dtype=torch.complex128)
Z = torch.tensor([[1, 0], [0, -1]], dtype=torch.complex128)
Y = torch.tensor([[0, -1j], [1j, 0]], dtype=torch.complex128)
print("pauli algebra XY = iZ:", torch.allclose(X @ Y, 1j * Z), "Y", Y)


def site_operator(op, site, n):
    out = torch.ones(1, 1, dtype=torch.complex128)
    for k in range(n):
        out = torch.kron(out, op if k == site else I2)
    return out


def ising(n, field):
    H = torch.zeros(2 ** n, 2 ** n, dtype=torch.complex128)
    for k in range(n - 1):
        H = H - site_operator(Z, k, n) @ site_operator(Z, k + 1, n)
    for k in range(n):
        H = H - field * site_operator(X, k, n)
    return H


n = 4
for field in (0.5, 1.0, 2.0):
    H = ising(n, field)
    evals, evecs = torch.linalg.eigh(H)
    ground = evecs[:, 0]
    schmidt = torch.linalg.svdvals(ground.reshape(2 ** (n // 2), -1))
    p = schmidt ** 2
    entropy = -(p * torch.log(p.clamp_min(1e-300))).sum()
    magnetisation = torch.vdot(ground, site_operator(X, 0, n) @ ground).real
    print(f"h {field}: E0 {evals[0].item():.10f} gap {(evals[1] - evals[0]).item():.8f} "
          f"S {entropy.item():.8f} <X> {magnetisation.item():.8f}")
print("hermitian:", torch.allclose(H, H.mH), "eigvalsh dtype", torch.linalg.eigvalsh(H).dtype)

# Time evolution from the all-up state.
psi0 = torch.zeros(2 ** n, dtype=torch.complex128)
psi0[0] = 1
H = ising(n, 1.0)
U = torch.linalg.matrix_exp(-1j * 0.3 * H)
print("unitary:", torch.allclose(U @ U.mH, torch.eye(2 ** n, dtype=torch.complex128)))
print("det U on the unit circle:", round(torch.linalg.det(U).abs().item(), 12))
psi = psi0
for step in range(5):
    psi = U @ psi
    mz = torch.vdot(psi, site_operator(Z, 1, n) @ psi).real
    print(f"t {0.3 * (step + 1):.1f} norm {torch.linalg.vector_norm(psi).item():.12f}",
          f"<Z1> {mz.item():.8f}")
print("evolved amplitudes", psi[:3])
print("phases", torch.angle(psi[:3]).numpy().round(8), "abs", psi.abs()[:3].numpy().round(8))
evals, evecs = torch.linalg.eigh(H)
spectral = evecs @ torch.diag(torch.exp(-1j * 1.5 * evals.to(torch.complex128))) @ evecs.mH
print("spectral propagator agrees:", torch.allclose(spectral @ psi0, psi))

# Variational ground state: |psi(theta)> = exp(-i A(theta)) |+...+>, A Hermitian from theta.
plus = torch.full((2 ** n,), 0.25, dtype=torch.complex128)
raw = (0.1 * torch.randn(2 ** n, 2 ** n, dtype=torch.complex128)).requires_grad_()
optimizer = torch.optim.Adam([raw], lr=0.05)
for step in range(40):
    optimizer.zero_grad()
    A = raw + raw.mH
    state = torch.linalg.matrix_exp(-1j * A) @ plus
    energy = torch.vdot(state, H @ state).real
    energy.backward()
    optimizer.step()
    if step % 10 == 0 or step == 39:
        print(f"vqe step {step:2d} energy {energy.item():.8f}",
              f"grad norm {raw.grad.norm().item():.6f}")
print("grad dtype", raw.grad.dtype, "exact E0", round(evals[0].item(), 8))
overlap = torch.vdot(evecs[:, 0], state.detach()).abs() ** 2
print(f"fidelity with the ground state {overlap.item():.6f}")
rho = torch.outer(state.detach(), state.detach().conj())
# z * conj(z) is real only up to rounding where the complex product is fused (NumPy's loops, some
# of torch's): print the trace's parts, not its repr.
trace = torch.trace(rho)
print("density matrix trace", round(trace.real.item(), 12), "imaginary part below 1e-15:",
      abs(trace.imag.item()) < 1e-15, "purity", round(torch.trace(rho @ rho).real.item(), 10))
