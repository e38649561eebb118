"""User-facing errors: the CLI prints them as one line, never a traceback."""


class StanceError(Exception):
    """A problem with the user's input, files or settings, stated in one line."""
