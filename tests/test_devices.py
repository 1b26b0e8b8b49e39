"""Devices without a GPU: the CUDA API reports none and says why; DLPack shares memory."""
import numpy as np
import pytest

import ember
from conftest import INSTALL, TORCH, requires_torch


def test_device_objects_print_and_compare_as_torch():
    assert repr(ember.device("cuda:1")) == "device(type='cuda', index=1)"
    assert str(ember.device("cpu")) == "cpu"
    assert ember.device("cuda", 0) == "cuda:0"
    assert ember.ones(2, device="cpu").device == ember.device("cpu")
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        ember.device("tpu")


@pytest.mark.skipif(ember.cuda.is_available(), reason="a GPU is present: this checks the "
                                                      "behaviour without one")
def test_cuda_unavailable_is_reported_clearly():
    assert ember.cuda.device_count() == 0
    with pytest.raises(AssertionError, match="CuPy"):
        ember.ones(2).cuda()
    with pytest.raises(AssertionError, match="NVIDIA GPU"):
        ember.cuda.current_device()
    ember.cuda.manual_seed(0)  # a no-op without a GPU, as in PyTorch


def test_cpu_is_identity_on_cpu_tensors():
    t = ember.ones(3, device="cpu")
    assert t.cpu() is t


def test_dlpack_round_trip_with_numpy_shares_memory():
    arr = np.arange(6.0).reshape(2, 3)
    t = ember.from_dlpack(arr)
    t += 1
    assert arr[0, 0] == 1.0
    back = np.from_dlpack(t)  # ember.from_dlpack of a NumPy array gives a CPU tensor
    back[1, 2] = -5
    assert t[1, 2].item() == -5


def test_dlpack_refuses_tensors_that_require_grad():
    with pytest.raises(RuntimeError, match="require gradient"):
        np.from_dlpack(ember.ones(2, device="cpu", requires_grad=True))


@requires_torch
def test_dlpack_with_torch_both_ways():
    t = ember.arange(4.0, device="cpu")
    theirs = TORCH.from_dlpack(t)
    theirs[0] = 42
    assert t[0].item() == 42
    x = TORCH.arange(3.0)
    ours = ember.from_dlpack(x)
    ours.mul_(2)
    assert x.tolist() == [0.0, 2.0, 4.0]


@requires_torch
def test_dlpack_takes_torchs_legacy_capsules_once_and_writable():
    x = TORCH.arange(4.0)
    capsule = TORCH.utils.dlpack.to_dlpack(x)
    ours = ember.from_dlpack(capsule)
    ours[1] = 7.0
    assert x.tolist() == [0.0, 7.0, 2.0, 3.0]
    with pytest.raises(RuntimeError) as ours_error:
        ember.from_dlpack(capsule)
    with pytest.raises(RuntimeError) as torch_error:
        TORCH.from_dlpack(capsule)
    assert str(ours_error.value) == str(torch_error.value)


def test_dlpack_keeps_a_read_only_producer_read_only():
    arr = np.arange(3.0)
    arr.flags.writeable = False
    assert not ember.from_dlpack(arr)._data.flags.writeable


@requires_torch
@pytest.mark.skipif(not hasattr(ember, "bfloat16"), reason=INSTALL["ml_dtypes"])
def test_dlpack_carries_bfloat16_both_ways_and_in_legacy_capsules():
    theirs = TORCH.tensor([1.5, -2.25, 3.0], dtype=TORCH.bfloat16)
    ours = ember.from_dlpack(theirs)
    assert ours.dtype == ember.bfloat16 and ours.tolist() == [1.5, -2.25, 3.0]
    ours[0] = 0.5
    assert theirs[0].item() == 0.5
    legacy = ember.from_dlpack(TORCH.utils.dlpack.to_dlpack(theirs))
    assert legacy.dtype == ember.bfloat16 and legacy.tolist() == [0.5, -2.25, 3.0]
    back = TORCH.from_dlpack(ember.tensor([0.5, 3.0], dtype=ember.bfloat16, device="cpu"))
    assert back.dtype == TORCH.bfloat16 and back.tolist() == [0.5, 3.0]


# -- on the strict CUDA stand-in (two devices) ------------------------------------------------

