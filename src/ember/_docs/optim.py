"""Docstrings for optim (attached on import; see ember._docs)."""
from __future__ import annotations

from ember import optim
from ember.optim import lr_scheduler

from . import add_docstr

# ---------------------------------------------------------------- Optimizer and its methods

add_docstr(optim.Optimizer, r"""Optimizer(params, defaults)

The base class of every optimizer. It holds ``param_groups`` (a list of dicts, each with a
``'params'`` list and its own hyper-parameters, filled in from ``defaults``) and ``state``
(per-parameter buffers such as momentum). Subclasses implement ``step``; the base provides
``zero_grad``, ``add_param_group``, ``state_dict`` / ``load_state_dict`` and hooks.

Args:
    params (iterable): Tensors, ``(name, Tensor)`` pairs, or dicts defining parameter groups
        (each with ``'params'`` and optional per-group settings).
    defaults (dict): the hyper-parameter values a group gets when it does not set them.

Example::

    >>> w, b = nn.Parameter(ember.ones(2)), nn.Parameter(ember.zeros(1))
    >>> opt = optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.5}], lr=0.1)
    >>> [group['lr'] for group in opt.param_groups]
    [0.1, 0.5]
    >>> isinstance(opt, optim.Optimizer)
    True
""")

add_docstr(optim.Optimizer.step, r"""step(closure=None) -> Optional[float]

Performs one update of every parameter that has a ``.grad``, using the rule of the
subclass, under ``no_grad``. Parameters whose ``grad`` is ``None`` are skipped.

Args:
    closure (Callable, optional): re-evaluates the model and returns the loss; required by
        optimizers that evaluate the loss several times per step (``LBFGS``).

Returns:
    float or Tensor or None: the closure's loss, if a closure was given.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0, 2.0]))
    >>> opt = optim.SGD([w], lr=0.25)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.5000, 1.0000], requires_grad=True)
""")

add_docstr(optim.Optimizer.add_param_group, r"""add_param_group(param_group) -> None

Adds a parameter group, e.g. layers unfrozen during fine-tuning. Settings the group does not
give are taken from the optimizer's defaults; a parameter may belong to one group only.

Args:
    param_group (dict): ``{'params': [...], ...}`` with optional per-group hyper-parameters.

Returns:
    None

Example::

    >>> a, b = nn.Parameter(ember.zeros(1)), nn.Parameter(ember.zeros(1))
    >>> opt = optim.SGD([a], lr=0.1, momentum=0.9)
    >>> opt.add_param_group({'params': [b], 'lr': 0.01})
    >>> [(g['lr'], g['momentum']) for g in opt.param_groups]
    [(0.1, 0.9), (0.01, 0.9)]
""")

add_docstr(optim.Optimizer.state_dict, r"""state_dict() -> dict

The optimizer's state as a dict with two entries: ``'state'``, the per-parameter buffers
keyed by the parameter's integer position across all groups, and ``'param_groups'``, the
hyper-parameters of each group with ``'params'`` replaced by those positions. Tensors in it
are references, not copies.

Returns:
    dict: ``{'state': ..., 'param_groups': ...}``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.SGD([w], lr=0.1, momentum=0.9)
    >>> w.sum().backward()
    >>> opt.step()
    >>> sd = opt.state_dict()
    >>> sd['state']
    {0: {'momentum_buffer': tensor([1.])}}
    >>> sd['param_groups'][0]['params'], sd['param_groups'][0]['momentum']
    ([0], 0.9)
""")

add_docstr(optim.Optimizer.load_state_dict, r"""load_state_dict(state_dict) -> None

Restores a state saved by ``state_dict()``: the hyper-parameters of each group and the
per-parameter buffers (cast to each parameter's dtype and device). The optimizer must have
the same group structure as the one that was saved.

Args:
    state_dict (dict): a dict returned by ``state_dict()``.

Returns:
    None

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.SGD([w], lr=0.1, momentum=0.9)
    >>> w.sum().backward()
    >>> opt.step()
    >>> fresh = optim.SGD([w], lr=0.5, momentum=0.9)
    >>> fresh.load_state_dict(opt.state_dict())
    >>> fresh.param_groups[0]['lr'], fresh.state[w]['momentum_buffer']
    (0.1, tensor([1.]))
""")

