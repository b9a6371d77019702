"""An earlier-Ember-style program using the JIT's options and named data runs unchanged:
`@jit` on an operator class, `@jit` over `@op`, `vmap(in_axes=...)`, `jit(config=...)`,
`stats()`, and a dataset folder registered and streamed by name (in its own temp folder)."""

from __future__ import annotations

from tests.compat.test_earlier_style import run_program


def test_jit_options_and_named_data_program_runs_unchanged(tmp_path):
    out = run_program("jit_options_data", tmp_path)
    assert "strategy: parallel parallel" in out
    assert "fast: parallel baseline: direct" in out
    assert "('test',) cais/mmlu" in out
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["ember-out"])
