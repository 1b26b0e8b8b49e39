"""``ember.export``: a module's forward recorded once as a program of array calls.

``export(module, args)`` runs the module's forward once on the example inputs while recording
its array calls (the capture ``ember.compile`` uses, see ``ember._compile.capture``) and gives an
``ExportedProgram``: the recorded calls, the names and example shapes of the inputs, the
module's parameters and buffers (``state_dict``), and what it returns. ``ep.module()`` is an
``nn.Module`` that runs the recorded calls on new inputs of the same shapes and dtypes;
``save``/``load`` write and read a program without pickled code.

What differs from ``torch.export``, and why:

- The program is ember's own: a list of NumPy-level calls, not an FX graph of ATen ops.
  ``print(ep)`` shows it in ember's own text (inputs, parameters, buffers, outputs, then one
  line per call); it does not imitate FX's printout, whose node names and ATen ops ember has no
  counterpart for. There is no ``ep.graph`` or ``ep.graph_module``.
- Shapes are static: the program holds the example's shapes in its calls (reshapes, sizes),
  so a ``dynamic_shapes`` spec with any ``Dim`` but ``Dim.STATIC`` raises, and a call with
  another shape fails torch's guard (``AssertionError: Guard failed: x.size()[0] == 4``).
  ``run_decompositions()`` returns the program itself (its calls are NumPy-level already).
- Any Python value read from a tensor in the forward (``if x.sum() > 0``, ``.item()``,
  ``.tolist()``) raises ``GuardOnDataDependentSymNode`` (a ``RuntimeError``, as torch's);
  torch can carry an ``.item()`` used only as a number through its graph, ember cannot.
- ``ep.module()`` runs the recorded array calls: its outputs carry no autograd history
  (an exported program is for running a model, not training it). Buffers the forward writes
  in place (batch-norm statistics in training mode) are written in the module's own buffers,
  as the original module writes its own; dropout in training mode draws from ember's default
  generator at each call, as eager mode does.
"""
from __future__ import annotations

import dataclasses
import enum
import inspect
import io
import json
import math
import os

import numpy as np

from .. import _random
from .._compile import plan as _plan
from .._compile.capture import (
    Const,
    MethodCall,
    Slot,
    Trace,
    Traced,
    _mt_property,
    _raw,
    _transpose_property,
    capturing,
)
from .._compile.exc import UserError
from .._compile.runtime import _flatten, _module_state, _rebuild
from .._tensor import Tensor
from ..autograd import grad_mode
from ..nn.modules.module import Module
from ..nn.parameter import Parameter
from .dynamic_shapes import AdditionalInputs, ShapesCollection

__all__ = ["DEFAULT_PICKLE_PROTOCOL", "AdditionalInputs", "CustomDecompTable", "Dim",
           "ExportGraphSignature", "ShapesCollection",
           "ExportedModule", "ExportedProgram", "GuardOnDataDependentSymNode", "InputKind",
           "InputSpec", "ModuleCallEntry", "ModuleCallSignature", "OutputKind", "OutputSpec",
           "UnflattenedModule", "default_decompositions", "dims", "draft_export", "export", "load",
           "register_dataclass", "save", "unflatten"]

FORMAT = "ember.export/1"
_LEAF = object()  # where a tensor goes among an exported program's inputs


class GuardOnDataDependentSymNode(RuntimeError):
    """A branch on (or any Python read of) a tensor's value inside an exported forward."""


class _ExportTrace(Trace):
    """The capture of an export: a Python value read from a tensor cannot be exported, and
    anything the capture cannot follow is an error instead of a fallback to eager mode."""

    def guard(self, array, reason):
        raise GuardOnDataDependentSymNode(
            f"Could not guard on data-dependent expression: {reason}. ember.export records one "
            "path through the forward, so its control flow and Python numbers must not depend "
            "on tensor values; compute the value with tensor ops (ember.where, masks) instead.")

    def note(self, reason):
        raise UserError(f"ember.export cannot record this forward: {reason}")


