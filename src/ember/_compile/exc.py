"""The exception types ``torch._dynamo.exc`` raises, so code can catch them under ember."""
from __future__ import annotations


class TorchDynamoException(RuntimeError):
    """Base of every error the compiler raises."""


class Unsupported(TorchDynamoException):
    """A graph break where ``fullgraph=True`` asked for none (the region cannot be captured)."""


class UserError(Unsupported):
    """A capture the user's code made impossible (data-dependent values under fullgraph)."""


class InvalidBackend(TorchDynamoException):
    """``compile(backend=...)`` named a backend that does not exist."""

    def __init__(self, name):
        super().__init__(f"Invalid backend: {name!r}, see `ember._dynamo.list_backends()` for "
                         "available backends.")


for _cls in (TorchDynamoException, Unsupported, UserError, InvalidBackend):
    _cls.__module__ = "ember._dynamo.exc"
