import torch  # noqa: I001 (the harness requires torch first)
import torch.nn as nn
import torch.nn.functional as F
import warnings

# The errors people meet while writing training code, beyond the basic shape errors: each call is
# made the way a newcomer writes it, and the exception's type and text are printed, since users
# search for those words.


def attempt(label, fn):
    try:
        result = fn()
        print(label, "-> no error:", result)
    except Exception as error:
        print(label, "->", type(error).__name__ + ":", error)


torch.manual_seed(3)
x = torch.randn(4, 3)
attempt("linear in_features", lambda: F.linear(x, torch.randn(5, 4)))
attempt("linear bias", lambda: F.linear(x, torch.randn(5, 3), torch.randn(4)))
attempt("bmm batch", lambda: torch.bmm(torch.randn(2, 3, 4), torch.randn(3, 4, 5)))
attempt("bmm rank", lambda: torch.bmm(torch.randn(3, 4), torch.randn(4, 5)))
attempt("matmul 1d", lambda: torch.matmul(torch.randn(3), torch.randn(4)))
attempt("cat dtype ok", lambda: torch.cat([x, x.double()]).dtype)
attempt("cat dims", lambda: torch.cat([x, torch.randn(4)], dim=0))
attempt("cat empty list", lambda: torch.cat([]))
attempt("mse shapes", lambda: F.mse_loss(torch.randn(4, 1), torch.randn(4)).shape)
attempt("nll float target", lambda: F.nll_loss(torch.randn(4, 3).log_softmax(1),
                                                torch.tensor([0.0, 1.0, 2.0, 1.0])))
attempt("ce batch mismatch", lambda: F.cross_entropy(torch.randn(4, 3), torch.tensor([0, 1])))
attempt("bce out of range", lambda: F.binary_cross_entropy(torch.tensor([1.5]),
                                                          torch.tensor([1.0])))
attempt("bce target size", lambda: F.binary_cross_entropy_with_logits(torch.randn(4, 1),
                                                                     torch.randn(4)))
attempt("float index", lambda: x[torch.tensor([0.0, 1.0])])
attempt("embedding float", lambda: nn.Embedding(10, 3)(torch.tensor([1.0, 2.0])))
attempt("embedding range", lambda: nn.Embedding(10, 3)(torch.tensor([1, 10])))
attempt("gather dtype", lambda: torch.gather(x, 1, torch.tensor([[0.0]])))
attempt("gather dims", lambda: torch.gather(x, 1, torch.tensor([0, 1])))
attempt("scatter_add dtype", lambda: torch.zeros(3).scatter_add(0, torch.tensor([0.0]),
                                                                torch.ones(1)))
attempt("index_add dtype", lambda: torch.zeros(3).index_add(0, torch.tensor([0.0]), torch.ones(1)))
attempt("multi margin float", lambda: F.multi_margin_loss(torch.randn(3, 4), torch.ones(3)))
attempt("index_select dtype", lambda: x.index_select(0, torch.tensor([0.5])))
attempt("scatter dtype", lambda: torch.zeros(3).scatter_(0, torch.tensor([0]), torch.ones(1,
                                                         dtype=torch.float64)))
attempt("one_hot float", lambda: F.one_hot(torch.tensor([0.0, 1.0])))
attempt("one_hot classes", lambda: F.one_hot(torch.tensor([0, 3]), num_classes=3))
attempt("batchnorm channels", lambda: nn.BatchNorm1d(5)(torch.randn(4, 3)))
attempt("batchnorm one value", lambda: nn.BatchNorm1d(3)(torch.randn(1, 3)))
attempt("layernorm shape", lambda: nn.LayerNorm(4)(x))
attempt("conv2d rank", lambda: nn.Conv2d(3, 4, 3)(torch.randn(3, 8)))
attempt("conv kernel too big", lambda: nn.Conv2d(1, 1, 5)(torch.randn(1, 1, 3, 3)))
attempt("maxpool too small", lambda: F.max_pool2d(torch.randn(1, 1, 1, 1), 2))
attempt("lstm input size", lambda: nn.LSTM(3, 4)(torch.randn(5, 2, 6)))
attempt("lstm hidden shape", lambda: nn.LSTM(3, 4)(torch.randn(5, 2, 3),
                                                   (torch.zeros(1, 2, 4), torch.zeros(2, 4))))