class _DimHint:
    """``Dim.AUTO``, ``Dim.STATIC``, ``Dim.DYNAMIC``: how a dimension may vary."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"DimHint({self.name})"


class Dim:
    """A named dimension for ``dynamic_shapes``, as torch's (``min`` 0 unless given).

    ember's programs have static shapes, so ``export`` accepts only ``Dim.STATIC`` (or None)
    in ``dynamic_shapes``; the class exists so programs that build their specs run up to that.
    """

    AUTO = _DimHint("AUTO")
    STATIC = _DimHint("STATIC")
    DYNAMIC = _DimHint("DYNAMIC")

    def __init__(self, name, *, min=None, max=None):
        low = 0 if min is None else min
        if max is not None and low > max:
            raise AssertionError(f"Cannot create Dim with inconsistent min={min}, max={max}")
        self.__name__, self.min, self.max = name, low, max

    def __repr__(self):
        parts = [repr(self.__name__)]
        if self.min != 2:  # torch's default lower bound for a dynamic size goes unsaid
            parts.append(f"min={self.min}")
        if self.max is not None:
            parts.append(f"max={self.max}")
        return f"Dim({', '.join(parts)})"


def dims(*names, min=None, max=None):
    """A ``Dim`` per name, with the same bounds."""
    return tuple(Dim(name, min=min, max=max) for name in names)


def default_decompositions():
    """The decompositions ``run_decompositions`` would apply: none, ember's programs are
    NumPy-level calls already."""
    return {}


def _static(spec):
    """True when a ``dynamic_shapes`` entry asks for nothing but static sizes."""
    if spec is None or spec is Dim.STATIC:
        return True
    if isinstance(spec, dict):
        return all(_static(v) for v in spec.values())
    if isinstance(spec, (tuple, list)):
        return all(_static(v) for v in spec)
    return False


class InputKind(enum.Enum):
    USER_INPUT = enum.auto()
    PARAMETER = enum.auto()
    BUFFER = enum.auto()


class OutputKind(enum.Enum):
    USER_OUTPUT = enum.auto()


class InputSpec:
    """One input of the program: its kind, its name and, for parameters and buffers, the
    ``state_dict`` key it reads (``target``)."""

    _TENSOR = object()

    def __init__(self, kind, name, target=None, value=_TENSOR):
        self.kind, self.name, self.target = kind, name, target
        self.value = value  # a constant input's value (_TENSOR for a tensor)

    @property
    def is_constant(self):
        return self.value is not InputSpec._TENSOR

    def __repr__(self):
        target = "" if self.target is None else f" target={self.target!r}"
        value = f" value={self.value!r}" if self.is_constant else ""
        return f"{self.name}: {self.kind.name}{target}{value}"


class OutputSpec:
    """One tensor output of the program and its name."""

    def __init__(self, kind, name):
        self.kind, self.name = kind, name

    def __repr__(self):
        return f"{self.name}: {self.kind.name}"


class ExportGraphSignature:
    """The program's inputs (user inputs, then parameters, then buffers) and outputs."""

    def __init__(self, input_specs, output_specs):
        self.input_specs = input_specs
        self.output_specs = output_specs

    def _names(self, kind, attribute="name"):
        return tuple(getattr(s, attribute) for s in self.input_specs if s.kind is kind)

    @property
    def user_inputs(self):
        """The user inputs' names, and a constant input's value in its place (as torch)."""
        return tuple(s.value if s.is_constant else s.name for s in self.input_specs
                     if s.kind is InputKind.USER_INPUT)

    @property
    def parameters(self):
        return self._names(InputKind.PARAMETER, "target")

    @property
    def buffers(self):
        return self._names(InputKind.BUFFER, "target")

    @property
    def user_outputs(self):
        return tuple(s.name for s in self.output_specs)

    def __repr__(self):
        lines = ["ExportGraphSignature(", "  inputs:"]
        lines += [f"    {s!r}" for s in self.input_specs]
        lines.append("  outputs:")
        lines += [f"    {s!r}" for s in self.output_specs]
        return "\n".join(lines) + "\n)"


# -- export --------------------------------------------------------------------------------------

