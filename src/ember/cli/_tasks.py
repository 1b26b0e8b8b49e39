"""The tasks of ``ember train``: each a model, an optimizer, batches and a metric."""
from __future__ import annotations

import ember

from .. import nn, optim
from ..data import load_digits, load_text
from ..nn import functional as F
from ..utils.data import DataLoader, TensorDataset


class _Task:
    """A model with its optimizer, batches and metric; subclasses fill them in."""

    lr = 1e-3
    # The metric that picks the best epoch's checkpoint, and whether lower or higher is better.
    monitor = ("loss", "min")

    def batches(self):
        """The batches of one epoch, as a list."""
        raise NotImplementedError

    def loss(self, batch):
        raise NotImplementedError

    def evaluate(self):
        """Metrics on held-out data, as {name: value}."""
        return {}

    def summary(self, sample):
        """Extra lines to print after training (``sample``: characters a language model
        generates)."""
        return []


class _LinearRegression(_Task):
    lr = 0.1

    def __init__(self, device, lr):
        inputs = ember.randn(100, 1)
        targets = inputs * 2.0 + 1.0 + 0.1 * ember.randn(100, 1)
        self.inputs, self.targets = inputs.to(device), targets.to(device)
        self.model = nn.Linear(1, 1).to(device)
        self.optimizer = optim.SGD(self.model.parameters(), lr=self.lr if lr is None else lr)
        self.loss_fn = nn.MSELoss()

    def batches(self):
        return [(self.inputs, self.targets)]

    def loss(self, batch):
        return self.loss_fn(self.model(batch[0]), batch[1])

    def evaluate(self):
        return {"w": self.model.weight.item(), "b": self.model.bias.item()}

    def summary(self, sample):
        return [f"learned y = {self.model.weight.item():.4f}·x + {self.model.bias.item():.4f} "
                "(true: y = 2·x + 1)"]


class _Digits(_Task):
    monitor = ("accuracy", "max")

    def __init__(self, device, lr, convolutional):
        images, labels = load_digits()
        images = images.unsqueeze(1) if convolutional else images.view(-1, 64)
        order = ember.randperm(len(labels), device=labels.device)
        cut = int(0.8 * len(labels))
        train, test = order[:cut], order[cut:]
        self.loader = DataLoader(TensorDataset(images[train], labels[train]), batch_size=64,
                                 shuffle=True)
        self.test = images[test].to(device), labels[test].to(device)
        self.device = device
        if convolutional:
            self.model = nn.Sequential(
                nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(128, 10))
            self.lr = 3e-3
        else:
            self.model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64),
                                       nn.ReLU(), nn.Linear(64, 10))
        self.model.to(device)
        self.optimizer = optim.Adam(self.model.parameters(), lr=self.lr if lr is None else lr)
        self.loss_fn = nn.CrossEntropyLoss()

    def batches(self):
        return list(self.loader)

    def loss(self, batch):
        images, labels = (t.to(self.device) for t in batch)
        return self.loss_fn(self.model(images), labels)

    def evaluate(self):
        self.model.eval()
        with ember.no_grad():
            predictions = self.model(self.test[0]).argmax(dim=1)
        self.model.train()
        return {"accuracy": (predictions == self.test[1]).float().mean().item()}


class _CharacterModel(_Task):
    """A causal transformer over characters: embeddings, nn.TransformerEncoder with a causal
    mask, a linear map to next-character logits."""

    lr = 3e-3
    monitor = ("valid loss", "min")
    steps_per_epoch = 100
    context = 64
    batch_size = 32

    def __init__(self, device, lr):
        text = load_text()
        self.chars = sorted(set(text))
        index = {c: i for i, c in enumerate(self.chars)}
        data = ember.tensor([index[c] for c in text], dtype=ember.long)
        split = int(0.9 * len(data))
        self.train_data, self.valid_data = data[:split], data[split:]
        self.device = device
        vocab, embed = len(self.chars), 64
        self.model = CausalLM(vocab, embed, self.context).to(device)
        self.optimizer = optim.AdamW(self.model.parameters(), lr=self.lr if lr is None else lr,
                                     weight_decay=0.01)

    def _window(self, data):
        starts = ember.randint(len(data) - self.context - 1, (self.batch_size,))
        windows = starts.view(-1, 1) + ember.arange(self.context).view(1, -1)
        return data[windows].to(self.device), data[windows + 1].to(self.device)

    def batches(self):
        return [self._window(self.train_data) for _ in range(self.steps_per_epoch)]

    def loss(self, batch):
        logits = self.model(batch[0])
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), batch[1].view(-1))

    def evaluate(self):
        self.model.eval()
        with ember.no_grad():
            losses = [self.loss(self._window(self.valid_data)).item() for _ in range(4)]
        self.model.train()
        return {"valid loss": sum(losses) / len(losses)}

    def summary(self, sample):
        self.model.eval()
        index = {c: i for i, c in enumerate(self.chars)}
        idx = ember.tensor([[index[c] for c in "Shall I "]]).to(self.device)
        with ember.no_grad():
            for _ in range(sample):
                logits = self.model(idx[:, -self.context:])[:, -1, :]
                probs = F.softmax(logits / 0.8, dim=-1)
                idx = ember.cat([idx, ember.multinomial(probs, 1)], dim=1)
        return ["sample:", "".join(self.chars[i] for i in idx[0].tolist())]


class CausalLM(nn.Module):
    """Token + position embedding, two pre-norm transformer layers with a causal mask,
    LayerNorm, and a linear map to next-character logits."""

    def __init__(self, vocab, embed, context):
        super().__init__()
        self.tokens = nn.Embedding(vocab, embed)
        self.positions = nn.Embedding(context, embed)
        layer = nn.TransformerEncoderLayer(embed, nhead=4, dim_feedforward=4 * embed,
                                           dropout=0.1, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.layers = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(embed)
        self.head = nn.Linear(embed, vocab)

    def forward(self, idx):
        length = idx.shape[1]
        x = self.tokens(idx) + self.positions(ember.arange(length, device=idx.device))
        mask = nn.Transformer.generate_square_subsequent_mask(length, device=idx.device)
        return self.head(self.norm(self.layers(x, mask=mask, is_causal=True)))


def make_task(name, device, lr):
    """The task called ``name`` (linreg, mlp, cnn, charlm), its data and model on ``device``."""
    if name == "linreg":
        return _LinearRegression(device, lr)
    if name in ("mlp", "cnn"):
        return _Digits(device, lr, convolutional=name == "cnn")
    return _CharacterModel(device, lr)
