"""`ember.models.lowlevel`: what the layers above the models API check before they call.
No stability promise.

Operators, NON graphs and the CLI check a model's settings and parameters before sending
anything (`check_ready`, `check_params`), predict a `sim/` call's latency
(`SIM_DEFAULT_LATENCY`, seconds), parse model ids (`PREFIX_PATTERN`, a provider prefix) and
count attempts (`DEFAULT_MAX_ATTEMPTS`, the first call and its retries) as the models layer
does. `ember configure` reads, checks and shows the config file with the config names below
(`config_path`, `read_config_file`, `check_config_file`, `current_config`, the endpoint-name
rules, and `BUILTIN_PROVIDERS`: reserved prefix -> HTTP defaults, None when not configurable).
"""

from types import MappingProxyType

from ember.models._config import DEFAULT_MAX_ATTEMPTS as DEFAULT_MAX_ATTEMPTS
from ember.models._config import ENDPOINT_NAMES as ENDPOINT_NAMES
from ember.models._config import _builtin
from ember.models._config import _parse as check_config_file
from ember.models._config import config_path as config_path
from ember.models._config import current as current_config
from ember.models._config import endpoint_name_like as endpoint_name_like
from ember.models._config import endpoint_name_problem as endpoint_name_problem
from ember.models._config import read_regular as read_config_file
from ember.models._ids import PREFIX_PATTERN as PREFIX_PATTERN
from ember.models._params import check_params as check_params
from ember.models._registry import check_ready as check_ready
from ember.models._sim import DEFAULT_LATENCY as SIM_DEFAULT_LATENCY
from ember.models._typeddicts import portable as portable

BUILTIN_PROVIDERS = MappingProxyType(_builtin)  # live and read-only: later registrations show

__all__ = ["BUILTIN_PROVIDERS", "DEFAULT_MAX_ATTEMPTS", "ENDPOINT_NAMES", "PREFIX_PATTERN",
           "SIM_DEFAULT_LATENCY", "check_config_file", "check_params", "check_ready",
           "config_path", "current_config", "endpoint_name_like", "endpoint_name_problem",
           "portable", "read_config_file"]
