"""How much of torch's public API ember has, and how long ``import ember`` takes.

Counts, for torch, torch.Tensor and the submodules in ``NAMESPACES`` (torch.nn, torch.optim,
torch.distributed, torch.cuda...), the public names of torch 2.13 (``dir()``, leaving out
submodules, ``_``-prefixed names, names torch only re-exports from the standard library or
typing (an object whose ``__module__`` is not torch's: ``Any``, ``Callable``, ``dataclass``,
loggers), and backend-internal ones, each with its reason: cuDNN/MIOpen/MKL-DNN/FBGEMM kernels,
quantized tensors, sparse compressed layouts, TorchScript's IR classes, the CUDA runtime's
handles, c10d's C++ option structs, dynamo's tracer state; also docstring constants) and how
many of them the matching ember namespace has (a namespace ember lacks counts as all missing).
The submodules in ``BY_ALL`` (nn.utils.rnn onwards) are counted by their ``__all__``, torch's
own list, since their ``dir()`` is mostly what they import for themselves.
Then times ``import ember`` in fresh interpreters (the fastest of several runs, the one least
disturbed by other load) and checks that SciPy is not imported by it.

    PYTHONPATH=src python benchmarks/api_coverage.py [--missing] [--runs N]

Needs torch installed (the reference); tests/test_api_coverage.py runs it and holds the
known gaps.
"""
from __future__ import annotations

import argparse
import inspect
import re
import subprocess
import sys
import time

# Backend kernels and layouts that user programs do not call by name.
INTERNAL = re.compile(
    r"cudnn|miopen|mkldnn|fbgemm|mps_|^q_|quantiz|^int_repr$|dequantize|qscheme|per_channel|"
    r"sparse_csr|sparse_csc|sparse_bsr|sparse_bsc|sparse_compressed|crow_indices|ccol_indices|"
    r"^row_indices$|^col_indices$|^values_copy$|^indices_copy$|_nnz|sparse_mask|"
    r"^is_vulkan|^is_xla|^is_ipu|^is_mtia|^is_maia|^is_xpu|^is_hpu|^is_mkldnn|^is_quantized|"
    r"^is_meta$|^nested_|^to_padded_tensor$|^batch_norm_(backward|elemt|gather|stats|update)|"
    r"^native_|_backward$|^segment_reduce$|^fused_|^choose_qparams")
# TorchScript's IR, type system, tracer and benchmarking classes (torch._C), not tensor API.
TORCHSCRIPT = re.compile(
    r"Type$|^Script|^Lite|^AliasDb$|^Argument(Spec)?$|^Block$|^CallStack$|^Code$|"
    r"CompilationUnit|ConcreteModuleType|CompleteArgumentSpec|DeepCopyMemoTable|ErrorReport|"
    r"ExecutionPlan|FileCheck|FunctionSchema|^Graph$|GraphExecutorState|^Gradient$|"
    r"IODescriptor|^Node$|^Value$|^Use$|Logger|OperatorInfo|StaticModule|ThroughputBenchmark|"
    r"^Benchmark|TracingState|^parse_|^import_ir_module|_type_comment$|^unify_type_list$|"
    r"^fork$|^wait$|Serializ|DeserializationStorageContext|^PyTorchFile|^AggregationType$|"
    r"^AVG$|^SUM$|^PRIVATE_OPS$|^JITException$|^Capsule$|^DispatchKey|DispatchKeyGuard$|"
    r"^Tag$")

# Single names left out of the count, each with the reason it is not tensor API.
EXCLUDED = {
    "slice_inverse": "functionalization's internal inverse of a slice view (torch._C op)",
    "index": "Tensor.index is functorch.dim's binding of first-class dims, not an op",
    "resize_as_sparse_": "sparse-layout internal resize",
    "sparse_resize_": "sparse-layout internal resize",
    "sparse_resize_and_clear_": "sparse-layout internal resize",
    "col_indices_copy": "compressed sparse layouts (left out with crow_indices and friends)",
    "row_indices_copy": "compressed sparse layouts (left out with crow_indices and friends)",
    "per_tensor_affine": "quantization scheme (quantized tensors are out of scope)",
    "per_tensor_symmetric": "quantization scheme (quantized tensors are out of scope)",
    "jagged": "nested-tensor layout (nested tensors are left out with nested_*)",
    "profiler_allow_cudagraph_cupti_lazy_reinit_cuda12": "CUPTI profiler internal switch",
    "compiled_with_cxx11_abi": "a fact about torch's C++ build, for building its extensions",
    "prepare_multiprocessing_environment": "torch's internal setup of shared-file paths",
    "get_file_path": "path helper of torch's own installation",
    "classproperty": "torch's internal descriptor helper",
    "DisableTorchFunction": "__torch_function__ dispatch internals",
    "DisableTorchFunctionSubclass": "__torch_function__ dispatch internals",
    "FatalError": "torch._C's internal error for aborted C++ code",
    "PRIVATE_OPS": "torch's internal list of private ops",
    "sym_constrain_range": "symbolic-shape tracer constraint (no meaning in eager mode)",
    "sym_constrain_range_for_size": "symbolic-shape tracer constraint (no meaning in eager)",
    "sym_fresh_size": "symbolic-shape tracer's fresh symbol (no meaning in eager mode)",
    "ModuleDict": "TorchScript's view of a ScriptModule's submodules (torch._C), not nn's",
    "ParameterDict": "TorchScript's view of a ScriptModule's parameters (torch._C), not nn's",
    "BufferDict": "TorchScript's view of a ScriptModule's buffers (torch._C), not nn's",
}
EXCLUDED.update({name: "storages of quantized dtypes (quantized tensors are out of scope)"
                 for name in ("QInt32Storage", "QInt8Storage", "QUInt2x4Storage",
                              "QUInt4x2Storage", "QUInt8Storage")})

