"""stance: who said what in the news, and where they stand."""
__version__ = "0.1.0"

from .extract import extract_quotes  # noqa: E402
