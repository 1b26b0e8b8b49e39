"""The layer classes of ``ember.nn``, one module per family as in PyTorch's layout."""
from __future__ import annotations

from . import (
               activation,
               adaptive,
               batchnorm,
               container,
               conv,
               dropout,
               flatten,
               instancenorm,
               linear,
               loss,
               misc,
               normalization,
               padding,
               pooling,
               rnn,
               sparse,
               transformer,
)
from .activation import *
from .adaptive import *
from .batchnorm import *
from .container import *
from .conv import *
from .dropout import *
from .flatten import *
from .instancenorm import *
from .linear import *
from .loss import *
from .misc import *
from .module import Module
from .normalization import *
from .padding import *
from .pooling import *
from .rnn import *
from .sparse import *
from .transformer import *
# Modules at PyTorch's paths whose classes are defined above (imported so that they are
# attributes of this package, as PyTorch's are).
from . import channelshuffle, distance, fold, lazy, pixelshuffle, upsampling, utils  # noqa: E402
from . import linear_cross_entropy_options  # noqa: E402
from .linear_cross_entropy_options import LinearCrossEntropyOptions  # noqa: E402

# The layer classes only: a star import of this package must not export the submodule names
# (``utils`` here would shadow ``ember.nn.utils``).
__all__ = ["Module", "LinearCrossEntropyOptions"] + [name for family in (activation, adaptive, batchnorm, container, conv, dropout,
                                            flatten, instancenorm, linear, loss, misc,
                                            normalization, padding, pooling, rnn, sparse,
                                            transformer)
                        for name in family.__all__]
