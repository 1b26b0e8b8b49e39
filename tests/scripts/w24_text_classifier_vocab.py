import torch

# A text-classification repo without torchtext: a regex tokenizer, a Vocab class built from a
# collections.Counter with min_freq, <pad>=0 and <unk>=1 specials and a stoi.get(token, unk)
# lookup, a Dataset of (label, text) rows, a collate_fn that pads with pad_sequence
# (batch_first=True, padding_value=PAD), sorts by length and returns lengths; three models: an
# nn.EmbeddingBag(mode="mean") over flattened ids with offsets (the torchtext tutorial), a BiGRU
# over pack_padded_sequence(..., enforce_sorted=False) whose final hidden states are
# concatenated, and a masked-mean / attention-pooling encoder using the key padding mask;
# nn.Embedding(padding_idx=PAD) whose pad row stays zero, class weights from label frequencies,
# gradient clipping, per-class precision/recall from a confusion matrix, and predicting new
# sentences through the same pipeline.
import re
from collections import Counter

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
PAD, UNK = 0, 1
LABELS = ["sports", "tech", "food"]
WORDS = {
    "sports": "match goal team score coach league player win season striker referee".split(),
    "tech": "software chip startup cloud model data code server network laptop robot".split(),
    "food": "recipe pasta spicy bake flavor chef sauce dinner garlic oven taste".split(),
}
COMMON = "the a of and to in is was with for on new big".split()
gen = torch.Generator().manual_seed(7)


def make_sentence(label):
    n = int(torch.randint(4, 13, (1,), generator=gen))
    words = []
    for _ in range(n):
        r = torch.rand(1, generator=gen).item()
        pool = WORDS[label] if r < 0.45 else COMMON if r < 0.85 else WORDS[
            LABELS[int(torch.randint(0, 3, (1,), generator=gen))]]
        words.append(pool[int(torch.randint(0, len(pool), (1,), generator=gen))])
    return " ".join(words).capitalize() + ("!" if r < 0.2 else ".")


rows = [(lbl, make_sentence(LABELS[lbl])) for lbl in
        torch.randint(0, 3, (180,), generator=gen).tolist()]
print(rows[0], rows[1], sep="\n")


def tokenize(text):
    return re.findall(r"[a-z]+|[!?.]", text.lower())


class Vocab:
    def __init__(self, counter, min_freq=2, specials=("<pad>", "<unk>")):
        self.itos = list(specials) + sorted(t for t, c in counter.items() if c >= min_freq)
        self.stoi = {t: i for i, t in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def __call__(self, tokens):
        return [self.stoi.get(t, UNK) for t in tokens]


train_rows, test_rows = rows[:150], rows[150:]
counter = Counter(tok for _, text in train_rows for tok in tokenize(text))
vocab = Vocab(counter, min_freq=2)
print("vocab", len(vocab), vocab.itos[:8], "most common", counter.most_common(3))


class TextDataset(Dataset):
    def __init__(self, rows):
        self.rows = rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        label, text = self.rows[i]
        return label, torch.tensor(vocab(tokenize(text)), dtype=torch.int64)


def collate_padded(batch):
    batch = sorted(batch, key=lambda item: len(item[1]), reverse=True)
    labels = torch.tensor([label for label, _ in batch])
    seqs = [ids for _, ids in batch]
    lengths = torch.tensor([len(s) for s in seqs])
    return labels, pad_sequence(seqs, batch_first=True, padding_value=PAD), lengths


def collate_bag(batch):
    labels = torch.tensor([label for label, _ in batch], dtype=torch.int64)
    offsets = torch.tensor([0] + [len(ids) for _, ids in batch[:-1]]).cumsum(dim=0)
    return labels, torch.cat([ids for _, ids in batch]), offsets


train_ds, test_ds = TextDataset(train_rows), TextDataset(test_rows)
labels, padded, lengths = collate_padded([train_ds[i] for i in range(4)])
print("padded", tuple(padded.shape), lengths.tolist(), padded[-1].tolist())
print("pad mask", (padded == PAD).sum(dim=1).tolist())


class BagClassifier(nn.Module):
    def __init__(self, vocab_size, dim, num_class):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, dim, mode="mean")
        self.fc = nn.Linear(dim, num_class)
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()

    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets))


