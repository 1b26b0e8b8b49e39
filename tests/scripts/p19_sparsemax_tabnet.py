import torch

# Tabular deep learning as TabNet-style code writes it: sparsemax and 1.5-entmax written as
# autograd.Functions (sort, cumsum, threshold tau with gather, ctx.save_for_backward and a
# hand-written backward), checked with torch.autograd.gradcheck against autograd through the
# same formula; attentive transformers with a prior that shrinks used features, ghost batch
# normalisation (BatchNorm1d over chunks with virtual_batch_size), gated linear units
# (F.glu), feature-mask entropy regularisation, and a few training steps.
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Function

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def _make_ix_like(input, dim=0):
    d = input.size(dim)
    rho = torch.arange(1, d + 1, device=input.device, dtype=input.dtype)
    view = [1] * input.dim()
    view[0] = -1
    return rho.view(view).transpose(0, dim)


class SparsemaxFunction(Function):
    @staticmethod
    def forward(ctx, input, dim=-1):
        ctx.dim = dim
        max_val, _ = input.max(dim=dim, keepdim=True)
        input -= max_val
        tau, supp_size = SparsemaxFunction._threshold_and_support(input, dim=dim)
        output = torch.clamp(input - tau, min=0)
        ctx.save_for_backward(supp_size, output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        supp_size, output = ctx.saved_tensors
        dim = ctx.dim
        grad_input = grad_output.clone()
        grad_input[output == 0] = 0
        v_hat = grad_input.sum(dim=dim) / supp_size.to(output.dtype).squeeze()
        v_hat = v_hat.unsqueeze(dim)
        grad_input = torch.where(output != 0, grad_input - v_hat, grad_input)
        return grad_input, None

    @staticmethod
    def _threshold_and_support(input, dim=-1):
        input_srt, _ = torch.sort(input, descending=True, dim=dim)
        input_cumsum = input_srt.cumsum(dim) - 1
        rhos = _make_ix_like(input, dim)
        support = rhos * input_srt > input_cumsum
        support_size = support.sum(dim=dim).unsqueeze(dim)
        tau = input_cumsum.gather(dim, support_size - 1)
        tau /= support_size.to(input.dtype)
        return tau, support_size


class Entmax15Function(Function):
    @staticmethod
    def forward(ctx, input, dim=-1):
        ctx.dim = dim
        max_val, _ = input.max(dim=dim, keepdim=True)
        input = input - max_val
        input = input / 2
        tau_star, _ = Entmax15Function._threshold_and_support(input, dim)
        output = torch.clamp(input - tau_star, min=0) ** 2
        ctx.save_for_backward(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        (Y,) = ctx.saved_tensors
        gppr = Y.sqrt()
        dX = grad_output * gppr
        q = dX.sum(ctx.dim) / gppr.sum(ctx.dim)
        q = q.unsqueeze(ctx.dim)
        dX -= q * gppr
        return dX, None

    @staticmethod
    def _threshold_and_support(input, dim=-1):
        Xsrt, _ = torch.sort(input, descending=True, dim=dim)
        rho = _make_ix_like(input, dim)
        mean = Xsrt.cumsum(dim) / rho
        mean_sq = (Xsrt ** 2).cumsum(dim) / rho
        ss = rho * (mean_sq - mean ** 2)
        delta = (1 - ss) / rho
        delta_nz = torch.clamp(delta, 0)
        tau = mean - torch.sqrt(delta_nz)
        support_size = (tau <= Xsrt).sum(dim).unsqueeze(dim)
        tau_star = tau.gather(dim, support_size - 1)
        return tau_star, support_size


sparsemax = SparsemaxFunction.apply
entmax15 = Entmax15Function.apply

z = torch.tensor([[1.0, 0.8, 0.1, -1.0], [0.5, 0.5, 0.5, 0.5], [3.0, 0.0, 0.0, -2.0]])
for name, fn in (("sparsemax", sparsemax), ("entmax15", entmax15)):
    p = fn(z.clone())
    print(name, p.round(decimals=6), p.sum(-1), (p == 0).sum().item())
print("softmax", torch.softmax(z, -1).round(decimals=4))
print("sparsemax dim0", sparsemax(z.clone(), 0).round(decimals=6))
inp = torch.randn(3, 5, requires_grad=True)
print("gradcheck sparsemax", torch.autograd.gradcheck(lambda t: sparsemax(t.clone(), -1), (inp,)))
print("gradcheck entmax", torch.autograd.gradcheck(lambda t: entmax15(t, -1), (inp,)))
print("gradcheck dim 0", torch.autograd.gradcheck(lambda t: sparsemax(t.clone(), 0), (inp,)))
out = sparsemax(inp.clone())
print(out.grad_fn.__class__.__name__, type(out.grad_fn).__name__.endswith("Backward"))
try:
    sparsemax(inp)
except RuntimeError as error:
    print("RuntimeError:", str(error)[:110])


class GBN(nn.Module):
    def __init__(self, dim, virtual_batch_size=4, momentum=0.02):
        super().__init__()
        self.virtual_batch_size = virtual_batch_size
        self.bn = nn.BatchNorm1d(dim, momentum=momentum)

    def forward(self, x):
        chunks = x.chunk(int(torch.ceil(torch.tensor(x.shape[0] / self.virtual_batch_size))), 0)
        return torch.cat([self.bn(c) for c in chunks], dim=0)


class GLUBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.fc = nn.Linear(cin, 2 * cout, bias=False)
        self.bn = GBN(2 * cout)

    def forward(self, x):
        return F.glu(self.bn(self.fc(x)), dim=-1)


class AttentiveTransformer(nn.Module):
    def __init__(self, cin, n_features, mask_type):
        super().__init__()
        self.fc = nn.Linear(cin, n_features, bias=False)
        self.bn = GBN(n_features)
        self.mask_type = mask_type

    def forward(self, priors, processed):
        x = self.bn(self.fc(processed)) * priors
        return sparsemax(x, -1) if self.mask_type == "sparsemax" else entmax15(x, -1)


class TabNet(nn.Module):
    def __init__(self, n_features=7, n_d=4, n_a=4, n_steps=3, gamma=1.3, mask_type="sparsemax"):
        super().__init__()
        self.n_d, self.n_steps, self.gamma = n_d, n_steps, gamma
        self.initial_bn = nn.BatchNorm1d(n_features, momentum=0.01)
        self.initial = GLUBlock(n_features, n_d + n_a)
        self.transformers = nn.ModuleList(GLUBlock(n_features, n_d + n_a) for _ in range(n_steps))
        self.attentive = nn.ModuleList(AttentiveTransformer(n_a, n_features, mask_type)
                                       for _ in range(n_steps))
        self.final = nn.Linear(n_d, 2)

    def forward(self, x):
        x = self.initial_bn(x)
        prior = torch.ones_like(x)
        att = self.initial(x)[:, self.n_d:]
        out = 0
        m_loss = 0
        masks = []
        for step in range(self.n_steps):
            M = self.attentive[step](prior, att)
            m_loss = m_loss + torch.mean(torch.sum(torch.mul(M, torch.log(M + 1e-15)), dim=1))
            prior = torch.mul(self.gamma - M, prior)
            h = self.transformers[step](torch.mul(M, x))
            out = out + F.relu(h[:, :self.n_d])
            att = h[:, self.n_d:]
            masks.append(M)
        return self.final(out), m_loss / self.n_steps, masks


X = torch.randn(16, 7)
y = ((X[:, 0] > 0) & (X[:, 3] < 0.5)).long()
for mask_type in ("sparsemax", "entmax"):
    torch.manual_seed(1)
    model = TabNet(mask_type=mask_type)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    for step in range(4):
        logits, m_loss, masks = model(X)
        loss = F.cross_entropy(logits, y) + 1e-3 * m_loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        sparsity = sum((m == 0).double().mean() for m in masks) / len(masks)
        print(f"{mask_type} step {step} loss {loss.item():.8f} m_loss {m_loss.item():.6f} "
              f"zeros {sparsity.item():.4f}")
    model.eval()
    with torch.no_grad():
        _, _, masks = model(X[:3])
    importance = torch.stack(masks).sum(0)
    print(mask_type, "importance", (importance / importance.sum(1, keepdim=True)).round(decimals=4))
    print("running var", model.initial_bn.running_var.round(decimals=4))
