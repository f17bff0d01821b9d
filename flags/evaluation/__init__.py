"""Unleash-compatible flag evaluation engine: compile a client-features body, then evaluate."""

from .context import Context, normalise_context
from .engine import CompiledState, Evaluation, compile_state

__all__ = ["CompiledState", "Context", "Evaluation", "compile_state", "normalise_context"]
