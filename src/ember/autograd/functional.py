"""Higher-level derivatives of whole functions: jacobian, hessian, vjp, jvp, hvp, vhp.

All but the forward-mode jacobian are built on reverse mode (``autograd.grad``):
  vjp(f, x, v) = v^T J            one backward pass
  jvp(f, x, v) = J v              the "double-vjp" trick: g(u) = J^T u is linear in the dummy
                                  cotangent u, so d<g(u), v>/du = J v
  jacobian(f, x)                  one backward pass per output element (rows of J); with
                                  strategy="forward-mode", one forward-mode pass (dual
                                  tensors) per input element (columns of J)
  hessian(f, x) = jacobian(grad f)
  vhp(f, x, v) = v^T H            the gradient of <grad f, v>
  hvp(f, x, v) = H v              the double-vjp trick applied to grad f

``strict=True`` refuses, with PyTorch's messages, a derivative that is identically zero
because an output (or the gradient) does not depend on an input. Inputs and outputs are
checked as PyTorch checks them, so a wrong call raises the same error.
"""
from __future__ import annotations

from . import grad_mode

_STRATEGIES = ("forward-mode", "reverse-mode")


def _as_tuple(value, arg_name, fn_name):
    """(was it a tuple, the tuple of tensors); anything but tensors raises PyTorch's TypeError."""
    from .._tensor import Tensor
    is_tuple = isinstance(value, tuple)
    values = value if is_tuple else (value,)
    for index, element in enumerate(values):
        if not isinstance(element, Tensor):
            where = (f"the value at index {index} has type {type(element)}" if is_tuple
                     else f"the given {arg_name} has type {type(element)}")
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a "
                            f"tuple of Tensors but {where}.")
    return is_tuple, values


def _preprocess(tensors, create_graph, need_graph):
    """Fresh leaves (requiring grad when ``need_graph``), or views that keep the outer graph
    under create_graph."""
    return tuple(t.view_as(t) if create_graph and t.requires_grad
                 else t.detach().requires_grad_(need_graph) for t in tensors)


def _postprocess(tensors, create_graph):
    """Detached from the graph unless create_graph (nested tuples for jacobian/hessian)."""
    from .._tensor import Tensor
    if isinstance(tensors[0], Tensor):
        return tensors if create_graph else tuple(t.detach() for t in tensors)
    return tuple(_postprocess(inner, create_graph) for inner in tensors)


def _unpack(result, is_tuple):
    """A tuple as it came, or its single element; ``is_tuple`` may be a (outer, inner) pair."""
    if isinstance(is_tuple, tuple):
        outer, inner = is_tuple
        if not inner:
            result = tuple(entry[0] for entry in result)
        return result if outer else result[0]
    return result if is_tuple else result[0]


def _validate_v(v, other, other_is_tuple):
    if len(v) != len(other):
        if other_is_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but got "
                               f"{len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for index, (vector, reference) in enumerate(zip(v, other)):
        if vector.size() != reference.size():
            prefix = f"Entry {index} in " if other_is_tuple else ""
            raise RuntimeError(f"{prefix}v has invalid size: should be {reference.size()} but "
                               f"got {vector.size()}.")


def _check_requires_grad(tensors, kind, strict):
    """Under strict, every tensor of ``tensors`` must depend on the inputs."""
    if not strict:
        return
    for index, tensor in enumerate(tensors):
        if tensor is None:
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {index}. This is not allowed in strict mode.")
        if tensor.requires_grad:
            continue
        if kind == "hessian":
            raise RuntimeError(f"The hessian of the user-provided function with respect to "
                               f"input {index} is independent of the input. This is not "
                               "allowed in strict mode.")
        if kind == "jacobian":
            raise RuntimeError(f"While computing the hessian, found that the jacobian of the "
                               f"user-provided function with respect to input {index} is "
                               "independent of the input. This is not allowed in strict mode. "
                               "You should ensure that your function is twice differentiable "
                               "and that the jacobian depends on the inputs (this would be "
                               "violated by a linear function for example).")
        if kind == "grad_inputs":
            raise RuntimeError(f"The gradient with respect to input {index} is independent of "
                               "the inputs of the user-provided function. This is not allowed "
                               "in strict mode.")
        raise RuntimeError(f"Output {index} of the user-provided function does not require "
                           "gradients. The outputs must be computed in a differentiable manner "
                           "from the input when running in strict mode.")


