import torch  # noqa: I001 (the harness requires torch first)

# A GRU encoder-decoder with additive (Bahdanau) attention, teacher forcing chosen by a coin
# flip, NLLLoss on log-softmax outputs, two optimisers and greedy decoding, as in the
# seq2seq translation tutorial, on a toy sequence-reversal task.
import random

from torch import nn, optim
from torch.nn import functional as F

random.seed(0)
torch.manual_seed(0)
SOS, EOS, vocab, hidden = 0, 1, 10, 24
pairs = []
for _ in range(24):
    seq = torch.randint(2, vocab, (5,))
    pairs.append((seq, seq.flip(0)))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)

    def forward(self, x):
        return self.gru(self.embedding(x))


class BahdanauAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.Wa = nn.Linear(hidden, hidden)
        self.Ua = nn.Linear(hidden, hidden)
        self.Va = nn.Linear(hidden, 1)

    def forward(self, query, keys):
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys))).squeeze(2).unsqueeze(1)
        weights = F.softmax(scores, dim=-1)
        return torch.bmm(weights, keys), weights


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden)
        self.attention = BahdanauAttention()
        self.gru = nn.GRU(2 * hidden, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)
        self.dropout = nn.Dropout(0.1)

    def step(self, token, state, encoder_outputs):
        embedded = self.dropout(self.embedding(token))
        context, weights = self.attention(state.permute(1, 0, 2), encoder_outputs)
        output, state = self.gru(torch.cat((embedded, context), dim=2), state)
        return F.log_softmax(self.out(output), dim=-1), state, weights


encoder, decoder = Encoder(), Decoder()
enc_opt = optim.Adam(encoder.parameters(), lr=0.01)
dec_opt = optim.Adam(decoder.parameters(), lr=0.01)
criterion = nn.NLLLoss()
for epoch in range(6):
    total = 0.0
    for src, tgt in pairs[:16]:
        enc_opt.zero_grad()
        dec_opt.zero_grad()
        enc_out, state = encoder(src.unsqueeze(0))
        token = torch.tensor([[SOS]])
        loss = 0
        teacher = random.random() < 0.5
        for t in range(tgt.size(0)):
            log_probs, state, _ = decoder.step(token, state, enc_out)
            loss = loss + criterion(log_probs.squeeze(1), tgt[t:t + 1])
            token = tgt[t].view(1, 1) if teacher else log_probs.argmax(-1).detach()
        loss.backward()
        enc_opt.step()
        dec_opt.step()
        total += loss.item() / tgt.size(0)
    print(f"epoch {epoch} loss {total / 16:.4f}")

encoder.eval()
decoder.eval()
with torch.no_grad():
    src, tgt = pairs[20]
    enc_out, state = encoder(src.unsqueeze(0))
    token, decoded, attn = torch.tensor([[SOS]]), [], []
    for _ in range(5):
        log_probs, state, weights = decoder.step(token, state, enc_out)
        token = log_probs.topk(1)[1].squeeze(-1)
        decoded.append(token.item())
        attn.append(weights)
    print(src.tolist(), tgt.tolist(), decoded)
    print(torch.cat(attn, dim=1).squeeze(0).sum(-1))
