"""``ember.utils.cpp_extension``: where torch builds C++/CUDA extensions against its ATen
library. ember is pure Python over NumPy, SciPy and CuPy and has no ATen to compile or link
against, so the module exists (programs import it at the top, often for an optional fast
path) and every way of building an extension raises ``NotImplementedError`` saying so, at
the call, never at import.

Write the op in Python with ember ops (or with NumPy/CuPy inside an
``ember.autograd.Function``) instead."""
from __future__ import annotations

_WHY = ("ember.utils.cpp_extension.{}: ember is pure Python over NumPy/SciPy/CuPy and has no "
        "ATen C++ library to compile extensions against; write the op with ember operations "
        "or as an ember.autograd.Function whose forward and backward use NumPy or CuPy")


def _refuse(name):
    raise NotImplementedError(_WHY.format(name))


def load(name, sources, extra_cflags=None, extra_cuda_cflags=None, extra_sycl_cflags=None,
         extra_ldflags=None, extra_include_paths=None, build_directory=None, verbose=False,
         with_cuda=None, with_sycl=None, is_python_module=True, is_standalone=False,
         keep_intermediates=True):
    """Compile and import C++/CUDA sources as a module (torch's JIT extension build). ember
    has no C++ library to build against, so this raises.

    Args:
        name (str): the extension's module name.
        sources (list of str): the C++/CUDA source files.
        extra_cflags, extra_cuda_cflags, extra_sycl_cflags, extra_ldflags,
            extra_include_paths, build_directory, verbose, with_cuda, with_sycl,
            is_python_module, is_standalone, keep_intermediates: torch's build options.

    Raises:
        NotImplementedError: always, naming why.
    """
    _refuse("load")


def load_inline(name, cpp_sources, cuda_sources=None, sycl_sources=None, functions=None,
                extra_cflags=None, extra_cuda_cflags=None, extra_sycl_cflags=None,
                extra_ldflags=None, extra_include_paths=None, build_directory=None,
                verbose=False, with_cuda=None, with_sycl=None, is_python_module=True,
                with_pytorch_error_handling=True, keep_intermediates=True,
                use_pch=False, no_implicit_headers=False):
    """Compile C++/CUDA source strings as a module (torch's inline extension build). ember
    has no C++ library to build against, so this raises.

    Args:
        name (str): the extension's module name.
        cpp_sources (str or list of str): the C++ sources.
        cuda_sources, sycl_sources, functions, extra_cflags, extra_cuda_cflags,
            extra_sycl_cflags, extra_ldflags, extra_include_paths, build_directory, verbose,
            with_cuda, with_sycl, is_python_module, with_pytorch_error_handling,
            keep_intermediates, use_pch, no_implicit_headers: torch's build options.

    Raises:
        NotImplementedError: always, naming why.
    """
    _refuse("load_inline")


def CppExtension(name, sources, *args, **kwargs):
    """A setuptools extension for C++ sources built against torch; raises in ember.

    Args:
        name (str): the extension's module name.
        sources (list of str): its sources.
        *args, **kwargs: setuptools.Extension's arguments.

    Raises:
        NotImplementedError: always, naming why.
    """
    _refuse("CppExtension")


def CUDAExtension(name, sources, *args, **kwargs):
    """A setuptools extension for CUDA sources built against torch; raises in ember.

    Args:
        name (str): the extension's module name.
        sources (list of str): its sources.
        *args, **kwargs: setuptools.Extension's arguments.

    Raises:
        NotImplementedError: always, naming why.
    """
    _refuse("CUDAExtension")


class BuildExtension:
    """torch's setuptools build command for its extensions; constructing it raises in ember.

    Args:
        *args, **kwargs: setuptools' build_ext arguments.
    """

    def __init__(self, *args, **kwargs):
        _refuse("BuildExtension")

    @classmethod
    def with_options(cls, **options):
        """The command class with ``options`` preset; it raises when setuptools builds it.

        Args:
            **options: ``no_python_abi_suffix``, ``use_ninja``.
        """
        return cls


def include_paths(device_type="cpu"):
    """The header directories torch's extensions compile with: none in ember.

    Args:
        device_type (str, optional): ``"cpu"``, ``"cuda"``... Default: ``"cpu"``.

    Returns:
        list: empty (ember ships no C++ headers).
    """
    return []


def verify_ninja_availability():
    """Raise ``RuntimeError`` unless the ninja build tool is on the PATH, as torch does."""
    import shutil
    if shutil.which("ninja") is None:
        raise RuntimeError("Ninja is required to load C++ extensions (pip install ninja to get "
                           "it)")


def is_ninja_available():
    """Whether the ninja build tool is on the PATH."""
    import shutil
    return shutil.which("ninja") is not None
