"""ember._logging: torch's switchboard for its own log output (``torch._logging.set_logs``).

torch names its loggers after its modules and groups them under short names (``dynamo``,
``inductor``, ``distributed``...), plus "artifacts" (``graph_breaks``, ``recompiles``...) that
are extra outputs switched on by a bool. ``set_logs`` takes the same keywords, checks them as
torch does, and sets the level of the matching ``logging`` loggers of ember's modules
(``ember._dynamo``...); ember's compiler writes none of torch's artifacts, so switching one on
is recorded and changes no output. Each call starts from the defaults again, as torch's does.
"""
from __future__ import annotations

import importlib.util
import inspect
import logging

__all__ = ["getArtifactLogger", "set_logs", "warning_once"]

# torch's log names -> the ember modules that play their part.
LOGS = {"all": ("ember",), "dynamo": ("ember._dynamo", "ember._compile"),
        "aot": ("ember._compile",), "autograd": ("ember.autograd",),
        "dynamic": ("ember._compile",), "inductor": ("ember._inductor",),
        "distributed": ("ember.distributed", "ember.nn.parallel.distributed"),
        "c10d": ("ember.distributed",), "ddp": ("ember.nn.parallel.distributed",),
        "fsdp": ("ember.distributed.fsdp",), "dtensor": ("ember.distributed.tensor",),
        "onnx": ("ember.onnx",), "export": ("ember.export", "ember._dynamo")}
# torch's artifact names, in its signature's order (between the logs it interleaves).
ARTIFACTS = ("bytecode", "aot_graphs", "aot_joint_graph", "ddp_graphs", "graph", "graph_code",
             "graph_code_verbose", "graph_breaks", "side_effects", "graph_sizes", "guards",
             "recompiles", "recompiles_verbose", "trace_source", "trace_call", "trace_bytecode",
             "output_code", "kernel_code", "schedule", "perf_hints", "pre_grad_graphs",
             "post_grad_graphs", "ir_pre_fusion", "ir_post_fusion", "onnx_diagnostics",
             "fusion", "overlap", "cudagraphs", "sym_node", "compiled_autograd",
             "compiled_autograd_verbose", "cudagraph_static_inputs", "benchmarking",
             "autotuning", "incremental", "graph_region_expansion", "inductor_metrics",
             "hierarchical_compile", "compute_dependencies", "caching")
_LEVELS = (logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO, logging.DEBUG,
           logging.NOTSET)
_DEFAULT_LEVEL = logging.WARNING

enabled_artifacts = set()  # the artifacts the last set_logs call switched on
_touched = set()  # loggers whose level set_logs changed (reset on the next call)


def _check_level(name, level):
    if level is not None and level not in _LEVELS:
        raise ValueError(f"Unrecognized log level for log {name}: {level}, valid level values "
                         f"are: {','.join(str(lvl) for lvl in _LEVELS)}")


def _module_exists(qualname):
    try:
        return importlib.util.find_spec(qualname) is not None
    except (ImportError, ValueError):
        return False


def set_logs(**settings):
    """Set the log levels of ember's modules and switch torch's log artifacts, by torch's
    names: ``set_logs(dynamo=logging.INFO, graph_breaks=True)``. Levels are ``logging``'s
    (50, 40, 30, 20, 10, 0) or None; artifacts are bools; ``modules`` maps module names (or
    log names) to levels. Every call resets what the previous one set.

    Args:
        all (int, optional): level of every ember logger.
        dynamo, aot, autograd, dynamic, inductor, distributed, c10d, ddp, fsdp, dtensor, onnx,
            export (int, optional): levels of those parts.
        modules (dict, optional): ``{module or log name: level}``.
        **artifacts (bool): torch's artifacts (``graph_breaks``, ``recompiles``...).

    Example:
        >>> import logging
        >>> ember._logging.set_logs(dynamo=logging.INFO, graph_breaks=True)
        >>> ember._logging.set_logs()
    """
    for name in settings:
        if name not in _SIGNATURE.parameters:
            raise TypeError(f"set_logs() got an unexpected keyword argument '{name}'")
    for logger_name in _touched:
        logging.getLogger(logger_name).setLevel(_DEFAULT_LEVEL if logger_name == "ember"
                                                else logging.NOTSET)
    _touched.clear()
    enabled_artifacts.clear()
    for name, value in settings.items():
        if name == "modules":
            for module, level in (value or {}).items():
                _set_module(module, level)
        elif name in LOGS:
            _check_level(name, value)
            if value is not None:
                for logger_name in LOGS[name]:
                    _set_level(logger_name, value)
        else:
            if not isinstance(value, bool):
                raise ValueError(f"Expected bool to enable artifact {name}, received {value}")
            if value:
                enabled_artifacts.add(name)


def _set_module(module, level):
    if module in LOGS:
        _check_level(module, level)
        for logger_name in LOGS[module]:
            _set_level(logger_name, level)
    elif module in ARTIFACTS:
        if level:
            enabled_artifacts.add(module)
    elif _module_exists(module):
        _check_level(module, level)
        _set_level(module, level)
    else:
        raise ValueError(f"Unrecognized log or artifact name passed to set_logs: {module}")


def _set_level(logger_name, level):
    logging.getLogger(logger_name).setLevel(level)
    _touched.add(logger_name)


_LOG_ORDER = ("all", "dynamo", "aot", "autograd", "dynamic", "inductor", "distributed", "c10d",
              "ddp", "fsdp", "dtensor", "onnx")
_SIGNATURE = inspect.Signature(
    [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None) for n in _LOG_ORDER]
    + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=False)
       for n in ARTIFACTS[:27]]
    + [inspect.Parameter("export", inspect.Parameter.KEYWORD_ONLY, default=None),
       inspect.Parameter("modules", inspect.Parameter.KEYWORD_ONLY, default=None)]
    + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=False)
       for n in ARTIFACTS[27:]])
set_logs.__signature__ = _SIGNATURE


def getArtifactLogger(module_qname, artifact_name):  # noqa: N802 - torch's name
    """The logger of one artifact of a module: it writes only while ``set_logs`` has the
    artifact switched on.

    Args:
        module_qname (str): the module's name.
        artifact_name (str): one of torch's artifact names.

    Example:
        >>> ember._logging.getArtifactLogger("mine", "graph_breaks").name
        'mine.__graph_breaks'
    """
    if artifact_name not in ARTIFACTS:
        raise ValueError(f"Artifact name: {artifact_name!r} not registered, please call "
                         f"register_artifact({artifact_name!r}) in torch._logging.registrations.")
    logger = logging.getLogger(f"{module_qname}.__{artifact_name}")
    logger.addFilter(lambda record: artifact_name in enabled_artifacts)
    return logger


_WARNED = set()


def warning_once(logger_obj, *args, **kwargs):
    """``logger_obj.warning(*args)`` the first time these arguments are seen, then never.

    Args:
        logger_obj (logging.Logger): where to log.
        *args: the message and its arguments.

    Example:
        >>> import logging
        >>> ember._logging.warning_once(logging.getLogger("quiet"), "said once")
    """
    key = (id(logger_obj), args)
    if key not in _WARNED:
        _WARNED.add(key)
        logger_obj.warning(*args, **kwargs)
