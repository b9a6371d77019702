"""Ember: compound AI systems in ordinary Python, made fast by `ember.xcs.jit`."""

__version__ = "0.1.0"