def _input_names(module, args, kwargs):
    """The name of every leaf of ``(args, kwargs)`` in flattening order: the forward's
    parameter name (a keyword's own name), with ``_<i>`` per level inside lists, tuples and
    dicts, as torch.export names its inputs."""
    try:
        parameters = [p.name for p in inspect.signature(module.forward).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        parameters = []
    names = []

    def visit(value, name):
        if isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                visit(item, f"{name}_{i}")
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{name}_{key}")
        else:
            names.append(name)

    for i, value in enumerate(args):
        visit(value, parameters[i] if i < len(parameters) else f"args_{i}")
    for key, value in kwargs.items():
        visit(value, key)
    return names


def _check_on_cpu(name, tensors):
    """Refuse tensors on a device: the capture that records the program traces NumPy arrays."""
    for t in tensors:
        if type(t._data) is not np.ndarray:
            raise NotImplementedError(
                f"{name}: ember records programs from CPU arrays, and a tensor is on "
                f"{t._device}: move the module and its inputs to the CPU (.cpu()) to export")


def export(mod, args, kwargs=None, *, dynamic_shapes=None, strict=False,
           preserve_module_call_signature=(), prefer_deferred_runtime_asserts_over_guards=False):
    """Record ``mod``'s forward on example inputs as an ``ExportedProgram``.

    The forward runs once, without autograd, while every array call it makes is recorded;
    the program replays those calls on new inputs of the same shapes and dtypes. See the
    module docstring for what differs from ``torch.export`` (ember's own program text, static
    shapes, no Python reads of tensor values).

    Args:
        mod: the ``nn.Module`` to export.
        args: a tuple of example positional inputs.
        kwargs: a dict of example keyword inputs.
        dynamic_shapes: ``None``, or a spec that marks every size ``Dim.STATIC``: ember's
            programs have static shapes.
        strict: accepted for torch compatibility (ember's capture is the same either way).
        preserve_module_call_signature: accepted for torch compatibility.
        prefer_deferred_runtime_asserts_over_guards: accepted for torch compatibility (it
            chooses how torch checks symbolic shapes; ember's shapes are static).

    Returns:
        An ``ExportedProgram``.

    Raises:
        GuardOnDataDependentSymNode: the forward read a Python value from a tensor.
        ember._dynamo.exc.UserError: arguments of the wrong kind, or a forward the capture
            cannot record (a custom autograd Function's Python code, hooks).

    Example:
        >>> ep = ember.export.export(nn.Linear(3, 2), (ember.ones(1, 3),))
        >>> ep.graph_signature.user_inputs, ep.graph_signature.parameters
        (('input',), ('weight', 'bias'))
    """
    if not isinstance(mod, Module):
        raise ValueError(  # noqa: TRY004 - the type torch raises
            f"Expected `mod` to be an instance of `ember.nn.Module`, got {type(mod)}.")
    if not isinstance(args, tuple):
        raise UserError(f"Expecting `args` to be a tuple of example positional inputs, got "
                        f"{type(args)}")
    kwargs = {} if kwargs is None else kwargs
    if not isinstance(kwargs, dict):
        raise UserError(f"Expecting `kwargs` to be a dict of example keyword inputs, got "
                        f"{type(kwargs)}")
    if isinstance(dynamic_shapes, (ShapesCollection, AdditionalInputs)):
        dynamic_shapes = dynamic_shapes.dynamic_shapes(mod, args, kwargs)
    if not _static(dynamic_shapes):
        raise UserError("ember.export records static shapes: dynamic_shapes must be None "
                        "(export once per input shape instead)")
    leaves = []
    template = _flatten((args, kwargs), leaves)
    inputs = [v for v in leaves if isinstance(v, Tensor)]
    for v in leaves:
        if not isinstance(v, Tensor) and type(v) not in (int, float, bool, str, type(None)):
            raise UserError(f"ember.export takes tensors and Python numbers, strings and None "
                            f"as inputs, got {type(v).__name__}")
    tensors, _ = _module_state(mod)
    names = {}
    for name, t in mod.state_dict(keep_vars=True).items():
        names.setdefault(id(t), name)
    if len({id(t) for t in inputs + tensors}) != len(inputs) + len(tensors):
        raise UserError("ember.export: the same tensor is passed twice (or a parameter is "
                        "passed as an input)")
    _check_on_cpu("ember.export.export", inputs + tensors)
    trace = _ExportTrace(fullgraph=True)
    # The recording runs on copies of the inputs and state, and puts the generator back, so
    # exporting changes nothing (batch-norm statistics, dropout's draws) as torch's does not.
    traced_inputs = [trace.new_slot(t._data.copy(), "input") for t in inputs]
    traced_state = [trace.new_slot(t._data.copy(), "param") for t in tensors]
    rng_state = _random.default_generator.get_state()
    stand_ins = [Tensor._make(a) for a in traced_inputs]
    for stand_in, t in zip(stand_ins, inputs):
        stand_in._dtype = t._dtype
    stand_ins = iter(stand_ins)
    new_leaves = [next(stand_ins) if isinstance(v, Tensor) else v for v in leaves]
    originals = [t._data for t in tensors]
    try:
        for t, traced in zip(tensors, traced_state):
            t._data = traced
        with capturing(trace), grad_mode.no_grad():
            call_args, call_kwargs = _rebuild(template, new_leaves, [0])
            result = mod(*call_args, **call_kwargs)
    finally:
        for t, data in zip(tensors, originals):
            t._data = data
        _random.default_generator.set_state(rng_state)
    out_leaves = []
    out_template = _flatten(result, out_leaves)
    out_slots = []
    for v in out_leaves:
        if isinstance(v, Tensor):
            slot = trace.slot_of.get(id(v._data)) if type(v._data) is Traced else None
            if slot is None:
                raise UserError("ember.export: an output is not a tensor the forward computed "
                                "from its inputs and parameters")
            out_slots.append(slot)
        elif type(v) not in (int, float, bool, str, type(None)):
            raise UserError(f"ember.export: an output of type {type(v).__name__}")
    out_meta = [(v._dtype, v._device) for v in out_leaves if isinstance(v, Tensor)]
    out_constants = [None if isinstance(v, Tensor) else ("value", v) for v in out_leaves]
    steps = _prune_export(trace.steps, out_slots)
    state_names = [names.get(id(t)) for t in tensors]
    buffers = {id(b) for b in mod.buffers()}
    # A non-tensor input is a constant of the program: torch lists its value among the user
    # inputs, and a call with another value fails the guard on it.
    input_specs = [InputSpec(InputKind.USER_INPUT, n) if isinstance(v, Tensor) else
                   InputSpec(InputKind.USER_INPUT, n, value=v)
                   for n, v in zip(_input_names(mod, args, kwargs), leaves)]
    input_specs += [InputSpec(InputKind.BUFFER if id(t) in buffers else InputKind.PARAMETER,
                              ("b_" if id(t) in buffers else "p_") + n.replace(".", "_"), n)
                    for t, n in zip(tensors, state_names)]
    output_specs = [OutputSpec(OutputKind.USER_OUTPUT, f"output_{i}" if len(out_slots) > 1
                               else "output") for i in range(len(out_slots))]
    example = [(t._data.shape, t._dtype) for t in inputs]
    state_dict = {n: t for t, n in zip(tensors, state_names)}
    return ExportedProgram(steps, len(inputs) + len(tensors), out_slots, out_template,
                           out_constants, out_meta, example, template, leaves,
                           ExportGraphSignature(input_specs, output_specs), state_dict,
                           [(a.shape, a.dtype) for a in trace.arrays])


def _prune_export(steps, out_slots):
    from .._compile.runtime import _prune
    samplers = set(_random_samplers())
    kept, _ = _prune(steps, set(out_slots), samplers)
    return kept


def _random_samplers():
    from .._compile.capture import sampler_functions
    return sampler_functions()


# -- the program ---------------------------------------------------------------------------------

class ExportedProgram:
    """A module's forward recorded as array calls, with its inputs, parameters and outputs.

    ``module()`` gives a module that runs it; ``state_dict`` holds the parameters and buffers
    by their ``state_dict`` names; ``graph_signature`` says which input is which; ``print``
    shows the recorded calls in ember's own text.
    """

    def __init__(self, steps, n_inputs, out_slots, out_template, out_constants, out_meta,
                 example, in_template, in_leaves, graph_signature, state_dict, slot_meta):
        self.steps = steps
        self.n_inputs = n_inputs
        self.out_slots = out_slots
        self.out_template = out_template
        self.out_constants = out_constants
        self.out_meta = out_meta
        self.example = example
        self.in_template = in_template
        # A non-tensor input's value, _LEAF where a tensor goes (None is a value here).
        self.in_constants = [_LEAF if isinstance(v, Tensor) else v for v in in_leaves]
        self.graph_signature = graph_signature
        self.state_dict = state_dict
        self.slot_meta = slot_meta
        self.program = _plan.build(steps, list(range(n_inputs)), out_slots, "forward")

    @property
    def example_inputs(self):
        """Zero tensors of the example inputs' shapes and dtypes, as ``(args, kwargs)``."""
        from ..ops.creation import zeros
        examples = iter(self.example)
        leaves = []
        for constant in self.in_constants:
            if constant is _LEAF:
                shape, dtype = next(examples)
                leaves.append(zeros(shape, dtype=dtype))
            else:
                leaves.append(constant)
        return _rebuild(self.in_template, leaves, [0])

    def run_decompositions(self, decomp_table=None, decompose_custom_triton_ops=False):
        """This program: its calls are NumPy-level already, there is nothing to decompose."""
        return self

    def validate(self):
        """Nothing to check beyond what ``export`` checked."""

    @property
    def constants(self):
        return {}

    def named_parameters(self):
        """(``state_dict`` name, parameter) pairs, in the program's input order."""
        for spec in self.graph_signature.input_specs:
            if spec.kind is InputKind.PARAMETER:
                yield spec.target, self.state_dict[spec.target]

    def parameters(self):
        for _, value in self.named_parameters():
            yield value

    def named_buffers(self):
        """(``state_dict`` name, buffer) pairs, in the program's input order."""
        for spec in self.graph_signature.input_specs:
            if spec.kind is InputKind.BUFFER:
                yield spec.target, self.state_dict[spec.target]

    def buffers(self):
        for _, value in self.named_buffers():
            yield value

    def module(self):
        """An ``nn.Module`` with this program's parameters and buffers (under their
        ``state_dict`` names) whose forward runs the recorded calls."""
        return ExportedModule(self)

    def run(self, arrays):
        """The output arrays of the recorded calls on ``arrays`` (inputs, then state)."""
        from .._compile.capture import Diverged
        try:
            return self.program(*arrays)
        except Diverged:
            raise RuntimeError("ember.export: a check the forward made at export (an index "
                               "bound, a value's range) fails on these inputs; run the "
                               "original module to see its error") from None

    def __str__(self):
        specs = self.graph_signature.input_specs
        lines = ["ExportedProgram:", "  inputs:"]
        for i, spec in enumerate(specs):
            shape, dtype = self.slot_meta[i]
            where = "" if spec.target is None else f" ({spec.kind.name.lower()} {spec.target})"
            lines.append(f"    v{i} {spec.name}: {np.dtype(dtype).name}{list(shape)}{where}")
        lines.append(f"  calls ({len(self.steps)}):")
        for fn, arg_specs, kw_specs, out_spec in self.steps:
            lines.append("    " + _step_text(fn, arg_specs, kw_specs, out_spec))
        lines.append("  outputs:")
        for spec, slot in zip(self.graph_signature.output_specs, self.out_slots):
            shape, dtype = self.slot_meta[slot]
            lines.append(f"    {spec.name} = v{slot}: {np.dtype(dtype).name}{list(shape)}")
        return "\n".join(lines)

    def __repr__(self):
        return str(self)


_PROPERTIES = {_transpose_property: "T", _mt_property: "mT"}


def _callee_name(fn):
    if type(fn) is MethodCall:
        return f".{fn.name}"
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, np.ufunc):
        return owner.__name__ if fn.__name__ == "__call__" else f"{owner.__name__}.{fn.__name__}"
    return getattr(fn, "__name__", type(fn).__name__)


