"""ember.distributed.checkpoint: state dicts of wrapped models under their plain names
(``state_dict``)."""
