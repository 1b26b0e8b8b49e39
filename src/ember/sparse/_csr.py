"""Kept so that a CSR or CSC tensor pickled by an ember from before the compressed layouts
shared one module (sparse/_compressed.py) still loads: such pickles name this module's
``_rebuild_csr``."""
from ._compressed import _rebuild


def _rebuild_csr(indices, values, shape):
    return _rebuild("sparse_csr", indices, values, shape)
