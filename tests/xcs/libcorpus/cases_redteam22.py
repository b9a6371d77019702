"""Red-team cases (stop 21), twenty-second part: a client's own settings changed between
two of its calls (an httpx client's ``base_url``, an openai client's ``base_url``), directly
or by a helper, so the second call must go where the first did not.
"""

from __future__ import annotations

from typing import Any

import httpx
import openai

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env
from tests.xcs.libcorpus._web import web_args


def httpx_base_url_changed_between_gets(base: str) -> list[Any]:
    c = httpx.Client(base_url=f"{base}/items/")
    a = c.get("bu1").json()["value"]
    c.base_url = f"{base}/text/"  # the next relative GET goes to /text/
    b = c.get("bu2").text
    c.close()
    return [a, b]


CLIENT: httpx.Client | None = None


def _global_client(env: Env) -> None:
    global CLIENT
    CLIENT = httpx.Client(base_url=f"{env.web}/items/")
    env.own(CLIENT)


def switch_to_text(base: str) -> None:
    assert CLIENT is not None
    CLIENT.base_url = f"{base}/text/"


def global_client_retargeted_by_a_helper(base: str) -> list[Any]:
    assert CLIENT is not None
    a = CLIENT.get("gh1").json()["value"]
    switch_to_text(base)
    b = CLIENT.get("gh2").text
    return [a, b]


def openai_base_url_changed_between_calls(api: str) -> list[Any]:
    client = openai.OpenAI(api_key=DUMMY_KEY, base_url=f"{api}/v1", max_retries=0)
    try:
        first = [m.id for m in client.models.list()]
        client.base_url = f"{api}/nowhere/"  # the next call goes there and fails
        try:
            second: Any = [m.id for m in client.models.list()]
        except openai.NotFoundError as e:
            second = f"not found: {e.status_code}"
        r = client.chat.completions.create(model="gpt",
                                           messages=[{"role": "user", "content": "hi"}])
        third = r.choices[0].message.content
    except openai.NotFoundError as e:
        third = f"chat not found: {e.status_code}"
    finally:
        client.close()
    return [first, second, third]


CASES = [
    Case("clients", httpx_base_url_changed_between_gets, args=web_args, servers="web"),
    Case("clients", global_client_retargeted_by_a_helper, args=web_args, servers="web",
         setup=_global_client),
    Case("sdk", openai_base_url_changed_between_calls, args=lambda env: (env.api,),
         servers="api"),
]
