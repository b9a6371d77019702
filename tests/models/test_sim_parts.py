"""Messages whose content is a list of parts (text and images), in process and over HTTP.

The in-process ``sim/`` provider and the simulator server must answer the same text for the
same messages, so the parity is checked over real HTTP against the server on 127.0.0.1.
Malformed parts are refused before any I/O with an `InvalidMessage` naming the message.
"""

from __future__ import annotations

import asyncio

import pytest

from ember.errors import InvalidMessage, InvalidParameter
from ember.models import models
from ember.sim import IMAGE_TOKENS

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

OPENAI_PARTS = [
    {"role": "user", "content": "Describe what you see."},
    {"role": "assistant", "content": "Send the picture."},
    {"role": "user", "content": [
        {"type": "text", "text": "What is in this picture?"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}",
                                            "detail": "low"}},
        {"type": "text", "text": "Answer in one word."},
    ]},
]
ANTHROPIC_PARTS = [
    {"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "text", "text": "What colour is this pixel?"},
    ]},
]


@pytest.mark.parametrize(("wire", "messages"), [("openai", OPENAI_PARTS),
                                                ("anthropic", ANTHROPIC_PARTS)])
def test_parts_give_the_same_text_in_process_and_over_http(endpoint, wire, messages):
    name, server = endpoint(f"parts{wire}", wire=wire)
    over_http = models(f"{name}/gpt", messages, temperature=0.5)
    in_process = models("sim/gpt", messages, temperature=0.5, latency=0)
    assert in_process.text == over_http.text
    assert in_process.startswith("[gpt] On What")
    assert server.stats()["completed"] == 1
    # The async path agrees too.
    again = asyncio.run(models.acall("sim/gpt", messages, temperature=0.5, latency=0))
    assert again.text == in_process.text


def test_text_parts_are_joined_and_images_are_counted(endpoint):
    name, _ = endpoint()
    joined = [{"role": "user", "content": "What is in this picture?\nAnswer in one word."}]
    parts = [{"role": "user", "content": [p for p in OPENAI_PARTS[2]["content"]]}]
    with_image = models("sim/gpt", parts, latency=0)
    text_only = models("sim/gpt", joined, latency=0)
    # The text parts are the text; the image is counted in the prompt's tokens.
    over_http = models(f"{name}/gpt", parts)
    assert with_image.text == text_only.text == over_http.text
    assert with_image.usage.prompt_tokens == text_only.usage.prompt_tokens + IMAGE_TOKENS
    # The HTTP simulator counts the image the same way.
    assert over_http.usage.prompt_tokens == with_image.usage.prompt_tokens
    two = models("sim/gpt", [{"role": "user", "content": [*parts[0]["content"],
                                                          *ANTHROPIC_PARTS[0]["content"][:1]]}],
                 latency=0)
    assert two.usage.prompt_tokens == text_only.usage.prompt_tokens + 2 * IMAGE_TOKENS


def test_parts_are_copied_at_call_time():
    content = [{"type": "text", "text": "original"}]
    messages = [{"role": "user", "content": content}]

    async def main():
        task = asyncio.ensure_future(models.acall("sim/gpt", messages, latency=0.05))
        await asyncio.sleep(0)  # the call has started
        content[0]["text"] = "changed"
        content.append({"type": "text", "text": "more"})
        return await task

    assert asyncio.run(main()).text == models("sim/gpt", "original", latency=0).text


BAD_PARTS = [
    ([{"text": "no type"}], "'type'"),
    ([{"type": 5}], "'type'"),
    ([{"type": "text"}], "'text'"),
    ([{"type": "text", "text": 5}], "'text'"),
    ([{"type": "image_url", "image_url": 5}], "'url'"),
    ([{"type": "image_url", "image_url": {"detail": "low"}}], "'url'"),
    ([{"type": "image_url"}], "'url'"),
    ([{"type": "image", "source": "not a dict"}], "'source'"),
    (5, "a str or a list of parts"),
    ({"type": "text", "text": "a dict, not a list"}, "a str or a list of parts"),
]


@pytest.mark.parametrize(("content", "says"), BAD_PARTS)
def test_malformed_parts_name_the_message_and_the_fix(endpoint, content, says):
    name, server = endpoint()
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": content}]
    for call in (lambda: models("sim/gpt", messages, latency=0),
                 lambda: asyncio.run(models.acall("sim/gpt", messages, latency=0)),
                 lambda: models(f"{name}/gpt", messages)):
        with pytest.raises(InvalidMessage) as info:
            call()
        message = str(info.value)
        assert info.value.index == 1 and "messages[1]" in message, message
        assert says in message and "Fix" in message, message
        assert isinstance(info.value, InvalidParameter)
    assert server.stats()["requests"] == 0  # refused before any I/O


def test_the_simulator_refuses_part_types_it_does_not_know():
    messages = [{"role": "user", "content": [
        {"type": "text", "text": "Listen."},
        {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}]}]
    with pytest.raises(InvalidMessage) as info:
        models("sim/gpt", messages, latency=0)
    message = str(info.value)
    assert "messages[0]" in message and "'input_audio'" in message
    assert "text, image_url or image" in message and "Fix" in message
