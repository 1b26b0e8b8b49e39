import torch

# nn.MultiheadAttention and scaled_dot_product_attention as their docs pages describe them:
# need_weights with per-head weights, boolean vs float attn_mask, key_padding_mask, is_causal
# with a mask hint, kdim/vdim, add_bias_kv/add_zero_attn, batch_first and unbatched inputs,
# masks that blank a whole row, SDPA with enable_gqa and a causal lower-right bias, then a
# small nn.Transformer trained to copy with generate_square_subsequent_mask and decoded
# greedily; the warnings and errors of masks with the wrong shape or type.
import warnings

from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

mha = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
query = torch.randn(2, 3, 8)
key = value = torch.randn(2, 4, 8)
out, weights = mha(query, key, value)
print(out.shape, weights.shape, weights.sum(-1))
out, weights = mha(query, key, value, average_attn_weights=False)
print(weights.shape, weights[0, 1].sum(-1))
out, weights = mha(query, key, value, need_weights=False)
print(weights, round(out.sum().item(), 10))
padding = torch.tensor([[False, False, True, True], [False, False, False, True]])
out, weights = mha(query, key, value, key_padding_mask=padding)
print(weights[0], weights[1, :, 3])
float_mask = torch.zeros(3, 4).masked_fill(torch.tensor([[0, 0, 1, 1]] * 3).bool(),
                                           float("-inf"))
out_float, w_float = mha(query, key, value, attn_mask=float_mask)
out_bool, w_bool = mha(query, key, value, attn_mask=float_mask.isinf())
print(torch.allclose(out_float, out_bool), w_bool[0])
per_head = torch.zeros(2 * 2, 3, 4, dtype=torch.bool)
per_head[:, :, 0] = True
print(mha(query, key, value, attn_mask=per_head)[1][1])
causal = nn.Transformer.generate_square_subsequent_mask(3)
print(causal)
self_out, self_w = mha(query, query, query, attn_mask=causal, is_causal=True)
print(self_w[0])
blank = torch.tensor([[True, True, True, True], [False, False, False, False]])
blank_out, blank_w = mha(query, key, value, key_padding_mask=blank)
print(blank_out[0].isnan().all().item(), blank_w[0])
unbatched, unbatched_w = mha(query[0], key[0], value[0])
print(unbatched.shape, unbatched_w.shape, torch.allclose(unbatched, mha(query, key,
                                                                        value)[0][0]))

cross = nn.MultiheadAttention(8, 4, kdim=5, vdim=3, add_bias_kv=True, add_zero_attn=True)
print(cross)
print(sorted(name for name, _ in cross.named_parameters()))
q, k, v = torch.randn(3, 2, 8), torch.randn(6, 2, 5), torch.randn(6, 2, 3)
out, weights = cross(q, k, v)
print(out.shape, weights.shape, round(weights[0, 0].sum().item(), 10))
out.sum().backward()
print(cross.bias_k.grad.shape, cross.k_proj_weight.grad.norm().item() > 0,
      cross.in_proj_weight is None)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mha(query, key, value, attn_mask=float_mask.isinf(), key_padding_mask=padding.float()
        .masked_fill(padding, float("-inf")))
print([str(w.message) for w in caught])
for label, call in [
        ("mask shape", lambda: mha(query, key, value, attn_mask=torch.zeros(3, 5))),
        ("3-D mask batch", lambda: mha(query, key, value, attn_mask=torch.zeros(3, 3, 4))),
        ("int mask", lambda: mha(query, key, value, attn_mask=torch.zeros(3, 4,
                                                                       dtype=torch.int64))),
        ("padding shape", lambda: mha(query, key, value, key_padding_mask=padding[:, :3])),
        ("embed dim", lambda: mha(torch.randn(2, 3, 6), key, value)),
        ("heads", lambda: nn.MultiheadAttention(8, 3)),
        ("is_causal alone", lambda: mha(query, query, query, is_causal=True))]:
    try:
        result = call()
        print(label, "accepted", result[0].shape if isinstance(result, tuple) else result)
    except (RuntimeError, AssertionError, ValueError) as error:
        print(label, "->", type(error).__name__, error)

q, k, v = torch.randn(1, 4, 3, 2), torch.randn(1, 2, 5, 2), torch.randn(1, 2, 5, 2)
gqa = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
manual = F.scaled_dot_product_attention(q, k.repeat_interleave(2, 1), v.repeat_interleave(2, 1))
print(gqa.shape, torch.allclose(gqa, manual))
try:
    F.scaled_dot_product_attention(q, k, v)
except RuntimeError as error:
    print("sdpa heads:", error)
from torch.nn.attention.bias import causal_lower_right, causal_upper_left

lower_right = causal_lower_right(3, 5)
print(type(lower_right).__name__, lower_right.seq_len_q, lower_right.seq_len_kv)
print(lower_right.to_dense() if hasattr(lower_right, "to_dense") else lower_right._materialize())
print(causal_upper_left(3, 5)._materialize())
qq, kk, vv = torch.randn(1, 1, 3, 2), torch.randn(1, 1, 5, 2), torch.randn(1, 1, 5, 2)
biased = F.scaled_dot_product_attention(qq, kk, vv, attn_mask=lower_right)
dense = F.scaled_dot_product_attention(qq, kk, vv, attn_mask=lower_right._materialize())
print(torch.allclose(biased, dense), F.scaled_dot_product_attention(
    qq, kk, vv, is_causal=True).allclose(F.scaled_dot_product_attention(
        qq, kk, vv, attn_mask=causal_upper_left(3, 5)._materialize())))
print(round(F.scaled_dot_product_attention(qq, kk, vv, scale=0.1).sum().item(), 10))

# --- a copy task with nn.Transformer, decoded greedily ----------------------------------
torch.manual_seed(0)
vocab, bos = 6, 0
embed = nn.Embedding(vocab, 16)
transformer = nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                             dim_feedforward=32, dropout=0.0, batch_first=True)
head = nn.Linear(16, vocab)
params = [*embed.parameters(), *transformer.parameters(), *head.parameters()]
optimizer = torch.optim.Adam(params, lr=0.01)
source = torch.randint(1, vocab, (16, 5))
target_in = torch.cat([torch.full((16, 1), bos), source[:, :-1]], dim=1)
mask = nn.Transformer.generate_square_subsequent_mask(5)
for step in range(12):
    logits = head(transformer(embed(source), embed(target_in), tgt_mask=mask,
                              tgt_is_causal=True))
    loss = F.cross_entropy(logits.reshape(-1, vocab), source.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        print(step, round(loss.item(), 6))
transformer.eval()
with torch.no_grad():
    memory = transformer.encoder(embed(source[:2]))
    decoded = torch.full((2, 1), bos)
    for _ in range(5):
        size = decoded.shape[1]
        hidden = transformer.decoder(embed(decoded), memory,
                                     tgt_mask=nn.Transformer.generate_square_subsequent_mask(
                                         size))
        next_token = head(hidden[:, -1]).argmax(-1, keepdim=True)
        decoded = torch.cat([decoded, next_token], dim=1)
print(source[:2], decoded[:, 1:])
