"""Trigger PyTorch's warnings from a user's file and report where each one points.

``python tests/warning_sites.py torch`` (or ``ember``) writes every case below into one user
module in a temporary directory, imports it, calls each case once under
``warnings.catch_warnings(record=True)`` and prints a JSON map: case -> the warnings it raised,
each as [category, message, where], ``where`` being ``"user"`` when the warning names the case's
trigger line in the user's file, else ``"<file basename>:<line>"``. Each run is its own process
because some warnings are given once per process (torch's TORCH_WARN_ONCE).

A case is ``(setup, trigger)``: setup lines, then the one line expected to warn. The code is
PyTorch code; under ember the names ``torch``, ``nn`` and ``F`` are ember's, so a case never
imports a ``torch.*`` module itself (the user module imports the ones the cases use).
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
import warnings

X = "x = torch.randn(2, 3)"
X4 = "x4 = torch.randn(1, 1, 2, 2)"
M = "m = torch.tensor([[2., 1.], [1., 3.]])"
P = "p = nn.Parameter(torch.randn(2))"
OPT = P + "; opt = torch.optim.SGD([p], lr=0.1)"

CASES = {
    # nn.functional
    "softmax_dim": (X, "F.softmax(x)"),
    "log_softmax_dim": (X, "F.log_softmax(x)"),
    "softmin_dim": (X, "F.softmin(x)"),
    "module_softmax_dim": (X + "; s = nn.Softmax()", "s(x)"),
    "upsample": (X4, "F.upsample(x4, scale_factor=2)"),
    "upsample_nearest": (X4, "F.upsample_nearest(x4, scale_factor=2)"),
    "upsample_bilinear": (X4, "F.upsample_bilinear(x4, scale_factor=2)"),
    "affine_grid_unit": ("theta = torch.eye(2, 3)[None]",
                         "F.affine_grid(theta, (1, 1, 1, 2), align_corners=True)"),
    "dropout2d_3d": ("", "F.dropout2d(torch.randn(2, 3, 4))"),
    "dropout2d_5d": ("", "F.dropout2d(torch.randn(1, 2, 3, 4, 5))"),
    "dropout3d_3d": ("", "F.dropout3d(torch.randn(2, 3, 4))"),
    "gumbel_eps": (X, "F.gumbel_softmax(x, eps=1e-5)"),
    "conv_same_even": ("w = torch.randn(1, 1, 2); y = torch.randn(1, 1, 5)",
                       "F.conv1d(y, w, padding='same')"),
    "mse_size_average": (X, "F.mse_loss(x, x, size_average=True)"),
    "mse_broadcast": ("", "F.mse_loss(torch.randn(3, 1), torch.randn(3))"),
    "kl_div_mean": (X, "F.kl_div(x, x.exp())"),
    "mha_mask_types": (
        "mha = nn.MultiheadAttention(4, 1); q = torch.randn(2, 1, 4); "
        "kpm = torch.zeros(1, 2, dtype=torch.bool); am = torch.zeros(2, 2)",
        "mha(q, q, q, key_padding_mask=kpm, attn_mask=am)"),
    # torch.* and Tensor
    "meshgrid_indexing": ("a = torch.arange(2); b = torch.arange(3)", "torch.meshgrid(a, b)"),
    "range": ("", "torch.range(0, 3)"),
    "cross_dim": ("a = torch.randn(3, 3)", "torch.cross(a, a)"),
    "chain_matmul": (M, "torch.chain_matmul(m, m)"),
    "cholesky": (M, "torch.cholesky(m)"),
    "var_dof": ("", "torch.ones(1).var()"),
    "std_dof": ("", "torch.ones(1).std()"),
    "cov_dof": ("", "torch.cov(torch.randn(2, 1), correction=2)"),
    "out_resize": ("o = torch.empty(5)", "torch.add(torch.ones(3), 1, out=o)"),
    "where_uint8": ("c = torch.tensor([1, 0], dtype=torch.uint8); a = torch.ones(2)",
                    "torch.where(c, a, a)"),
    "stft_window": ("s = torch.randn(64)", "torch.stft(s, 16, return_complex=True)"),
    "stft_real": ("s = torch.randn(64); w = torch.hann_window(16)",
                  "torch.stft(s, 16, window=w, return_complex=False)"),
    "istft_window": ("s = torch.stft(torch.randn(64), 16, window=torch.ones(16), "
                     "return_complex=True)", "torch.istft(s, 16)"),
    "csr_beta": ("s = torch.eye(3).to_sparse()", "s.to_sparse_csr()"),
    "istft_length": ("w = torch.hann_window(16); s = torch.stft(torch.randn(64), 16, window=w, "
                     "return_complex=True)", "torch.istft(s, 16, window=w, length=100)"),
    "asarray_grad": ("t = torch.ones(2, requires_grad=True)", "torch.asarray(t)"),
    "tensor_of_tensor": (X, "torch.tensor(x)"),
    "nonleaf_grad": ("t = torch.ones(2, requires_grad=True); u = t * 2", "u.grad"),
    "float_of_grad": ("t = torch.ones((), requires_grad=True)", "float(t)"),
    "complex_cast": ("z = torch.tensor([1 + 2j])", "z.float()"),
    "T_3d": ("", "torch.ones(2, 3, 4).T"),
    "qr": (M, "torch.qr(m)"),
    "lu": (M, "torch.lu(m)"),
    "index_reduce": ("z = torch.zeros(3); i = torch.tensor([0, 1]); s = torch.ones(2)",
                     "z.index_reduce(0, i, s, 'prod')"),
    "scalar_first": ("a = torch.ones(2); b = torch.ones(2)", "a.add_(2, b)"),
    "storage": (X, "x.storage()"),
    "frombuffer_readonly": ("buf = bytes(8)", "torch.frombuffer(buf, dtype=torch.float32)"),
    "from_numpy_readonly": ("import numpy; arr = numpy.ones(2); arr.flags.writeable = False",
                            "torch.from_numpy(arr)"),
    "default_tensor_type": ("", "torch.set_default_tensor_type(torch.FloatTensor)"),
    "matmul_precision": ("", "torch.set_float32_matmul_precision('bogus')"),
    "variable_volatile": (X, "torch.autograd.Variable(x, volatile=True)"),
    # nn modules and init
    "container": ("", "nn.Container()"),
    "rnn_dropout": ("", "nn.LSTM(2, 3, num_layers=1, dropout=0.5)"),
    "hardtanh_min_value": ("", "nn.Hardtanh(min_value=-2.)"),
    "loss_size_average": ("", "nn.MSELoss(size_average=True)"),
    "nllloss2d": ("", "nn.NLLLoss2d()"),
    "instancenorm_features": ("n = nn.InstanceNorm1d(3); y = torch.randn(2, 4, 5)", "n(y)"),
    "transformer_nested": ("layer = nn.TransformerEncoderLayer(4, 1, norm_first=True)",
                           "nn.TransformerEncoder(layer, 1)"),
    "state_dict_positional": ("lin = nn.Linear(2, 2)", "lin.state_dict(None, 'p.')"),
    "trunc_normal_mean": ("t = torch.empty(3)", "nn.init.trunc_normal_(t, mean=5.)"),
    "init_zero_element": ("t = torch.empty(0, 3)", "nn.init.kaiming_uniform_(t)"),
    "init_zero_element_normal": ("t = torch.empty(0, 3)", "nn.init.kaiming_normal_(t)"),
    "init_deprecated": ("t = torch.empty(3)", "nn.init.uniform(t)"),
    "clip_grad_norm_deprecated": (P, "nn.utils.clip_grad_norm([p], 1.)"),
    "weight_norm": ("lin = nn.Linear(2, 2)", "nn.utils.weight_norm(lin)"),
    "functional_call": ("lin = nn.Linear(2, 2); y = torch.randn(1, 2)",
                        "nn.utils.stateless.functional_call(lin, {}, (y,))"),
    # optim
    "optim_duplicate": (P, "torch.optim.SGD([p, p], lr=0.1)"),
    "scheduler_order": (OPT + "; sch = torch.optim.lr_scheduler.StepLR(opt, 1)", "sch.step()"),
    "scheduler_get_lr": (OPT + "; sch = torch.optim.lr_scheduler.StepLR(opt, 1)",
                         "sch.get_lr()"),
    "scheduler_epoch": (OPT + "; sch = torch.optim.lr_scheduler.StepLR(opt, 1); opt.step()",
                        "sch.step(1)"),
    # elsewhere
    "autocast_dtype": ("", "torch.autocast('cpu', dtype=torch.float64)"),
    "cuda_amp_autocast": ("", "torch.cuda.amp.autocast()"),
    "memory_cached": ("", "torch.cuda.memory_cached()"),
    "sdp_kernel": ("", "torch.backends.cuda.sdp_kernel()"),
    "random_split_empty": ("ds = list(range(2))",
                           "torch.utils.data.random_split(ds, [0.0, 1.0])"),
    "grad_scaler_no_cuda": ("", "torch.amp.GradScaler('cuda')"),
    "function_instance": ("class Cube(torch.autograd.Function):\n"
                          "        @staticmethod\n"
                          "        def forward(ctx, x):\n"
                          "            return x ** 3", "Cube()"),
    "gradcheck_float32": ("t = torch.ones(2, requires_grad=True)",
                          "torch.autograd.gradcheck(torch.sin, (t,), raise_exception=False)"),
    "detect_anomaly": ("", "torch.autograd.detect_anomaly()"),
    "max_memory_cached": ("", "torch.cuda.max_memory_cached()"),
    "reset_max_memory_allocated": ("", "torch.cuda.reset_max_memory_allocated()"),
    "reset_max_memory_cached": ("", "torch.cuda.reset_max_memory_cached()"),
    "sample_n": ("d = torch.distributions.Normal(0., 1.)", "d.sample_n(2)"),
    "clip_grad_empty_generator": ("", "nn.utils.clip_grad_norm_((q for q in []), 1.)"),
    "load_meta_into": ("lin = nn.Linear(2, 2, device='meta')",
                       "lin.load_state_dict(nn.Linear(2, 2).state_dict())"),
    "backward_hook_output": ("lin = nn.Linear(2, 2); "
                             "lin.register_full_backward_hook(lambda *a: None); "
                             "lin.forward = lambda y: [y]", "lin(torch.ones(1, 2))"),
    # only the module's output needs a gradient: the hook fires from the output's node
    "backward_hook_no_input_grad": ("lin = nn.Linear(2, 2); "
                                    "lin.register_full_backward_hook(lambda *a: None); "
                                    "out = lin(torch.ones(1, 2)).sum()", "out.backward()"),
    "index_sequence": (X, "x[[0, slice(None)]]"),
    "volatile": (X, "x.volatile"),
    "mode_push": ("", "torch.overrides.TorchFunctionMode.push()"),
    "make_tensor_low_high": ("", "torch.testing.make_tensor(2, dtype=torch.float32, "
                                 "device='cpu', low=1, high=1)"),
    "checkpoint_no_grad_input": ("t = torch.ones(2)",
                                 "torch.utils.checkpoint.checkpoint(torch.sin, t, "
                                 "use_reentrant=True)"),
    "checkpoint_sequential": ("seq = nn.Sequential(nn.Linear(2, 2)); "
                              "t = torch.ones(1, 2, requires_grad=True)",
                              "torch.utils.checkpoint.checkpoint_sequential(seq, 1, t)"),
    "hooks_serialization": ("t = torch.ones(1, requires_grad=True); "
                            "t.register_hook(lambda g: g)",
                            "torch.utils.hooks.warn_if_has_hooks(t)"),
    "jit_script": ("def f(y):\n        return y", "torch.jit.script(f)"),
    "jit_ignore_drop": ("", "torch.jit.ignore(True)"),
    "jit_isinstance_empty": ("from typing import List", "torch.jit.isinstance([], List[int])"),
    "autocast_cpu_enabled": ("", "torch.is_autocast_cpu_enabled()"),
    "dynamo_config_deprecated": ("", "torch._dynamo.config.inline_inbuilt_nn_modules"),
    "reduce_op": ("", "torch.distributed.reduce_op.SUM"),
    "grid_sample_default": (X4 + "; g = torch.zeros(1, 2, 2, 2)", "F.grid_sample(x4, g)"),
    "profiler_schedule": ("", "torch.profiler.schedule(wait=0, warmup=0, active=1)"),
    "wishart_low_df": ("", "torch.distributions.Wishart(torch.tensor(1.5), torch.eye(2))"),
    "checkpoint_reentrant": ("t = torch.ones(2, requires_grad=True)",
                             "torch.utils.checkpoint.checkpoint(torch.sin, t)"),
    "assert_allclose": ("", "torch.testing.assert_allclose(torch.ones(1), torch.ones(1))"),
    "quantize_per_tensor": ("q = torch.tensor([1.0, 2.0], device='cpu')",
                            "torch.quantize_per_tensor(q, 0.1, 10, torch.quint8)"),
}


def _user_module(library):
    """The cases as one module's functions ``case_<n>``; returns its source and trigger lines."""
    lines = [f"import {library} as torch", f"import {library}.nn as nn",
             f"import {library}.nn.functional as F", f"import {library}.utils.data",
             f"import {library}.nn.utils.stateless", f"import {library}.utils.checkpoint",
             f"import {library}.overrides",
             f"import {library}._dynamo", f"import {library}.distributed", ""]
    where = {}
    for n, (name, (setup, trigger)) in enumerate(CASES.items()):
        lines.append(f"def case_{n}():")
        if setup:
            lines.extend(f"    {setup}".split("\n"))
        lines.append(f"    return {trigger}")
        where[name] = (f"case_{n}", len(lines))
        lines.append("")
    return "\n".join(lines) + "\n", where


def run(library):
    """Run every case against ``library``; returns {case: [[category, message, where], ...]}."""
    source, where = _user_module(library)
    directory = tempfile.mkdtemp()
    path = os.path.join(directory, "user_program.py")
    with open(path, "w") as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("user_program", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = {}
    for name, (function, line) in where.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                getattr(module, function)()
            except Exception as error:  # noqa: BLE001 - the report names what a case raised
                caught.append(warnings.WarningMessage(
                    f"raised {type(error).__name__}: {error}", RuntimeError, "", 0))
        report[name] = [
            [w.category.__name__, str(w.message),
             "user" if (w.filename, w.lineno) == (path, line)
             else f"{os.path.basename(w.filename)}:{w.lineno}"]
            for w in caught]
    return report


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "ember"), indent=1))
