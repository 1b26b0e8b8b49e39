import torch

# A Kaggle tabular baseline notebook turned into a script: a dataclass CFG, seed_everything,
# NumPy feature engineering (label-encoded categoricals, standardised numerics), a custom
# Dataset returning dicts, stratified K folds built by hand, an MLP with per-category
# embeddings sized by the fastai rule, BCEWithLogitsLoss(pos_weight=), AdamW with no decay on
# biases and norms, OneCycleLR, an AUC computed from ranks, out-of-fold predictions, early
# stopping on the fold's best score, a state_dict kept in memory with deepcopy, and
# fold-averaged test predictions. Mixed spellings throughout: axis= and keepdims=, numpy
# scalars and Python ints beside tensors, torch.from_numpy, tensor.numpy().
import copy
import os
import random
from dataclasses import dataclass, field

import numpy as np
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


@dataclass
class CFG:
    seed: int = 42
    n_folds: int = 3
    epochs: int = 4
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 1e-2
    hidden: list = field(default_factory=lambda: [32, 16])
    dropout: float = 0.1
    device: str = "cuda" if torch.cuda.is_available() else "cpu"


def seed_everything(seed):
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False


cfg = CFG()
seed_everything(cfg.seed)
print(torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)

# --- synthetic "train.csv": two categoricals, four numerics, a binary target -------------
rng = np.random.default_rng(cfg.seed)
n_rows = 240
city = rng.choice(["a", "b", "c", "d"], size=n_rows)
device_kind = rng.choice(["phone", "tablet", "desktop"], size=n_rows)
numeric = rng.normal(size=(n_rows, 4)) * np.array([1.0, 10.0, 0.5, 3.0]) + np.array([0, 50, 1, -2])
logit = 0.8 * numeric[:, 0] - 0.05 * (numeric[:, 1] - 50) + (city == "b") * 1.2 - (
    device_kind == "tablet") * 0.7
target = (rng.random(n_rows) < 1 / (1 + np.exp(-logit))).astype(np.float32)
print("target mean", round(float(target.mean()), 4))

cat_cols = [city, device_kind]
encoders = [{v: i for i, v in enumerate(sorted(set(col)))} for col in cat_cols]
cats = np.stack([np.array([enc[v] for v in col]) for enc, col in zip(encoders, cat_cols)],
                axis=1).astype(np.int64)
cardinalities = [len(enc) for enc in encoders]
emb_sizes = [(c, min(50, (c + 1) // 2)) for c in cardinalities]
print("embedding sizes", emb_sizes)

mean = numeric.mean(axis=0, keepdims=True)
std = numeric.std(axis=0, keepdims=True)
nums = ((numeric - mean) / std).astype(np.float32)


class TabularDataset(Dataset):
    def __init__(self, cats, nums, y=None):
        self.cats, self.nums, self.y = cats, nums, y

    def __len__(self):
        return len(self.cats)

    def __getitem__(self, idx):
        item = {"cats": torch.tensor(self.cats[idx], dtype=torch.long),
                "nums": torch.from_numpy(self.nums[idx])}
        if self.y is not None:
            item["y"] = torch.tensor(self.y[idx])
        return item


class TabularMLP(nn.Module):
    def __init__(self, emb_sizes, n_num, hidden, dropout):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c, d) for c, d in emb_sizes])
        self.emb_drop = nn.Dropout(dropout)
        self.bn_num = nn.BatchNorm1d(n_num)
        n_in = sum(d for _, d in emb_sizes) + n_num
        layers = []
        for h in hidden:
            layers += [nn.Linear(n_in, h), nn.SiLU(), nn.BatchNorm1d(h), nn.Dropout(dropout)]
            n_in = h
        self.mlp = nn.Sequential(*layers)
        self.head = nn.Linear(n_in, 1)

    def forward(self, cats, nums):
        x = torch.cat([emb(cats[:, i]) for i, emb in enumerate(self.embs)], dim=1)
        x = torch.cat((self.emb_drop(x), self.bn_num(nums)), axis=-1)
        return self.head(self.mlp(x)).squeeze(-1)


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Embedding):
        nn.init.normal_(m.weight, mean=0.0, std=0.05)


