import torch
# A Neural Turing Machine on the copy task as the pytorch-ntm style repositories write it: an
# LSTMCell controller, read and write heads that split one linear output into key, strength
# (softplus), gate (sigmoid), a shift distribution (softmax over -1/0/+1) and a sharpening
# exponent (1 + softplus); content addressing through F.cosine_similarity broadcast against
# the memory, interpolation with the previous weighting, circular-convolution shift written
# with F.pad(mode="circular") and conv1d per batch row, sharpening by pow and renormalising,
# erase/add writes with outer products (memory kept functional, no in-place on the graph), a
# learned initial memory bias expanded per batch, binary cross-entropy on logits over the
# delimiter-padded output phase, clip_grad_value_ and RMSprop with momentum. Prints losses,
# head weightings, bit errors and gradients at every step.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

N_MEM, M_WIDTH, N_BITS = 8, 6, 4


def split_cols(mat, lengths):
    results, start = [], 0
    for length in lengths:
        results.append(mat[:, start:start + length])
        start += length
    return results


def circular_shift(w, s):
    # w: (B, N), s: (B, 3) -> each row convolved circularly with its own 3-tap kernel
    out = []
    for b in range(w.shape[0]):
        padded = F.pad(w[b].view(1, 1, -1), (1, 1), mode="circular")
        out.append(F.conv1d(padded, s[b].flip(0).view(1, 1, -1)).view(-1))
    return torch.stack(out)


class Head(nn.Module):
    def __init__(self, ctrl, write):
        super().__init__()
        self.write = write
        self.lengths = [M_WIDTH, 1, 1, 3, 1] + ([M_WIDTH, M_WIDTH] if write else [])
        self.fc = nn.Linear(ctrl, sum(self.lengths))
        nn.init.xavier_uniform_(self.fc.weight, gain=1.4)
        nn.init.normal_(self.fc.bias, std=0.01)

    def address(self, memory, o, w_prev):
        k, beta, g, s, gamma = split_cols(o, self.lengths[:5])
        beta, g = F.softplus(beta), torch.sigmoid(g)
        s, gamma = F.softmax(s, dim=1), 1 + F.softplus(gamma)
        sim = F.cosine_similarity(memory + 1e-16, k.unsqueeze(1) + 1e-16, dim=-1)
        wc = F.softmax(beta * sim, dim=1)
        wg = g * wc + (1 - g) * w_prev
        ws = circular_shift(wg, s)
        w = ws ** gamma
        return w / (w.sum(dim=1, keepdim=True) + 1e-16)

    def forward(self, h, memory, w_prev):
        o = self.fc(h)
        w = self.address(memory, o, w_prev)
        if not self.write:
            return w, torch.bmm(w.unsqueeze(1), memory).squeeze(1), memory
        e, a = split_cols(o, self.lengths)[5:]
        e = torch.sigmoid(e)
        erase = torch.bmm(w.unsqueeze(-1), e.unsqueeze(1))
        add = torch.bmm(w.unsqueeze(-1), a.unsqueeze(1))
        return w, None, memory * (1 - erase) + add


class NTM(nn.Module):
    def __init__(self, ctrl=24):
        super().__init__()
        self.controller = nn.LSTMCell(N_BITS + 1 + M_WIDTH, ctrl)
        self.read_head = Head(ctrl, write=False)
        self.write_head = Head(ctrl, write=True)
        self.out = nn.Linear(ctrl + M_WIDTH, N_BITS)
        self.register_buffer("mem_bias", torch.full((N_MEM, M_WIDTH), 1e-6))
        self.init_r = nn.Parameter(torch.randn(1, M_WIDTH) * 0.01)

    def init_state(self, batch):
        memory = self.mem_bias.clone().repeat(batch, 1, 1)
        h = torch.zeros(batch, self.controller.hidden_size)
        c = torch.zeros_like(h)
        w0 = F.one_hot(torch.zeros(batch, dtype=torch.long), N_MEM).to(memory.dtype)
        return memory, (h, c), self.init_r.expand(batch, -1), w0, w0.clone()

    def forward(self, inputs):
        T, B, _ = inputs.shape
        memory, (h, c), r, wr, ww = self.init_state(B)
        outs, reads = [], []
        for t in range(T):
            h, c = self.controller(torch.cat([inputs[t], r], dim=1), (h, c))
            wr, r, _ = self.read_head(h, memory, wr)
            ww, _, memory = self.write_head(h, memory, ww)
            outs.append(self.out(torch.cat([h, r], dim=1)))
            reads.append(wr)
        return torch.stack(outs), torch.stack(reads), memory


def copy_batch(B, L, gen):
    seq = torch.randint(0, 2, (L, B, N_BITS), generator=gen).to(torch.get_default_dtype())
    inp = torch.zeros(2 * L + 1, B, N_BITS + 1)
    inp[:L, :, :N_BITS] = seq
    inp[L, :, N_BITS] = 1.0
    return inp, seq


ntm = NTM()
print("params:", sum(p.numel() for p in ntm.parameters()))
print(ntm.write_head)
opt = torch.optim.RMSprop(ntm.parameters(), lr=3e-3, momentum=0.9, alpha=0.95)
gen = torch.Generator().manual_seed(3)

# a shift by +1 moves a one-hot weighting one slot right, wrapping at the end
w = F.one_hot(torch.tensor([0, N_MEM - 1]), N_MEM).double()
s = torch.tensor([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
print("shift +1:", circular_shift(w, s).argmax(1).tolist())

for step in range(5):
    L = 3
    inp, seq = copy_batch(4, L, gen)
    logits, reads, memory = ntm(inp)
    pred = logits[L + 1:]
    loss = F.binary_cross_entropy_with_logits(pred, seq)
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_value_(ntm.parameters(), 10.0)
    bit_err = ((pred.detach() > 0).to(seq.dtype) - seq).abs().sum(-1).mean()
    g_fc = ntm.write_head.fc.weight.grad
    opt.step()
    print(f"step {step} loss {loss.item():.6f} bit err/seq {bit_err.item():.4f} "
          f"|g_write| {g_fc.norm().item():.6f} mem |M| {memory.norm().item():.6f}")
    print("  read w (batch 0):", reads[L + 1:, 0].argmax(-1).tolist(),
          f"entropy {(-(reads * (reads + 1e-12).log()).sum(-1)).mean().item():.6f}")

print("init_r grad:", ntm.init_r.grad)
print("weightings sum to one:", torch.allclose(reads.sum(-1), torch.ones(reads.shape[:2])))
print("memory grad flows to mem_bias:", ntm.mem_bias.grad)
