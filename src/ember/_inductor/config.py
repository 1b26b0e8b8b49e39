"""``torch._inductor.config`` under ember: torch's code-generation switches, kept so that the
programs that set them run.

Training scripts tune torch's code generator before compiling (gpt-fast sets
``coordinate_descent_tuning`` and ``triton.unique_kernel_names``, diffusers' guides set
``conv_1x1_as_mm`` and ``epilogue_fusion``). ember's compiler captures and replays NumPy calls and
generates no kernels, so none of these change what it does; they hold torch's defaults, read and
write as torch's do, and, as torch's, refuse names they do not have. This is the subset of
torch's settings that scripts are seen to set, not all of them.
"""
from __future__ import annotations

import os

from .._config_module import install


def _compile_threads():
    """torch's default: the number of CPUs this process may run on, at most 32."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:
        count = os.cpu_count() or 1
    return min(32, count)


install(__name__, {
    "debug": False,
    "verbose_progress": False,
    "fx_graph_cache": True,
    "fx_graph_remote_cache": None,
    "autotune_local_cache": True,
    "freezing": False,
    "freezing_discard_parameters": False,
    "max_autotune": False,
    "max_autotune_pointwise": False,
    "max_autotune_gemm": False,
    "max_autotune_gemm_backends": "ATEN,TRITON,CPP",
    "max_autotune_conv_backends": "ATEN,TRITON",
    "coordinate_descent_tuning": False,
    "coordinate_descent_check_all_directions": False,
    "coordinate_descent_search_radius": 1,
    "epilogue_fusion": True,
    "epilogue_fusion_first": False,
    "pattern_matcher": True,
    "aggressive_fusion": False,
    "conv_1x1_as_mm": False,
    "split_reductions": True,
    "benchmark_kernel": False,
    "benchmark_fusion": False,
    "force_fuse_int_mm_with_mul": False,
    "use_mixed_mm": True,
    "shape_padding": True,
    "comprehensive_padding": True,
    "permute_fusion": False,
    "layout_optimization": True,
    "keep_output_stride": True,
    "fallback_random": False,
    "implicit_fallbacks": True,
    "size_asserts": True,
    "nan_asserts": False,
    "unroll_reductions_threshold": 8,
    "compile_threads": _compile_threads(),
    "cpp_wrapper": False,
    "search_autotune_cache": False,
    "profiler_mark_wrapper_call": False,
    "generate_intermediate_hooks": False,
    "realize_opcount_threshold": None,
    "emulate_precision_casts": False,
    "online_softmax": True,
    "reorder_for_compute_comm_overlap": False,
    "allow_buffer_reuse": True,
    "inplace_buffers": True,
    "joint_graph_constant_folding": True,
    "group_fusion": False,
    "batch_fusion": True,
    "enable_auto_functionalized_v2": True,
    "triton.cudagraphs": False,
    "triton.cudagraph_trees": True,
    "triton.unique_kernel_names": True,
    "triton.descriptive_names": "original_aten",
    "triton.autotune_pointwise": True,
    "triton.autotune_cublasLt": True,
    "triton.max_tiles": None,
    "triton.use_block_ptr": False,
    "triton.multi_kernel": 0,
    "triton.divisible_by_16": True,
    "triton.persistent_reductions": True,
    "triton.cudagraph_skip_dynamic_graphs": False,
    "triton.enable_persistent_tma_matmul": False,
    "cpp.threads": -1,
    "cpp.simdlen": None,
    "cpp.enable_kernel_profile": False,
    "cpp.weight_prepack": True,
    "cpp.min_chunk_size": 512,
    "cpp.dynamic_threads": False,
    "cpp.fallback_scatter_reduce_sum": True,
    "cpp.vec_isa_ok": None,
    "trace.enabled": False,
    "trace.debug_dir": None,
    "trace.graph_diagram": False,
    "trace.fx_graph": True,
    "trace.output_code": True,
    "trace.compile_profile": False,
    "aot_inductor.output_path": "",
    "aot_inductor.package": False,
    "cuda.arch": None,
    "cuda.version": None,
    "fallback_by_default": False,
    "selective_decompose": False,
    "reorder_for_peak_memory": True,
    "triton.reorder_for_reducing_graph_partitions": True,
    "use_pre_grad_passes": True,
    "use_joint_graph_passes": True,
    "use_post_grad_passes": True,
    "use_dce": True,
})
