import torch
# Self-supervised learners as the MoCo, SwAV and SimSiam reference repositories write them: a
# MoCo v2 query encoder with a momentum key encoder updated in place under no_grad
# (param_k.data.mul_(m).add_(param_q.data, alpha=1-m)), a negative-key queue kept as a
# registered buffer and advanced by slice assignment with a wrapping pointer, InfoNCE logits
# from einsum with the positive in column zero; SwAV's Sinkhorn-Knopp codes computed under
# no_grad from prototype scores, prototypes renormalised in place before each step, and the
# swapped-prediction loss; SimSiam's predictor with a stop-gradient on the target branch and
# the negative-cosine loss. Prints losses, queue pointers, code marginals and gradient norms.
import copy

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def augment(x, gen):
    noise = torch.randn(x.shape, generator=gen) * 0.1
    scale = 1.0 + 0.2 * torch.rand(x.shape[0], 1, generator=gen)
    return x * scale + noise


class Encoder(nn.Module):
    def __init__(self, d_in=12, hidden=16, d_out=8):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
                                 nn.Linear(hidden, d_out))

    def forward(self, x):
        return self.net(x)


class MoCo(nn.Module):
    def __init__(self, dim=8, K=24, m=0.99, T=0.2):
        super().__init__()
        self.K, self.m, self.T = K, m, T
        self.encoder_q = Encoder(d_out=dim)
        self.encoder_k = copy.deepcopy(self.encoder_q)
        for p in self.encoder_k.parameters():
            p.requires_grad = False
        self.register_buffer("queue", F.normalize(torch.randn(dim, K), dim=0))
        self.register_buffer("queue_ptr", torch.zeros(1, dtype=torch.long))

    @torch.no_grad()
    def _momentum_update_key_encoder(self):
        for param_q, param_k in zip(self.encoder_q.parameters(), self.encoder_k.parameters()):
            param_k.data.mul_(self.m).add_(param_q.data, alpha=1.0 - self.m)

    @torch.no_grad()
    def _dequeue_and_enqueue(self, keys):
        batch_size = keys.shape[0]
        ptr = int(self.queue_ptr)
        assert self.K % batch_size == 0
        self.queue[:, ptr:ptr + batch_size] = keys.T
        ptr = (ptr + batch_size) % self.K
        self.queue_ptr[0] = ptr

    def forward(self, im_q, im_k):
        q = F.normalize(self.encoder_q(im_q), dim=1)
        with torch.no_grad():
            self._momentum_update_key_encoder()
            k = F.normalize(self.encoder_k(im_k), dim=1)
        l_pos = torch.einsum("nc,nc->n", [q, k]).unsqueeze(-1)
        l_neg = torch.einsum("nc,ck->nk", [q, self.queue.clone().detach()])
        logits = torch.cat([l_pos, l_neg], dim=1) / self.T
        labels = torch.zeros(logits.shape[0], dtype=torch.long)
        self._dequeue_and_enqueue(k)
        return logits, labels


data = torch.randn(48, 12)
gen = torch.Generator().manual_seed(1)

