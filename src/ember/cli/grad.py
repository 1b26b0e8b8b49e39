"""``ember grad "EXPR" --at x=2``: the value of an expression and each partial derivative.

The expression is parsed with Python's ``ast`` and evaluated by walking the tree with a
whitelist: numbers, the variables given with --at, the constants pi and e, the operators
+ - * / ** and unary minus, and a fixed set of math functions. Anything else (attribute
access, other calls, subscripts, lambdas, comprehensions...) is refused before any of it runs:
nothing of the text ever reaches ``eval``.
"""
from __future__ import annotations

import argparse
import ast
import math
import os
import textwrap

import ember

from .. import viz
from ._common import INSTALL, UsageError, note, writable_file

# The functions an expression may call, by the name the expression uses.
FUNCTIONS = {
    "exp": ember.exp, "log": ember.log, "sin": ember.sin, "cos": ember.cos, "tan": ember.tan,
    "tanh": ember.tanh, "sqrt": ember.sqrt, "sigmoid": ember.sigmoid, "relu": ember.relu,
    "abs": ember.abs, "asin": ember.asin, "acos": ember.acos, "atan": ember.atan,
    "sinh": ember.sinh, "cosh": ember.cosh, "log2": ember.log2, "log10": ember.log10,
    "log1p": ember.log1p, "expm1": ember.expm1,
}
CONSTANTS = {"pi": math.pi, "e": math.e}
_OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
              ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
              ast.Pow: lambda a, b: a ** b}
_UNARY = {ast.USub: lambda a: -a, ast.UAdd: lambda a: a}
# What a refused construct is called in the error message.
_REFUSED = {
    ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.List: "lists", ast.Tuple: "tuples", ast.Dict: "dicts", ast.Set: "sets",
    ast.Compare: "comparisons", ast.BoolOp: "and/or", ast.IfExp: "if-expressions",
    ast.NamedExpr: "assignments", ast.JoinedStr: "strings", ast.Starred: "starred arguments",
}
MAX_LENGTH = 2000


class ExpressionError(ValueError):
    """The expression is outside the whitelist, or cannot be parsed."""


def parse(text):
    """Parse ``text`` as one expression and check every node against the whitelist."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression too long ({len(text)} characters, at most "
                              f"{MAX_LENGTH})")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"invalid expression {text!r}: {error.msg}") from None
    for node in ast.walk(tree):
        _check(node)
    return tree


def _check(node):
    if isinstance(node, (ast.Expression, ast.Name, ast.Load, ast.operator, ast.unaryop)):
        if isinstance(node, ast.operator) and type(node) not in _OPERATORS:
            raise ExpressionError(f"operator {type(node).__name__} is not allowed "
                                  "(use + - * / **)")
        if isinstance(node, ast.unaryop) and type(node) not in _UNARY:
            raise ExpressionError(f"operator {type(node).__name__} is not allowed")
        return
    if isinstance(node, (ast.BinOp, ast.UnaryOp)):
        return
    if isinstance(node, ast.Constant):
        if type(node.value) not in (int, float):
            raise ExpressionError(f"only numbers are allowed as constants, not "
                                  f"{node.value!r}")
        return
    if isinstance(node, ast.Call):
        function = node.func
        if not isinstance(function, ast.Name) or function.id not in FUNCTIONS:
            called = ast.unparse(function)
            raise ExpressionError(f"calling {called!r} is not allowed; the functions are: "
                                  + ", ".join(sorted(FUNCTIONS)))
        if node.keywords or len(node.args) != 1:
            raise ExpressionError(f"{function.id}() takes exactly one argument")
        return
    what = _REFUSED.get(type(node), type(node).__name__)
    raise ExpressionError(f"{what} not allowed in an expression (allowed: numbers, the "
                          "variables given with --at, + - * / **, and math functions)")


def evaluate(tree, variables):
    """Evaluate a checked tree with ember ops; ``variables`` maps names to tensors."""
    try:
        return _evaluate(tree.body, variables)
    except RecursionError:
        raise ExpressionError("expression nested too deeply") from None
    except (OverflowError, ZeroDivisionError) as error:
        raise ExpressionError(f"cannot evaluate: {error}") from None


def _evaluate(node, variables):
    if isinstance(node, ast.Constant):
        # As floats, so that 10**10**10 overflows at once instead of building a huge integer.
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id in variables:
            return variables[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS:
            raise ExpressionError(f"{node.id} is a function: call it, as in {node.id}(x)")
        raise ExpressionError(f"unknown name {node.id!r}: give its value with --at "
                              f"{node.id}=VALUE")
    if isinstance(node, ast.BinOp):
        return _OPERATORS[type(node.op)](_evaluate(node.left, variables),
                                         _evaluate(node.right, variables))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_evaluate(node.operand, variables))
    argument = _evaluate(node.args[0], variables)
    if not isinstance(argument, ember.Tensor):
        argument = ember.tensor(float(argument), dtype=ember.float64)
    return FUNCTIONS[node.func.id](argument)


def parse_assignment(text):
    """``x=2`` -> ("x", 2.0)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise ExpressionError(f"--at expects NAME=VALUE, got {text!r}")
    try:
        return name, float(value)
    except ValueError:
        raise ExpressionError(f"--at {name}: {value.strip()!r} is not a number") from None


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "grad", help="differentiate an expression at a point",
        description=textwrap.fill(
            "Print the value of EXPR and its partial derivatives at the given point. "
            "Allowed: numbers, variables given with --at, pi, e, + - * / **, unary -, "
            "and the functions " + ", ".join(sorted(FUNCTIONS)) + ".", 79),
        epilog='example: ember grad "x**2 + 3*x + 1" --at x=2   (value 11, df/dx = 7)\n'
               '         ember grad "sin(x)*y" --at x=1 --at y=2 --explain --graph f.svg',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("expression", metavar="EXPR", help="e.g. 'a*x**2 + b*x + 1'")
    parser.add_argument("--at", action="append", default=[], metavar="NAME=VALUE",
                        help="a variable's value (repeat for several variables)")
    parser.add_argument("--wrt", action="append", metavar="NAME",
                        help="only differentiate with respect to NAME (repeatable; default: "
                             "every variable)")
    parser.add_argument("--graph", metavar="FILE",
                        help="draw the backward graph (.svg/.png/.pdf need Graphviz; .dot "
                             "writes the DOT text)")
    parser.add_argument("--explain", action="store_true",
                        help="print the backward pass step by step (the chain rule, with "
                             "numbers)")
    parser.set_defaults(run=run, command_parser=parser)
    return parser