def _spec_text(spec):
    kind = type(spec)
    if kind is Slot:
        return f"v{spec.index}"
    if kind is tuple:
        return "(" + ", ".join(_spec_text(s) for s in spec) + (",)" if len(spec) == 1 else ")")
    if kind is list:
        return "[" + ", ".join(_spec_text(s) for s in spec) + "]"
    if kind is dict:
        return "{" + ", ".join(f"{k!r}: {_spec_text(v)}" for k, v in spec.items()) + "}"
    value = spec.value
    if isinstance(value, np.ndarray):
        return f"array({value.dtype.name}{list(value.shape)})"
    if isinstance(value, np.dtype) or (isinstance(value, type) and issubclass(value, np.generic)):
        return np.dtype(value).name
    return repr(value)


def _step_text(fn, arg_specs, kw_specs, out_spec):
    attribute = _PROPERTIES.get(fn)
    if attribute is not None:
        return f"{_spec_text(out_spec)} = {_spec_text(arg_specs[0])}.{attribute}"
    name = _callee_name(fn)
    if type(fn) is MethodCall:
        name, arg_specs = _spec_text(arg_specs[0]) + name, arg_specs[1:]
    call = name + "(" + ", ".join([_spec_text(a) for a in arg_specs]
                                  + [f"{k}={_spec_text(v)}" for k, v in kw_specs.items()]) + ")"
    return call if out_spec is None else f"{_spec_text(out_spec)} = {call}"


