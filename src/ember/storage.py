"""``ember.storage``: the storage classes, where torch keeps them (``torch.storage``)."""
from ._storage import TypedStorage, UntypedStorage

__all__ = ["TypedStorage", "UntypedStorage"]
