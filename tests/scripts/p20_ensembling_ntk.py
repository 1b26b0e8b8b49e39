import torch
import copy

import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, stack_module_state, vmap, jacrev, vjp, jvp, grad

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class SimpleMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.fc2 = nn.Linear(32, 16)
        self.fc3 = nn.Linear(16, 4)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        return self.fc3(x)


num_models = 5
batch_size = 8
data = torch.randn(100, 4, 4)
targets = torch.randint(4, (6400,))
models = [SimpleMLP() for _ in range(num_models)]
minibatches = data[:2 * num_models].reshape(num_models, 2, 4, 4)
predictions_diff_minibatch_loop = [model(mb) for model, mb in zip(models, minibatches)]
minibatch = data[:2]
predictions2 = [model(minibatch) for model in models]

params, buffers = stack_module_state(models)
print({k: tuple(v.shape) for k, v in params.items()})
print("buffers", buffers)
print("stacked requires_grad", params["fc1.weight"].requires_grad, params["fc1.weight"].is_leaf)
base_model = copy.deepcopy(models[0])
base_model = base_model.to('meta')
print("meta weight", base_model.fc1.weight.device, base_model.fc1.weight.shape)


def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))


print([p.size(0) for p in params.values()])
predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)
print("different minibatches", torch.allclose(
    predictions1_vmap, torch.stack(predictions_diff_minibatch_loop),
    atol=1e-12, rtol=1e-12))
predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)
print("same minibatch", torch.allclose(predictions2_vmap, torch.stack(predictions2),
                                       atol=1e-12, rtol=1e-12), predictions2_vmap.shape)

# train the ensemble jointly with the stacked parameters
opt = torch.optim.Adam(params.values(), lr=1e-2)
x = data[:16]
y = targets[:16]
for step in range(4):
    logits = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, x)
    loss = F.cross_entropy(logits.reshape(-1, 4), y.repeat(num_models))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"ensemble step {step} loss {loss.item():.10f}")

# per-sample gradients
model = SimpleMLP()
params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}


def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)
    predictions = functional_call(model, (params, buffers), (batch,))
    return F.cross_entropy(predictions, targets)


ft_compute_grad = grad(compute_loss)
ft_compute_sample_grad = vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
samples, labels = data[:batch_size], targets[:batch_size]
ft_per_sample_grads = ft_compute_sample_grad(params, buffers, samples, labels)


def compute_grad(sample, target):
    sample = sample.unsqueeze(0)
    target = target.unsqueeze(0)
    prediction = model(sample)
    loss = F.cross_entropy(prediction, target)
    return torch.autograd.grad(loss, list(model.parameters()))


per_sample_grads = [compute_grad(samples[i], labels[i]) for i in range(batch_size)]
per_sample_grads = zip(*per_sample_grads)
per_sample_grads = [torch.stack(shards) for shards in per_sample_grads]
for per_sample_grad, ft_per_sample_grad in zip(per_sample_grads, ft_per_sample_grads.values()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=1e-10, rtol=1e-10)
print("per-sample grads", [tuple(g.shape) for g in ft_per_sample_grads.values()])


# neural tangent kernels
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, (3, 3))
        self.conv2 = nn.Conv2d(8, 8, (3, 3))
        self.conv3 = nn.Conv2d(8, 8, (3, 3))
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        x = self.conv1(x)
        x = x.relu()
        x = self.conv2(x)
        x = x.relu()
        x = self.conv3(x)
        x = x.relu()
        x = x.mean((2, 3))
        return self.fc(x)


x_train = torch.randn(5, 3, 9, 9)
x_test = torch.randn(3, 3, 9, 9)
net = CNN()


def fnet_single(params, x):
    return functional_call(net, params, (x.unsqueeze(0),)).squeeze(0)


params = {k: v.detach() for k, v in net.named_parameters()}


def empirical_ntk_jacobian_contraction(fnet_single, params, x1, x2, compute='full'):
    jac1 = vmap(jacrev(fnet_single), (None, 0))(params, x1)
    jac1 = jac1.values()
    jac1 = [j.flatten(2) for j in jac1]
    jac2 = vmap(jacrev(fnet_single), (None, 0))(params, x2)
    jac2 = jac2.values()
    jac2 = [j.flatten(2) for j in jac2]
    if compute == 'full':
        einsum_expr = 'Naf,Mbf->NMab'
    elif compute == 'trace':
        einsum_expr = 'Naf,Maf->NM'
    elif compute == 'diagonal':
        einsum_expr = 'Naf,Maf->NMa'
    result = torch.stack([torch.einsum(einsum_expr, j1, j2) for j1, j2 in zip(jac1, jac2)])
    return result.sum(0)


result = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test)
print("ntk full", result.shape)
trace = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'trace')
print("trace matches", torch.allclose(trace, result.diagonal(dim1=2, dim2=3).sum(-1)))


def empirical_ntk_ntk_vps(func, params, x1, x2, compute='full'):
    def get_ntk(x1, x2):
        def func_x1(params):
            return func(params, x1)

        def func_x2(params):
            return func(params, x2)

        output, vjp_fn = vjp(func_x1, params)

        def get_ntk_slice(vec):
            vjps = vjp_fn(vec)
            _, jvps = jvp(func_x2, (params,), vjps)
            return jvps

        basis = torch.eye(output.numel(), dtype=output.dtype, device=output.device).view(
            output.numel(), -1)
        return vmap(get_ntk_slice)(basis)

    result = vmap(vmap(get_ntk, (None, 0)), (0, None))(x1, x2)
    if compute == 'full':
        return result
    if compute == 'trace':
        return torch.einsum('NMKK->NM', result)
    if compute == 'diagonal':
        return torch.einsum('NMKK->NMK', result)


result_from_ntk_vps = empirical_ntk_ntk_vps(fnet_single, params, x_train, x_test)
print("ntk-vp agrees", torch.allclose(result, result_from_ntk_vps, atol=1e-10),
      result_from_ntk_vps.shape)
print("ntk [0,0]", result[0, 0].round(decimals=6))
