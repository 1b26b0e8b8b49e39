"""DistributedDataParallel: one model replica per rank, gradients averaged over ranks in backward.

How one step goes, on every rank:
  1. At construction, rank 0's parameters and buffers are broadcast, so all replicas start equal.
     Parameters are grouped into buckets (about ``bucket_cap_mb`` each, the last parameters first,
     since backward produces their gradients first).
  2. ``forward`` runs the wrapped module on this rank's share of the batch.
  3. During ``backward``, a post-accumulate-grad hook on each parameter copies its gradient into
     its bucket. When a bucket is full, a non-blocking MPI all-reduce (``Iallreduce``) of the
     bucket starts while backward goes on computing the gradients of earlier layers. Buckets
     start in the same order on every rank, as MPI requires of collectives.
  4. When the engine has finished, a callback it runs waits for the all-reduces, divides by the
     world size and writes the averaged gradients back into ``param.grad``: when ``backward()``
     returns, every rank holds the same gradients, those of the whole batch.
"""
from __future__ import annotations

import contextlib
import functools
import weakref

import numpy as np

from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.graph import queue_callback
from ..modules.module import Module

__all__ = ["DistributedDataParallel"]

_FIRST_BUCKET_BYTES = 1024 * 1024  # a small first bucket starts communication early


def _dist():
    from ... import distributed
    return distributed


class _Bucket:
    """Gradients of some parameters of one dtype, laid end to end in one flat array."""

    __slots__ = ("flat", "indices", "pending", "request", "views")

    def __init__(self, params, indices):
        dtype = params[0]._data.dtype
        sizes = [p._data.size for p in params]
        self.flat = np.zeros(sum(sizes), dtype)
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        self.views = [self.flat[start:stop].reshape(p._data.shape)
                      for p, start, stop in zip(params, offsets[:-1], offsets[1:])]
        self.indices = list(indices)
        self.pending = len(self.indices)
        self.request = None


def _assign_buckets(params, cap_bytes):
    """Parameter indices per bucket: reverse order, one dtype per bucket, about cap_bytes each."""
    buckets, open_buckets, limit = [], {}, _FIRST_BUCKET_BYTES
    for index in reversed(range(len(params))):
        dtype = params[index]._data.dtype
        indices, size = open_buckets.get(dtype, ([], 0))
        indices.append(index)
        size += params[index]._data.nbytes
        if size >= min(limit, cap_bytes):
            buckets.append(indices)
            open_buckets.pop(dtype, None)
            limit = cap_bytes
        else:
            open_buckets[dtype] = (indices, size)
    buckets.extend(indices for indices, _ in open_buckets.values())
    return buckets


def _output_tensors(value):
    """Every tensor inside a forward's output (nested tuples, lists and dicts)."""
    stack, found = [value], []
    while stack:
        item = stack.pop()
        if isinstance(item, Tensor):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _reachable_leaves(outputs):
    """ids of the leaf tensors the outputs' backward graph reaches."""
    leaves, seen, stack = set(), set(), []
    for tensor in outputs:
        if tensor.grad_fn is not None:
            stack.append(tensor.grad_fn)
        elif tensor.requires_grad:
            leaves.add(id(tensor))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        variable = getattr(node, "variable", None)
        if variable is not None:
            leaves.add(id(variable))
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return leaves