def test_cuda_reports_the_standin_devices(standin):
    assert ember.cuda.is_available() and ember.cuda.device_count() == standin
    assert ember.cuda.current_device() == 0
    ember.cuda.set_device(1)
    try:
        assert ember.cuda.current_device() == 1
    finally:
        ember.cuda.set_device(0)
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        ember.cuda.set_device(standin)
    ember.cuda.synchronize()
    assert ember.cuda.memory_allocated() == 0


def test_device_index_is_kept_and_checked(standin):
    t = ember.ones(2, device="cuda:1")
    assert t.device == ember.device("cuda", 1) and t.get_device() == 1
    assert repr(t) == "tensor([1., 1.], device='cuda:1')"
    assert ember.ones(2).to("cuda").device == ember.device("cuda", 0)
    assert t.to("cuda:0").device.index == 0 and (t.to("cuda:0") + 1).device.index == 0
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        ember.zeros(2, device=f"cuda:{standin}")
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        ember.ones(2).to(f"cuda:{standin}")


def test_gradient_returns_to_the_device_and_dtype_of_its_tensor(standin):
    leaf = ember.tensor([1.0, 2.0], device="cpu", requires_grad=True)
    (leaf.to("cuda", ember.float64) * 3).sum().backward()
    assert leaf.grad.device == ember.device("cpu") and leaf.grad.dtype == ember.float32
    assert leaf.grad.tolist() == [3.0, 3.0]
    on_gpu = ember.tensor([1.0, 2.0], device="cuda:1", requires_grad=True)
    (on_gpu.cpu() ** 2).sum().backward()
    assert on_gpu.grad.device == ember.device("cuda", 1)
    assert on_gpu.grad.tolist() == [2.0, 4.0]


def test_cpu_scalar_tensor_joins_a_cuda_tensor(standin):
    x = ember.tensor([1.0, 2.0], device="cuda")
    three, one = ember.tensor(3.0, device="cpu"), ember.tensor(1, device="cpu")
    for result in (x * three, three * x, x + one):
        assert result.device == ember.device("cuda", 0)
    assert (x * three).tolist() == [3.0, 6.0]
    assert (x + one).dtype == ember.float32


@pytest.mark.parametrize("left, right", [("cuda", "cpu"), ("cpu", "cuda"), ("cuda:0", "cuda:1")])
def test_mixing_devices_raises_torchs_error(standin, left, right):
    a = ember.ones(2, device=left)
    b = ember.ones(2, device=right)
    message = (f"Expected all tensors to be on the same device, but found at least two devices, "
               f"{a.device} and {b.device}!")
    with pytest.raises(RuntimeError, match=message):
        a + b
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        a.matmul(b)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        ember.cat([a, b])
    if left.startswith("cuda"):  # only a 0-d CPU tensor may join another device, not the reverse
        with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
            ember.tensor(2.0, device=left) * ember.ones(2, device=right)


def test_cuda_tensor_refuses_numpy_as_torch_does(standin):
    x = ember.ones(2, device="cuda")
    with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
        x.numpy()
    assert x.cpu().numpy().tolist() == [1.0, 1.0]


def test_cuda_random_draws_on_the_device_and_follows_manual_seed(standin):
    def draws():
        ember.manual_seed(3)
        return [ember.rand(4, device="cuda"), ember.randn(4, device="cuda"),
                ember.randint(0, 10, (4,), device="cuda"), ember.randperm(5, device="cuda"),
                ember.empty(4, device="cuda:1").uniform_(-1, 1),
                ember.empty(4, device="cuda").normal_(), ember.rand(3, device="cuda",
                                                                   dtype=ember.float16)]
    first, second = draws(), draws()
    for a, b in zip(first, second):
        assert a.device.type == "cuda" and type(a._data).__module__ == "ember._backend_standin"
        assert a.tolist() == b.tolist()
    assert first[4].device.index == 1
    assert sorted(first[3].tolist()) == [0, 1, 2, 3, 4]
    assert all(0 <= v < 1 for v in first[0].tolist()) and first[6].dtype == ember.float16
    assert all(-1 <= v < 1 for v in first[4].tolist())
    ember.manual_seed(4)
    assert ember.rand(4, device="cuda").tolist() != first[0].tolist()


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_draws_come_from_the_cuda_generator(standin, dtype):
    dtype = getattr(ember, dtype)
    gen = ember.Generator(device="cuda")

    def draws():
        gen.manual_seed(11)
        return [ember.rand(3, dtype=dtype, device="cuda", generator=gen),
                ember.randn(20000, dtype=dtype, device="cuda", generator=gen)]
    (uniform, normal), again = draws(), draws()
    assert uniform.device.type == "cuda" and uniform.dtype is dtype
    assert uniform.tolist() == again[0].tolist() and normal.tolist() == again[1].tolist()
    assert 0 <= uniform.real.min().item() and uniform.imag.max().item() < 1
    # Real and imaginary parts each of variance 1/2, as the CPU's draws are.
    assert abs(normal.real.var().item() - 0.5) < 0.03 and abs(normal.imag.var().item() - 0.5) < 0.03
    ember.cuda.manual_seed(11)
    first = ember.randn(3, dtype=dtype, device="cuda")
    ember.cuda.manual_seed(11)
    assert ember.randn(3, dtype=dtype, device="cuda").tolist() == first.tolist()