attempt("double weight float input", lambda: nn.Linear(3, 2).double()(x))
attempt("half long add", lambda: (torch.ones(2, dtype=torch.long) + 0.5).dtype)
attempt("inplace promotion", lambda: torch.ones(2, dtype=torch.long).add_(0.5))
attempt("int mean", lambda: torch.arange(4).mean())
attempt("softmax no dim", lambda: torch.arange(4.0).softmax())
attempt("argmax keepdim", lambda: torch.randn(2, 3).argmax(dim=2))
attempt("sum dim tuple", lambda: torch.randn(2, 3).sum(dim=(0, 0)))
attempt("permute dims", lambda: torch.randn(2, 3).permute(0, 2))
attempt("transpose range", lambda: torch.randn(2, 3).transpose(0, 2))
attempt("squeeze range", lambda: torch.randn(2, 3).squeeze(3))
attempt("unsqueeze range", lambda: torch.randn(2, 3).unsqueeze(4))
attempt("split sizes", lambda: torch.randn(5).split([2, 2]))
attempt("chunk zero", lambda: torch.randn(5).chunk(0))
attempt("repeat fewer dims", lambda: torch.randn(2, 3).repeat(2))
attempt("flatten range", lambda: torch.randn(2, 3).flatten(0, 3))
attempt("narrow length", lambda: torch.randn(5).narrow(0, 3, 4))
attempt("topk too many", lambda: torch.randn(3).topk(4))
attempt("multinomial negative", lambda: torch.multinomial(torch.tensor([0.5, -0.1]), 1))
attempt("multinomial no replace", lambda: torch.multinomial(torch.tensor([0.5, 0.5]), 3))
attempt("randint bounds", lambda: torch.randint(5, 2, (3,)))
attempt("arange step", lambda: torch.arange(0, 5, 0))
attempt("full bool", lambda: torch.full((2,), 1.5, dtype=torch.bool))
attempt("tensor ragged", lambda: torch.tensor([[1, 2], [3]]))
attempt("stack empty", lambda: torch.stack([]))


def grad_of_non_leaf():
    a = torch.ones(2, requires_grad=True)
    b = a * 2
    (b * b).sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        grad = b.grad
    return grad, [str(w.message)[:60] for w in caught]


def set_requires_grad_non_leaf():
    a = torch.ones(2, requires_grad=True)
    (a * 2).requires_grad_(False)


def optimizer_non_leaf():
    a = torch.ones(2, requires_grad=True)
    torch.optim.SGD([a * 2], lr=0.1)


def optimizer_same_param_twice():
    w = nn.Parameter(torch.ones(2))
    torch.optim.SGD([{"params": [w]}, {"params": [w]}], lr=0.1)


def load_wrong_shapes():
    model = nn.Linear(3, 2)
    model.load_state_dict({"weight": torch.zeros(2, 4), "bias": torch.zeros(2)})


def load_missing_keys():
    model = nn.Sequential(nn.Linear(3, 2))
    model.load_state_dict({"weight": torch.zeros(2, 3)})


def module_not_module():
    model = nn.Module()
    model.add_module("layer", torch.ones(2))


def parameter_assign_tensor():
    model = nn.Linear(2, 2)
    model.weight = torch.ones(2, 2)


def grad_on_integer_output():
    a = torch.ones(2, requires_grad=True)
    return torch.autograd.grad(a.argmax(), a)


def unused_input():
    a, b = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    return torch.autograd.grad((a * 2).sum(), [a, b])


def resize_requires_grad():
    a = torch.ones(2, requires_grad=True)
    a.resize_(4)


def detach_inplace_view():
    a = torch.ones(4, requires_grad=True).clone()
    view = a[:2]
    view.detach_()


attempt("grad of non-leaf", grad_of_non_leaf)
attempt("requires_grad_ non-leaf", set_requires_grad_non_leaf)
attempt("optimizer non-leaf", optimizer_non_leaf)
attempt("optimizer duplicate", optimizer_same_param_twice)
attempt("load wrong shapes", load_wrong_shapes)
attempt("load missing keys", load_missing_keys)
attempt("add_module tensor", module_not_module)
attempt("assign tensor to parameter", parameter_assign_tensor)
attempt("grad of argmax", grad_on_integer_output)
attempt("grad unused input", unused_input)
attempt("resize requires_grad", resize_requires_grad)
attempt("detach_ on view", detach_inplace_view)
