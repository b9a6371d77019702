"""The kernel every layer may import: the event loop, the elastic pool, scopes with the one
failure policy, call-path hooks, the token bucket and the one redaction of secrets; and the plain data that explanations
are made of (drawn by `ember.viz`).

Nothing here imports another ember package but `ember._errors` (and `ember.viz`, loaded by an
explanation's render methods when one is called); everything above builds on it.
"""

from ember._core._bucket import TokenBucket as TokenBucket
from ember._core._bucket import wait_reserved as wait_reserved
from ember._core._explain import Bar as Bar
from ember._core._explain import Explains as Explains
from ember._core._explain import Explanation as Explanation
from ember._core._explain import Node as Node
from ember._core._explain import Span as Span
from ember._core._explain import Timeline as Timeline
from ember._core._explain import Timing as Timing
from ember._core._hooks import Answer as Answer
from ember._core._hooks import CallHook as CallHook
from ember._core._hooks import ModelCall as ModelCall
from ember._core._hooks import active_hooks as active_hooks
from ember._core._hooks import add_hook as add_hook
from ember._core._hooks import hooks_in_order as hooks_in_order
from ember._core._hooks import remove_hook as remove_hook
from ember._core._hooks import run_hooked as run_hooked
from ember._core._hooks import scoped_hooks as scoped_hooks
from ember._core._loop import get_loop as get_loop
from ember._core._loop import in_loop_thread as in_loop_thread
from ember._core._loop import run as run
from ember._core._loop import spawn as spawn
from ember._core._pool import Workers as Workers
from ember._core._pool import to_thread as to_thread
from ember._core._pool import workers as workers
from ember._core._progress import Progress as Progress
from ember._core._scope import Scope as Scope
from ember._core._scope import is_async as is_async
from ember._core._secret import Secret as Secret
from ember._core._secret import known_secrets as known_secrets
from ember._core._secret import redact as redact
from ember._core._secret import redact_keys as redact_keys
