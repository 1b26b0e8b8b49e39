import torch

# A Kalman filter and Rauch-Tung-Striebel smoother in float64 for a constant-velocity tracker
# in 2-D, the way a state-space modeller writes them: predict/update with linalg.solve instead
# of an explicit inverse, Joseph-form covariance updates, the innovation log-likelihood from
# MultivariateNormal(scale_tril=) checked against slogdet, cholesky_ex / inv_ex info codes, and
# the process-noise scale fitted by gradient ascent on the likelihood through the whole filter.
from torch.distributions import MultivariateNormal

torch.manual_seed(21)
torch.set_default_dtype(torch.float64)
T, dt = 30, 0.5
F = torch.eye(4)
F[0, 2] = F[1, 3] = dt
H = torch.zeros(2, 4)
H[0, 0] = H[1, 1] = 1.0
G = torch.tensor([[dt ** 2 / 2, 0.0], [0.0, dt ** 2 / 2], [dt, 0.0], [0.0, dt]])
R = 0.25 * torch.eye(2)

x = torch.tensor([0.0, 0.0, 1.0, 0.5])
states, observations = [], []
for _ in range(T):
    x = F @ x + G @ (0.3 * torch.randn(2))
    states.append(x)
    observations.append(H @ x + 0.5 * torch.randn(2))
states, observations = torch.stack(states), torch.stack(observations)
print("simulated", tuple(states.shape), "last state", states[-1].numpy().round(5))


def kalman(obs, q):
    Q = q * G @ G.T
    m, P = torch.zeros(4), 10.0 * torch.eye(4)
    means, covs, preds, loglik = [], [], [], 0.0
    for z in obs:
        m_pred, P_pred = F @ m, F @ P @ F.T + Q
        preds.append((m_pred, P_pred))
        S = H @ P_pred @ H.T + R
        innovation = z - H @ m_pred
        L = torch.linalg.cholesky(S)
        loglik = loglik + MultivariateNormal(torch.zeros(2), scale_tril=L).log_prob(innovation)
        K = torch.linalg.solve(S, H @ P_pred).T
        m = m_pred + K @ innovation
        A = torch.eye(4) - K @ H
        P = A @ P_pred @ A.T + K @ R @ K.T
        means.append(m)
        covs.append(P)
    return torch.stack(means), torch.stack(covs), preds, loglik


means, covs, preds, loglik = kalman(observations, torch.tensor(0.09))
print(f"log-likelihood {loglik.item():.8f}")
print("filtered last", means[-1].numpy().round(5))
print("filtered RMSE", ((means[:, :2] - states[:, :2]) ** 2).mean().sqrt().item().__round__(6))

# The same log-likelihood from slogdet and a batched solve over all innovations at once.
S_all = torch.stack([H @ P @ H.T + R for _, P in preds])
v_all = observations - torch.stack([H @ m for m, _ in preds])
sign, logdet = torch.linalg.slogdet(S_all)
quad = (v_all.unsqueeze(-2) @ torch.linalg.solve(S_all, v_all.unsqueeze(-1))).squeeze()
by_hand = -0.5 * (quad + logdet + 2 * torch.log(torch.tensor(2 * torch.pi))).sum()
print("signs", sign.unique().tolist(), f"slogdet log-likelihood {by_hand.item():.8f}")
L_all, info = torch.linalg.cholesky_ex(S_all)
print("cholesky_ex info", info.unique().tolist(), "L[0]", L_all[0].numpy().round(6))
S_inv, info_inv = torch.linalg.inv_ex(S_all)
print("inv_ex info", info_inv.sum().item(),
      "S S^-1 = I:", torch.allclose(S_all @ S_inv, torch.eye(2).expand(T, 2, 2)))
bad = torch.tensor([[1.0, 2.0], [2.0, 1.0]])
print("indefinite cholesky_ex info", torch.linalg.cholesky_ex(bad).info.item())
print("singular inv_ex info", torch.linalg.inv_ex(torch.ones(3, 3)).info.item())

# Rauch-Tung-Striebel backward pass.
m_s, P_s = means[-1], covs[-1]
smoothed = [m_s]
for t in range(T - 2, -1, -1):
    m_pred, P_pred = preds[t + 1]
    C = torch.linalg.solve(P_pred, F @ covs[t]).T
    m_s = means[t] + C @ (m_s - m_pred)
    P_s = covs[t] + C @ (P_s - P_pred) @ C.T
    smoothed.append(m_s)
smoothed = torch.stack(smoothed[::-1])
print("smoothed first", smoothed[0].numpy().round(5))
print("smoothed RMSE", ((smoothed[:, :2] - states[:, :2]) ** 2).mean().sqrt().item().__round__(6))
print("smoother variance <= filter variance:",
      bool((torch.diagonal(P_s) <= torch.diagonal(covs[0]) + 1e-12).all()))

# Maximum likelihood for the process-noise variance through the whole filter.
log_q = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.Adam([log_q], lr=0.2)
for step in range(12):
    optimizer.zero_grad()
    nll = -kalman(observations, log_q.exp())[3]
    nll.backward()
    optimizer.step()
    if step % 3 == 0 or step == 11:
        print(f"step {step:2d} nll {nll.item():.6f} q {log_q.exp().item():.6f} "
              f"grad {log_q.grad.item():+.6f}")
