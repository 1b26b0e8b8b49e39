"""Optimizers (``ember.optim``) and learning-rate schedules (``ember.optim.lr_scheduler``)."""
from . import lr_scheduler, swa_utils
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .muon import Muon
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam
from ._stateless import swap_in_optimizer_params_and_state

__all__ = [
           "LBFGS",
           "ASGD",
           "SGD",
           "SparseAdam",
           "Adadelta",
           "Adafactor",
           "Adagrad",
           "Adam",
           "AdamW",
           "Adamax",
           "NAdam",
           "Optimizer",
           "RAdam",
           "RMSprop",
           "Rprop",
           "Muon",
           "lr_scheduler",
           "swa_utils",
           "swap_in_optimizer_params_and_state",
]

from .._docs import optim as _docs_optim  # noqa: E402,F401
