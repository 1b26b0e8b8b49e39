import torch

# Two small production-style models: a speech recogniser (nn.Conv1d front end with
# GroupNorm and GELU, length arithmetic for the strided conv, a bidirectional nn.LSTM over
# pack_padded_sequence, CTC training with log_softmax over (T, N, C) and greedy decoding with
# unique_consecutive and blank removal), and a recommender (nn.EmbeddingBag in "sum" mode
# with per_sample_weights and padding_idx, offsets-style and 2-D inputs, "max"/"mean" bags,
# a dot-product scorer trained with BCE, and top-k recommendations with seen items masked).
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
VOCAB = "_abcde"


class SpeechModel(nn.Module):
    def __init__(self, n_feats=8, hidden=12, n_class=len(VOCAB)):
        super().__init__()
        self.conv = nn.Conv1d(n_feats, hidden, kernel_size=3, stride=2, padding=1)
        self.norm = nn.GroupNorm(3, hidden)
        self.lstm = nn.LSTM(hidden, hidden, num_layers=2, bidirectional=True, dropout=0.1)
        self.fc = nn.Linear(2 * hidden, n_class)

    def output_lengths(self, lengths):
        return torch.div(lengths + 2 * 1 - 3, 2, rounding_mode="floor") + 1

    def forward(self, feats, lengths):
        x = F.gelu(self.norm(self.conv(feats)))
        out_lengths = self.output_lengths(lengths)
        x = x.permute(2, 0, 1)
        packed = pack_padded_sequence(x, out_lengths, enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        out, lens = pad_packed_sequence(out)
        return F.log_softmax(self.fc(out), dim=-1), lens


def greedy_decode(log_probs, lengths):
    best = log_probs.argmax(-1).T
    texts = []
    for seq, n in zip(best, lengths):
        collapsed = torch.unique_consecutive(seq[:n])
        texts.append("".join(VOCAB[i] for i in collapsed.tolist() if i != 0))
    return texts


model = SpeechModel()
feats = torch.randn(3, 8, 20)
lengths = torch.tensor([20, 15, 11])
targets = torch.tensor([[1, 2, 3, 0], [2, 2, 4, 5], [5, 1, 0, 0]])
target_lengths = torch.tensor([3, 4, 2])
ctc = nn.CTCLoss(blank=0, zero_infinity=True)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
print("output lengths", model.output_lengths(lengths))
for step in range(6):
    log_probs, out_lens = model(feats, lengths)
    loss = ctc(log_probs, targets, out_lens, target_lengths)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 2.0)
    opt.step()
    print(f"ctc step {step} loss {loss.item():.8f} shape {tuple(log_probs.shape)}")
model.eval()
with torch.no_grad():
    log_probs, out_lens = model(feats, lengths)
print("decoded", greedy_decode(log_probs, out_lens), out_lens)
flat = torch.cat([t[:n] for t, n in zip(targets, target_lengths)])
print("concatenated targets", ctc(log_probs, flat, out_lens, target_lengths).item() > 0)
print("sum", F.ctc_loss(log_probs, targets, out_lens, target_lengths, reduction="none"))

bag = nn.EmbeddingBag(10, 4, mode="sum", padding_idx=0)
print(bag)
print("pad row zero", bag.weight[0])
items = torch.tensor([3, 0, 5, 7, 7, 0, 2])
offsets = torch.tensor([0, 3, 5])
weights = torch.tensor([1.0, 9.0, 0.5, 2.0, 1.0, 4.0, 3.0])
out = bag(items, offsets, per_sample_weights=weights)
print("weighted bags", out)
manual = torch.stack([
    bag.weight[3] * 1.0 + bag.weight[5] * 0.5,
    bag.weight[7] * 2.0 + bag.weight[7] * 1.0,
    bag.weight[2] * 3.0])
print("manual", torch.allclose(out, manual))
out.sum().backward()
print("grad pad row", bag.weight.grad[0], "grad row 7", bag.weight.grad[7])
bag2d = nn.EmbeddingBag.from_pretrained(bag.weight.detach(), mode="sum", padding_idx=0,
                                        freeze=True)
print("2d", bag2d(torch.tensor([[3, 5, 0], [7, 7, 0]]),
                  per_sample_weights=torch.tensor([[1.0, 0.5, 8.0], [2.0, 1.0, 8.0]])))
for mode in ("mean", "max"):
    b = nn.EmbeddingBag(10, 3, mode=mode, padding_idx=0)
    with torch.no_grad():
        b.weight.copy_(torch.arange(30.0).view(10, 3))
    print(mode, b(torch.tensor([1, 0, 4, 0, 0, 9]), torch.tensor([0, 3, 5])))
try:
    nn.EmbeddingBag(10, 3, mode="mean")(torch.tensor([1, 2]), torch.tensor([0]),
                                        per_sample_weights=torch.tensor([1.0, 2.0]))
except (NotImplementedError, RuntimeError, ValueError) as error:
    print(type(error).__name__, str(error)[:100])
print("include_last_offset", nn.EmbeddingBag(10, 2, mode="sum")(
    torch.tensor([1, 2, 3]), torch.tensor([0, 1, 3]), ).shape,
    nn.EmbeddingBag(10, 2, mode="sum", include_last_offset=True)(
        torch.tensor([1, 2, 3]), torch.tensor([0, 1, 3])).shape)


class Recommender(nn.Module):
    def __init__(self, users, items, dim=6):
        super().__init__()
        self.user = nn.Embedding(users, dim)
        self.history = nn.EmbeddingBag(items, dim, mode="sum", padding_idx=0)
        self.item = nn.Embedding(items, dim, padding_idx=0)

    def forward(self, users, hist, hist_w, candidates):
        u = self.user(users) + self.history(hist, per_sample_weights=hist_w)
        return (u.unsqueeze(1) * self.item(candidates)).sum(-1)


rec = Recommender(4, 12)
users = torch.tensor([0, 1, 2, 3])
hist = torch.tensor([[1, 2, 0], [3, 4, 5], [6, 0, 0], [7, 8, 9]])
hist_w = (hist > 0).double() / (hist > 0).sum(1, keepdim=True)
cands = torch.randint(1, 12, (4, 5), generator=torch.Generator().manual_seed(3))
clicks = torch.randint(0, 2, (4, 5), generator=torch.Generator().manual_seed(4)).double()
opt = torch.optim.Adagrad(rec.parameters(), lr=0.1)
for step in range(5):
    loss = F.binary_cross_entropy_with_logits(rec(users, hist, hist_w, cands), clicks)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"rec step {step} loss {loss.item():.8f}")
with torch.no_grad():
    scores = rec(users, hist, hist_w, torch.arange(12).expand(4, -1))
    scores[:, 0] = float("-inf")
    scores.scatter_(1, hist, float("-inf"))
    top = scores.topk(3, dim=1)
print("recommendations", top.indices, top.values.round(decimals=6))
