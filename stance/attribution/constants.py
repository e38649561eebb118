"""Closed word classes and thresholds of attribution, in one place.

Open word lists users extend (speech verbs, cue nouns, titles, role nouns,
places, words that are never names) live in ``stance/data`` (see
:mod:`stance.lexicon`); what is here is grammar, not vocabulary.
"""
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# relations a participle or conjoined verb climbs to find the subject of the clause above
# ("acomp": 'X was careful to add that "..."', the speech verb hangs on the adjective)
CLIMB_DEPS = ("conj", "advcl", "xcomp", "pcomp", "acl", "ccomp", "prep", "dep", "parataxis", "acomp")
# relations by which a speech verb hangs off a quoted word ('"...," he said' parsed as parataxis)
ATTACHED_CHILD_DEPS = ("parataxis", "ccomp", "conj", "advcl", "dep")
ATTACHED_SIBLING_DEPS = ("parataxis", "conj", "dep", "advcl")
# relations of an inverted subject after its verb ('"...," said Rasha al-Obaidi')
INVERTED_SUBJECT_DEPS = ("dobj", "attr", "npadvmod", "appos", "nsubj", "dative")
SOURCE_PREPOSITIONS = ("from", "by", "of")      # "a statement from X", "a report by X"
MINISTRY_OFFICES = frozenset({"foreign", "home"})  # "his foreign office" is a ministry of his country, not his office
# "a letter seen by X": X holds it; "a statement carried by the X news agency": X relays it ("translated
# from French": a language)
RECEIVING_VERBS = frozenset({"obtained", "seen", "reviewed", "viewed", "received", "carried", "relayed", "aired",
                             "broadcast", "quoted", "cited", "reported", "translated"})
# "a report published by X", "a letter sent by X": X issued the document ("passed by 279 votes",
# "written by" its authors, "seen by" a paper are not its issuer)
ISSUING_VERBS = frozenset({"published", "released", "issued", "sent", "circulated", "compiled", "signed", "distributed"})

# words before a short quote that make it a term, not speech
SCARE_CUES = ("so-called", "so called", "dubbed", "known as", "the term", "the word", "operation")
# lower-case words inside a Title Case name or title ("Hour of the Wolf", "Rivers and Roads")
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "by",
                               "with", "from", "as", "vs", "vs.", "per", "via"})
# words right before a quoted title of a work ('on NBC's "Meet the Press."', 'in "The Hours."')
TITLE_LEADS = (" on", " in", " of", "'s", "’s", " from", " by")
INDEFINITE_PRONOUNS = frozenset({"everyone", "everybody", "nobody", "someone", "somebody", "anyone", "anybody",
                                 "all", "none"})
# verbs that tag speech only bare, right before a comma, colon or full stop ("she continued, “...”"),
# never with an object ("Tehran would continue its support")
BARE_CUES = frozenset({"continue", "continues", "continued", "continuing"})
# how many speakers a plural description names ("the two ministers", "both leaders")
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4}
# verbs that tag speech with one object: "as one official put it"
OBJECT_CUES = {"put": "it", "puts": "it"}
# verbs that report speech with a particle: '"...," the minister shot back', "fired back", "hit back"
PARTICLE_CUES = {"shot": "back", "shoots": "back", "fired": "back", "fires": "back", "hit": "back", "hits": "back"}
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it"})
# a reflexive set off after a name stresses it ("X, himself a former minister, said"): the name is the subject
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
# verbs by which a transcript turn's speaker reads out or cites words that are not their own
READING_VERBS = frozenset({"read", "reading", "quote", "quoting", "cite", "citing"})
FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")

# confidence by how the mention was resolved; the fallback for descriptions
CONFIDENCE = {"name": 0.9, "pronoun": 0.75, "nominal": 0.7}
CONFIDENCE_DESCRIPTION = 0.6
CONFIDENCE_COLLECTIVE = 0.5
CONFIDENCE_HEADING = 0.7      # at most, for a quote in a heading
CONFIDENCE_CONTINUATION = 0.6  # at most, for a quote that inherits its speaker

# distances, in words, characters or tokens
GOVERNING_CLIMB = 12           # tree steps from a quote up to its speech verb
ADJACENT_WORDS = 4             # a tag "right next to" a quote: at most this many words between
PARTICIPLE_CLIMB = 5           # steps from "..., adding" up to the speech verb whose subject it shares
WHO_CLIMB = 4                  # steps from the noun a "who" clause hangs on up to the person it stands for
CLAUSE_SUBJECT_CLIMB = 6       # steps from a quote no speech verb governs up to the subject of its clause
CLAUSE_CLIMB = 4               # steps from a conjoined/subordinate verb to a clause with a subject
TAG_AFTER_TOKENS = 20          # how far after a quote its tag may start
TURN_LEAD_TOKENS = 30          # how far before a quote inside a transcript turn its "I said" may start
MISREAD_TAG_WORDS = 4          # "the court's ruling states": a tag the parser read as a noun phrase
COLON_LEAD_BREAKS = 3          # line breaks a colon lead may sit above its quote
# nouns that hand the floor to their owner before a colon ("Lund's reply: '...'")
ANSWER_NOUNS = frozenset({"answer", "reply", "response", "retort", "reaction", "verdict", "advice", "words", "message",
                          "line"})
