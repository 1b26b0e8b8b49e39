import torch

# A knowledge-tracing repository (DKT / SAKT shapes, written anew): student logs as a
# pandas-free list of (skill, correct) sequences simulated from per-student ability, sequences
# split into fixed windows with the remainder padded by -1 (np.full and list slicing), a
# Dataset returning question/response/next-question/next-response tensors, the interaction
# index q + num_q * r, a DKT LSTM whose outputs are gathered at the next question with
# (y * F.one_hot(qshft, num_q)).sum(-1), masked_select of valid steps, BCE on probabilities
# with a numerically safe clamp, SAKT's causal attention through
# nn.MultiheadAttention(batch_first=True) with a triu(ones, diagonal=1).bool() mask and
# positional embeddings, the AUC from sklearn-free ranks (scipy.stats.rankdata), early
# stopping by best AUC with the model weights copied through state_dict and load_state_dict,
# and a per-skill mastery curve read from the last hidden state with .tolist().
import numpy as np
import scipy.stats
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, random_split

NUM_Q, SEQ_LEN = 6, 10
rng = np.random.default_rng(3)
torch.manual_seed(3)


def simulate_student(n_steps):
    ability = rng.normal()
    difficulty = np.linspace(-1, 1, NUM_Q)
    practice = np.zeros(NUM_Q)
    qs, rs = [], []
    for _ in range(n_steps):
        q = int(rng.integers(NUM_Q))
        p = 1 / (1 + np.exp(-(ability - difficulty[q] + 0.4 * practice[q])))
        r = int(rng.random() < p)
        practice[q] += 1
        qs.append(q)
        rs.append(r)
    return qs, rs


def match_seq_len(q_seqs, r_seqs, seq_len, pad_val=-1):
    proc_q, proc_r = [], []
    for q_seq, r_seq in zip(q_seqs, r_seqs):
        i = 0
        while i + seq_len + 1 < len(q_seq):
            proc_q.append(q_seq[i:i + seq_len + 1])
            proc_r.append(r_seq[i:i + seq_len + 1])
            i += seq_len + 1
        proc_q.append(np.concatenate([q_seq[i:], np.array([pad_val] * (i + seq_len + 1 - len(q_seq)))]))
        proc_r.append(np.concatenate([r_seq[i:], np.array([pad_val] * (i + seq_len + 1 - len(q_seq)))]))
    return proc_q, proc_r


class KTDataset(Dataset):
    def __init__(self, q_seqs, r_seqs):
        q_seqs, r_seqs = match_seq_len(q_seqs, r_seqs, SEQ_LEN)
        self.q = torch.tensor(np.array(q_seqs, dtype=np.int64))
        self.r = torch.tensor(np.array(r_seqs, dtype=np.int64))

    def __len__(self):
        return self.q.shape[0]

    def __getitem__(self, index):
        q, r = self.q[index], self.r[index]
        mask = (q[:-1] != -1) * (q[1:] != -1)
        q_in, r_in = q[:-1] * mask, r[:-1] * mask
        qshft, rshft = q[1:] * mask, r[1:] * mask
        return q_in, r_in, qshft, rshft, mask


class DKT(nn.Module):
    def __init__(self, num_q, emb_size=12, hidden_size=16):
        super().__init__()
        self.num_q = num_q
        self.interaction_emb = nn.Embedding(self.num_q * 2, emb_size)
        self.lstm_layer = nn.LSTM(emb_size, hidden_size, batch_first=True)
        self.out_layer = nn.Linear(hidden_size, self.num_q)
        self.dropout_layer = nn.Dropout()

    def forward(self, q, r):
        x = q + self.num_q * r
        h, (h_n, c_n) = self.lstm_layer(self.interaction_emb(x))
        y = self.out_layer(self.dropout_layer(h))
        return torch.sigmoid(y), h_n


class SAKT(nn.Module):
    def __init__(self, num_q, n, d, num_attn_heads, dropout):
        super().__init__()
        self.num_q, self.n, self.d = num_q, n, d
        self.M = nn.Embedding(self.num_q * 2, self.d)
        self.E = nn.Embedding(self.num_q, d)
        self.P = nn.Parameter(torch.Tensor(self.n, self.d))
        nn.init.kaiming_normal_(self.P)
        self.attn = nn.MultiheadAttention(self.d, num_attn_heads, dropout=dropout,
                                          batch_first=True)
        self.attn_dropout = nn.Dropout(dropout)
        self.attn_layer_norm = nn.LayerNorm(self.d)
        self.FFN = nn.Sequential(nn.Linear(self.d, self.d), nn.ReLU(), nn.Dropout(dropout),
                                 nn.Linear(self.d, self.d), nn.Dropout(dropout))
        self.FFN_layer_norm = nn.LayerNorm(self.d)
        self.pred = nn.Linear(self.d, 1)

    def forward(self, q, r, qry):
        x = q + self.num_q * r
        M = self.M(x) + self.P[:x.size(1)]
        E = self.E(qry)
        causal_mask = torch.triu(torch.ones([E.shape[1], M.shape[1]]), diagonal=1).bool()
        S, attn_weights = self.attn(E, M, M, attn_mask=causal_mask)
        S = self.attn_layer_norm(self.attn_dropout(S) + M + E)
        F_ = self.FFN_layer_norm(self.FFN(S) + S)
        return torch.sigmoid(self.pred(F_)).squeeze(-1), attn_weights


