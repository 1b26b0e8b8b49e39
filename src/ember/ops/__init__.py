"""All ops, one module per family. Importing this binds each family's methods onto Tensor."""
from __future__ import annotations

from .._tensor import Tensor
from . import creation, elementwise, indexing, joining, linalg, reduction, shape
from . import activation, nn_misc
from . import pointwise, sorting, special
from . import conv, pooling, sampling

FAMILIES = [elementwise, reduction, shape, indexing, joining, linalg, creation, activation,
            nn_misc, sorting, conv, pooling, sampling, special, pointwise]

FUNCTIONS = {}
for _family in FAMILIES:
    FUNCTIONS.update(_family.FUNCTIONS)
    for _name, _fn in _family.METHODS.items():
        setattr(Tensor, _name, _fn)
