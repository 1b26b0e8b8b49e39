import torch

# The "library" half of research repositories (mmcv/timm/detectron2 shapes, written anew): a
# Registry with a decorator and build_from_cfg over nested dict configs, layers looked up by
# name in torch.nn, a backbone whose intermediate features come out through forward hooks,
# freezing stages and keeping BatchNorm in eval while the rest trains, checkpoints from
# DataParallel ("module." prefixes) loaded after stripping, get_submodule/named_modules
# queries, and parameters_to_vector / vector_to_parameters round trips.
import copy
from collections import OrderedDict

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters


class Registry:
    def __init__(self, name):
        self.name = name
        self._modules = {}

    def register_module(self, name=None, force=False):
        def wrap(cls):
            key = name or cls.__name__
            if key in self._modules and not force:
                raise KeyError(f"{key} is already registered in {self.name}")
            self._modules[key] = cls
            return cls
        return wrap

    def get(self, key):
        return self._modules[key]

    def __contains__(self, key):
        return key in self._modules

    def __repr__(self):
        return f"Registry(name={self.name}, items={sorted(self._modules)})"


MODELS = Registry("models")


def build_from_cfg(cfg, registry, **default_args):
    cfg = copy.deepcopy(cfg)
    kind = cfg.pop("type")
    cls = registry.get(kind) if kind in registry else getattr(nn, kind)
    for key, value in cfg.items():
        if isinstance(value, dict) and "type" in value:
            cfg[key] = build_from_cfg(value, registry)
    for key, value in default_args.items():
        cfg.setdefault(key, value)
    return cls(**cfg)


@MODELS.register_module()
class ConvBlock(nn.Sequential):
    def __init__(self, cin, cout, stride=1, act=None, norm="BatchNorm2d"):
        super().__init__(OrderedDict([
            ("conv", nn.Conv2d(cin, cout, 3, stride, 1, bias=False)),
            ("bn", getattr(nn, norm)(cout)),
            ("act", act if act is not None else nn.ReLU(inplace=True)),
        ]))


@MODELS.register_module(name="TinyNet")
class Backbone(nn.Module):
    def __init__(self, widths=(4, 8), in_chans=1, num_classes=3, act=None):
        super().__init__()
        chans = (in_chans,) + tuple(widths)
        self.stages = nn.Sequential(*[ConvBlock(a, b, stride=2, act=copy.deepcopy(act))
                                      for a, b in zip(chans[:-1], chans[1:])])
        self.head = nn.Linear(widths[-1], num_classes)

    def forward_features(self, x):
        return self.stages(x)

    def forward(self, x):
        return self.head(F.adaptive_avg_pool2d(self.forward_features(x), 1).flatten(1))


try:
    MODELS.register_module()(ConvBlock)
except KeyError as error:
    print("KeyError", error)
print(MODELS)
cfg = {"type": "TinyNet", "widths": (4, 8), "act": {"type": "LeakyReLU", "negative_slope": 0.1}}
torch.manual_seed(0)
model = build_from_cfg(cfg, MODELS, num_classes=3)
print(model)
print("cfg untouched", cfg["act"])

# features through forward hooks
features = OrderedDict()
handles = [stage.register_forward_hook(
    lambda mod, inp, out, name=name: features.__setitem__(name, out.detach()))
    for name, stage in model.stages.named_children()]
x = torch.randn(2, 1, 8, 8)
logits = model(x)
print("features", {k: tuple(v.shape) for k, v in features.items()},
      f"{features['1'].abs().mean().item():.5f}")
for h in handles:
    h.remove()
features.clear()
model(x)
print("after remove", len(features), len(model.stages[0]._forward_hooks))

# module queries
print("get_submodule", model.get_submodule("stages.1.bn"))
print("get_parameter", model.get_parameter("stages.0.conv.weight").shape)
print("bn names", [n for n, m in model.named_modules() if isinstance(m, nn.BatchNorm2d)])
print("prefixed", [n for n, _ in model.stages.named_modules(prefix="backbone")][:4])
try:
    model.get_submodule("stages.5")
except AttributeError as error:
    print("AttributeError", error)


# freeze the first stage, keep every BatchNorm in eval mode while training
def freeze(module):
    for p in module.parameters():
        p.requires_grad_(False)
    module.eval()


class Trainable(nn.Module):
    def __init__(self, net, frozen_stages=1, norm_eval=True):
        super().__init__()
        self.net, self.frozen_stages, self.norm_eval = net, frozen_stages, norm_eval
        for i in range(frozen_stages):
            freeze(self.net.stages[i])

    def train(self, mode=True):
        super().train(mode)
        for i in range(self.frozen_stages):
            self.net.stages[i].eval()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        return self

    def forward(self, x):
        return self.net(x)


wrapped = Trainable(model)
wrapped.train()
print("modes", [(n, m.training) for n, m in wrapped.named_modules() if n.count(".") <= 3][:8])
print("trainable", [n for n, p in wrapped.named_parameters() if p.requires_grad])
opt = torch.optim.SGD([p for p in wrapped.parameters() if p.requires_grad], lr=0.1)
frozen_before = model.stages[0].conv.weight.clone()
stats_before = model.stages[1].bn.running_mean.clone()
for _ in range(3):
    loss = F.cross_entropy(wrapped(x), torch.tensor([0, 2]))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"  loss {loss.item():.6f}")
print("frozen unchanged", torch.equal(frozen_before, model.stages[0].conv.weight),
      "bn stats unchanged", torch.equal(stats_before, model.stages[1].bn.running_mean),
      "grad of frozen", model.stages[0].conv.weight.grad)

# a DataParallel-style checkpoint: "module." prefixes stripped on load
ckpt = {"state_dict": OrderedDict(("module." + k, v) for k, v in model.state_dict().items()),
        "meta": {"epoch": 3}}
fresh = build_from_cfg(cfg, MODELS)
try:
    fresh.load_state_dict(ckpt["state_dict"])
except RuntimeError as error:
    print("RuntimeError", str(error).splitlines()[0],
          str(error).splitlines()[1].strip()[:70])
clean = OrderedDict((k[len("module."):] if k.startswith("module.") else k, v)
                    for k, v in ckpt["state_dict"].items())
print(fresh.load_state_dict(clean, strict=True))
print("metadata versions", {k: v.get("version") for k, v in
                            model.state_dict()._metadata.items() if "bn" in k})
print("same output", torch.equal(fresh.eval()(x), model.eval()(x)))

# flat parameter vectors
vec = parameters_to_vector(model.parameters())
print("vector", vec.shape, f"{vec.norm().item():.6f}")
vector_to_parameters(torch.zeros_like(vec), fresh.parameters())
print("zeroed", sum(p.abs().sum().item() for p in fresh.parameters()),
      fresh.head.weight.is_leaf, type(fresh.head.weight).__name__)
try:
    vector_to_parameters(vec[:-1], fresh.parameters())
except RuntimeError as error:
    print("RuntimeError", error)
