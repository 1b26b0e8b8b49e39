import torch

# A sequence-to-sequence model on nn.Transformer as its tutorial builds it: token embeddings
# with sinusoidal positions, generate_square_subsequent_mask, src/tgt key padding masks (bool
# and float), tgt_is_causal, norm_first layers with GELU, training with label smoothing and
# ignore_index, then greedy decoding in eval mode (where torch takes its fast path) with the
# encoder output reused as memory, and MultiheadAttention's weights per head and averaged.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
PAD, BOS, EOS, VOCAB = 0, 1, 2, 12


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=64):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[: x.size(0)]


class Seq2Seq(nn.Module):
    def __init__(self, d_model=32):
        super().__init__()
        self.d_model = d_model
        self.embed = nn.Embedding(VOCAB, d_model, padding_idx=PAD)
        self.pos = PositionalEncoding(d_model)
        self.transformer = nn.Transformer(d_model, nhead=4, num_encoder_layers=2,
                                          num_decoder_layers=2, dim_feedforward=64, dropout=0.1,
                                          activation="gelu", norm_first=True)
        self.out = nn.Linear(d_model, VOCAB)

    def encode(self, src, src_pad):
        return self.transformer.encoder(self.pos(self.embed(src) * math.sqrt(self.d_model)),
                                        src_key_padding_mask=src_pad)

    def decode(self, tgt, memory, src_pad, tgt_pad=None):
        mask = nn.Transformer.generate_square_subsequent_mask(tgt.size(0))
        h = self.transformer.decoder(self.pos(self.embed(tgt) * math.sqrt(self.d_model)), memory,
                                     tgt_mask=mask, tgt_key_padding_mask=tgt_pad,
                                     memory_key_padding_mask=src_pad, tgt_is_causal=True)
        return self.out(h)

    def forward(self, src, tgt, src_pad, tgt_pad):
        return self.decode(tgt, self.encode(src, src_pad), src_pad, tgt_pad)


def make_batch(n):
    lengths = torch.randint(3, 7, (n,))
    src = torch.full((7, n), PAD)
    tgt = torch.full((9, n), PAD)
    for i, length in enumerate(lengths.tolist()):
        seq = torch.randint(3, VOCAB, (length,))
        src[:length, i] = seq
        tgt[: length + 2, i] = torch.cat([torch.tensor([BOS]), seq.flip(0), torch.tensor([EOS])])
    return src, tgt


model = Seq2Seq()
print(nn.Transformer.generate_square_subsequent_mask(3))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(10):
    src, tgt = make_batch(16)
    tgt_in, tgt_out = tgt[:-1], tgt[1:]
    logits = model(src, tgt_in, (src == PAD).T, (tgt_in == PAD).T)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), tgt_out.reshape(-1), ignore_index=PAD,
                           label_smoothing=0.1)
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if step % 3 == 0:
        print(f"step {step} loss {loss.item():.5f}")

model.eval()
src, tgt = make_batch(3)
src_pad = (src == PAD).T
with torch.no_grad():
    memory = model.encode(src, src_pad)
    print("memory", memory.shape, memory[0, 0, :4])
    ys = torch.full((1, 3), BOS)
    for _ in range(8):
        next_token = model.decode(ys, memory, src_pad)[-1].argmax(-1)
        ys = torch.cat([ys, next_token.unsqueeze(0)])
    print(ys.T)
    float_pad = torch.zeros(src_pad.shape).masked_fill(src_pad, float("-inf"))
    same = model.encode(src, float_pad)
    print("float padding mask agrees", torch.allclose(same, memory, atol=1e-6))

mha = nn.MultiheadAttention(16, 4, batch_first=True, dropout=0.0)
q = torch.randn(2, 3, 16)
kv = torch.randn(2, 5, 16)
pad = torch.tensor([[False, False, False, True, True], [False] * 5])
out, weights = mha(q, kv, kv, key_padding_mask=pad)
print(out.shape, weights.shape, weights[0, 0])
out, per_head = mha(q, kv, kv, key_padding_mask=pad, average_attn_weights=False)
print(per_head.shape, torch.allclose(per_head.mean(1), weights))
out, none = mha(q, kv, kv, need_weights=False)
print(none, out[1, 2, :3])
causal = nn.Transformer.generate_square_subsequent_mask(3)
out, w = mha(q, q, q, attn_mask=causal, is_causal=True)
print(w[1, 0])
