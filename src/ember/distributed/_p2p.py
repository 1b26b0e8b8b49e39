"""Batched point-to-point operations (``P2POp``, ``batch_isend_irecv``), the deprecated
``reduce_op`` namespace and ``default_pg_timeout``."""
from __future__ import annotations

import datetime
import warnings

from .._deprecated import _user_stacklevel
from . import distributed_c10d as c10d

default_pg_timeout = datetime.timedelta(minutes=30)


class P2POp:
    """One send or receive for ``batch_isend_irecv``.

    Args:
        op: ``ember.distributed.isend`` or ``ember.distributed.irecv``.
        tensor (Tensor): what to send, or where to receive.
        peer (int, optional): the other rank (global).
        group (ProcessGroup, optional): the group (default: the world).
        tag (int): the tag matching a send with its receive.
        group_peer (int, optional): the other rank, numbered within ``group``.
    """

    def __init__(self, op, tensor, peer=None, group=None, tag=0, group_peer=None):
        if op not in (c10d.isend, c10d.irecv):
            raise ValueError("Invalid ``op``. Expected ``op`` to be of type "
                             "``ember.distributed.isend`` or ``ember.distributed.irecv``.")
        c10d._check_tensor(tensor, "tensor")
        self.op, self.tensor, self.group, self.tag = op, tensor, group, tag
        self.peer, self.group_peer = peer, group_peer

    def __repr__(self):
        return (f"P2POp({self.op.__name__} peer={self.peer}, {self.tensor.shape}, "
                f"{self.tensor.dtype})")


def batch_isend_irecv(p2p_op_list):
    """Start every send and receive of ``p2p_op_list`` at once (so their order cannot
    deadlock); returns one Work per operation, to ``wait()`` on.

    Args:
        p2p_op_list (list of P2POp): the operations, all on one group.

    Returns:
        list of Work: in the order of ``p2p_op_list``.
    """
    if not isinstance(p2p_op_list, list) or not all(isinstance(op, P2POp)
                                                    for op in p2p_op_list):
        raise ValueError("Invalid ``p2p_op_list``. Each op is expected to to be of type "
                         "``ember.distributed.P2POp``.")
    if not all(op.group is p2p_op_list[0].group for op in p2p_op_list):
        raise ValueError("All ops need to use the same group.")
    works = []
    for op in p2p_op_list:
        peer = {"dst" if op.op is c10d.isend else "src": op.peer,
                "group_dst" if op.op is c10d.isend else "group_src": op.group_peer}
        works.append(op.op(op.tensor, group=op.group, tag=op.tag, **peer))
    return works


class _ReduceOpNamespace:
    """``ember.distributed.reduce_op``: the deprecated spelling of ``ReduceOp``."""

    def __getattribute__(self, name):
        if name.startswith("__"):  # introspection (help, inspect) reads these silently
            return object.__getattribute__(self, name)
        warnings.warn("`ember.distributed.reduce_op` is deprecated, please use "
                      "`ember.distributed.ReduceOp` instead",
                      FutureWarning, stacklevel=_user_stacklevel())
        return getattr(c10d.ReduceOp, name)


reduce_op = _ReduceOpNamespace()