class GRUClassifier(nn.Module):
    def __init__(self, vocab_size, dim, hidden, num_class):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD)
        self.gru = nn.GRU(dim, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, num_class)

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths.cpu(), batch_first=True,
                                      enforce_sorted=False)
        out, h_n = self.gru(packed)
        out, out_lengths = pad_packed_sequence(out, batch_first=True, padding_value=0.0)
        assert torch.equal(out_lengths, lengths)
        return self.fc(torch.cat((h_n[-2], h_n[-1]), dim=1))


class AttentionPoolClassifier(nn.Module):
    def __init__(self, vocab_size, dim, num_class):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD)
        self.proj = nn.Sequential(nn.Linear(dim, dim), nn.Tanh())
        self.score = nn.Linear(dim, 1, bias=False)
        self.fc = nn.Linear(2 * dim, num_class)

    def forward(self, ids, lengths):
        mask = ids.ne(PAD)  # (B, T)
        h = self.proj(self.embedding(ids))
        scores = self.score(h).squeeze(-1).masked_fill(~mask, float("-inf"))
        attn = scores.softmax(dim=-1)
        pooled_attn = torch.einsum("bt,btd->bd", attn, h)
        masked_mean = (h * mask.unsqueeze(-1)).sum(1) / lengths.unsqueeze(1).to(h.dtype)
        return self.fc(torch.cat([pooled_attn, masked_mean], dim=-1))


label_counts = torch.bincount(torch.tensor([lbl for lbl, _ in train_rows]), minlength=3)
class_weights = label_counts.sum() / (len(LABELS) * label_counts.float())
print("label counts", label_counts.tolist(), "weights", [round(w, 4) for w in
                                                         class_weights.tolist()])


def run(name, model, collate, epochs=3, lr=0.01):
    train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, collate_fn=collate,
                              generator=torch.Generator().manual_seed(3))
    test_loader = DataLoader(test_ds, batch_size=64, collate_fn=collate)
    criterion = nn.CrossEntropyLoss(weight=class_weights)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        model.train()
        total_loss, correct, count = 0.0, 0, 0
        for labels, inputs, extra in train_loader:
            optimizer.zero_grad()
            logits = model(inputs, extra)
            loss = criterion(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            optimizer.step()
            total_loss += loss.item() * labels.size(0)
            correct += (logits.argmax(1) == labels).sum().item()
            count += labels.size(0)
        print(f"{name} epoch {epoch + 1} loss {total_loss / count:.4f} acc {correct / count:.4f}")
    model.eval()
    confusion = torch.zeros(3, 3, dtype=torch.int64)
    with torch.no_grad():
        for labels, inputs, extra in test_loader:
            preds = model(inputs, extra).argmax(dim=1)
            confusion.index_put_((labels, preds), torch.ones_like(labels), accumulate=True)
    precision = confusion.diag() / confusion.sum(0).clamp(min=1)
    recall = confusion.diag() / confusion.sum(1).clamp(min=1)
    print(f"{name} test acc {confusion.trace().item() / confusion.sum().item():.4f}",
          "precision", [round(p, 3) for p in precision.tolist()],
          "recall", [round(r, 3) for r in recall.tolist()])
    return model


bag = run("bag", BagClassifier(len(vocab), 16, 3), collate_bag, lr=0.05)
gru = run("bigru", GRUClassifier(len(vocab), 16, 16, 3), collate_padded)
attn = run("attnpool", AttentionPoolClassifier(len(vocab), 16, 3), collate_padded)
print("pad rows stay zero:", gru.embedding.weight[PAD].abs().sum().item(),
      attn.embedding.weight[PAD].abs().sum().item())

new = ["The striker will score a goal", "Bake the pasta with garlic sauce",
       "A new chip for the cloud server", "Zebra quantum xylophone"]
ids = [torch.tensor(vocab(tokenize(s))) for s in new]
print("unk counts", [int((i == UNK).sum()) for i in ids])
with torch.no_grad():
    _, text, offsets = collate_bag([(0, i) for i in ids])
    bag_probs = F.softmax(bag(text, offsets), dim=1)
    lengths = torch.tensor([len(i) for i in ids])
    padded = pad_sequence(ids, batch_first=True)
    gru_probs = gru(padded, lengths).softmax(-1)
for sentence, p, q in zip(new, bag_probs, gru_probs):
    print(f"{sentence!r:40} bag={LABELS[p.argmax()]:6} {p.max():.3f} "
          f"gru={LABELS[int(q.argmax())]:6} {q.max().item():.3f}")
