"""Functions the multiprocessing tests run in child processes (importable without torch, so
spawned children start quickly)."""
import importlib

import ember.multiprocessing  # noqa: F401  (registers the shared-memory reducers)


def add_one(tensor):
    tensor.add_(1)


def echo_plus_one(inbox, outbox):
    """Receive a tensor, change it in place, and send back a view of its second half."""
    tensor = inbox.get()
    tensor.add_(1)
    outbox.put(tensor[tensor.numel() // 2:])
    outbox.put(tensor.is_shared())
    inbox.get()


def fail(rank, message):
    raise ValueError(f"{message} from {rank}")


def exit_with(rank, code):
    raise SystemExit(code)


def make_model(seed, lib_name="ember"):
    lib = importlib.import_module(lib_name)
    lib.manual_seed(seed)
    return lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.Tanh(), lib.nn.Linear(8, 1))


def make_data(seed, lib_name="ember"):
    lib = importlib.import_module(lib_name)
    generator = lib.Generator().manual_seed(seed)
    x = lib.randn(64, 4, generator=generator)
    y = (x[:, :1] * 2 - x[:, 1:2]).tanh()
    return x, y


def loss_on_data(model, seed, lib_name="ember"):
    lib = importlib.import_module(lib_name)
    x, y = make_data(seed, lib_name)
    with lib.no_grad():
        return lib.nn.functional.mse_loss(model(x), y).item()


def hogwild_train(rank, model, steps, seed, lib_name="ember"):
    """One Hogwild worker (as torch's mnist_hogwild): its own optimizer over shared weights."""
    lib = importlib.import_module(lib_name)
    x, y = make_data(seed, lib_name)
    optimizer = lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
    for step in range(steps):
        start = (step * 16 + rank * 8) % 48
        optimizer.zero_grad()
        lib.nn.functional.mse_loss(model(x[start:start + 16]), y[start:start + 16]).backward()
        optimizer.step()


def square(tensor):
    return tensor * tensor
