"""ember.nn.parallel: DataParallel (one process, several CUDA devices) and
DistributedDataParallel (one process per rank, over MPI), with the scatter / replicate /
parallel_apply / gather steps DataParallel is made of."""
from __future__ import annotations

# As in torch, the functions data_parallel, parallel_apply and replicate shadow the submodules
# of the same names as attributes; ``import ...parallel.replicate`` still finds the module.
from . import scatter_gather
from .data_parallel import DataParallel, data_parallel
from .distributed import DistributedDataParallel
from .parallel_apply import parallel_apply
from .replicate import replicate
from .scatter_gather import gather, scatter

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel", "gather",
           "parallel_apply", "replicate", "scatter"]
