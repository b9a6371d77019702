"""`ember.models.lowlevel`: what the layers above the models API check before they call.
No stability promise.

Operators, NON graphs and the CLI check a model's settings and parameters before sending
anything (`check_ready`, `check_params`), predict a `sim/` call's latency
(`SIM_DEFAULT_LATENCY`, seconds), parse model ids (`PREFIX_PATTERN`, a provider prefix) and
count attempts (`DEFAULT_MAX_ATTEMPTS`, the first call and its retries) as the models layer
does.
"""

from ember.models._config import DEFAULT_MAX_ATTEMPTS as DEFAULT_MAX_ATTEMPTS
from ember.models._ids import PREFIX_PATTERN as PREFIX_PATTERN
from ember.models._params import check_params as check_params
from ember.models._registry import check_ready as check_ready
from ember.models._sim import DEFAULT_LATENCY as SIM_DEFAULT_LATENCY

__all__ = ["DEFAULT_MAX_ATTEMPTS", "PREFIX_PATTERN", "SIM_DEFAULT_LATENCY", "check_params",
           "check_ready"]
