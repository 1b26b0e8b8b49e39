import torch
import torch.nn as nn
import torch.nn.functional as F

# Set and object-centric models plus redundancy-reduction SSL losses, as their reference repos
# write them: a Set Transformer (MAB/ISAB/PMA) with padding masks, Slot Attention with a
# GRUCell update, Chamfer distance via cdist, VICReg, Barlow Twins and the SigLIP sigmoid loss.
torch.manual_seed(0)


class MAB(nn.Module):
    def __init__(self, dim_q, dim_k, dim, heads, ln=True):
        super().__init__()
        self.mha = nn.MultiheadAttention(dim, heads, batch_first=True, kdim=dim_k, vdim=dim_k)
        self.fc_q = nn.Linear(dim_q, dim)
        self.ln0 = nn.LayerNorm(dim) if ln else nn.Identity()
        self.ln1 = nn.LayerNorm(dim) if ln else nn.Identity()
        self.ff = nn.Sequential(nn.Linear(dim, dim), nn.ReLU())

    def forward(self, q, k, key_padding_mask=None):
        q = self.fc_q(q)
        h = self.ln0(q + self.mha(q, k, k, key_padding_mask=key_padding_mask,
                                  need_weights=False)[0])
        return self.ln1(h + self.ff(h))


class ISAB(nn.Module):
    def __init__(self, dim_in, dim, heads, num_inds):
        super().__init__()
        self.I = nn.Parameter(torch.empty(1, num_inds, dim))
        nn.init.xavier_uniform_(self.I)
        self.mab0 = MAB(dim, dim_in, dim, heads)
        self.mab1 = MAB(dim_in, dim, dim, heads)

    def forward(self, x, mask=None):
        h = self.mab0(self.I.repeat(x.size(0), 1, 1), x, key_padding_mask=mask)
        return self.mab1(x, h)


class PMA(nn.Module):
    def __init__(self, dim, heads, num_seeds):
        super().__init__()
        self.S = nn.Parameter(torch.empty(1, num_seeds, dim))
        nn.init.xavier_uniform_(self.S)
        self.mab = MAB(dim, dim, dim, heads)

    def forward(self, x, mask=None):
        return self.mab(self.S.repeat(x.size(0), 1, 1), x, key_padding_mask=mask)


class SetTransformer(nn.Module):
    def __init__(self, dim_in=2, dim=16, heads=2):
        super().__init__()
        self.enc = nn.ModuleList([ISAB(dim_in, dim, heads, 4), ISAB(dim, dim, heads, 4)])
        self.pool = PMA(dim, heads, 1)
        self.out = nn.Linear(dim, 1)

    def forward(self, x, mask=None):
        for layer in self.enc:
            x = layer(x, mask)
        return self.out(self.pool(x, mask)).squeeze(-1).squeeze(-1)


# task: predict the max of each (padded) set's first coordinate
lengths = torch.tensor([7, 3, 5, 8])
sets = torch.randn(4, 8, 2)
mask = torch.arange(8)[None, :] >= lengths[:, None]
sets = sets.masked_fill(mask.unsqueeze(-1), 0.0)
target = sets[..., 0].masked_fill(mask, float("-inf")).amax(1)
print("targets", target)
st = SetTransformer()
opt = torch.optim.Adam(st.parameters(), lr=5e-3)
for step in range(5):
    pred = st(sets, mask)
    loss = F.l1_loss(pred, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"set step {step} l1 {loss.item():.5f}")
st.eval()
perm = torch.randperm(3)
a = st(sets[1:2, :3])
b = st(sets[1:2, perm])
print("permutation invariant", torch.allclose(a, b, atol=1e-6))


class SlotAttention(nn.Module):
    def __init__(self, num_slots, dim, iters=3, eps=1e-8, hidden_dim=32):
        super().__init__()
        self.num_slots, self.iters, self.eps, self.scale = num_slots, iters, eps, dim ** -0.5
        self.slots_mu = nn.Parameter(torch.randn(1, 1, dim))
        self.slots_logsigma = nn.Parameter(torch.zeros(1, 1, dim))
        nn.init.xavier_uniform_(self.slots_logsigma)
        self.to_q, self.to_k, self.to_v = (nn.Linear(dim, dim) for _ in range(3))
        self.gru = nn.GRUCell(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden_dim), nn.ReLU(inplace=True),
                                 nn.Linear(hidden_dim, dim))
        self.norm_input = nn.LayerNorm(dim)
        self.norm_slots = nn.LayerNorm(dim)
        self.norm_pre_ff = nn.LayerNorm(dim)

    def forward(self, inputs):
        b, n, d = inputs.shape
        mu = self.slots_mu.expand(b, self.num_slots, -1)
        sigma = self.slots_logsigma.exp().expand(b, self.num_slots, -1)
        slots = mu + sigma * torch.randn(mu.shape, device=inputs.device)
        inputs = self.norm_input(inputs)
        k, v = self.to_k(inputs), self.to_v(inputs)
        for _ in range(self.iters):
            slots_prev = slots
            q = self.to_q(self.norm_slots(slots))
            dots = torch.einsum("bid,bjd->bij", q, k) * self.scale
            attn = dots.softmax(dim=1) + self.eps
            attn = attn / attn.sum(dim=-1, keepdim=True)
            updates = torch.einsum("bjd,bij->bid", v, attn)
            slots = self.gru(updates.reshape(-1, d), slots_prev.reshape(-1, d))
            slots = slots.reshape(b, -1, d)
            slots = slots + self.mlp(self.norm_pre_ff(slots))
        return slots, attn


