"""Compare documents paragraph by paragraph: alignment, redline, lead-verb strength, chains."""

from .align import Change, Comparison, compare
from .chain import Lifeline, chain
from .verbs import lead_verb, strength_change

__all__ = ["Change", "Comparison", "compare", "Lifeline", "chain", "lead_verb", "strength_change"]