add_docstr(optim.Optimizer.register_step_pre_hook, r"""register_step_pre_hook(hook) -> RemovableHandle

Registers ``hook(optimizer, args, kwargs)`` to run before every ``step``; it may return a new
``(args, kwargs)`` pair to pass to ``step``.

Args:
    hook (Callable): the hook.

Returns:
    RemovableHandle: ``.remove()`` unregisters it.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1)
    >>> handle = opt.register_step_pre_hook(lambda o, args, kwargs: print('before step'))
    >>> opt.step()
    before step
    >>> handle.remove()
    >>> opt.step()
""")

add_docstr(optim.Optimizer.register_step_post_hook, r"""register_step_post_hook(hook) -> RemovableHandle

Registers ``hook(optimizer, args, kwargs)`` to run after every ``step``, e.g. to log or clip
the updated parameters.

Args:
    hook (Callable): the hook; its return value is ignored.

Returns:
    RemovableHandle: ``.remove()`` unregisters it.

Example::

    >>> w = nn.Parameter(ember.tensor([3.0]))
    >>> opt = optim.SGD([w], lr=1.0)
    >>> handle = opt.register_step_post_hook(lambda o, args, kwargs: print(w.item()))
    >>> w.sum().backward()
    >>> opt.step()
    2.0
""")

add_docstr(optim.Optimizer.register_state_dict_pre_hook, r"""register_state_dict_pre_hook(hook, prepend=False) -> RemovableHandle

Registers ``hook(optimizer)`` to run before ``state_dict()`` builds its result, e.g. to sync
state first.

Args:
    hook (Callable): the hook; its return value is ignored.
    prepend (bool, optional): run it before the hooks already registered. Default: ``False``.

Returns:
    RemovableHandle: ``.remove()`` unregisters it.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1)
    >>> handle = opt.register_state_dict_pre_hook(lambda o: print('saving'))
    >>> sorted(opt.state_dict())
    saving
    ['param_groups', 'state']
""")

add_docstr(optim.Optimizer.register_state_dict_post_hook, r"""register_state_dict_post_hook(hook, prepend=False) -> RemovableHandle

Registers ``hook(optimizer, state_dict)`` to run after ``state_dict()``; returning a dict
replaces the result, e.g. to add extra entries.

Args:
    hook (Callable): the hook.
    prepend (bool, optional): run it before the hooks already registered. Default: ``False``.

Returns:
    RemovableHandle: ``.remove()`` unregisters it.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1)
    >>> def add_note(o, sd):
    ...     sd['note'] = 'epoch 3'
    ...     return sd
    >>> handle = opt.register_state_dict_post_hook(add_note)
    >>> opt.state_dict()['note']
    'epoch 3'
""")

add_docstr(optim.Optimizer.register_load_state_dict_pre_hook, r"""register_load_state_dict_pre_hook(hook, prepend=False) -> RemovableHandle

Registers ``hook(optimizer, state_dict)`` to run before ``load_state_dict``; returning a dict
replaces the state dict that is loaded (e.g. to migrate old checkpoints).

Args:
    hook (Callable): the hook.
    prepend (bool, optional): run it before the hooks already registered. Default: ``False``.

Returns:
    RemovableHandle: ``.remove()`` unregisters it.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1)
    >>> def halve_lr(o, sd):
    ...     sd['param_groups'][0]['lr'] /= 2
    ...     return sd
    >>> handle = opt.register_load_state_dict_pre_hook(halve_lr)
    >>> opt.load_state_dict(opt.state_dict())
    >>> opt.param_groups[0]['lr']
    0.05
""")

add_docstr(optim.Optimizer.register_load_state_dict_post_hook, r"""register_load_state_dict_post_hook(hook, prepend=False) -> RemovableHandle

Registers ``hook(optimizer)`` to run after ``load_state_dict`` has restored the state.

Args:
    hook (Callable): the hook; its return value is ignored.
    prepend (bool, optional): run it before the hooks already registered. Default: ``False``.

Returns:
    RemovableHandle: ``.remove()`` unregisters it.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1)
    >>> handle = opt.register_load_state_dict_post_hook(lambda o: print('lr', o.param_groups[0]['lr']))
    >>> opt.load_state_dict(opt.state_dict())
    lr 0.1
""")

