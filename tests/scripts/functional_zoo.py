import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(17)
x = torch.linspace(-3, 3, 7)
for name in ["relu", "relu6", "elu", "selu", "celu", "silu", "mish", "softplus",
             "softsign", "tanhshrink", "hardswish", "hardsigmoid", "logsigmoid", "sigmoid",
             "tanh"]:
    print(name, getattr(F, name)(x))
# torch's float32 gelu kernel rounds erf by its CPU vector width: at -3 it lands on either side
# of -0.00405, so the exact gelu is printed from float64
print("gelu", F.gelu(x.double()).float())
print(F.leaky_relu(x, 0.1), F.hardtanh(x, -1, 1), F.threshold(x, 0.5, -9.0))
# torch signs the zeros of softshrink by its CPU vector width (-0. in the scalar tail)
print(F.gelu(x, approximate="tanh"), F.softshrink(x, 1.0) + 0.0, F.hardshrink(x, 1.0))
logits = torch.randn(3, 5)
print(F.softmax(logits, dim=1), F.log_softmax(logits, dim=-1), F.softmin(logits, dim=0))
print(F.normalize(logits, dim=1), F.one_hot(torch.tensor([0, 2, 4]), 5))
print(F.pad(torch.ones(2, 2), (1, 1, 0, 1), value=0.5))
print(F.pad(torch.arange(4.0).view(1, 1, 4), (2, 1), mode="reflect"))
print(F.interpolate(torch.arange(4.0).view(1, 1, 2, 2), scale_factor=2, mode="nearest"))
print(F.interpolate(torch.arange(4.0).view(1, 1, 2, 2), size=(3, 3), mode="bilinear",
                    align_corners=False))
print(F.embedding(torch.tensor([[0, 2], [1, 1]]), torch.arange(6.0).view(3, 2)))
print(F.cosine_similarity(logits[0:1], logits[1:2]), F.pairwise_distance(logits[:1], logits[1:2]))
print(F.layer_norm(logits, (5,)), F.group_norm(torch.randn(2, 4, 3), 2))
print(F.batch_norm(logits, torch.zeros(5), torch.ones(5), training=False))
print(F.linear(torch.ones(2, 3), torch.ones(4, 3), torch.arange(4.0)))
print(F.conv1d(torch.arange(8.0).view(1, 1, 8), torch.ones(1, 1, 3), stride=2, padding=1))
print(F.unfold(torch.arange(16.0).view(1, 1, 4, 4), kernel_size=2, stride=2))

target = torch.tensor([1, 0, 4])
probabilities = torch.rand(3, 5)
print(F.cross_entropy(logits, target), F.cross_entropy(logits, target, reduction="sum"))
print(F.cross_entropy(logits, probabilities.softmax(dim=1)))
print(F.cross_entropy(logits, target, weight=torch.arange(1.0, 6.0), ignore_index=0))
print(F.nll_loss(F.log_softmax(logits, 1), target), F.mse_loss(logits, probabilities))
print(F.l1_loss(logits, probabilities), F.smooth_l1_loss(logits, probabilities, beta=0.5))
print(F.huber_loss(logits, probabilities, delta=0.3))
print(F.binary_cross_entropy(probabilities, torch.ones(3, 5) * 0.5))
print(F.binary_cross_entropy_with_logits(logits, (probabilities > 0.5).float(),
                                         pos_weight=torch.full((5,), 2.0)))
print(F.kl_div(F.log_softmax(logits, 1), probabilities.softmax(1), reduction="batchmean"))
print(F.margin_ranking_loss(logits[0], logits[1], torch.ones(5)))
print(F.soft_margin_loss(logits, target.float().view(3, 1).expand(3, 5)))
print(F.cosine_embedding_loss(logits[:2], logits[1:], torch.tensor([1, -1])))
print(F.triplet_margin_loss(logits[0:1], logits[1:2], logits[2:3]))
print(F.poisson_nll_loss(logits, probabilities))
print(F.gaussian_nll_loss(logits, probabilities, torch.ones(3, 5)))
print(nn.BCELoss()(torch.sigmoid(logits), probabilities), nn.HuberLoss()(logits, probabilities))
print(F.multi_margin_loss(logits, target))
print(F.multilabel_soft_margin_loss(logits, (probabilities > 0.5).float()))
