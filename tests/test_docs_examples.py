"""Every ```python block of README.md and docs/*.md runs, against the simulator.

A page's blocks run in order in one fresh interpreter sharing one namespace (they build on
each other, as a reader types them), in an empty folder, with the real providers' base URLs
(OpenAI, Anthropic, Gemini, and the `local`, `vllm` and `azure` endpoints the pages name)
pointed at a `SimServer` on 127.0.0.1: a block written for `openai/gpt-4o` runs unchanged
and no call leaves the machine. A block may use top-level ``await``, as in an asyncio REPL.

A block preceded by ``<!-- no-test: reason -->`` is skipped with that reason: long benchmark
commands and other libraries' snippets. Blocks that a test of their own already runs (and
checks the output of) are listed in `COVERED` and not run twice.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ember.sim import SimConfig, SimServer

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# (page, section heading or None for the whole page) -> the test that runs those blocks.
COVERED = {
    ("docs/earlier-ember.md", None): "tests/compat/test_docs_earlier_ember.py",
    ("docs/providers.md", "## Streaming, structured output, tools, images, n and fallbacks"):
        "tests/models/test_docs_features.py",
}

# Pages whose ``print(...)  # text`` comments are the output: each text starts a line of
# what the page prints, in order.
CHECK_OUTPUT = {"docs/operators.md", "docs/coming-from-langchain-dspy.md"}

_FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
_NO_TEST = re.compile(r"<!--\s*no-test:((?:(?!-->).)*)-->\s*\Z", re.S)  # right above


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    code: str
    section: str
    skip: str | None  # the no-test reason, if marked


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    name = page.relative_to(ROOT).as_posix()
    out: list[Block] = []
    for match in _FENCE.finditer(text):
        before = text[:match.start()]
        headings = re.findall(r"^(##+ .*)$", before, re.M)
        section = next((h for h in reversed(headings) if h.startswith("## ")), "")
        marker = _NO_TEST.search(before)
        skip = marker.group(1).strip() if marker else None
        out.append(Block(name, before.count("\n") + 1, match.group(1), section, skip))
    return out


def _covered_by(block: Block) -> str | None:
    return COVERED.get((block.page, None)) or COVERED.get((block.page, block.section))


ALL = [b for page in PAGES for b in _blocks(page)]
RUN = sorted({b.page for b in ALL if not b.skip and not _covered_by(b)})

# Runs one page's blocks, given as JSON [[label, code], ...] on stdin.
_RUNNER = r"""
import ast, asyncio, inspect, json, sys, traceback
ns = {"__name__": "__main__"}
for label, code in json.load(sys.stdin):
    print("running", label, file=sys.stderr, flush=True)
    try:
        compiled = compile(code, label, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        if compiled.co_flags & inspect.CO_COROUTINE:
            asyncio.run(eval(compiled, ns))
        else:
            exec(compiled, ns)
    except BaseException:
        traceback.print_exc()
        sys.exit(f"the block at {label} failed")
"""


@pytest.fixture(scope="module")
def server():
    with SimServer(SimConfig(latency=0)) as running:
        yield running


def _environment(server: SimServer, folder: Path) -> dict[str, str]:
    config = folder / "config.toml"
    config.write_text("".join(
        f'[endpoints.{name}]\nwire = "{wire}"\nbase_url = "{base}"\nmodels = {models}\n\n'
        for name, wire, base, models in (
            ("local", "openai", server.openai_base_url, '["llama3", "gpt"]'),
            ("vllm", "openai", server.openai_base_url, '["meta-llama/Llama-3.1-8B-Instruct"]'),
            ("azure", "azure", server.url, '["gpt-4o-prod"]'),
        )))
    inherited = {k: v for k, v in os.environ.items() if k != "EMBER_CACHE_DIR"}  # cache: off
    return {
        **inherited,
        "HOME": str(folder), "EMBER_CONFIG": str(config),
        "OPENAI_API_KEY": "sk-docs-test", "OPENAI_BASE_URL": server.openai_base_url,
        "ANTHROPIC_API_KEY": "sk-docs-test", "ANTHROPIC_BASE_URL": server.anthropic_base_url,
        "GEMINI_API_KEY": "docs-test", "GEMINI_BASE_URL": server.url + "/v1beta",
        "MPLBACKEND": "Agg", "PYTHONWARNINGS": "ignore",
    }


@pytest.mark.parametrize("page", RUN)
def test_the_pages_blocks_run_in_order(page, server, tmp_path):
    blocks = [[f"{b.page}:{b.line}", b.code] for b in ALL
              if b.page == page and not b.skip and not _covered_by(b)]
    try:
        out = subprocess.run([sys.executable, "-c", _RUNNER], input=json.dumps(blocks),
                             text=True, cwd=tmp_path, env=_environment(server, tmp_path),
                             capture_output=True, timeout=100)
    except subprocess.TimeoutExpired as stuck:  # say which block never ended
        pytest.fail(f"a block did not end; stderr:\n{stuck.stderr!s}"[-3000:])
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-5000:]
    if page in CHECK_OUTPUT:
        expected = [m.group(1).strip() for _, code in blocks
                    for m in re.finditer(r"^\s*print\(.*\)\s+# (.+)$", code, re.M)]
        printed = iter(out.stdout.splitlines())
        for text in expected:
            assert any(line.startswith(text) for line in printed), (text, out.stdout)


NOT_RUN = [b for b in ALL if b.skip or _covered_by(b)]


@pytest.mark.parametrize("block", NOT_RUN, ids=[f"{b.page}:{b.line}" for b in NOT_RUN])
def test_blocks_not_run_here(block):
    """Listed as skips, with their reasons, so a report shows every block not run here."""
    pytest.skip(f"{block.page}:{block.line}: {block.skip or f'run by {_covered_by(block)}'}")


def test_every_skipped_block_says_why_and_every_covering_test_exists():
    assert RUN, "no page has a block to run"
    for block in ALL:
        assert block.skip is None or block.skip, f"{block.page}:{block.line}: no-test without reason"
    for (page, section), test in COVERED.items():
        text = (ROOT / page).read_text(encoding="utf-8")
        assert section is None or section in text.splitlines(), (page, section)
        assert page in (ROOT / test).read_text(encoding="utf-8"), (page, test)


def test_the_operators_page_has_a_section_for_every_built_in_operator():
    from ember import operators

    headings = re.findall(r"^## (.*)$", (ROOT / "docs" / "operators.md").read_text(), re.M)
    named = {name for h in headings for name in re.findall(r"`(\w+)`", h)}
    assert set(operators.__all__) <= named, sorted(set(operators.__all__) - named)
    page = [b for b in ALL if b.page == "docs/operators.md"]
    assert page and not any(b.skip for b in page)
