"""n > 1 (.choices), image content parts (bytes, a Path, a URL) per wire, and fallbacks,
over real HTTP against the simulator server and in process (sim/)."""

from __future__ import annotations

import asyncio
import base64
import pickle

import pytest
from aiohttp import web

from ember.errors import BadRequest, ProviderUnavailable
from ember.models import image, models
from ember.sim import IMAGE_TOKENS

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --------------------------------------------------------------------------- n


def test_n_gives_every_choice_and_the_summed_usage_on_the_openai_wire(endpoint):
    """One request with n=3: three distinct choices; the result is the first, its usage the
    server's count for all three."""
    name, server = endpoint("nopen")
    result = models(f"{name}/gpt", "Name a colour", n=3, temperature=1)
    assert len(result.choices) == 3 and result.choices[0] is result
    assert len({c.text for c in result.choices}) == 3
    stats = server.stats()
    assert stats["requests"] == 1
    assert result.usage.completion_tokens == stats["by_model"]["gpt"]["completion_tokens"]
    assert all(c.finish_reason == "stop" for c in result.choices)


def test_n_on_the_anthropic_wire_is_n_calls_merged(endpoint):
    """The Messages API has no n: Ember makes n calls (seeded seed + i, so they differ) and
    merges them; usage is the sum of the server's counts."""
    name, server = endpoint("nant", wire="anthropic")
    result = models(f"{name}/gpt", "Name a colour", n=3, seed=7)
    stats = server.stats()
    assert stats["requests"] == 3 and len(result.choices) == 3
    assert len({c.text for c in result.choices}) == 3
    assert result.usage.completion_tokens == stats["by_model"]["gpt"]["completion_tokens"]
    assert result.usage.prompt_tokens == stats["by_model"]["gpt"]["prompt_tokens"]


def test_sim_in_process_gives_the_server_s_choices(endpoint):
    name, _ = endpoint("nsame")
    a = models("sim/gpt", "Name a colour", n=3, temperature=1, latency=0)
    b = models(f"{name}/gpt", "Name a colour", n=3, temperature=1)
    assert [c.text for c in a.choices] == [c.text for c in b.choices]
    assert a.usage == b.usage


def test_choices_survive_pickling_and_a_single_call_has_one():
    result = models("sim/gpt", "Hi", n=2, temperature=1, latency=0)
    again = pickle.loads(pickle.dumps(result))
    assert [c.text for c in again.choices] == [c.text for c in result.choices]
    one = models("sim/gpt", "Hi", latency=0)
    assert one.choices == (one,)


# --------------------------------------------------------------------------- parts


def _messages(*parts):
    return [{"role": "user", "content": ["What is in this picture?", *parts]}]


@pytest.mark.parametrize("wire", ["openai", "anthropic"])
def test_images_from_bytes_a_path_and_a_url_reach_the_server(endpoint, tmp_path, wire):
    """Each image form is read by the server as an image (IMAGE_TOKENS more prompt tokens
    each), on both wires; the in-process sim/ counts the same."""
    name, _ = endpoint(f"p{wire[:3]}", wire=wire)
    path = tmp_path / "cat.png"
    path.write_bytes(PNG)
    plain = models(f"{name}/gpt", _messages(), temperature=0)
    with_images = models(f"{name}/gpt", _messages(PNG, path, image("https://x.test/c.png")),
                         temperature=0)
    assert with_images.usage.prompt_tokens - plain.usage.prompt_tokens == 3 * IMAGE_TOKENS
    local = models("sim/gpt", _messages(PNG, path, image("https://x.test/c.png")),
                   temperature=0, latency=0)
    assert local.usage.prompt_tokens == with_images.usage.prompt_tokens


