import torch
import torch.nn as nn
import torch.nn.functional as F

# A Perceiver-style model: a small learned latent array cross-attends to a long, padded input
# through nn.MultiheadAttention (batch_first, kdim/vdim, key_padding_mask, per-head weights with
# average_attn_weights=False, add_bias_kv and add_zero_attn), then a TransformerDecoderLayer
# reads the latents with memory_key_padding_mask; trunc_normal_ initialisation, and the
# CosineAnnealingWarmRestarts and CyclicLR schedules printed step by step.

torch.manual_seed(31)
torch.set_default_dtype(torch.float64)


class Perceiver(nn.Module):
    def __init__(self, in_dim=5, dim=8, latents=3, heads=2):
        super().__init__()
        self.latents = nn.Parameter(torch.empty(latents, dim))
        nn.init.trunc_normal_(self.latents, std=0.2, a=-0.3, b=0.3)
        self.cross = nn.MultiheadAttention(dim, heads, batch_first=True, kdim=in_dim,
                                           vdim=in_dim)
        self.self_attn = nn.MultiheadAttention(dim, heads, add_bias_kv=True, add_zero_attn=True)
        self.decoder = nn.TransformerDecoderLayer(dim, heads, dim_feedforward=16, dropout=0.0,
                                                  batch_first=True, norm_first=True)
        self.query = nn.Parameter(torch.zeros(1, 2, dim))
        nn.init.trunc_normal_(self.query, std=0.02)
        self.head = nn.Linear(dim, 1)

    def forward(self, x, padding_mask):
        latents = self.latents.expand(x.shape[0], -1, -1)
        latents, cross_weights = self.cross(latents, x, x, key_padding_mask=padding_mask,
                                            average_attn_weights=False)
        seq_first = latents.transpose(0, 1)
        attended, self_weights = self.self_attn(seq_first, seq_first, seq_first)
        latents = latents + attended.transpose(0, 1)
        queries = self.query.expand(x.shape[0], -1, -1)
        causal = nn.Transformer.generate_square_subsequent_mask(2)
        out = self.decoder(queries, latents, tgt_mask=causal)
        return self.head(out).squeeze(-1), cross_weights, self_weights


lengths = torch.tensor([7, 4, 5])
x = torch.randn(3, 7, 5)
padding_mask = torch.arange(7)[None, :] >= lengths[:, None]
x = x.masked_fill(padding_mask[..., None], 0.0)
y = torch.stack([x.sum(dim=(1, 2)), x[:, :, 0].amax(dim=1)], dim=1)

model = Perceiver()
print("latents:", model.latents)
print("bias_k:", model.self_attn.bias_k.shape, "in_proj:", model.self_attn.in_proj_weight.shape,
      "q_proj:", model.cross.q_proj_weight.shape, model.cross.k_proj_weight.shape,
      model.cross.in_proj_weight)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
restarts = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=3, T_mult=2,
                                                                eta_min=1e-4)
for step in range(9):
    prediction, cross_weights, self_weights = model(x, padding_mask)
    loss = F.mse_loss(prediction, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    restarts.step()
    print(f"step {step} loss {loss.item():.10f} lr {restarts.get_last_lr()[0]:.8f}")

print("cross weights:", cross_weights.shape, cross_weights[1, :, 0])
print("padded keys get zero weight:", cross_weights[1, ..., 4:].abs().max().item())
print("self weights (averaged):", self_weights.shape, self_weights[0])

mha = nn.MultiheadAttention(4, 2, batch_first=True, bias=False)
q = torch.randn(1, 3, 4)
causal = torch.triu(torch.full((3, 3), float("-inf")), diagonal=1)
out, weights = mha(q, q, q, attn_mask=causal, need_weights=True)
print("causal weights:", weights)
out_nw, none = mha(q, q, q, attn_mask=causal, need_weights=False)
print("need_weights=False:", none, torch.allclose(out, out_nw))
bool_mask = torch.tensor([[False, True, True], [False, False, True], [False, False, False]])
out_bool, _ = mha(q, q, q, attn_mask=bool_mask)
print("bool mask equals float mask:", torch.allclose(out_bool, out))

sgd = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1, momentum=0.9)
cyclic = torch.optim.lr_scheduler.CyclicLR(sgd, base_lr=0.01, max_lr=0.1, step_size_up=2,
                                           mode="exp_range", gamma=0.9)
rates = []
for _ in range(7):
    sgd.step()
    cyclic.step()
    rates.append(round(cyclic.get_last_lr()[0], 8))
print("cyclic:", rates, [round(g["momentum"], 6) for g in sgd.param_groups])
triangular = torch.optim.lr_scheduler.CyclicLR(
    torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1), 0.001, 0.006, step_size_up=3,
    mode="triangular2", cycle_momentum=False)
print("triangular2:", [round(triangular.get_last_lr()[0], 8) for _ in range(1)
                       if triangular.optimizer.step() is None],
      [(triangular.step(), round(triangular.get_last_lr()[0], 8))[1] for _ in range(10)])
