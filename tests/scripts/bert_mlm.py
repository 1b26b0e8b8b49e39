import torch  # noqa: I001 (the harness requires torch first)
import math
import torch.nn.functional as F
from torch import nn

# BERT-style masked language modelling on a toy corpus: variable-length sentences padded into a
# batch, 15% of the tokens picked with bernoulli and replaced 80/10/10 by [MASK], a random token
# or themselves, an nn.TransformerEncoder that ignores the padding (src_key_padding_mask), a loss
# over the picked positions only (labels -100 elsewhere), warmup then linear decay (LambdaLR).

torch.manual_seed(0)
PAD, CLS, SEP, MASK, VOCAB, D = 0, 1, 2, 3, 24, 32

sentences = [torch.randint(4, VOCAB, (int(n),)) for n in torch.randint(5, 12, (16,))]
lengths = torch.tensor([len(s) + 2 for s in sentences])
batch = torch.full((16, int(lengths.max())), PAD)
for i, s in enumerate(sentences):
    batch[i, : len(s) + 2] = torch.cat([torch.tensor([CLS]), s, torch.tensor([SEP])])
padding = batch == PAD
print(batch.shape, lengths.tolist(), padding.sum().item())


def mask_tokens(ids, generator):
    labels = ids.clone()
    special = (ids == PAD) | (ids == CLS) | (ids == SEP)
    probability = torch.full(ids.shape, 0.15).masked_fill(special, 0.0)
    picked = torch.bernoulli(probability, generator=generator).bool()
    labels[~picked] = -100
    inputs = ids.clone()
    replace = torch.bernoulli(torch.full(ids.shape, 0.8), generator=generator).bool() & picked
    inputs[replace] = MASK
    randomise = torch.bernoulli(torch.full(ids.shape, 0.5), generator=generator).bool()
    randomise &= picked & ~replace
    inputs[randomise] = torch.randint(4, VOCAB, ids.shape, generator=generator)[randomise]
    return inputs, labels


class BertMLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, D, padding_idx=PAD)
        self.positions = nn.Embedding(32, D)
        self.norm = nn.LayerNorm(D)
        layer = nn.TransformerEncoderLayer(D, nhead=4, dim_feedforward=64, dropout=0.1,
                                           activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Sequential(nn.Linear(D, D), nn.GELU(), nn.LayerNorm(D))
        self.decoder = nn.Linear(D, VOCAB)
        self.decoder.weight = self.tokens.weight  # tied input and output embeddings

    def forward(self, ids, padding_mask):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.norm(self.tokens(ids) + self.positions(positions))
        x = self.encoder(x, src_key_padding_mask=padding_mask)
        return self.decoder(self.head(x))


def init_weights(module):
    """The Hugging Face BERT initialisation: N(0, 0.02) weights, zero biases and padding row."""
    if isinstance(module, nn.Linear):
        module.weight.data.normal_(mean=0.0, std=0.02)
        if module.bias is not None:
            module.bias.data.zero_()
    elif isinstance(module, nn.Embedding):
        module.weight.data.normal_(mean=0.0, std=0.02)
        if module.padding_idx is not None:
            module.weight.data[module.padding_idx].zero_()
    elif isinstance(module, nn.LayerNorm):
        module.bias.data.zero_()
        module.weight.data.fill_(1.0)


model = BertMLM()
model.apply(init_weights)
print(sum(p.numel() for p in model.parameters()), "parameters (tied decoder)")
no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "norm" in n]
decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "norm" in n)]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                               {"params": no_decay, "weight_decay": 0.0}], lr=5e-3)
total, warmup = 12, 3


def schedule(step):
    if step < warmup:
        return (step + 1) / warmup
    return max(0.0, (total - step) / (total - warmup))


scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
generator = torch.Generator().manual_seed(1234)
for step in range(total):
    model.train()
    inputs, labels = mask_tokens(batch, generator)
    logits = model(inputs, padding)
    loss = F.cross_entropy(logits.view(-1, VOCAB), labels.view(-1), ignore_index=-100)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    picked = (labels != -100).sum().item()
    print(f"step {step:2d} picked {picked:2d} loss {loss.item():.5f} "
          f"norm {norm.item():.5f} lr {scheduler.get_last_lr()[0]:.6f}")

model.eval()
with torch.no_grad():
    inputs, labels = mask_tokens(batch, torch.Generator().manual_seed(7))
    logits = model(inputs, padding)
    picked = labels != -100
    predictions = logits.argmax(-1)
    accuracy = (predictions[picked] == labels[picked]).float().mean().item()
    perplexity = math.exp(F.cross_entropy(logits[picked], labels[picked]).item())
print(f"eval picked {picked.sum().item()} accuracy {accuracy:.4f} perplexity {perplexity:.4f}")
print(model.encoder.layers[0].self_attn)
print(torch.equal(model.decoder.weight, model.tokens.weight), model.tokens.weight.grad is None)