def _grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """autograd.grad over the outputs that require grad; None for every input when none do
    (or for an input no output depends on)."""
    from . import grad as autograd_grad
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(out, g) for out, g in zip(outputs, grad_outputs)
             if out is not None and out.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return autograd_grad([out for out, _ in pairs], inputs, [g for _, g in pairs],
                         create_graph=create_graph, retain_graph=retain_graph,
                         allow_unused=True)


_INDEPENDENT = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def _fill_in_zeros(grads, references, strict, create_graph, stage):
    """Zeros for the missing gradients; under strict, PyTorch's error for ``stage`` instead."""
    from .. import zeros_like
    filled = []
    for index, (grad, reference) in enumerate(zip(grads, references)):
        if grad is None:
            if strict:
                raise RuntimeError(_INDEPENDENT[stage].format(i=index))
            grad = zeros_like(reference)
        elif strict and create_graph and not grad.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {index}. This is not allowed in strict mode when "
                               "create_graph=True.")
        filled.append(grad)
    return tuple(filled)


def _single_element(outputs, is_tuple, fn_name):
    from .._tensor import Tensor
    if is_tuple or not isinstance(outputs[0], Tensor):
        raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if outputs[0].nelement() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn_name} should "
                           "contain a single element")


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product at ``inputs``.

    Example:
        >>> vjp(lambda x: x ** 2, ember.tensor([1.0, 2.0]), ember.ones(2))[1]
        tensor([2., 4.])
    """
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _preprocess(inputs, create_graph, need_graph=True)
        outputs = func(*inputs)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                           "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        if v is not None:
            v = _preprocess(_as_tuple(v, "v", "vjp")[1], create_graph, need_graph=False)
            _validate_v(v, outputs, outputs_tuple)
        elif len(outputs) != 1 or outputs[0].nelement() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function "
                               "returns a single Tensor with a single element.")
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        grads = _fill_in_zeros(_grad(outputs, inputs, v, create_graph), inputs, strict,
                               create_graph, "back")
    return (_unpack(_postprocess(outputs, create_graph), outputs_tuple),
            _unpack(_postprocess(grads, create_graph), inputs_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, by differentiating a vjp.

    Example:
        >>> jvp(lambda x: x ** 2, ember.tensor([1.0, 2.0]), ember.ones(2))[1]
        tensor([2., 4.])
    """
    from .. import zeros_like
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _preprocess(inputs, create_graph, need_graph=True)
        if v is not None:
            v = _preprocess(_as_tuple(v, "v", "jvp")[1], create_graph, need_graph=False)
            _validate_v(v, inputs, inputs_tuple)
        elif len(inputs) != 1 or inputs[0].nelement() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided "
                               "function is a single Tensor with a single element.")
        outputs = func(*inputs)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                           "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        # u is a dummy cotangent: g(u) = J^T u is linear in u, so d<g(u), v>/du = J v.
        dummies = tuple(zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _grad(outputs, inputs, dummies, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict)
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _fill_in_zeros(_grad(grad_inputs, dummies, v, create_graph), outputs,
                                  strict, create_graph, "back_trick")
    return (_unpack(_postprocess(outputs, create_graph), outputs_tuple),
            _unpack(_postprocess(products, create_graph), outputs_tuple))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """J[i][j] = d output_i / d input_j, each of shape output_i.shape + input_j.shape.

    ``vectorize`` changes only how PyTorch batches the work: ember computes the rows one
    backward pass at a time (``strategy="reverse-mode"``) or the columns one forward-mode
    pass at a time (``"forward-mode"``), and refuses the combinations PyTorch refuses. The
    two strategies differ where an op's forward formula is not its backward rule transposed
    (cholesky and eigh on a non-symmetric input), as in torch.

    Example:
        >>> jacobian(lambda x: x ** 2, ember.tensor([1.0, 2.0]))
        tensor([[2., 0.],
                [0., 4.]])
    """
    from .. import stack, zeros_like
    if strategy not in _STRATEGIES:
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". '
                             'Hint: If your function has more outputs than inputs, '
                             '"forward-mode" tends to be more performant. Otherwise, prefer to '
                             'use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(
                'ember.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-'
                'mode"` are not supported together (yet). Please either set '
                '`create_graph=False` or `strategy="reverse-mode"`.')
        if strict:
            raise RuntimeError(
                'ember.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` '
                'are not supported together (yet). Please either set `strict=False` or '
                '`strategy="reverse-mode"`.')
        if not vectorize:
            _as_tuple(inputs, "inputs", "jacobian")
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-"
                                      "reverse Hessian isonly implemented for `vectorize=True`.")
        return _forward_jacobian(func, inputs)
    with grad_mode.enable_grad():
        inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _preprocess(inputs, create_graph, need_graph=True)
        outputs = func(*inputs)
        outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                           "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        if vectorize and strict:
            raise RuntimeError("ember.autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either set "
                               "`strict=False` or `vectorize=False`.")
        result = []
        for i, out in enumerate(outputs):
            rows = tuple([] for _ in inputs)
            flat = out.reshape(-1)
            for k in range(out.nelement()):
                grads = _grad((flat[k],), inputs, retain_graph=True, create_graph=create_graph)
                for j, (grad, inp) in enumerate(zip(grads, inputs)):
                    if grad is None:
                        if strict:
                            raise RuntimeError(f"Output {i} of the user-provided function is "
                                               f"independent of input {j}. This is not allowed "
                                               "in strict mode.")
                        grad = zeros_like(inp)
                    elif strict and create_graph and not grad.requires_grad:
                        raise RuntimeError(f"The jacobian of the user-provided function is "
                                           f"independent of input {i}. This is not allowed in "
                                           "strict mode when create_graph=True.")
                    rows[j].append(grad)
            result.append(tuple(stack(row).view(out.size() + inp.size())
                                for row, inp in zip(rows, inputs)))
        result = _postprocess(tuple(result), create_graph)
    return _unpack(result, (outputs_tuple, inputs_tuple))


