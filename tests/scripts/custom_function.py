import torch


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 0.5 * (5 * x ** 3 - 3 * x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * x ** 2 - 1)


class ScaledMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, scale):
        ctx.save_for_backward(a, b)
        ctx.scale = scale
        return a * b * scale

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        print("needs_input_grad:", ctx.needs_input_grad)
        grad_a = grad * b * ctx.scale if ctx.needs_input_grad[0] else None
        grad_b = grad * a * ctx.scale if ctx.needs_input_grad[1] else None
        return grad_a, grad_b, None


class Clip(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        mask = x.abs() < 1
        ctx.save_for_backward(mask)
        return x.clamp(-1, 1)

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        return grad * mask


torch.manual_seed(0)
x = torch.randn(4, requires_grad=True)
y = Exp.apply(x)
print(y)
print(type(y.grad_fn).__name__)
y.sum().backward()
print(x.grad)
print(torch.allclose(x.grad, x.exp()))

# fitting y = sin(x) with a Legendre polynomial, as in the classic tutorial
dtype = torch.float
xs = torch.linspace(-3.14159, 3.14159, 2000, dtype=dtype)
ys = torch.sin(xs)
a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)
learning_rate = 5e-6
for t in range(300):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * xs)
    loss = (y_pred - ys).pow(2).sum()
    if t % 100 == 99:
        print(t, round(loss.item(), 2))
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None
print(f"Result: y = {a.item():.3f} + {b.item():.3f} * P3({c.item():.3f} + {d.item():.3f} x)")

p = torch.randn(3, requires_grad=True)
q = torch.randn(3)
out = ScaledMul.apply(p, q, 2.0)
out.sum().backward()
print(p.grad, q.grad)

z = torch.tensor([-2.0, -0.5, 0.5, 2.0], requires_grad=True)
Clip.apply(z).sum().backward()
print(z.grad)

double = torch.tensor([0.3, 0.7], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(LegendrePolynomial3.apply, (double,)))
print(torch.autograd.gradcheck(Exp.apply, (double,)))
