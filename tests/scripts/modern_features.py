import torch

# Features a 2024-era training script reaches for: per-sample gradients with torch.func
# (functional_call, vmap, grad), activation checkpointing, weight and spectral norm
# parametrizations, a TransformerEncoder with a key padding mask, scaled_dot_product_attention,
# and bf16 autocast on CPU.
from torch import nn
from torch.func import functional_call, grad, vmap
from torch.nn.utils import parametrizations
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
params = {k: v.detach() for k, v in model.named_parameters()}
x, y = torch.randn(6, 4), torch.randn(6, 1)


def loss_fn(p, xi, yi):
    out = functional_call(model, p, (xi.unsqueeze(0),))
    return nn.functional.mse_loss(out, yi.unsqueeze(0))


per_sample = vmap(grad(loss_fn), in_dims=(None, 0, 0))(params, x, y)
for name, g in per_sample.items():
    print(name, tuple(g.shape), f"{g.norm().item():.5f}")
full = torch.autograd.grad(nn.functional.mse_loss(model(x), y), model.parameters())
print("mean of per-sample == batch grad:",
      all(torch.allclose(per_sample[n].mean(0), g, atol=1e-6)
          for n, g in zip(params, full)))

block = nn.Sequential(nn.Linear(4, 16), nn.GELU(), nn.Linear(16, 4))
inp = torch.randn(3, 4, requires_grad=True)
out = checkpoint(block, inp, use_reentrant=False)
out.sum().backward()
print("checkpoint grad", inp.grad.sum().item().__format__(".5f"))

wn = parametrizations.weight_norm(nn.Linear(5, 3))
sn = parametrizations.spectral_norm(nn.Linear(5, 5))
print(sorted(k for k in wn.state_dict()))
print(type(wn.parametrizations.weight).__name__, f"{wn.weight.norm().item():.5f}")
opt = torch.optim.SGD(list(wn.parameters()) + list(sn.parameters()), lr=0.1)
for step in range(3):
    z = torch.randn(4, 5)
    loss = wn(z).pow(2).mean() + sn(z).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"param step {step} loss {loss.item():.5f}")

layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0,
                                   batch_first=True, norm_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
tokens = torch.randn(2, 5, 8)
pad = torch.tensor([[False] * 5, [False, False, False, True, True]])
encoded = encoder(tokens, src_key_padding_mask=pad)
print(encoded.shape, f"{encoded[0].sum().item():.4f}", f"{encoded[1, :3].sum().item():.4f}")
q = k = v = torch.randn(2, 2, 5, 4)
a = nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
print(a.shape, f"{a.sum().item():.4f}")

with torch.autocast("cpu", dtype=torch.bfloat16):
    low = model(x)
print(low.dtype, torch.allclose(low.float(), model(x), atol=0.05))
