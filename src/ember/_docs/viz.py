"""Docstrings for viz (attached on import; see ember._docs)."""
from __future__ import annotations

from ember import viz

from . import add_docstr

add_docstr(viz.Graph, r"""Graph(source, num_nodes)

A picture of a backward graph, as returned by ``ember.viz.graph``. ``source`` is the DOT text
(readable and usable without Graphviz), ``num_nodes`` the number of boxes; ``render(path)``
draws it to a file (the format from the extension, svg by default) and ``pipe(format)``
returns the drawing as bytes, both needing Graphviz. In Jupyter the graph is shown inline.

Args:
    source (str): the DOT text.
    num_nodes (int): how many nodes it draws.

Example::

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> loss = (w * w).sum()
    >>> picture = ember.viz.graph(loss)
    >>> isinstance(picture, ember.viz.Graph), picture.num_nodes
    (True, 3)
    >>> picture
    <ember.viz.Graph of 3 nodes: .source is its DOT text, .render(path) draws it>
    >>> small = ember.viz.Graph('digraph { a -> b }', 2)
    >>> small.source
    'digraph { a -> b }'
""")

add_docstr(viz.Explanation, r"""Explanation(text)

The text ``ember.viz.explain`` returns: a ``str`` holding the step-by-step backward
derivation it has already printed. At an interactive prompt it shows only a one-line
summary, so the derivation is not printed twice; use it as any string (``print``, ``in``,
``splitlines``).

Args:
    text (str): the derivation.

Example::

    >>> x = ember.tensor(3.0, requires_grad=True)
    >>> import io
    >>> text = ember.viz.explain(x * x, file=io.StringIO())
    >>> isinstance(text, ember.viz.Explanation), isinstance(text, str)
    (True, True)
    >>> text.splitlines()[0]
    'Backward pass of out = 9, starting from dout/dout = 1'
    >>> ember.viz.Explanation('one\ntwo\n')
    <explanation: 2 lines, printed above>
""")

add_docstr(viz.GraphvizNotFound, r"""GraphvizNotFound(*args)

Raised by ``Graph.render`` and ``Graph.pipe`` when the ``graphviz`` Python package or the
``dot`` program is missing; the message says what to install (``pip install graphviz`` and
the system Graphviz). A subclass of RuntimeError. ``Graph.source`` works without either.

Args:
    args: the message.

Example::

    >>> issubclass(ember.viz.GraphvizNotFound, RuntimeError)
    True
    >>> str(ember.viz.GraphvizNotFound('install graphviz'))
    'install graphviz'
""")

add_docstr(viz.graphviz_available, r"""graphviz_available() -> bool

Whether pictures can be drawn: ``True`` when both the ``graphviz`` Python package and the
``dot`` program are installed. Check it before ``Graph.render`` to fall back to the DOT text.

Returns:
    bool

Example::

    >>> isinstance(ember.viz.graphviz_available(), bool)
    True
""")