# Submodules counted besides torch and torch.Tensor, as (torch's path, ember's path).
NAMESPACES = ["special", "fft", "linalg", "nn", "nn.functional", "nn.init", "nn.utils",
              "nn.attention", "optim", "optim.lr_scheduler", "distributions", "utils",
              "utils.data", "utils.hooks", "utils._pytree", "autograd", "autograd.graph",
              "autograd.profiler", "func", "amp", "sparse", "distributed", "export", "profiler",
              "testing", "compiler", "_dynamo", "cuda", "random", "overrides", "hub",
              "signal.windows", "xpu", "mps", "futures", "fx", "distributed.fsdp",
              "distributed.checkpoint", "nn.utils.rnn", "nn.utils.parametrize",
              "nn.utils.parametrizations", "nn.utils.prune", "nn.utils.stateless",
              "optim.swa_utils", "autograd.functional", "autograd.forward_ad",
              "distributions.constraints", "distributions.transforms",
              "utils.checkpoint", "masked", "nested", "backends.cpu", "backends.cuda",
              "backends.cudnn", "backends.mha", "backends.mkl", "backends.mkldnn", "backends.mps",
              "backends.openmp", "backends.opt_einsum"]

# Namespaces counted by their __all__ rather than dir().
BY_ALL = {f"torch.{path}" for path in NAMESPACES[NAMESPACES.index("nn.utils.rnn"):]}

# Names of one submodule left out, with the reason (the same names elsewhere are counted).
INTERNAL_IN = {
    "nn.functional": (r"torch_function|^BroadcastingList|^boolean_dispatch$",
                      "__torch_function__ dispatch and TorchScript annotation helpers"),
    "utils.data": ((r"DataPipe|^DataChunk$|^functional_datapipe$|datapipes_determinism|"
                   r"^non_deterministic$|^runtime_validation|^argument_validation$"),
                   "DataPipes: torchdata's deprecated graph API, kept in torch for loading"),
    "utils": (r"privateuse1|^get_cpp_backtrace$|^ThroughputBenchmark$",
              "C++ backend registration and TorchScript benchmarking"),
    "autograd": (r"torch_function|^is_tensor_like$",
                 "__torch_function__ dispatch helpers, re-exported from torch.overrides"),
    "distributed": ((r"Options$|^Reducer$|^Logger$|^GradBucket$|^BuiltinCommHookType$|"
                    r"^ProcessGroupGloo$|^BackendConfig$|^get_backend_config$"),
                    "c10d's C++ option structs, DDP reducer and backend objects"),
    "cuda": ((r"^cudart$|^cudaStatus$|^check_error$|_handle$|caching_allocator|allocator|"
             r"^CUDAPluggableAllocator$|^GreenContext$|^DeferredCudaCallError$"),
             "CUDA runtime handles and allocator hooks for C++ extensions"),
    "_dynamo": ((r"^GenerationTracker$|^TensorifyState$|^callback_handler$|^code_context$|"
                r"^orig_code_map$|^graph_break_reasons$|^guard_failures$|^reset_code|"
                r"^replay$|^allow_c_slot$|user_context|^reset_frame_count$|^step_unsupported$"),
                "dynamo's bytecode tracer state and debugging hooks"),
    "compiler": (r"^load_compiled_function$|cache_artifacts$|^CacheInfo$",
                 "inductor's compiled-artifact cache (ember's compile keeps no artifacts)"),
    "export": (r"^PassResult$|^ExportBackwardSignature$|^FlatArgsAdapter$",
               "FX graph pass plumbing of the exporter"),
    "profiler": (r"^is_fbcode$", "Meta-internal build switch"),
}
INTERNAL_IN.update({path: (r"^ContextProp$|^PropModule$|Module$",
                           "the module-with-properties machinery torch puts in front of it")
                    for path in ("backends.cudnn", "backends.mkldnn", "backends.opt_einsum")})
