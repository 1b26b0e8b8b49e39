"""``ember.compile`` and the wrapper it puts around a module: torch's API over ember's capture.

``compile(fn)`` gives a callable that runs ``fn`` through a compiled region (see
``region.py``): the first call with a given input signature runs eagerly while recording the
array calls, later calls with the same signature replay the recorded plan. ``compile(module)``
gives an ``OptimizedModule`` whose ``_orig_mod`` is the module, exactly as torch does (its
``state_dict`` keys carry the ``_orig_mod.`` prefix), and ``Module.compile()`` compiles a
module in place.
"""
from __future__ import annotations

import functools

from ..nn.modules.module import Module
from . import region as _region
from .exc import InvalidBackend

# What torch.compile accepts for ``mode``, and the backends it knows by name. Every backend
# runs ember's own capture: a backend picks how torch lowers its graph, which ember has no
# counterpart for.
MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")
BACKENDS = ("aot_eager", "aot_eager_decomp_partition", "aot_eager_decomp_partition_crossref",
            "aot_eager_decomp_partition_with_mode", "aot_eager_default_partitioner", "aot_ts",
            "cudagraphs", "eager", "eager_debug", "eager_noexcept", "inductor", "openxla",
            "openxla_eval", "pre_dispatch_eager", "tvm", "ts")
# torch tags its debugging backends (and one experimental one) so that list_backends() leaves
# them out unless exclude_tags says otherwise
BACKEND_TAGS = {**dict.fromkeys(
    ("aot_eager", "aot_eager_decomp_partition", "aot_eager_decomp_partition_crossref",
     "aot_eager_decomp_partition_with_mode", "aot_eager_default_partitioner", "aot_ts", "eager",
     "eager_debug", "eager_noexcept", "pre_dispatch_eager", "ts"), ("debug",)),
    "openxla_eval": ("experimental",)}
REGISTERED_BACKENDS = {}  # name -> backend, from ember._dynamo.register_backend
REGISTERED_TAGS = {}  # name -> its tags (list_backends leaves out excluded ones)


def compile(model=None, *, fullgraph=False, dynamic=None, backend=None, mode=None,
            options=None, name=None, disable=False, recompile_limit=None,
            isolate_recompiles=False, shapes_spec=None):
    """Compile a function or module: capture its array calls once, replay them afterwards.

    The first call with a given signature (input shapes, dtypes, devices, requires_grad, grad
    mode, training flag, parameter identities) runs eagerly while recording the backend array
    calls of the forward and, at ``backward()``, of the backward. Later calls with the same
    signature replay that plan: a straight list of array calls on the parameters' own arrays,
    with the whole backward as one autograd node. A Python value read from a tensor
    (``.item()``, ``bool(t)``, ``.tolist()``) splits the plan there: the plan guards on the
    value read, and a call that reads another value gets a plan of its own (up to the
    recompile limit, then eager mode). Module forward hooks run again at each replay, and
    in-place writes into inputs that need no gradient are replayed into the caller's arrays.
    In-place writes into inputs that require grad, tensor hooks, custom autograd Functions and
    ops the capture cannot see make the region run eagerly (``fullgraph=True`` raises
    ``ember._dynamo.exc.Unsupported`` for any break), as does a compiled ``optimizer.step``
    (its parameter writes are into arrays no argument brings in). Results and gradients equal
    eager mode's bit for bit: plans do not fuse kernels, so no last bits change. A compiled
    function's plan takes the parameters and buffers of the modules it calls (found through its
    closure and the globals it names) as inputs, as torch lifts them into its graph. On a CUDA
    device the plan records the device arrays' calls (NumPy's protocols, their methods, the
    device module's functions) and replays them there.

    Args:
        model: the function or ``nn.Module`` to compile; omitted, ``compile`` returns a
            decorator taking it.
        fullgraph: raise instead of falling back to eager when the region cannot be captured.
        dynamic: accepted for torch compatibility; each new shape gets its own plan.
        backend: a torch backend name (``"inductor"`` by default) or a callable; all run
            ember's capture.
        mode: one of torch's modes (``"default"``, ``"reduce-overhead"``, ``"max-autotune"``...).
        options: a dict of backend options (not together with ``mode``);
            ``{"validate": True}`` checks each plan against eager mode on other values
            before using it, even when the capture saw every read of the data.
        name: a name for the compiled region, shown by ``explain``.
        disable: return ``model`` unchanged (a no-op compile).
        recompile_limit: plans kept for this callable (default
            ``ember._dynamo.config.recompile_limit``).
        isolate_recompiles: accepted for torch compatibility.
        shapes_spec: accepted for torch compatibility.

    Returns:
        For a module, an ``OptimizedModule`` wrapping it; for a function, a function with the
        same name that runs the compiled region.

    Example:
        >>> model = nn.Linear(3, 2)
        >>> opt = ember.compile(model)
        >>> type(opt).__name__
        'OptimizedModule'
        >>> opt._orig_mod is model
        True
        >>> list(opt.state_dict())
        ['_orig_mod.weight', '_orig_mod.bias']
    """
    settings = {"fullgraph": fullgraph, "dynamic": dynamic, "backend": backend, "mode": mode,
                    "options": options, "name": name, "recompile_limit": recompile_limit}
    if model is None:
        def decorator(fn):
            return compile(fn, disable=disable, isolate_recompiles=isolate_recompiles,
                           shapes_spec=shapes_spec, **settings)
        return decorator
    if not callable(model):
        raise AssertionError(  # noqa: TRY004 - the type torch raises
            f"A callable function is expected, but {type(model)} is provided.")
    _check_settings(backend, mode, options)
    if disable:
        return model
    _first_compile()
    if isinstance(model, Module):
        return OptimizedModule(model, settings)
    return _compiled_function(model, settings)