# Picture formats of Graphviz's dot that --graph accepts, by file extension.
PICTURES = {"svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps"}
DOT_TEXT = {"dot", "gv"}


def _graph_plan(path):
    """Check --graph before any work: (path to write, whether it is DOT text).

    Without Graphviz a picture cannot be drawn; the DOT text goes next to it instead
    (f.svg -> f.dot) and the user is told how to render it later.
    """
    stem, extension = os.path.splitext(path)
    extension = extension.lstrip(".").lower()
    if extension not in PICTURES | DOT_TEXT:
        raise UsageError(f"--graph {path}: unknown picture format "
                         f"{'.' + extension if extension else '(no extension)'}; use one of "
                         + ", ".join(f".{e}" for e in sorted(PICTURES | DOT_TEXT)))
    writable_file(path, "--graph")
    if extension in DOT_TEXT or viz.graphviz_available():
        return path, extension in DOT_TEXT
    note(f"--graph {path}: Graphviz not found, writing the DOT text to {stem}.dot instead "
         f"(to draw pictures: {INSTALL['graphviz']})")
    return stem + ".dot", True


def run(args, parser):
    graph = _graph_plan(args.graph) if args.graph else None
    try:
        tree = parse(args.expression)
        variables = {}
        for assignment in args.at:
            name, value = parse_assignment(assignment)
            variables[name] = ember.tensor(value, dtype=ember.float64, requires_grad=True)
        wrt = args.wrt or list(variables)
        for name in wrt:
            if name not in variables:
                raise ExpressionError(f"--wrt {name}: no value given for it (add --at "
                                      f"{name}=VALUE)")
        result = evaluate(tree, variables)
    except ExpressionError as error:
        parser.error(str(error))
    if not isinstance(result, ember.Tensor) or not result.requires_grad:
        value = result.item() if isinstance(result, ember.Tensor) else float(result)
        print(f"f = {args.expression}")
        print(f"value: {_number(value)}")
        print("(the expression uses no variable given with --at: every derivative is 0)")
        return 0
    point = ", ".join(f"{name} = {_number(t.item())}" for name, t in variables.items())
    print(f"f = {args.expression}")
    print(f"at {point}")
    print(f"value: {_number(result.item())}")
    params = {"f": result, **variables}
    if args.explain:
        print()
        viz.explain(result, wrt=[variables[n] for n in wrt], params=params)
        print()
    if graph:
        _draw(result, params, *graph, wanted=args.graph)
    gradients = ember.autograd.grad(result, [variables[n] for n in wrt], allow_unused=True)
    for name, gradient in zip(wrt, gradients):
        print(f"df/d{name} = {_number(gradient.item() if gradient is not None else 0.0)}")
    return 0


def _draw(result, params, path, as_text, wanted):
    """Write the backward graph to ``path``: DOT text, or a picture drawn by Graphviz."""
    picture = viz.graph(result, params=params)
    if as_text:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(picture.source)
    else:
        picture.render(path)
    if path == wanted:
        print(f"graph written to {path}")
    else:
        extension = os.path.splitext(wanted)[1].lstrip(".").lower()
        print(f"graph written to {path} as DOT text; draw it with: dot -T{extension} {path} "
              f"-o {wanted}")


def _number(value):
    """Up to 10 significant digits, without a trailing .0 for whole numbers."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"
