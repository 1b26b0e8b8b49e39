"""Ops computed as a composition of other ember ops but recorded, as torch records them, as one
node (``RenormBackward0``, ``LinalgHouseholderProductBackward0``...).

The forward runs the composition without a graph; the node saves the inputs, and its
derivative runs the same composition again on them and differentiates it (with a graph of its
own when create_graph asks for one, so higher derivatives work too). Fit for ops off the hot
path, where one recomputation in backward costs little and torch's node name matters to the
tools that read graphs.
"""
from __future__ import annotations

from ..autograd import grad_mode
from ._registry import grad_fn, record, wrap


def as_one_node(cls, compose, inputs):
    """``compose(*inputs)`` (tensors or None in; one tensor, or a tuple of them, out), recorded
    as one ``cls`` node."""
    with grad_mode.no_grad():
        out = compose(*inputs)
    if type(out) is tuple:
        out = tuple(wrap(o._data, o._dtype) for o in out)
    else:
        out = wrap(out._data, out._dtype)
    return record(out, cls, inputs, save=inputs, compose=compose)


def _differentiate_again(ctx, *grads):
    from ..autograd import grad as gradient
    inputs = ctx.saved_tensors
    create_graph = grad_mode.is_grad_enabled()
    with grad_mode.enable_grad():
        if not create_graph:
            inputs = [t if t is None else t.detach().requires_grad_(need)
                      for t, need in zip(inputs, ctx.needs_input_grad)]
        else:
            # forward-mode AD runs this rule on detached copies of the inputs (the gradient
            # is then a function of ``grad`` alone): give those a graph to differentiate
            inputs = [t.detach().requires_grad_(True) if need and not t.requires_grad else t
                      for t, need in zip(inputs, ctx.needs_input_grad)]
        wanted = [t for t, need in zip(inputs, ctx.needs_input_grad) if need]
        outputs = ctx.compose(*inputs)
        if type(outputs) is not tuple:
            outputs = (outputs,)
        # an output that none of the inputs reach (a tuple's integer part) sends nothing back
        pairs = [(o, g) for o, g in zip(outputs, grads) if o.requires_grad]
        found = iter(gradient([o for o, _ in pairs], wanted, [g for _, g in pairs],
                              create_graph=create_graph, allow_unused=True))
    grads = tuple(next(found) if need else None for need in ctx.needs_input_grad)
    return grads if len(grads) > 1 else grads[0]


def one_node(name):
    """The node class ``name`` whose derivative differentiates the composition again (in
    torch's convention for complex gradients already: autograd's own)."""
    return grad_fn(name, complex_aware=True)(_differentiate_again)
