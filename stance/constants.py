"""Quote-mark inventory: which characters can open or close a quotation.

Lexicons users may extend (speech verbs, titles, role nouns) live in data files
under ``stance/data``; see :mod:`stance.lexicon`.
"""
DOUBLE_MARKS = frozenset('"“”„‟«»')
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
OPEN_ONLY = frozenset("“„‟«‘‚‛‹")
CLOSE_ONLY = frozenset("”»’›")
GUILLEMETS = frozenset("«»‹›")
