"""Tools for developing Ember in this repository (not shipped; the benchmarks are `ember.bench`).

``python -m benchmarks._load -- make test`` runs the test suite beside one busy process per
core, as on a shared CI machine.
"""
