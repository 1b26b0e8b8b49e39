import torch

# Two tutorials in one: "Knowledge Distillation" (a small student CNN learns from a
# teacher's temperature-softened logits with KL divergence, and from its hidden
# representation with CosineEmbeddingLoss through a projection) and "Channels last memory
# format" (is_contiguous(memory_format=...), strides, the layouts that conv, batch norm,
# pooling and elementwise ops give back, converting a model, and an error of view).
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

# --- memory format ---------------------------------------------------------------------
N, C, H, W = 2, 3, 4, 5
x = torch.empty(N, C, H, W)
print(x.stride(), x.is_contiguous())
x = x.to(memory_format=torch.channels_last)
print(x.shape, x.stride())
print(x.is_contiguous(), x.is_contiguous(memory_format=torch.channels_last))
x = x.to(memory_format=torch.contiguous_format)
print(x.stride())
x = x.contiguous(memory_format=torch.channels_last)
print(x.stride())
y = torch.randn(N, H, W, C).permute(0, 3, 1, 2)
print("permuted NHWC:", y.stride(), y.is_contiguous(memory_format=torch.channels_last))
z = torch.empty(N, C, H, W, memory_format=torch.channels_last)
print("empty(channels_last)", z.stride())
print("empty_like keeps it:", torch.empty_like(z).stride(), torch.zeros_like(z).stride())
print("clone keeps it:", z.clone().stride(),
      z.clone(memory_format=torch.contiguous_format).stride())
print("3d:", torch.empty(1, 2, 3, 4, 5).to(memory_format=torch.channels_last_3d).stride())
try:
    torch.empty(2, 3, 4).to(memory_format=torch.channels_last)
except RuntimeError as error:
    print("RuntimeError:", error)
a = torch.randn(N, C, H, W).to(memory_format=torch.channels_last)
try:
    a.view(N, -1)
except RuntimeError as error:
    print("RuntimeError:", str(error)[:90])
print("reshape copies instead:", a.reshape(N, -1).shape, a.flatten(1).is_contiguous())

conv = nn.Conv2d(C, 4, 3, padding=1)
bn = nn.BatchNorm2d(4)
inp = torch.randn(N, C, H, W).to(memory_format=torch.channels_last)
out = conv(inp)
print("conv out channels_last:", out.is_contiguous(memory_format=torch.channels_last),
      out.stride())
for name, layer in (("bn", bn), ("relu", nn.ReLU()), ("maxpool", nn.MaxPool2d(2)),
                    ("avgpool", nn.AvgPool2d(2)), ("adaptive", nn.AdaptiveAvgPool2d(1))):
    result = layer(out)
    print(name, tuple(result.stride()), result.is_contiguous(memory_format=torch.channels_last))
print("add with contiguous:", (out + torch.ones(N, 4, H, W)).stride())
print("mul by scalar:", (out * 2).stride(), "sum(1):", out.sum(1).stride())

