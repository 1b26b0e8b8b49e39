"""nn.attention.sdpa_kernel: the same switches as torch, the same kernel path per choice
(flash and math round differently), torch's error when no path is left."""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch

CHOICES = [lambda A: [A.SDPBackend.MATH], lambda A: [A.SDPBackend.FLASH_ATTENTION],
           lambda A: A.SDPBackend.MATH, lambda A: [A.SDPBackend.CUDNN_ATTENTION,
                                                   A.SDPBackend.MATH],
           lambda A: [A.SDPBackend.EFFICIENT_ATTENTION]]


def _run(lib, choice, shape):
    import importlib
    attention = importlib.import_module(f"{lib.__name__}.nn.attention")
    rng = np.random.default_rng(0)
    q, k, v = (lib.tensor(rng.standard_normal(shape).astype(np.float32)) for _ in range(3))
    switches = lib.backends.cuda
    with attention.sdpa_kernel(choice(attention)):
        flags = (switches.flash_sdp_enabled(), switches.math_sdp_enabled(),
                 switches.mem_efficient_sdp_enabled(), switches.cudnn_sdp_enabled())
        try:
            out = lib.nn.functional.scaled_dot_product_attention(q, k, v).cpu().numpy()
        except RuntimeError as error:
            out = str(error)
    restored = (switches.flash_sdp_enabled(), switches.math_sdp_enabled())
    return flags, out, restored


@requires_torch
@pytest.mark.parametrize("choice", CHOICES)
@pytest.mark.parametrize("shape", [(2, 3, 7, 8), (3, 7, 8)])
def test_choice_matches_torch(choice, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _run(TORCH, choice, shape)
    ours = _run(ember, choice, shape)
    assert ours[0] == theirs[0] and ours[2] == theirs[2] == (True, True)
    if isinstance(theirs[1], str):
        assert ours[1] == theirs[1]
    else:
        # Within a path ember and torch agree to float32 rounding in the last bits.
        np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6, atol=1e-6)


def test_math_and_flash_paths_are_both_taken():
    shape = (1, 2, 9, 8)
    flash = _run(ember, lambda A: [A.SDPBackend.FLASH_ATTENTION], shape)[1]
    math = _run(ember, lambda A: [A.SDPBackend.MATH], shape)[1]
    np.testing.assert_allclose(flash, math, rtol=1e-5, atol=1e-6)
    assert _run(ember, lambda A: [A.SDPBackend.FLASH_ATTENTION], (1, 9, 8))[1].startswith(
        "No available kernel")


SDP_BACKEND_EXPRESSIONS = [
    "B.MATH == 0", "B.MATH != 0", "B.MATH == B.MATH", "hash(B.MATH)", "int(B.FLASH_ATTENTION)",
    "B.EFFICIENT_ATTENTION.value", "B.CUDNN_ATTENTION.name", "str(B.MATH)", "repr(B.ERROR)",
    "f'{B.OVERRIDEABLE}'", "[10, 11, 12][B.FLASH_ATTENTION]", "isinstance(B.MATH, int)",
    "bool(B.MATH)", "B(2)", "list(B.__members__)", "B.MATH < B.FLASH_ATTENTION",
    "backends.cuda.SDPBackend is B"]


def _outcome(lib, expression):
    import importlib
    namespace = {"B": importlib.import_module(f"{lib.__name__}.nn.attention").SDPBackend,
                 "backends": importlib.import_module(f"{lib.__name__}.backends")}
    try:
        return repr(eval(expression, namespace))
    except TypeError as error:
        return type(error).__name__


@requires_torch
@pytest.mark.parametrize("expression", SDP_BACKEND_EXPRESSIONS)
def test_sdp_backend_is_an_enum_that_is_no_int_as_torchs(expression):
    import torch.backends.cuda  # noqa: F401 - torch.backends.cuda is not imported by torch
    assert _outcome(ember, expression) == _outcome(TORCH, expression)
