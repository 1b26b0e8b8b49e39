import torch
import torch.nn as nn


def attempt(label, fn):
    try:
        result = fn()
        print(label, "-> no error:", result)
    except Exception as error:
        print(label, "->", type(error).__name__ + ":", error)


a = torch.randn(2, 3)
b = torch.randn(4, 5)
attempt("matmul shapes", lambda: a @ b)
attempt("mm shapes", lambda: torch.mm(a, b))
attempt("add shapes", lambda: a + b)
attempt("linear input", lambda: nn.Linear(4, 2)(a))
attempt("cat shapes", lambda: torch.cat([a, b]))
attempt("view size", lambda: a.view(4, 2))
attempt("reshape size", lambda: a.reshape(5))


def backward_twice():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * 2).sum()
    y.backward()
    y.backward()


attempt("backward twice", backward_twice)


def inplace_on_leaf():
    w = torch.ones(3, requires_grad=True)
    w.add_(1)


attempt("in-place on leaf", inplace_on_leaf)


def view_non_contiguous():
    x = torch.arange(6).view(2, 3).t()
    return x.view(6)


attempt("view on non-contiguous", view_non_contiguous)


def backward_non_scalar():
    x = torch.ones(3, requires_grad=True)
    (x * 2).backward()


attempt("backward non-scalar", backward_non_scalar)


def no_grad_tensor():
    x = torch.ones(3)
    x.sum().backward()


attempt("backward without grad", no_grad_tensor)


def modified_saved():
    x = torch.ones(3, requires_grad=True)
    y = x.sigmoid()
    y.mul_(2)
    y.sum().backward()


attempt("modified saved tensor", modified_saved)
attempt("numpy on requires_grad", lambda: torch.ones(2, requires_grad=True).cpu().numpy())
attempt("item on many", lambda: torch.ones(3).item())
attempt("index out of range", lambda: torch.arange(3)[5])
attempt("dim out of range", lambda: torch.ones(2, 3).sum(dim=2))
attempt("int requires grad", lambda: torch.tensor([1, 2], requires_grad=True))
attempt("cross entropy target dtype",
        lambda: nn.functional.cross_entropy(torch.randn(2, 3), torch.tensor([0.0, 1.0])))
attempt("cross entropy target range",
        lambda: nn.functional.cross_entropy(torch.randn(2, 3), torch.tensor([0, 5])))
attempt("float long matmul", lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.long))
attempt("conv input channels", lambda: nn.Conv2d(3, 4, 3)(torch.randn(1, 1, 8, 8)))
attempt("bool of tensor", lambda: bool(torch.tensor([1, 2])))
attempt("expand", lambda: torch.ones(2, 3).expand(4, 3))
attempt("stack shapes", lambda: torch.stack([torch.ones(2), torch.ones(3)]))
attempt("leaf grad access", lambda: (torch.ones(2, requires_grad=True) * 2).grad)
