"""The backward pass written out as a derivation a learner can check by hand.

``explain`` replays backward itself: it walks the graph in the engine's order and calls each
node's own derivative rule (``node.apply``) on the gradient that reached it, so the numbers
it prints are the ones ``backward()`` computes. Beside each rule it prints the textbook local
derivative from a table keyed by grad_fn name (MulBackward0: the other operand, ...), the
incoming gradient, and their product. The replay writes no ``.grad`` and frees nothing.
"""
from __future__ import annotations

import io
import sys

import numpy as np

from .._tensor import Tensor
from ..autograd import grad_mode
from ..autograd.graph import (FREED, AccumulateGrad, SavedTensor, _materialize,
                              gradient_edge)
from ._walk import (SMALL, Names, fmt_number, fmt_shape, fmt_value, root_node, topological,
                    walk)

# Local derivative of a node's output with respect to each input, in terms of the operands
# ({0}, {1}), the exponent {n} and the output {out}. One entry per input.
FORMULAS = {
    "AddBackward0": ("1", "1"),
    "SubBackward0": ("1", "-1"),
    "RsubBackward1": ("-1", "1"),
    "MulBackward0": ("{1}", "{0}"),
    "DivBackward0": ("1/{1}", "-{0}/{1}²"),
    "PowBackward0": ("{n}·{0}^{n_1}",),
    "PowBackward1": ("{1}·{0}^({1} - 1)", "{0}^{1}·log({0})"),
    "NegBackward0": ("-1",),
    "ExpBackward0": ("exp({0})",),
    "LogBackward0": ("1/{0}",),
    "SinBackward0": ("cos({0})",),
    "CosBackward0": ("-sin({0})",),
    "TanBackward0": ("1 + tan²({0})",),
    "TanhBackward0": ("1 - tanh²({0})",),
    "SigmoidBackward0": ("σ({0})·(1 - σ({0}))",),
    "ReluBackward0": ("1 where {0} > 0, else 0",),
    "AbsBackward0": ("sign({0})",),
    "SqrtBackward0": ("1/(2·sqrt({0}))",),
    "ReciprocalBackward0": ("-1/{0}²",),
    "SumBackward0": ("1 for every element",),
    "SumBackward1": ("1 for every summed element",),
    "MeanBackward0": ("1/N for every element (N = {numel})",),
    "MeanBackward1": ("1/N for every averaged element",),
    "MmBackward0": ("grad @ {1}ᵀ", "{0}ᵀ @ grad"),
    "MvBackward0": ("outer(grad, {1})", "{0}ᵀ @ grad"),
    "DotBackward0": ("{1}", "{0}"),
    "ViewBackward0": ("grad reshaped back to the input's shape",),
    "UnsafeViewBackward0": ("grad reshaped back to the input's shape",),
    "TBackward0": ("grad transposed back",),
    "TransposeBackward0": ("grad transposed back",),
    "PermuteBackward0": ("grad permuted back",),
    "ExpandBackward0": ("grad summed over the expanded dimensions",),
    "CloneBackward0": ("1",),
    "AddmmBackward0": ("1, summed over the batch", "grad @ {2}ᵀ", "{1}ᵀ @ grad"),
    "GeluBackward0": ("Φ({0}) + {0}·φ({0})",),
    "SoftmaxBackward0": ("softmax·(grad - sum(grad·softmax))",),
    "LogSoftmaxBackward0": ("grad - softmax·sum(grad)",),
    "NllLossBackward0": ("-1/N at each row's target class, 0 elsewhere",),
    "MseLossBackward0": ("2·({0} - {1})/N", "-2·({0} - {1})/N"),
    "BinaryCrossEntropyWithLogitsBackward0": ("(σ({0}) - {1})/N",),
    "NativeLayerNormBackward0": ("(grad·γ - mean(grad·γ) - x̂·mean(grad·γ·x̂))/σ",
                                 "grad·x̂ summed over the batch", "grad summed over the batch"),
    "EmbeddingBackward0": ("grad rows added into the rows that were looked up",),
    "ConvolutionBackward0": ("grad correlated with the kernel (a transposed convolution)",
                             "input patches correlated with grad",
                             "grad summed over batch and positions"),
    "MaxPool2DWithIndicesBackward0": ("grad routed to each window's maximum",),
}