def _container(root, path):
    module = root
    for part in path:
        child = module._modules.get(part)
        if child is None:
            child = Module()
            module.add_module(part, child)
        module = child
    return module


class ExportedModule(Module):
    """The module ``ExportedProgram.module()`` gives: the program's parameters and buffers
    under their ``state_dict`` names, and a forward that runs the recorded calls."""

    def __init__(self, program):
        super().__init__()
        object.__setattr__(self, "_program", program)
        for spec in program.graph_signature.input_specs:
            if spec.target is None:
                continue
            *path, leaf = spec.target.split(".")
            owner = _container(self, path)
            tensor = program.state_dict[spec.target]
            if spec.kind is InputKind.PARAMETER:
                owner.register_parameter(
                    leaf, tensor if isinstance(tensor, Parameter) else Parameter(tensor))
            else:
                owner.register_buffer(leaf, tensor)

    def forward(self, *args, **kwargs):
        program = self._program
        leaves = []
        _flatten((args, kwargs), leaves)
        tensors = [v for v in leaves if isinstance(v, Tensor)]
        specs = [s for s in program.graph_signature.input_specs
                 if s.kind is InputKind.USER_INPUT]
        names = [s.name for s in specs if not s.is_constant]
        if len(tensors) != len(program.example) or len(leaves) != len(program.in_constants):
            raise ValueError(f"The exported program takes {len(program.example)} tensor "
                             f"inputs ({', '.join(names)}) and {len(program.in_constants)} "
                             f"arguments in all; got {len(tensors)} tensors and {len(leaves)} "
                             "arguments")
        for value, spec in zip(leaves, specs):
            if spec.is_constant and (isinstance(value, Tensor) or value != spec.value):
                # The recorded calls hold the exported value (a scale, a flag) as a constant.
                raise AssertionError(f"Guard failed: {spec.name} == {spec.value!r}")
        for t, name, (shape, dtype) in zip(tensors, names, program.example):
            if t._dtype is not dtype:
                raise RuntimeError(f"The exported program's input {name} is {dtype}, got "
                                   f"{t._dtype}")
            if t._data.shape != shape:
                if len(t._data.shape) != len(shape):
                    raise AssertionError(f"Guard failed: {name}.dim() == {len(shape)}")
                d = next(i for i, (a, b) in enumerate(zip(t._data.shape, shape)) if a != b)
                raise AssertionError(f"Guard failed: {name}.size()[{d}] == {shape[d]}")
        own = self.state_dict(keep_vars=True)
        state = [own[s.target]._data for s in program.graph_signature.input_specs
                 if s.target is not None]
        arrays = program.run([t._data for t in tensors] + state)
        made = iter(Tensor._wrap(np.asarray(a), dtype, device)
                    for a, (dtype, device) in zip(arrays, program.out_meta))
        out = [next(made) if c is None else c[1] for c in program.out_constants]
        return _rebuild(program.out_template, out, [0])


# -- save / load ---------------------------------------------------------------------------------

