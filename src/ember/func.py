"""ember.func: function transforms with torch.func's names (grad, vjp, jvp, linearize, jacrev,
jacfwd, hessian, functional_call, vmap, stack_module_state, functionalize,
replace_all_batch_norm_modules_, debug_unwrap).

They are built on ember's reverse and forward mode. ``vmap`` runs the function once, each op
batched over the whole batch by its rule in ember._vmap_batched (grad, jacrev, hessian and
vjp_fn inside it differentiate every sample in one backward pass); a function that reaches an
op without a rule (or a random draw, an in-place write, a read of a value, a custom Function,
forward-mode AD) runs once per batch element instead, and the results are stacked.
"""
from __future__ import annotations

import contextlib
import itertools
from typing import NamedTuple

from ._rearrange import rearrange  # noqa: F401
from . import _dtype as D
from . import _vmap_batched as _batched
from ._tensor import Tensor
from .autograd import forward_ad, grad_mode


def _tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _attach(x):
    mode = _batched.active()
    if mode is not None and not mode.holds(x):
        # an unbatched input inside a batched vmap: each sample differentiates its own copy
        # (one gradient per sample, not their sum over the batch)
        base = x if x.requires_grad else x.detach()
        copies = base.unsqueeze(0).expand(mode.size, *x.shape)
        return mode.wrap(copies if x.requires_grad else copies.requires_grad_(True))
    # Inside an outer transform the input already requires grad: keep it attached (a view) so
    # the outer transform can differentiate through this one's result.
    return x.view_as(x) if x.requires_grad else x.detach().requires_grad_(True)


def _leaves(tree):
    """The tensors of a tensor, or of a dict/tuple/list of tensors, in a fixed order."""
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in _leaves(value)]
    if isinstance(tree, (tuple, list)):
        return [leaf for value in tree for leaf in _leaves(value)]
    return [tree]


def _rebuild(tree, leaves):
    """``tree``'s structure filled with ``leaves`` (consumed from an iterator)."""
    if isinstance(tree, dict):
        return {key: _rebuild(value, leaves) for key, value in tree.items()}
    if isinstance(tree, (tuple, list)):
        return type(tree)(_rebuild(value, leaves) for value in tree)
    return next(leaves)


