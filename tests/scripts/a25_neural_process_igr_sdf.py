import torch
# Two function-space models as their reference repositories write them. An attentive neural
# process: a deterministic path whose target queries cross-attend (nn.MultiheadAttention,
# batch_first) to encoded context pairs, a latent path whose mean-pooled representation
# parameterises a Normal (sigma = 0.1 + 0.9 sigmoid), rsample'd latents, the ELBO with
# kl_divergence(posterior over context+target, prior over context) and a Normal likelihood
# with softplus scales, trained on random sine tasks with random context/target splits drawn
# by randperm. An implicit-geometric-regularisation SDF network (DeepSDF/IGR style): a
# softplus(beta=100) MLP with a skip connection and geometric initialisation, fitted to points
# on a circle with normals, the eikonal loss on the norm of the input gradient taken with
# create_graph=True, and normals/Hessians checked through torch.func (vmap of grad and of
# hessian, functional_call on the trained parameters). Prints losses, KLs, gradient norms,
# SDF values and Hessian traces.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence
from torch.func import functional_call, grad, hessian, vmap

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def sine_tasks(batch, n_points, gen):
    amp = torch.rand(batch, 1, 1, generator=gen) * 1.5 + 0.5
    phase = torch.rand(batch, 1, 1, generator=gen) * math.pi
    x = torch.rand(batch, n_points, 1, generator=gen) * 6 - 3
    return x, amp * torch.sin(x - phase)


class ANP(nn.Module):
    def __init__(self, h=16, z=4, heads=2):
        super().__init__()
        self.det_enc = nn.Sequential(nn.Linear(2, h), nn.ReLU(), nn.Linear(h, h))
        self.lat_enc = nn.Sequential(nn.Linear(2, h), nn.ReLU(), nn.Linear(h, h))
        self.lat_head = nn.Linear(h, 2 * z)
        self.query = nn.Linear(1, h)
        self.key = nn.Linear(1, h)
        self.attn = nn.MultiheadAttention(h, heads, batch_first=True)
        self.decoder = nn.Sequential(nn.Linear(2 * h + z - h + 1, h), nn.ReLU(), nn.Linear(h, 2))

    def latent(self, x, y):
        s = self.lat_enc(torch.cat([x, y], dim=-1)).mean(dim=1)
        mu, raw = self.lat_head(s).chunk(2, dim=-1)
        return Normal(mu, 0.1 + 0.9 * torch.sigmoid(raw))

    def forward(self, xc, yc, xt, yt=None):
        prior = self.latent(xc, yc)
        posterior = self.latent(torch.cat([xc, xt], 1), torch.cat([yc, yt], 1)) if yt is not None else prior
        z = posterior.rsample()
        r = self.det_enc(torch.cat([xc, yc], dim=-1))
        rt, weights = self.attn(self.query(xt), self.key(xc), r, need_weights=True)
        z_rep = z.unsqueeze(1).expand(-1, xt.shape[1], -1)
        out = self.decoder(torch.cat([rt, z_rep, xt], dim=-1))
        mu, raw = out.chunk(2, dim=-1)
        pred = Normal(mu, 0.1 + 0.9 * F.softplus(raw))
        kl = kl_divergence(posterior, prior).sum(-1) if yt is not None else None
        return pred, kl, weights


gen = torch.Generator().manual_seed(4)
anp = ANP()
opt = torch.optim.Adam(anp.parameters(), lr=5e-3)
print("== attentive neural process")
for it in range(5):
    x, y = sine_tasks(4, 12, gen)
    perm = torch.randperm(12, generator=gen)
    n_ctx = 3 + it
    cidx, tidx = perm[:n_ctx], perm[n_ctx:]
    xc, yc, xt, yt = x[:, cidx], y[:, cidx], x[:, tidx], y[:, tidx]
    pred, kl, w = anp(xc, yc, xt, yt)
    nll = -pred.log_prob(yt).sum(dim=(1, 2))
    loss = (nll + kl).mean() / xt.shape[1]
    opt.zero_grad()
    loss.backward()
    gnorm = torch.nn.utils.clip_grad_norm_(anp.parameters(), 5.0)
    opt.step()
    print(f"it {it} ctx {n_ctx} loss {loss.item():.6f} kl {kl.mean().item():.6f} "
          f"|g| {gnorm.item():.6f} attn {tuple(w.shape)} rows sum {w.sum(-1).mean().item():.6f}")
anp.eval()
with torch.no_grad():
    pred, kl, _ = anp(xc, yc, xt)
print("eval kl is None:", kl is None, "pred scale min", f"{pred.scale.min().item():.6f}")


print("== IGR signed-distance network")


class SDFNet(nn.Module):
    def __init__(self, h=24, radius=1.0):
        super().__init__()
        self.l0 = nn.Linear(2, h)
        self.l1 = nn.Linear(h, h - 2)
        self.l2 = nn.Linear(h, h)
        self.out = nn.Linear(h, 1)
        self.act = nn.Softplus(beta=100)
        for lin in (self.l0, self.l1, self.l2):
            nn.init.constant_(lin.bias, 0.0)
            nn.init.normal_(lin.weight, 0.0, math.sqrt(2) / math.sqrt(lin.out_features))
        nn.init.normal_(self.out.weight, mean=math.sqrt(math.pi) / math.sqrt(h), std=1e-4)
        nn.init.constant_(self.out.bias, -radius)

    def forward(self, p):
        h = self.act(self.l0(p))
        h = self.act(self.l1(h))
        h = torch.cat([h, p], dim=-1) / math.sqrt(2)
        h = self.act(self.l2(h))
        return self.out(h).squeeze(-1)


theta = torch.linspace(0, 2 * math.pi, 17)[:-1]
surface = torch.stack([0.6 * torch.cos(theta), 0.6 * torch.sin(theta)], dim=1)
normals = surface / surface.norm(dim=1, keepdim=True)
sdf = SDFNet()
opt = torch.optim.Adam(sdf.parameters(), lr=2e-3)
for it in range(5):
    off = torch.rand(32, 2, generator=gen) * 2.4 - 1.2
    pts = torch.cat([surface, off]).requires_grad_(True)
    val = sdf(pts)
    (g,) = torch.autograd.grad(val.sum(), pts, create_graph=True)
    surf_loss = val[:16].abs().mean()
    normal_loss = (g[:16] - normals).norm(dim=-1).mean()
    eikonal = ((g[16:].norm(2, dim=-1) - 1) ** 2).mean()
    loss = surf_loss + 0.1 * eikonal + normal_loss
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"it {it} loss {loss.item():.6f} surf {surf_loss.item():.6f} "
          f"eik {eikonal.item():.6f} |g_l0| {sdf.l0.weight.grad.norm().item():.6f}")

params = {k: v.detach() for k, v in sdf.named_parameters()}


def f(p):
    return functional_call(sdf, params, (p.unsqueeze(0),)).squeeze(0)


probe = torch.tensor([[0.0, 0.0], [0.6, 0.0], [0.0, -1.0]])
print("sdf:", vmap(f)(probe))
n_func = vmap(grad(f))(probe)
p_req = probe.clone().requires_grad_(True)
(n_auto,) = torch.autograd.grad(sdf(p_req).sum(), p_req)
print("func normals match autograd:", torch.allclose(n_func, n_auto), n_func)
hess = vmap(hessian(f))(probe)
print("hessian", tuple(hess.shape), "symmetric:", torch.allclose(hess, hess.transpose(1, 2)))
print("laplacian:", hess.diagonal(dim1=1, dim2=2).sum(-1))