# numpy functions a saved program may never name (files, code, memory maps).
_DENIED = frozenset(("load", "save", "savez", "savez_compressed", "savetxt", "loadtxt",
                     "genfromtxt", "fromfile", "tofile", "memmap", "fromregex", "loads",
                     "frompyfunc", "vectorize", "piecewise", "apply_along_axis",
                     "apply_over_axes", "lib", "ctypeslib", "testing"))
_MODULES = ("numpy", "numpy.linalg", "numpy.fft", "numpy.lib.stride_tricks", "scipy.special",
            "scipy.linalg", "scipy.fft", "scipy.ndimage")


class _Writer:
    """Encodes a program's steps as JSON, its array constants as tensors."""

    def __init__(self):
        self.arrays = {}

    def callee(self, fn):
        if type(fn) is MethodCall:
            return {"method": fn.name}
        owner = getattr(fn, "__self__", None)
        if isinstance(owner, np.ufunc):
            module = "scipy.special" if getattr(np, owner.__name__, None) is not owner \
                else "numpy"
            return {"ufunc": owner.__name__, "module": module, "call": fn.__name__}
        from .._compile import capture
        for module in (capture, _random):
            name = getattr(fn, "__name__", None)
            if name is not None and getattr(module, name, None) is fn:
                return {"ember": f"{module.__name__}:{name}"}
        module = getattr(fn, "__module__", None) or ""
        name = getattr(fn, "__name__", None)
        for allowed in _MODULES:
            target = _import(allowed)
            if name is not None and getattr(target, name, None) is fn and name not in _DENIED:
                return {"function": f"{allowed}:{name}"}
        raise ValueError(f"ember.export.save: the program calls {fn!r} (from {module!r}), "
                         "which a saved program cannot name")

    def value(self, value):
        kind = type(value)
        if kind in (bool, int, str, type(None)):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"float": repr(value)}
        if value is Ellipsis:
            return {"ellipsis": True}
        if kind is slice:
            return {"slice": [self.value(value.start), self.value(value.stop),
                              self.value(value.step)]}
        if kind is tuple or kind is list:
            return {kind.__name__: [self.value(v) for v in value]}
        if isinstance(value, np.dtype):
            return {"dtype": value.str if value.fields is None else None}
        if isinstance(value, type) and issubclass(value, np.generic):
            return {"dtype": np.dtype(value).str}
        if isinstance(value, np.generic):
            return {"scalar": self.value(value.item()), "dtype": value.dtype.str}
        if isinstance(value, np.ndarray):
            key = f"constant{len(self.arrays)}"
            self.arrays[key] = Tensor._make(np.array(_raw(value)))
            return {"array": key}
        if value is _random.default_generator:
            return {"generator": "default"}
        raise ValueError(f"ember.export.save: the program holds a constant of type "
                         f"{kind.__name__}, which a saved program cannot hold")

    def spec(self, spec):
        kind = type(spec)
        if kind is Slot:
            return {"slot": spec.index}
        if kind is Const:
            return {"const": self.value(spec.value)}
        if kind is tuple or kind is list:
            return {kind.__name__: [self.spec(s) for s in spec]}
        if kind is dict:
            return {"dict": {k: self.spec(v) for k, v in spec.items()}}
        raise ValueError(f"ember.export.save: a step argument of type {kind.__name__}")

    def out(self, spec):
        if spec is None or type(spec) is Slot:
            return None if spec is None else spec.index
        return [self.out(s) for s in spec]


def _import(name):
    import importlib
    return importlib.import_module(name)


class _Reader:
    def __init__(self, arrays):
        self.arrays = arrays

    def callee(self, data):
        if "method" in data:
            return MethodCall(str(data["method"]))
        if "ufunc" in data:
            module = data["module"]
            if module not in ("numpy", "scipy.special"):
                raise ValueError(f"ember.export.load: unknown ufunc module {module!r}")
            ufunc = getattr(_import(module), data["ufunc"], None)
            if not isinstance(ufunc, np.ufunc) or data["call"] not in (
                    "__call__", "reduce", "accumulate", "reduceat", "outer", "at"):
                raise ValueError(f"ember.export.load: {data!r} is not a ufunc call")
            return getattr(ufunc, data["call"])
        if "ember" in data:
            module, name = data["ember"].split(":")
            from .._compile import capture
            allowed = {capture.__name__: capture, _random.__name__: _random}
            fn = getattr(allowed.get(module), name, None) if module in allowed else None
        else:
            module, name = data["function"].split(":")
            fn = getattr(_import(module), name, None) if module in _MODULES and \
                name not in _DENIED else None
        if fn is None or not callable(fn) or isinstance(fn, type):
            raise ValueError(f"ember.export.load: {data!r} names no function a program may "
                             "call")
        return fn

    def value(self, data):
        if not isinstance(data, dict):
            return data
        if "float" in data:
            return float(data["float"])
        if "ellipsis" in data:
            return Ellipsis
        if "slice" in data:
            return slice(*[self.value(v) for v in data["slice"]])
        if "tuple" in data:
            return tuple(self.value(v) for v in data["tuple"])
        if "list" in data:
            return [self.value(v) for v in data["list"]]
        if "scalar" in data:
            return np.dtype(data["dtype"]).type(self.value(data["scalar"]))
        if "dtype" in data:
            return np.dtype(data["dtype"])
        if "array" in data:
            return self.arrays[data["array"]]._data
        if "generator" in data:
            return _random.default_generator
        raise ValueError(f"ember.export.load: unknown constant {data!r}")

    def spec(self, data):
        if "slot" in data:
            return Slot(int(data["slot"]))
        if "const" in data:
            return Const(self.value(data["const"]))
        if "tuple" in data:
            return tuple(self.spec(s) for s in data["tuple"])
        if "list" in data:
            return [self.spec(s) for s in data["list"]]
        return {k: self.spec(v) for k, v in data["dict"].items()}

    def out(self, data):
        if data is None or isinstance(data, int):
            return None if data is None else Slot(data)
        return tuple(self.out(s) for s in data)