model = nn.Sequential(nn.Conv2d(C, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
model = model.to(memory_format=torch.channels_last)
print("weight layout:", model[0].weight.stride(),
      model[0].weight.is_contiguous(memory_format=torch.channels_last))
reference = nn.Sequential(nn.Conv2d(C, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
reference.load_state_dict(model.state_dict())
plain_input = torch.randn(N, C, H, W)
cl_out = model(plain_input.to(memory_format=torch.channels_last))
print("same values:", torch.allclose(cl_out, reference(plain_input)),
      cl_out.is_contiguous(memory_format=torch.channels_last))
cl_out.sum().backward()
print("grad layout:", model[0].weight.grad.stride(),
      model[0].weight.grad.is_contiguous(memory_format=torch.channels_last))

# --- knowledge distillation --------------------------------------------------------------


class DeepNN(nn.Module):
    def __init__(self, num_classes=3):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Linear(8 * 2 * 2, 16), nn.ReLU(), nn.Dropout(0.1),
                                        nn.Linear(16, num_classes))

    def forward(self, x):
        hidden = torch.flatten(self.features(x), 1)
        return self.classifier(hidden), hidden


class LightNN(nn.Module):
    def __init__(self, num_classes=3):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Linear(4 * 2 * 2, 8), nn.ReLU(), nn.Dropout(0.1),
                                        nn.Linear(8, num_classes))
        self.project = nn.Linear(16, 32)  # student hidden -> teacher hidden size

    def forward(self, x):
        hidden = torch.flatten(self.features(x), 1)
        return self.classifier(hidden), self.project(hidden)


images = torch.randn(12, 3, 4, 4)
labels = torch.randint(0, 3, (12,))
teacher = DeepNN()
opt_t = torch.optim.Adam(teacher.parameters(), lr=0.01)
for epoch in range(3):
    teacher.train()
    logits, _ = teacher(images)
    loss = F.cross_entropy(logits, labels)
    opt_t.zero_grad()
    loss.backward()
    opt_t.step()
    print(f"teacher epoch {epoch} loss {loss.item():.6f}")
teacher.eval()
print("teacher params", sum(p.numel() for p in teacher.parameters()))

student = LightNN()
print("student params", sum(p.numel() for p in student.parameters()))
opt_s = torch.optim.Adam(student.parameters(), lr=0.01)
T, soft_weight, ce_weight, cos_weight = 2.0, 0.25, 0.75, 0.25
cosine_loss = nn.CosineEmbeddingLoss()
kl_loss = nn.KLDivLoss(reduction="batchmean", log_target=True)
for epoch in range(3):
    student.train()
    with torch.no_grad():
        teacher_logits, teacher_hidden = teacher(images)
    student_logits, student_hidden = student(images)
    soft_targets = F.log_softmax(teacher_logits / T, dim=-1)
    soft_prob = F.log_softmax(student_logits / T, dim=-1)
    soft_targets_loss = kl_loss(soft_prob, soft_targets) * T ** 2
    hidden_loss = cosine_loss(student_hidden, teacher_hidden, torch.ones(images.size(0)))
    label_loss = F.cross_entropy(student_logits, labels)
    loss = soft_weight * soft_targets_loss + ce_weight * label_loss + cos_weight * hidden_loss
    opt_s.zero_grad()
    loss.backward()
    opt_s.step()
    print(f"student epoch {epoch} kd {soft_targets_loss.item():.6f} "
          f"cos {hidden_loss.item():.6f} ce {label_loss.item():.6f}")

# the tutorial's hand-written KL term and the library's agree
p_log = F.log_softmax(student_logits.detach() / T, -1)
q_log = F.log_softmax(teacher_logits / T, -1)
manual = (q_log.exp() * (q_log - p_log)).sum() / p_log.size(0)
print("KL by hand:", torch.allclose(manual, F.kl_div(p_log, q_log, reduction="batchmean",
                                                     log_target=True)))
print("log_target False:", torch.allclose(
    F.kl_div(p_log, q_log.exp(), reduction="batchmean"), manual))
summed = F.kl_div(p_log, q_log, reduction="sum", log_target=True).item()
print("reductions:", round(summed / 12, 12),
      F.kl_div(p_log, q_log, reduction="none", log_target=True).shape)
margin_loss = nn.CosineEmbeddingLoss(margin=0.2, reduction="none")
signs = torch.tensor([1.0, -1.0] * 6)
print(margin_loss(student_hidden.detach(), teacher_hidden, signs)[:4])
try:
    cosine_loss(student_hidden, teacher_hidden[:, :16], torch.ones(12))
except RuntimeError as error:
    print("RuntimeError:", error)
student.eval()
with torch.no_grad():
    accuracy = (student(images)[0].argmax(1) == labels).float().mean()
print(f"student accuracy {accuracy.item():.4f}")
