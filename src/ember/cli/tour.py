"""``ember tour``: the autograd tutorials' concepts, run live, with the chain rule shown.

Each step is a cell of real code, run statement by statement as in Python's interactive
prompt (``>>>`` lines, then what they print), in a namespace where ``torch`` is ember. The
cells follow the order a learner meets the ideas: requires_grad and backward, the chain rule,
vectors, accumulation, retain_grad, retain_graph, no_grad/detach, the vector-Jacobian product,
a custom Function, and linear regression by hand.
"""
from __future__ import annotations

import ast
import contextlib
import io
import os
import sys
import textwrap
import time

import numpy as np

import ember

from .. import viz
from ._common import INSTALL, writable_folder

STEPS = [
    ("requires_grad and backward",
     "A tensor made with requires_grad=True records every operation applied to it. "
     "backward() then computes dy/dx by the chain rule and stores it in x.grad. "
     "For y = x^2 + 3x + 1, dy/dx = 2x + 3, which is 7 at x = 2.",
     """
x = torch.tensor(2.0, requires_grad=True)
y = x**2 + 3*x + 1
print(y)
explain(y)
y.backward()
print(x.grad)
draw(y, "01-polynomial")
"""),
    ("the chain rule, with your numbers",
     "y = a*x^2 + b*x + 1 and z = y^2 + 2*y at x = 1, a = 2, b = 3. By hand: "
     "dz/dy = 2y + 2 and dy/dx = 2ax + b, so dz/dx = (2y + 2)(2ax + b). explain() shows the "
     "same computation as backward() does it: one node at a time, local derivative times "
     "incoming gradient.",
     """
x = torch.tensor(1.0, requires_grad=True)
a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
y = a * x**2 + b * x + 1
z = y**2 + 2*y
print(f"y = {y.item():g}, z = {z.item():g}")
explain(z)
z.backward()
print(f"dz/dx = {x.grad.item():g}, dz/da = {a.grad.item():g}, dz/db = {b.grad.item():g}")
dz_dy = 2 * y.item() + 2
dy_dx = 2 * a.item() * x.item() + b.item()
print(f"by hand: dz/dy = 2y + 2 = {dz_dy:g}, dy/dx = 2ax + b = {dy_dx:g}, "
      f"dz/dx = {dz_dy:g} × {dy_dx:g} = {dz_dy * dy_dx:g}")
draw(z, "02-chain-rule")
"""),
    ("a longer polynomial",
     "y = 2x^4 + x^3 + 3x^2 + 5x + 1 at x = 2 is 63; y' = 8x^3 + 3x^2 + 6x + 5.",
     """
x = torch.tensor(2.0, requires_grad=True)
y = 2*x**4 + x**3 + 3*x**2 + 5*x + 1
print(y)
y.backward()
print(x.grad)
print(f"by hand: y' = 8·2³ + 3·2² + 6·2 + 5 = 64 + 12 + 12 + 5 = {8*8 + 3*4 + 6*2 + 5}")
"""),
    ("vectors: one gradient per element",
     "backward() needs a scalar, so vector results are summed (or averaged) first. "
     "Each element of x then gets its own partial derivative.",
     """
v = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
loss = (v**2 + v*3 + 1).sum()
loss.backward()
print(v.grad)
print(2*v.detach() + 3)
m = torch.ones((2, 2)).requires_grad_()
c = (m ** 2).mean()
explain(c)
c.backward()
print(m.grad)
"""),
    ("gradients accumulate: zero_()",
     "backward() adds into .grad rather than overwriting it. Training loops clear it "
     "with .grad.zero_() (or optimizer.zero_grad()) before each step.",
     """
p = torch.tensor(1.0, requires_grad=True)
for iteration in range(3):
    out = p**2 + iteration
    out.backward()
    print(f"iteration {iteration + 1}: p.grad = {p.grad}")
print(p.grad.zero_())
"""),
    ("retain_grad: gradients of intermediate results",
     "Only leaves keep .grad. Call retain_grad() on an intermediate result to keep its "
     "gradient too. With y = 3x + 2, z = 2y^2 and out = mean(z) over 6 elements: "
     "dout/dy = 4y/6 and dout/dx = 4y/6 · 3 = 2y.",
     """
x = torch.tensor([[1., 2, 3], [3, 2, 1]], requires_grad=True)
y = 3 * x + 2
y.retain_grad()
z = 2 * y**2
out = z.mean()
out.backward()
print(x.grad)
print(y.grad)
"""),
    ("retain_graph: backward twice",
     "backward() frees the values the graph saved (here x, needed for d(x^2)/dx = 2x) as "
     "soon as it has used them. A second backward() through the same graph fails unless "
     "the first one kept them with retain_graph=True.",
     """
x = torch.tensor(3.0, requires_grad=True)
y = x**2
y.backward(retain_graph=True)
y.backward()
print(x.grad)
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", str(error)[:74] + "...")
"""),
    ("no_grad and detach: stop recording",
     "Inside no_grad() nothing is recorded, and detach() gives a tensor that shares the "
     "values but has no history: both are how updates and evaluation avoid building graphs.",
     """
x = torch.tensor(1.0, requires_grad=True)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)
print((x ** 2).detach().requires_grad)
"""),
    ("the vector-Jacobian product",
     "For a vector result y, backward(v) computes vᵀJ, the vector v times the Jacobian "
     "dy/dx, without ever forming J. For y = x^2 elementwise, J = diag(2x), so x.grad = 2x·v.",
     """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
v = torch.tensor([1.0, 0.1, 0.01])
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)
explain(y, gradient=v)
y.backward(v)
print(x.grad)
"""),
    ("a custom Function",
     "A Function defines forward and its own backward; ember records it like any built-in "
     "op. gradcheck compares the backward with finite differences.",
     """
class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x ** 2

x = torch.tensor(2.0, requires_grad=True)
y = Cube.apply(x)
print(y)
y.backward()
print(x.grad)
x64 = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(Cube.apply, (x64,)))
"""),
    ("linear regression by hand",
     "Fit y = w·x + b to 100 noisy points with plain gradient descent: forward, loss, "
     "backward, update under no_grad, zero the gradients.",
     """
torch.manual_seed(42)
inputs = torch.randn(100, 1)
targets = inputs * 2.0 + 1.0 + 0.1 * torch.randn(100, 1)
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
for epoch in range(100):
    loss = ((w * inputs + b - targets) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.01 * w.grad
        b -= 0.01 * b.grad
        w.grad.zero_()
        b.grad.zero_()
    if (epoch + 1) % 20 == 0:
        print(f"epoch {epoch + 1}: loss = {loss.item():.4f}, w = {w.item():.4f}, "
              f"b = {b.item():.4f}")
print(f"learned w = {w.item():.4f} (true 2.0), b = {b.item():.4f} (true 1.0)")
"""),
]


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "tour", help="a guided tour of autograd, run live (start here)",
        description="Walk through autograd's core ideas with real code: requires_grad, "
                    "backward, accumulation, retain_grad, retain_graph, no_grad, the "
                    "vector-Jacobian product, a custom Function and linear regression, with "
                    "the chain rule worked out by ember.viz.explain.",
        epilog="example: ember tour --out pictures   (graph pictures go to pictures/)")
    parser.add_argument("--out", metavar="DIR", default="ember-tour",
                        help="folder for the graph pictures (default: ember-tour); needs "
                             "Graphviz")
    parser.add_argument("--no-pictures", action="store_true",
                        help="do not write graph pictures")
    parser.set_defaults(run=run, command_parser=parser)
    return parser


