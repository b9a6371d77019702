"""The rules for an SDK are made without importing the parts of it the program has not
imported: openai's responses resource alone builds a few hundred pydantic models (~0.2 s,
once paid by the first jitted call of any program that imported openai)."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import sys
import openai
from ember.xcs.lowlevel import effect_of

client = openai.OpenAI(api_key="test", base_url="http://127.0.0.1:9")
assert effect_of(client.files.list).kind.value == "read"  # the rules are loaded
assert "openai.resources.responses.responses" not in sys.modules, "imported by the rules"
fact = effect_of(client.responses.create)  # now the program uses it: a model call
assert (fact.kind.value, fact.resource) == ("read", "llm"), fact
assert effect_of(client.chat.completions.create).resource == "llm"
assert effect_of(client.files.create).kind.value == "write"
print("ok")
"""


def test_sdk_rules_do_not_import_resources_the_program_has_not() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
