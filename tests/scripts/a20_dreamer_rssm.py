import torch

# A DreamerV3-style world model piece by piece: an RSSM with a GRU cell, discrete latents as
# 8 one-hot categoricals (OneHotCategoricalStraightThrough with unimix), Independent over the
# latent groups, KL balancing between prior and posterior with .detach() and free bits,
# symlog targets, a two-hot discrete return distribution, Normal/Bernoulli heads through
# Independent, imagination rollouts, lambda-returns and percentile return normalisation.
import torch.distributions as td
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=4)

B, T, obs_dim, act_dim = 4, 6, 10, 3
stoch, classes, deter, hidden = 4, 5, 16, 32


def symlog(x):
    return torch.sign(x) * torch.log1p(x.abs())


def symexp(x):
    return torch.sign(x) * torch.expm1(x.abs())


class RSSM(nn.Module):
    def __init__(self):
        super().__init__()
        self.img_in = nn.Linear(stoch * classes + act_dim, hidden)
        self.cell = nn.GRUCell(hidden, deter)
        self.prior_net = nn.Sequential(nn.Linear(deter, hidden), nn.SiLU(),
                                       nn.Linear(hidden, stoch * classes))
        self.post_net = nn.Sequential(nn.Linear(deter + obs_dim, hidden), nn.SiLU(),
                                      nn.Linear(hidden, stoch * classes))
        self.unimix = 0.01

    def dist(self, logits):
        logits = logits.reshape(*logits.shape[:-1], stoch, classes)
        probs = logits.softmax(-1)
        probs = (1 - self.unimix) * probs + self.unimix / classes
        return td.Independent(td.OneHotCategoricalStraightThrough(probs=probs), 1)

    def img_step(self, state, action):
        x = torch.cat([state["stoch"].flatten(-2), action], -1)
        h = self.cell(F.silu(self.img_in(x)), state["deter"])
        logits = self.prior_net(h)
        sample = self.dist(logits).rsample()
        return {"stoch": sample, "deter": h, "logits": logits}

    def obs_step(self, state, action, embed):
        prior = self.img_step(state, action)
        logits = self.post_net(torch.cat([prior["deter"], embed], -1))
        sample = self.dist(logits).rsample()
        return {"stoch": sample, "deter": prior["deter"], "logits": logits}, prior

    def initial(self, batch):
        return {"stoch": torch.zeros(batch, stoch, classes), "deter": torch.zeros(batch, deter),
                "logits": torch.zeros(batch, stoch * classes)}


def kl_loss(rssm, post, prior, free=1.0, dyn_scale=0.5, rep_scale=0.1):
    sg = lambda d: {k: v.detach() for k, v in d.items()}  # noqa: E731
    dyn = td.kl_divergence(rssm.dist(sg(post)["logits"]), rssm.dist(prior["logits"]))
    rep = td.kl_divergence(rssm.dist(post["logits"]), rssm.dist(sg(prior)["logits"]))
    dyn_c, rep_c = torch.clip(dyn, min=free), torch.clip(rep, min=free)
    return dyn_scale * dyn_c + rep_scale * rep_c, dyn, rep


def twohot(x, bins):
    below = (bins <= x[..., None]).long().sum(-1) - 1
    above = below + 1
    below = below.clamp(0, len(bins) - 1)
    above = above.clamp(0, len(bins) - 1)
    equal = below == above
    dist_below = torch.where(equal, 1, (bins[below] - x).abs())
    dist_above = torch.where(equal, 1, (bins[above] - x).abs())
    total = dist_below + dist_above
    weight_below = dist_above / total
    weight_above = dist_below / total
    return (F.one_hot(below, len(bins)) * weight_below[..., None] +
            F.one_hot(above, len(bins)) * weight_above[..., None])


rssm = RSSM()
decoder = nn.Linear(deter + stoch * classes, obs_dim)
reward_head = nn.Linear(deter + stoch * classes, 15)
cont_head = nn.Linear(deter + stoch * classes, 1)
bins = torch.linspace(-5, 5, 15)
params = [*rssm.parameters(), *decoder.parameters(), *reward_head.parameters(),
          *cont_head.parameters()]
opt = torch.optim.Adam(params, lr=3e-3, eps=1e-8)

obs = torch.randn(B, T, obs_dim)
actions = F.one_hot(torch.randint(0, act_dim, (B, T)), act_dim).float()
rewards = torch.randn(B, T) * 3
conts = (torch.rand(B, T) > 0.1).float()

