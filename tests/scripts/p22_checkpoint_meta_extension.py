import torch
import os
import tempfile
import torch.nn as nn
import torch.nn.functional as F

# Recipes: reasoning about shapes on the meta device, tips for loading an nn.Module from a
# checkpoint (meta init, mmap, assign), the load_state_dict extension points, and the
# parametrizations a checkpoint carries.
torch.manual_seed(0)

# shapes without memory
t = torch.rand(2, 3, 10, 10, device="meta")
conv = nn.Conv2d(3, 5, 2, device="meta")
print(f"{conv(t).shape=}")
print(t.device, t.is_meta, conv.weight.is_meta, repr(conv.weight.data)[:60])
for shape, layer in [((1, 3, 17, 17), nn.Conv2d(3, 8, 3, stride=2, padding=1)),
                     ((1, 3, 17, 17), nn.MaxPool2d(3, stride=2, ceil_mode=True)),
                     ((1, 4, 9, 9), nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1)),
                     ((2, 7, 16), nn.Conv1d(7, 3, 5, dilation=2)),
                     ((2, 3, 4, 6, 6), nn.AvgPool3d((1, 2, 2))),
                     ((3, 6, 8), nn.Flatten(1))]:
    out = layer.to("meta")(torch.empty(shape, device="meta"))
    print(type(layer).__name__, shape, "->", tuple(out.shape), out.dtype)
try:
    torch.ones(2, device="meta").sum().item()
except (RuntimeError, NotImplementedError) as err:
    print(type(err).__name__, str(err).split("\n")[0])


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.norm = nn.LayerNorm(16)
        self.fc2 = nn.Linear(16, 4)
        self.register_buffer("scale", torch.full((4,), 0.5))

    def forward(self, x):
        return self.fc2(F.relu(self.norm(self.fc1(x)))) * self.scale


with torch.device("meta"):
    meta_model = Block()
print("meta params", [p.device.type for p in meta_model.parameters()],
      meta_model.scale.device)
print(meta_model)

source = Block()
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "checkpoint.pt")
    torch.save(source.state_dict(), path)
    state_dict = torch.load(path, mmap=True, weights_only=True)
    print("loaded keys", list(state_dict))
    result = meta_model.load_state_dict(state_dict, assign=True)
    print("assign result", result)
    print("assigned devices", {p.device.type for p in meta_model.parameters()},
          meta_model.scale.device)
    print("params are Parameters", all(isinstance(p, nn.Parameter)
                                      for p in meta_model.parameters()),
          meta_model.fc1.weight.requires_grad)
    x = torch.randn(3, 8)
    print("same output", torch.equal(meta_model(x), source(x)))

    # without assign, loading into meta parameters keeps them on meta (with a warning)
    with torch.device("meta"):
        other = Block()
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        other.load_state_dict(state_dict)
    print("still meta", other.fc1.weight.is_meta, [str(w.message)[:70] for w in caught])

# to_empty then reset_parameters
with torch.device("meta"):
    lazy = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
lazy.to_empty(device="cpu")
torch.manual_seed(5)
for m in lazy.modules():
    if hasattr(m, "reset_parameters"):
        m.reset_parameters()
print("after to_empty", lazy[0].weight.device, lazy[1].running_var, lazy[1].num_batches_tracked)

# the load_state_dict hooks


class Renamed(nn.Module):
    """Accepts checkpoints from the old Block whose fc2 was called 'head'."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.norm = nn.LayerNorm(16)
        self.fc2 = nn.Linear(16, 4)
        self.register_buffer("scale", torch.ones(4))
        self.register_load_state_dict_pre_hook(self._rename)
        self.register_load_state_dict_post_hook(self._report)
        self.register_state_dict_post_hook(self._mark)

    @staticmethod
    def _rename(module, state_dict, prefix, local_metadata, strict, missing_keys,
                unexpected_keys, error_msgs):
        for key in list(state_dict):
            if key.startswith(prefix + "head."):
                state_dict[key.replace("head.", "fc2.")] = state_dict.pop(key)

    @staticmethod
    def _report(module, incompatible_keys):
        print("post hook sees", incompatible_keys.missing_keys,
              incompatible_keys.unexpected_keys)
        incompatible_keys.missing_keys[:] = [k for k in incompatible_keys.missing_keys
                                             if k != "scale"]

    @staticmethod
    def _mark(module, state_dict, prefix, local_metadata):
        state_dict[prefix + "format"] = torch.tensor(2)


old = {k.replace("fc2.", "head."): v for k, v in source.state_dict().items() if k != "scale"}
print("old keys", list(old))
renamed = Renamed()
print(renamed.load_state_dict(old))
print("fc2 loaded", torch.equal(renamed.fc2.weight, source.fc2.weight), renamed.scale)
print("state_dict with post hook", list(renamed.state_dict()))
print("metadata version", renamed.state_dict()._metadata[""])

# swapping parameters on conversion (the tensor-subclass extension point)
m = nn.Linear(3, 2)
weight_ref = m.weight
m.half()
print("no swap: same object", m.weight is weight_ref, m.weight.dtype)
torch.__future__.set_swap_module_params_on_conversion(True)
try:
    m = nn.Linear(3, 2)
    weight_ref = m.weight
    m.double()
    print("swap: same object", m.weight is weight_ref, weight_ref.dtype,
          type(weight_ref).__name__)
    print("future flag", torch.__future__.get_swap_module_params_on_conversion())
finally:
    torch.__future__.set_swap_module_params_on_conversion(False)
a, b = torch.zeros(2), torch.ones(3, dtype=torch.float64)
torch.utils.swap_tensors(a, b)
print("swap_tensors", a, b)
p = nn.Parameter(torch.ones(2))
with torch.no_grad():
    loaded = p.module_load(torch.full((2,), 3.0))
print("module_load", loaded, loaded is p, type(p.module_load(torch.zeros(2), assign=True)).__name__)
try:
    p.module_load(torch.zeros(2))
except RuntimeError as err:
    print("RuntimeError", err)

# parametrizations carried in checkpoints
torch.manual_seed(1)
lin = nn.Linear(4, 4)
nn.utils.parametrizations.orthogonal(lin)
print("orthogonal keys", list(lin.state_dict()))
print("orthogonal", torch.allclose(lin.weight @ lin.weight.T, torch.eye(4), atol=1e-5))
print(lin.parametrizations.weight[0])
sn = nn.utils.parametrizations.spectral_norm(nn.Linear(5, 3))
for _ in range(5):
    sn(torch.randn(2, 5))
print("spectral keys", list(sn.state_dict()))
print("spectral norm ~1", round(torch.linalg.matrix_norm(sn.weight, 2).item(), 3))
sn.eval()
w1 = sn.weight
print("eval caches nothing new", torch.equal(w1, sn.weight))
restored = nn.utils.parametrizations.spectral_norm(nn.Linear(5, 3))
restored.load_state_dict(sn.state_dict())
restored.eval()
print("restored weight equal", torch.allclose(restored.weight, sn.weight))
nn.utils.parametrize.remove_parametrizations(restored, "weight")
print("after remove", list(restored.state_dict()), type(restored.weight).__name__)