print("== MoCo v2")
moco = MoCo()
opt = torch.optim.SGD(moco.encoder_q.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
print("key encoder frozen:", all(not p.requires_grad for p in moco.encoder_k.parameters()))
print("buffers:", [(n, tuple(b.shape), b.dtype) for n, b in moco.named_buffers()][-3:])
for step in range(4):
    x = data[step * 8:(step + 1) * 8]
    logits, labels = moco(augment(x, gen), augment(x, gen))
    loss = F.cross_entropy(logits, labels)
    opt.zero_grad()
    loss.backward()
    acc = (logits.argmax(1) == labels).double().mean()
    gq = torch.norm(torch.stack([p.grad.norm() for p in moco.encoder_q.parameters()]))
    opt.step()
    print(f"step {step} loss {loss.item():.6f} acc {acc.item():.3f} ptr {int(moco.queue_ptr)} "
          f"|g| {gq.item():.6f} logits {tuple(logits.shape)}")
print("queue col norms:", moco.queue.norm(dim=0)[:4])
diff = sum((pq - pk).abs().sum() for pq, pk in
           zip(moco.encoder_q.parameters(), moco.encoder_k.parameters()))
print(f"q-k parameter gap {diff.item():.6f}")
print("key grads are None:", all(p.grad is None for p in moco.encoder_k.parameters()))


print("== SwAV")


@torch.no_grad()
def sinkhorn(out, epsilon=0.05, iters=3):
    Q = torch.exp(out / epsilon).t()
    B = Q.shape[1]
    K = Q.shape[0]
    sum_Q = torch.sum(Q)
    Q /= sum_Q
    for _ in range(iters):
        sum_of_rows = torch.sum(Q, dim=1, keepdim=True)
        Q /= sum_of_rows
        Q /= K
        Q /= torch.sum(Q, dim=0, keepdim=True)
        Q /= B
    Q *= B
    return Q.t()


class SwAV(nn.Module):
    def __init__(self, dim=8, n_protos=6):
        super().__init__()
        self.backbone = Encoder(d_out=dim)
        self.prototypes = nn.Linear(dim, n_protos, bias=False)

    def forward(self, views):
        z = torch.cat([F.normalize(self.backbone(v), dim=1, p=2) for v in views])
        return z, self.prototypes(z)


swav = SwAV()
opt = torch.optim.SGD(swav.parameters(), lr=0.2)
temperature = 0.1
for step in range(4):
    with torch.no_grad():
        w = swav.prototypes.weight.data.clone()
        w = F.normalize(w, dim=1, p=2)
        swav.prototypes.weight.copy_(w)
    x = data[step * 8:(step + 1) * 8]
    views = [augment(x, gen), augment(x, gen)]
    z, scores = swav(views)
    bs = x.shape[0]
    loss = 0
    for i, crop_id in enumerate([0, 1]):
        with torch.no_grad():
            out = scores[bs * crop_id: bs * (crop_id + 1)].detach()
            q = sinkhorn(out)
        subloss = 0
        for v in [v for v in range(2) if v != crop_id]:
            x_pred = scores[bs * v: bs * (v + 1)] / temperature
            subloss -= torch.mean(torch.sum(q * F.log_softmax(x_pred, dim=1), dim=1))
        loss += subloss
    loss /= 2
    opt.zero_grad()
    loss.backward()
    if step == 0:
        print("code marginals:", q.sum(0))
        print("code rows sum to 1:", torch.allclose(q.sum(1), torch.ones(8)))
        print("proto grad norm rows:", swav.prototypes.weight.grad.norm(dim=1))
    opt.step()
    print(f"step {step} loss {loss.item():.6f} "
          f"proto norms {swav.prototypes.weight.norm(dim=1).mean().item():.6f} "
          f"assign {q.argmax(1).tolist()}")
print("z on sphere:", torch.allclose(z.norm(dim=1), torch.ones(16)))


print("== SimSiam")


class SimSiam(nn.Module):
    def __init__(self, dim=8, pred_dim=4):
        super().__init__()
        self.encoder = Encoder(d_out=dim)
        self.predictor = nn.Sequential(nn.Linear(dim, pred_dim, bias=False),
                                       nn.BatchNorm1d(pred_dim), nn.ReLU(inplace=True),
                                       nn.Linear(pred_dim, dim))

    def forward(self, x1, x2):
        z1 = self.encoder(x1)
        z2 = self.encoder(x2)
        p1 = self.predictor(z1)
        p2 = self.predictor(z2)
        return p1, p2, z1.detach(), z2.detach()


simsiam = SimSiam()
criterion = nn.CosineSimilarity(dim=1)
opt = torch.optim.SGD([{"params": simsiam.encoder.parameters(), "fix_lr": False},
                       {"params": simsiam.predictor.parameters(), "fix_lr": True}],
                      lr=0.05, momentum=0.9)
for step in range(4):
    for g in opt.param_groups:
        g["lr"] = 0.05 if g["fix_lr"] else 0.05 * 0.5 * (1.0 + torch.cos(torch.tensor(
            3.141592653589793 * step / 4)).item())
    x = data[step * 8:(step + 1) * 8]
    p1, p2, z1, z2 = simsiam(augment(x, gen), augment(x, gen))
    loss = -(criterion(p1, z2).mean() + criterion(p2, z1).mean()) * 0.5
    opt.zero_grad()
    loss.backward()
    print(f"step {step} loss {loss.item():.6f} z1 req {z1.requires_grad} "
          f"lrs {[round(g['lr'], 6) for g in opt.param_groups]} "
          f"z std {F.normalize(z1, dim=1).std(dim=0).mean().item():.6f}")
    opt.step()
enc_grad = simsiam.encoder.net[0].weight.grad
print("encoder grad", enc_grad.shape, f"{enc_grad.norm().item():.6f}")
print("running var", simsiam.predictor[1].running_var)
