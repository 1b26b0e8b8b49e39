import torch
import torch.fx
from torch.fx.passes.shape_prop import ShapeProp


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 3)

    def forward(self, x, y, n: int):
        h = self.lin(x).relu()
        return h.sum(1), torch.cat([h, y], 1).shape[1] * n, h.t().to(torch.int64), h.bool()


torch.manual_seed(0)
gm = torch.fx.symbolic_trace(Block())
print(gm.print_readable(print_output=False))  # nothing known yet: no annotations
ShapeProp(gm).propagate(torch.randn(2, 4), torch.randn(2, 5).double(), 3)
print(gm.print_readable(print_output=False))
for node in gm.graph.nodes:
    print(node.name, node.meta.get("tensor_meta"))
print(gm.code)  # the code itself stays unannotated


def f(x: torch.Tensor, n: int) -> torch.Tensor:
    return x.t() * n


g = torch.fx.symbolic_trace(f)
ShapeProp(g).propagate(torch.randn(2, 3), 3)
print(g.print_readable(print_output=False, include_stride=True, include_device=True))
# A tensor in meta["val"] wins over tensor_meta, and brings strides and device along.
for node in g.graph.nodes:
    if node.op != "output":
        node.meta["val"] = torch.randn(2, 3).t() if node.name != "n" else 3
print(g.print_readable(print_output=False, include_stride=True, include_device=True))
print(g.print_readable(print_output=False, include_stride=True))
print(g.print_readable(print_output=False))
