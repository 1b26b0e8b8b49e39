import torch

# Game-playing and offline-RL pieces: an AlphaZero-style MCTS on tic-tac-toe guided by a
# policy/value network (PUCT with Dirichlet root noise from torch.distributions, visit-count
# policies with a temperature), MuZero's invertible value transform h(x) with its categorical
# support (to_support/from_support through floor and scatter_), n-step bootstrapped targets,
# and a Decision Transformer (returns-to-go, interleaved (R, s, a) tokens, a causal mask,
# timestep embeddings) trained for a few steps on synthetic trajectories.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Dirichlet

torch.manual_seed(0)

LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8),
         (2, 4, 6)]


def winner(board):
    for a, b, c in LINES:
        s = board[a] + board[b] + board[c]
        if abs(s) == 3:
            return int(math.copysign(1, s))
    return 0 if (board != 0).all() else None


class PolicyValueNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(18, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.policy = nn.Linear(64, 9)
        self.value = nn.Linear(64, 1)

    def forward(self, board, player):
        planes = torch.cat([(board == player).float(), (board == -player).float()], -1)
        h = self.body(planes)
        return self.policy(h), torch.tanh(self.value(h)).squeeze(-1)


class Node:
    def __init__(self, prior):
        self.prior = prior
        self.visits = 0
        self.value_sum = 0.0
        self.children = {}

    def value(self):
        return 0.0 if self.visits == 0 else self.value_sum / self.visits


def expand(node, net, board, player):
    with torch.no_grad():
        logits, value = net(board, player)
    legal = board == 0
    logits = logits.masked_fill(~legal, float("-inf"))
    priors = F.softmax(logits, -1)
    for a in torch.nonzero(legal).flatten().tolist():
        node.children[a] = Node(priors[a].item())
    return value.item()


def ucb(parent, child, c_puct=1.5):
    u = c_puct * child.prior * math.sqrt(parent.visits) / (1 + child.visits)
    return -child.value() + u


def mcts(net, board, player, sims, generator):
    root = Node(1.0)
    expand(root, net, board, player)
    actions = list(root.children)
    noise = Dirichlet(torch.full((len(actions),), 0.3)).sample()
    for a, n in zip(actions, noise.tolist()):
        root.children[a].prior = 0.75 * root.children[a].prior + 0.25 * n
    for _ in range(sims):
        node, b, p, path = root, board.clone(), player, [root]
        while node.children:
            a, node = max(node.children.items(), key=lambda kv: ucb(path[-1], kv[1]))
            b[a] = p
            p = -p
            path.append(node)
        w = winner(b)
        value = expand(node, net, b, p) if w is None else (0.0 if w == 0 else -1.0)
        for n in reversed(path):
            n.value_sum += value
            n.visits += 1
            value = -value
    visits = torch.zeros(9)
    for a, child in root.children.items():
        visits[a] = child.visits
    return visits


net = PolicyValueNet()
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
gen = torch.Generator().manual_seed(1)
for game in range(3):
    board = torch.zeros(9, dtype=torch.long)
    player = 1
    history = []
    while winner(board) is None:
        visits = mcts(net, board, player, 25, gen)
        temp = 1.0 if len(history) < 3 else 0.25
        pi = visits ** (1 / temp)
        pi = pi / pi.sum()
        a = torch.multinomial(pi, 1, generator=gen).item()
        history.append((board.clone(), player, pi))
        board[a] = player
        player = -player
    z = winner(board)
    boards = torch.stack([h[0] for h in history])
    players = torch.tensor([h[1] for h in history])
    pis = torch.stack([h[2] for h in history])
    zs = (players * z).float()
    logits, values = net(boards, players[:, None])
    loss = F.mse_loss(values, zs) - (pis * F.log_softmax(logits, -1)).sum(-1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"game {game} moves {len(history)} result {z} loss {loss.item():.4f}")
    print("  board", board.view(3, 3).tolist(), "last pi", pis[-1].round(decimals=3).tolist())


def h(x, eps=1e-3):
    return torch.sign(x) * (torch.sqrt(torch.abs(x) + 1) - 1) + eps * x


def h_inv(x, eps=1e-3):
    return torch.sign(x) * (((torch.sqrt(1 + 4 * eps * (torch.abs(x) + 1 + eps)) - 1) /
                             (2 * eps)) ** 2 - 1)


def to_support(x, support_size):
    x = torch.clamp(x, -support_size, support_size)
    floor = x.floor()
    prob = x - floor
    logits = torch.zeros(x.shape[0], x.shape[1], 2 * support_size + 1)
    logits.scatter_(2, (floor + support_size).long().unsqueeze(-1), (1 - prob).unsqueeze(-1))
    indexes = floor + support_size + 1
    prob = prob.masked_fill_(2 * support_size < indexes, 0.0)
    indexes = indexes.masked_fill_(2 * support_size < indexes, 0.0)
    logits.scatter_(2, indexes.long().unsqueeze(-1), prob.unsqueeze(-1))
    return logits


def from_support(logits, support_size):
    probs = torch.softmax(logits, dim=-1)
    support = torch.arange(-support_size, support_size + 1, dtype=torch.float).expand(
        probs.shape)
    return torch.sum(support * probs, dim=-1, keepdim=True)


vals = torch.tensor([[-120.0, -3.7, 0.0, 0.49, 2.0, 55.5, 400.0]])
hv = h(vals)
print("h", hv)
print("h_inv(h)", h_inv(hv))
sup = to_support(hv, 10)
print("support rows sum", sup.sum(-1))
print("support of 2.0", sup[0, 4].nonzero().flatten().tolist(), sup[0, 4][sup[0, 4] > 0])
back = (sup * torch.arange(-10, 11)).sum(-1)
print("expectation recovers h", torch.allclose(back, hv.clamp(-10, 10), atol=1e-5))
# (rounded: at 0 the expectation is a float32 sum of +-1e-11 terms, which h_inv's
# cancellation magnifies from 1e-18 to 1e-5, whichever order the sum takes)
print("from_support(log)",
      h_inv(from_support(torch.log(sup + 1e-12), 10)).squeeze(-1).round(decimals=2))
rewards = torch.tensor([1.0, 0.0, 0.5, 0.0, 2.0, 1.0])
root_values = torch.tensor([3.0, 2.5, 2.0, 1.0, 1.5, 0.5])
n, disc = 3, 0.997
targets = []
for i in range(len(rewards)):
    bootstrap = i + n
    v = root_values[bootstrap] * disc ** n if bootstrap < len(rewards) else torch.tensor(0.0)
    for j, r in enumerate(rewards[i:bootstrap]):
        v = v + r * disc ** j
    targets.append(v)
print("n-step targets", torch.stack(targets))


class DecisionTransformer(nn.Module):
    def __init__(self, state_dim, act_dim, d=32, max_ep_len=50, n_layer=2):
        super().__init__()
        self.embed_t = nn.Embedding(max_ep_len, d)
        self.embed_r = nn.Linear(1, d)
        self.embed_s = nn.Linear(state_dim, d)
        self.embed_a = nn.Linear(act_dim, d)
        self.ln = nn.LayerNorm(d)
        layer = nn.TransformerEncoderLayer(d, 2, 64, dropout=0.0, batch_first=True,
                                           norm_first=True)
        self.tr = nn.TransformerEncoder(layer, n_layer, enable_nested_tensor=False)
        self.pred_a = nn.Sequential(nn.Linear(d, act_dim), nn.Tanh())

    def forward(self, states, actions, rtg, timesteps):
        B, T = states.shape[:2]
        te = self.embed_t(timesteps)
        tokens = torch.stack([self.embed_r(rtg) + te, self.embed_s(states) + te,
                              self.embed_a(actions) + te], dim=1)
        tokens = tokens.permute(0, 2, 1, 3).reshape(B, 3 * T, -1)
        mask = nn.Transformer.generate_square_subsequent_mask(3 * T)
        x = self.tr(self.ln(tokens), mask=mask, is_causal=True)
        x = x.reshape(B, T, 3, -1).permute(0, 2, 1, 3)
        return self.pred_a(x[:, 1])


def discount_cumsum(x, gamma):
    out = torch.zeros_like(x)
    out[-1] = x[-1]
    for t in reversed(range(x.shape[0] - 1)):
        out[t] = x[t] + gamma * out[t + 1]
    return out


rew = torch.tensor([0.0, 1.0, 0.0, 2.0, 1.0])
print("rtg", discount_cumsum(rew, 1.0), "flip-cumsum", rew.flip(0).cumsum(0).flip(0))
dt = DecisionTransformer(4, 2)
S = torch.randn(8, 10, 4)
Aexp = torch.tanh(S[..., :2] - S[..., 2:])
R = discount_cumsum(torch.rand(10), 1.0).expand(8, 10).unsqueeze(-1) / 10
ts = torch.arange(10).expand(8, 10)
opt = torch.optim.AdamW(dt.parameters(), lr=1e-3, weight_decay=1e-4)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / 3, 1))
for step in range(6):
    pred = dt(S, Aexp, R, ts)
    loss = F.mse_loss(pred, Aexp)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(dt.parameters(), 0.25)
    opt.step()
    sched.step()
    print(f"dt step {step} loss {loss.item():.5f} lr {sched.get_last_lr()[0]:.6f}")
print(nn.Transformer.generate_square_subsequent_mask(4))
