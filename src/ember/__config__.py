"""ember.__config__: what ember runs on, in the layout of ``torch.__config__``.

torch reports its C++ build (compiler, MKL, OpenMP...); ember is Python on NumPy and SciPy,
so ``show()`` lists those libraries, the BLAS NumPy was built against and the optional extras
found, and ``parallel_info()`` the thread counts: ember's own setting, each BLAS/OpenMP pool
(through threadpoolctl when it is installed) and the environment variables that size them.
"""
from __future__ import annotations

import importlib.util
import os
import platform

__all__ = ["parallel_info", "show"]

_EXTRAS = ("cupy", "ml_dtypes", "threadpoolctl", "mpi4py", "graphviz", "tqdm", "matplotlib")


def _version(module_name):
    if importlib.util.find_spec(module_name) is None:
        return None
    from importlib import metadata
    try:
        return metadata.version(module_name)
    except metadata.PackageNotFoundError:
        return getattr(importlib.import_module(module_name), "__version__", "unknown")


def _numpy_blas():
    """(name, version) of the BLAS NumPy was built with, from NumPy's own build record."""
    import numpy as np
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except (TypeError, KeyError):  # NumPy before 1.26 prints, without the dict mode
        return "unknown", "unknown"
    return blas.get("name", "unknown"), blas.get("version", "unknown")


def _pools():
    """threadpoolctl's view of the loaded thread pools (empty without threadpoolctl)."""
    if importlib.util.find_spec("threadpoolctl") is None:
        return []
    import numpy  # noqa: F401 - load NumPy's BLAS so threadpoolctl sees it
    from threadpoolctl import threadpool_info
    return threadpool_info()


def show():
    """A readable description of what ember runs on: Python, NumPy and its BLAS, SciPy, and
    the optional extras installed.

    Returns:
        str: one line per item, under ``ember built with:``.

    Example:
        >>> "built with:" in ember.__config__.show().splitlines()[0]
        True
    """
    from .version import __version__
    blas, blas_version = _numpy_blas()
    lines = [f"Python {platform.python_version()} ({platform.python_implementation()})",
             f"NumPy {_version('numpy')}", f"BLAS: {blas} {blas_version} (NumPy's build)",
             f"SciPy {_version('scipy') or 'not installed'}",
             f"CPU: {platform.machine()}, {os.cpu_count()} logical cores"]
    extras = [f"{name} {_version(name)}" for name in _EXTRAS if _version(name)]
    lines.append("Optional extras: " + (", ".join(extras) if extras else "none"))
    lines.append(f"Build settings: EMBER_VERSION={__version__}, USE_CUDA="
                 f"{int(importlib.util.find_spec('cupy') is not None)}")
    return "ember built with:\n" + "".join(f"  - {line}\n" for line in lines)


def parallel_info():
    """A readable description of ember's threads: its own setting, each native thread pool
    (BLAS, OpenMP) with its size, and the environment variables that set them.

    Returns:
        str: torch's layout (sections with tab-indented values).

    Example:
        >>> "get_num_threads() :" in ember.__config__.parallel_info()
        True
    """
    from . import get_num_interop_threads, get_num_threads
    lines = ["ember/Parallel:", f"\tember.get_num_threads() : {get_num_threads()}",
             f"\tember.get_num_interop_threads() : {get_num_interop_threads()}"]
    pools = _pools()
    for pool in pools:
        lines.append(f"{pool.get('internal_api', pool.get('user_api'))} "
                     f"{pool.get('version') or ''}".rstrip())
        lines.append(f"\t{pool.get('user_api')} max threads : {pool.get('num_threads')}")
    if not pools:
        lines.append("BLAS and OpenMP pools: unknown (install threadpoolctl to list them)")
    lines.append(f"os.cpu_count() : {os.cpu_count()}")
    lines.append("Environment variables:")
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        lines.append(f"\t{name} : {os.environ.get(name, '[not set]')}")
    lines.append("ember parallel backend: NumPy's BLAS and OpenMP threads")
    return "\n".join(lines) + "\n"