# ---------------------------------------------------------------- algorithms

add_docstr(optim.Adagrad, r"""Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None)

Adagrad: every coordinate's step shrinks with its accumulated squared gradients. At step
``t`` with ``g = grad + weight_decay * p``:
``s <- s + g**2``, ``p <- p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)``.
Rarely-updated (sparse) features keep large steps.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``1e-2``.
    lr_decay (float, optional): the learning-rate decay. Default: ``0``.
    weight_decay (float, optional): L2 penalty. Default: ``0``.
    initial_accumulator_value (float, optional): the starting ``s``. Default: ``0``.
    eps (float, optional): added to the denominator. Default: ``1e-10``.
    foreach, differentiable, fused (optional): torch's implementation choices; accepted.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0, -1.0]))
    >>> opt = optim.Adagrad([w], lr=0.5)
    >>> (w * ember.tensor([4.0, 1.0])).sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([ 0.5000, -1.5000], requires_grad=True)
""")

add_docstr(optim.Adadelta, r"""Adadelta(params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, foreach=None, *, capturable=False, maximize=False, differentiable=False)

Adadelta: steps sized by the ratio of running RMS of past updates to running RMS of
gradients, so no learning rate needs tuning in principle. With ``g = grad + wd * p``:
``v <- rho * v + (1 - rho) * g**2``, ``d = sqrt(u + eps) / sqrt(v + eps) * g``,
``u <- rho * u + (1 - rho) * d**2``, ``p <- p - lr * d``.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): scales the update. Default: ``1.0``.
    rho (float, optional): the decay of the running averages. Default: ``0.9``.
    eps (float, optional): added inside the roots. Default: ``1e-6``.
    weight_decay (float, optional): L2 penalty. Default: ``0``.
    foreach, capturable, differentiable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.Adadelta([w], lr=1.0)
    >>> w.sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.9968], requires_grad=True)
""")

add_docstr(optim.Adamax, r"""Adamax(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, foreach=None, *, maximize=False, differentiable=False, capturable=False)

Adam with the infinity norm: ``m <- beta1 * m + (1 - beta1) * g``,
``u <- max(beta2 * u, |g| + eps)``, ``p <- p - lr / (1 - beta1**t) * m / u``.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``2e-3``.
    betas (tuple, optional): ``(beta1, beta2)``. Default: ``(0.9, 0.999)``.
    eps (float, optional): added to ``|g|``. Default: ``1e-8``.
    weight_decay (float, optional): L2 penalty. Default: ``0``.
    foreach, differentiable, capturable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0, 1.0]))
    >>> opt = optim.Adamax([w], lr=0.1)
    >>> (w * ember.tensor([2.0, -5.0])).sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.9000, 1.1000], requires_grad=True)
""")

add_docstr(optim.NAdam, r"""NAdam(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, momentum_decay=0.004, decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False, differentiable=False)

Adam with Nesterov momentum: the first-moment term looks one step ahead, and the momentum
coefficient ``mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))`` warms up over
training.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``2e-3``.
    betas (tuple, optional): ``(beta1, beta2)``. Default: ``(0.9, 0.999)``.
    eps (float, optional): added to the denominator. Default: ``1e-8``.
    weight_decay (float, optional): L2 penalty (or decoupled, see below). Default: ``0``.
    momentum_decay (float, optional): the momentum warm-up rate. Default: ``4e-3``.
    decoupled_weight_decay (bool, optional): AdamW-style decay (NAdamW). Default: ``False``.
    foreach, capturable, differentiable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.NAdam([w], lr=0.1)
    >>> w.sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.8944], requires_grad=True)
""")

