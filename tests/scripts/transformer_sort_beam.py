import torch  # noqa: I001 (the harness requires torch first)

# A sequence-to-sequence Transformer that learns to sort digits, written the way the
# "language translation with nn.Transformer" tutorial lays it out: sequence-first tensors
# (batch_first=False), pre-norm GELU layers, sinusoidal positions in a buffer, float causal
# masks from generate_square_subsequent_mask and boolean key-padding masks, the Noam schedule
# by LambdaLR, CrossEntropyLoss with label_smoothing and ignore_index, then greedy decoding and
# a small beam search; and the encoder's eval-mode output at padded positions.
import math

from torch import nn

PAD, BOS, EOS, VOCAB = 0, 1, 2, 13
torch.manual_seed(21)


def make_batch(n=24):
    lengths = torch.randint(3, 7, (n,))
    src = torch.full((8, n), PAD)
    tgt = torch.full((9, n), PAD)
    for j, length in enumerate(lengths.tolist()):
        digits = torch.randint(3, VOCAB, (length,))
        src[:length, j] = digits
        tgt[:length + 2, j] = torch.cat([torch.tensor([BOS]), digits.sort().values,
                                         torch.tensor([EOS])])
    return src, tgt


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, maxlen=32):
        super().__init__()
        den = torch.exp(-torch.arange(0, d_model, 2) * math.log(10000) / d_model)
        pos = torch.arange(0, maxlen).reshape(maxlen, 1)
        pe = torch.zeros((maxlen, d_model))
        pe[:, 0::2] = torch.sin(pos * den)
        pe[:, 1::2] = torch.cos(pos * den)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("pos_embedding", pe.unsqueeze(-2))

    def forward(self, token_embedding):
        return self.dropout(token_embedding + self.pos_embedding[:token_embedding.size(0), :])


class Seq2Seq(nn.Module):
    def __init__(self, d_model=32):
        super().__init__()
        self.d_model = d_model
        self.embed = nn.Embedding(VOCAB, d_model, padding_idx=PAD)
        self.pos = PositionalEncoding(d_model)
        self.transformer = nn.Transformer(d_model, nhead=4, num_encoder_layers=2,
                                          num_decoder_layers=2, dim_feedforward=64, dropout=0.1,
                                          activation="gelu", norm_first=True)
        self.generator = nn.Linear(d_model, VOCAB)

    def emb(self, tokens):
        return self.pos(self.embed(tokens) * math.sqrt(self.d_model))

    def encode(self, src):
        return self.transformer.encoder(self.emb(src), src_key_padding_mask=(src == PAD).T)

    def decode(self, tgt, memory, memory_mask):
        mask = nn.Transformer.generate_square_subsequent_mask(tgt.size(0))
        return self.transformer.decoder(self.emb(tgt), memory, tgt_mask=mask,
                                        memory_key_padding_mask=memory_mask)

    def forward(self, src, tgt):
        mask = nn.Transformer.generate_square_subsequent_mask(tgt.size(0))
        out = self.transformer(self.emb(src), self.emb(tgt), tgt_mask=mask,
                               src_key_padding_mask=(src == PAD).T,
                               tgt_key_padding_mask=(tgt == PAD).T,
                               memory_key_padding_mask=(src == PAD).T)
        return self.generator(out)


model = Seq2Seq()
for p in model.parameters():
    if p.dim() > 1:
        nn.init.xavier_uniform_(p)
print(nn.Transformer.generate_square_subsequent_mask(4))
optimizer = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98), eps=1e-9)
warmup = 8
scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda step: 32 ** -0.5 * min((step + 1) ** -0.5, (step + 1) * warmup ** -1.5))
loss_fn = nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=0.1)
for step in range(16):
    model.train()
    src, tgt = make_batch()
    logits = model(src, tgt[:-1])
    loss = loss_fn(logits.reshape(-1, VOCAB), tgt[1:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    if step % 3 == 0:
        print(f"step {step:2d} loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.6f}")

model.eval()
src, tgt = make_batch(3)
with torch.no_grad():
    memory = model.encode(src)
    print("memory", tuple(memory.shape), "padded rows are zero:",
          bool((memory[(src == PAD)] == 0).all()), "finite:", bool(memory.isfinite().all()))
    memory_mask = (src == PAD).T
    ys = torch.full((1, 3), BOS)
    for _ in range(8):
        out = model.decode(ys, memory, memory_mask)
        next_word = model.generator(out[-1]).argmax(-1)
        ys = torch.cat([ys, next_word[None]], dim=0)
    print("greedy", ys.T.tolist())
    print("target", tgt.T.tolist())

    beams = [(0.0, [BOS])]
    mem, mask = memory[:, :1], memory_mask[:1]
    for _ in range(6):
        candidates = []
        for score, seq in beams:
            if seq[-1] == EOS:
                candidates.append((score, seq))
                continue
            out = model.decode(torch.tensor(seq)[:, None], mem, mask)
            log_probs = torch.log_softmax(model.generator(out[-1, 0]), -1)
            top = log_probs.topk(2)
            for lp, idx in zip(top.values.tolist(), top.indices.tolist()):
                candidates.append((score + lp, seq + [idx]))
        beams = sorted(candidates, key=lambda c: c[0], reverse=True)[:2]
    for score, seq in beams:
        print(f"beam {score:.4f} {seq}")
reader = nn.TransformerEncoder(nn.TransformerEncoderLayer(32, 4, 64, batch_first=True), 1).eval()
with torch.no_grad():
    read = reader(model.emb(src).transpose(0, 1), src_key_padding_mask=(src == PAD).T)
print("batch-first post-norm encoder in eval:", tuple(read.shape), "padded rows sum to",
      read[(src == PAD).T].abs().sum().item(), "first row", read[0, 0, :4])
