"""A local Ray cluster for the Ray tests: started once per module, loopback only.

Skipped (with the reason) when the ``ray`` extra is not installed. The directory is not
named ``ray``: pytest puts tests/ on ``sys.path``, so without the real Ray a tests/ray
directory was imported as ``ray`` and `importorskip` did not skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="the `ray` extra is not installed")

from ember.ray import RayCluster  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """A local cluster started by Ember; on teardown, checks it left no files behind."""
    ray_home = Path.home() / ".ray"
    home_before = ray_home.exists()
    with RayCluster(num_cpus=2) as started:
        assert started.started, "a Ray was already running in this process"
        temp_dir = started.temp_dir
        yield started
    assert temp_dir is not None and not os.path.exists(temp_dir)
    assert ray_home.exists() == home_before, "Ray wrote ~/.ray"