add_docstr(optim.RAdam, r"""RAdam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False, differentiable=False)

Rectified Adam: while the variance estimate is unreliable (the first few steps, when the
length of the approximated moving average ``rho_t <= 5``) it takes plain bias-corrected
momentum steps; afterwards Adam steps scaled by a variance-rectification factor. Reduces the
need for learning-rate warm-up.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``1e-3``.
    betas (tuple, optional): ``(beta1, beta2)``. Default: ``(0.9, 0.999)``.
    eps (float, optional): added to the denominator. Default: ``1e-8``.
    weight_decay (float, optional): L2 penalty. Default: ``0``.
    decoupled_weight_decay (bool, optional): AdamW-style decay. Default: ``False``.
    foreach, capturable, differentiable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.RAdam([w], lr=0.1)
    >>> w.sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.9000], requires_grad=True)
""")

add_docstr(optim.RMSprop, r"""RMSprop(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, capturable=False, foreach=None, maximize=False, differentiable=False)

Divides each gradient by a running RMS of recent gradients:
``v <- alpha * v + (1 - alpha) * g**2``, ``p <- p - lr * g / (sqrt(v) + eps)``. ``centered``
subtracts the squared running mean of ``g`` from ``v`` (normalizing by the variance);
``momentum`` accumulates the scaled steps.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``1e-2``.
    alpha (float, optional): the smoothing constant. Default: ``0.99``.
    eps (float, optional): added to the denominator. Default: ``1e-8``.
    weight_decay (float, optional): L2 penalty. Default: ``0``.
    momentum (float, optional): the momentum factor. Default: ``0``.
    centered (bool, optional): normalize by the estimated variance. Default: ``False``.
    capturable, foreach, differentiable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.RMSprop([w], lr=0.01)
    >>> w.sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.9000], requires_grad=True)
""")

add_docstr(optim.Rprop, r"""Rprop(params, lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50), *, capturable=False, foreach=None, maximize=False, differentiable=False)

Resilient backpropagation: only the SIGN of the gradient is used. Each coordinate's step size
grows by ``etaplus`` while the gradient keeps its sign and shrinks by ``etaminus`` when it
flips (that step is then skipped), clamped to ``step_sizes``. Suited to full-batch training.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the initial step size. Default: ``1e-2``.
    etas (tuple, optional): ``(etaminus, etaplus)``. Default: ``(0.5, 1.2)``.
    step_sizes (tuple, optional): the minimal and maximal step. Default: ``(1e-6, 50)``.
    capturable, foreach, differentiable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0, -1.0]))
    >>> opt = optim.Rprop([w], lr=0.1)
    >>> for _ in range(2):
    ...     opt.zero_grad()
    ...     (w * ember.tensor([3.0, -0.5])).sum().backward()
    ...     opt.step()
    >>> w
    Parameter containing:
    tensor([ 0.7800, -0.7800], requires_grad=True)
""")

add_docstr(optim.ASGD, r"""ASGD(params, lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000.0, weight_decay=0, foreach=None, maximize=False, differentiable=False, capturable=False)

Averaged SGD: plain SGD steps with a decaying rate ``eta_t = lr / (1 + lambd * lr * t)**alpha``
and a shrink ``p <- p * (1 - lambd * eta)``, while keeping the running average ``ax`` of the
iterates from step ``t0`` on (kept in ``state[p]['ax']``).

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``1e-2``.
    lambd (float, optional): the decay term. Default: ``1e-4``.
    alpha (float, optional): the power of the rate decay. Default: ``0.75``.
    t0 (float, optional): the step at which averaging starts. Default: ``1e6``.
    weight_decay (float, optional): L2 penalty. Default: ``0``.
    foreach, differentiable, capturable (optional): torch's implementation choices.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.tensor([1.0]))
    >>> opt = optim.ASGD([w], lr=0.1, lambd=0.0)
    >>> w.sum().backward()
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([0.9000], requires_grad=True)
""")

add_docstr(optim.SparseAdam, r"""SparseAdam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, maximize=False)

Adam for sparse gradients (e.g. ``nn.Embedding(..., sparse=True)``): only the moments and
values of the rows present in the gradient are updated; dense gradients are rejected.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``1e-3``.
    betas (tuple, optional): ``(beta1, beta2)``. Default: ``(0.9, 0.999)``.
    eps (float, optional): added to the denominator. Default: ``1e-8``.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.zeros(3, 2))
    >>> opt = optim.SparseAdam([w], lr=0.1)
    >>> w.grad = ember.sparse_coo_tensor([[1]], ember.ones(1, 2), (3, 2))  # only row 1
    >>> opt.step()
    >>> w
    Parameter containing:
    tensor([[ 0.0000,  0.0000],
            [-0.1000, -0.1000],
            [ 0.0000,  0.0000]], requires_grad=True)
""")

