"""stance: who said what in the news, and where they stand."""
__version__ = "0.1.0"

from .io import ReadOptions, read_quotes  # noqa: E402
from .pipeline import Result, extract, score  # noqa: E402  (the notebook API; imports no torch or scikit-learn)

load = Result.load

__all__ = ["ReadOptions", "Result", "extract", "load", "read_quotes", "score", "__version__"]