def chamfer(a, b):
    d = torch.cdist(a, b) ** 2
    return d.min(2).values.mean(1) + d.min(1).values.mean(1)


torch.manual_seed(1)
sa = SlotAttention(num_slots=3, dim=16)
enc = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16))
dec = nn.Linear(16, 2)
points = torch.cat([torch.randn(2, 10, 2) * 0.1 + c for c in (-1.0, 0.0, 1.5)], dim=1)
opt = torch.optim.Adam([*sa.parameters(), *enc.parameters(), *dec.parameters()], lr=4e-3)
for step in range(5):
    slots, attn = sa(enc(points))
    loss = chamfer(dec(slots), points).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    mass = attn.sum(1)[0, :3].round(decimals=5).tolist()
    print(f"slot step {step} chamfer {loss.item():.5f} attn sums {mass}")
print("attn shape", attn.shape, "slots", slots.shape)


# ---- redundancy-reduction SSL losses
def off_diagonal(x):
    n, m = x.shape
    assert n == m
    return x.flatten()[:-1].view(n - 1, n + 1)[:, 1:].flatten()


def vicreg_loss(x, y, sim_coeff=25.0, std_coeff=25.0, cov_coeff=1.0):
    repr_loss = F.mse_loss(x, y)
    x = x - x.mean(dim=0)
    y = y - y.mean(dim=0)
    std_x = torch.sqrt(x.var(dim=0) + 0.0001)
    std_y = torch.sqrt(y.var(dim=0) + 0.0001)
    std_loss = torch.mean(F.relu(1 - std_x)) / 2 + torch.mean(F.relu(1 - std_y)) / 2
    n, d = x.shape
    cov_x = (x.T @ x) / (n - 1)
    cov_y = (y.T @ y) / (n - 1)
    cov_loss = off_diagonal(cov_x).pow_(2).sum().div(d) + off_diagonal(cov_y).pow_(2).sum().div(d)
    return sim_coeff * repr_loss + std_coeff * std_loss + cov_coeff * cov_loss, \
        (repr_loss, std_loss, cov_loss)


def barlow_twins_loss(z1, z2, lambd=0.0051):
    bn = nn.BatchNorm1d(z1.shape[1], affine=False)
    c = bn(z1).T @ bn(z2) / z1.shape[0]
    on_diag = torch.diagonal(c).add_(-1).pow_(2).sum()
    off_diag = off_diagonal(c).pow_(2).sum()
    return on_diag + lambd * off_diag


def siglip_loss(img, txt, t_prime, bias):
    img, txt = F.normalize(img, dim=-1), F.normalize(txt, dim=-1)
    logits = img @ txt.t() * t_prime.exp() + bias
    labels = 2 * torch.eye(img.shape[0]) - torch.ones(img.shape[0], img.shape[0])
    return -F.logsigmoid(labels * logits).sum() / img.shape[0]


torch.manual_seed(2)
print("off_diagonal", off_diagonal(torch.arange(9.0).view(3, 3)))
backbone = nn.Sequential(nn.Linear(10, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 16))
t_prime = nn.Parameter(torch.tensor(10.0).log())
bias = nn.Parameter(torch.tensor(-10.0))
opt = torch.optim.SGD([*backbone.parameters(), t_prime, bias], lr=0.01, momentum=0.9)
x = torch.randn(16, 10)
for step in range(4):
    v1 = x + 0.1 * torch.randn_like(x)
    v2 = x * (1 + 0.1 * torch.randn_like(x))
    z1, z2 = backbone(v1), backbone(v2)
    vic, (inv, var, cov) = vicreg_loss(z1, z2)
    bt = barlow_twins_loss(z1, z2)
    sig = siglip_loss(z1, z2, t_prime, bias)
    loss = vic + 0.01 * bt + sig
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"ssl step {step} vicreg {vic.item():.4f} (inv {inv.item():.4f} var {var.item():.4f} "
          f"cov {cov.item():.4f}) barlow {bt.item():.4f} siglip {sig.item():.4f}")
print("t_prime", f"{t_prime.item():.5f}", "bias", f"{bias.item():.5f}",
      "grad", t_prime.grad is not None)
