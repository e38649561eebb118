"""Date, outlet and title that a plain-text article states in its first lines, and HTML pages.

Saved web pages and wire copy start with what a table would hold in columns: a
headline, a date line ("30-11-2024", "Saturday, 30 November 2024"), the outlet
("Rudaw" on its own line beside the date, "BAGHDAD (Reuters) -", "Alwaght- ...").
`text_metadata` reads them from the head of the text and leaves a field empty
when nothing there is clearly one; the text itself is never changed, so offsets
stay those of the file. Numeric dates are read day first (30-11-2024) unless the
first number cannot be a day's month (11-30-2024 is read month first).

`html_document` takes the main text out of an HTML page with trafilatura (boiler-
plate, menus and comments dropped) and its title, date and site name; quote
offsets then refer to that extracted text, which quotes.csv's `sentence`
column and `stance review export` carry.
"""
from __future__ import annotations

import re

HEAD_LINES = 8          # non-empty lines searched for a date, an outlet and a title
_MAX_DATE_LINE = 60     # a longer line is a sentence that mentions a date, not a date line
_MAX_TITLE_WORDS = 25
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<year>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
)
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Za-z .'-]*(?:,[^()\n]{0,40})?\s\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*[-–—]")
# "Alwaght- Syrian President ...": the hyphen touches the name; "Jane Roe — a surgeon —" is apposition
_LEAD_OUTLET = re.compile(r"^(?P<outlet>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})- \S")
_NAME_LINE = re.compile(r"^[A-Z][\w.&'’-]*(?: (?:[A-Z0-9][\w.&'’-]*|of|and|the|al|el|de|&)){0,3}$")
_CRUMBS = re.compile(r"\s[>›»|/]\s")  # "Home > Middle East > Jordan": navigation, not a headline


def text_metadata(text: str) -> dict[str, str]:
    """``date`` (ISO, YYYY-MM-DD), ``source`` (the outlet) and ``title`` from the head of `text`; "" when absent."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:HEAD_LINES]
    date, date_at = "", -1
    for i, line in enumerate(lines):
        if len(line) <= _MAX_DATE_LINE and (date := parse_date(line)):
            date_at = i
            break
    title = _title(lines, date_at)
    return {"date": date, "source": _outlet(lines, date_at, title), "title": title}


def parse_date(line: str) -> str:
    """The first date in `line` as YYYY-MM-DD, or ""."""
    for pattern in _DATES:
        for match in pattern.finditer(line):
            parts = match.groupdict()
            if parts.get("month"):
                month, day = _MONTHS[parts["month"][:3].lower()], int(parts["d"])
            elif "a" in parts and parts["a"] is not None:
                a, b = int(parts["a"]), int(parts["b"])
                day, month = (b, a) if b > 12 >= a else (a, b)
            else:
                month, day = int(parts["m"]), int(parts["d"])
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{int(parts['year']):04d}-{month:02d}-{day:02d}"
    return ""


def _title(lines: list[str], date_at: int) -> str:
    """The first of the first three lines that reads as a headline: 3 to 25 words, no final full
    stop, not a breadcrumb trail."""
    for i, line in enumerate(lines[:3]):
        words = len(line.split())
        if (i != date_at and 3 <= words <= _MAX_TITLE_WORDS and not line.endswith((".", ":", ","))
                and not _CRUMBS.search(line)):
            return line
    return ""


def _outlet(lines: list[str], date_at: int, title: str) -> str:
    for line in lines:
        if match := _DATELINE_OUTLET.match(line):  # "BAGHDAD, Dec 5 (AFP) -"
            return match.group("outlet").strip()
        if (match := _LEAD_OUTLET.match(line)) and not match.group("outlet").isupper():  # "AMMAN-" is a place
            return match.group("outlet").strip()
    if date_at >= 0:  # a short name on its own line beside the date line
        for i in (date_at + 1, date_at - 1, date_at + 2):
            if 0 <= i < len(lines) and lines[i] != title and _NAME_LINE.match(lines[i]) and not parse_date(lines[i]):
                return lines[i]
    return ""


def html_document(page: str) -> tuple[str, dict[str, str]]:
    """(main text, metadata) of an HTML page, by trafilatura; the text is "" when it finds none."""
    import trafilatura

    text = trafilatura.extract(page, include_comments=False, include_tables=False, deduplicate=False) or ""
    found = trafilatura.extract_metadata(page)
    meta = {"title": "", "date": "", "source": "", "url": ""}
    if found is not None:
        meta.update(title=found.title or "", date=(found.date or "")[:10], source=found.sitename or "",
                    url=found.url or "")
    return text.replace("\r\n", "\n"), meta
