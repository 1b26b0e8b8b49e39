import torch
import string
import unicodedata

import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)

# --- text classification with EmbeddingBag and offsets -----------------------------------
corpus = [
    (0, "stocks rallied as markets closed higher"),
    (1, "the team won the final match in overtime"),
    (2, "new chip doubles the speed of phones"),
    (3, "heavy rain is expected across the region"),
    (0, "bank shares fell after the rate decision"),
    (1, "star striker scores twice in derby"),
    (2, "software update fixes battery drain"),
    (3, "sunny skies and warm winds this weekend"),
] * 4


def tokenizer(text):
    return text.lower().split()


vocab = {"<unk>": 0}
for _, text in corpus:
    for token in tokenizer(text):
        vocab.setdefault(token, len(vocab))
print("vocab size", len(vocab))


def text_pipeline(x):
    return [vocab.get(token, 0) for token in tokenizer(x)]


def collate_batch(batch):
    label_list, text_list, offsets = [], [], [0]
    for _label, _text in batch:
        label_list.append(_label)
        processed_text = torch.tensor(text_pipeline(_text), dtype=torch.int64)
        text_list.append(processed_text)
        offsets.append(processed_text.size(0))
    label_list = torch.tensor(label_list, dtype=torch.int64)
    offsets = torch.tensor(offsets[:-1]).cumsum(dim=0)
    text_list = torch.cat(text_list)
    return label_list, text_list, offsets


class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()

    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()

    def forward(self, text, offsets):
        embedded = self.embedding(text, offsets)
        return self.fc(embedded)


model = TextClassificationModel(len(vocab), 16, 4).double()
print(model)
generator = torch.Generator().manual_seed(42)
loader = DataLoader(corpus, batch_size=8, shuffle=True, collate_fn=collate_batch,
                    generator=generator)
labels, text, offsets = next(iter(loader))
print("first batch labels", labels, "offsets", offsets)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5.0)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
for epoch in range(1, 4):
    model.train()
    total_acc, total_count = 0, 0
    for label, text, offsets in loader:
        optimizer.zero_grad()
        predicted_label = model(text, offsets)
        loss = criterion(predicted_label, label)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
        optimizer.step()
        total_acc += (predicted_label.argmax(1) == label).sum().item()
        total_count += label.size(0)
    scheduler.step()
    print(f"| epoch {epoch:3d} | accuracy {total_acc / total_count:8.3f} | lr "
          f"{scheduler.get_last_lr()[0]:.4f} | loss {loss.item():.6f}")

with torch.no_grad():
    ex = torch.tensor(text_pipeline("markets rallied after the bank decision"))
    print("predicted", model(ex, torch.tensor([0])).argmax(1).item() + 1)

# EmbeddingBag modes, per_sample_weights and padding_idx
bag = nn.EmbeddingBag(10, 3, mode="sum", padding_idx=0).double()
inp = torch.tensor([1, 2, 0, 4, 5, 0, 3])
off = torch.tensor([0, 3])
w = torch.tensor([1.0, 0.5, 2.0, 1.0, 1.0, 3.0, 0.25], dtype=torch.double)
out = bag(inp, off, per_sample_weights=w)
print("bag sum shape", out.shape, out.grad_fn)
out.sum().backward()
print("padding row grad zero", bag.weight.grad[0].abs().sum().item())
print("grad rows", bag.weight.grad[:6].sum(1))
for mode in ("mean", "max"):
    b2 = nn.EmbeddingBag.from_pretrained(torch.arange(30.0).reshape(10, 3), mode=mode)
    print(mode, b2(torch.tensor([[1, 2], [4, 9]])))
print("include_last_offset", nn.EmbeddingBag.from_pretrained(
    torch.arange(30.0).reshape(10, 3), mode="sum", include_last_offset=True)(
        torch.tensor([1, 2, 3, 4]), torch.tensor([0, 1, 4])))
try:
    bag(inp, off, per_sample_weights=w[:3])
except (ValueError, RuntimeError) as e:
    print(type(e).__name__, e)

# --- char-RNN name classification --------------------------------------------------------
all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)


def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in all_letters
    )


print(unicodeToAscii('Ślusàrski'))
category_lines = {
    "French": ["Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Blanc"],
    "German": ["Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Becker"],
    "Italian": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"],
}
all_categories = list(category_lines)
n_categories = len(all_categories)


def letterToIndex(letter):
    return all_letters.find(letter)


def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


print(lineToTensor('Jones').size(), lineToTensor('J')[0, 0].nonzero())


class NamesDataset(Dataset):
    def __init__(self):
        self.items = [(unicodeToAscii(name), i) for i, c in enumerate(all_categories)
                      for name in category_lines[c]]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        name, label = self.items[idx]
        return lineToTensor(name), torch.tensor([label], dtype=torch.long), name


class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)
        return output


torch.manual_seed(1)
rnn = CharRNN(n_letters, 32, n_categories).double()
print(rnn)
data = NamesDataset()
print("dataset", len(data), data[7][2], data[7][1])
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(rnn.parameters(), lr=0.05)
g = torch.Generator().manual_seed(3)
for epoch in range(6):
    perm = torch.randperm(len(data), generator=g)
    current = 0.0
    for i in perm.tolist():
        line_tensor, label, name = data[i]
        output = rnn(line_tensor.double())
        loss = criterion(output, label)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(rnn.parameters(), 3)
        optimizer.step()
        current += loss.item()
    print(f"epoch {epoch} mean loss {current / len(data):.6f}")


def label_from_output(output, output_labels):
    top_n, top_i = output.topk(1)
    label_i = top_i[0].item()
    return output_labels[label_i], label_i


with torch.no_grad():
    for name in ["Fischer", "Romano", "Blanc", "Rousseau"]:
        out = rnn(lineToTensor(name).double())
        print(name, label_from_output(out, all_categories), out.exp().round(decimals=4))
    confusion = torch.zeros(n_categories, n_categories)
    for line_tensor, label, name in data:
        guess, guess_i = label_from_output(rnn(line_tensor.double()), all_categories)
        confusion[label.item()][guess_i] += 1
    print(confusion / confusion.sum(1, keepdim=True))
