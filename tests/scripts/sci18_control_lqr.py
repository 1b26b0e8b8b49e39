import torch  # noqa: I001 (the harness requires torch first)

# Control theory as a controls engineer scripts it, in float64: a linearised cart-pole, its
# controllability matrix rank and Gramian (Lyapunov equations solved by kron + linalg.solve),
# the continuous-time LQR gain by Newton-Kleinman iteration, the discrete-time LQR by Riccati
# value iteration against matrix_power rollouts, closed-loop poles from linalg.eig / eigvals
# (complex eigenvalues, their gradients), the H2 norm, the matrix exponential discretisation
# (zero-order hold through an augmented matrix_exp), and policy-gradient descent on the gain
# with autograd through the Lyapunov solve.
torch.set_default_dtype(torch.float64)
LA = torch.linalg


def fmt(t, digits=8):
    return " ".join(f"{v:.{digits}g}" for v in torch.as_tensor(t).detach().flatten().tolist())


def cfmt(t, digits=7):
    vals = sorted(torch.as_tensor(t).detach().flatten().tolist(), key=lambda z: (z.real, z.imag))
    return " ".join(f"({z.real:.{digits}g}{abs(z.imag):+.{digits}g}j)" if z.imag >= 0 else
                    f"({z.real:.{digits}g}-{abs(z.imag):.{digits}g}j)" for z in vals)


def lyap(A, Q):
    """Solve A X + X A^T + Q = 0 by vectorisation: (I kron A + A kron I) vec(X) = -vec(Q)."""
    n = A.shape[0]
    A = A.contiguous()  # torch.kron cannot view its product of a transposed operand
    eye = torch.eye(n)
    K = torch.kron(eye, A) + torch.kron(A, eye)
    x = LA.solve(K, -Q.T.reshape(-1))
    return x.reshape(n, n).T


# cart-pole linearised about the upright position: state (x, x_dot, theta, theta_dot)
g, mc, mp, length = 9.81, 1.0, 0.1, 0.5
A = torch.tensor([[0.0, 1.0, 0.0, 0.0],
                  [0.0, 0.0, -mp * g / mc, 0.0],
                  [0.0, 0.0, 0.0, 1.0],
                  [0.0, 0.0, (mc + mp) * g / (mc * length), 0.0]])
B = torch.tensor([[0.0], [1.0 / mc], [0.0], [-1.0 / (mc * length)]])
ctrb = torch.cat([LA.matrix_power(A, k) @ B for k in range(4)], dim=1)
print("controllability rank", LA.matrix_rank(ctrb).item(), "cond", f"{LA.cond(ctrb):.6g}")
print("open-loop poles", cfmt(LA.eigvals(A)))

Q = torch.diag(torch.tensor([10.0, 1.0, 100.0, 1.0]))
R = torch.tensor([[0.1]])
# Newton-Kleinman: start from a stabilising gain (pole placement by hand)
K = torch.tensor([[-10.0, -12.0, -60.0, -10.0]])
print("initial closed-loop stable", bool((LA.eigvals(A - B @ K).real < 0).all()))
for it in range(12):
    Acl = A - B @ K
    P = lyap(Acl.T, Q + K.T @ R @ K)
    K_new = LA.solve(R, B.T @ P)
    step = (K_new - K).abs().max().item()
    K = K_new
    if it < 4 or step < 1e-12:
        print("newton", it, "gain", fmt(K, 8), "step", f"{step:.2e}" if step > 1e-9 else "tiny")
    if step < 1e-12:
        break
residual = A.T @ P + P @ A - P @ B @ LA.solve(R, B.T @ P) + Q
print("riccati residual small", residual.abs().max().item() < 1e-8)
print("P eigenvalues", fmt(LA.eigvalsh(P), 7), "symmetric", torch.allclose(P, P.T))
poles = LA.eigvals(A - B @ K)
print("closed-loop poles", cfmt(poles))
w, V = LA.eig(A - B @ K)
print("eig residual small", ((A - B @ K).to(torch.complex128) @ V - V * w).abs().max().item()
      < 1e-10, w.dtype, V.dtype)

# controllability Gramian of the stabilised system and the H2 norm from the disturbance input
Acl = A - B @ K
Wc = lyap(Acl, B @ B.T)
print("gramian eigenvalues", fmt(LA.eigvalsh(Wc), 7))
C = torch.eye(4)[[0, 2]]
h2 = torch.sqrt(torch.trace(C @ Wc @ C.T))
print("H2 norm", f"{h2.item():.10f}")

# zero-order hold discretisation via the augmented exponential
dt = 0.02
M = torch.zeros(5, 5)
M[:4, :4], M[:4, 4:] = A * dt, B * dt
E = torch.matrix_exp(M)
Ad, Bd = E[:4, :4], E[:4, 4:]
print("Ad", fmt(Ad[1:3], 8))
print("Bd", fmt(Bd, 8))
series = sum(LA.matrix_power(A * dt, k) / float(torch.arange(1, k + 1).prod()) if k else
             torch.eye(4) for k in range(12))
print("expm vs series", torch.allclose(Ad, series, atol=1e-14))

# discrete LQR by Riccati iteration
Pd = Q.clone()
for it in range(3000):
    S = R + Bd.T @ Pd @ Bd
    Kd = LA.solve(S, Bd.T @ Pd @ Ad)
    Pn = Q + Ad.T @ Pd @ (Ad - Bd @ Kd)
    if (Pn - Pd).abs().max() < 1e-10:
        break
    Pd = Pn
print("discrete riccati converged at", it, "gain", fmt(Kd, 7))
print("spectral radius", f"{LA.eigvals(Ad - Bd @ Kd).abs().max().item():.10f}")
x0 = torch.tensor([0.1, 0.0, 0.2, 0.0])
Acl_d = Ad - Bd @ Kd
traj = torch.stack([LA.matrix_power(Acl_d, k) @ x0 for k in (0, 10, 50, 100, 200)])
print("trajectory", fmt(traj[:, [0, 2]], 6))
cost = sum((x @ Q @ x + (Kd @ x) @ R @ (Kd @ x)) for x in
           [LA.matrix_power(Acl_d, k) @ x0 for k in range(400)])
print("rollout cost", f"{cost.item():.8f}", "x0' P x0", f"{(x0 @ Pd @ x0).item():.8f}")

# gradients: d(pole)/dK for a complex pole, and policy gradient through the Lyapunov solve
Kg = K.clone().requires_grad_()
vals = LA.eigvals(A - B @ Kg)
top = vals[vals.real.argmax()]
top.real.backward()
print("d Re(pole)/dK", fmt(Kg.grad, 6))


def lqr_cost(gain):
    closed = A - B @ gain
    Pk = lyap(closed.T, Q + gain.T @ R @ gain)
    return torch.trace(Pk)


print("gradcheck lqr cost", torch.autograd.gradcheck(lqr_cost, (K.clone().requires_grad_(),)))
Kp = torch.tensor([[-10.0, -12.0, -60.0, -10.0]], requires_grad=True)
opt = torch.optim.SGD([Kp], lr=2e-3)
for step in range(60):
    opt.zero_grad()
    J = lqr_cost(Kp)
    J.backward()
    opt.step()
    if step % 15 == 0:
        print("policy step", step, f"{J.item():.8f}", "grad norm", f"{Kp.grad.norm():.6f}")
print("optimal cost", f"{lqr_cost(K).item():.8f}", "gap", f"{(J - lqr_cost(K)).item():.6f}")