class _Pictures:
    """Writes graph pictures into a folder, or notes once why it does not."""

    def __init__(self, folder, enabled):
        self.folder = folder
        self.enabled = enabled and viz.graphviz_available()
        self.written = []

    def __call__(self, tensor, name):
        if self.enabled:
            os.makedirs(self.folder, exist_ok=True)
            path = os.path.join(self.folder, name + ".svg")
            viz.graph(tensor, _frame=sys._getframe(1)).render(path)
            self.written.append(path)
            print(f"graph picture: {path}")


def _print_block(text, prefix="    "):
    for line in text.splitlines():
        print(prefix + line if line else prefix.rstrip())


def run_cell(code, namespace):
    """Run ``code`` statement by statement, echoing each as the interactive prompt shows it.

    Cells print what they show explicitly (as a script would), so a statement's value is
    never echoed on its own.
    """
    code = textwrap.dedent(code).strip("\n")
    tree = ast.parse(code)
    for statement in tree.body:
        source = ast.get_source_segment(code, statement, padded=True)
        lines = source.splitlines()
        print("    >>> " + lines[0])
        for line in lines[1:]:
            print("    ... " + line)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(source + "\n", "<ember tour>", "exec"), namespace)
        _print_block(output.getvalue())


def run(args, parser=None):
    start = time.perf_counter()
    if not args.no_pictures:
        writable_folder(args.out, "--out")
    pictures = _Pictures(args.out, not args.no_pictures)
    print(f"ember tour: autograd in {len(STEPS)} steps, run live "
          f"(ember {ember.version.ember_version}, NumPy {np.__version__})")
    print("Each cell runs as shown after `import ember as torch` and "
          "`from ember.viz import explain, graph`;")
    print(f"draw(t, name) writes graph(t).render('{args.out}/name.svg').")
    if args.no_pictures:
        print("Graph pictures: off (--no-pictures).")
    elif not pictures.enabled:
        print(f"Graph pictures: skipped, Graphviz not found (to draw them: "
              f"{INSTALL['graphviz']}).")
    for number, (title, prose, code) in enumerate(STEPS, 1):
        print()
        print(f"== {number}. {title} ==")
        for line in textwrap.wrap(prose, 96):
            print(line)
        namespace = {"torch": ember, "explain": viz.explain, "graph": viz.graph,
                     "draw": pictures, "__name__": "__tour__"}
        run_cell(code, namespace)
    print()
    if pictures.written:
        print(f"{len(pictures.written)} graph pictures written to {args.out}/")
    print(f"Tour finished in {time.perf_counter() - start:.1f} s. Next: ember grad "
          "\"sin(x)*y\" --at x=1 --at y=2 --explain")
    return 0