def param_groups(model, weight_decay):
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        if param.ndim <= 1 or name.endswith(".bias") or "embs" in name:
            no_decay.append(param)
        else:
            decay.append(param)
    return [{"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0}]


def roc_auc(y_true, y_score):
    """Mann-Whitney AUC from average ranks (ties share a rank)."""
    y_true = torch.as_tensor(y_true, dtype=torch.float64)
    y_score = torch.as_tensor(y_score, dtype=torch.float64)
    order = torch.argsort(y_score, stable=True)
    ranks = torch.empty_like(y_score)
    ranks[order] = torch.arange(1, len(y_score) + 1, dtype=torch.float64)
    _, inverse, counts = torch.unique(y_score, return_inverse=True, return_counts=True)
    rank_sums = torch.zeros(len(counts), dtype=torch.float64).index_add_(0, inverse, ranks)
    ranks = (rank_sums / counts)[inverse]
    n_pos = y_true.sum()
    n_neg = len(y_true) - n_pos
    return ((ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)).item()


print("auc toy", round(roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4),
      round(roc_auc(np.array([1, 0, 1, 0]), np.array([0.5, 0.5, 0.9, 0.1])), 4))

# --- stratified folds by hand ----------------------------------------------------------
folds = np.zeros(n_rows, dtype=np.int64)
for label in (0, 1):
    idx = np.where(target == label)[0]
    rng.shuffle(idx)
    folds[idx] = np.arange(len(idx)) % cfg.n_folds
print("fold sizes", np.bincount(folds).tolist())

test_cats, test_nums = cats[:40], nums[:40] + np.float32(0.1)
test_loader = DataLoader(TabularDataset(test_cats, test_nums), batch_size=64, shuffle=False)


def predict(model, loader):
    model.eval()
    outs = []
    with torch.no_grad():
        for batch in loader:
            outs.append(torch.sigmoid(model(batch["cats"].to(cfg.device),
                                            batch["nums"].to(cfg.device))))
    return torch.cat(outs).cpu().numpy()


oof = np.zeros(n_rows, dtype=np.float32)
test_pred = np.zeros(len(test_cats), dtype=np.float32)
pos_weight = torch.tensor([(target == 0).sum() / (target == 1).sum()], dtype=torch.float32)
print("pos_weight", pos_weight)

for fold in range(cfg.n_folds):
    seed_everything(cfg.seed + fold)
    tr, va = folds != fold, folds == fold
    train_loader = DataLoader(TabularDataset(cats[tr], nums[tr], target[tr]),
                              batch_size=cfg.batch_size, shuffle=True, drop_last=True)
    valid_loader = DataLoader(TabularDataset(cats[va], nums[va], target[va]),
                              batch_size=cfg.batch_size * 2)
    model = TabularMLP(emb_sizes, nums.shape[1], cfg.hidden, cfg.dropout).to(cfg.device)
    model.apply(init_weights)
    optimizer = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=cfg.lr, epochs=cfg.epochs, steps_per_epoch=len(train_loader),
        pct_start=0.3)
    criterion = nn.BCEWithLogitsLoss(pos_weight=pos_weight.to(cfg.device))
    best_auc, best_state, best_epoch = -np.inf, None, -1
    for epoch in range(cfg.epochs):
        model.train()
        running, seen = 0.0, 0
        for batch in train_loader:
            batch = {k: v.to(cfg.device) for k, v in batch.items()}
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(batch["cats"], batch["nums"]), batch["y"])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
            optimizer.step()
            scheduler.step()
            running += loss.item() * batch["y"].size(0)
            seen += batch["y"].size(0)
        val_pred = predict(model, valid_loader)
        val_auc = roc_auc(target[va], val_pred)
        print(f"fold {fold} epoch {epoch} loss {running / seen:.4f} val_auc {val_auc:.4f} "
              f"lr {scheduler.get_last_lr()[0]:.6f}")
        if val_auc > best_auc:
            best_auc, best_epoch = val_auc, epoch
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    oof[va] = predict(model, valid_loader)
    test_pred += predict(model, test_loader) / cfg.n_folds
    print(f"fold {fold} best epoch {best_epoch} auc {best_auc:.4f}")

print("oof auc", round(roc_auc(target, oof), 4))
print("test pred head", np.round(test_pred[:5], 4).tolist())
print("test pred stats", round(float(test_pred.mean()), 4), round(float(test_pred.std()), 4))
print(sorted(best_state.keys())[:6])
print(best_state["bn_num.num_batches_tracked"], best_state["embs.0.weight"].shape)
