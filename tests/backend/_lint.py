"""The backend lint: direct NumPy calls that would put an array on the host next to a device.

Counted, per file, in ops/, nn/, autograd/, amp/ and optim/ (the code that computes on tensors'
arrays): calls of ``np.X`` that

* create an array from no array (``np.zeros(shape)``, ``np.arange(n)``, ...): on a GPU the
  result lands on the host; ``xp.zeros`` with ``xp`` from the inputs keeps it on the device;
* convert (``np.asarray``, ``np.array``, ``np.ascontiguousarray``): on a CuPy array they raise,
  and on host data they make a host array;
* draw from ``np.random``;
* use what CuPy lacks (``np.multiply.at``, ``np.maximum.accumulate``, NumPy's stride tricks):
  ``ember._backend`` has the shim.

A call given ``like=`` (NEP 35: create beside that array) is fine, and so are the ``*_like``
functions and every ufunc, which dispatch on their arguments.
"""
from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "ember"
FOLDERS = ("ops", "nn", "autograd", "amp", "optim")
CREATION = frozenset(("zeros", "ones", "empty", "full", "eye", "identity", "arange", "linspace",
                      "logspace", "tri", "indices", "fromfunction", "frombuffer", "fromiter"))
CONVERSION = frozenset(("asarray", "array", "ascontiguousarray", "asanyarray", "asfortranarray"))
# ufunc methods CuPy implements only for these ufuncs (``_backend_cupy_names.UFUNC_METHODS``).
UFUNC_METHODS = {"at": ("add", "subtract", "maximum", "minimum", "bitwise_and", "bitwise_or",
                        "bitwise_xor"),
                 "accumulate": ("add", "multiply"), "reduce": ("add", "multiply"),
                 "reduceat": ("add",)}
NUMPY_NAMES = ("np", "numpy")


def _dotted(node):
    """``np.random.default_rng`` as ['np', 'random', 'default_rng'] (None for other shapes)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def findings(path):
    """(line, kind, call) for each call the lint counts in one file."""
    tree = ast.parse(path.read_text(), str(path))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        parts = _dotted(node.func)
        if not parts or parts[0] not in NUMPY_NAMES or len(parts) < 2:
            continue
        if any(k.arg == "like" for k in node.keywords):
            continue
        name = ".".join(parts)
        if parts[1] == "random":
            out.append((node.lineno, "random", name))
        elif len(parts) == 2 and parts[1] in CREATION:
            out.append((node.lineno, "creation", name))
        elif len(parts) == 2 and parts[1] in CONVERSION:
            out.append((node.lineno, "conversion", name))
        elif len(parts) == 3 and parts[2] in UFUNC_METHODS and \
                parts[1] not in UFUNC_METHODS[parts[2]]:
            out.append((node.lineno, "missing", name))
        elif parts[1] == "lib" and len(parts) > 2 and parts[2] == "stride_tricks":
            out.append((node.lineno, "missing", name))
    return sorted(out)


def counts():
    """{path relative to src/ember: number of findings} for every file with any."""
    table = {}
    for folder in FOLDERS:
        for path in sorted((SOURCE / folder).rglob("*.py")):
            found = findings(path)
            if found:
                table[path.relative_to(SOURCE).as_posix()] = len(found)
    return table


if __name__ == "__main__":
    for file, count in sorted(counts().items()):
        print(f'    "{file}": {count},')
