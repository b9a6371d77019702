"""Ember on Ray (the ``ray`` extra): evaluations and maps spread over a cluster.

`ray_map(fn, items)` is `xcs.parallel_map` over Ray workers, and
``ember.eval.evaluate(..., backend="ray")`` runs an evaluation's items there. Each
worker runs many calls at once on Ember's event loop; model calls count against a cap
on calls in flight and against the endpoints' RPM/TPM limits, which hold cluster-wide
through one limiter actor. The workers stay up for the next run on the same Ray session.
With no ``address=``, `RayCluster` starts a local cluster that listens on 127.0.0.1 only
and keeps its files in a temp directory; `outside_loopback` lists any listener of this
process tree that is not on a loopback address.

Importing this module does not import Ray; using it without Ray installed raises
`ClusterError` with the install command.
"""

from ember.eval.lowlevel import register_backend
from ember.ray._cluster import Listener as Listener
from ember.ray._cluster import RayCluster as RayCluster
from ember.ray._cluster import outside_loopback as outside_loopback
from ember.ray._eval import run_items
from ember.ray._limits import SharedLimits as SharedLimits
from ember.ray._map import ray_map as ray_map
from ember.ray._pool import WorkerPool as WorkerPool
from ember.xcs.lowlevel import register_map_backend

__all__ = ["Listener", "RayCluster", "SharedLimits", "WorkerPool", "outside_loopback", "ray_map"]

# The Ray backend of `evaluate(..., backend="ray")` and `pmap(..., backend="ray")`: eval and
# xcs sit below this package, so they name it and it registers itself when imported.
register_backend("ray", run_items)
register_map_backend("ray", ray_map)
