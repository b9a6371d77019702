"""Model ids: ``"provider/model"``, parsed once and cached.

The provider prefix picks an entry in the provider registry (``sim``, ``openai``,
``anthropic``) or a named endpoint from the config file (``local``). Everything after the
first ``/`` is the provider's own model name and may itself contain ``/`` (hosted
providers often name models ``org/model``). A bare name (``"gpt-4o-mini"``, as the earlier
Ember took) is looked up in the model catalogue (`_catalogue`).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ember._errors import InvalidModelId

__all__ = ["ModelId", "PREFIX_PATTERN", "parse_model_id"]

# Provider prefixes and endpoint names share one spelling rule, so any configured name is a
# valid id prefix.
PREFIX_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]*")
# A bare model name, resolved through the catalogue ("gpt-4o-mini", "llama3:8b").
_BARE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")

MSG_BAD_ID = """\
{problem}: {value!r}.
Model ids are "provider/model", for example:
    models("sim/gpt", "Hi")              # built-in simulated model
    models("openai/gpt-4o-mini", "Hi")   # OpenAI (needs OPENAI_API_KEY)
    models("local/llama3", "Hi")         # an endpoint named `local` in the config file"""


class ModelId(NamedTuple):
    """A parsed model id: the provider prefix and the provider's own model name."""

    provider: str
    name: str

    def __str__(self) -> str:
        return f"{self.provider}/{self.name}"


def parse_model_id(model_id: str) -> ModelId:
    """Split ``"provider/model"`` into its parts, checking both.

    Args:
        model_id: the id as the user wrote it.

    Returns:
        The parsed `ModelId`.

    Raises:
        InvalidModelId: if the id is not a string of the form ``"provider/model"``.
        UnknownModel, AmbiguousModel: a bare name the catalogue does not resolve to one id.

    Examples:
        >>> parse_model_id("openai/gpt-4o-mini")
        ModelId(provider='openai', name='gpt-4o-mini')
        >>> parse_model_id("together/meta-llama/Llama-3-8b").name
        'meta-llama/Llama-3-8b'
        >>> parse_model_id("gpt-4o-mini")
        ModelId(provider='openai', name='gpt-4o-mini')
    """
    if not isinstance(model_id, str):  # checked before the cache: a list is unhashable
        raise InvalidModelId(
            MSG_BAD_ID.format(problem="a model id must be a str", value=model_id),
            model_id=None,
        )
    if "/" not in model_id and _BARE.fullmatch(model_id):
        from ember.models._catalogue import resolve_bare  # it reads _config, which imports us

        return _parse(resolve_bare(model_id))
    return _parse(model_id)


@functools.lru_cache(maxsize=1024)
def _parse(model_id: str) -> ModelId:
    provider, sep, name = model_id.partition("/")
    if not sep or not name.strip():
        problem = "a model id needs a provider prefix and a model name"
    elif not PREFIX_PATTERN.fullmatch(provider):
        problem = "the provider prefix must be lowercase letters, digits, '_', '.' or '-'"
    elif name != name.strip():
        problem = "the model name has leading or trailing spaces"
    else:
        return ModelId(provider, name)
    raise InvalidModelId(MSG_BAD_ID.format(problem=problem, value=model_id), model_id=model_id)
