"""`ember.xcs`: the execution engine.

It reads as a small compiler: `_analysis` (what each statement and call does) →
`_plan` (which I/O calls start early) → `_rewrite` (the new function) → `_runtime` (the one
scheduler), plus `_explain`. `_effects` is the rule registry saying what each call does.
`scan` carries state through a sequence, one step after the other.
"""

from ember.xcs._config import Config as Config
from ember.xcs._effects import Kind as Kind
from ember.xcs._effects import cpu_bound as cpu_bound
from ember.xcs._effects import effect as effect
from ember.xcs._effects import register as register
from ember.xcs._jit import explain as explain
from ember.xcs._jit import get_jit_stats as get_jit_stats
from ember.xcs._jit import jit as jit
from ember.xcs._parallel import aparallel as aparallel
from ember.xcs._parallel import parallel as parallel
from ember.xcs._parallel import parallel_map as parallel_map
from ember.xcs._scan import scan as scan
from ember.xcs._vmap import Batched as Batched
from ember.xcs._vmap import pmap as pmap
from ember.xcs._vmap import vmap as vmap

__all__ = [
    "Batched", "Config", "Kind", "aparallel", "cpu_bound", "effect", "explain", "get_jit_stats", "jit", "parallel", "parallel_map", "pmap",
    "register", "scan", "vmap",
]
