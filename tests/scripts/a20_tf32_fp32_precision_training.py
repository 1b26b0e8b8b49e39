import torch

# A torch 2.9+ training script's preamble: the per-backend float32 precision flags
# (torch.backends.fp32_precision, cuda.matmul, cudnn.conv/rnn, mkldnn.*) set the new way,
# read back, the errors a typo or a legacy read raises, the flags() context managers, then a
# small conv + GRU + linear model trained for a few steps. On a CPU the flags change no
# float32 result; the script keeps oneDNN off 'bf16' (which torch honours on CPUs with bf16
# instructions) and puts every flag back at the end.

import torch.nn as nn
import torch.nn.functional as F

B = torch.backends


def flags():
    return (B.fp32_precision, B.cuda.matmul.fp32_precision, B.cudnn.fp32_precision,
            B.cudnn.conv.fp32_precision, B.cudnn.rnn.fp32_precision, B.mkldnn.fp32_precision,
            B.mkldnn.matmul.fp32_precision, B.mkldnn.conv.fp32_precision,
            B.mkldnn.rnn.fp32_precision)


def attempt(label, fn):
    try:
        print(label, fn())
    except (RuntimeError, AttributeError, TypeError) as exc:
        text = str(exc).split(",")[0]   # the mixed-API errors name the library first
        print(label, type(exc).__name__, text[text.find("checking"):] if "checking" in text
              else text)


def reset():
    # a known starting point whatever an earlier program in this process set
    B.fp32_precision = "none"
    for leaf in (B.cuda.matmul, B.cudnn, B.mkldnn.matmul, B.mkldnn.conv, B.mkldnn.rnn):
        leaf.fp32_precision = "none"
    B.cudnn.allow_tf32 = True
    torch.set_float32_matmul_precision("highest")


reset()
print("start", flags())
print("legacy reads", torch.get_float32_matmul_precision(), B.cuda.matmul.allow_tf32,
      B.cudnn.allow_tf32)
try:
    B.fp32_precision = "ieee"
    B.cuda.matmul.fp32_precision = "tf32"
    B.cudnn.conv.fp32_precision = "tf32"
    B.cudnn.rnn.fp32_precision = "tf32"
    B.mkldnn.matmul.fp32_precision = "ieee"
    print("configured", flags())

    def assign(leaf, value):
        leaf.fp32_precision = value
        return leaf.fp32_precision
    attempt("cuda bf16", lambda: assign(B.cuda.matmul, "bf16"))
    attempt("typo", lambda: assign(B.cudnn.conv, "TF32"))
    attempt("legacy matmul read", torch.get_float32_matmul_precision)
    attempt("legacy allow_tf32 read", lambda: B.cuda.matmul.allow_tf32)
    attempt("legacy cudnn read", lambda: B.cudnn.allow_tf32)
    attempt("unknown attribute", lambda: B.cudnn.conv.precision)

    with B.flags(fp32_precision="tf32"):
        print("in backends.flags", flags())
    with B.cudnn.flags(enabled=True, fp32_precision="ieee"):
        print("in cudnn.flags", flags(), B.cudnn.enabled)
    print("after flags", flags())

    torch.manual_seed(0)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv1d(3, 8, 3, padding=1)
            self.gru = nn.GRU(8, 12, batch_first=True)
            self.head = nn.Linear(12, 4)

        def forward(self, x):
            h = F.gelu(self.conv(x)).transpose(1, 2)
            out, _ = self.gru(h)
            return self.head(out[:, -1])

    model = Net()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    x = torch.randn(16, 3, 10)
    y = torch.randint(0, 4, (16,))
    for step in range(5):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(f"step {step} loss {loss.item():.6f}")
    with torch.no_grad():
        print("accuracy", (model(x).argmax(1) == y).float().mean().item())
finally:
    reset()
print("restored", flags())
print("legacy reads", torch.get_float32_matmul_precision(), B.cuda.matmul.allow_tf32,
      B.cudnn.allow_tf32)
