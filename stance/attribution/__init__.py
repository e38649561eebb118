"""Attach a speaker to every quotation span, by ordered sieves (Muzny et al. 2017).

Each sieve (one module each) maps a quote to a speaker mention, or to nothing:
``cue-verb`` (the speech verb governing the quote), ``quoted-predicate``
(Farouk "stressed that ..."), ``according-to``, ``colon-lead`` ("X said:"),
``heading-lead`` ("Name: 'quote'" in headings), ``tag-after`` (the tag after a
quote the parse missed), ``continuation`` (a quote with no tag continues the
previous one). :mod:`.runner` applies them in an order that is data, each to
the quotes still without a speaker; :mod:`.resolve` turns the mention into a
speaker and records how (name, pronoun, nominal, office, statement,
description). A short quote with no speech act around it is a scare quote.
"""
from .base import Attribution
from .runner import SIEVE_ORDER, SIEVES, attribute

__all__ = ["Attribution", "SIEVES", "SIEVE_ORDER", "attribute"]
