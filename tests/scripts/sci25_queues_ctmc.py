import torch

# Continuous-time Markov chains as an operations researcher models queues, in float64: the
# M/M/1/K generator matrix, transient state probabilities by linalg.matrix_exp against
# uniformisation (Poisson weights from lgamma, a truncated series of powers of the uniformised
# chain), the stationary distribution three ways (the null space from the last right singular
# vector of linalg.svd, a bordered linalg.solve, and linalg.lstsq with the normalisation row)
# against the truncated geometric closed form, Little's law, mean first-passage times by a linear
# solve, the sensitivity of the mean queue length at a finite horizon to the arrival rate by
# autograd through matrix_exp (checked with gradcheck and a central difference), the Erlang B
# and C formulas from special.gammaincc with their derivative in the offered load, and a
# Gillespie simulation of an M/M/c queue driven by a seeded Generator (exponential_ holding
# times, rand for the event choice) whose time-averaged occupancy approaches the exact value.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64


def generator(lam, mu, K):
    """Birth-death generator of an M/M/1/K queue; lam may carry a gradient."""
    up = torch.diag(torch.ones(K, dtype=dt), 1) * lam
    down = torch.diag(torch.ones(K, dtype=dt), -1) * mu
    off = up + down
    return off - torch.diag(off.sum(1))


K, mu = 6, 1.0
lam = torch.tensor(0.8, dtype=dt)
Q = generator(lam, mu, K)
print("== generator ==")
print(Q)
print("rows sum to zero:", torch.allclose(Q.sum(1), torch.zeros(K + 1, dtype=dt)))

print("\n== transient probabilities ==")
p0 = torch.zeros(K + 1, dtype=dt)
p0[0] = 1.0
for t in (0.5, 2.0, 10.0):
    pt = p0 @ torch.linalg.matrix_exp(Q * t)
    print(f"t={t:4}: {[f'{v:.6f}' for v in pt.tolist()]}  sum {pt.sum().item():.12f}")

rate = (-Q.diagonal()).max()
P_unif = torch.eye(K + 1, dtype=dt) + Q / rate
t = 2.0
terms = torch.arange(60, dtype=dt)
weights = torch.exp(terms * torch.log(rate * t) - rate * t - torch.lgamma(terms + 1))
acc = torch.zeros(K + 1, dtype=dt)
v = p0.clone()
for w in weights:
    acc = acc + w * v
    v = v @ P_unif
exact = p0 @ torch.linalg.matrix_exp(Q * t)
print(f"uniformisation (rate {rate.item():.2f}, 60 terms) vs matrix_exp at t=2: max diff < 1e-12 "
      f"{(acc - exact).abs().max().item() < 1e-12}; Poisson tail mass < 1e-14 "
      f"{1 - weights.sum().item() < 1e-14}")

print("\n== stationary distribution ==")
rho = (lam / mu).item()
closed = torch.tensor([rho**k for k in range(K + 1)], dtype=dt)
closed = closed / closed.sum()
U, S, Vh = torch.linalg.svd(Q.T)
null = Vh[-1]
pi_svd = null / null.sum()
print("smallest singular value < 1e-14:", S[-1].item() < 1e-14, " rank:",
      torch.linalg.matrix_rank(Q).item())
A = torch.cat([Q.T[:-1], torch.ones(1, K + 1, dtype=dt)])
b = torch.zeros(K + 1, dtype=dt)
b[-1] = 1
pi_solve = torch.linalg.solve(A, b)
A_ls = torch.cat([Q.T, torch.ones(1, K + 1, dtype=dt)])
b_ls = torch.cat([torch.zeros(K + 1, dtype=dt), torch.ones(1, dtype=dt)])
pi_ls = torch.linalg.lstsq(A_ls, b_ls[:, None]).solution[:, 0]
print("closed form:", closed)
for name, pi in (("svd", pi_svd), ("solve", pi_solve), ("lstsq", pi_ls)):
    print(f"{name:6s} max diff < 1e-13: {(pi - closed).abs().max().item() < 1e-13}")