# Ops whose Jacobian is diagonal: their local derivative is one number per element.
ELEMENTWISE = {"AddBackward0", "SubBackward0", "RsubBackward1", "MulBackward0", "DivBackward0",
               "PowBackward0", "PowBackward1", "NegBackward0", "ExpBackward0", "LogBackward0",
               "SinBackward0", "CosBackward0", "TanBackward0", "TanhBackward0",
               "SigmoidBackward0", "ReluBackward0", "AbsBackward0", "SqrtBackward0",
               "ReciprocalBackward0", "CloneBackward0"}

# How a node's output is written in terms of its operands, to name unnamed intermediates.
EXPRESSIONS = {
    "AddBackward0": "{0} + {1}", "SubBackward0": "{0} - {1}", "RsubBackward1": "{1} - {0}",
    "MulBackward0": "{0}*{1}", "DivBackward0": "{0}/{1}", "PowBackward0": "{0}**{n}",
    "PowBackward1": "{0}**{1}", "NegBackward0": "-{0}", "MmBackward0": "{0} @ {1}",
    "MvBackward0": "{0} @ {1}", "DotBackward0": "{0} @ {1}", "TBackward0": "{0}.t()",
}
_FUNCTION_EXPRESSIONS = {"ExpBackward0": "exp", "LogBackward0": "log", "SinBackward0": "sin",
                         "CosBackward0": "cos", "TanBackward0": "tan", "TanhBackward0": "tanh",
                         "SigmoidBackward0": "sigmoid", "ReluBackward0": "relu",
                         "AbsBackward0": "abs", "SqrtBackward0": "sqrt", "SumBackward0": "sum",
                         "SumBackward1": "sum", "MeanBackward0": "mean", "MeanBackward1": "mean"}
_ADDITIVE = {"AddBackward0", "SubBackward0", "RsubBackward1"}
# Longer reconstructed expressions are replaced by short symbols (t1, t2...).
_MAX_EXPRESSION = 24


class _Replay:
    """One backward pass run by hand: what reached each node, and what each node sent on."""

    def __init__(self, root, seed, nodes):
        self.incoming = {}   # node -> [(sender or None, gradient)] for output 0..n
        self.outgoing = {}   # node -> gradients per input edge
        pending = {root: [[(None, seed)]]}
        for node in topological(root, nodes):
            parts = pending.pop(node, None)
            if parts is None:
                continue
            self.incoming[node] = parts
            if type(node) is AccumulateGrad:
                continue
            grads = _materialize(node, [_total(p) for p in parts])
            self.outgoing[node] = _apply(node, grads)
            for (child, nr), grad in zip(node.next_functions, self.outgoing[node]):
                if child is None or grad is None:
                    continue
                slots = pending.setdefault(child, [[] for _ in range(child._num_outputs)])
                slots[nr].append((node, grad))

    def total(self, node, output_nr=0):
        parts = self.incoming.get(node)
        return None if parts is None else _total(parts[output_nr])


def _total(parts):
    total = None
    for _, grad in parts:
        total = grad if total is None else total + grad
    return total


def _apply(node, grads):
    try:
        return list(node.apply(*grads))
    except RuntimeError as error:
        if "second time" in str(error):
            raise RuntimeError("explain() replays the backward pass, which needs the values the "
                               "graph saved, and backward() has freed them: call explain() "
                               "before .backward(), or use .backward(retain_graph=True)") from None
        raise


def _saved_operands(node):
    """Saved values by input position (Mul, Div, Pow save their inputs in order)."""
    saved = () if node._saved is FREED else node._saved
    values = []
    for item in saved:
        if isinstance(item, SavedTensor):
            values.append(item.unpack(node))
        else:
            values.append(item)
    return values


