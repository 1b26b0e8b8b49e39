import torch

# Hugging-Face-shaped outputs and hooks without transformers: a ModelOutput that is both a
# dataclass and an OrderedDict (indexable by name and position, None fields skipped,
# to_tuple), registered as a pytree node so tree_map/tree_flatten walk it, forward pre-hooks
# and forward hooks taking kwargs (with_kwargs=True) that rewrite inputs and outputs, a hook
# that runs even when forward raises (always_call=True), full backward hooks and pre-hooks
# printing gradient shapes, and the global register_module_forward_hook.
import dataclasses
from collections import OrderedDict
from typing import Optional, Tuple

import torch.nn as nn
import torch.nn.functional as F
import torch.utils._pytree as pytree


class ModelOutput(OrderedDict):
    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is not None:
                self[field.name] = value

    def __getitem__(self, key):
        if isinstance(key, str):
            return dict(self.items())[key]
        return self.to_tuple()[key]

    def __setattr__(self, name, value):
        if name in self.keys() and value is not None:
            super().__setitem__(name, value)
        super().__setattr__(name, value)

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        super().__setattr__(key, value)

    def to_tuple(self):
        return tuple(self[k] for k in self.keys())


@dataclasses.dataclass
class ClassifierOutput(ModelOutput):
    loss: Optional[torch.Tensor] = None
    logits: torch.Tensor = None
    hidden_states: Optional[Tuple[torch.Tensor, ...]] = None


pytree.register_pytree_node(
    ClassifierOutput,
    lambda out: (list(out.values()), list(out.keys())),
    lambda values, keys: ClassifierOutput(**dict(zip(keys, values))),
)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(4, 6)
        self.classifier = nn.Linear(6, 3)

    def forward(self, input_ids, labels=None, output_hidden_states=False, scale=1.0):
        hidden = torch.tanh(self.encoder(input_ids)) * scale
        logits = self.classifier(hidden)
        loss = F.cross_entropy(logits, labels) if labels is not None else None
        return ClassifierOutput(loss=loss, logits=logits,
                                hidden_states=(hidden,) if output_hidden_states else None)


torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
model = Classifier()
x = torch.randn(5, 4)
y = torch.tensor([0, 2, 1, 1, 0])

out = model(x)
print(type(out).__name__, list(out.keys()), len(out), out.loss, "logits" in out)
print("by name", out["logits"].shape, "by index", out[0].shape, "attr", out.logits.shape)
out = model(x, labels=y, output_hidden_states=True)
print("keys", list(out.keys()), f"loss {out.loss.item():.10f}", len(out.to_tuple()))
loss, logits = out[:2]
print("slice", loss.shape, logits.shape, isinstance(out, dict), isinstance(out, OrderedDict))
leaves, spec = pytree.tree_flatten(out)
print("leaves", len(leaves), [tuple(t.shape) for t in leaves])
detached = pytree.tree_map(lambda t: t.detach().double() * 0 + 1, out)
print("tree_map", type(detached).__name__, list(detached.keys()),
      detached.hidden_states[0].sum().item(), detached.loss.requires_grad)
print("unflatten", type(pytree.tree_unflatten(leaves, spec)).__name__)
print("repr", ClassifierOutput(logits=torch.zeros(1, 2)))


# hooks with kwargs
def pre_hook(module, args, kwargs):
    kwargs = dict(kwargs)
    kwargs["scale"] = 0.5
    print("  pre-hook sees", [type(a).__name__ for a in args], sorted(kwargs))
    return args, kwargs


def post_hook(module, args, kwargs, output):
    print("  post-hook sees kwargs", sorted(kwargs), "output", type(output).__name__)
    output["logits"] = output.logits * 2
    return output


h1 = model.register_forward_pre_hook(pre_hook, with_kwargs=True)
h2 = model.register_forward_hook(post_hook, with_kwargs=True)
hooked = model(x, labels=y)
plain = Classifier.forward(model, x, labels=y, scale=0.5)
print("hooked logits doubled", torch.allclose(hooked.logits, plain.logits * 2),
      "loss from unhooked", torch.allclose(hooked.loss, plain.loss))
h1.remove()
h2.remove()


class Fails(nn.Module):
    def forward(self, x):
        raise ValueError("forward failed")


fails = Fails()
fails.register_forward_hook(lambda m, i, o: print("  plain hook ran"))
fails.register_forward_hook(lambda m, i, o: print("  always_call hook ran, output", o),
                            always_call=True)
try:
    fails(torch.ones(1))
except ValueError as error:
    print("ValueError", error)

# backward hooks
grads = []
model.encoder.register_full_backward_pre_hook(
    lambda m, grad_output: grads.append(("pre", [tuple(g.shape) for g in grad_output])))
model.encoder.register_full_backward_hook(
    lambda m, grad_input, grad_output: grads.append(
        ("full", [None if g is None else tuple(g.shape) for g in grad_input],
         [tuple(g.shape) for g in grad_output])))
model.classifier.register_full_backward_hook(
    lambda m, gi, go: (gi[0] * 0.0,) if gi[0] is not None else None)
x.requires_grad_(True)
model(x, labels=y).loss.backward()
print("backward hooks", grads)
print("encoder grad zeroed by the classifier hook", model.encoder.weight.grad.abs().sum().item(),
      "classifier grad", f"{model.classifier.weight.grad.abs().sum().item():.10f}")

# a global forward hook on every module
seen = []
handle = nn.modules.module.register_module_forward_hook(
    lambda m, i, o: seen.append(type(m).__name__))
model(x)
handle.remove()
model(x)
print("global hook saw", seen)
