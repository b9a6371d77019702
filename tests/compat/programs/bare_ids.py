"""Bare model ids, as the earlier Ember took them. Run with OPENAI_API_KEY and
OPENAI_BASE_URL pointing at an OpenAI-compatible server (the test uses the simulator)."""

from ember.api import models

reply = models("gpt-4o-mini", "Say hello in French.", temperature=0)
print(reply)
print("model:", reply.model_id, "cost (USD):", f"{reply.cost_usd:.8f}")
info = models.info("gpt-4o-mini")
print("context window:", info.context_window, "tokens")

writer = models.instance("gpt-4o-mini", temperature=0.7)
draft = writer("Write one line about rivers.")
print(draft)
assert reply.model_id == "openai/gpt-4o-mini" and reply.cost_usd > 0
assert info.context_window > 0
print("ok")
