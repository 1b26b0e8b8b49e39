import torch

# The "Serialization semantics" notes page, in order: saving tensors that share storage
# keeps the sharing (and saves the whole storage: clone() a view to save only it), state
# dicts and their sharing, weights_only loading and its allowlists (add_safe_globals,
# safe_globals, get_unsafe_globals_in_checkpoint), the unpickling error a user meets with a
# custom class, mmap loading, map_location forms, skip_data, and saving to a BytesIO.
import collections
import io
import os
import pickle
import tempfile

from torch import nn
from torch.serialization import (add_safe_globals, clear_safe_globals, get_safe_globals,
                                 get_unsafe_globals_in_checkpoint, safe_globals, skip_data)

torch.manual_seed(0)
workdir = tempfile.mkdtemp()


def path(name):
    return os.path.join(workdir, name)


numbers = torch.arange(1, 10)
evens = numbers[1::2]
torch.save([numbers, evens], path("tensors.pt"))
loaded_numbers, loaded_evens = torch.load(path("tensors.pt"))
loaded_evens *= 2
print(loaded_numbers, loaded_evens)
print(loaded_evens.untyped_storage().data_ptr() == loaded_numbers.untyped_storage().data_ptr(),
      loaded_evens.storage_offset(), loaded_evens.stride())

large = torch.arange(1, 1000)
small = large[0:5]
buffer = io.BytesIO()
torch.save(small, buffer)
view_size = buffer.tell()
buffer = io.BytesIO()
torch.save(small.clone(), buffer)
clone_size = buffer.tell()
print(view_size > 7000, clone_size < 2000)
buffer.seek(0)
whole = io.BytesIO()
torch.save(small, whole)
whole.seek(0)
print(torch.load(buffer).untyped_storage().nbytes(), torch.load(whole).untyped_storage().nbytes())

bn = nn.BatchNorm1d(3, track_running_stats=True)
state = bn.state_dict()
print(list(state), type(state).__name__, state._metadata[""])
torch.save(state, path("bn.pt"))
restored = torch.load(path("bn.pt"))
print(type(restored).__name__, list(restored), restored["num_batches_tracked"])
new_bn = nn.BatchNorm1d(3)
print(new_bn.load_state_dict(restored))
model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
model[2].weight = nn.Parameter(torch.ones(1, 2))
torch.save(model.state_dict(), path("model.pt"))
print(sorted(torch.load(path("model.pt"), map_location="cpu")))
print(torch.load(path("model.pt"), map_location=torch.device("cpu"))["2.weight"],
      torch.load(path("model.pt"), map_location={"cpu": "cpu"})["0.bias"].device,
      torch.load(path("model.pt"), map_location=lambda storage, loc: storage)["2.bias"].shape)
mapped = torch.load(path("model.pt"), mmap=True, weights_only=True)
print(mapped["2.weight"], mapped["0.weight"].is_contiguous())


class Config:
    def __init__(self, lr):
        self.lr = lr


Point = collections.namedtuple("Point", ["x", "y"])
torch.save({"config": Config(0.1), "weight": torch.ones(2)}, path("custom.pt"))
try:
    torch.load(path("custom.pt"))
except pickle.UnpicklingError as error:
    text = str(error)
    print("UnpicklingError:", text.splitlines()[0])
    print([line.strip() for line in text.splitlines() if "GLOBAL" in line][:1])
print(get_unsafe_globals_in_checkpoint(path("custom.pt")))
with safe_globals([Config]):
    print(torch.load(path("custom.pt"))["config"].lr, Config in get_safe_globals())
print(Config in get_safe_globals())
add_safe_globals([Config])
print(torch.load(path("custom.pt"))["weight"], Config in get_safe_globals())
clear_safe_globals()
print(get_safe_globals())
print(torch.load(path("custom.pt"), weights_only=False)["config"].lr)
torch.save(Point(torch.zeros(1), 2), path("point.pt"))
print(get_unsafe_globals_in_checkpoint(path("point.pt")))
try:
    torch.load(path("point.pt"))
except pickle.UnpicklingError as error:
    print("namedtuple:", str(error).splitlines()[0])
print(torch.load(path("point.pt"), weights_only=False))

allowed = {"ints": [1, 2], "float": 1.5, "text": "s", "none": None, "tuple": (1, True),
           "dtype": torch.float16, "size": torch.Size([2, 3]), "device": torch.device("cpu"),
           "ordered": collections.OrderedDict(a=torch.zeros(1)), "bytes": b"ab",
           "half": torch.ones(2, dtype=torch.float16), "complex": torch.tensor([1j]),
           "bool": torch.tensor([True]), "param": nn.Parameter(torch.ones(1))}
torch.save(allowed, path("allowed.pt"))
back = torch.load(path("allowed.pt"))
print({key: (type(value).__name__, value) for key, value in back.items()})
print(get_unsafe_globals_in_checkpoint(path("allowed.pt")))

with skip_data():
    torch.save(model.state_dict(), path("skipped.pt"))
skipped = torch.load(path("skipped.pt"))
print(sorted(skipped), skipped["2.weight"], skipped["0.weight"].shape)

try:
    torch.load(io.BytesIO(b"not a zip"))
except pickle.UnpicklingError as error:
    print("not a checkpoint: an UnpicklingError", isinstance(error, Exception))


def _closed():
    closed = io.BytesIO()
    closed.close()
    return closed


for label, call in [
        ("missing file", lambda: torch.load(path("nope.pt"))),
        ("bad map_location", lambda: torch.load(path("model.pt"), map_location="gpu")),
        ("save to a closed buffer", lambda: torch.save(torch.ones(1), _closed())),
        ("weights_only with pickle_module", lambda: torch.load(path("model.pt"),
                                                               pickle_module=pickle))]:
    try:
        call()
        print(label, "accepted")
    except Exception as error:  # noqa: BLE001 - the type is printed
        print(label, "->", type(error).__name__,
              str(error).replace(workdir, "<dir>").splitlines()[0][:120])