EXCLUDED.update({name: "autocast switches of the IPU/XLA backends, which ember does not have"
                 for name in ("get_autocast_ipu_dtype", "get_autocast_xla_dtype",
                              "is_autocast_ipu_enabled", "is_autocast_xla_enabled",
                              "set_autocast_ipu_dtype", "set_autocast_ipu_enabled",
                              "set_autocast_xla_dtype", "set_autocast_xla_enabled")})


def _public(namespace, label="torch"):
    """The public names of a torch namespace, less the internal ones and the re-exports."""
    import torch
    internal = INTERNAL_IN.get(label.removeprefix("torch."))
    names = set()
    # These submodules' dir() has the helpers and classes they import for themselves
    # (Module, tree_map, SymInt...); their __all__ is torch's own list of their public names.
    listed = getattr(namespace, "__all__", None) if label in BY_ALL else None
    for name in dir(namespace) if listed is None else listed:
        if name.startswith("_") or name in EXCLUDED or (
                listed is None and INTERNAL.search(name)):
            continue
        if internal and re.search(internal[0], name):
            continue
        try:
            value = inspect.getattr_static(namespace, name) if inspect.isclass(namespace) \
                else getattr(namespace, name)
        except AttributeError:
            continue
        if inspect.ismodule(value) or isinstance(value, (str, bool, dict, set)):
            continue
        module = getattr(value, "__module__", None)
        if isinstance(module, str) and module.split(".")[0] != "torch":
            continue  # typing/stdlib re-exports (Any, Callable, dataclass, loggers, math.inf)
        if label != "torch" and isinstance(value, float):  # math.inf in submodules
            continue
        if TORCHSCRIPT.search(name) and getattr(torch._C, name, None) is value:
            continue
        names.add(name)
    return names


def coverage():
    """{namespace: (torch's names, the ones ember lacks)}."""
    import importlib
    import warnings

    import torch

    import ember
    pairs = {"torch": (torch, ember), "torch.Tensor": (torch.Tensor, ember.Tensor)}
    for path in NAMESPACES:
        try:
            ours = importlib.import_module(f"ember.{path}")
        except ImportError:
            ours = None
        theirs = importlib.import_module(f"torch.{path}")
        # torch.backends.cudnn and friends are a module object standing in front of the
        # real module (kept as .m), whose dir() shows only that .m.
        theirs = theirs.m if isinstance(theirs, torch.backends.PropModule) else theirs
        pairs[f"torch.{path}"] = (theirs, ours)
    result = {}
    for label, (theirs, ours) in pairs.items():
        with warnings.catch_warnings():  # reading deprecated names (reduce_op) warns
            warnings.simplefilter("ignore")
            wanted = _public(theirs, label)
        if theirs is not torch:
            wanted.discard("Tensor")  # the class, imported into the submodules
        result[label] = (wanted, sorted(name for name in wanted if not hasattr(ours, name)))
    return result


def import_time(runs):
    """(fastest seconds of ``import ember`` in a fresh interpreter, whether SciPy came along)."""
    code = ("import sys, time; t = time.perf_counter(); import ember; "
            "print(time.perf_counter() - t, 'scipy' in sys.modules)")
    best, scipy_loaded = float("inf"), False
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
        best = min(best, float(out[0]))
        scipy_loaded |= out[1] == "True"
    return best, scipy_loaded


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--missing", action="store_true", help="list the missing names")
    parser.add_argument("--runs", type=int, default=7, help="import timings to take")
    args = parser.parse_args()
    start = time.perf_counter()
    total_wanted = total_missing = 0
    for label, (wanted, missing) in coverage().items():
        have = len(wanted) - len(missing)
        total_wanted += len(wanted)
        total_missing += len(missing)
        share = 100 * have / len(wanted) if wanted else 100.0
        print(f"{label:26s} {have:5d} / {len(wanted):5d}  ({share:5.1f}%)")
        if args.missing and missing:
            print("    missing: " + ", ".join(missing))
    have = total_wanted - total_missing
    print(f"{'all':26s} {have:5d} / {total_wanted:5d}  ({100 * have / total_wanted:5.1f}%)")
    seconds, scipy_loaded = import_time(args.runs)
    print(f"import ember: {seconds * 1000:.0f} ms (fastest of {args.runs}); SciPy imported by "
          f"it: {'yes' if scipy_loaded else 'no'}")
    print(f"(measured in {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
