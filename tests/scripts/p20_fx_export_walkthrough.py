import torch
import operator

import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from torch.fx import symbolic_trace
from torch.fx.passes.shape_prop import ShapeProp

torch.manual_seed(0)


class MyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.param = nn.Parameter(torch.rand(3, 4))
        self.linear = nn.Linear(4, 5)

    def forward(self, x):
        return self.linear(x + self.param).clamp(min=0.0, max=1.0)


module = MyModule()
symbolic_traced: torch.fx.GraphModule = symbolic_trace(module)
print(symbolic_traced.graph)
print(symbolic_traced.code)
for node in symbolic_traced.graph.nodes:
    print(node.op, node.name, node.target if node.op != "call_function" else node.target.__name__,
          [str(a) for a in node.args])
x = torch.rand(3, 4)
print("traced equal", torch.equal(symbolic_traced(x), module(x)))


# graph manipulation: replace add with mul
def transform(m: nn.Module, tracer_class: type = torch.fx.Tracer) -> nn.Module:
    graph: torch.fx.Graph = tracer_class().trace(m)
    for node in graph.nodes:
        if node.op == 'call_function':
            if node.target == operator.add:
                node.target = operator.mul
    graph.lint()
    return torch.fx.GraphModule(m, graph)


transformed = transform(module)
print(transformed.code)
print("mul version", torch.allclose(transformed(x),
                                    module.linear(x * module.param).clamp(0, 1)))


# inserting nodes: relu after every linear call
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(torch.sigmoid(self.fc1(x)))


traced = symbolic_trace(Net())
graph = traced.graph
for node in list(graph.nodes):
    if node.op == "call_module" and node.target == "fc1":
        with graph.inserting_after(node):
            new_node = graph.call_function(torch.relu, args=(node,))
            node.replace_all_uses_with(new_node)
            new_node.args = (node,)
graph.lint()
traced.recompile()
print(traced.code)
print([n.name for n in traced.graph.nodes])


# replace a pattern: decompose F.relu(x) into (x > 0) * x
def relu_decomposition(x):
    return (x > 0) * x


decomposition_rules = {F.relu: relu_decomposition}


def decompose(model: torch.nn.Module, tracer_class: type = torch.fx.Tracer) -> torch.nn.Module:
    graph: torch.fx.Graph = tracer_class().trace(model)
    new_graph = torch.fx.Graph()
    env = {}
    tracer = torch.fx.proxy.GraphAppendingTracer(new_graph)
    for node in graph.nodes:
        if node.op == 'call_function' and node.target in decomposition_rules:
            proxy_args = [
                torch.fx.Proxy(env[x.name], tracer) if isinstance(x, torch.fx.Node) else x
                for x in node.args]
            output_proxy = decomposition_rules[node.target](*proxy_args)
            new_node = output_proxy.node
            env[node.name] = new_node
        else:
            new_node = new_graph.node_copy(node, lambda x: env[x.name])
            env[node.name] = new_node
    return torch.fx.GraphModule(model, new_graph)


class ReluNet(nn.Module):
    def forward(self, x):
        return F.relu(x) + 1


decomposed = decompose(ReluNet())
print(decomposed.code)
t = torch.tensor([-1.0, 0.5, 2.0])
print(decomposed(t), ReluNet()(t))


# shape propagation and an interpreter that counts calls
gm = symbolic_trace(Net())
ShapeProp(gm).propagate(torch.randn(2, 4))
for node in gm.graph.nodes:
    meta = node.meta.get('tensor_meta')
    print(node.name, tuple(meta.shape) if meta is not None else None,
          meta.dtype if meta is not None else None)


class CountingInterpreter(torch.fx.Interpreter):
    def __init__(self, gm):
        super().__init__(gm)
        self.calls = {}

    def call_module(self, target, args, kwargs):
        self.calls[target] = self.calls.get(target, 0) + 1
        return super().call_module(target, args, kwargs)

    def call_function(self, target, args, kwargs):
        self.calls[target.__name__] = self.calls.get(target.__name__, 0) + 1
        return super().call_function(target, args, kwargs)


interp = CountingInterpreter(gm)
out = interp.run(torch.randn(2, 4))
print(out.shape, interp.calls)


# torch.export
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)

    def forward(self, x, y):
        a = self.bn(self.conv(x))
        return torch.relu(a).sum(dim=(2, 3)) + y


example_args = (torch.randn(2, 3, 8, 8), torch.randn(2, 4))
exported_program = torch.export.export(M().eval(), example_args)
print(type(exported_program).__name__)
print(exported_program.module()(*example_args).shape)
sig = exported_program.graph_signature
print(sig.user_inputs, sig.parameters, sig.buffers)
print(sorted(exported_program.state_dict.keys()))
eager = M().eval()
eager.load_state_dict(exported_program.state_dict)
print("export equal", torch.allclose(exported_program.module()(*example_args),
                                     eager(*example_args)))
try:
    exported_program.module()(torch.randn(3, 3, 8, 8), torch.randn(3, 4))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0][:60])
