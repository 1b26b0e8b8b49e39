"""The parts of ember.utils.benchmark, at torch's module paths."""
