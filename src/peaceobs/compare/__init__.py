"""Compare documents paragraph by paragraph: alignment, redline, lead-verb strength, chains;
the draft a resolution names, and amendment documents."""

from .align import Change, Comparison, compare
from .chain import Lifeline, chain
from .drafts import amendments, amends, is_amendment, origin
from .verbs import lead_verb, strength_change

__all__ = ["Change", "Comparison", "compare", "Lifeline", "chain", "lead_verb", "strength_change",
           "amendments", "amends", "is_amendment", "origin"]
