import torch
import torch.nn.functional as F
from torch import nn

# CLIP-style contrastive training as open_clip writes it: two towers projected to a shared space,
# F.normalize, a learnable logit_scale stored as a log and used as .exp() clamped at 100, the
# symmetric cross-entropy over the image-text similarity matrix, gradient accumulation over
# micro-batches, a GradScaler (disabled on CPU, as scripts construct it), clip_grad_norm_, a
# cosine schedule with warmup through LambdaLR, and zero-shot classification at the end.

torch.manual_seed(11)
torch.set_default_dtype(torch.float64)


class Tower(nn.Module):
    def __init__(self, in_dim, embed_dim):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(in_dim, 32), nn.GELU(), nn.LayerNorm(32))
        self.proj = nn.Parameter(torch.randn(32, embed_dim) * 32 ** -0.5)

    def forward(self, x):
        return self.body(x) @ self.proj


class CLIP(nn.Module):
    def __init__(self):
        super().__init__()
        self.visual = Tower(12, 8)
        self.text = Tower(10, 8)
        self.logit_scale = nn.Parameter(torch.ones([]) * torch.log(torch.tensor(1 / 0.07)))

    def forward(self, images, texts):
        image_features = F.normalize(self.visual(images), dim=-1)
        text_features = F.normalize(self.text(texts), dim=-1)
        return image_features, text_features, self.logit_scale.exp().clamp(max=100)


def clip_loss(image_features, text_features, scale):
    logits_per_image = scale * image_features @ text_features.T
    labels = torch.arange(logits_per_image.shape[0])
    return (F.cross_entropy(logits_per_image, labels)
            + F.cross_entropy(logits_per_image.t(), labels)) / 2


classes = torch.randn(4, 12)
words = torch.randn(4, 10)
labels = torch.randint(0, 4, (64,))
images = classes[labels] + 0.3 * torch.randn(64, 12)
texts = words[labels] + 0.3 * torch.randn(64, 10)

model = CLIP()
decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.2},
                               {"params": no_decay, "weight_decay": 0.0}], lr=5e-3,
                              betas=(0.9, 0.98), eps=1e-6)
warmup, total, accumulate = 3, 16, 2


def lr_lambda(step):
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / (total - warmup)
    return 0.5 * (1 + torch.cos(torch.tensor(torch.pi * progress)).item())


scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
scaler = torch.amp.GradScaler("cpu", enabled=False)
print("scaler enabled:", scaler.is_enabled(), "scale:", scaler.get_scale())

for step in range(total):
    batch = torch.randperm(64)[:32]
    optimizer.zero_grad(set_to_none=True)
    running = 0.0
    for micro in batch.chunk(accumulate):
        image_features, text_features, scale = model(images[micro], texts[micro])
        loss = clip_loss(image_features, text_features, scale) / accumulate
        scaler.scale(loss).backward()
        running += loss.item()
    scaler.unscale_(optimizer)
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(optimizer)
    scaler.update()
    scheduler.step()
    with torch.no_grad():
        model.logit_scale.clamp_(0, torch.log(torch.tensor(100.0)))
    print(f"step {step:2d} loss {running:.6f} grad norm {norm:.6f} "
          f"scale {model.logit_scale.exp().item():.5f} lr {scheduler.get_last_lr()[0]:.6f}")

model.eval()
with torch.no_grad():
    class_text = F.normalize(model.text(words), dim=-1)
    features = F.normalize(model.visual(images), dim=-1)
    probs = (100.0 * features @ class_text.T).softmax(dim=-1)
    top = probs.topk(2, dim=-1)
    print("zero-shot accuracy:", (top.indices[:, 0] == labels).double().mean().item())
    print("top-2 of first three:", top.values[:3], top.indices[:3], sep="\n")
    similarity = features[:4] @ class_text.T
    print("similarity:", similarity)
    print("optimizer groups:", [(len(g["params"]), g["weight_decay"], round(g["lr"], 8))
                                for g in optimizer.param_groups])
