"""The kernel every layer may import: the event loop, the elastic pool, scopes with the one
failure policy, call-path hooks and the token bucket.

Nothing here imports another ember package but `ember._errors`; everything above builds on it.
"""

from ember._core._bucket import TokenBucket as TokenBucket
