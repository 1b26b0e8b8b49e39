"""What both checkpoint formats share: the error type and placing loaded tensors on devices."""
import pickle

from .._device import device as Device


class CheckpointError(RuntimeError, pickle.UnpicklingError):
    """A checkpoint file is truncated, corrupted, or not a checkpoint at all.

    torch raises RuntimeError for a damaged zip archive and pickle.UnpicklingError for a file
    that is not an archive at all; code written for torch catches one or the other, so this
    error is both."""


class EmptyCheckpointError(CheckpointError, EOFError):
    """An empty checkpoint file: torch's unpickler runs out of input at once (EOFError)."""


def fail(name, reason):
    raise CheckpointError(f"{name}: not a valid checkpoint: {reason}")


def resolve_device(map_location, saved):
    """The device a tensor saved on ``saved`` should be loaded onto."""
    if map_location is None:
        return saved
    if isinstance(map_location, dict):
        return map_location.get(saved, saved)
    if isinstance(map_location, (str, Device)):
        return str(map_location)
    raise TypeError(f"map_location should be a str, device, dict or callable, got "
                    f"{type(map_location).__name__}")


def place(tensor, saved_device, map_location):
    """Move a freshly loaded host tensor where ``map_location`` says (torch's rules).

    A callable gets ``(tensor, saved_location)`` and may return a replacement (None restores
    the tensor where it was saved); a string, device or dict names the target device.
    """
    saved = saved_device or "cpu"
    if callable(map_location) and not isinstance(map_location, (dict, str, Device)):
        result = map_location(tensor, saved)
        return restore_location(tensor, saved) if result is None else result
    return restore_location(tensor, resolve_device(map_location, saved))


def restore_location(tensor, location):
    """``tensor`` on the device named ``location`` (torch's ``default_restore_location``: its
    CPU and meta restorers take those exact names, its CUDA one any name starting "cuda";
    a name none of them takes, "gpu" or "cpu:0", is refused)."""
    location = str(location)
    if location == "cpu":
        return tensor.cpu()
    if location == "meta":
        return tensor.to("meta")
    if location.startswith("cuda"):
        _check_cuda()
        return tensor.to(location)
    if location.startswith(("xpu", "mps", "hpu")):
        return tensor.to(location)  # the device's own error
    raise RuntimeError(f"don't know how to restore data location of "
                       f"ember.storage.UntypedStorage (tagged with {location})")


def _check_cuda():
    from .. import cuda
    if not cuda.is_available():
        raise RuntimeError(
            "Attempting to deserialize object on a CUDA device but ember.cuda.is_available() "
            "is False. If you are running on a CPU-only machine, please use ember.load with "
            "map_location=ember.device('cpu') to map your storages to the CPU.")


def device_target(saved_device, map_location):
    """The CUDA device a loaded storage goes to as a whole, or None when its tensors are
    placed one by one (the CPU, the meta device, or a callable ``map_location``)."""
    if callable(map_location) and not isinstance(map_location, (dict, str, Device)):
        return None
    target = str(resolve_device(map_location, saved_device or "cpu"))
    if not target.startswith("cuda"):
        return None
    _check_cuda()
    return Device(target)


def make_parameter(tensor, requires_grad):
    from ..nn import Parameter
    return Parameter(tensor, requires_grad=requires_grad)
