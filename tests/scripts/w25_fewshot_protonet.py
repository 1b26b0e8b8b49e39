import torch

# A few-shot-learning repository (prototypical / matching / relation networks, written anew):
# an argparse config with n-way / k-shot / q-query defaults, a PrototypicalBatchSampler that
# yields flat index tensors per episode (classes by torch.randperm, samples per class by
# randperm slices, an __len__ for the DataLoader), a DataLoader built with batch_sampler=, the
# support/query split through sorting targets and torch.stack of per-class index lists,
# euclidean_dist through unsqueeze/expand, prototypes as the support mean, log_softmax over
# negative distances with gather of the query targets, a cosine-attention matching network, a
# relation network scoring concatenated pairs with MSELoss on one-hot targets, Adam with a
# StepLR, validation episodes under torch.no_grad with the mean accuracy and its 95% interval
# (1.96 * std / sqrt(n)) reported with np.mean/np.std over a list of .item() values, and the
# best model kept by its validation accuracy through state_dict copies.
import argparse

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset


def get_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("-cTr", "--classes_per_it_tr", type=int, default=4)
    parser.add_argument("-nsTr", "--num_support_tr", type=int, default=3)
    parser.add_argument("-nqTr", "--num_query_tr", type=int, default=4)
    parser.add_argument("-its", "--iterations", type=int, default=6)
    parser.add_argument("-nep", "--epochs", type=int, default=3)
    parser.add_argument("-lr", "--learning_rate", type=float, default=0.005)
    parser.add_argument("-lrS", "--lr_scheduler_step", type=int, default=2)
    parser.add_argument("-lrG", "--lr_scheduler_gamma", type=float, default=0.5)
    parser.add_argument("-seed", "--manual_seed", type=int, default=7)
    return parser


opt = get_parser().parse_args(["-its", "5", "--epochs=3"])
print(opt)
torch.manual_seed(opt.manual_seed)
np.random.seed(opt.manual_seed)


class GlyphDataset(Dataset):
    """Omniglot stand-in: each class is a random 6-d prototype; samples are noisy copies."""

    def __init__(self, n_classes, per_class, seed):
        g = torch.Generator().manual_seed(seed)
        protos = torch.randn(n_classes, 6, generator=g) * 1.5
        self.y = torch.arange(n_classes).repeat_interleave(per_class)
        self.x = protos[self.y] + 0.8 * torch.randn(len(self.y), 6, generator=g)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


class PrototypicalBatchSampler:
    def __init__(self, labels, classes_per_it, num_samples, iterations):
        self.labels = labels
        self.classes_per_it = classes_per_it
        self.sample_per_class = num_samples
        self.iterations = iterations
        self.classes, self.counts = np.unique(self.labels, return_counts=True)
        self.classes = torch.LongTensor(self.classes)
        self.idxs = range(len(self.labels))
        self.indexes = np.empty((len(self.classes), max(self.counts)), dtype=int) * np.nan
        self.indexes = torch.Tensor(self.indexes)
        self.numel_per_class = torch.zeros_like(self.classes)
        for idx, label in enumerate(self.labels):
            label_idx = np.argwhere(self.classes == label).item()
            self.indexes[label_idx, np.where(np.isnan(self.indexes[label_idx]))[0][0]] = idx
            self.numel_per_class[label_idx] += 1

    def __iter__(self):
        spc, cpi = self.sample_per_class, self.classes_per_it
        for it in range(self.iterations):
            batch_size = spc * cpi
            batch = torch.LongTensor(batch_size)
            c_idxs = torch.randperm(len(self.classes))[:cpi]
            for i, c in enumerate(self.classes[c_idxs]):
                s = slice(i * spc, (i + 1) * spc)
                label_idx = torch.arange(len(self.classes)).long()[self.classes == c].item()
                sample_idxs = torch.randperm(self.numel_per_class[label_idx])[:spc]
                batch[s] = self.indexes[label_idx][sample_idxs]
            batch = batch[torch.randperm(len(batch))]
            yield batch

    def __len__(self):
        return self.iterations


def euclidean_dist(x, y):
    n, m, d = x.size(0), y.size(0), x.size(1)
    if d != y.size(1):
        raise Exception
    x = x.unsqueeze(1).expand(n, m, d)
    y = y.unsqueeze(0).expand(n, m, d)
    return torch.pow(x - y, 2).sum(2)


def prototypical_loss(input, target, n_support):
    target_cpu, input_cpu = target.to("cpu"), input.to("cpu")

    def supp_idxs(c):
        return target_cpu.eq(c).nonzero()[:n_support].squeeze(1)

    classes = torch.unique(target_cpu)
    n_classes = len(classes)
    n_query = target_cpu.eq(classes[0].item()).sum().item() - n_support
    support_idxs = list(map(supp_idxs, classes))
    prototypes = torch.stack([input_cpu[idx_list].mean(0) for idx_list in support_idxs])
    query_idxs = torch.stack(list(map(lambda c: target_cpu.eq(c).nonzero()[n_support:],
                                      classes))).view(-1)
    query_samples = input.to("cpu")[query_idxs]
    dists = euclidean_dist(query_samples, prototypes)
    log_p_y = F.log_softmax(-dists, dim=1).view(n_classes, n_query, -1)
    target_inds = torch.arange(0, n_classes).view(n_classes, 1, 1).expand(n_classes, n_query, 1)
    target_inds = target_inds.long()
    loss_val = -log_p_y.gather(2, target_inds).squeeze().view(-1).mean()
    _, y_hat = log_p_y.max(2)
    acc_val = y_hat.eq(target_inds.squeeze(2)).float().mean()
    return loss_val, acc_val


