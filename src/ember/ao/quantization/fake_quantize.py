"""``FakeQuantize``: an observer plus fake quantization, the module quantization-aware training
puts after weights and activations. Each forward (while the observer is on) updates the
observed range and the scale and zero point derived from it, then (while fake quantization is
on) rounds the input to that grid with ``ember.fake_quantize_per_tensor_affine`` (or the
per-channel op), whose gradient is the straight-through estimator."""
from __future__ import annotations

from ...nn.modules.module import Module
from .observer import MovingAverageMinMaxObserver, _with_args

__all__ = ["FakeQuantizeBase", "FakeQuantize", "default_fake_quant",
           "default_weight_fake_quant", "default_per_channel_weight_fake_quant",
           "disable_fake_quant", "enable_fake_quant", "disable_observer", "enable_observer"]


def _ember():
    import ember
    return ember


class FakeQuantizeBase(Module):
    """The two switches every fake quantizer has: fake quantization and observation.

    Subclasses (``FakeQuantize``) take their own arguments; this base takes none.

    Example:
        >>> fq = ember.ao.quantization.FakeQuantize()
        >>> fq.disable_fake_quant()
        >>> fq.fake_quant_enabled
        tensor([0], dtype=ember.uint8)
    """

    with_args = classmethod(_with_args)

    def __init__(self):
        super().__init__()
        ember = _ember()
        self.register_buffer("fake_quant_enabled", ember.tensor([1], dtype=ember.uint8))
        self.register_buffer("observer_enabled", ember.tensor([1], dtype=ember.uint8))

    def enable_fake_quant(self, enabled=True):
        self.fake_quant_enabled[0] = 1 if enabled else 0

    def disable_fake_quant(self):
        self.enable_fake_quant(False)

    def enable_observer(self, enabled=True):
        self.observer_enabled[0] = 1 if enabled else 0

    def disable_observer(self):
        self.enable_observer(False)


class FakeQuantize(FakeQuantizeBase):
    """Observe the input's range and round the input to the integer grid it gives.

    Args:
        observer: the observer class (or ``with_args`` factory) to build.
        quant_min (int, optional): the lowest integer (the observer's default otherwise).
        quant_max (int, optional): the highest integer.
        **observer_kwargs: passed to the observer (dtype, qscheme, reduce_range, ch_axis...).

    Example:
        >>> fq = ember.ao.quantization.FakeQuantize()
        >>> fq(ember.tensor([0.1, 0.5, 1.0]))
        tensor([0.0980, 0.4980, 1.0000])
    """

    def __init__(self, observer=MovingAverageMinMaxObserver, quant_min=None, quant_max=None,
                 is_dynamic=False, **observer_kwargs):
        super().__init__()
        ember = _ember()
        if quant_min is not None and quant_max is not None:
            if quant_min > quant_max:
                raise AssertionError("quant_min must be less than or equal to quant_max")
            observer_kwargs.update({"quant_min": quant_min, "quant_max": quant_max})
        observer_kwargs["is_dynamic"] = is_dynamic
        self.activation_post_process = observer(**observer_kwargs)
        self.quant_min = self.activation_post_process.quant_min
        self.quant_max = self.activation_post_process.quant_max
        self.is_dynamic = self.activation_post_process.is_dynamic
        self.register_buffer("scale", ember.tensor([1.0], dtype=ember.float32))
        self.register_buffer("zero_point", ember.tensor([0], dtype=ember.int32))
        self.dtype = self.activation_post_process.dtype
        self.qscheme = self.activation_post_process.qscheme
        self.ch_axis = getattr(self.activation_post_process, "ch_axis", -1)
        self.is_per_channel = self.qscheme.name in ("per_channel_symmetric",
                                                    "per_channel_affine")

    def calculate_qparams(self):
        return self.activation_post_process.calculate_qparams()

    def forward(self, X):
        ember = _ember()
        if self.observer_enabled[0] == 1:
            self.activation_post_process(X.detach())
            scale, zero_point = self.calculate_qparams()
            scale, zero_point = scale.to(self.scale.device), zero_point.to(self.zero_point.device)
            if self.scale.shape != scale.shape:
                self.scale.resize_(scale.shape)
                self.zero_point.resize_(zero_point.shape)
            self.scale.copy_(scale)
            self.zero_point.copy_(zero_point)
        if self.fake_quant_enabled[0] == 1:
            if self.is_per_channel:
                X = ember.fake_quantize_per_channel_affine(
                    X, self.scale, self.zero_point, self.ch_axis, self.quant_min,
                    self.quant_max)
            else:
                X = ember.fake_quantize_per_tensor_affine(
                    X, self.scale, self.zero_point, self.quant_min, self.quant_max)
        return X

    def extra_repr(self):
        return (f"fake_quant_enabled={self.fake_quant_enabled}, "
                f"observer_enabled={self.observer_enabled}, quant_min={self.quant_min}, "
                f"quant_max={self.quant_max}, dtype={self.dtype}, qscheme={self.qscheme}, "
                f"ch_axis={self.ch_axis}, scale={self.scale}, zero_point={self.zero_point}")


def _defaults():
    import ember
    from .observer import MovingAveragePerChannelMinMaxObserver
    return (
        FakeQuantize.with_args(
            observer=MovingAverageMinMaxObserver, quant_min=0, quant_max=255,
            dtype=ember.quint8, qscheme=ember.per_tensor_affine, reduce_range=True),
        FakeQuantize.with_args(
            observer=MovingAverageMinMaxObserver, quant_min=-128, quant_max=127,
            dtype=ember.qint8, qscheme=ember.per_tensor_symmetric, reduce_range=False),
        FakeQuantize.with_args(
            observer=MovingAveragePerChannelMinMaxObserver, quant_min=-128, quant_max=127,
            dtype=ember.qint8, qscheme=ember.per_channel_symmetric, reduce_range=False,
            ch_axis=0))


# torch's default fake quantizers: activations (7-bit unsigned on x86), weights per tensor and
# per channel (signed, symmetric).
default_fake_quant, default_weight_fake_quant, default_per_channel_weight_fake_quant = \
    _defaults()


def _switch(method):
    def apply_to(mod):
        if isinstance(mod, FakeQuantizeBase):
            getattr(mod, method)()
    apply_to.__name__ = method
    apply_to.__doc__ = f"""Meant for ``model.apply``: calls ``{method}()`` on each fake quantizer.

    Args:
        mod: a module (others than fake quantizers are left alone).

    Example:
        >>> net = ember.nn.Sequential(ember.ao.quantization.FakeQuantize())
        >>> _ = net.apply(ember.ao.quantization.{method})
    """
    return apply_to


disable_fake_quant = _switch("disable_fake_quant")
enable_fake_quant = _switch("enable_fake_quant")
disable_observer = _switch("disable_observer")
enable_observer = _switch("enable_observer")
