"""The parser as extraction loads it: which parts run, and how."""
from __future__ import annotations

import pytest

from stance.errors import StanceError
from stance.nlp import load_parser


def test_nlp_models_multiply_through_numpy(parser):
    """Every layer of the loaded pipeline multiplies matrices with numpy's BLAS, not thinc's BLIS
    (three times slower on this project's CPU), and the parse is still a parse."""
    from thinc.api import NumpyOps

    nodes = [node for _, component in parser.pipeline if hasattr(getattr(component, "model", None), "walk")
             for node in component.model.walk()]
    assert nodes
    assert all(type(node.ops) is NumpyOps and not node.ops.use_blis for node in nodes)
    assert [t.dep_ for t in parser("The mayor said it.")] == ["det", "nsubj", "ROOT", "dobj", "punct"]


def test_nlp_paragraph_boundaries_start_a_sentence_after_every_line_break(parser):
    """The token after any token that holds a line break starts a sentence (whatever the
    breaks look like), and the tokens of one line are left to the parser."""
    from stance.nlp import _paragraph_boundaries

    text = "Harbour Fees Rise\nBy Ana Wells\n\nThe port board met on Monday.  \n  Fees rise in May.\r\nIt said so. It"
    doc = _paragraph_boundaries(parser.make_doc(text))
    walked = [i for i in range(1, len(doc)) if "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_]
    assert [t.i for t in doc if t.is_sent_start] == [0, *walked]
    assert [doc[i].text for i in walked] == ["By", "The", "Fees", "It"]
    one_line = _paragraph_boundaries(parser.make_doc("One line, no break."))
    assert one_line.to_array("SENT_START").tolist() == [1, 0, 0, 0, 0, 0]


def test_a_parser_folder_that_is_not_there_is_named_as_a_folder(tmp_path):
    """A mistyped --parser path was told to `pip install` the default pipeline."""
    with pytest.raises(StanceError, match=r"^\S+/nope: no such spaCy pipeline folder \(--parser\)$"):
        load_parser(str(tmp_path / "nope"))