def _template_json(template):
    if template is None:
        return None
    kind, items = template
    if kind is dict:
        return {"dict": [[k, _template_json(t)] for k, t in items]}
    return {kind.__name__: [_template_json(t) for t in items]}


def _template_from(data):
    if data is None:
        return None
    if "dict" in data:
        return (dict, [(k, _template_from(t)) for k, t in data["dict"]])
    kind = tuple if "tuple" in data else list
    return (kind, [_template_from(t) for t in data[kind.__name__]])


def save(ep, f, *, extra_files=None, opset_version=None, pickle_protocol=2):
    """Write ``ep`` to ``f`` (a path or a binary file): the program as JSON text and the
    weights and array constants through ember's checkpoint format, with no pickled code.

    Args:
        ep: the ``ExportedProgram`` to write.
        f: a path or a writable binary file object.
        extra_files: a dict of name -> str saved beside the program.
        opset_version: accepted for torch compatibility.
        pickle_protocol: accepted for torch compatibility.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> ember.export.save(ember.export.export(nn.Linear(3, 2), (ember.ones(1, 3),)), buffer)
        >>> type(ember.export.load(io.BytesIO(buffer.getvalue()))).__name__
        'ExportedProgram'
    """
    from .. import serialization
    if not isinstance(ep, ExportedProgram):
        raise TypeError(f"The 'ep' parameter must be an instance of 'ExportedProgram', got "
                        f"'{type(ep).__name__}' instead.")
    writer = _Writer()
    steps = [{"fn": writer.callee(fn), "args": writer.spec(a), "kwargs": writer.spec(k),
              "out": writer.out(o)} for fn, a, k, o in ep.steps]
    signature = ep.graph_signature
    program = {
        "format": FORMAT,
        "steps": steps,
        "n_inputs": ep.n_inputs,
        "out_slots": ep.out_slots,
        "out_template": _template_json(ep.out_template),
        "out_constants": [None if c is None else [writer.value(c[1])]
                          for c in ep.out_constants],
        "out_meta": [[str(dtype).split(".")[-1], str(device)] for dtype, device in ep.out_meta],
        "example": [[list(shape), str(dtype).split(".")[-1]] for shape, dtype in ep.example],
        "in_template": _template_json(ep.in_template),
        "in_constants": [None if c is _LEAF else [writer.value(c)] for c in ep.in_constants],
        "inputs": [[s.kind.name, s.name, s.target] + ([writer.value(s.value)] if s.is_constant
                                                       else []) for s in signature.input_specs],
        "outputs": [[s.kind.name, s.name] for s in signature.output_specs],
        "slot_meta": [[list(shape), np.dtype(dtype).str] for shape, dtype in ep.slot_meta],
        "extra_files": dict(extra_files or {}),
    }
    payload = {"program": json.dumps(program),
               "state_dict": {k: v.detach() for k, v in ep.state_dict.items()},
               "constants": writer.arrays}
    if isinstance(f, (str, os.PathLike)):
        serialization.save(payload, f)
    else:
        buffer = io.BytesIO()
        serialization.save(payload, buffer)
        f.write(buffer.getvalue())