states = torch.arange(K + 1, dtype=dt)
L = (states * closed).sum()
lam_eff = lam * (1 - closed[-1])
W = L / lam_eff
print(f"L = {L.item():.6f}, blocking {closed[-1].item():.6f}, effective arrival "
      f"{lam_eff.item():.6f}, W = L / lambda_eff = {W.item():.6f}")
Lq = ((states - 1).clamp(min=0) * closed).sum()
print(f"Little's law for the queue: Lq = {Lq.item():.6f}, Wq = W - 1/mu = "
      f"{(W - 1 / mu).item():.6f}, lambda_eff Wq = {(lam_eff * (W - 1 / mu)).item():.6f}")

print("\n== mean first-passage time from empty to full ==")
Qt = Q[:-1, :-1]
m = torch.linalg.solve(-Qt, torch.ones(K, dtype=dt))
print("expected hitting times of state K from each state:", m)

print("\n== sensitivity of E[N(t=3)] to the arrival rate ==")


def mean_at(lam_, t=3.0):
    pt = p0 @ torch.linalg.matrix_exp(generator(lam_, mu, K) * t)
    return (states * pt).sum()


lam_g = lam.clone().requires_grad_(True)
EN = mean_at(lam_g)
(dEN,) = torch.autograd.grad(EN, lam_g)
h = 1e-6
fd = (mean_at(lam + h) - mean_at(lam - h)) / (2 * h)
print(f"E[N(3)] = {EN.item():.6f}  d/dlambda autograd {dEN.item():.6f}  central difference "
      f"{fd.item():.6f}")
print("grad_fn:", type(EN.grad_fn).__name__)
print("gradcheck through matrix_exp:",
      torch.autograd.gradcheck(lambda A: torch.linalg.matrix_exp(A),
                               (0.3 * Q.detach().clone().requires_grad_(True),)))

print("\n== Erlang B and C ==")


def erlang_b(c, a):
    log_term = c * torch.log(a) - a - torch.lgamma(torch.tensor(c + 1.0, dtype=dt))
    return torch.exp(log_term) / torch.special.gammaincc(torch.tensor(c + 1.0, dtype=dt), a)


def erlang_b_recursive(c, a):
    b = torch.ones((), dtype=dt)
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


for c, load in ((2, 1.5), (5, 3.0), (10, 7.0)):
    a = torch.tensor(load, dtype=dt, requires_grad=True)
    B = erlang_b(c, a)
    (dB,) = torch.autograd.grad(B, a)
    Br = erlang_b_recursive(c, torch.tensor(load, dtype=dt))
    C = c * B / (c - a * (1 - B))
    print(f"c={c:2d} a={load}: B={B.item():.6f} (recursion {Br.item():.6f})  dB/da={dB.item():.6f}  "
          f"C={C.item():.6f}")

print("\n== Gillespie simulation of M/M/3 (lambda 2.4, mu 1) ==")
g = torch.Generator().manual_seed(11)
servers, lam_s, mu_s = 3, 2.4, 1.0
n_state, clock, area = 0, 0.0, 0.0
visits = torch.zeros(12, dtype=dt)
for step in range(1500):
    birth = lam_s
    death = mu_s * min(n_state, servers)
    total = birth + death
    hold = torch.empty((), dtype=dt).exponential_(total, generator=g).item()
    area += n_state * hold
    visits[min(n_state, 11)] += hold
    clock += hold
    u = torch.rand((), dtype=dt, generator=g).item()
    n_state = n_state + 1 if u * total < birth else n_state - 1
a_s = lam_s / mu_s
Pwait = erlang_b(servers, torch.tensor(a_s, dtype=dt))
Pwait = servers * Pwait / (servers - a_s * (1 - Pwait))
L_exact = a_s + Pwait * (a_s / servers) / (1 - a_s / servers)
print(f"simulated time {clock:.4f}, time-average N {area / clock:.4f}, exact L {L_exact.item():.4f}")
print("occupancy fractions:", visits[:6] / clock)