d = rssm.dist(torch.randn(2, stoch * classes))
print(d, d.batch_shape, d.event_shape)
s = d.sample()
print("sample sums", s.sum(-1))
print("entropy", d.entropy())
print("log_prob", d.log_prob(s))
st = d.rsample()
print("rsample grad_fn", type(st.grad_fn).__name__, st.requires_grad)
print("mode", d.mode.argmax(-1))
print("twohot", twohot(torch.tensor([0.3, -5.0, 7.0, 1.4286]), bins)[:, 6:10])
print("symlog", symlog(torch.tensor([-100.0, -1.0, 0.0, 0.5, 1e3])))
print("symexp(symlog)", symexp(symlog(torch.tensor([-100.0, 3.0, 1e3]))))

for step in range(4):
    state = rssm.initial(B)
    posts, priors = [], []
    for t in range(T):
        post, prior = rssm.obs_step(state, actions[:, t], obs[:, t])
        posts.append(post)
        priors.append(prior)
        state = post
    post = {k: torch.stack([p[k] for p in posts], 1) for k in posts[0]}
    prior = {k: torch.stack([p[k] for p in priors], 1) for k in priors[0]}
    feat = torch.cat([post["deter"], post["stoch"].flatten(-2)], -1)
    recon = td.Independent(td.Normal(decoder(feat), 1.0), 1)
    rec_loss = -recon.log_prob(obs)
    rew_logits = reward_head(feat)
    rew_loss = -(twohot(symlog(rewards), bins) * F.log_softmax(rew_logits, -1)).sum(-1)
    cont_dist = td.Independent(td.Bernoulli(logits=cont_head(feat)), 1)
    cont_loss = -cont_dist.log_prob(conts[..., None])
    kl, dyn, rep = kl_loss(rssm, post, prior)
    loss = (rec_loss + rew_loss + cont_loss + kl).mean()
    opt.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(params, 100.0)
    opt.step()
    print(f"step {step} loss {loss.item():.4f} rec {rec_loss.mean().item():.4f} "
          f"rew {rew_loss.mean().item():.4f} cont {cont_loss.mean().item():.4f} "
          f"dyn {dyn.mean().item():.4f} rep {rep.mean().item():.4f} norm {norm.item():.4f}")

# imagination from the last posterior states, with a random actor
with torch.no_grad():
    start = {k: v[:, -1] for k, v in post.items()}
    gen = torch.Generator().manual_seed(3)
    traj = [start]
    state = start
    for h in range(5):
        logits = torch.randn(B, act_dim, generator=gen)
        act = td.OneHotCategorical(logits=logits).sample()
        state = rssm.img_step(state, act)
        traj.append(state)
    feats = torch.stack([torch.cat([s["deter"], s["stoch"].flatten(-2)], -1) for s in traj])
    rew = symexp((F.softmax(reward_head(feats), -1) * bins).sum(-1))
    cont = torch.sigmoid(cont_head(feats)).squeeze(-1)
    value = torch.zeros_like(rew)
    disc = 0.985 * cont
    lam = 0.95
    rets = [value[-1]]
    for t in reversed(range(len(traj) - 1)):
        rets.append(rew[t + 1] + disc[t + 1] * ((1 - lam) * value[t + 1] + lam * rets[-1]))
    returns = torch.stack(list(reversed(rets))[:-1])
    print("returns shape", tuple(returns.shape))
    lo, hi = torch.quantile(returns, 0.05), torch.quantile(returns, 0.95)
    scale = torch.clip(hi - lo, min=1.0)
    print("percentiles", round(lo.item(), 3), round(hi.item(), 3), "scale", round(scale.item(), 3))
    print("normalised advantage std", round(((returns - value[:-1]) / scale).std().item(), 3))

ind = td.Independent(td.Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1)
other = td.Independent(td.Normal(torch.ones(3, 2), 2 * torch.ones(3, 2)), 1)
print("Independent KL", td.kl_divergence(ind, other))
print(td.Independent(td.Normal(torch.zeros(3, 2, 4), 1.0), 2))
try:
    td.Independent(td.Normal(torch.zeros(3), 1.0), 2)
except ValueError as e:
    print("ValueError:", e)
oc = td.OneHotCategoricalStraightThrough(logits=torch.zeros(3))
print(oc.sample((2,)).shape, oc.probs, oc.enumerate_support())
