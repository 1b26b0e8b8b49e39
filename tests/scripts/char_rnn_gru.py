import torch
import torch.nn.functional as F
from torch import nn

# A char-RNN in the style of Karpathy's min-char-rnn, ported to PyTorch: a vocabulary built
# from the text, truncated backpropagation through time with the hidden state carried across
# chunks (detached), a 2-layer GRU, gradient clipping, then sampling with a temperature and
# top-k through torch.multinomial driven by its own torch.Generator (so the model's init
# stream and the sampling stream do not interfere), and greedy decoding for comparison.

torch.manual_seed(0)
text = ("the quick brown fox jumps over the lazy dog. " * 3
        + "pack my box with five dozen liquor jugs. " * 3)
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
print(len(text), "characters,", len(chars), "symbols:", repr("".join(chars)))


class CharRNN(nn.Module):
    def __init__(self, vocab, hidden=48, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, 16)
        self.rnn = nn.GRU(16, hidden, num_layers=layers, batch_first=True, dropout=0.1)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, h=None):
        y, h = self.rnn(self.embed(x), h)
        return self.out(y), h


model = CharRNN(len(chars))
optimizer = torch.optim.RMSprop(model.parameters(), lr=5e-3)
seq_len, batch = 20, 4
starts = torch.arange(0, len(data) - seq_len - 1, (len(data) - seq_len - 1) // batch)[:batch]
print("stream starts", starts.tolist())
for epoch in range(3):
    h = None
    total = 0.0
    chunks = 0
    for offset in range(0, 60, seq_len):
        idx = starts.unsqueeze(1) + offset + torch.arange(seq_len)
        x, y = data[idx], data[idx + 1]
        if h is not None:
            h = h.detach()  # truncated BPTT: keep the state, cut the graph
        logits, h = model(x, h)
        loss = F.cross_entropy(logits.reshape(-1, len(chars)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
        optimizer.step()
        total += loss.item()
        chunks += 1
    print(f"epoch {epoch} mean loss {total / chunks:.5f} last norm {norm.item():.5f} "
          f"h {tuple(h.shape)}")


@torch.no_grad()
def sample(prefix, n, temperature=1.0, top_k=None, generator=None):
    model.eval()
    x = torch.tensor([[stoi[c] for c in prefix]])
    logits, h = model(x)
    out = list(prefix)
    for _ in range(n):
        scores = logits[0, -1] / temperature
        if top_k is not None:
            kth = scores.topk(top_k).values[-1]
            scores = scores.masked_fill(scores < kth, float("-inf"))
        if generator is None:
            nxt = scores.argmax()
        else:
            nxt = torch.multinomial(F.softmax(scores, dim=-1), 1, generator=generator)[0]
        out.append(itos[nxt.item()])
        logits, h = model(nxt.view(1, 1), h)
    return "".join(out)


print("greedy :", repr(sample("the ", 30)))
for temperature in (0.5, 1.0, 1.5):
    g = torch.Generator().manual_seed(42)
    print(f"t={temperature}  :", repr(sample("the ", 30, temperature, generator=g)))
g = torch.Generator().manual_seed(42)
print("top-k 3:", repr(sample("pack ", 30, 0.8, top_k=3, generator=g)))
state = g.get_state()
first = torch.multinomial(torch.ones(len(chars)), 5, replacement=True, generator=g)
g.set_state(state)
again = torch.multinomial(torch.ones(len(chars)), 5, replacement=True, generator=g)
print(first.tolist(), torch.equal(first, again), g.initial_seed())
probs = F.softmax(model(data[:10].unsqueeze(0))[0][0], dim=-1)
print("perplexity of the first chars", torch.exp(-probs[torch.arange(9), data[1:10]].log().mean()))
