import torch

# The version counter autograd uses to detect in-place changes to saved tensors.
counter = torch.ones(2)
print(counter._version)
counter += 1
counter.mul_(2)
print(counter._version, counter)
view = counter[:1]
view.add_(1)
print(counter._version, view._version)
x = torch.ones(3, requires_grad=True)
y = x.exp()
print(y._version)
with torch.no_grad():
    y.zero_()
print(y._version)
