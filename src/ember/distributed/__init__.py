"""ember.distributed: PyTorch's process-group API on MPI (through mpi4py).

Start N processes with ``mpiexec -n N python train.py`` (or ``python -m ember.distributed.run
-n N train.py``), call ``init_process_group("mpi")`` in each, then use the collectives; every
process is one rank. Processes started otherwise (``torch.multiprocessing.spawn``, torchrun's
environment variables) join with ``init_process_group("gloo", ...)`` through the ``env://``,
``tcp://`` or ``file://`` rendezvous, as in torch; MPI then connects them. Importing this
package does not start MPI: ``init_process_group`` does.
"""
from __future__ import annotations

from .distributed_c10d import (
                               Backend,
                               GroupMember,
                               ProcessGroup,
                               ReduceOp,
                               Work,
                               __all__,
                               all_gather,
                               all_gather_into_tensor,
                               all_gather_object,
                               all_gather_single,
                               all_reduce,
                               barrier,
                               broadcast,
                               broadcast_object_list,
                               destroy_process_group,
                               gather,
                               get_backend,
                               get_rank,
                               get_world_size,
                               group,
                               init_process_group,
                               irecv,
                               is_available,
                               is_gloo_available,
                               is_initialized,
                               is_mpi_available,
                               is_nccl_available,
                               isend,
                               new_group,
                               recv,
                               reduce,
                               reduce_scatter,
                               reduce_scatter_single,
                               reduce_scatter_tensor,
                               scatter,
                               send,
)
from ._p2p import P2POp, batch_isend_irecv, default_pg_timeout, reduce_op  # noqa: E402
from ._store import (DistBackendError, DistError, DistNetworkError,  # noqa: E402
                     DistStoreError, FileStore, HashStore, PrefixStore, QueueEmptyError, Store,
                     TCPStore)
from ._more import *  # noqa: E402,F403
from ._more import __all__ as _more_names  # noqa: E402
from .device_mesh import DeviceMesh, init_device_mesh  # noqa: E402
from .rendezvous import register_rendezvous_handler, rendezvous  # noqa: E402

__all__ = [*__all__, *_more_names, "DeviceMesh", "init_device_mesh",
           "register_rendezvous_handler", "rendezvous"]