DESCRIPTION_MAX_WORDS = 14     # a longer unnamed "description" is a clause, not a speaker
HEADING_STORY_CHARS = 600       # of the story below a heading searched for the person a bare role heads it as
EARLIER_STATEMENT_TOKENS = 200  # how far back "the statement said" looks for who issued it
# documents a body issues as it speaks: 'X said ... "...," the statement said' is X's statement
SPOKEN_DOCUMENTS = frozenset({"statement", "communique", "communiqué", "release", "post", "tweet", "note"})
# speech verbs whose passive subject is the one spoken to ("residents were asked to ..."), never the speaker
ADDRESSEE_VERBS = frozenset({"asked", "told", "urged", "warned", "reminded", "advised", "instructed", "informed",
                             "ordered", "encouraged", "called"})
# participles of an aside between a speaker and the speech verb ("X, asked about the border, said ...",
# "Judge X, writing for the majority, found ...")
ASKED_ASIDES = frozenset({"asked", "pressed", "questioned", "quizzed", "challenged", "writing", "speaking", "testifying"})
# forms of "be" and "have": a document that "was" or "has" something says nothing
COPULAS = frozenset({"is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "'s", "’s"})
# documents that charge or judge the subject of the clause they source ("X moved the funds, according to
# the indictment"): written about that subject, never by it
CHARGING_DOCUMENTS = frozenset({"indictment", "complaint", "lawsuit", "suit", "charge", "charges", "ruling", "judgment",
                                "judgement", "verdict"})
# name words of organisations that are no body ("the agreement says" is a document's words, not a body's)
NOT_BODIES = frozenset({"agreement", "accord", "treaty", "pact", "project", "program", "initiative", "action", "order",
                        "news", "nations", "nation", "resources", "partners", "services", "energy"})
# "the document says" after "a report published by X": a word for any document the text named before
ANY_DOCUMENT = frozenset({"document", "text"})
NAMED_AFTER_PARAGRAPHS = 3     # quote paragraphs a paragraph naming their speaker may follow ('That was X')
CONTINUATION_GAP = 400         # characters between a quote and the one it continues
SCARE_MAX_WORDS = 4            # an untagged quote this short is a term, not speech
SCARE_CUE_MAX_WORDS = 5        # ... and at most this long after "so-called", "dubbed"
SCARE_CUE_WINDOW = 25          # characters before a quote searched for a scare cue
HEADING_MAX_WORDS = 20         # a paragraph this short without closing punctuation is a heading
QUESTION_LABEL_CHARS = 12      # a transcript's 'QUESTION: ' label is at most this long
ACRONYM_MAX_LETTERS = 4        # a one-word label this short in capitals ("AU:", "NATO:") is an organisation
# a broadcast transcript's turn labels that are no name: the name follows in brackets ('CLIP (Ana Reyes, ...):')
BROADCAST_LABELS = frozenset({"clip", "sot", "soundbite", "bite", "audio", "video", "presenter", "anchor", "host",
                              "correspondent", "reporter", "caller", "moderator", "interviewer", "guest"})
DASH_NAME_MAX_WORDS = 5        # a signature after a dash: at most this many capitalised words
TITLE_MAX_WORDS = 10           # a Title Case quote this short is a name or title, not speech
APPOSITION_MAX_WORDS = 12      # an apposition this long after a name is part of its mention
ECHO_MAX_QUOTES = 80           # quotes after a heading searched for its words said again
CONTEXT_MAX_CHARS = 1000       # of a quote's sentence kept either side of it (a 'sentence' can be a whole text)
ASK_WORDS = ("ask", "asks", "asked")  # the verb of a question's tag, whatever the tagger made of it
# cues that give a turn back in an exchange ('"...," Y shot back.'): an untagged quote paragraph next is the other's
REPLY_CUES = frozenset({"replied", "replies", "answered", "answers", "retorted", "retorts", "countered", "counters",
                        "responded", "responds", "shot", "fired", "snapped", "interjected", "interrupted"})
PLACE_PREPOSITIONS = ("in", "at", "near", "from", "across", "outside", "inside")  # a name after one is where, not who
WHERE_PREPOSITIONS = ("in", "at", "near", "across", "outside", "inside")  # ... and a colon lead's last name after one
NAMING_WORDS = ("named", "called", "name", "introduced", "identified")  # a clause that gives a described person's name
SIGNATURE_DASHES = ("―", "—", "–", "-")  # a line opened by one after a quote is its signature
# "in her words", "by his own account", "in the view of X", "His words, '...'": a phrase that credits the
# quote to the noun's holder, with no speech verb (the preposition before each)
CREDIT_NOUNS = frozenset({"words", "view", "reckoning", "telling", "account", "estimation", "phrase", "phrasing"})
CREDIT_PREPOSITIONS = ("in", "by")
# "For her, the rules are '...'", "To Ruiz, it was '...'": a fronted preposition whose person the sentence gives the view of
VIEWPOINT_PREPOSITIONS = ("for", "to")
SENTENCE_CONJUNCTIONS = ("but", "and", "yet")  # may open a sentence before its first phrase ("But for her, ...")
TOPIC_PREPOSITIONS = ("for", "about", "against", "on", "of", "over")  # "advice for parents:": whom or what a lead speaks of
