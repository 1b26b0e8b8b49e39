"""The bad-input differential fuzz (tests/bad_inputs_fuzz.py) as tests.

Against torch: every case either behaves as torch does (both raise the same exception type, or
both return the same dtype, shape and values) or is one of the divergences listed in
tests/bad_inputs_fuzz_known.txt, the list of what is left to fix. A new divergence fails, and
above all a new silent one (torch raises, ember returns a value); so does a listed one that now
behaves as torch does, so that the list shrinks with each fix.

Without torch: every case that ember refuses raises one of the exception types torch uses (no
NumPy or internal type such as AxisError, AttributeError, ModuleNotFoundError), unless listed.
"""
from __future__ import annotations

from bad_inputs_fuzz import CASES, DIVERGENT, known, line, outcome, run, summary
from conftest import TORCH, cpu_only, requires_torch

import ember

pytestmark = cpu_only("compares each outcome with torch's on its CPU; the stand-in device "
                      "would show in every result")

# AssertionError and KeyError: torch's own modules and optimizers raise them (MultiheadAttention's
# shape asserts, a parameter group without "params").
TORCH_TYPES = {"RuntimeError", "TypeError", "ValueError", "IndexError", "NotImplementedError",
               "LinAlgError", "OverflowError", "ZeroDivisionError", "AssertionError", "KeyError",
               "UnpicklingError", "FileNotFoundError",
               # ember's own, derived from torch's: a bad checkpoint is a RuntimeError and an
               # UnpicklingError (torch raises one or the other, by how the file is damaged)
               "CheckpointError",
               # and an empty file, which torch's unpickler reports as an EOFError
               "EOFError", "EmptyCheckpointError"}


def test_grid_is_broad():
    families = {}
    for case in CASES:
        families[case.family] = families.get(case.family, 0) + 1
    assert len(CASES) >= 5000, len(CASES)
    assert len({(case.family, case.name) for case in CASES}) == len(CASES), "duplicate names"
    assert min(families.values()) >= 50, families
    assert all(text.split(" ", 1)[0] in DIVERGENT for text in known())


# torch's own Python code raises AttributeError here (a GRU/RNN, or an RNNCell/GRUCell, given an
# LSTM's (h, c) pair;
# Module's attribute lookups and its assignments before __init__; Parameter of a non-Tensor;
# a tensor where a PackedSequence is wanted; save/load given neither a path nor a file), and the
# C pickler for a function defined inside another.
TORCH_ATTRIBUTE_ERRORS = {f"{rnn}(seq, ('h_ok', 'h_ok'))" for rnn in
                          ("GRU(3, 4)", "RNN(3, 4)", "GRU(3, 4, batch_first=True)")} | \
    {f"{cell}(3, 4)(vec3, ('vec4', 'vec4'))" for cell in ("RNNCell", "GRUCell")} | \
    {"save(a lambda)", "load(save(a lambda), weights_only=True)",
     "load(save(a lambda), weights_only=False)"} | \
    {f"Module subclass assigns a {what} before super().__init__()"
     for what in ("module", "parameter", "buffer")} | \
    {"Linear.get_submodule('nope')", "Sequential.get_submodule('0.weight')",
     "Sequential.get_submodule('5')", "Linear.get_parameter('nope')",
     "BatchNorm1d.get_parameter('running_mean')", "Linear.get_buffer('weight')",
     "ParameterDict()['nope']", "Parameter([1.0])", "Linear.nope",
     "pad_packed_sequence(a tensor)", "save(t, 123)", "load(123)"} | \
    {  # a custom Function's forward called with no ctx, a forward hook's number summed, a
        # checkpointed function's number asked for requires_grad, unvalidated log_probs of a
        # number, a missing attribute named to weight_norm or prune, a plain function
        # registered as a parametrization, a tensor where a PackedSequence is wanted
        "Function.forward(None, x) direct", "Linear.register_forward_hook returning a number",
        "checkpoint(fn returning a number)", "weight_norm(Linear, name='nope')",
        "register_parametrization(not a module)",
        "prune.l1_unstructured(Linear, 'nope', amount=1)", "unpack_sequence(f23)"} | \
    {f"{dist}.log_prob(a number) [validate_args=False]" for dist in (
        "LogNormal(zeros(2), ones(2))", "Kumaraswamy(ones(2) * 2, ones(2) * 2)",
        "Categorical(probs=[[.2, .8], [.5, .5]])", "OneHotCategorical(probs=[[.2, .8], [.5, .5]])",
        "RelaxedBernoulli(0.5, probs=[.3, .7])", "LKJCholesky(2, 1.)")}


def test_ember_refuses_with_torch_types():
    listed = {text.split(" ", 2)[2] for text in known()} | TORCH_ATTRIBUTE_ERRORS
    leaks = []
    for case in CASES:
        result = outcome(ember, case)
        # (an error of a class derived from torch's type counts as it: GradcheckError)
        if result[0] == "raise" and case.name not in listed and \
                not TORCH_TYPES.intersection(result[3]):
            leaks.append(f"{case.name}: {result[1]}: {result[2][:100]}")
    assert not leaks, "\n".join(leaks)


@requires_torch
def test_outcomes_match_torch_or_are_listed():
    found = run(ember, TORCH)
    divergent = {line(kind, case) for kind in DIVERGENT for case, _ in found.get(kind, [])}
    new = sorted(divergent - known())
    assert not new, "divergences from torch not in bad_inputs_fuzz_known.txt:\n" + "\n".join(new)
    fixed = sorted(known() - divergent)
    assert not fixed, "listed in bad_inputs_fuzz_known.txt but now as torch does (remove them: " \
                      "python tests/bad_inputs_fuzz.py --write-known):\n" + "\n".join(fixed)
    counts = summary(found)
    # The harness itself works: most calls reach the library and many return.
    assert counts["both return, same result"] >= 1500, counts
    assert counts["same type"] >= 3000, counts