add_docstr(optim.Adafactor, r"""Adafactor(params, lr=0.01, beta2_decay=-0.8, eps=(None, 0.001), d=1.0, weight_decay=0.0, *, foreach=None, maximize=False)

Adafactor: Adam-like steps with a FACTORED second moment. For a matrix only a row and a
column running average of ``g**2`` are kept (memory ``O(n + m)`` instead of ``O(nm)``), the
decay ``beta2_t = 1 - t**beta2_decay`` approaches 1 over time, updates are clipped to RMS
``d``, and the learning rate is relative to the parameter's scale.

Args:
    params (iterable): the parameters or parameter groups.
    lr (float, optional): the learning rate. Default: ``1e-2``.
    beta2_decay (float, optional): the exponent of the ``beta2`` schedule. Default: ``-0.8``.
    eps (tuple, optional): ``(eps1, eps2)``: added to the second moment (``None`` uses the
        dtype's eps) and the floor of the parameter scale. Default: ``(None, 1e-3)``.
    d (float, optional): the clipping threshold of the update RMS. Default: ``1.0``.
    weight_decay (float, optional): decoupled weight decay. Default: ``0``.
    foreach (optional): torch's implementation choice.
    maximize (bool, optional): ascend instead of descend. Default: ``False``.

Example::

    >>> w = nn.Parameter(ember.ones(2, 3))
    >>> opt = optim.Adafactor([w], lr=0.01)
    >>> w.sum().backward()
    >>> opt.step()
    >>> sorted(opt.state[w].keys())
    ['col_var', 'row_var', 'step']
    >>> w[0]
    tensor([0.9900, 0.9900, 0.9900], grad_fn=<SelectBackward0>)
""")

add_docstr(optim.LBFGS, r"""LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-07, tolerance_change=1e-09, history_size=100, line_search_fn=None)

Limited-memory BFGS: a quasi-Newton method that builds an approximation of the inverse
Hessian from the last ``history_size`` steps and gradient differences. One ``step(closure)``
runs up to ``max_iter`` iterations, re-evaluating the loss through ``closure``. Works on a
single parameter group; best for small, full-batch, deterministic problems.

Args:
    params (iterable): the parameters.
    lr (float, optional): the step length (without line search). Default: ``1``.
    max_iter (int, optional): iterations per ``step``. Default: ``20``.
    max_eval (int, optional): function evaluations per ``step``. Default: ``max_iter * 5 // 4``.
    tolerance_grad (float, optional): stop when the gradient's max abs falls below.
        Default: ``1e-7``.
    tolerance_change (float, optional): stop when the loss or parameters change less.
        Default: ``1e-9``.
    history_size (int, optional): the number of stored update pairs. Default: ``100``.
    line_search_fn (str, optional): ``'strong_wolfe'`` or ``None``.

Example::

    >>> x = nn.Parameter(ember.tensor([1.5, -0.5], dtype=ember.float64))
    >>> opt = optim.LBFGS([x], line_search_fn='strong_wolfe')
    >>> def closure():
    ...     opt.zero_grad()
    ...     loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
    ...     loss.backward()
    ...     return loss
    >>> for _ in range(5):
    ...     _ = opt.step(closure)
    >>> x.detach().round(decimals=4)
    tensor([1., 1.], dtype=ember.float64)
""")

# ---------------------------------------------------------------- learning-rate schedulers