@functools.cache
def _first_compile():
    """What torch's first (not disabled) ``compile`` call does to the process, once.

    torch turns distributions' default argument validation off for the whole process at its
    first ``torch.compile``, and leaves it to the user to turn it back on; a program that
    compiles a model and then builds ``Normal(0, -1)`` gets no error under torch, so none
    under ember either.
    """
    from ..distributions import Distribution
    Distribution.set_default_validate_args(False)


def _check_settings(backend, mode, options):
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified "
                           "at the same time.")
    if mode is not None and mode not in MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(MODES)}")
    if isinstance(backend, str) and backend not in BACKENDS and \
            backend not in REGISTERED_BACKENDS:
        raise InvalidBackend(backend)


def _compiled_function(fn, settings):
    region = _region.Region(fn, **settings)

    @functools.wraps(fn)
    def compiled(*args, **kwargs):
        return region(*args, **kwargs)

    compiled._ember_region = region
    return compiled


class OptimizedModule(Module):
    """A compiled module: calls run ``_orig_mod`` through a compiled region.

    Attribute reads and writes that are not its own go to the original module, so
    ``opt.layer``, ``opt.some_method()`` and ``opt.flag = 1`` act on ``_orig_mod`` as in
    torch; parameters, buffers and ``state_dict`` keys carry the ``_orig_mod.`` prefix.
    """

    _OWN = frozenset(("_orig_mod", "forward", "_ember_region", "dynamo_ctx"))

    def __init__(self, mod, settings):
        super().__init__()
        Module.__setattr__(self, "_orig_mod", mod)
        region = _region.Region(mod, **settings)
        object.__setattr__(self, "_ember_region", region)
        object.__setattr__(self, "forward", region)

    @property
    def training(self):
        return self._orig_mod.training

    @training.setter
    def training(self, value):
        # Module.__init__ sets the flag before _orig_mod exists; the wrapper has none of its own.
        if "_orig_mod" in self.__dict__.get("_modules", {}):
            self._orig_mod.training = value

    def __getattr__(self, name):
        modules = self.__dict__.get("_modules")
        if modules is not None and name in modules:
            return modules[name]
        if name.startswith("__") or modules is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return getattr(modules["_orig_mod"], name)

    def __setattr__(self, name, value):
        if name in self._OWN or name == "training" or name in Module.__dict__ \
                or "_orig_mod" not in self.__dict__.get("_modules", {}):
            Module.__setattr__(self, name, value)
        else:
            setattr(self._orig_mod, name, value)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("forward", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        region = _region.Region(self._orig_mod)
        object.__setattr__(self, "_ember_region", region)
        object.__setattr__(self, "forward", region)


OptimizedModule.__module__ = "ember._dynamo.eval_frame"