def _check_argnums(argnums, count):
    """torch's checks of ``argnums`` against the number of positional arguments."""
    if not isinstance(argnums, (int, tuple)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    if not nums:
        raise RuntimeError("argnums must be non-empty")
    if len(set(nums)) != len(nums):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    for num in nums:
        if not isinstance(num, int):
            raise RuntimeError(f"argnum must be int, got: {type(num)}")
        if not -count <= num < count:
            raise RuntimeError(f"Got argnum={num}, but only {count} positional inputs")
    return nums


def _check_transform_inputs(values):
    for x in _leaves(values):
        if not isinstance(x, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")


def _prepare(args, argnums):
    nums = _check_argnums(argnums, len(args))
    args = list(args)
    _check_transform_inputs([args[i] for i in nums])
    for i in nums:
        args[i] = _rebuild(args[i], iter([_attach(x) for x in _leaves(args[i])]))
    return args, nums


def _reaches_outer(tensors, inner):
    """Whether the graph of ``tensors`` reaches a tensor that requires grad other than the
    transform's own leaves ``inner``: a module parameter the function closes over, say."""
    from .autograd.graph import AccumulateGrad
    inner_ids = {id(t) for t in inner}
    mode = _batched.active()
    if mode is not None:  # a stand-in's graph is its physical tensor's
        inner_ids.update(id(mode.physical(t)) for t in inner if mode.holds(t))
    seen, stack = set(), [t.grad_fn for t in tensors if t.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, AccumulateGrad):
            if id(node.variable) not in inner_ids:
                return True
            continue
        stack.extend(child for child, _ in node.next_functions)
    return False


def _strip_tangents(args):
    """``args`` with every dual tensor replaced by a copy that requires grad and carries the
    same tangent, and the (copy, tangent) pairs: inside jvp/jacfwd the tangents go forward
    through func and then through the backward pass that differentiates it (forward over
    reverse, as torch's transforms run), see _push_tangents."""
    pairs = []

    def plain(x):
        tangent = forward_ad._tangent(x) if hasattr(x, "_data") else None
        if tangent is None:
            return x
        copy = x.detach().requires_grad_(True)
        forward_ad._attach(copy, tangent)
        pairs.append((copy, tangent))
        return copy

    return [_rebuild(a, iter([plain(x) for x in _leaves(a)])) for a in args], pairs


def _grad_or_zeros(outputs, inputs, grad_outputs=None, **kwargs):
    """``autograd.grad`` as torch.func's transforms see it: an output that needs no grad (a
    constant, a detached value, an op without a derivative such as ``bessel_j0``) does not
    depend on the inputs and contributes zero, where autograd.grad would raise."""
    from .autograd import grad as autograd_grad
    several = isinstance(outputs, (tuple, list))
    outs = list(outputs) if several else [outputs]
    cts = [None] * len(outs) if grad_outputs is None else \
        (list(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else [grad_outputs])
    keep = [i for i, o in enumerate(outs) if o.requires_grad]
    if not keep:
        return tuple(x.new_zeros(tuple(x.shape)) if kwargs.get("materialize_grads") else None
                     for x in inputs)
    if len(keep) < len(outs):
        outs, cts = [outs[i] for i in keep], [cts[i] for i in keep]
    mode = _batched.active()
    if mode is not None and any(mode.holds(t) for t in list(outs) + list(inputs) + cts):
        return _batched.grad(mode, outs, list(inputs), cts, autograd_grad, **kwargs)
    return autograd_grad(outs if several else outs[0], inputs,
                         None if grad_outputs is None else (cts if several else cts[0]),
                         **kwargs)


def _push_tangents(results, pairs):
    """Give each result r the tangent (dr/dz) t summed over the (z, t) pairs. A result the
    backward pass reached from the copies already carries it, pushed op by op: through the ops
    that assume a symmetric input (cholesky, eigh) that is their forward formula on the whole
    tangent, so jacfwd(jacrev(f)) is torch's Hessian there, not the transposed Hessian of
    reverse over reverse. The others (a materialised zero gradient) get it by reverse mode:
    with u a dummy cotangent, q = (dr/dz)^T u is linear in u, and d/du <q, t> = (dr/dz) t."""
    from . import zeros_like
    from .autograd import grad as autograd_grad
    pushed = [forward_ad._tangent(r) for r in results]
    for r, tangent in zip(results, pushed):
        if tangent is not None:
            forward_ad._attach(r, tangent.detach())
    results = [r for r, tangent in zip(results, pushed) if tangent is None]
    if not results:
        return
    copies = [z for z, _ in pairs]
    dummies = [zeros_like(r).requires_grad_(True) for r in results]
    paired = sum((r * u).sum() for r, u in zip(results, dummies))
    qs = autograd_grad(paired, copies, create_graph=True, allow_unused=True,
                       materialize_grads=True)
    total = sum((q * t.detach()).sum() for q, (_, t) in zip(qs, pairs))
    if isinstance(total, int) or not total.requires_grad:
        tangents = [zeros_like(r) for r in results]
    else:
        tangents = autograd_grad(total, dummies, allow_unused=True, materialize_grads=True)
    for r, t in zip(results, tangents):
        forward_ad._attach(r, t.detach())


def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning (gradient of func w.r.t. args[argnums], func's value).

    As in torch, the results stay differentiable with respect to whatever else requires grad
    (the parameters of a model the function uses), so a loss built from a gradient can train
    them; with nothing else requiring grad they come back detached. Inside ``jvp``/``jacfwd``
    (forward over reverse) the results carry their tangents, so ``jacfwd(grad(f))`` is the
    Hessian."""
    def wrapper(*args, **kwargs):
        outer = grad_mode.is_grad_enabled()
        with grad_mode.enable_grad():
            args, pairs = _strip_tangents(args)
            xs, nums = _prepare(args, argnums)
            out = func(*xs, **kwargs)
            aux = None
            if has_aux:
                if not (isinstance(out, tuple) and len(out) == 2):
                    raise RuntimeError("grad_and_value(f)(*args): output of function f should be "
                                       "a tuple: (output, aux) if has_aux is True")
                out, aux = out
            if not isinstance(out, Tensor):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"Tensor, got {type(out)}")
            if out.numel() != 1:
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"scalar Tensor, got tensor with {out.dim()} dims. Maybe you "
                                   "wanted to use the vjp or jacrev APIs instead?")
            inputs = [xs[i] for i in nums]
            leaves = _leaves(inputs)
            attached = outer and (any(x.grad_fn is not None for x in leaves)
                                  or _reaches_outer([out], leaves + [z for z, _ in pairs]))
            flat = _grad_or_zeros(out, leaves, allow_unused=True, materialize_grads=True,
                                  create_graph=attached or bool(pairs))
            value = out
            if pairs:
                _push_tangents([*flat, out], pairs)
            if not attached:
                flat = [_detached(g) for g in flat]
                value = _detached(out)
            gs = _rebuild(inputs, iter(flat))
            if has_aux:
                aux = _unwrap_aux(aux, attached)
        g = tuple(gs) if isinstance(argnums, (tuple, list)) else gs[0]
        return (g, (value, aux)) if has_aux else (g, value)
    return wrapper


def _detached(t):
    """``t`` cut from the graph, keeping its forward-mode tangent."""
    tangent = forward_ad._tangent(t)
    result = t.detach()
    if tangent is not None:
        forward_ad._attach(result, tangent)
    return result


def _unwrap_aux(aux, attached):
    """The auxiliary output as torch hands it back: a tensor or pytree of tensors (anything
    else is refused), cut from the transform's graph unless the results stay attached to
    tensors outside it."""
    from .utils._pytree import tree_map

    def unwrap(x):
        if not isinstance(x, Tensor):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(x)}")
        return x if attached else _detached(x)
    return tree_map(unwrap, aux)


def grad(func, argnums=0, has_aux=False):
    """A function returning the gradient of scalar ``func`` w.r.t. args[argnums]."""
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = gv(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def vjp(func, *primals, has_aux=False):
    """(func(*primals), vjp_fn) where vjp_fn(cotangents) gives the gradients per primal; both
    stay differentiable in closed-over tensors that require grad, as torch's do."""
    outer = grad_mode.is_grad_enabled()
    with grad_mode.enable_grad():
        # Inside jvp/jacfwd the value and the vjp's results carry the outer tangents (see
        # _push_tangents): jacfwd of a vjp is a Hessian-vector product.
        _check_transform_inputs(primals)
        stripped, pairs = _strip_tangents(list(primals))
        # a primal may be a dict/tuple/list of tensors (a module's parameters): its leaves
        # are differentiated, and its gradient comes back in its structure
        xs = [_attach(p) for tree in stripped for p in _leaves(tree)]
        leaves = iter(xs)
        out = func(*[_rebuild(tree, leaves) for tree in stripped])
        aux = None
        if has_aux:
            out, aux = _split_aux(out)
        _check_vjp_outputs(out)
        attached = outer and (any(x.grad_fn is not None for x in xs)
                              or _reaches_outer(list(_tuple(out)), xs + [z for z, _ in pairs]))
        if pairs:
            _push_tangents(list(_tuple(out)), pairs)
        if has_aux:
            aux = _unwrap_aux(aux, attached)

    def vjp_fn(*cotangents, retain_graph=True, create_graph=None):
        if not cotangents:  # torch's vjp_fn takes one positional argument, the cotangents
            raise TypeError("_vjp_with_argnums.<locals>.wrapper() missing 1 required positional "
                            "argument: 'cotangents'")
        if len(cotangents) > 1:  # the second is torch's retain_graph, read as an index
            retain_graph = cotangents[1]
            if isinstance(retain_graph, Tensor) and retain_graph.numel() != 1:
                raise TypeError("only integer tensors of a single element can be converted to "
                                "an index")
        cotangents = cotangents[0]
        if _spec(cotangents) != _spec(out):
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree "
                               "structure of outputs to the function. cotangents: "
                               f"{_spec_text(cotangents)}, primal output: {_spec_text(out)}")
        outs, cts = _leaves(out), _leaves(cotangents)
        with grad_mode.enable_grad():
            grads = _grad_or_zeros(outs, xs, cts, retain_graph=True, allow_unused=True,
                                   materialize_grads=True, create_graph=attached or bool(pairs))
            if pairs:
                _push_tangents(list(grads), pairs)
        grads = iter(grads if attached else [_detached(g) for g in grads])
        return tuple(_rebuild(tree, grads) for tree in primals)

    value = out
    if not attached:
        value = _rebuild(out, iter([_detached(o) for o in _leaves(out)]))
    return (value, vjp_fn, aux) if has_aux else (value, vjp_fn)


def _check_only_tensors(out, call):
    """torch's error when ``out``, the output of the function in ``call`` ("vjp(f, *primals)"
    or "jvp(f, primals, tangents)"), holds anything but tensors."""
    for x in _leaves(out):
        if not isinstance(x, Tensor):
            raise RuntimeError(f"{call}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(x)}")


def _check_vjp_outputs(out):
    _check_only_tensors(out, "vjp(f, *primals)")
    for x in _leaves(out):
        if not (x.is_floating_point() or x.is_complex()):
            raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex "
                               f"Tensors, got Tensor with dtype {x.dtype}")


def _split_aux(out):
    """(output, aux) of a function transformed with has_aux=True."""
    if not (isinstance(out, tuple) and len(out) == 2):
        raise RuntimeError("vjp(f, *primals): output of function f should be a tuple: (output, "
                           "aux) if has_aux is True")
    return out


def _check_primals(args):
    """jacfwd's (and hessian's) check of the differentiated inputs' dtypes."""
    for x in _leaves(args):
        if isinstance(x, Tensor) and not (x.is_floating_point() or x.is_complex()):
            raise ValueError(f"Expected primal to be floating point or complex, but got: "
                             f"{x.dtype}")


def _check_jvp_arguments(primals, tangents):
    """torch's checks of jvp's primals and tangents: tuples of the same structure, of floating
    point or complex tensors."""
    from .utils._pytree import tree_flatten
    where = "jvp(f, primals, tangents): "
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{where}Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    flat_primals, primals_spec = tree_flatten(primals)
    flat_tangents, tangents_spec = tree_flatten(tangents)
    if primals_spec != tangents_spec:
        raise RuntimeError(f"{where}Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, tangents "
                           f"also must be. Got primals with structure {primals_spec} and "
                           f"tangents with structure {tangents_spec}")
    for kind, values in (("primals", flat_primals), ("tangents", flat_tangents)):
        for x in values:
            if not isinstance(x, Tensor):
                raise RuntimeError(f"{where}Expected {kind} to only contain Tensors, got "
                                   f"{type(x)}")
    for kind, values in (("primal", flat_primals), ("tangent", flat_tangents)):
        for x in values:
            if not (x.is_floating_point() or x.is_complex()):
                raise ValueError(f"Expected {kind} to be floating point or complex, but got: "
                                 f"{x.dtype}")


def _reverse_jvp(func, primals, tangents, has_aux):
    """``jvp`` by reverse mode, keeping the graph to closed-over tensors: with u a dummy
    cotangent, q = J^T u is linear in u and d/du <q, t> = J t."""
    from . import zeros_like
    from .autograd import grad as autograd_grad
    with grad_mode.enable_grad():
        xs = [_attach(p) for p in primals]
        out = func(*xs)
        aux = None
        if has_aux:
            out, aux = out
        _check_only_tensors(out, "jvp(f, primals, tangents)")
        outs = _leaves(out)
        dummies = [zeros_like(o).requires_grad_(True) for o in outs]
        paired = sum((o * u).sum() for o, u in zip(outs, dummies))
        qs = autograd_grad(paired, xs, create_graph=True, allow_unused=True,
                           materialize_grads=True)
        total = sum((q * t).sum() for q, t in zip(qs, tangents))
        results = _grad_or_zeros(total, dummies, create_graph=True, allow_unused=True,
                                 materialize_grads=True) if not isinstance(total, int) \
            else tuple(zeros_like(u) for u in dummies)
    result = (out, _rebuild(out, iter(results)))
    return result + (aux,) if has_aux else result


def _nested_jvp(func, primals, tangents, has_aux):
    """``jvp`` inside an outer jvp/jacfwd (``jacfwd(jacfwd(f))``): ember's forward mode has one
    level, so this one runs by reverse mode over copies of the primals, and the outer tangents
    are pushed onto its results (see _push_tangents)."""
    with grad_mode.enable_grad():
        stripped, pairs = _strip_tangents(list(primals))
        result = _reverse_jvp(func, tuple(stripped), tangents, has_aux)
        tensors = [t for part in result[:2] for t in _tuple(part)]
        if pairs:
            _push_tangents(tensors, pairs)
    detached = iter([_detached(t) for t in tensors])
    out, tans = (_rebuild(part, detached) for part in result[:2])
    return (out, tans) + tuple(result[2:])


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """(func(*primals), J · tangents) computed with forward-mode AD (by reverse mode when the
    results must stay differentiable in tensors the function closes over, as torch's do).
    ``strict`` is accepted and not used, as in torch."""
    _batched.refuse("jvp")
    _check_jvp_arguments(primals, tangents)
    primals, tangents = _tuple(primals), _tuple(tangents)
    if any(isinstance(p, (dict, tuple, list)) for p in primals):
        # primals that are dicts/tuples/lists of tensors (a module's parameters): their leaves
        # are the primals, each with the tangent at its place in the tangents' structure
        def on_leaves(*leaves):
            leaves = iter(leaves)
            return func(*[_rebuild(tree, leaves) for tree in primals])
        return jvp(on_leaves, tuple(leaf for tree in primals for leaf in _leaves(tree)),
                   tuple(leaf for tree in tangents for leaf in _leaves(tree)), has_aux=has_aux)
    if forward_ad._state.level is not None:
        return _nested_jvp(func, primals, tangents, has_aux)
    if _closes_over_grad(func, primals, has_aux):
        return _reverse_jvp(func, primals, tangents, has_aux)
    with forward_ad.dual_level():
        duals = [forward_ad.make_dual(p, t) for p, t in zip(primals, tangents)]
        out = func(*duals)
        aux = None
        if has_aux:
            out, aux = out
        _check_only_tensors(out, "jvp(f, primals, tangents)")
        from . import zeros_like
        # The output may be a dict/tuple/list of tensors: its tangent has its structure.
        unpacked = [forward_ad.unpack_dual(o) for o in _leaves(out)]
        values = [u.primal.detach() for u in unpacked]
        tans = [zeros_like(u.primal) if u.tangent is None else u.tangent for u in unpacked]
    result = (_rebuild(out, iter(values)), _rebuild(out, iter(tans)))
    return result + (aux,) if has_aux else result


def _spec(tree):
    """The structure of a pytree of tensors (containers and keys, tensors as ``*``)."""
    if isinstance(tree, dict):
        return {key: _spec(value) for key, value in tree.items()}
    if isinstance(tree, (tuple, list)):
        return type(tree)(_spec(value) for value in tree)
    return "*"


def _spec_text(tree):
    """A pytree's structure as torch's messages print it: ``*`` for a leaf, ``(*, *)`` for a
    tuple, ``[*]`` for a list, ``{'a': *}`` for a dict."""
    if isinstance(tree, dict):
        return "{" + ", ".join(f"{key!r}: {_spec_text(value)}" for key, value in tree.items()) \
            + "}"
    if isinstance(tree, tuple):
        inner = ", ".join(_spec_text(value) for value in tree)
        return f"({inner},)" if len(tree) == 1 else f"({inner})"
    if isinstance(tree, list):
        return "[" + ", ".join(_spec_text(value) for value in tree) + "]"
    return "*"


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: the value, and the linear map ``tangents -> J tangents``
    of ``func`` at ``primals`` (J the Jacobian).

    ``jvp_fn(*tangents)`` takes tangents with the primals' structure, shapes, dtypes and
    devices, and returns the output's tangent in the output's structure. It evaluates ``func``
    again at the same primals in forward mode (ember's dual numbers) for each call: the same
    numbers as torch's, which traces the forward-mode computation once into a graph and
    replays it, but each call costs one forward pass.

    Args:
        func (Callable): a function of tensors (or dicts/tuples/lists of tensors) returning
            the same kind of structure.
        *primals: the point to linearize at.

    Returns:
        tuple: ``(output, jvp_fn)``.
    """
    _batched.refuse("linearize")
    output = func(*primals)
    flat_primals = _leaves(primals)
    primal_spec = _spec(primals)
    metadata = [(p.shape, p.device, p.dtype) for p in flat_primals]

    def jvp_fn(*tangents):
        if _spec(tangents) != primal_spec:
            raise RuntimeError(f"Expected the tangents {_spec(tangents)} to have the same "
                               f"argspec as the primals {primal_spec}")
        flat_tangents = _leaves(tangents)
        for index, (t, (shape, device, dtype)) in enumerate(zip(flat_tangents, metadata)):
            for what, ours, expected in (("shape", t.shape, shape), ("device", t.device, device),
                                         ("dtype", t.dtype, dtype)):
                if ours != expected:
                    raise RuntimeError(f"tangent:{index} with {what} {ours} in flattened "
                                       f"pytree doesn't match the {what} {expected} of the "
                                       "corresponding primal.")
        from . import zeros_like
        with forward_ad.dual_level():
            duals = _rebuild(primals, iter([forward_ad.make_dual(p, t)
                                            for p, t in zip(flat_primals, flat_tangents)]))
            result = func(*duals)
            unpacked = [forward_ad.unpack_dual(leaf) for leaf in _leaves(result)]
            output_tangents = [zeros_like(u.primal) if u.tangent is None else u.tangent
                               for u in unpacked]
        return _rebuild(result, iter(output_tangents))

    return output, jvp_fn


def _reverse_jacobian(func, args, argnums, has_aux):
    """(jacobian, aux) by reverse mode, one backward pass per output element: for outputs O
    and differentiated inputs I, entry [o][i] has shape O[o].shape + I[i].shape. The result
    stays differentiable in closed-over tensors that require grad (and in the inputs when an
    outer transform differentiates this one), so jacobians of jacobians work."""
    from . import stack
    outer = grad_mode.is_grad_enabled()
    with grad_mode.enable_grad():
        args, pairs = _strip_tangents(args)
        xs, nums = _prepare(args, argnums)
        out = func(*xs)
        aux = None
        if has_aux:
            out, aux = _split_aux(out)
        _check_vjp_outputs(out)
        inputs = [xs[i] for i in nums]
        # An input may be a dict/tuple/list of tensors (functional_call's parameters): its
        # Jacobian has the same structure, one block per tensor.
        leaves = _leaves(inputs)
        outs = _leaves(out)
        attached = outer and (any(x.grad_fn is not None for x in leaves)
                              or _reaches_outer(outs, leaves + [z for z, _ in pairs]))
        all_blocks = []
        for o in outs:
            flat = o.reshape(-1)
            rows = [_grad_or_zeros(flat[k], leaves, retain_graph=True,
                                   create_graph=attached or bool(pairs), allow_unused=True,
                                   materialize_grads=True)
                    for k in range(flat.numel())]
            blocks = []
            for i, x in enumerate(leaves):
                if rows:
                    block = stack([row[i] for row in rows]).reshape(tuple(o.shape) +
                                                                    tuple(x.shape))
                else:
                    block = x.new_zeros(tuple(o.shape) + tuple(x.shape))
                blocks.append(block)
            all_blocks.append(blocks)
        # Inside jvp/jacfwd (forward over reverse) the Jacobian carries its tangent, so
        # jacfwd(jacrev(f)) is the Hessian.
        if pairs:
            _push_tangents([block for blocks in all_blocks for block in blocks], pairs)
        per_output = []
        for blocks in all_blocks:
            blocks = blocks if attached else [_detached(block) for block in blocks]
            trees = _rebuild(inputs, iter(blocks))
            per_output.append(tuple(trees) if isinstance(argnums, (tuple, list)) else trees[0])
    # One Jacobian per output tensor, in the output's structure (dict, tuple, list).
    jac = _rebuild(out, iter(per_output))
    return jac, (_unwrap_aux(aux, attached) if has_aux else None)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """Jacobian by reverse mode: one backward pass per output element."""
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    def wrapper(*args):
        nums = _check_argnums(argnums, len(args))
        for index, x in enumerate(_leaves([args[i] for i in nums])):
            if isinstance(x, Tensor) and x.is_complex():
                raise RuntimeError(f"jacrev: Expected all inputs to be real but received complex "
                                   f"tensor at flattened input idx: {index}")
        jac, aux = _reverse_jacobian(func, args, argnums, has_aux)
        return (jac, aux) if has_aux else jac
    return wrapper


def _closes_over_grad(func, args, has_aux):
    """Whether ``func`` at ``args`` (under grad mode) depends on a tensor that requires grad
    other than its arguments: then forward-mode tangents, which ember keeps out of the
    reverse graph, would lose that dependence, and reverse mode is used instead."""
    if not grad_mode.is_grad_enabled():
        return False
    with grad_mode.enable_grad():
        xs = [_rebuild(a, iter([_attach(x) for x in _leaves(a)])) if _is_tensor_tree(a)
              else a for a in args]
        out = func(*xs)
        out = out[0] if has_aux else out
        inner = [x for a in xs if _is_tensor_tree(a) for x in _leaves(a)]
        return any(x.grad_fn is not None for x in inner) or \
            _reaches_outer([o for o in _leaves(out) if isinstance(o, Tensor)], inner)


def _is_tensor_tree(tree):
    return all(isinstance(leaf, Tensor) for leaf in _leaves(tree))


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """Jacobian by forward mode: one jvp per input element (reverse mode when the result must
    stay differentiable in tensors the function closes over). The jvps run as torch's vmap
    over the basis tangents runs them: ``randomness="error"`` refuses random ops in ``func``,
    ``"same"`` gives every jvp the same draws, ``"different"`` fresh ones."""
    _check_randomness(randomness)

    def wrapper(*args):
        with _vmap_randomness(randomness) as rewind:
            return _jacfwd(func, argnums, has_aux, args, rewind)
    return wrapper


def _check_randomness(randomness):
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")


def _jacfwd(func, argnums, has_aux, args, rewind):
    _batched.refuse("jacfwd")
    nums = _check_argnums(argnums, len(args))
    _check_transform_inputs([args[i] for i in nums])
    _check_primals([args[i] for i in nums])
    calls = itertools.count()  # the calls of func, each after rewind(its number)
    if grad_mode.is_grad_enabled():  # the probe below calls func once
        rewind(next(calls))
    if _closes_over_grad(func, args, has_aux):
        jac, aux = _reverse_jacobian(func, args, argnums, has_aux)
        return (jac, aux) if has_aux else jac
    from . import stack, zeros_like
    # Every tensor argument (or dict/tuple/list of tensors) is a primal of the jvps, the
    # differentiated ones carrying one basis tangent at a time; the Jacobian of a
    # structured input has the input's structure, one block per tensor.
    trees = [index for index, a in enumerate(args) if _is_tensor_tree(a)]
    primals = [leaf for index in trees for leaf in _leaves(args[index])]
    offsets = dict(zip(trees, itertools.accumulate(
        [0] + [len(_leaves(args[index])) for index in trees])))

    def f(*values):
        call, values = list(args), iter(values)
        for index in trees:
            call[index] = _rebuild(args[index], values)
        rewind(next(calls))  # each call (jvp may make more than one) as one sample of a vmap
        out = func(*call)
        return out[0] if has_aux else out

    per_input, out_tree = [], None
    for i in nums:
        per_leaf = []
        for j, x in enumerate(_leaves(args[i])):
            cols = []
            flat = x.reshape(-1)
            for k in range(flat.numel()):
                basis = zeros_like(flat)
                basis[k] = 1
                tangents = [zeros_like(p) for p in primals]
                tangents[offsets[i] + j] = basis.reshape(x.shape)
                _, t = jvp(f, tuple(primals), tuple(tangents))
                out_tree = t
                cols.append(_leaves(t))
            # One Jacobian block per output: the output's shape followed by the input's.
            per_leaf.append([stack([col[o] for col in cols], -1)
                             .reshape(tuple(cols[0][o].shape) + tuple(x.shape))
                             for o in range(len(cols[0]))] if cols else [None])
        per_input.append([_rebuild(args[i], iter([blocks[o] for blocks in per_leaf]))
                          for o in range(len(per_leaf[0]))])
    by_output = [tuple(blocks[o] for blocks in per_input) if isinstance(argnums, (tuple, list))
                 else per_input[0][o] for o in range(len(per_input[0]))]
    # One Jacobian per output tensor, in the output's structure (dict, tuple, list).
    jac = _rebuild(out_tree, iter(by_output)) if out_tree is not None else by_output[0]
    if has_aux:
        rewind(next(calls))
        return jac, func(*args)[1]
    return jac


def hessian(func, argnums=0):
    """Hessian of scalar ``func`` w.r.t. args[argnums]: the Jacobian of its gradient, forward
    mode over reverse mode as torch's where that differs from reverse over reverse: through
    the ops whose nodes carry a forward formula of their own (cholesky and eigh, whose
    formulas use the whole tangent off the symmetric matrices; the ops torch has no forward
    derivative for, which raise its error). Everywhere else the two orders give the same
    matrix, and reverse over reverse costs one backward pass per row instead of a forward
    pass per input element (func is then called once more, on the generators' saved state,
    to see which ops it reaches)."""
    inner = jacfwd(jacrev(func, argnums), argnums)
    by_reverse = jacrev(jacrev(func, argnums), argnums)

    def wrapper(*args):
        nums = _check_argnums(argnums, len(args))
        _check_primals([args[i] for i in nums])
        if _batched.active() is not None:
            # inside a batched vmap, whose rules batch no op that assumes a symmetric input
            # (where the two orders differ): reverse over reverse, batched through and through
            return by_reverse(*args)
        return inner(*args) if _reaches_forward_formula(func, args, nums) else by_reverse(*args)
    return wrapper


def _reaches_forward_formula(func, args, nums):
    """Whether ``func``'s graph at ``args`` (differentiated in args[nums]) holds a node whose
    class has a ``forward_rule`` (or whose backward records one: eigvalsh); the random
    generators are rewound after the call."""
    from . import cuda
    from .random import get_rng_state, set_rng_state

    def leaves(value):
        if isinstance(value, Tensor):
            return value.detach().requires_grad_(value.is_floating_point() or
                                                 value.is_complex())
        if isinstance(value, (tuple, list)):
            return type(value)(leaves(v) for v in value)
        if isinstance(value, dict):
            return {k: leaves(v) for k, v in value.items()}
        return value
    probe = [leaves(a) if i in nums else a for i, a in enumerate(args)]
    states = get_rng_state(), cuda.get_rng_state_all()
    try:
        with grad_mode.enable_grad():
            out = func(*probe)
    finally:
        set_rng_state(states[0])
        cuda.set_rng_state_all(states[1])
    seen = set()
    stack = [t.grad_fn for t in _tensors_in(out if isinstance(out, (tuple, list)) else [out])
             if isinstance(t, Tensor) and t.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        kind = type(node)
        if getattr(kind, "forward_rule", None) is not None or \
                getattr(kind, "forward_formula_in_backward", False):
            return True
        stack.extend(next_node for next_node, _ in node.next_functions)
    return False


@contextlib.contextmanager
def _swapped(module, tensors):
    """Temporarily replace the module's parameters/buffers by name (restored afterwards)."""
    saved = []
    try:
        for name, value in tensors.items():
            owner = module
            *path, attr = name.split(".")
            for p in path:
                owner = getattr(owner, p)
            table = owner._parameters if attr in owner._parameters else \
                owner._buffers if attr in owner._buffers else None
            if table is None:
                # a name the module does not hold (strict=False): a plain attribute for the
                # call, as torch sets it
                saved.append((owner, attr, None))
                object.__setattr__(owner, attr, value)
                continue
            saved.append((table, attr, table[attr]))
            table[attr] = value
        yield
    finally:
        for table, attr, old in reversed(saved):
            if isinstance(table, dict):
                table[attr] = old
            else:
                object.__delattr__(table, attr)


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Call ``module`` with its parameters and buffers replaced by the given tensors."""
    if isinstance(parameter_and_buffer_dicts, (list, tuple)):
        merged = {}
        for d in parameter_and_buffer_dicts:
            repeated = [key for key in d if key in merged]
            if repeated:
                raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of "
                                 "functional call is ambiguous")
            merged.update(d)
    else:
        merged = dict(parameter_and_buffer_dicts)
    if tie_weights:
        merged = _untied(module, merged)
    if strict:
        _check_reparametrized(module, merged)
    args = () if args is None else _tuple(args)
    with _swapped(module, merged):
        return module(*args, **(kwargs or {}))


def _untied(module, tensors):
    """``tensors`` with each given tensor also under every name tied to its name (one module
    tensor reachable under several names, as a decoder sharing its embedding's weight)."""
    names_of = {}
    for name, tensor in itertools.chain(module.named_parameters(remove_duplicate=False),
                                        module.named_buffers(remove_duplicate=False)):
        names_of.setdefault(id(tensor), []).append(name)
    tied = {name: group for group in names_of.values() if len(group) > 1 for name in group}
    given = [name for name in tensors if name in tied]
    for name in given:
        group = tied[name]
        values = {id(tensors[other]) for other in group if other in tensors}
        if len(values) > 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(group)}, "
                             "which are tied. Consider using tie_weights=False")
    untied = dict(tensors)
    for name in given:
        for other in tied[name]:
            untied[other] = tensors[name]
    return untied


def _check_reparametrized(module, tensors):
    """``strict``: the names must be exactly the module's parameters and buffers (every name
    of a tied one)."""
    own = {name for name, _ in module.named_parameters(remove_duplicate=False)} | \
        {name for name, _ in module.named_buffers(remove_duplicate=False)}
    unexpected = sorted(set(tensors) - own)
    missing = sorted(own - set(tensors))
    if unexpected or missing:
        lines = [f"\t{label} key(s): {', '.join(repr(key) for key in keys)}."
                 for label, keys in (("Unexpected", unexpected), ("Missing", missing)) if keys]
        raise RuntimeError(f"Error(s) in reparametrizing for {type(module).__name__}:\n"
                           + "\n".join(lines))


def stack_module_state(models):
    """The parameters and buffers of same-class modules, each stacked along a new first dim.

    For ensembling: ``vmap`` over the first dim of the stacked tensors with
    ``functional_call`` evaluates every model at once. Entry ``i`` of each stacked tensor is
    model ``i``'s. Stacked parameters are new leaves (detached from the models) that require
    grad when the models' do; buffers are stacked as they are.

    Args:
        models: a non-empty sequence of modules of one class, all in training or all in eval
            mode.

    Returns:
        A pair of dicts ``(params, buffers)``, from each name (as in ``named_parameters`` and
        ``named_buffers``) to its stacked tensor.

    Example:
        >>> models = [nn.Linear(3, 2) for _ in range(4)]
        >>> params, buffers = ember.func.stack_module_state(models)
        >>> params["weight"].shape, params["bias"].is_leaf, buffers
        (ember.Size([4, 2, 3]), True, {})
    """
    from . import stack
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({model.training for model in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same "
                           "training/eval mode.")
    if len({type(model) for model in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")

    def stacked(named):
        tables = [dict(entries) for entries in named]
        result = {}
        for name in tables[0]:
            tensors = [table[name] for table in tables]
            wants_grad = {tensor.requires_grad for tensor in tensors}
            if len(wants_grad) > 1:
                raise RuntimeError(f"Expected {name} from each model to have the same "
                                   ".requires_grad")
            result[name] = stack(tensors)
            if True in wants_grad:
                result[name] = result[name].detach().requires_grad_()
        return result

    return (stacked(model.named_parameters() for model in models),
            stacked(model.named_buffers() for model in models))


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """Map ``func`` over a batch dim of its inputs: one call with every op batched, or where
    an op has no batching rule, one call per sample with the results stacked.

    An input may be a tensor or a dict/tuple/list of tensors (a model's stacked parameters),
    whose every tensor is mapped over the input's dim. ``randomness``: ``"error"`` refuses
    random draws inside ``func``, ``"same"`` gives every sample the default generator's same
    draws (its state rewound for each), ``"different"`` lets each sample draw in turn."""
    _check_randomness(randomness)
    if chunk_size is not None and chunk_size <= 0:
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    if chunk_size is not None and not isinstance(chunk_size, int):
        # (torch's text: it splits the inputs with a list repeated chunk_size times)
        raise TypeError(f"can't multiply sequence by non-int of type "
                        f"'{type(chunk_size).__name__}'")

    def wrapper(*args, **kwargs):
        from . import stack
        dims = _vmap_dims(func, in_dims, args)
        leaves = _leaves(args)
        sizes = [leaf.shape[d] for leaf, d in zip(leaves, dims) if d is not None]
        if not sizes:
            raise ValueError("vmap: Expected at least one Tensor to vmap over")
        if len(set(sizes)) != 1:
            raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped "
                             f"dimension, got sizes {sizes} for the mapped dimension")
        n = sizes[0]
        if n == 0:
            return _vmap_empty(func, args, dims, out_dims, randomness)
        if _batched.active() is None and not _VMAP_DEPTH[0] and forward_ad._state.level is None:
            # an op without a batching rule (Unbatchable), or code that read a stand-in's
            # values without dispatching, raises: the loop below runs each sample instead and
            # gives the result, or torch's error
            with contextlib.suppress(Exception):
                return _vmap_batched(func, args, kwargs, leaves, dims, n, out_dims)

        results = []
        with _vmap_randomness(randomness) as rewind, \
                _BatchedWatch(n, randomness) as watch:
            _VMAP_DEPTH[0] += 1
            try:
                for i in range(n):
                    sliced = [leaf[(slice(None),) * (d % leaf.ndim) + (i,)] if d is not None
                              else leaf for leaf, d in zip(leaves, dims)]
                    watch.add_inputs(sliced, leaves, dims)
                    rewind(i)
                    watch.begin(i)
                    results.append(func(*_rebuild(args, iter(sliced)), **kwargs))
            finally:
                _VMAP_DEPTH[0] -= 1
        for value in _leaves(results[0]):
            if not isinstance(value, Tensor) and out_dims is not None:
                name = getattr(func, "__name__", repr(func))
                raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got "
                                 f"type {type(value)}. Did you mean to set out_dims= to None "
                                 f"for output?")
        _check_out_dims(func, out_dims, results[0])

        def unmapped(value):
            """An output with out_dim None: one sample's, which must not depend on the
            mapped inputs."""
            if watch.holds(_tensors_in((value,))):
                raise ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` can not return a "
                                 "BatchedTensor when out_dim is None")
            return value
        if out_dims is None:
            return unmapped(results[0])
        if isinstance(results[0], tuple):
            od = out_dims if isinstance(out_dims, (tuple, list)) else (out_dims,) * \
                len(results[0])
            return tuple(stack([r[k] for r in results], od[k]) if od[k] is not None
                         else unmapped(results[0][k]) for k in range(len(results[0])))
        if isinstance(results[0], dict):
            return {key: stack([r[key] for r in results], out_dims) for key in results[0]}
        return stack(results, out_dims)
    return wrapper


def _vmap_batched(func, args, kwargs, leaves, dims, n, out_dims):
    """vmap with every op batched (see ember._vmap_batched): ``func`` runs once, on stand-ins
    for the mapped inputs; raises Unbatchable where an op has no batching rule."""
    mode = _batched.BatchingMode(n)
    # a view even for dim 0: an op the function applies in place (requires_grad_) must not
    # reach the caller's own tensor
    physical = [None if d is None else leaf.movedim(d, 0) for leaf, d in zip(leaves, dims)]
    _VMAP_DEPTH[0] += 1
    try:
        with mode:
            stand_ins = [leaf if p is None else mode.wrap(p) for leaf, p in zip(leaves, physical)]
            result = func(*_rebuild(args, iter(stand_ins)), **kwargs)
    finally:
        _VMAP_DEPTH[0] -= 1
    if isinstance(result, Tensor):
        places, tensors = [out_dims], [result]
    elif isinstance(result, tuple) and all(isinstance(r, Tensor) for r in result):
        _check_out_dims(func, out_dims, result)
        tensors = list(result)
        places = list(out_dims) if isinstance(out_dims, (tuple, list)) else \
            [out_dims] * len(tensors)
    elif isinstance(result, dict) and not isinstance(out_dims, (tuple, list)) and all(
            isinstance(r, Tensor) for r in result.values()):
        places, tensors = [out_dims] * len(result), list(result.values())
    else:
        raise _batched.Unbatchable("output structure")  # the loop gives torch's answer or error
    _check_out_dims(func, out_dims, result)
    outputs = []
    for t, place in zip(tensors, places):
        if place is None:
            if mode.holds(t):
                raise ValueError(f"vmap({_name(func)}, ...): `{_name(func)}` can not return a "
                                 "BatchedTensor when out_dim is None")
            outputs.append(t)
            continue
        if not isinstance(place, int) or not -(t.ndim + 1) <= place <= t.ndim:
            raise _batched.Unbatchable("out_dims")  # the loop raises torch's error
        p = mode.lift(t)
        outputs.append(p if place % p.ndim == 0 else p.movedim(0, place))
    if isinstance(result, Tensor):
        return outputs[0]
    if isinstance(result, dict):
        return dict(zip(result, outputs))
    return tuple(outputs)


# How many vmap calls are running their function (autograd.Function.apply asks).
_VMAP_DEPTH = [0]
# The running vmap calls' watches, innermost last (a Function's vmap rule asks the innermost).
_WATCHES = []


class VmapInfo(NamedTuple):
    """What a Function's vmap staticmethod learns of the vmap it runs under."""
    batch_size: int
    randomness: str


def _name(func):
    return getattr(func, "__name__", repr(func))


def _vmap_dims(func, in_dims, args):
    """The mapped dim of each argument, after torch's checks of ``in_dims`` against the
    arguments (each a tensor or a container of tensors, all of whose tensors map over the
    dim)."""
    from .utils._pytree import tree_flatten
    if not args:
        raise ValueError(f"vmap({_name(func)})(<inputs>): got no inputs. Maybe you forgot to add "
                         "inputs, or you are trying to vmap over a function with no inputs. The "
                         "latter is unsupported.")
    where = f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>): "
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"{where}expected `in_dims` to be int or a (potentially nested) tuple "
                         f"matching the structure of inputs, got: {type(in_dims)}.")
    dims = _broadcast_dims(in_dims, args)
    if dims is None:
        raise ValueError(f"{where}in_dims is not compatible with the structure of `inputs`. "
                         f"in_dims has structure {tree_flatten(in_dims)[1]} but inputs has "
                         f"structure {tree_flatten(args)[1]}.")
    for leaf, d in zip(_leaves(args), dims):
        if d is None:
            continue
        if not isinstance(d, int):
            raise ValueError(f"{where}Got in_dim={d} for an input but in_dim must be either an "
                             "integer dimension or None.")
        if not isinstance(leaf, Tensor):
            raise ValueError(f"{where}Got in_dim={d} for an input but the input is of type "
                             f"{type(leaf)}. We cannot vmap over non-Tensor arguments, "
                             "please use None as the respective in_dim")
        if not -leaf.ndim <= d < leaf.ndim:
            raise ValueError(f"{where}Got in_dim={d} for some input, but that input is a "
                             f"Tensor of dimensionality {leaf.ndim} so expected in_dim to "
                             f"satisfy -{leaf.ndim} <= in_dim < {leaf.ndim}.")
    return dims


def _broadcast_dims(dims, tree):
    """One in_dim per leaf of ``tree``: ``dims`` is a prefix of the tree's structure (an int
    or None stands for the whole subtree below it); None when the structures disagree."""
    if dims is None or not isinstance(dims, (dict, tuple, list)):
        return [dims] * len(_leaves(tree))
    if type(dims) is not type(tree) or len(dims) != len(tree):
        return None
    if isinstance(dims, dict):
        # torch asks for the same keys but pairs the values by position, not by key: a dict of
        # in_dims written in another key order maps other entries than it names
        if set(dims) != set(tree):
            return None
        pairs = zip(dims.values(), tree.values())
    else:
        pairs = zip(dims, tree)
    flat = []
    for sub_dims, sub_tree in pairs:
        sub = _broadcast_dims(sub_dims, sub_tree)
        if sub is None:
            return None
        flat.extend(sub)
    return flat


def _check_out_dims(func, out_dims, sample):
    """torch's checks of ``out_dims`` against one sample's outputs."""
    from .utils._pytree import tree_flatten
    if out_dims is not None and not isinstance(out_dims, (int, tuple, list)):
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims}): `out_dims` must be an "
                         "int, None or a python collection of ints representing where in the "
                         "outputs the vmapped dimension should appear.")
    if isinstance(out_dims, (tuple, list)) and (
            not isinstance(sample, (tuple, list)) or len(sample) != len(out_dims)):
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims is "
                         "not compatible with the structure of `outputs`. out_dims has structure "
                         f"{tree_flatten(out_dims)[1]} but outputs has structure "
                         f"{tree_flatten(sample)[1]}.")


def _vmap_empty(func, args, dims, out_dims, randomness):
    """vmap over a dim of size 0: ``func`` runs once on zeros of one sample's shape, to learn
    the results' shapes and dtypes; each result is empty along its mapped dim."""
    samples = [leaf.new_zeros(leaf.shape[:d % leaf.ndim] + leaf.shape[d % leaf.ndim + 1:])
               if d is not None else leaf for leaf, d in zip(_leaves(args), dims)]
    with _vmap_randomness(randomness) as rewind:
        rewind(0)
        result = func(*_rebuild(args, iter(samples)))
    _check_out_dims(func, out_dims, result)
    tensors = _leaves(result)
    places = out_dims if isinstance(out_dims, (tuple, list)) else (out_dims,) * len(tensors)
    empty = [t.detach().new_empty((0,) + tuple(t.shape)).movedim(0, d) if d is not None else t
             for t, d in zip(tensors, places)]
    return _rebuild(result, iter(empty))


_ITEM = ("vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over "
         "calling .item() on a Tensor, please try to rewrite what you're doing with other "
         "operations. If error is occurring somewhere inside PyTorch internals, please file a "
         "bug report.")
_CONTROL_FLOW = ("vmap: It looks like you're attempting to use a Tensor in some data-dependent "
                 "control flow. We don't support that yet, please file an issue at "
                 "https://github.com/pytorch/pytorch/issues .")
_NO_STORAGE = "Cannot access data pointer of Tensor that doesn't have storage"
# What reading a batched tensor's value raises in torch (its per-sample values are not one
# number, one truth value or one block of memory).
_REFUSED = {"item": _ITEM, "__float__": _ITEM, "__int__": _ITEM, "__complex__": _ITEM,
            "__index__": _ITEM, "__bool__": _CONTROL_FLOW, "tolist": _NO_STORAGE,
            "numpy": _NO_STORAGE, "data_ptr": _NO_STORAGE}
_SETITEM = ("vmap: inplace arithmetic(self, *extra_args) is not possible because there exists "
            "a Tensor `other` in extra_args that has more elements than `self`. This happened "
            "due to `other` being vmapped over but `self` not being vmapped over in a vmap. "
            "Please try to use out-of-place operators instead of inplace arithmetic. If said "
            "operator is being called inside the PyTorch framework, please file a bug report "
            "instead.")
_INPLACE_DUNDERS = {"__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__",
                    "__imod__", "__ipow__", "__iand__", "__ior__", "__ixor__", "__ilshift__",
                    "__irshift__", "__imatmul__", "__setitem__"}
_DYNAMIC = {"nonzero", "masked_select", "unique", "unique_consecutive", "argwhere"}
# Reductions torch's vmap answers for the whole batch (an unbatched result, so bool() of it is
# allowed): the validity checks of distributions' parameters.
_WHOLE_BATCH = {"_is_all_true", "_is_any_true"}


class _BatchedWatch:
    """One vmap call's watch over the tensors that hold one sample of a batch (the sliced
    inputs and every result computed from them): reading their value raises as torch's
    batched tensors do, and ops whose output size depends on the values are refused. A mode
    of ember's own, so nothing outside the call pays for it."""

    def __init__(self, size, randomness="error"):
        self.size, self.randomness = size, randomness  # the batch size
        self.batched = {}  # id -> weak reference (Tensor's == compares values: no WeakSet)
        # randomness="different": the k-th draw of sample 0 draws the whole batch's at once,
        # as torch's batched draw does (one randn(B, *shape)); sample i takes row i of it.
        self.different, self.draws, self.sample, self.call = randomness == "different", [], \
            0, 0
        # id of a sliced input -> (weak reference, the whole input, its mapped dim)
        self.sources = {}
        # the k-th call of a Function with a vmap staticmethod in sample 0 runs the rule on
        # the whole batch, as torch does; sample i takes its slice of the k-th result
        self.rules, self.rule_call = [], 0

    def begin(self, sample):
        self.sample, self.call, self.rule_call = sample, 0, 0

    def add_inputs(self, sliced, leaves, dims):
        """Watch one sample's slices of the mapped inputs, remembering where each came from."""
        import weakref
        mapped = [(piece, leaf, d) for piece, leaf, d in zip(sliced, leaves, dims)
                  if d is not None]
        self.add([piece for piece, _, _ in mapped])
        for piece, leaf, d in mapped:
            self.sources[id(piece)] = (weakref.ref(piece), leaf, d % leaf.ndim)

    def apply_rule(self, cls, args, kwargs):
        """``cls.apply(*args)`` for this sample through ``cls.vmap``, the user's batching rule,
        run once on the whole batch; None where an argument is a batched value that is not a
        mapped input itself (ember holds no whole batch of it), so the Function's forward runs
        on the sample instead."""
        if not self.holds([a for a in args if isinstance(a, Tensor)]):
            return None  # nothing of this batch reaches the Function: it runs as it is
        k = self.rule_call
        self.rule_call += 1
        if self.sample == 0:
            self.rules.append(self._run_rule(cls, args, kwargs))
        entry = self.rules[k] if k < len(self.rules) else None
        if entry is None:
            return None
        output, out_dims = entry
        pieces = [o.select(d, self.sample) if d is not None else o
                  for o, d in zip(output if isinstance(output, tuple) else (output,), out_dims)]
        self.add([piece for piece, d in zip(pieces, out_dims) if d is not None])
        return tuple(pieces) if isinstance(output, tuple) else pieces[0]

    def _run_rule(self, cls, args, kwargs):
        from ._subclass import pop_mode, push_mode
        whole, in_dims = [], []
        for arg in args:
            if isinstance(arg, Tensor) and self.holds((arg,)):
                source = self.sources.get(id(arg))
                if source is None or source[0]() is not arg:
                    return None
                whole.append(source[1])
                in_dims.append(source[2])
            else:
                whole.append(arg)
                in_dims.append(None)
        # the rule runs one level down: outside this watch and this vmap
        pop_mode(self)
        _VMAP_DEPTH[0] -= 1
        try:
            output, out_dims = cls.vmap(VmapInfo(self.size, self.randomness), tuple(in_dims),
                                        *whole, **kwargs)
        finally:
            _VMAP_DEPTH[0] += 1
            push_mode(self, for_good=False)
        count = len(output) if isinstance(output, tuple) else 1
        if not isinstance(out_dims, tuple):
            out_dims = (out_dims,) * count
        return output, out_dims

    def _draw(self, func, name, args, kwargs):
        """The ``name`` draw of the current sample: its row of the whole batch's draw, or the
        sample's own draw where the call has no batching rule here (None in ``draws``)."""
        k = self.call
        self.call += 1
        if self.sample == 0:
            self.draws.append(_BATCHED_DRAWS[name](func, self.size, args, kwargs))
        batch = self.draws[k] if k < len(self.draws) else None
        result = func(*args, **kwargs) if batch is None else batch[self.sample]
        self.add((result,))
        return result

    def add(self, tensors):
        import weakref
        batched = self.batched
        for t in tensors:
            key = id(t)
            if key not in batched:
                batched[key] = weakref.ref(t, lambda _, key=key: batched.pop(key, None))

    def holds(self, tensors):
        batched = self.batched
        return any(batched.get(id(t), _dead)() is t for t in tensors)

    def __enter__(self):
        from . import _subclass
        _subclass.push_mode(self, for_good=False)
        _WATCHES.append(self)
        return self

    def __exit__(self, *exc):
        from . import _subclass
        _WATCHES.pop()
        _subclass.pop_mode(self)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if self.different and name in _BATCHED_DRAWS:
            return self._draw(func, name, args, kwargs)
        if self.different and name in _INPLACE_DRAWS and args and not self.holds(args[:1]):
            raise RuntimeError(_INPLACE_RANDOMNESS)
        hit = self.holds(_tensors_in(args)) or self.holds(_tensors_in(kwargs.values()))
        if hit:
            if name in _REFUSED:
                raise RuntimeError(_REFUSED[name])
            if name == "__format__" and isinstance(args[0], Tensor) and args[0].ndim == 0:
                raise RuntimeError(_ITEM)  # a 0-dim tensor formats as its item()
            if name == "__getitem__" and len(args) > 1 and any(
                    t._dtype is D.bool_ for t in _tensors_in(args[1:])):
                raise RuntimeError("vmap: We do not support batching operators that can support "
                                   "dynamic shape. Attempting to batch over indexing with a "
                                   "boolean mask.")
            if name in _DYNAMIC:
                raise RuntimeError(f"vmap: We do not support batching operators that can "
                                   f"output dynamic shape. Attempted to vmap over "
                                   f"aten::{name}. Please file an issue at "
                                   f"https://github.com/pytorch/pytorch/issues if you need "
                                   f"this feature.")
            if name == "batch_norm":
                self._check_batch_norm(args, kwargs)
            target = args[0] if args else None
            if (name.endswith("_") and not name.startswith("_") or name in _INPLACE_DUNDERS) \
                    and isinstance(target, Tensor) and not self.holds((target,)):
                # torch writes a whole batch into one sample's worth of memory: refused
                if name == "__setitem__":
                    raise RuntimeError(_SETITEM)
                from . import broadcast_shapes
                shape = broadcast_shapes(*(t.shape for t in _tensors_in(args)))
                raise RuntimeError(f"output with shape {list(target.shape)} doesn't match the "
                                   f"broadcast shape {[self.size, *shape]}")
        result = func(*args, **kwargs)
        if hit and name not in _WHOLE_BATCH:
            self.add(_tensors_in((result,)))
        return result


    def _check_batch_norm(self, args, kwargs):
        """Training batch norm on one sample of a batch would update running stats shared by
        every sample: torch refuses unless the stats are batched too."""
        names = ("input", "running_mean", "running_var", "weight", "bias", "training")
        bound = dict(zip(names, args), **kwargs)
        stats = [bound.get("running_mean"), bound.get("running_var")]
        if bound.get("training", False) and self.holds((bound.get("input"),)) and any(
                s is not None and not self.holds((s,)) for s in stats):
            raise RuntimeError(_BATCH_NORM)


_BATCH_NORM = ("Batch norm got a batched tensor as input while the running_mean or running_var, "
               "which will be updated in place, were not batched.\nIf you are using a module "
               "and do not need eval mode, please set `track_running_stats` to be False.If you "
               "are using a prebuilt module and do not need eval mode, please see the functorch "
               "website for resources on how to patch your module to work with vmap")


def _dead():
    return None


def _factory_batch(func, size, args, kwargs):
    """rand/randn(*size) for the whole batch: one draw of (batch, *size)."""
    kwargs = dict(kwargs)
    shape = kwargs.pop("size", None)
    if shape is None:
        shape = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    if kwargs.get("out") is not None or not all(isinstance(d, int) for d in shape):
        return None
    return func((size, *shape), **kwargs)


def _randint_batch(func, size, args, kwargs):
    """randint([low,] high, size) for the whole batch: one draw of (batch, *size)."""
    kwargs = dict(kwargs)
    if "size" in kwargs:
        shape, bounds = kwargs.pop("size"), args
    elif len(args) in (2, 3):
        shape, bounds = args[-1], args[:-1]
    else:
        return None
    if kwargs.get("out") is not None or not isinstance(shape, (tuple, list)):
        return None
    return func(*bounds, (size, *shape), **kwargs)


def _like_batch(func, size, args, kwargs):
    """rand_like/randn_like/randint_like for the whole batch: one draw like (batch, *shape)."""
    input = args[0] if args else kwargs.get("input")
    if not isinstance(input, Tensor) or not args:
        return None
    return func(input.expand(size, *input.shape), *args[1:], **kwargs)


# In-place draws into a tensor outside the batch: under randomness="different" torch refuses
# them (every sample would see the same numbers).
_INPLACE_DRAWS = {"normal_", "uniform_", "bernoulli_", "exponential_", "geometric_",
                  "cauchy_", "log_normal_", "random_"}
_INPLACE_RANDOMNESS = ("vmap: Cannot ask for different inplace randomness on an unbatched "
                       "tensor. This will appear like same randomness. If this is necessary "
                       "for your usage, please file an issue with functorch.")
# The random factories vmap(randomness="different") draws for the whole batch at once.
_BATCHED_DRAWS = {"rand": _factory_batch, "randn": _factory_batch, "randint": _randint_batch,
                  "rand_like": _like_batch, "randn_like": _like_batch,
                  "randint_like": _like_batch}


def _tensors_in(values):
    """The tensors among ``values`` and inside the tuples and lists among them."""
    for value in values:
        if isinstance(value, Tensor):
            yield value
        elif isinstance(value, (tuple, list)):
            yield from _tensors_in(value)


@contextlib.contextmanager
def _vmap_randomness(randomness):
    """The randomness mode of one vmap call: yields ``rewind(i)``, called before sample i."""
    from . import _random
    if randomness == "error":
        _random.VMAP.refuses += 1
        try:
            yield lambda i: None
        finally:
            _random.VMAP.refuses -= 1
        return
    if randomness == "different":
        yield lambda i: None
        return
    from . import cuda
    from .random import get_rng_state as cpu_state, set_rng_state as set_cpu_state

    def get_rng_state():  # the CPU's generator and each GPU's (the stand-in's too)
        return cpu_state(), cuda.get_rng_state_all()

    def set_rng_state(states):
        set_cpu_state(states[0])
        cuda.set_rng_state_all(states[1])
    start, after_first = get_rng_state(), []

    def rewind(i):
        if i == 1:
            after_first.append(get_rng_state())
        if i:
            set_rng_state(start)
    yield rewind
    # After the vmap the generator has moved on as by one sample's draws.
    if after_first:
        set_rng_state(after_first[0])


_FUNCTIONALIZE_OPTIONS = ("mutations", "mutations_and_views")


def functionalize(func, *, remove="mutations"):
    """``func`` as a function without in-place updates or views, for graph tracers.

    Functionalization rewrites a traced program so that in-place operators become
    out-of-place ones and input mutations are applied at the end; the values it computes and
    the mutations of its inputs are those of ``func`` itself. ember runs eagerly and traces
    nothing here, so the returned function calls ``func`` as it is: the outputs and the
    effect on the inputs are exactly what torch's functionalized function gives.

    Args:
        func (Callable): the function.
        remove (str): ``'mutations'`` or ``'mutations_and_views'``.

    Returns:
        Callable: a function with ``func``'s results.
    """
    if remove not in _FUNCTIONALIZE_OPTIONS:
        raise RuntimeError(
            f"functionalize(f, remove='mutations'): received invalid argument for remove="
            f"{remove}. Valid options are:\n     remove='mutations': all inplace and out= "
            "operators will be removed from the program, and replaced with their out-of-place "
            "equivalents.\n     remove='mutations_and_views': In addition to the above, all "
            "aliasing operators {view} will be replaced with their non-aliasing counterparts, "
            "{view}_copy.\n")

    def functionalized(*args, **kwargs):
        return func(*args, **kwargs)

    return functionalized


def replace_all_batch_norm_modules_(root):
    """Make every batch-norm layer in ``root`` use the batch's statistics only: its running
    mean, variance and batch count become None and ``track_running_stats`` False (so vmap-ed
    and functional calls do not update shared state). Changes ``root`` in place.

    Args:
        root (Module): the model.

    Returns:
        Module: ``root``.
    """
    from .nn.modules.batchnorm import _BatchNorm
    for module in root.modules():
        if isinstance(module, _BatchNorm):
            module.running_mean = None
            module.running_var = None
            module.num_batches_tracked = None
            module.track_running_stats = False
    return root


def debug_unwrap(tensor, *, recurse=True):
    """The plain tensor inside a transform's wrapper. ember's transforms pass plain tensors
    (no wrapper objects), so this returns ``tensor`` itself.

    Args:
        tensor (Tensor): a tensor seen inside a transform.
        recurse (bool): unwrap every level (accepted; there is none to unwrap).

    Returns:
        Tensor: ``tensor``.
    """
    return tensor
