"""The examples of docs/providers.md's section on streaming, structured output, tools,
images, n and fallbacks run as printed, each in a fresh namespace, and print what the text
around them says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).parents[2] / "docs" / "providers.md"
SECTION = "## Streaming, structured output, tools, images, n and fallbacks"


def _examples() -> dict[str, str]:
    text = PAGE.read_text()
    start = text.index(SECTION)
    section = text[start:text.index("\n## ", start + len(SECTION))]
    out: dict[str, str] = {}
    for part in re.split(r"\n### ", section)[1:]:
        title = part.splitlines()[0].strip()
        code = re.search(r"```python\n(.*?)```", part, re.S)
        assert code, f"the part {title!r} has no python example"
        out[title] = code.group(1)
    return out


EXAMPLES = _examples()
EXPECTED = {
    "Streaming": ["True True", "True"],
    "Structured output": ["Person True", "City", "True True True"],
    "Tools": ["get_weather ['city', 'unit']", "stop ()"],
    "Images and other content parts": ["True"],
    "Several choices: `n`": ["3 3 True"],
    "Fallbacks": ["sim/claude"],
}


def test_every_part_of_the_section_has_its_expected_output():
    assert set(EXAMPLES) == set(EXPECTED)


@pytest.mark.parametrize("title", sorted(EXPECTED))
def test_the_example_runs_and_prints_what_the_docs_say(title):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(EXAMPLES[title], f"providers.md: {title}", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[-len(EXPECTED[title]):] == EXPECTED[title], lines
