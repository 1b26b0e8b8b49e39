"""``python -m ember.utils.collect_env``: the facts about this machine and ember's installation
that a bug report needs, in the layout of torch's report (one ``Name: value`` line each, then
the CPU and the versions of the relevant packages).

ember is pure Python over NumPy and SciPy (and CuPy on a GPU), so where torch reports how it
was built (CUDA, cuDNN, ROCm), this reports the libraries ember runs on instead."""
from __future__ import annotations

import locale
import os
import platform
import re
import subprocess
import sys
from collections import namedtuple

SystemEnv = namedtuple("SystemEnv", [
    "ember_version", "numpy_version", "scipy_version", "cupy_version", "is_debug_build",
    "os", "gcc_version", "clang_version", "cmake_version", "libc_version", "python_version",
    "python_platform", "is_cuda_available", "cuda_runtime_version", "nvidia_gpu_models",
    "nvidia_driver_version", "cpu_info", "pip_version", "pip_packages"])

# Packages whose versions matter to ember's behaviour (the pip lines of the report).
_PACKAGES = re.compile(r"^(ember|torch|numpy|scipy|cupy|ml[-_]dtypes|mpi4py|onnx|onnxruntime|"
                       r"hypothesis|graphviz|tqdm|matplotlib|einops)\b", re.IGNORECASE)


def run(command):
    """(return code, stdout, stderr) of a shell command, decoded in the locale's encoding."""
    try:
        done = subprocess.run(command, shell=True, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, "", str(error)
    encoding = locale.getpreferredencoding() or "utf-8"
    return (done.returncode, done.stdout.decode(encoding, "replace").strip(),
            done.stderr.decode(encoding, "replace").strip())


def run_and_parse_first_match(command, pattern):
    """The first group of ``pattern`` in the command's output, or None."""
    code, out, _ = run(command)
    match = re.search(pattern, out) if code == 0 else None
    return match.group(1) if match else None


def _module_version(name):
    try:
        module = __import__(name)
    except Exception:  # noqa: BLE001 - a broken optional install is reported, not raised
        return None
    return getattr(module, "__version__", None)


def get_os():
    """The operating system's name and version (``/etc/os-release`` on Linux)."""
    machine = platform.machine()
    if sys.platform.startswith("linux"):
        name = run_and_parse_first_match("cat /etc/os-release", r'PRETTY_NAME="(.*)"')
        return f"{name or platform.platform()} ({machine})"
    if sys.platform == "darwin":
        return f"macOS {platform.mac_ver()[0]} ({machine})"
    return f"{platform.system()} {platform.release()} ({machine})"


def get_pip_packages():
    """(pip's version, the ``name==version`` lines of the relevant installed packages)."""
    code, out, _ = run(f'"{sys.executable}" -m pip list --format=freeze')
    pip = run_and_parse_first_match(f'"{sys.executable}" -m pip --version', r"pip (\S+)")
    if code != 0:
        return pip, None
    return pip, "\n".join(line for line in out.splitlines() if _PACKAGES.match(line))


def get_cpu_info():
    """``lscpu``'s report on Linux, the processor's name elsewhere."""
    if sys.platform.startswith("linux"):
        code, out, _ = run("lscpu")
        return out if code == 0 else None
    return platform.processor() or None


def _cuda():
    """(available, runtime version) as CuPy sees them; (False, None) without CuPy."""
    try:
        import cupy
        count = cupy.cuda.runtime.getDeviceCount()
        version = cupy.cuda.runtime.runtimeGetVersion()
    except Exception:  # noqa: BLE001 - no CuPy, no driver or no device: not available
        return False, None
    return count > 0, f"{version // 1000}.{version % 1000 // 10}"


def get_env_info():
    """The report's facts as a ``SystemEnv``."""
    import ember
    available, runtime = _cuda()
    pip, packages = get_pip_packages()
    return SystemEnv(
        ember_version=ember.__version__, numpy_version=_module_version("numpy"),
        scipy_version=_module_version("scipy"), cupy_version=_module_version("cupy"),
        is_debug_build=False, os=get_os(),
        gcc_version=run_and_parse_first_match("gcc --version", r"gcc (.*)"),
        clang_version=run_and_parse_first_match("clang --version", r"clang version (.*)"),
        cmake_version=run_and_parse_first_match("cmake --version", r"cmake (.*)"),
        libc_version="-".join(platform.libc_ver()) if sys.platform.startswith("linux")
        else "N/A",
        python_version=f"{sys.version.replace(os.linesep, ' ')} "
                       f"({sys.maxsize.bit_length() + 1}-bit runtime)",
        python_platform=platform.platform(), is_cuda_available=available,
        cuda_runtime_version=runtime,
        nvidia_gpu_models=run_and_parse_first_match("nvidia-smi -L", r"(GPU 0: .*)"),
        nvidia_driver_version=run_and_parse_first_match("nvidia-smi",
                                                        r"Driver Version: (\S+)"),
        cpu_info=get_cpu_info(), pip_version=pip, pip_packages=packages)


env_info_fmt = """ember version: {ember_version}
Is debug build: {is_debug_build}
NumPy version: {numpy_version}
SciPy version: {scipy_version}
CuPy version: {cupy_version}

OS: {os}
GCC version: {gcc_version}
Clang version: {clang_version}
CMake version: {cmake_version}
Libc version: {libc_version}

Python version: {python_version}
Python platform: {python_platform}
Is CUDA available: {is_cuda_available}
CUDA runtime version: {cuda_runtime_version}
GPU models and configuration: {nvidia_gpu_models}
Nvidia driver version: {nvidia_driver_version}

CPU:
{cpu_info}

Versions of relevant libraries:
{pip_packages}
""".strip()


def pretty_str(envinfo):
    """The report's text: ``Could not collect`` for what is unknown, booleans as torch's."""
    values = envinfo._asdict()
    for key, value in values.items():
        if value is None:
            values[key] = "Could not collect"
    if envinfo.pip_packages:
        values["pip_packages"] = "\n".join(f"[pip3] {line}"
                                           for line in envinfo.pip_packages.splitlines())
    return env_info_fmt.format(**values)


def get_pretty_env_info():
    """The environment report as text: ember's and its libraries' versions, the OS, compilers,
    Python, CUDA through CuPy, the CPU and the relevant installed packages, in the layout of
    torch's ``collect_env`` (``ember`` where torch names itself).

    Returns:
        str: one ``Name: value`` line per fact (``Could not collect`` where unknown), then the
        CPU report and ``[pip3] name==version`` lines.

    Example:
        >>> info = ember.utils.collect_env.get_pretty_env_info()
        >>> "Python version:" in info and "Is CUDA available:" in info
        True
    """
    return pretty_str(get_env_info())


def main():
    """Print ``Collecting environment information...`` and then the report."""
    print("Collecting environment information...")
    print(get_pretty_env_info())


if __name__ == "__main__":
    main()
