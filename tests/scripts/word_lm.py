import torch  # noqa: I001 (the harness requires torch first)

# The word-level LSTM language model of pytorch/examples: embedding, dropout, tied weights,
# truncated BPTT with detached hidden state, clip_grad_norm_, manual SGD, perplexity; the whole
# module is saved with torch.save and reloaded for evaluation.
import io
import math

from torch import nn

torch.manual_seed(1111)
corpus = ("the cat sat on the mat . the dog sat on the log . a cat and a dog met on a mat . "
          * 6).split()
vocab = {w: i for i, w in enumerate(dict.fromkeys(corpus))}
ids = torch.tensor([vocab[w] for w in corpus], dtype=torch.long)


def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    return data.view(bsz, -1).t().contiguous()


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.2, tie_weights=True):
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            self.decoder.weight = self.encoder.weight
        self.init_weights()
        self.nhid, self.nlayers = nhid, nlayers

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output).view(-1, self.ntoken)
        return nn.functional.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                weight.new_zeros(self.nlayers, bsz, self.nhid))


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


bptt, batch_size, eval_batch_size = 6, 4, 2
train_data = batchify(ids, batch_size)
val_data = batchify(ids[:40], eval_batch_size)


def get_batch(source, i):
    seq_len = min(bptt, len(source) - 1 - i)
    return source[i:i + seq_len], source[i + 1:i + 1 + seq_len].reshape(-1)


model = RNNModel(len(vocab), 16, 16, 2)
print(model)
criterion = nn.NLLLoss()


def evaluate(model, data_source):
    model.eval()
    total_loss = 0.0
    hidden = model.init_hidden(eval_batch_size)
    with torch.no_grad():
        for i in range(0, data_source.size(0) - 1, bptt):
            data, targets = get_batch(data_source, i)
            output, hidden = model(data, hidden)
            hidden = repackage_hidden(hidden)
            total_loss += len(data) * criterion(output, targets).item()
    return total_loss / (len(data_source) - 1)


lr, clip = 5.0, 0.25
for epoch in range(1, 3):
    model.train()
    hidden = model.init_hidden(batch_size)
    for batch, i in enumerate(range(0, train_data.size(0) - 1, bptt)):
        data, targets = get_batch(train_data, i)
        model.zero_grad()
        hidden = repackage_hidden(hidden)
        output, hidden = model(data, hidden)
        loss = criterion(output, targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        print(f"epoch {epoch} batch {batch} loss {loss.item():.4f} ppl {math.exp(loss.item()):.3f}")
    val_loss = evaluate(model, val_data)
    print(f"end of epoch {epoch} valid loss {val_loss:.4f} valid ppl {math.exp(val_loss):.3f}")
    lr /= 4.0

buffer = io.BytesIO()
torch.save(model, buffer)
buffer.seek(0)
reloaded = torch.load(buffer, weights_only=False)
reloaded.rnn.flatten_parameters()
print(type(reloaded).__name__, reloaded.decoder.weight is reloaded.encoder.weight)
print(f"reloaded valid loss {evaluate(reloaded, val_data):.4f}")
