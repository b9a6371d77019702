"""A network of networks from the compact NON notation, evaluated over a small dataset, with
call defaults set for the whole block by `ember.context`."""

import ember
from ember.api import data, eval, non

system = non.build_graph(["3E@sim/gpt-4o(temp=0.7)", "1J@sim/judge(temp=0)"])
print(system)
print(system(query="What is the boiling point of water at sea level, in Celsius?"))

rows = [{"question": f"What is {i} + {i}?", "answer": str(2 * i)} for i in range(6)]
dataset = data.load(rows)

with ember.context(latency=0.01, max_tokens=64):
    assert ember.get_config("defaults.max_tokens") == 64
    result = eval.evaluate(lambda question: system(query=question), dataset, "numeric",
                           progress=False)
print("items:", result.summary.items, "errors:", result.summary.errors)
assert result.summary.items == 6 and result.summary.errors == 0
assert ember.get_config("defaults") == {}
print("ok")
