"""Azure OpenAI's wire: OpenAI's chat completions at a deployment's URL.

``POST {base_url}/openai/deployments/{deployment}/chat/completions?api-version=V`` with an
``api-key`` header; the model id's name is the deployment (``myazure/gpt-4o-prod``). The
API version is ``$OPENAI_API_VERSION`` (the variable Azure's SDKs read), else
`DEFAULT_API_VERSION`. Bodies and answers are OpenAI's; the base URL is the resource's,
``https://<resource>.openai.azure.com``, without ``/openai``.
"""

from __future__ import annotations

import os
from typing import ClassVar, Final
from urllib.parse import quote

from ember.models._openai import OpenAIWire

__all__ = ["DEFAULT_API_VERSION", "AzureWire"]

DEFAULT_API_VERSION: Final = "2024-10-21"
ENV_API_VERSION: Final = "OPENAI_API_VERSION"


def api_version() -> str:
    """The API version sent: ``$OPENAI_API_VERSION`` or `DEFAULT_API_VERSION`."""
    return os.environ.get(ENV_API_VERSION) or DEFAULT_API_VERSION


class AzureWire(OpenAIWire):
    """OpenAI's format at Azure's deployment URLs, with the ``api-key`` header.

    Examples:
        >>> AzureWire().route("gpt-4o-prod")
        '/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21'
    """

    name: ClassVar[str] = "azure"
    path: ClassVar[str] = "/openai/deployments/{deployment}/chat/completions"
    key_header: ClassVar[str] = "api-key"
    key_prefix: ClassVar[str] = ""

    @property
    def models_path(self) -> str:  # type: ignore[override]
        return f"/openai/models?api-version={quote(api_version(), safe='')}"

    def route(self, model: str, stream: bool = False) -> str:
        return (f"/openai/deployments/{quote(model, safe='')}/chat/completions"
                f"?api-version={quote(api_version(), safe='')}")