add_docstr(lr_scheduler.LRScheduler, r"""LRScheduler(optimizer, last_epoch=-1)

The base class of the epoch-based schedulers. On construction it records each group's
starting learning rate as ``initial_lr`` (``base_lrs``) and sets the first rate; each
``step()`` advances ``last_epoch`` and writes ``get_lr()`` into the optimizer's groups.
Call ``scheduler.step()`` after ``optimizer.step()``. A subclass implements ``get_lr`` (the
rate from the previous one) and may add a closed form of the epoch.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    last_epoch (int, optional): the index of the last epoch when resuming; ``-1`` starts
        fresh, any other value needs ``initial_lr`` in every group. Default: ``-1``.

Example::

    >>> class Halving(optim.lr_scheduler.LRScheduler):
    ...     def get_lr(self):
    ...         if self.last_epoch == 0:
    ...             return [group['lr'] for group in self.optimizer.param_groups]
    ...         return [group['lr'] / 2 for group in self.optimizer.param_groups]
    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = Halving(opt)
    >>> for _ in range(3):
    ...     opt.step()
    ...     sched.step()
    >>> sched.get_last_lr(), sched.base_lrs
    ([0.125], [1.0])
""")

add_docstr(lr_scheduler.LambdaLR, r"""LambdaLR(optimizer, lr_lambda, last_epoch=-1)

Sets each group's rate to ``initial_lr * lr_lambda(epoch)``: any schedule written as a
function of the epoch count (e.g. linear warm-up).

Args:
    optimizer (Optimizer): the wrapped optimizer.
    lr_lambda (Callable or list): ``epoch -> factor``, or one function per group.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1)
    >>> sched = optim.lr_scheduler.LambdaLR(opt, lambda epoch: min(1.0, (epoch + 1) / 4))
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.025, 0.05, 0.075, 0.1, 0.1]
""")

add_docstr(lr_scheduler.MultiplicativeLR, r"""MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1)

Multiplies each group's current rate by ``lr_lambda(epoch)`` at every step (epoch 0 keeps
the initial rate), so the factors compound.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    lr_lambda (Callable or list): ``epoch -> factor``, or one function per group.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.MultiplicativeLR(opt, lambda epoch: 0.5)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.25, 0.125]
""")

add_docstr(lr_scheduler.MultiStepLR, r"""MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1)

Multiplies the rate by ``gamma`` each time the epoch count reaches one of the
``milestones``: ``initial_lr * gamma ** (number of milestones <= epoch)``.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    milestones (list): increasing epoch indices.
    gamma (float, optional): the factor at each milestone. Default: ``0.1``.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 4], gamma=0.5)
    >>> lrs = []
    >>> for _ in range(6):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
""")

add_docstr(lr_scheduler.ConstantLR, r"""ConstantLR(optimizer, factor=0.3333333333333333, total_iters=5, last_epoch=-1)

Multiplies the rate by a constant ``factor`` for the first ``total_iters`` epochs, then
restores it: a simple warm-up.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    factor (float, optional): the multiplier, in ``[0, 1]``. Default: ``1/3``.
    total_iters (int, optional): how many epochs it lasts. Default: ``5``.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.5, 0.5, 1.0, 1.0]
""")

add_docstr(lr_scheduler.LinearLR, r"""LinearLR(optimizer, start_factor=0.3333333333333333, end_factor=1.0, total_iters=5, last_epoch=-1)

Moves the rate's multiplier linearly from ``start_factor`` to ``end_factor`` over
``total_iters`` epochs and keeps it there: linear warm-up (or decay).

Args:
    optimizer (Optimizer): the wrapped optimizer.
    start_factor (float, optional): the first multiplier, in ``(0, 1]``. Default: ``1/3``.
    end_factor (float, optional): the final multiplier, in ``[0, 1]``. Default: ``1.0``.
    total_iters (int, optional): epochs to reach ``end_factor``. Default: ``5``.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=3)
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.25, 0.5, 0.75, 1.0, 1.0]
""")

add_docstr(lr_scheduler.ExponentialLR, r"""ExponentialLR(optimizer, gamma, last_epoch=-1)

Multiplies the rate by ``gamma`` every epoch: ``initial_lr * gamma ** epoch``.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    gamma (float): the per-epoch factor.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.25, 0.125]
""")

add_docstr(lr_scheduler.PolynomialLR, r"""PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1)

Decays the rate to 0 over ``total_iters`` epochs along
``initial_lr * (1 - epoch / total_iters) ** power`` and keeps it at 0 afterwards.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    total_iters (int, optional): epochs until the rate reaches 0. Default: ``5``.
    power (float, optional): the polynomial's power. Default: ``1.0``.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
    >>> lrs = []
    >>> for _ in range(6):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
""")

