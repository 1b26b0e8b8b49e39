"""``ember.utils.data._utils``: the internal module path PyTorch programs import collation from."""
from . import collate
