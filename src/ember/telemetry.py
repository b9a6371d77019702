"""OpenTelemetry for Ember (extra ``otel``): a span per model call and per started call.

Model calls follow the OpenTelemetry GenAI semantic conventions (``gen_ai.operation.name``,
``gen_ai.request.model``, ``gen_ai.usage.input_tokens``, ``gen_ai.usage.output_tokens``,
...); calls the JIT starts early get spans of their own, parented across threads and
Ember's event loop to the span current where the call was made. Off by default, and then
free. ``EMBER_OTEL=1`` in the environment enables it with the global tracer provider.

Examples:
    >>> from ember import telemetry
    >>> telemetry.enabled()
    False
"""

from ember._telemetry import disable as disable
from ember._telemetry import enable as enable
from ember._telemetry import enabled as enabled

__all__ = ["disable", "enable", "enabled"]