add_docstr(lr_scheduler.CosineAnnealingLR, r"""CosineAnnealingLR(optimizer, T_max, eta_min=0.0, last_epoch=-1)

Anneals the rate along half a cosine from ``initial_lr`` down to ``eta_min`` over ``T_max``
epochs: ``eta_min + (initial_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2``. Past
``T_max`` it rises again (the cosine continues); it does not restart.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    T_max (int): the half-period in epochs.
    eta_min (float, optional): the minimum rate. Default: ``0``.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.8536, 0.5, 0.1464, 0.0]
""")

add_docstr(lr_scheduler.CosineAnnealingWarmRestarts, r"""CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1)

Cosine annealing with warm restarts (SGDR): the rate follows a half cosine from
``initial_lr`` to ``eta_min`` over ``T_i`` epochs, then jumps back up; the first period is
``T_0`` and each next one is ``T_mult`` times longer. ``step`` accepts fractional epochs, to
update within an epoch.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    T_0 (int): the length of the first period.
    T_mult (int, optional): the growth factor of the periods, at least 1. Default: ``1``.
    eta_min (float, optional): the minimum rate. Default: ``0``.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
    >>> lrs = []
    >>> for _ in range(7):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 1.0, 0.8536, 0.5, 0.1464, 1.0]
""")

add_docstr(lr_scheduler.CyclicLR, r"""CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True, base_momentum=0.8, max_momentum=0.9, last_epoch=-1)

Cycles the rate between ``base_lr`` and ``max_lr``, rising for ``step_size_up`` steps and
falling for ``step_size_down``; it is stepped after every BATCH. ``'triangular2'`` halves the
amplitude each cycle and ``'exp_range'`` scales it by ``gamma ** iteration``. With
``cycle_momentum`` the momentum cycles inversely between ``max_momentum`` and
``base_momentum`` (the optimizer needs a momentum setting).

Args:
    optimizer (Optimizer): the wrapped optimizer.
    base_lr (float or list): the lower rate bound (per group).
    max_lr (float or list): the upper rate bound.
    step_size_up (int, optional): steps of the rising half. Default: ``2000``.
    step_size_down (int, optional): steps of the falling half. Default: ``step_size_up``.
    mode (str, optional): ``'triangular'``, ``'triangular2'`` or ``'exp_range'``.
    gamma (float, optional): the ``'exp_range'`` factor. Default: ``1.0``.
    scale_fn (Callable, optional): a custom amplitude scaling, overriding ``mode``.
    scale_mode (str, optional): ``scale_fn`` is given the ``'cycle'`` or ``'iterations'``.
    cycle_momentum (bool, optional): cycle the momentum too. Default: ``True``.
    base_momentum (float or list, optional): the lower momentum bound. Default: ``0.8``.
    max_momentum (float or list, optional): the upper momentum bound. Default: ``0.9``.
    last_epoch (int, optional): the last batch index when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1, momentum=0.9)
    >>> sched = optim.lr_scheduler.CyclicLR(opt, base_lr=0.1, max_lr=0.5, step_size_up=2)
    >>> lrs = []
    >>> for _ in range(6):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.1, 0.3, 0.5, 0.3, 0.1, 0.3]
""")