@pytest.mark.parametrize("wire", ["openai", "anthropic"])
def test_each_wire_gets_images_in_its_own_format(endpoint, tiny_server, wire):
    """What is sent: OpenAI image_url parts (a data: URL for bytes); Anthropic image blocks
    with a base64 source for bytes and a url source for a URL."""
    bodies = []

    async def handler(request):
        bodies.append(await request.json())
        if wire == "openai":
            return web.json_response({"choices": [{"index": 0, "message": {
                "role": "assistant", "content": "a cat"}, "finish_reason": "stop"}]})
        return web.json_response({"content": [{"type": "text", "text": "a cat"}],
                                  "stop_reason": "end_turn", "usage": {}})

    path = "/v1/chat/completions" if wire == "openai" else "/v1/messages"
    url = tiny_server({path: handler})
    base = url + "/v1" if wire == "openai" else url
    name, _ = endpoint("hand", wire=wire, server=type("S", (), {
        "openai_base_url": base, "anthropic_base_url": base})())
    assert models(f"{name}/m", _messages(PNG, image("https://x.test/c.png"))) == "a cat"
    content = bodies[0]["messages"][0]["content"]
    data = base64.b64encode(PNG).decode()
    if wire == "openai":
        assert content[1] == {"type": "image_url",
                              "image_url": {"url": f"data:image/png;base64,{data}"}}
        assert content[2] == {"type": "image_url", "image_url": {"url": "https://x.test/c.png"}}
    else:
        assert content[1] == {"type": "image", "source": {
            "type": "base64", "media_type": "image/png", "data": data}}
        assert content[2] == {"type": "image", "source": {"type": "url",
                                                          "url": "https://x.test/c.png"}}
    assert content[0] == {"type": "text", "text": "What is in this picture?"}


def test_an_unreadable_image_path_is_refused_naming_it(tmp_path):
    from ember.errors import InvalidMessage

    with pytest.raises(InvalidMessage, match="missing.png"):
        models("sim/gpt", _messages(tmp_path / "missing.png"), latency=0)


# --------------------------------------------------------------------------- fallbacks


def test_a_provider_failure_falls_back_and_the_result_says_who_answered(endpoint, sim_calls):
    """The first endpoint always answers 500 (after its retries); the next model answers,
    and the result's model_id names it."""
    name, server = endpoint("down", sim={"fail_500": 1.0}, max_attempts=2)
    llm = models.instance(f"{name}/gpt", fallbacks=["sim/claude"], latency=0)
    result = llm("Hi")
    assert result.model_id == "sim/claude"
    assert server.stats()["errors_500"] == 2 and sim_calls.started == 1
    assert asyncio.run(llm.acall("Hi")).model_id == "sim/claude"


def test_a_bad_request_is_not_fallen_back(endpoint, sim_calls):
    """A 400 (the caller's mistake) is raised at once: the fallback is never called."""
    name, server = endpoint("strict")
    llm = models.instance(f"{name}/gpt", fallbacks=["sim/claude"])
    with pytest.raises(BadRequest):
        llm("Hi", top_logprobs=3)  # the server refuses top_logprobs without logprobs
    assert sim_calls.started == 0 and server.stats()["bad_requests"] == 1


def test_when_every_model_fails_the_last_error_names_the_others(endpoint):
    a, _ = endpoint("downa", sim={"fail_500": 1.0}, max_attempts=1)
    b, _ = endpoint("downb", sim={"fail_500": 1.0}, max_attempts=1)
    llm = models.instance(f"{a}/gpt", fallbacks=[f"{b}/gpt"])
    with pytest.raises(ProviderUnavailable) as info:
        llm("Hi")
    assert info.value.model_id == f"{b}/gpt"
    assert f"{a}/gpt (ProviderUnavailable)" in "".join(info.value.__notes__)
    assert "fallbacks=" in repr(llm)


def test_fallback_ids_are_checked_at_once():
    from ember.errors import UnknownProvider

    with pytest.raises(UnknownProvider):
        models.instance("sim/gpt", fallbacks=["nosuch/model"])


def test_structured_output_falls_back_too(endpoint):
    """A binding's parse (and output=) goes through its fallbacks: the value comes from the
    model that answered, and the result names it."""
    import dataclasses

    @dataclasses.dataclass
    class City:
        name: str

    name, _ = endpoint("downs", sim={"fail_500": 1.0}, max_attempts=1)
    llm = models.instance(f"{name}/gpt", fallbacks=["sim/gpt"], latency=0)
    result = llm.parse("A city", output=City)
    assert isinstance(result.parsed, City) and result.model_id == "sim/gpt"
    assert isinstance(llm("A city", output=City), City)
    assert isinstance(asyncio.run(llm.aparse("A city", output=City)).parsed, City)


def test_a_one_choice_result_holds_no_reference_to_itself():
    """`.choices` of a lone answer is the result itself, yet not stored in it: a result in
    a cycle with itself is freed only by the garbage collector, and a thousand results
    kept by a batch were a thousand such cycles for each collection to walk."""
    import gc

    from ember.models import models

    result = models("sim/gpt", "Hi", latency=0)
    assert result.choices == (result,) and result.choices[0] is result
    held = [x for ref in gc.get_referents(result) if isinstance(ref, tuple) for x in ref]
    assert not any(x is result for x in held)
    assert result.replace(cost_usd=0.0).choices[0].cost_usd == 0.0
