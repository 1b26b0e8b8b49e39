"""GradScaler: loss scaling, so that small float16 gradients do not underflow to zero.

One iteration: ``scaler.scale(loss).backward()`` multiplies the loss (hence every gradient)
by the scale S; ``scaler.step(optimizer)`` divides the gradients by S (``unscale_``), and runs
``optimizer.step()`` only if none of them is inf or NaN; ``scaler.update()`` then adapts S:

    found inf/NaN:                              S <- S * backoff_factor, streak <- 0
    else, streak + 1 == growth_interval:        S <- S * growth_factor (if finite), streak <- 0
    else:                                       streak <- streak + 1

S and the streak are a float32 and an int32 0-d tensor on the device of the first scaled output,
as in PyTorch, so the sequence of scales is PyTorch's bit for bit.
"""
from __future__ import annotations

import warnings
from collections import defaultdict
from enum import Enum

from .. import _dtype as D
from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ..autograd import grad_mode
from ..ops.joining import stack


class OptState(Enum):
    READY = 0
    UNSCALED = 1
    STEPPED = 2


def _fresh_optimizer_state():
    return {"stage": OptState.READY, "found_inf_per_device": {}}


def _full(value, dtype, device):
    from ..ops.creation import full
    return full((), value, dtype=dtype, device=device)


