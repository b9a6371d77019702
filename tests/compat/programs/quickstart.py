"""Calling models, in the earlier Ember's quickstart style: `models(...)`, `.text`, usage as
a mapping, `models.instance`, and the provider listing."""

from ember.api import models

response = models("sim/gpt-4o", "What is the capital of France?", temperature=0.0)
print(response.text)
print("tokens:", response.usage["total_tokens"], "=", response.usage.prompt_tokens, "+",
      response.usage.completion_tokens)

assistant = models.instance("sim/claude-3-5-sonnet", temperature=0.5, system="Be concise.")
for question in ["Name a prime number.", "Name a colour."]:
    answer = assistant(question)
    print(f"{question} -> {answer}")

usable = [p.name for p in models.providers() if p.has_credentials]
print("providers with credentials:", ", ".join(usable))
assert "sim" in usable
assert response.model_id == "sim/gpt-4o" and response.usage["total_tokens"] > 0
print("ok")
