"""Azure OpenAI's wire: OpenAI's chat completions at a deployment's URL.

``POST /openai/deployments/{deployment}/chat/completions?api-version=V`` with the key in
an ``api-key`` header; the deployment names the model, and ``api-version`` is required.
Bodies, answers and errors are OpenAI's (`_openai`).
"""

from __future__ import annotations

from aiohttp import web

from ._openai import OpenAI, _Chat, _parse_chat
from ._wire import BadRequest, Route, same_key

__all__ = ["Azure"]


class Azure(OpenAI):
    name = "azure"

    def routes(self) -> list[Route]:
        return [Route("/openai/deployments/{deployment}/chat/completions", _parse, "chatcmpl-")]

    def claims(self, request: web.Request) -> bool:
        return request.path.startswith("/openai/") or "api-key" in request.headers

    def authorized(self, request: web.Request, key: str) -> bool | None:
        return same_key(request.headers.get("api-key"), key)

    def auth_message(self, missing: bool) -> str:
        if missing:
            return ("Access denied due to missing subscription key. Make sure to include "
                    "the api-key header when making API calls.")
        return "Access denied due to invalid subscription key or wrong API endpoint."


def _parse(body: object, request: web.Request) -> _Chat:
    if not request.query.get("api-version"):
        raise BadRequest("Missing required query parameter: api-version", "api-version")
    if isinstance(body, dict):
        body = {**body, "model": request.match_info["deployment"]}
    return _Chat(_parse_chat(body))