class _Labels:
    """Readable names for every node's output: variables, short expressions, or t1, t2..."""

    def __init__(self, names, order, root, root_name):
        self.names = names
        self.labels = {}
        self.symbols = 0
        # Children first, so an expression can use its operands' labels.
        for node in reversed(order):
            self.labels[node] = self._label(node)
        self.labels[root] = root_name

    def _label(self, node):
        name = self.names.of_node(node)
        if name is not None:
            return name
        if type(node) is AccumulateGrad:
            return "leaf" + fmt_shape(node.variable.shape)
        expression = _expression(node, self.operands(node))
        if expression is not None and len(expression) <= _MAX_EXPRESSION:
            return expression
        self.symbols += 1
        return f"t{self.symbols}"

    def operands(self, node):
        """Labels of a node's inputs: other nodes' labels, or constants the node saved."""
        saved = _saved_operands(node)
        operands = []
        for index, (child, output_nr) in enumerate(node.next_functions):
            if child is not None:
                operands.append(self.edge(child, output_nr))
                continue
            value = saved[index] if index < len(saved) else None
            if isinstance(value, Tensor):
                operands.append(self.names.of_tensor(value) or _constant_label(value))
            elif value is not None:
                operands.append(fmt_number(value))
            else:
                operands.append("const")
        return operands

    def edge(self, node, output_nr=0):
        """The label of one output of a node: its variable name, else the node's label with
        the output's index when the node has several (split, unbind...)."""
        name = self.names.of_node(node, output_nr)
        if name is not None:
            return name
        label = self.labels.get(node, "?")
        return f"{label}[{output_nr}]" if node._num_outputs > 1 else label

    def __getitem__(self, node):
        return self.labels[node]


def _constant_label(tensor):
    return fmt_value(tensor) if tensor.numel() == 1 else "const"


def _group(label):
    return f"({label})" if " " in label else label


def _expression(node, operands):
    name = node.name()
    if name in _FUNCTION_EXPRESSIONS:
        return f"{_FUNCTION_EXPRESSIONS[name]}({operands[0]})"
    template = EXPRESSIONS.get(name)
    if template is None or len(operands) < template.count("{") - ("{n}" in template):
        return None
    if name not in _ADDITIVE:
        operands = [_group(label) for label in operands]
    if name == "MulBackward0" and node.next_functions[1][0] is None and \
            node.next_functions[0][0] is not None:
        return f"{operands[1]}*{operands[0]}"  # 2*y reads better than y*2
    exponent = getattr(node, "exponent", None)
    return template.format(*operands, n=fmt_number(exponent) if exponent is not None else "n")


def _formula(node, index, operands, values):
    """(symbolic local derivative, the same with numbers substituted or None)."""
    templates = FORMULAS.get(node.name())
    if templates is None or index >= len(templates):
        return f"{node.name()}'s own backward rule", None
    exponent = getattr(node, "exponent", None)
    extra = {"n": "n", "n_1": "(n-1)", "numel": "N"}
    if exponent is not None:
        extra.update(n=fmt_number(exponent), n_1=fmt_number(exponent - 1))
    input_meta = node._input_meta[index] if index < len(node._input_meta) else None
    if input_meta is not None:
        extra["numel"] = str(int(np.prod(input_meta[0], dtype=np.int64)))
    template = templates[index]
    if exponent == 2:
        template = template.replace("{0}^{n_1}", "{0}")
    symbolic = template.format(*[_group(o) for o in operands], **extra)
    if not any(f"{{{i}}}" in template for i in range(len(operands))):
        return symbolic, None
    if any(v is None for v in values):
        return symbolic, None
    numbers = template.format(*[_group(v) for v in values], **extra)
    return symbolic, (numbers if numbers != symbolic else None)


def _scalar_values(node):
    """Numbers of a node's inputs, where it saved them and they are single values."""
    values = []
    for value in _saved_operands(node):
        if isinstance(value, Tensor):
            values.append(fmt_value(value) if value.numel() == 1 else None)
        elif value is not None:
            values.append(fmt_number(value))
        else:
            values.append(None)
    values += [None] * (len(node.next_functions) - len(values))
    return values


def _d(top, bottom):
    """dtop/dbottom, with compound labels in parentheses: dz/d(y**2)."""
    def grouped(label):
        return label if label.isidentifier() else f"({label})"
    return f"d{grouped(top)}/d{grouped(bottom)}"


def _is_one(tensor):
    return tensor.numel() == 1 and float(tensor._data.reshape(())) == 1.0


def _local_derivatives(node, incoming):
    """Each input's local derivative as numbers, where one number per element says it all:
    for a one-element output (the Jacobian row), or an elementwise op (the diagonal)."""
    if node._num_outputs != 1:
        return None
    if incoming.numel() == 1:
        if _is_one(incoming):
            return None  # the outgoing gradients are the local derivatives already
    elif node.name() not in ELEMENTWISE:
        return None
    with grad_mode.no_grad():
        return _apply(node, [Tensor._make(np.ones_like(incoming._data))])


