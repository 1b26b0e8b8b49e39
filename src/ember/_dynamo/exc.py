"""The exception types ``torch._dynamo.exc`` raises, so code can catch them under ember."""
from .._compile.exc import InvalidBackend, TorchDynamoException, Unsupported, UserError

__all__ = ["InvalidBackend", "TorchDynamoException", "Unsupported", "UserError"]