class GradScaler:
    """Scales the loss up for backward and the gradients back down before the optimizer step.

    Args:
        device: 'cuda' (the default, as in PyTorch) or 'cpu'.
        init_scale: the first scale factor.
        growth_factor: what the scale is multiplied by after ``growth_interval`` consecutive
            steps without inf/NaN gradients (must be > 1).
        backoff_factor: what the scale is multiplied by after a step with inf/NaN gradients
            (must be < 1).
        growth_interval: how many clean steps in a row before the scale grows.
        enabled: False makes every method a no-op (``step`` just calls ``optimizer.step()``).
    """

    def __init__(self, device="cuda", init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if device == "cuda" and enabled:
            from .. import cuda
            if not cuda.is_available():
                warnings.warn("ember.cuda.amp.GradScaler is enabled, but CUDA is not available."
                              "  Disabling.", stacklevel=_user_stacklevel())
                self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
            self._init_scale = init_scale
            self._scale = None
            self._growth_factor = growth_factor
            self._backoff_factor = backoff_factor
            self._growth_interval = growth_interval
            self._init_growth_tracker = 0
            self._growth_tracker = None
            self._per_optimizer_states = defaultdict(_fresh_optimizer_state)

    def _check_scale_growth_tracker(self, funcname):
        fix = ("This may indicate your script did not use scaler.scale(loss or outputs) earlier "
               "in the iteration.")
        if self._scale is None:
            raise AssertionError(f"Attempted {funcname} but _scale is None.  " + fix)
        if self._growth_tracker is None:
            raise AssertionError(f"Attempted {funcname} but _growth_tracker is None.  " + fix)
        return self._scale, self._growth_tracker

    def _lazy_init_scale_growth_tracker(self, device):
        self._scale = _full(self._init_scale, D.float32, device)
        self._growth_tracker = _full(self._init_growth_tracker, D.int32, device)

    def scale(self, outputs):
        """outputs * scale, for a tensor or a (nested) list/tuple/iterable of tensors."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            if self._scale is None:
                self._lazy_init_scale_growth_tracker(outputs.device)
            return outputs * self._scale.to(device=outputs.device)
        per_device = {}

        def apply_scale(value):
            if isinstance(value, Tensor):
                if self._scale is None:
                    self._lazy_init_scale_growth_tracker(value.device)
                scale = per_device.get(value.device)
                if scale is None:
                    scale = per_device[value.device] = self._scale.to(device=value.device,
                                                                      copy=True)
                return value * scale
            if isinstance(value, (list, tuple)):
                return type(value)(map(apply_scale, value))
            if hasattr(value, "__iter__"):
                return map(apply_scale, value)
            raise ValueError("outputs must be a Tensor or an iterable of Tensors")
        return apply_scale(outputs)

    def _unscale_grads_(self, optimizer, inv_scale, allow_fp16):
        """Multiply every gradient by inv_scale in place; a found-inf flag per device."""
        finite = defaultdict(list)     # device -> one 0-d bool per gradient
        with grad_mode.no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    grad = param.grad
                    if grad is None:
                        continue
                    if not allow_fp16 and grad.dtype is D.float16:
                        raise ValueError("Attempting to unscale FP16 gradients.")
                    finite[grad.device].append(grad.isfinite().all())
                    grad.mul_(inv_scale.to(device=grad.device))
            # Flags stay on their device (no host sync per gradient); 1.0 where any was not finite.
            return {device: (~stack(flags).all()).to(D.float32)
                    for device, flags in finite.items()}

    def unscale_(self, optimizer):
        """Divide the optimizer's gradients by the scale, in place, and look for inf/NaN.

        Call it at most once per optimizer between ``update()`` calls (e.g. before clipping
        gradients); ``step`` calls it when it was not called.
        """
        if not self._enabled:
            return
        self._check_scale_growth_tracker("unscale_")
        optimizer_state = self._per_optimizer_states[id(optimizer)]
        if optimizer_state["stage"] is OptState.UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the "
                               "last update().")
        if optimizer_state["stage"] is OptState.STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        # The reciprocal in float64, rounded to float32: PyTorch's inverse scale.
        inv_scale = self._scale.double().reciprocal().float()
        optimizer_state["found_inf_per_device"] = self._unscale_grads_(optimizer, inv_scale,
                                                                       False)
        optimizer_state["stage"] = OptState.UNSCALED

    def step(self, optimizer, *args, **kwargs):
        """Unscale the gradients (if not done yet), then ``optimizer.step(*args, **kwargs)``
        unless some gradient is inf/NaN. Returns what ``optimizer.step`` returned, or None
        when the step was skipped."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._check_scale_growth_tracker("step")
        optimizer_state = self._per_optimizer_states[id(optimizer)]
        if optimizer_state["stage"] is OptState.STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if optimizer_state["stage"] is OptState.READY:
            self.unscale_(optimizer)
        if len(optimizer_state["found_inf_per_device"]) == 0:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        result = None
        if not sum(v.item() for v in optimizer_state["found_inf_per_device"].values()):
            result = optimizer.step(*args, **kwargs)
        optimizer_state["stage"] = OptState.STEPPED
        return result

    def update(self, new_scale=None):
        """Back the scale off if any step this iteration found inf/NaN, grow it after
        ``growth_interval`` clean steps, or set it to ``new_scale`` (a float or a 1-element
        float32 tensor)."""
        if not self._enabled:
            return
        scale, growth_tracker = self._check_scale_growth_tracker("update")
        if new_scale is not None:
            if isinstance(new_scale, float):
                scale.fill_(new_scale)
            else:
                reason = ("new_scale should be a float or a 1-element ember.cuda.FloatTensor or "
                          "ember.FloatTensor with requires_grad=False.")
                if new_scale.device.type != self._device:
                    raise AssertionError(reason)
                if new_scale.numel() != 1 or new_scale.requires_grad is True:
                    raise AssertionError(reason)
                scale.copy_(new_scale)
        else:
            found_infs = [found_inf for state in self._per_optimizer_states.values()
                          for found_inf in state["found_inf_per_device"].values()]
            if len(found_infs) == 0:
                raise AssertionError("No inf checks were recorded prior to update.")
            found = found_infs[0]
            for other in found_infs[1:]:
                found = found + other.to(found.device)
            self._update_scale(scale, growth_tracker, found)
        self._per_optimizer_states = defaultdict(_fresh_optimizer_state)

    def _update_scale(self, scale, growth_tracker, found_inf):
        """PyTorch's _amp_update_scale_, in float32 like its kernel, on the scale's device
        (no sync): back off after an inf/NaN, else grow after growth_interval clean steps
        unless growing overflows."""
        from .. import where
        with grad_mode.no_grad():
            found = found_inf.to(scale.device) > 0
            streak = where(found, 0, growth_tracker + 1)
            due = streak == self._growth_interval
            grown = scale * self._growth_factor
            kept = where(due & grown.isfinite(), grown, scale)
            scale.copy_(where(found, scale * self._backoff_factor, kept))
            growth_tracker.copy_(where(due, 0, streak))

    def get_scale(self):
        """The current scale as a Python float (1.0 when disabled)."""
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else self._scale.item()

    def get_growth_factor(self):
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        self._growth_interval = new_interval

    def _get_growth_tracker(self):
        if not self._enabled:
            return 0
        if self._growth_tracker is None:
            return self._init_growth_tracker
        return self._growth_tracker.item()

    def is_enabled(self):
        return self._enabled

    def state_dict(self):
        """scale, growth_factor, backoff_factor, growth_interval and _growth_tracker (an empty
        dict when disabled)."""
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval": self._growth_interval,
                "_growth_tracker": self._get_growth_tracker()}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale.fill_(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker.fill_(state_dict["_growth_tracker"])

    def __getstate__(self):
        state = self.__dict__.copy()
        if self._enabled:
            if len(self._per_optimizer_states) != 0:
                raise AssertionError("A GradScaler instance may only be pickled at the beginning "
                                     "of an iteration, or at the end after scaler.update().")
            # Pickle the values, not the tensors (which may live on a GPU).
            state["_init_scale"] = self.get_scale()
            state["_init_growth_tracker"] = self._get_growth_tracker()
            state["_scale"] = None
            state["_growth_tracker"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def _check_inf_per_device(self, optimizer):
        scale, _ = self._check_scale_growth_tracker("_check_inf_per_device")
        dummy_inv_scale = _full(1.0, D.float32, scale.device)
        found = self._unscale_grads_(optimizer, dummy_inv_scale, True)
        self._per_optimizer_states[id(optimizer)]["found_inf_per_device"] = found
        return found

    def _found_inf_per_device(self, optimizer):
        return self._per_optimizer_states[id(optimizer)]["found_inf_per_device"]