class ProtoNet(nn.Module):
    def __init__(self, x_dim=6, hid_dim=16, z_dim=8):
        super().__init__()
        # no biases: one before BatchNorm and one under a distance loss get only rounding noise
        # as gradient, which Adam would scale up into steps
        self.encoder = nn.Sequential(nn.Linear(x_dim, hid_dim, bias=False),
                                     nn.BatchNorm1d(hid_dim), nn.ReLU(),
                                     nn.Linear(hid_dim, z_dim, bias=False))

    def forward(self, x):
        x = self.encoder(x)
        return x.view(x.size(0), -1)


train_set, val_set = GlyphDataset(10, 8, seed=1), GlyphDataset(6, 8, seed=2)
sampler = PrototypicalBatchSampler(train_set.y.tolist(), opt.classes_per_it_tr,
                                   opt.num_support_tr + opt.num_query_tr, opt.iterations)
print("sampler", len(sampler), sampler.indexes.shape, sampler.indexes.dtype,
      sampler.numel_per_class.tolist())
tr_dataloader = DataLoader(train_set, batch_sampler=sampler)
val_sampler = PrototypicalBatchSampler(val_set.y.numpy(), 3, opt.num_support_tr + 2, 8)
val_dataloader = DataLoader(val_set, batch_sampler=val_sampler)
model = ProtoNet()
optim = torch.optim.Adam(params=model.parameters(), lr=opt.learning_rate)
lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer=optim, gamma=opt.lr_scheduler_gamma,
                                               step_size=opt.lr_scheduler_step)
best_acc, best_state = 0, None
for epoch in range(opt.epochs):
    train_loss, train_acc = [], []
    model.train()
    for batch in tr_dataloader:
        optim.zero_grad()
        x, y = batch
        model_output = model(x)
        loss, acc = prototypical_loss(model_output, target=y, n_support=opt.num_support_tr)
        loss.backward()
        optim.step()
        train_loss.append(loss.item())
        train_acc.append(acc.item())
    avg_loss = np.mean(train_loss[-opt.iterations:])
    avg_acc = np.mean(train_acc[-opt.iterations:])
    print("Epoch {} Avg Train Loss: {:.4f}, Avg Train Acc: {:.4f}".format(epoch, avg_loss, avg_acc))
    lr_scheduler.step()
    model.eval()
    val_acc = []
    with torch.no_grad():
        for x, y in val_dataloader:
            _, acc = prototypical_loss(model(x), target=y, n_support=opt.num_support_tr)
            val_acc.append(acc.item())
    avg_acc = np.mean(val_acc)
    ci = 1.96 * np.std(val_acc) / np.sqrt(len(val_acc))
    postfix = " (Best)" if avg_acc >= best_acc else " (Best: {:.4f})".format(best_acc)
    print("Avg Val Acc: {:.4f} +- {:.4f}{}".format(avg_acc, ci, postfix))
    if avg_acc >= best_acc:
        best_acc, best_state = avg_acc, {k: v.clone() for k, v in model.state_dict().items()}
print("best", round(float(best_acc), 4), sorted(best_state)[:2], optim.param_groups[0]["lr"])


# matching network: cosine attention over the support set (full context embeddings left out)
def matching_logits(support, support_y, query, n_way):
    sims = F.cosine_similarity(query.unsqueeze(1), support.unsqueeze(0), dim=-1)
    attention = F.softmax(sims * 10.0, dim=1)
    one_hot = F.one_hot(support_y, n_way).float()
    return torch.bmm(attention.unsqueeze(0), one_hot.unsqueeze(0)).squeeze(0)


class RelationModule(nn.Module):
    def __init__(self, z_dim=8):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(2 * z_dim, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())

    def forward(self, protos, query):
        n_q, n_c = query.size(0), protos.size(0)
        pairs = torch.cat([protos.unsqueeze(0).repeat(n_q, 1, 1),
                           query.unsqueeze(1).repeat(1, n_c, 1)], dim=2)
        return self.fc(pairs.view(-1, pairs.size(-1))).view(n_q, n_c)


model.load_state_dict(best_state)
model.eval()
relation = RelationModule()
rel_optim = torch.optim.Adam(relation.parameters(), lr=0.01)
for episode, (x, y) in enumerate(val_dataloader):
    with torch.no_grad():
        z = model(x)
    classes, y_local = torch.unique(y, sorted=True, return_inverse=True)
    order = torch.argsort(y_local, stable=True)
    z, y_local = z[order], y_local[order]
    is_support = torch.cat([torch.arange(5) < opt.num_support_tr for _ in classes])
    s_z, s_y, q_z, q_y = z[is_support], y_local[is_support], z[~is_support], y_local[~is_support]
    probs = matching_logits(s_z, s_y, q_z, len(classes))
    protos = torch.stack([s_z[s_y == c].mean(0) for c in range(len(classes))])
    scores = relation(protos, q_z)
    mse = F.mse_loss(scores, F.one_hot(q_y, len(classes)).float())
    rel_optim.zero_grad()
    mse.backward()
    rel_optim.step()
    if episode % 2 == 0:
        print(f"episode {episode} classes {classes.tolist()} matching acc "
              f"{(probs.argmax(1) == q_y).float().mean().item():.3f} probs rowsum "
              f"{probs.sum(1).mean().item():.4f} relation mse {mse.item():.5f}")
try:
    euclidean_dist(torch.zeros(2, 3), torch.zeros(2, 4))
except Exception as e:
    print("mismatch raises", type(e).__name__)
