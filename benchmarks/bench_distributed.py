"""Distributed benchmarks: DDP step scaling from 1 to 2 ranks, all-reduce bandwidth vs mpi4py,
and the cost of checking that the ranks agree on each collective.

    python benchmarks/run.py ddp_scaling allreduce collective_checks

Each workload starts ``mpiexec -n N python bench_distributed.py --worker ...`` and reads the
figures rank 0 prints. On a 2-core machine 2 ranks have one core each, so the 1-rank baseline
is reported both with 1 BLAS thread (same cores per rank) and with 2 (the whole machine).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.abspath(__file__)


def _launch(ranks, threads, *args):
    """Run this file as a worker on ``ranks`` MPI processes; rank 0's figures as a dict."""
    from ember.distributed.run import find_mpiexec
    mpiexec = find_mpiexec()
    if mpiexec is None:
        raise RuntimeError("no mpiexec found: pip install mpich mpi4py")
    env = dict(os.environ, HYDRA_LAUNCHER="fork", OMP_NUM_THREADS=str(threads),
               OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    command = [mpiexec, "-n", str(ranks), sys.executable, HERE, "--worker", *map(str, args)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600,
                            env=env)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"worker failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


# --- workers (run under mpiexec) ----------------------------------------------------------------

def _mlp_step_worker(global_batch, steps, sync):
    """Seconds per training step of a 784-1024-1024-10 MLP, global batch split over ranks."""
    from mpi4py import MPI

    import ember
    import ember.distributed as dist
    from ember import nn
    from ember.nn.parallel import DistributedDataParallel
    dist.init_process_group("mpi")
    size = dist.get_world_size()
    ember.manual_seed(0)
    model = DistributedDataParallel(nn.Sequential(
        nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10)))
    optimizer = ember.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = ember.randn(global_batch // size, 784)
    y = ember.randint(0, 10, (global_batch // size,))
    comm = dist.distributed_c10d._default_group().comm
    times = []
    for step in range(steps + 3):
        dist.barrier()
        start = time.perf_counter()
        optimizer.zero_grad()
        if sync:
            nn.functional.cross_entropy(model(x), y).backward()
        else:
            with model.no_sync():
                nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        # A step lasts as long as its slowest rank.
        elapsed = comm.allreduce(time.perf_counter() - start, op=MPI.MAX)
        if step >= 3:
            times.append(elapsed)
    return {"step_s": min(times), "step_median_s": statistics.median(times)}


def _allreduce_worker(megabytes, repeat):
    """Seconds per all-reduce of a float32 tensor: ember.distributed vs raw mpi4py Allreduce.

    Both reduce the same memory (the tensor wraps the NumPy array), so the only difference is
    ember's own code around the MPI call.
    """
    import numpy as np
    from mpi4py import MPI

    import ember
    import ember.distributed as dist
    dist.init_process_group("mpi")
    comm = MPI.COMM_WORLD
    count = max(int(megabytes * 1e6) // 4, 1)
    array = np.zeros(count, np.float32)  # zeros stay zeros however often they are summed
    tensor = ember.from_numpy(array)
    ember_times, raw_times = [], []
    calls = [(raw_times, lambda: comm.Allreduce(MPI.IN_PLACE, array, MPI.SUM)),
             (ember_times, lambda: dist.all_reduce(tensor))]
    for index in range(repeat):
        # Alternate the two, and which goes first, so that both see the same machine state.
        for times, call in calls[::1 if index % 2 else -1]:
            comm.Barrier()
            start = time.perf_counter()
            call()
            times.append(comm.allreduce(time.perf_counter() - start, op=MPI.MAX))
    return {"ember_s": min(ember_times), "mpi4py_s": min(raw_times),
            "ember_median_s": statistics.median(ember_times),
            "mpi4py_median_s": statistics.median(raw_times)}


def _call_overhead_worker(calls):
    """Microseconds ember adds around one MPI all-reduce (one rank, 16 floats, best of 5)."""
    import numpy as np
    from mpi4py import MPI

    import ember
    import ember.distributed as dist
    dist.init_process_group("mpi")
    comm = dist.distributed_c10d._default_group().comm
    array = np.zeros(16, np.float32)
    tensor = ember.from_numpy(array)

    def best(call):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(calls):
                call()
            runs.append((time.perf_counter() - start) / calls)
        return min(runs)
    raw = best(lambda: comm.Allreduce(MPI.IN_PLACE, array, MPI.SUM))
    ours = best(lambda: dist.all_reduce(tensor))
    return {"overhead_us": (ours - raw) * 1e6, "mpi4py_us": raw * 1e6}


def _check_cost_worker(detail, count, calls):
    """Microseconds per all-reduce of ``count`` floats on every rank: ember (which checks the
    ranks agree: once per fingerprint, or every call under DETAIL) vs raw mpi4py."""
    if detail == "detail":
        os.environ["TORCH_DISTRIBUTED_DEBUG"] = "DETAIL"
    import numpy as np
    from mpi4py import MPI

    import ember
    import ember.distributed as dist
    dist.init_process_group("mpi")
    comm = dist.distributed_c10d._default_group().comm
    array = np.zeros(count, np.float32)
    tensor = ember.from_numpy(array)

    def best(call):
        runs = []
        for _ in range(5):
            comm.Barrier()
            start = time.perf_counter()
            for _ in range(calls):
                call()
            runs.append(comm.allreduce((time.perf_counter() - start) / calls, op=MPI.MAX))
        return min(runs)
    raw = best(lambda: comm.Allreduce(MPI.IN_PLACE, array, MPI.SUM))
    ours = best(lambda: dist.all_reduce(tensor))
    return {"ember_us": ours * 1e6, "mpi4py_us": raw * 1e6}


def _worker(argv):
    name, *args = argv
    if name == "checks":
        figures = _check_cost_worker(args[0], int(args[1]), int(args[2]))
    elif name == "mlp":
        figures = _mlp_step_worker(int(args[0]), int(args[1]), args[2] == "sync")
    elif name == "overhead":
        figures = _call_overhead_worker(int(args[0]))
    else:
        figures = _allreduce_worker(float(args[0]), int(args[1]))
    from mpi4py import MPI
    if MPI.COMM_WORLD.Get_rank() == 0:
        print("RESULT " + json.dumps(figures), flush=True)


# --- workloads (called by benchmarks/run.py) ----------------------------------------------------

def ddp_scaling(libs):
    """MLP training step (global batch 256): 1 rank vs 2 ranks of DDP, strong scaling.

    ``1rank_half_batch`` is one rank doing what each of 2 ranks does (batch 128, no
    communication): the 2-rank step can be no faster. The load average is printed because other
    processes on the machine take cores away from the ranks.
    """
    batch, steps = 256, 15
    load_before = os.getloadavg()[0]
    one_rank_one_thread = _launch(1, 1, "mlp", batch, steps, "sync")["step_s"]
    one_rank_two_threads = _launch(1, 2, "mlp", batch, steps, "sync")["step_s"]
    half_batch = _launch(1, 1, "mlp", batch // 2, steps, "sync")["step_s"]
    two_ranks = _launch(2, 1, "mlp", batch, steps, "sync")["step_s"]
    two_ranks_no_sync = _launch(2, 1, "mlp", batch, steps, "nosync")["step_s"]
    result = {
        "1rank_1thread_ms": one_rank_one_thread * 1e3,
        "1rank_2threads_ms": one_rank_two_threads * 1e3,
        "1rank_half_batch_ms": half_batch * 1e3,
        "2ranks_ms": two_ranks * 1e3,
        "2ranks_no_allreduce_ms": two_ranks_no_sync * 1e3,
        "speedup_vs_1thread": one_rank_one_thread / two_ranks,
        "efficiency_vs_1thread": one_rank_one_thread / two_ranks / 2,
        "speedup_vs_2threads": one_rank_two_threads / two_ranks,
        "allreduce_exposed_ms": (two_ranks - two_ranks_no_sync) * 1e3,
        "load_average": (load_before + os.getloadavg()[0]) / 2,
    }
    return result, "ms per step / ratio", "report 1->2 rank efficiency honestly (2-core machine)"


def allreduce_bandwidth(libs):
    """All-reduce of 1-100 MB float32 tensors on 2 ranks: ember vs mpi4py on NumPy arrays."""
    overhead = _launch(1, 1, "overhead", 20000)
    result = {"call_overhead_us": overhead["overhead_us"]}
    for megabytes, repeat in ((1, 200), (10, 40), (100, 10)):
        figures = _launch(2, 1, "allreduce", megabytes, repeat)
        result[f"{megabytes}MB_ember_GBps"] = megabytes / 1e3 / figures["ember_s"]
        result[f"{megabytes}MB_mpi4py_GBps"] = megabytes / 1e3 / figures["mpi4py_s"]
        result[f"{megabytes}MB_overhead_%"] = (figures["ember_s"] / figures["mpi4py_s"] - 1) * 100
        result[f"{megabytes}MB_median_overhead_%"] = (
            figures["ember_median_s"] / figures["mpi4py_median_s"] - 1) * 100
        # ember's fixed cost per call, as a share of this size's all-reduce time.
        result[f"{megabytes}MB_call_overhead_%"] = (
            overhead["overhead_us"] * 1e-6 / figures["mpi4py_s"] * 100)
    return result, "GB/s (algorithm bandwidth) / %", "ember overhead ≤ 10% of raw mpi4py"


def collective_checks(libs):
    """Cost of the cross-rank agreement check on all-reduce (2 ranks): by default the ranks
    exchange a fingerprint once per (collective, op, root, dtype, shape) and then only look it
    up; under TORCH_DISTRIBUTED_DEBUG=DETAIL they exchange it before every call."""
    result = {}
    for count, label in ((16, "16floats"), (262144, "1MB")):
        for mode in ("default", "detail"):
            figures = _launch(2, 1, "checks", mode, count, 2000 if count == 16 else 200)
            result[f"{label}_{mode}_ember_us"] = figures["ember_us"]
            result[f"{label}_{mode}_mpi4py_us"] = figures["mpi4py_us"]
            result[f"{label}_{mode}_overhead_us"] = figures["ember_us"] - figures["mpi4py_us"]
    return result, "µs per all-reduce", "default check ≈ free after the first call; DETAIL one " \
        "small all-gather per call"


WORKLOADS = {"ddp_scaling": ddp_scaling, "allreduce": allreduce_bandwidth,
             "collective_checks": collective_checks}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=argparse.REMAINDER, required=True)
    _worker(parser.parse_args().worker)
