import torch

# A small normalising flow: TransformedDistribution with learned affine and fixed transforms.
from torch.distributions import Normal, TransformedDistribution, Uniform, constraints
from torch.distributions.transforms import AffineTransform, ExpTransform, SigmoidTransform

torch.manual_seed(2)
target = torch.distributions.LogNormal(torch.tensor(0.7), torch.tensor(0.4))
data = target.sample((256,))
print(data.shape, data.min() > 0)

loc = torch.zeros(1, requires_grad=True)
log_scale = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.Adam([loc, log_scale], lr=0.05)
for step in range(40):
    base = Normal(torch.zeros(1), torch.ones(1))
    flow = TransformedDistribution(base, [AffineTransform(loc, log_scale.exp()), ExpTransform()])
    loss = -flow.log_prob(data.unsqueeze(-1)).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 8 == 0:
        print(f"step {step:2d}  nll {loss.item():.4f}  loc {loc.item():.4f}"
              f"  scale {log_scale.exp().item():.4f}")

flow = TransformedDistribution(Normal(torch.zeros(1), torch.ones(1)),
                               [AffineTransform(loc, log_scale.exp()), ExpTransform()])
print(flow.support, flow.batch_shape, flow.event_shape)
print(flow.rsample((3,)).shape, flow.has_rsample)
squashed = TransformedDistribution(Uniform(0.0, 1.0), [SigmoidTransform().inv])
print(squashed.support, round(squashed.log_prob(torch.tensor(0.3)).item(), 4))
print(torch.distributions.biject_to(constraints.positive), constraints.unit_interval)
print(torch.distributions.transform_to(constraints.simplex)(torch.zeros(3)))