def auc_score(y_true, y_score):
    ranks = scipy.stats.rankdata(y_score)
    n_pos = int(y_true.sum())
    n_neg = len(y_true) - n_pos
    return (ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


students = [simulate_student(int(n)) for n in rng.integers(8, 30, size=24)]
q_seqs = [np.array(q) for q, _ in students]
r_seqs = [np.array(r) for _, r in students]
dataset = KTDataset(q_seqs, r_seqs)
print("windows", len(dataset), dataset.q.shape, "padding", int((dataset.q == -1).sum()),
      "correct rate", round(float(dataset.r[dataset.r >= 0].float().mean()), 4))
q_in, r_in, qshft, rshft, mask = dataset[0]
print(q_in.tolist(), r_in.tolist(), mask.tolist(), mask.dtype)
train_size = int(len(dataset) * 0.75)
train_set, test_set = random_split(dataset, [train_size, len(dataset) - train_size],
                                   generator=torch.Generator().manual_seed(0))
print("split", len(train_set), len(test_set), test_set.indices[:5])
train_loader = DataLoader(train_set, batch_size=8, shuffle=True,
                          generator=torch.Generator().manual_seed(1))
test_loader = DataLoader(test_set, batch_size=len(test_set), shuffle=False)

for name in ("dkt", "sakt"):
    torch.manual_seed(5)
    model = DKT(NUM_Q) if name == "dkt" else SAKT(NUM_Q, SEQ_LEN, 12, 2, 0.1)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    best_auc, best_state = 0.0, None
    for epoch in range(4):
        model.train()
        losses = []
        for q, r, qshft, rshft, m in train_loader:
            if name == "dkt":
                y, _ = model(q.long(), r.long())
                y = (y * F.one_hot(qshft.long(), NUM_Q)).sum(-1)
            else:
                y, _ = model(q.long(), r.long(), qshft.long())
            y = torch.masked_select(y, m)
            t = torch.masked_select(rshft, m).float()
            loss = F.binary_cross_entropy(y.clamp(1e-6, 1 - 1e-6), t)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            for q, r, qshft, rshft, m in test_loader:
                if name == "dkt":
                    y, h_n = model(q, r)
                    y = (y * F.one_hot(qshft, NUM_Q)).sum(dim=-1)
                else:
                    y, attn = model(q, r, qshft)
                y_pred = torch.masked_select(y, m).numpy()
                y_true = torch.masked_select(rshft, m).numpy()
        auc = auc_score(y_true, y_pred)
        if auc > best_auc:
            best_auc, best_state = auc, {k: v.detach().clone() for k, v in model.state_dict().items()}
        print(f"{name} epoch {epoch} loss {np.mean(losses):.4f} auc {auc:.4f} best {best_auc:.4f}")
    model.load_state_dict(best_state)
    if name == "dkt":
        print("h_n", tuple(h_n.shape), "mastery of student 0:",
              [round(v, 3) for v in torch.sigmoid(model.out_layer(h_n[0]))[0].tolist()])
    else:
        print("attention", tuple(attn.shape), "future weight:", attn[0].triu(1).abs().sum().item(),
              "rows sum to", round(attn[0].sum(-1).mean().item(), 5))

# interaction ids: spellings of the same arithmetic on a batch
q = torch.tensor([[0, 5, 2], [3, 3, 1]])
r = torch.tensor([[1, 0, 1], [0, 1, 1]])
ids = [q + NUM_Q * r, torch.add(q, r, alpha=NUM_Q), q.add(r * NUM_Q), torch.addcmul(
    q.double(), r.double(), torch.tensor(float(NUM_Q), dtype=torch.float64)).long()]
print([x.tolist() == ids[0].tolist() for x in ids], ids[0].dtype)
oh = F.one_hot(ids[0], num_classes=2 * NUM_Q)
print(oh.shape, oh.dtype, oh.sum(dim=-1).tolist(), oh.argmax(-1).equal(ids[0]))
