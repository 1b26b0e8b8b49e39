import torch
import torch.nn as nn
import math

torch.manual_seed(11)


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=64):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[: x.size(1)]


class TransformerClassifier(nn.Module):
    def __init__(self, vocab=20, d_model=16, heads=2, layers=2, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.position = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=32, dropout=0.1,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=layers)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, classes)

    def forward(self, tokens, padding_mask=None):
        h = self.position(self.embed(tokens))
        h = self.encoder(h, src_key_padding_mask=padding_mask)
        return self.head(self.norm(h.mean(dim=1)))


model = TransformerClassifier()
print(model)
print(sum(p.numel() for p in model.parameters()))
print([name for name, _ in model.named_children()])

tokens = torch.randint(0, 20, (32, 10))
labels = tokens[:, 0] % 3
print(model.position.pe[:3, :4])

attention = nn.MultiheadAttention(16, 2, batch_first=True)
q = torch.randn(2, 5, 16)
attended, weights = attention(q, q, q)
print(attended.shape, weights.shape, weights.sum(dim=-1))
mask = nn.Transformer.generate_square_subsequent_mask(4)
print(mask)

optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
for step in range(20):
    model.train()
    optimizer.zero_grad()
    loss = criterion(model(tokens), labels)
    loss.backward()
    optimizer.step()
    if step % 4 == 0:
        print(f"step {step} loss {loss.item():.6f}")

model.eval()
with torch.no_grad():
    padding = torch.zeros(32, 10, dtype=torch.bool)
    padding[:, 8:] = True
    logits = model(tokens, padding_mask=padding)
    print(logits.shape)
    print(f"accuracy {(model(tokens).argmax(1) == labels).float().mean().item():.4f}")