def _describe_node(step, node, replay, labels, root_label, write):
    name = node.name()
    outputs = [labels.edge(node, nr) for nr in range(node._num_outputs)]
    expression = _expression(node, labels.operands(node))
    shown = ", ".join(outputs)
    if expression is not None and expression != shown:
        shown += f" = {expression}"
    write(f"[{step}] {name}: {shown}")
    for nr, parts in enumerate(replay.incoming[node]):
        if not parts:
            continue
        incoming = _total(parts)
        sums = ""
        if len(parts) > 1 and incoming.numel() == 1:
            sums = " = " + " + ".join(fmt_value(g) for _, g in parts)
        write(f"    incoming gradient {_d(root_label, outputs[nr])}{sums} = "
              f"{fmt_value(incoming)}")
    incoming = replay.total(node)
    single = node._num_outputs == 1
    out_label = ", ".join(outputs)
    operands = labels.operands(node)
    values = _scalar_values(node)
    outgoing = replay.outgoing[node]
    local = _local_derivatives(node, incoming) if single else None
    if local is None and single and incoming.numel() == 1:
        local = outgoing
    for index, (child, output_nr) in enumerate(node.next_functions):
        grad = outgoing[index] if index < len(outgoing) else None
        if child is None or grad is None:
            continue
        symbolic, numbers = _formula(node, index, operands, values)
        target = labels.edge(child, output_nr)
        derivative = f"{_d(out_label, target)} = {symbolic}"
        if numbers is not None:
            derivative += f" = {numbers}"
        local_value = local[index] if local is not None else None
        if local_value is not None and local_value._data.shape == grad._data.shape:
            shown_local = fmt_value(local_value)
            if shown_local not in (symbolic, numbers):
                derivative += f" = {shown_local}"
            if max(incoming.numel(), local_value.numel()) <= SMALL:
                times = "×" if incoming.numel() == 1 else "⊙"
                product = f"{fmt_value(incoming)} {times} {shown_local} = {fmt_value(grad)}"
            else:
                product = f"{fmt_value(grad)}  (incoming gradient × local derivative)"
        else:
            product = f"{fmt_value(grad)}  (the rule applied to the incoming gradient)"
        write(f"    to {target}: {derivative}")
        write(f"        {_d(root_label, target)} += {product}")


def explain(tensor, wrt=None, gradient=None, params=None, file=None, _frame=None):
    """Print the backward pass of ``tensor`` step by step, with the numbers; return the text.

    The graph must still hold its saved values: call it before ``backward()`` (or after
    ``backward(retain_graph=True)``). It does not change any ``.grad``.

    For every node, in the order backward runs them: the incoming gradient (the sum of what
    reached it), the local derivative of the node's output with respect to each input (formula
    and value), and their product, which is what flows on. Then the gradient of each leaf, and
    the chain rule through each named scalar intermediate (dz/dx = dz/dy × dy/dx).

    Args:
        tensor: the result to differentiate (a scalar, or give ``gradient``).
        wrt: a tensor or list of tensors: only explain the paths that lead to them.
        gradient: the starting gradient for a non-scalar result (default: ones).
        params: optional ``{name: tensor}``; other names are found in the caller's variables.
        file: where to print (default stdout; pass ``io.StringIO()`` to only get the text).

    Returns:
        The text printed, as a str.

    Example:
        >>> x = ember.tensor(2.0, requires_grad=True)
        >>> y = x * x + 3 * x
        >>> text = ember.viz.explain(y)
        Backward pass of y = 10, starting from dy/dy = 1
        [1] AddBackward0: y = x*x + 3*x
            incoming gradient dy/dy = 1
            to x*x: dy/d(x*x) = 1
                dy/d(x*x) += 1 × 1 = 1
            to 3*x: dy/d(3*x) = 1
                dy/d(3*x) += 1 × 1 = 1
        [2] MulBackward0: 3*x
            incoming gradient dy/d(3*x) = 1
            to x: d(3*x)/dx = 3
                dy/dx += 1 × 3 = 3
        [3] MulBackward0: x*x
            incoming gradient dy/d(x*x) = 1
            to x: d(x*x)/dx = x = 2
                dy/dx += 1 × 2 = 2
            to x: d(x*x)/dx = x = 2
                dy/dx += 1 × 2 = 2
        Gradients of the leaves (what backward() adds into .grad):
            dy/dx = 3 + 2 + 2 = 7
    """
    frame = _frame if _frame is not None else sys._getframe(1)
    names = Names(params, frame)
    root = root_node(tensor)
    nodes, _ = walk(root)
    if gradient is None:
        gradient = Tensor._make(np.ones_like(tensor._data))
    root_label = names.of_tensor(tensor) or "out"
    order = topological(root, nodes)
    labels = _Labels(names, order, root, root_label)
    with grad_mode.no_grad():
        replay = _Replay(root, gradient, nodes)
    targets = _targets(wrt, nodes)
    relevant = set(nodes) if targets is None else _leading_to(nodes, [n for n, _ in targets])

    buffer = io.StringIO()

    def write(line=""):
        buffer.write(line + "\n")

    start = fmt_value(gradient)
    write(f"Backward pass of {root_label} = {fmt_value(tensor)}, "
          f"starting from {_d(root_label, root_label)} = {start}")
    step = 0
    for node in order:
        if node not in replay.incoming or node not in relevant or type(node) is AccumulateGrad:
            continue
        step += 1
        _describe_node(step, node, replay, labels, root_label, write)
    leaves = [n for n in order if type(n) is AccumulateGrad and n in replay.incoming and
              (targets is None or (n, 0) in targets)]
    if targets is None:
        write("Gradients of the leaves (what backward() adds into .grad):")
        shown = [(leaf, 0) for leaf in leaves]
    else:
        write("Gradients:")
        shown = [(node, nr) for node, nr in targets if replay.total(node, nr) is not None]
    for node, output_nr in shown:
        parts = replay.incoming[node][output_nr]
        total = replay.total(node, output_nr)
        line = f"    {_d(root_label, labels.edge(node, output_nr))} = "
        if len(parts) > 1 and total.numel() == 1:
            line += " + ".join(fmt_value(g) for _, g in parts) + " = "
        write(line + fmt_value(total))
    _chain_rule(root, nodes, replay, labels, names, leaves, root_label, write)
    text = Explanation(buffer.getvalue())
    print(text, end="", file=file if file is not None else sys.stdout)
    return text


