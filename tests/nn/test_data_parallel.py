"""nn.DataParallel and nn.parallel's scatter / replicate / parallel_apply / gather: torch's
behaviour without a CUDA device, and on two stand-in CUDA devices the same numbers as one
module on the CPU."""
import copy
import warnings

import numpy as np
import pytest

import ember
from ember import nn
from tests.conftest import TORCH, requires_torch
from tests.nn._nn_helpers import build_both, copy_weights, torch_text


def _net(lib):
    return lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.Tanh(), lib.nn.Linear(3, 2))


class _Gate(nn.Module):
    """x^2 * w * scale + b, with a buffer: plain elementwise ops only, since the stand-in
    devices have no matmul and no tanh/relu backward yet."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(ember.randn(4))
        self.bias = nn.Parameter(ember.randn(4))
        self.register_buffer("scale", ember.full((4,), 2.0))

    def forward(self, x):
        return x * x * self.weight * self.scale + self.bias


def _stand_in_net():
    return nn.Sequential(_Gate(), _Gate())


@requires_torch
@pytest.mark.skipif(ember.cuda.is_available(), reason="checks the behaviour without CUDA; this "
                                                      "machine has it")
def test_without_cuda_wraps_and_forwards_like_torch():
    ours, theirs = build_both(lambda lib: lib.nn.DataParallel(_net(lib)))
    assert repr(ours) == torch_text(repr(theirs))
    assert list(ours.state_dict()) == list(theirs.state_dict()) == [
        "module.0.weight", "module.0.bias", "module.2.weight", "module.2.bias"]
    assert ours.device_ids == theirs.device_ids == []
    for name in ("dim", "output_device", "src_device_obj"):
        with pytest.raises(AttributeError) as expected:
            getattr(theirs, name)
        with pytest.raises(AttributeError) as got:
            getattr(ours, name)
        assert str(got.value) == str(expected.value)
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    out_ours, out_theirs = ours(ember.tensor(x)), theirs(TORCH.tensor(x))
    np.testing.assert_allclose(out_ours.detach().cpu().numpy(), out_theirs.detach().cpu().numpy(), rtol=1e-6)
    out_ours.sum().backward()
    out_theirs.sum().backward()
    np.testing.assert_allclose(ours.module[0].weight.grad.cpu().numpy(),
                               theirs.module[0].weight.grad.cpu().numpy(), rtol=1e-5, atol=1e-7)
    with pytest.raises(RuntimeError) as expected:
        TORCH.nn.parallel.data_parallel(theirs.module, TORCH.tensor(x))
    with pytest.raises(RuntimeError) as got:
        nn.parallel.data_parallel(ours.module, ember.tensor(x))
    assert str(got.value) == str(expected.value)


@requires_torch
def test_torch_data_parallel_checkpoint_loads_into_ember_wrapper():
    ours, theirs = build_both(lambda lib: lib.nn.DataParallel(_net(lib)), seed=3)
    ember.manual_seed(7)
    ours = nn.DataParallel(_net(ember))
    copy_weights(ours, theirs)
    for key, value in ours.state_dict().items():
        np.testing.assert_array_equal(value.cpu().numpy(), theirs.state_dict()[key].cpu().numpy())


def test_module_paths():
    import importlib
    for name, attribute in (("data_parallel", "DataParallel"), ("replicate", "replicate"),
                            ("parallel_apply", "parallel_apply"), ("scatter_gather", "gather")):
        module = importlib.import_module(f"ember.nn.parallel.{name}")
        assert getattr(module, attribute) is getattr(nn.parallel, attribute)
    assert nn.DataParallel is nn.parallel.DataParallel


def test_two_devices_match_one_module_on_the_cpu(standin):
    ember.manual_seed(0)
    reference = _stand_in_net()
    net = copy.deepcopy(reference).to("cuda:0")
    model = nn.DataParallel(net)
    assert model.device_ids == [0, 1] and model.output_device == 0 and model.dim == 0
    assert str(model.src_device_obj) == "cuda:0"
    x = ember.randn(5, 4)
    out = model(x.to("cuda:0"))
    assert str(out.device) == "cuda:0" and out.shape == (5, 4)
    expected = reference(x)
    np.testing.assert_allclose(out.cpu().detach().cpu().numpy(), expected.detach().cpu().numpy(), rtol=1e-6)
    out.square().sum().backward()
    expected.square().sum().backward()
    for (name, ours), (_, theirs) in zip(net.named_parameters(), reference.named_parameters()):
        # The replicas' gradients accumulate into the original parameters on device 0.
        assert str(ours.grad.device) == "cuda:0", name
        np.testing.assert_allclose(ours.grad.cpu().numpy(), theirs.grad.cpu().numpy(), rtol=1e-5,
                                   atol=1e-7, err_msg=name)


def test_two_devices_refuse_a_module_elsewhere_and_gather_on_cpu(standin):
    ember.manual_seed(0)
    with ember.device("cpu"):
        model = nn.DataParallel(_stand_in_net(), output_device=-1)
    with pytest.raises(RuntimeError, match=r"module must have its parameters and buffers on "
                                           r"device cuda:0 \(device_ids\[0\]\) but found one "
                                           r"of them on device: cpu"):
        model(ember.randn(4, 4, device="cpu"))
    model.module.to("cuda:0")
    assert str(model(ember.randn(4, 4, device="cpu")).device) == "cpu"
    single = nn.DataParallel(_stand_in_net(), device_ids=["cuda:1"])
    # One device: the module is moved there and called directly.
    assert str(single.module[0].weight.device) == "cuda:1"
    assert str(single(ember.randn(3, 4).to("cuda:1")).device) == "cuda:1"


def test_scatter_gather_structures(standin):
    x, y = ember.arange(10.0, device="cpu").reshape(5, 2), ember.arange(5, device="cpu")
    pieces = nn.parallel.scatter((x, {"y": y, "flag": "keep"}), [0, 1])
    assert len(pieces) == 2
    first, second = pieces
    assert str(first[0].device) == "cuda:0" and str(second[0].device) == "cuda:1"
    assert first[0].shape == (3, 2) and second[1]["y"].tolist() == [3, 4]
    assert second[1]["flag"] == "keep"
    joined = nn.parallel.gather([piece[0] for piece in pieces], -1)
    assert ember.equal(joined, x)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        losses = nn.parallel.gather([ember.tensor(1.0).to("cuda:0"),
                                     ember.tensor(2.0).to("cuda:1")], 0)
    assert losses.tolist() == [1.0, 2.0]
    assert "all input tensors were scalars" in str(caught[0].message)
    # Fewer rows than devices: fewer pieces.
    assert len(nn.parallel.scatter(ember.ones(1, 3), [0, 1])) == 1


def test_replicate_detach_and_parallel_apply(standin):
    ember.manual_seed(0)
    net = _stand_in_net().to("cuda:0")
    replicas = nn.parallel.replicate(net, [0, 1], detach=True)
    assert all(not p.requires_grad for p in replicas[1].parameters())
    assert str(next(replicas[1].parameters()).device) == "cuda:1"
    assert next(net.parameters()).requires_grad
    inputs = nn.parallel.scatter(ember.randn(4, 4), [0, 1])
    outputs = nn.parallel.parallel_apply(replicas, inputs)
    assert [str(o.device) for o in outputs] == ["cuda:0", "cuda:1"]
    with pytest.raises(AssertionError, match="number of modules 2 is not equal to the number "
                                             "of inputs 1"):
        nn.parallel.parallel_apply(replicas, inputs[:1])
