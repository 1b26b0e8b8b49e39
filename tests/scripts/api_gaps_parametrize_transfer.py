import torch
import torch.nn.utils.parametrize as P
from torch.nn.utils import parametrizations


class Symmetric(torch.nn.Module):
    def forward(self, x):
        return x.triu() + x.triu(1).transpose(-1, -2)


class Scale(torch.nn.Module):
    def forward(self, x):
        return x * 2


torch.manual_seed(0)
source = torch.nn.Linear(3, 3)
P.register_parametrization(source, "weight", Symmetric())
P.register_parametrization(source, "weight", Scale())
P.register_parametrization(source, "bias", Scale())

# Into a module that has the tensors: the parametrizations and the originals move over.
target = torch.nn.Linear(3, 3)
out = P.transfer_parametrizations_and_params(source, target)
print(out is target, P.is_parametrized(target), sorted(target.parametrizations))
print([type(f).__name__ for f in target.parametrizations.weight])
print(torch.equal(target.weight, source.weight), torch.equal(target.bias, source.bias))
print(target.parametrizations.weight.original.data_ptr()
      == source.parametrizations.weight.original.data_ptr())
print(target.parametrizations.weight.original.requires_grad)

# Only one tensor, into a module that lacks it: it is created first.
bare = torch.nn.Module()
P.transfer_parametrizations_and_params(source, bare, "weight")
print(P.is_parametrized(bare), P.is_parametrized(bare, "bias"), bare.weight.shape)
print(torch.equal(bare.weight, source.weight))
loss = bare.weight.sum()
loss.backward()
print(source.parametrizations.weight.original.grad)

# A parametrization with several originals (orthogonal's is one; weight_norm's are two).
normed = parametrizations.weight_norm(torch.nn.Linear(2, 4))
copy = P.transfer_parametrizations_and_params(normed, torch.nn.Linear(2, 4))
print(sorted(name for name, _ in copy.named_parameters()))
print(torch.allclose(copy.weight, normed.weight))

# Nothing to transfer: the target comes back unchanged.
plain = torch.nn.Linear(2, 2)
print(P.transfer_parametrizations_and_params(torch.nn.Linear(2, 2), plain) is plain,
      P.is_parametrized(plain))
