"""The layer classes of ``ember.nn``, one module per family as in PyTorch's layout."""
from __future__ import annotations

from .activation import *
from .batchnorm import *
from .container import *
from .conv import *
from .dropout import *
from .flatten import *
from .instancenorm import *
from .linear import *
from .loss import *
from .misc import *
from .module import Module  # noqa: F401
from .normalization import *
from .padding import *
from .pooling import *
from .rnn import *
from .transformer import *
from .sparse import *