def load(f, *, extra_files=None, expected_opset_version=None):
    """Read a program ``save`` wrote: weights through ember's checkpoint loader with
    ``weights_only=True`` and the calls from JSON, each resolved by name against NumPy,
    SciPy's special/linalg/fft/ndimage functions and ember's own recorded helpers only.

    Args:
        f: a path or a readable binary file object.
        extra_files: a dict whose keys name extra files to read back into it.
        expected_opset_version: accepted for torch compatibility.

    Returns:
        The ``ExportedProgram``.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> ember.export.save(ember.export.export(nn.ReLU(), (ember.ones(2),)), buffer)
        >>> ember.export.load(io.BytesIO(buffer.getvalue())).module()(ember.tensor([-1., 2.]))
        tensor([0., 2.])
    """
    from .. import _dtype as D
    from .. import serialization
    from .._device import device as _device
    payload = serialization.load(f, weights_only=True)
    program = json.loads(payload["program"])
    if program.get("format") != FORMAT:
        raise RuntimeError(f"ember.export.load: not a saved program of format {FORMAT}")
    reader = _Reader(payload["constants"])
    steps = [(reader.callee(s["fn"]), reader.spec(s["args"]), reader.spec(s["kwargs"]),
              reader.out(s["out"])) for s in program["steps"]]
    input_specs = [InputSpec(InputKind[kind], name, target, *[reader.value(v) for v in value])
                   for kind, name, target, *value in program["inputs"]]
    output_specs = [OutputSpec(OutputKind[kind], name) for kind, name in program["outputs"]]
    state_dict = {}
    for spec in input_specs:
        if spec.target is not None:
            tensor = payload["state_dict"][spec.target]
            state_dict[spec.target] = Parameter(tensor) \
                if spec.kind is InputKind.PARAMETER else tensor
    in_constants = [_LEAF if c is None else reader.value(c[0]) for c in program["in_constants"]]
    in_leaves = [Tensor._make(np.empty(0)) if c is _LEAF else c for c in in_constants]
    if extra_files is not None:
        for name in extra_files:
            extra_files[name] = program["extra_files"].get(name, "")
    return ExportedProgram(
        steps, program["n_inputs"], program["out_slots"],
        _template_from(program["out_template"]),
        [None if c is None else ("value", reader.value(c[0])) for c in program["out_constants"]],
        [(getattr(D, dtype), _device(device)) for dtype, device in program["out_meta"]],
        [(tuple(shape), getattr(D, dtype)) for shape, dtype in program["example"]],
        _template_from(program["in_template"]), in_leaves,
        ExportGraphSignature(input_specs, output_specs), state_dict,
        [(tuple(shape), np.dtype(dtype)) for shape, dtype in program["slot_meta"]])


for _cls in (Dim, GuardOnDataDependentSymNode, ExportGraphSignature, ExportedModule,
             ExportedProgram, InputKind, InputSpec, OutputKind, OutputSpec):
    _cls.__module__ = "ember.export"


# -- more of torch.export's names ------------------------------------------------------------------

DEFAULT_PICKLE_PROTOCOL = 2  # the pickle protocol ``save`` writes with unless told otherwise


class CustomDecompTable(dict):
    """The decomposition table ``run_decompositions`` takes, starting from
    ``default_decompositions()`` (empty in ember: its programs are NumPy-level calls already);
    entries map an op to the function that replaces it."""

    def __init__(self):
        super().__init__(default_decompositions())

    def materialize(self):
        """The table as a plain dict."""
        return dict(self)


@dataclasses.dataclass
class ModuleCallSignature:
    """How a preserved submodule is called: its inputs' and outputs' specs and their pytree
    layouts (``in_spec``/``out_spec``)."""

    inputs: list
    outputs: list
    in_spec: object
    out_spec: object
    forward_arg_names: list | None = None


@dataclasses.dataclass
class ModuleCallEntry:
    """A submodule (by its dotted name ``fqn``) whose call signature an export preserved."""

    fqn: str
    signature: ModuleCallSignature | None = None


def register_dataclass(cls, *, serialized_type_name=None):
    """Make the dataclass ``cls`` a pytree node (its fields the children), so exported
    programs take and return it.

    Args:
        cls (type): a dataclass.
        serialized_type_name (str, optional): the name ``save`` writes for it.
    """
    from ..utils import _pytree
    _pytree.register_dataclass(cls, serialized_type_name=serialized_type_name)


def draft_export(mod, args, kwargs=None, *, dynamic_shapes=None,
                 preserve_module_call_signature=(), strict=False,
                 prefer_deferred_runtime_asserts_over_guards=False):
    """``export`` that would rather finish than stop at the first problem (torch records the
    problems in a report). ember's export records the forward's calls as they run, with
    nothing it has to leave out, so a draft export is the export itself.

    Args:
        mod (Module): the module to export.
        args (tuple): example positional inputs.
        kwargs (dict, optional): example keyword inputs.
        dynamic_shapes (optional): as for ``export``.
        preserve_module_call_signature (tuple of str): accepted as for ``export``.
        strict (bool): accepted as for ``export``.
        prefer_deferred_runtime_asserts_over_guards (bool): accepted as for ``export``.

    Returns:
        ExportedProgram
    """
    return export(mod, args, kwargs, dynamic_shapes=dynamic_shapes, strict=strict,
                  preserve_module_call_signature=preserve_module_call_signature)


class UnflattenedModule(ExportedModule):
    """The module ``unflatten`` gives: the exported module's hierarchy (submodules holding their
    parameters and buffers by their original names) around a forward that runs the program."""


def unflatten(module, flat_args_adapter=None):
    """A module with the original module hierarchy that runs the exported program.

    Args:
        module (ExportedProgram): the exported program.
        flat_args_adapter (optional): accepted for torch's signature (ember's program takes
            the inputs as they were exported).

    Returns:
        UnflattenedModule
    """
    if not isinstance(module, ExportedProgram):
        raise TypeError(f"unflatten expects an ExportedProgram, got {type(module).__name__}")
    return UnflattenedModule(module)