class DistributedDataParallel(Module):
    """Data parallelism over MPI ranks: gradients are averaged over all ranks during backward.

    Wrap the model after ``ember.distributed.init_process_group("mpi")``; give each rank its own
    part of the data (``DistributedSampler``). After ``loss.backward()`` every rank has the
    gradients averaged over ranks, so the same optimizer step keeps the replicas identical.

    Args:
        module: the model to replicate (available as ``.module``).
        broadcast_buffers: broadcast rank 0's buffers before every forward (default True).
        process_group: the group to average over (default: the whole world).
        bucket_cap_mb: size of the gradient buckets all-reduced together (default 25).
        find_unused_parameters: walk the forward's graph to find parameters that will get no
            gradient this step, so that their buckets can still be reduced.
        gradient_as_bucket_view: ``param.grad`` becomes a view into its bucket, saving a copy.
        init_sync: broadcast rank 0's parameters and buffers at construction (default True).
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0, broadcast_buffers=True,
                 init_sync=True, process_group=None, bucket_cap_mb=None,
                 find_unused_parameters=False, check_reduction=False,
                 gradient_as_bucket_view=False, static_graph=False):
        super().__init__()
        dist = _dist()
        self.process_group = dist.GroupMember.WORLD if process_group is None else process_group
        if self.process_group is None:
            dist.get_world_size()  # raises the "not initialized" error
        params = [p for p in module.parameters() if p.requires_grad]
        if not params:
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't have "
                               "any parameter that requires a gradient.")
        self.module = module
        self.device_ids = device_ids
        self.output_device = output_device
        self.dim = dim
        self.broadcast_buffers = True if broadcast_buffers is None else broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.static_graph = static_graph
        self.require_backward_grad_sync = True
        self.require_forward_param_sync = True
        self.bucket_bytes_cap = int((25 if bucket_cap_mb is None else bucket_cap_mb) * 1024 * 1024)
        self._comm = self.process_group.comm
        self._world_size = self._comm.Get_size()
        self._params = params
        self._check_same_model()
        if init_sync:
            self._broadcast_coalesced(list(module.parameters()) + list(module.buffers()))
        self._buckets = [_Bucket([params[i] for i in indices], indices)
                         for indices in _assign_buckets(params, self.bucket_bytes_cap)]
        self._slot = {}
        for bucket in self._buckets:
            for position, index in enumerate(bucket.indices):
                self._slot[index] = (bucket, position)
        self._ready = np.zeros(len(params), bool)
        self._used = np.zeros(len(params), np.int32)
        self._expect_sync = False
        self._unfinished = None
        self._next_bucket = 0
        self._launched = []
        self._polled = 0
        self._callback_queued = False
        self._iteration = 0
        owner = weakref.ref(self)
        self._hook_handles = [p.register_post_accumulate_grad_hook(_ready_hook(owner, index))
                              for index, p in enumerate(params)]

    # -- construction ----------------------------------------------------------------------------
    def _check_same_model(self):
        """All ranks must wrap the same architecture: compare parameter shapes and dtypes."""
        layout = [(tuple(p.shape), str(p.dtype)) for p in self.module.parameters()]
        layouts = self._comm.allgather(layout)
        for rank, other in enumerate(layouts):
            if other != layouts[0]:
                raise RuntimeError(f"DDP expects same model across all ranks, but Rank 0 has "
                                   f"{len(layouts[0])} params, while rank {rank} has "
                                   f"{len(other)} params with different shapes or dtypes "
                                   f"({layouts[0]} vs {other}).")

    def _broadcast_coalesced(self, tensors):
        """Copy rank 0's values into ``tensors`` on every rank: one Bcast per dtype."""
        if self._world_size == 1 or not tensors:
            return
        by_dtype = {}
        for tensor in tensors:
            by_dtype.setdefault(tensor._data.dtype, []).append(tensor)
        for group in by_dtype.values():
            flat = np.concatenate([np.asarray(t._data).ravel() for t in group])
            self._comm.Bcast(flat, 0)
            start = 0
            for tensor in group:
                stop = start + tensor._data.size
                tensor._data[...] = flat[start:stop].reshape(tensor._data.shape)
                start = stop

    # -- forward ---------------------------------------------------------------------------------
    def forward(self, *inputs, **kwargs):
        if self._unfinished is not None:
            message, self._unfinished = self._unfinished, None
            raise RuntimeError(message)
        if self.broadcast_buffers and self.require_forward_param_sync:
            self._broadcast_coalesced(list(self.module.buffers()))
        sync = grad_mode.is_grad_enabled() and self.require_backward_grad_sync
        if sync:
            self._prepare_for_backward()
        output = self.module(*inputs, **kwargs)
        if sync and self.find_unused_parameters:
            reached = _reachable_leaves(_output_tensors(output))
            for index, param in enumerate(self._params):
                if id(param) not in reached:
                    self._mark_ready(index, used=False)
        return output

    def _prepare_for_backward(self):
        self._ready[:] = False
        self._used[:] = 0
        for bucket in self._buckets:
            bucket.pending = len(bucket.indices)
            bucket.request = None
        self._next_bucket = 0
        self._launched = []
        self._polled = 0
        self._callback_queued = False
        self._expect_sync = True
        self._iteration += 1

    # -- backward --------------------------------------------------------------------------------
    def _on_grad_ready(self, index):
        if not self._expect_sync:
            return
        if self._ready[index]:
            raise RuntimeError(f"Expected to mark a variable ready only once. This error is "
                               f"caused by one of the following reasons: 1) Use of a module "
                               f"parameter outside the `forward` function; 2) Reused parameters "
                               f"in multiple reentrant backward passes. Parameter at index "
                               f"{index} has been marked as ready twice.")
        if not self._callback_queued:
            self._callback_queued = True
            # The iteration number lets a callback left over from a backward that raised
            # recognise that it is stale.
            queue_callback(functools.partial(self._finalize, self._iteration))
        self._mark_ready(index, used=True)
        # MPI progresses non-blocking collectives only inside MPI calls: poll the unfinished
        # ones, oldest first, so communication advances while backward computes.
        while (self._polled < len(self._launched)
               and self._launched[self._polled].request.Test()):
            self._polled += 1

    def _mark_ready(self, index, used):
        bucket, position = self._slot[index]
        view = bucket.views[position]
        param = self._params[index]
        grad = param.grad if used else None
        if grad is None:
            view.fill(0)
        elif grad._data is not view:
            np.copyto(view, grad._data)
            if self.gradient_as_bucket_view and not grad.requires_grad:
                param.grad = Tensor._make(view)
        self._ready[index] = True
        self._used[index] = int(used)
        bucket.pending -= 1
        if bucket.pending == 0:
            self._launch_ready_buckets()

    def _launch_ready_buckets(self):
        """Start the all-reduce of every full bucket, strictly in bucket order."""
        from mpi4py import MPI
        buckets = self._buckets
        while self._next_bucket < len(buckets) and buckets[self._next_bucket].pending == 0:
            bucket = buckets[self._next_bucket]
            bucket.request = self._comm.Iallreduce(MPI.IN_PLACE, bucket.flat, MPI.SUM)
            self._launched.append(bucket)
            self._next_bucket += 1

    def _finalize(self, iteration):
        """Wait for the all-reduces and write the averaged gradients into ``param.grad``."""
        if not self._expect_sync or iteration != self._iteration:
            return
        self._expect_sync = False
        from mpi4py import MPI
        MPI.Request.Waitall([bucket.request for bucket in self._launched])
        if self._next_bucket < len(self._buckets):
            self._unfinished = self._unfinished_message()
            return
        globally_used = None
        if self.find_unused_parameters:
            globally_used = self._used.copy()
            self._comm.Allreduce(MPI.IN_PLACE, globally_used, MPI.MAX)
        for bucket in self._buckets:
            np.divide(bucket.flat, self._world_size, out=bucket.flat)
            for index, view in zip(bucket.indices, bucket.views):
                if globally_used is not None and not globally_used[index]:
                    continue
                param = self._params[index]
                grad = param.grad
                if grad is None:
                    param.grad = Tensor._make(view if self.gradient_as_bucket_view
                                              else view.copy())
                elif grad._data is not view:
                    grad._data[...] = view
                    grad._vc[0] += 1

    def _unfinished_message(self):
        missing = " ".join(str(i) for i in np.flatnonzero(~self._ready))
        return ("Expected to have finished reduction in the prior iteration before starting a "
                "new one. This error indicates that your module has parameters that were not "
                "used in producing loss. You can enable unused parameter detection by passing "
                "the keyword argument `find_unused_parameters=True` to "
                "`ember.nn.parallel.DistributedDataParallel`, and by \nmaking sure all "
                "`forward` function outputs participate in calculating loss. \nIf you already "
                "have done the above, then the distributed data parallel module wasn't able to "
                "locate the output tensors in the return value of your module's `forward` "
                "function. Please include the loss function and the structure of the return "
                "value of `forward` of your module when reporting this issue (e.g. list, dict, "
                f"iterable).\nParameter indices which did not receive grad for rank "
                f"{self._comm.Get_rank()}: {missing}")

    @contextlib.contextmanager
    def no_sync(self):
        """Inside, forward/backward only accumulate local gradients (no all-reduce).

        The first forward/backward after the context averages the accumulated gradients.
        """
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous


def _ready_hook(owner, index):
    """The post-accumulate-grad hook of parameter ``index``; holds its DDP weakly."""
    def hook(param):
        ddp = owner()
        if ddp is not None:
            ddp._on_grad_ready(index)
    return hook
