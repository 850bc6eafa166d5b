"""The words UN resolutions open their paragraphs with: one vocabulary for every stage.

Structure reads a paragraph as preambular or operative by its first words; compare places an
operative paragraph's lead verb on the ladder of strength. Both read these lists (no module of
ours is imported here).
"""

from __future__ import annotations

# Words that open a preambular paragraph. Participles ("Recalling", "Having considered") are
# recognised by form; these are the adjectives and adverbs that open them too.
PREAMBULAR_WORDS = {
    "mindful", "aware", "conscious", "convinced", "concerned", "deeply", "gravely", "seriously",
    "determined", "desirous", "alarmed", "encouraged", "guided", "acting", "cognizant", "fully",
    "bearing", "reiterating", "appreciative", "profoundly", "strongly", "sharing", "whereas",
    "noting", "keenly", "also", "further", "recognizing", "emphasizing", "stressing", "taking",
    "welcoming", "expressing", "affirming", "acknowledging", "considering", "believing",
    "underlining", "dismayed", "shocked", "disturbed", "distressed", "satisfied", "pleased",
    "confident", "resolved", "committed", "reaffirming", "recalling", "having", "by",
}

# Adverbs that may stand before an operative verb: "Also requests", "Further decides".
ADVERBS = {"also", "further", "again", "strongly", "once", "firmly", "hereby", "urgently",
            "deeply", "gravely", "profoundly", "seriously", "warmly", "sincerely", "vigorously",
            "categorically", "emphatically", "most", "particularly", "especially", "equally",
            "likewise", "similarly", "nevertheless", "increasingly", "acutely",
            "respectfully", "resolutely", "unequivocally", "repeatedly", "solemnly", "fully",
            "furthermore", "moreover", "finally"}

OPERATIVE_VERBS = {
    "accepts", "acknowledges", "admits", "adopts", "affirms", "agrees", "appeals", "appoints",
    "approves", "asks", "authorises", "authorizes", "calls", "censures", "commends", "condemns",
    "confirms", "considers", "decides", "declares", "demands", "deplores", "designates",
    "determines", "directs", "elects", "emphasises", "emphasizes", "encourages", "endorses",
    "establishes", "expresses", "extends", "highlights", "insists", "instructs", "invite",
    "invites", "looks", "notes", "observes", "pays", "pledges", "proclaims", "reaffirms",
    "recalls", "recognizes", "recommends", "regrets", "reiterates", "rejects", "reminds", "renews",
    "requests", "resolves", "salutes", "stresses", "supports", "takes", "thanks", "underlines",
    "underscores", "urge", "urges", "warns", "welcome", "welcomes", "wishes",
}

# Weak → strong, as negotiators read them: noting something commits no one; deciding binds.
LADDER: list[tuple[str, ...]] = [
    ("recalls", "reaffirms", "reiterates", "notes", "takes note", "acknowledges", "recognizes",
     "expresses", "observes", "considers"),
    ("welcomes", "commends", "appreciates", "supports", "endorses", "pays tribute", "thanks"),
    ("encourages", "invites", "recommends", "looks forward"),
    ("calls upon", "calls on", "appeals", "calls for"),
    ("requests", "asks", "urges", "stresses", "emphasizes", "underlines", "underscores"),
    ("demands", "insists", "condemns", "deplores", "strongly condemns"),
    ("decides", "authorizes", "determines", "establishes", "declares", "directs"),
]
LEVEL = {verb: i for i, verbs in enumerate(LADDER) for verb in verbs}
# Every verb of the ladder opens an operative paragraph ("Appreciates …", "Pays tribute …").
OPERATIVE_VERBS |= {verb.split()[0] for verb in LEVEL}
