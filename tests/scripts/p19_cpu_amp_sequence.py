import torch

# Mixed precision on the CPU as sequence-model scripts write it: an older script's
# torch.cpu.amp.autocast() and torch.cpu.amp.GradScaler() (deprecated spellings, with their
# FutureWarnings), torch.autocast("cpu", dtype=torch.bfloat16) around an LSTM tagger (padded
# and packed batches), a GRU and an RNN, linalg.vecdot / tensordot / inner scores, the dtypes
# each op hands back, a float32 master copy of the weights trained through bfloat16 compute,
# and casts of nan/inf/huge values to integer and half dtypes (silent, as in torch).
import warnings

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)


def name(dtype):
    return str(dtype).split(".")[-1]


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    legacy = torch.cpu.amp.autocast()
    scaler = torch.cpu.amp.GradScaler(init_scale=2.0 ** 8)
for w in caught:
    print(w.category.__name__, w.message)
print("legacy autocast", legacy.device, name(legacy.fast_dtype), "scaler", scaler.is_enabled(),
      scaler.get_scale())


class Tagger(nn.Module):
    def __init__(self, vocab=12, dim=8, hidden=6, tags=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=0)
        self.lstm = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, tags)

    def forward(self, tokens, lengths=None):
        x = self.embed(tokens)
        if lengths is None:
            h, (hn, cn) = self.lstm(x)
        else:
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, (hn, cn) = self.lstm(packed)
            h, _ = pad_packed_sequence(h, batch_first=True, total_length=tokens.shape[1])
        return self.out(h), hn, cn


model = Tagger()
tokens = torch.randint(1, 12, (4, 7))
lengths = torch.tensor([7, 5, 3, 6])
tokens[torch.arange(7)[None, :] >= lengths[:, None]] = 0
tags = (tokens % 3).masked_fill(tokens == 0, -100)
with torch.autocast("cpu", dtype=torch.bfloat16):
    for label, lens in (("padded", None), ("packed", lengths)):
        logits, hn, cn = model(tokens, lens)
        print(label, "logits", name(logits.dtype), "h_n", name(hn.dtype), "c_n", name(cn.dtype))
    gru_out, gru_h = nn.GRU(8, 4)(torch.randn(5, 2, 8))
    rnn_out, rnn_h = nn.RNN(8, 4, nonlinearity="relu")(torch.randn(5, 2, 8))
    proj_out, (proj_h, proj_c) = nn.LSTM(8, 4, proj_size=2)(torch.randn(5, 2, 8))
    print("gru", name(gru_out.dtype), "rnn", name(rnn_out.dtype), "lstm proj",
          name(proj_out.dtype), name(proj_h.dtype), name(proj_c.dtype))
    q, k = torch.randn(3, 8), torch.randn(3, 8)
    print("vecdot", name(torch.linalg.vecdot(q, k).dtype),
          "tensordot", name(torch.tensordot(q, k.T, dims=1).dtype),
          "tensordot full", name(torch.tensordot(q, k).dtype),
          "inner vectors", name(torch.inner(q[0], k[0]).dtype),
          "inner matrices", name(torch.inner(q, k).dtype))
    loss = F.cross_entropy(logits.reshape(-1, 3), tags.reshape(-1), ignore_index=-100)
    print("loss", name(loss.dtype), "grad_fn", type(loss.grad_fn).__name__)

opt = torch.optim.AdamW(model.parameters(), lr=5e-3)
losses = []
for step in range(8):
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits, _, _ = model(tokens)
        loss = F.cross_entropy(logits.reshape(-1, 3), tags.reshape(-1), ignore_index=-100)
    opt.zero_grad()
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
    losses.append(loss.item())
print("weights stay float32", {name(p.dtype) for p in model.parameters()},
      "grads", {name(p.grad.dtype) for p in model.parameters() if p.grad is not None})
print("loss went down", losses[-1] < losses[0], "scale", scaler.get_scale())

with torch.no_grad():
    full = model(tokens)[0].argmax(-1)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        low = model(tokens)[0].argmax(-1)
print("bf16 predictions agree on", (full == low).float().mean().item() > 0.8)

odd = torch.tensor([float("nan"), float("inf"), -float("inf"), 1e20, 70000.0, 2.75])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    halves = odd.half()
    ints = odd.int()
    huge = torch.tensor([1e40, -1e40])
    h16 = torch.tensor(1e6, dtype=torch.float16)
print("half", halves, "int last", ints[-1].item(), "huge", huge, h16, "warnings", len(caught))
