import torch

# Hidden Markov models as a bioinformatician or speech scientist writes them in float64: the
# stationary distribution of a transition matrix from linalg.eig (complex eigenvectors, the
# eigenvalue 1 picked by argmin of a distance), matrix_power mixing, sequences sampled with a
# seeded Generator and torch.multinomial, the forward-backward algorithm in log space
# (logsumexp), Viterbi decoding with max/argmax and gather backtracking, Baum-Welch EM whose
# log-likelihood never decreases, the Fisher identity (the autograd gradient of the
# log-likelihood with respect to log-parameters equals the expected counts minus their
# normalisers), and a direct gradient fit of the same model with Adam on log_softmax parameters.
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
gen = torch.Generator().manual_seed(11)

A_true = torch.tensor([[0.90, 0.07, 0.03], [0.10, 0.80, 0.10], [0.05, 0.15, 0.80]], dtype=dt)
B_true = torch.tensor([[0.70, 0.20, 0.05, 0.05], [0.10, 0.60, 0.20, 0.10],
                       [0.05, 0.05, 0.30, 0.60]], dtype=dt)
pi_true = torch.tensor([0.5, 0.3, 0.2], dtype=dt)

print("== stationary distribution ==")
evals, evecs = torch.linalg.eig(A_true.T)
print(evals)
k = (evals - 1).abs().argmin()
stat = evecs[:, k].real
stat = stat / stat.sum()
print("stationary", stat, "check", torch.allclose(stat @ A_true, stat))
print("A^50 rows", torch.linalg.matrix_power(A_true, 50))
print("second eigenvalue modulus (mixing)", evals.abs().sort(descending=True).values[1])


def sample(T):
    z = torch.empty(T, dtype=torch.long)
    x = torch.empty(T, dtype=torch.long)
    z[0] = torch.multinomial(pi_true, 1, generator=gen)
    for t in range(T):
        if t > 0:
            z[t] = torch.multinomial(A_true[z[t - 1]], 1, generator=gen)
        x[t] = torch.multinomial(B_true[z[t]], 1, generator=gen)
    return z, x


z, x = sample(150)
print("== sample ==")
print("states", z[:30].tolist())
print("symbols", x[:30].tolist())
print("state counts", torch.bincount(z, minlength=3), "symbol counts", torch.bincount(x, minlength=4))


def forward_backward(log_pi, log_A, log_B, x):
    T = len(x)
    le = log_B[:, x].T  # T x S emission log-likelihoods
    alpha = [log_pi + le[0]]
    for t in range(1, T):
        alpha.append(torch.logsumexp(alpha[-1][:, None] + log_A, dim=0) + le[t])
    alpha = torch.stack(alpha)
    beta = [torch.zeros_like(log_pi)]
    for t in range(T - 1, 0, -1):
        beta.append(torch.logsumexp(log_A + (le[t] + beta[-1])[None, :], dim=1))
    beta = torch.stack(beta[::-1])
    ll = torch.logsumexp(alpha[-1], 0)
    return ll, alpha, beta, le


def viterbi(log_pi, log_A, log_B, x):
    delta = log_pi + log_B[:, x[0]]
    back = []
    for t in range(1, len(x)):
        scores = delta[:, None] + log_A
        back.append(scores.argmax(0))
        delta = scores.max(0).values + log_B[:, x[t]]
    path = [delta.argmax()]
    for ptr in reversed(back):
        path.append(ptr.gather(0, path[-1].view(1))[0])
    return torch.stack(path[::-1]), delta.max()


print("== forward-backward with the true parameters ==")
lp, lA, lB = pi_true.log(), A_true.log(), B_true.log()
ll, alpha, beta, le = forward_backward(lp, lA, lB, x)
print("log-likelihood", round(ll.item(), 8))
post = torch.softmax(alpha + beta, dim=1)
print("every time step gives the same likelihood",
      torch.allclose(torch.logsumexp(alpha + beta, 1), ll.expand(len(x))))
print("posterior decoding accuracy", (post.argmax(1) == z).double().mean().item())
path, best = viterbi(lp, lA, lB, x)
print("Viterbi accuracy", (path == z).double().mean().item(), "best path log-prob", round(best.item(), 8))
print("Viterbi path", path[:30].tolist())

print("== Fisher identity ==")
lA_g = lA.clone().requires_grad_()
lB_g = lB.clone().requires_grad_()
ll_g, alpha, beta, le = forward_backward(lp, lA_g, lB_g, x)
gA, gB = torch.autograd.grad(ll_g, (lA_g, lB_g))
alpha, beta, le = alpha.detach(), beta.detach(), le.detach()
xi = alpha[:-1, :, None] + lA[None] + (le[1:] + beta[1:])[:, None, :] - ll_g.detach()
counts_A = xi.exp().sum(0)
gamma = (alpha + beta - ll_g.detach()).exp()
counts_B = torch.zeros(3, 4, dtype=dt).index_add_(1, x, gamma.T)
print("d ll / d log A = expected transitions", torch.allclose(gA, counts_A, atol=1e-9))
print("d ll / d log B = expected emissions", torch.allclose(gB, counts_B, atol=1e-9))
print(counts_A)

print("== Baum-Welch ==")
A = 0.6 * torch.eye(3, dtype=dt) + 0.2 * torch.rand(3, 3, generator=gen, dtype=dt)
A = A / A.sum(1, keepdim=True)
B = torch.rand(3, 4, generator=gen, dtype=dt) + 0.1
B = B / B.sum(1, keepdim=True)
pi = torch.full((3,), 1 / 3, dtype=dt)
history = []
for it in range(16):
    ll, alpha, beta, le = forward_backward(pi.log(), A.log(), B.log(), x)
    history.append(ll.item())
    gamma = (alpha + beta - ll).exp()
    xi = (alpha[:-1, :, None] + A.log()[None] + (le[1:] + beta[1:])[:, None, :] - ll).exp()
    pi = gamma[0]
    A = xi.sum(0) / xi.sum((0, 2))[:, None]
    B = torch.zeros(3, 4, dtype=dt).index_add_(1, x, gamma.T) / gamma.sum(0)[:, None]
    if it % 5 == 0:
        print(f"  iter {it:2d} log-likelihood {ll.item():.6f}")
diffs = torch.tensor(history).diff()
print("monotone", bool((diffs > -1e-9).all()), "final", round(history[-1], 6))
order = B[:, 0].argsort(descending=True)
print("A (states ordered)", A[order][:, order], sep="\n")
print("B (states ordered)", B[order], sep="\n")

print("== gradient fit with Adam ==")
torch.manual_seed(0)
logits_A = torch.zeros(3, 3, dtype=dt).add_(0.1 * torch.randn(3, 3, dtype=dt)).requires_grad_()
logits_B = torch.zeros(3, 4, dtype=dt).add_(0.1 * torch.randn(3, 4, dtype=dt)).requires_grad_()
logits_pi = torch.zeros(3, dtype=dt, requires_grad=True)
opt = torch.optim.Adam([logits_A, logits_B, logits_pi], lr=0.1)
for step in range(20):
    opt.zero_grad()
    nll = -forward_backward(torch.log_softmax(logits_pi, 0), torch.log_softmax(logits_A, 1),
                            torch.log_softmax(logits_B, 1), x[:60])[0]
    nll.backward()
    opt.step()
    if step % 5 == 0 or step == 19:
        print(f"  step {step:2d} nll {nll.item():.6f}")
