"""stance: who said what in the news, and where they stand."""
__version__ = "0.1.0"

from .pipeline import Result, extract, score  # noqa: E402  (the notebook API; imports no torch or scikit-learn)

__all__ = ["Result", "extract", "score", "__version__"]