@pytest.mark.parametrize("replacement", [False, True])
def test_multinomial_draws_on_the_device_from_its_generator(standin, replacement):
    from ember._backend_standin import counting_syncs
    gen = ember.Generator(device="cuda:1")
    probs = ember.tensor([[0.2, 0.0, 0.5, 0.3]] * 3000, device="cuda:1")
    gen.manual_seed(2)
    with counting_syncs() as record:
        drawn = ember.multinomial(probs, 3, replacement, generator=gen)
    assert len(record.syncs) == 1  # the check of the probabilities, read back once
    gen.manual_seed(2)
    assert drawn.tolist() == probs.multinomial(3, replacement, generator=gen).tolist()
    assert drawn.device == ember.device("cuda:1") and drawn.dtype is ember.int64
    assert drawn.shape == (3000, 3)
    first = drawn[:, 0].bincount(minlength=4).cpu().double().div(3000).tolist()
    assert first[1] == 0.0 and all(abs(f - p) < 0.04 for f, p in zip(first, [0.2, 0, 0.5, 0.3]))
    if not replacement:
        rows = drawn.cpu().tolist()
        assert all(len(set(row)) == 3 and 1 not in row for row in rows)
    ember.cuda.manual_seed_all(4)
    assert ember.multinomial(probs[0], 2, replacement).device == ember.device("cuda:1")
    with pytest.raises(RuntimeError, match="probability tensor contains either"):
        ember.multinomial(-probs, 1, generator=gen)


def test_factories_allocate_on_the_requested_device(standin):
    for t in (ember.zeros(2, 3, device="cuda:1"), ember.ones(2, device="cuda:1"),
              ember.full((2,), 7.0, device="cuda:1"), ember.arange(4, device="cuda:1"),
              ember.linspace(0, 1, 5, device="cuda:1"), ember.eye(3, device="cuda:1"),
              ember.logspace(0, 2, 3, device="cuda:1"), ember.empty(2, device="cuda:1")):
        assert t.device == ember.device("cuda", 1)
        assert type(t._data).__module__ == "ember._backend_standin"
    assert ember.linspace(0, 1, 5, device="cuda").tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    target = ember.zeros(3, device="cuda")
    target.copy_(ember.tensor([1.0, 2.0, 3.0], device="cpu"))
    target.fill_(ember.tensor(5.0, device="cpu"))
    assert target.device.type == "cuda" and target.tolist() == [5.0, 5.0, 5.0]


def test_dlpack_on_the_standin_names_the_device_and_keeps_the_index(standin):
    x = ember.arange(4.0, device="cuda:1")
    assert x.__dlpack_device__() == (2, 1)  # kDLCUDA, index 1
    for producer in (x, x._data):
        shared = ember.from_dlpack(producer)
        assert shared.device == ember.device("cuda:1")
        shared[0] = 5.0
        assert x[0].item() == 5.0
        x[0] = 0.0
    with pytest.raises(RuntimeError, match="Unsupported device"):
        np.from_dlpack(x)  # a host consumer refuses device data, as it refuses CuPy's


@pytest.mark.skipif(not hasattr(ember, "bfloat16"), reason=INSTALL["ml_dtypes"])
def test_dlpack_bfloat16_on_the_standin(standin):
    x = ember.tensor([1.5, -2.0], dtype=ember.bfloat16, device="cuda:1")
    y = ember.from_dlpack(x)
    assert y.dtype == ember.bfloat16 and y.device == x.device and y.tolist() == [1.5, -2.0]
