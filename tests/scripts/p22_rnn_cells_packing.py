import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import (pack_sequence, unpack_sequence, pad_sequence, unpad_sequence,
                                pack_padded_sequence, pad_packed_sequence, PackedSequence)

# "NLP from scratch" names classifier, written with RNNCell by hand, then with nn.RNN over
# packed batches; the packing utilities round-trip.
torch.manual_seed(0)
torch.set_printoptions(precision=4)
letters = "abcdefghijklmnopqrstuvwxyz'"
data = {"English": ["smith", "brown", "wilson", "taylor"],
        "Italian": ["rossi", "russo", "ferrari", "bianchi"],
        "Japanese": ["sato", "suzuki", "takahashi", "tanaka"]}
categories = list(data)


def line_to_tensor(line):
    return F.one_hot(torch.tensor([letters.index(c) for c in line]), len(letters)).float()


print(line_to_tensor("sato").shape, line_to_tensor("sato").argmax(1))


class CellClassifier(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.cell = nn.RNNCell(n_in, n_hidden, nonlinearity="tanh")
        self.h2o = nn.Linear(n_hidden, n_out)

    def forward(self, line):
        h = torch.zeros(1, self.cell.hidden_size)
        for step in range(line.size(0)):
            h = self.cell(line[step:step + 1], h)
        return F.log_softmax(self.h2o(h), dim=1)


model = CellClassifier(len(letters), 12, len(categories))
print(model)
print([(n, tuple(p.shape)) for n, p in model.named_parameters()])
opt = torch.optim.SGD(model.parameters(), lr=0.1)
pairs = [(name, i) for i, c in enumerate(categories) for name in data[c]]
for epoch in range(3):
    total = 0.0
    for name, label in pairs:
        opt.zero_grad()
        out = model(line_to_tensor(name))
        loss = F.nll_loss(out, torch.tensor([label]))
        loss.backward()
        opt.step()
        total += loss.item()
    print(f"cell epoch {epoch} loss {total / len(pairs):.4f}")

# unbatched cell input, relu cell, errors
cell = nn.RNNCell(3, 2, nonlinearity="relu")
print("unbatched", cell(torch.ones(3)).shape, cell(torch.ones(3), torch.zeros(2)).shape)
try:
    nn.RNNCell(3, 2, nonlinearity="gelu")(torch.ones(1, 3))
except RuntimeError as err:
    print("RuntimeError", err)
try:
    cell(torch.ones(4, 5))
except RuntimeError as err:
    print("RuntimeError", err)
gru = nn.GRUCell(3, 2)
lstm = nn.LSTMCell(3, 2, bias=False)
h, c = lstm(torch.ones(2, 3))
print("gru/lstm cells", gru(torch.ones(2, 3)).shape, h.shape, c.shape,
      [n for n, _ in lstm.named_parameters()])

# packing utilities
seqs = [line_to_tensor(n).argmax(1) for n in ["sato", "ferrari", "brown"]]
packed = pack_sequence(seqs, enforce_sorted=False)
print(packed)
print("is PackedSequence", isinstance(packed, PackedSequence), isinstance(packed, tuple))
print("unpacked", [t.tolist() for t in unpack_sequence(packed)])
padded = pad_sequence(seqs, batch_first=True, padding_value=-1)
print(padded)
print("padding_side left", pad_sequence(seqs, batch_first=True, padding_side="left"))
lengths = torch.tensor([len(s) for s in seqs])
print("unpadded", [t.tolist() for t in unpad_sequence(padded, lengths, batch_first=True)])
packed2 = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print("same data", torch.equal(packed.data, packed2.data), packed2.sorted_indices,
      packed2.unsorted_indices)
back, back_len = pad_packed_sequence(packed2, batch_first=True, padding_value=9,
                                     total_length=8)
print(back, back_len)
try:
    pack_sequence(seqs)
except RuntimeError as err:
    print("RuntimeError", str(err).split(".")[0])
try:
    pack_padded_sequence(padded, torch.tensor([4, 0, 5]), batch_first=True,
                         enforce_sorted=False)
except RuntimeError as err:
    print("RuntimeError", err)
moved = packed.to(torch.float64)
print("to float64", moved.data.dtype, moved.batch_sizes.dtype, moved.is_cuda)


class PackedClassifier(nn.Module):
    def __init__(self, n_hidden):
        super().__init__()
        self.embed = nn.Embedding(len(letters), 6)
        self.rnn = nn.RNN(6, n_hidden, num_layers=2, batch_first=True, nonlinearity="relu",
                          dropout=0.0)
        self.out = nn.Linear(n_hidden, len(categories))

    def forward(self, names):
        idx = [torch.tensor([letters.index(c) for c in n]) for n in names]
        lengths = torch.tensor([len(t) for t in idx])
        emb = self.embed(pad_sequence(idx, batch_first=True))
        packed = pack_padded_sequence(emb, lengths, batch_first=True, enforce_sorted=False)
        out, h_n = self.rnn(packed)
        return self.out(h_n[-1]), out


torch.manual_seed(1)
net = PackedClassifier(10)
opt = torch.optim.Adam(net.parameters(), lr=0.02)
names = [n for n, _ in pairs]
labels = torch.tensor([label for _, label in pairs])
for step in range(5):
    opt.zero_grad()
    logits, out = net(names)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    opt.step()
    print(f"packed step {step} loss {loss.item():.4f}")
print(type(out).__name__, out.data.shape, out.batch_sizes)
print("grad_fn", out.data.grad_fn.name())
with torch.no_grad():
    preds = net(["suzuki", "bianchi", "taylor"])[0].argmax(1)
print("predictions", [categories[i] for i in preds])

# the packed output's last valid step equals h_n for a 1-layer RNN
rnn = nn.RNN(6, 4, batch_first=True)
x = torch.randn(3, 5, 6)
lens = torch.tensor([5, 2, 3])
out_p, h_n = rnn(pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False))
out_pad, out_len = pad_packed_sequence(out_p, batch_first=True)
last = out_pad[torch.arange(3), out_len - 1]
print("last == h_n", torch.allclose(last, h_n[0]), out_pad.shape, out_len)
print("padding zeros", out_pad[1, 2:].abs().sum().item())