def _forward_jacobian(func, inputs):
    """The Jacobian by forward mode: column k of J[i][j] is the tangent of output i when
    input j carries the k-th basis tangent and the others none."""
    from .. import stack, zeros_like
    from . import forward_ad
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    inputs = tuple(x.detach() for x in inputs)
    columns, outputs_tuple, outputs = [[] for _ in inputs], None, None
    for j, x in enumerate(inputs):
        for k in range(x.nelement()):
            basis = zeros_like(x).reshape(-1)
            basis[k] = 1
            with grad_mode.enable_grad(), forward_ad.dual_level():
                duals = tuple(forward_ad.make_dual(y, basis.view(x.shape)) if i == j else y
                              for i, y in enumerate(inputs))
                outputs_tuple, outputs = _as_tuple(
                    func(*duals), "outputs of the user-provided function", "jacobian")
                columns[j].append([forward_ad.unpack_dual(o).tangent for o in outputs])
    if outputs is None:  # no input has an element: torch's check of the outputs still runs
        outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs of the user-provided "
                                           "function", "jacobian")
    result = tuple(
        tuple(stack([zeros_like(out) if col[i] is None else col[i].detach()
                     for col in columns[j]], -1).reshape(out.shape + inp.shape)
              if columns[j] else out.new_zeros(out.shape + inp.shape)
              for j, inp in enumerate(inputs))
        for i, out in enumerate(outputs))
    return _unpack(result, (outputs_tuple, inputs_tuple))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """H[i][j] = d^2 f / d input_i d input_j for a scalar-valued ``func``: the jacobian of
    its gradient.

    Example:
        >>> hessian(lambda x: (x ** 3).sum(), ember.tensor([1.0, 2.0]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in _STRATEGIES:
        raise AssertionError('Expected strategy to be either "forward-mode" or '
                             '"reverse-mode".')

    def single_output(*args):
        out = func(*args)
        out_tuple, outs = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(outs, "outputs", strict)
        _single_element(outs, out_tuple, "hessian")
        return out.squeeze()

    def gradient(*args):
        if outer_jacobian_strategy == "forward-mode":
            args = tuple(arg.requires_grad_(True) for arg in args)
        jac = jacobian(single_output, args, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    result = jacobian(gradient, inputs, create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _unpack(result, (inputs_tuple, inputs_tuple))


def _hessian_product(func, inputs, v, create_graph, strict, fn_name):
    """The shared start of vhp and hvp: (inputs, its tuple flag, outputs, outputs' tuple flag,
    v, the gradient of func with a graph)."""
    inputs_tuple, inputs = _as_tuple(inputs, "inputs", fn_name)
    inputs = _preprocess(inputs, create_graph, need_graph=True)
    if v is not None:
        v = _preprocess(_as_tuple(v, "v", fn_name)[1], create_graph, need_graph=False)
        _validate_v(v, inputs, inputs_tuple)
    elif len(inputs) != 1 or inputs[0].nelement() != 1:
        raise RuntimeError("The vector v can only be None if the input to the user-provided "
                           "function is a single Tensor with a single element.")
    outputs = func(*inputs)
    outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                       fn_name)
    _check_requires_grad(outputs, "outputs", strict)
    _single_element(outputs, outputs_tuple, fn_name)
    jac = _grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict)
    return inputs, inputs_tuple, outputs, outputs_tuple, v, jac


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for a scalar-valued ``func``.

    Example:
        >>> vhp(lambda x: (x ** 3).sum(), ember.tensor([1.0, 2.0]), ember.ones(2))[1]
        tensor([ 6., 12.])
    """
    with grad_mode.enable_grad():
        inputs, inputs_tuple, outputs, outputs_tuple, v, jac = _hessian_product(
            func, inputs, v, create_graph, strict, "vhp")
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _fill_in_zeros(_grad(jac, inputs, v, create_graph), inputs, strict,
                                  create_graph, "double_back")
    return (_unpack(_postprocess(outputs, create_graph), outputs_tuple),
            _unpack(_postprocess(products, create_graph), inputs_tuple))


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for a scalar-valued ``func``, by the double-vjp trick on its
    gradient (equal to vhp, the Hessian being symmetric).

    Example:
        >>> hvp(lambda x: (x ** 3).sum(), ember.tensor([1.0, 2.0]), ember.ones(2))[1]
        tensor([ 6., 12.])
    """
    from .. import zeros_like
    with grad_mode.enable_grad():
        inputs, inputs_tuple, outputs, outputs_tuple, v, jac = _hessian_product(
            func, inputs, v, create_graph, strict, "hvp")
        dummies = tuple(zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _grad(jac, inputs, dummies, create_graph=True)
        _check_requires_grad(jac, "hessian", strict)
    with grad_mode.set_grad_enabled(create_graph or grad_mode.is_grad_enabled()):
        products = _fill_in_zeros(_grad(double_back, dummies, v, create_graph), inputs, strict,
                                  create_graph, "double_back_trick")
    return (_unpack(_postprocess(outputs, create_graph), outputs_tuple),
            _unpack(_postprocess(products, create_graph), inputs_tuple))