add_docstr(lr_scheduler.OneCycleLR, r"""OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, three_phase=False, last_epoch=-1)

The 1cycle policy, stepped after every batch: the rate rises from ``max_lr / div_factor`` to
``max_lr`` over the first ``pct_start`` of ``total_steps``, then anneals to
``max_lr / div_factor / final_div_factor``; momentum (if cycled) moves the opposite way.
Stepping past ``total_steps`` raises a ValueError.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    max_lr (float or list): the peak rate (per group).
    total_steps (int, optional): the cycle length; or give ``epochs`` and ``steps_per_epoch``.
    epochs (int, optional): with ``steps_per_epoch``, ``total_steps = epochs * steps_per_epoch``.
    steps_per_epoch (int, optional): see ``epochs``.
    pct_start (float, optional): the rising fraction of the cycle. Default: ``0.3``.
    anneal_strategy (str, optional): ``'cos'`` or ``'linear'``. Default: ``'cos'``.
    cycle_momentum (bool, optional): cycle momentum (or Adam's ``beta1``). Default: ``True``.
    base_momentum (float or list, optional): the momentum at the peak rate. Default: ``0.85``.
    max_momentum (float or list, optional): the momentum at the ends. Default: ``0.95``.
    div_factor (float, optional): ``initial_lr = max_lr / div_factor``. Default: ``25``.
    final_div_factor (float, optional): ``min_lr = initial_lr / final_div_factor``.
        Default: ``1e4``.
    three_phase (bool, optional): rise, symmetric fall to ``initial_lr``, then anneal to
        ``min_lr``. Default: ``False``.
    last_epoch (int, optional): the last batch index when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=0.1, momentum=0.9)
    >>> sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=5, pct_start=0.4,
    ...                                       anneal_strategy='linear')
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.04, 1.0, 0.6667, 0.3333, 0.0]
""")

add_docstr(lr_scheduler.ReduceLROnPlateau, r"""ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=0.0001, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08)

Lowers the rate when a monitored metric stops improving: ``step(metric)`` counts epochs
without improvement (in ``mode='min'``, a value below ``best * (1 - threshold)`` with the
default relative threshold) and, after more than ``patience`` of them, multiplies the rate by
``factor`` (not below ``min_lr``), then waits ``cooldown`` epochs.

Args:
    optimizer (Optimizer): the wrapped optimizer.
    mode (str, optional): ``'min'`` (lower is better) or ``'max'``. Default: ``'min'``.
    factor (float, optional): the reduction factor, below 1. Default: ``0.1``.
    patience (int, optional): bad epochs tolerated. Default: ``10``.
    threshold (float, optional): the minimal significant improvement. Default: ``1e-4``.
    threshold_mode (str, optional): ``'rel'`` or ``'abs'``. Default: ``'rel'``.
    cooldown (int, optional): epochs to wait after a reduction. Default: ``0``.
    min_lr (float or list, optional): the lower bound (per group). Default: ``0``.
    eps (float, optional): reductions smaller than this are skipped. Default: ``1e-8``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> sched = optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1)
    >>> lrs = []
    >>> for val_loss in [1.0, 0.9, 0.9, 0.9, 0.9, 0.9]:
    ...     sched.step(val_loss)
    ...     lrs.append(opt.param_groups[0]['lr'])
    >>> lrs
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.25]
""")

add_docstr(lr_scheduler.SequentialLR, r"""SequentialLR(optimizer, schedulers, milestones, last_epoch=-1)

Runs schedulers one after another: the first until epoch ``milestones[0]``, the second until
``milestones[1]``, and so on; each later scheduler starts from its own epoch 0 at its
milestone. Typically a warm-up followed by a decay.

Args:
    optimizer (Optimizer): the wrapped optimizer (the one the schedulers wrap).
    schedulers (list): the schedulers, in order.
    milestones (list): ``len(schedulers) - 1`` increasing switch epochs.
    last_epoch (int, optional): the last epoch when resuming. Default: ``-1``.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> warmup = optim.lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=2)
    >>> decay = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    >>> sched = optim.lr_scheduler.SequentialLR(opt, [warmup, decay], milestones=[2])
    >>> lrs = []
    >>> for _ in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.5, 0.75, 1.0, 0.5, 0.25]
""")

add_docstr(lr_scheduler.ChainedScheduler, r"""ChainedScheduler(schedulers, optimizer=None)

Steps several schedulers together at every ``step()``, so their effects combine (e.g. a
constant warm-up factor on top of an exponential decay).

Args:
    schedulers (sequence): the schedulers to step, all on the same optimizer.
    optimizer (Optimizer, optional): that optimizer; taken from the first scheduler if
        omitted.

Example::

    >>> opt = optim.SGD([nn.Parameter(ember.zeros(1))], lr=1.0)
    >>> s1 = optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)
    >>> s2 = optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
    >>> sched = optim.lr_scheduler.ChainedScheduler([s1, s2])
    >>> lrs = []
    >>> for _ in range(4):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.5, 0.45, 0.81, 0.729]
""")
