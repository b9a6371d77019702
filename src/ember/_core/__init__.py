"""The kernel every layer may import: the event loop, the elastic pool, scopes with the one
failure policy, call-path hooks and the token bucket.

Nothing here imports another ember package but `ember._errors`; everything above builds on it.
"""

from ember._core._bucket import TokenBucket as TokenBucket
from ember._core._loop import get_loop as get_loop
from ember._core._loop import in_loop_thread as in_loop_thread
from ember._core._loop import run as run
from ember._core._loop import spawn as spawn
from ember._core._pool import Workers as Workers
from ember._core._pool import workers as workers
from ember._core._scope import Scope as Scope