class Explanation(str):
    """The text explain() printed; shown briefly at a prompt, since it was printed already."""

    def __repr__(self):
        return f"<explanation: {self.count(chr(10))} lines, printed above>"

    def _ipython_display_(self):
        """Jupyter shows nothing more: the derivation was printed already."""


def _targets(wrt, nodes):
    if wrt is None:
        return None
    wrt = [wrt] if isinstance(wrt, Tensor) else list(wrt)
    targets = []
    for tensor in wrt:
        node, output_nr = gradient_edge(tensor)
        if node is None or node not in set(nodes):
            raise ValueError("explain(wrt=...): a tensor in wrt is not part of this graph")
        targets.append((node, output_nr))
    return targets


def _leading_to(nodes, targets):
    """Nodes from which some target can be reached (those whose story matters); a target
    itself only when another target lies below it."""
    parents = {}
    for node in nodes:
        for child, _ in node.next_functions:
            if child is not None:
                parents.setdefault(child, []).append(node)
    relevant = set()
    stack = list(targets)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in relevant:
                relevant.add(parent)
                stack.append(parent)
    return relevant


def _reaches_avoiding(start, target, blocked):
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node is target:
            return True
        for child, _ in node.next_functions:
            if child is not None and child is not blocked and child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def _chain_rule(root, nodes, replay, labels, names, leaves, root_label, write):
    """dz/dx = dz/dy × dy/dx for named scalar intermediates y that every path to x crosses."""
    lines = []
    for node in nodes:
        name = names.of_node(node)
        if node is root or name is None or type(node) is AccumulateGrad:
            continue
        outer = replay.total(node)
        if outer is None or outer.numel() != 1:
            continue
        tensor = names.tensors[name]
        with grad_mode.no_grad():
            inner = _Replay(node, Tensor._make(np.ones_like(tensor._data)), walk(node)[0])
        for leaf in leaves:
            through = inner.total(leaf)
            if through is None or _reaches_avoiding(root, leaf, node):
                continue
            total = replay.total(leaf)
            product = f"{fmt_value(outer)} × {fmt_value(through)} = {fmt_value(total)}"
            lines.append(f"    {_d(root_label, labels[leaf])} = {_d(root_label, name)} × "
                         f"{_d(name, labels[leaf])} = {product}")
    if lines:
        write("The chain rule through the named intermediates:")
        for line in lines:
            write(line)
