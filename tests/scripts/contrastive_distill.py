import torch

# SimCLR's NT-Xent loss (F.normalize, a 2N x 2N similarity matrix, the diagonal masked with
# masked_fill, cross_entropy against the positive pair) and knowledge distillation from a
# teacher (KLDivLoss(reduction='batchmean') on temperature-softened log_softmax/softmax).
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Encoder(nn.Module):
    def __init__(self, in_dim=10, hidden=32, out_dim=8):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(in_dim, hidden), nn.BatchNorm1d(hidden),
                                      nn.ReLU(inplace=True))
        self.projector = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(),
                                       nn.Linear(hidden, out_dim))

    def forward(self, x):
        return self.projector(self.backbone(x))


def augment(x):
    mask = (torch.rand_like(x) > 0.2).float()
    return x * mask + 0.1 * torch.randn_like(x)


def nt_xent(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2], dim=0), dim=1)
    sim = z @ z.T / temperature
    mask = torch.eye(2 * n, dtype=torch.bool)
    sim = sim.masked_fill(mask, float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, targets), sim


encoder = Encoder()
optimizer = torch.optim.SGD(encoder.parameters(), lr=0.1, momentum=0.9, nesterov=True,
                            weight_decay=1e-4)
data = torch.randn(64, 10)
for step in range(10):
    batch = data[torch.randperm(64)[:16]]
    loss, sim = nt_xent(encoder(augment(batch)), encoder(augment(batch)))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 2 == 0:
        print(f"simclr step {step} loss {loss.item():.6f}")
print(sim[:3, :4])
print(torch.isinf(sim).sum().item(), sim.diagonal()[:3])
masked = sim.masked_fill(torch.eye(32, dtype=torch.bool), -1e9)
print(F.softmax(masked, dim=1)[0, :3], masked.logsumexp(dim=1)[:3])

# --- knowledge distillation --------------------------------------------------------------------
torch.manual_seed(1)
features = torch.randn(96, 10)
labels = (features[:, :3].sum(1) > 0).long() + (features[:, 3] > 0.5).long()
teacher = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 3))
student = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 3))
teacher_opt = torch.optim.Adam(teacher.parameters(), lr=1e-2)
for epoch in range(15):
    teacher_opt.zero_grad()
    teacher_loss = F.cross_entropy(teacher(features), labels)
    teacher_loss.backward()
    teacher_opt.step()
print(f"teacher loss {teacher_loss.item():.6f}")
teacher.eval()

kl = nn.KLDivLoss(reduction="batchmean")
ce = nn.CrossEntropyLoss()
student_opt = torch.optim.RMSprop(student.parameters(), lr=5e-3)
temperature, alpha = 4.0, 0.7
for epoch in range(12):
    with torch.no_grad():
        teacher_logits = teacher(features)
    student_logits = student(features)
    soft = kl(F.log_softmax(student_logits / temperature, dim=-1),
              F.softmax(teacher_logits / temperature, dim=-1)) * temperature ** 2
    hard = ce(student_logits, labels)
    loss = alpha * soft + (1 - alpha) * hard
    student_opt.zero_grad()
    loss.backward()
    student_opt.step()
    if epoch % 3 == 0:
        print(f"distill epoch {epoch:2d} soft {soft.item():.6f} hard {hard.item():.6f}")

with torch.no_grad():
    agreement = (student(features).argmax(1) == teacher(features).argmax(1)).float().mean()
print(f"agreement {agreement.item():.4f}")
log_target = nn.KLDivLoss(reduction="batchmean", log_target=True)
print(log_target(F.log_softmax(student_logits, -1), F.log_softmax(teacher_logits, -1)))
print(F.kl_div(F.log_softmax(student_logits, -1), F.softmax(teacher_logits, -1),
               reduction="sum"))
print(kl, encoder.backbone)
