"""report.html: one self-contained page that stays readable from ten actors to thousands.

Inline CSS and one small inline script (sorting and filtering the matrix), no
resource fetched, so it opens offline and can be mailed. Every text is escaped;
links are kept only for http(s) URLs and article files, written relative to the
report so the folder can be moved or sent. Sections: the matrix (a colour per
label, the count and share in each cell, faded when it rests on little
evidence, its interval when matrix.csv carries one), coalitions (actors ordered
by clustering their stance profiles), stance over time and by outlet, quotes by
actor (grouped into the statements the matrix counts), unattributed quotes.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import quote as url_quote

import numpy as np
import pandas as pd

from .tally import MAX_ACTORS_LISTED, MAX_QUOTES_PER_ACTOR, MAX_UNATTRIBUTED, Shown, Tally, listed_quotes

PALETTE = ("#D55E00", "#0072B2", "#E69F00", "#009E73", "#8C8C8C", "#CC79A7", "#56B4E9", "#F0E442")
# Colour-blind-safe (Okabe-Ito); the default codebook's first two labels, interventionist and
# non-interference, are opposed and get opposed hues (vermillion, blue).
MIN_EVIDENCE = 3         # rows with fewer statements are faded
MAX_DOCUMENTS_LISTED = 5000  # past this, the documents list holds those the page's quotes link to
MAX_TABLE_ACTORS = 2000      # matrix table and coalitions: the actors with most units (clustering is quadratic)
WIDE_INTERVAL = 0.5      # ... and so are cells whose interval is wider than this
COALITION_CUT = 0.25     # cosine distance at which the clustering tree is cut into coalitions
_SAFE_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
e = html.escape

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1400px;color:#222;padding:0 1em 4em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:separate;border-spacing:0}td,th{padding:3px 7px;border-bottom:1px solid #e4e4e4;
text-align:left;vertical-align:top}
.matrix-wrap{max-height:80vh;overflow:auto;border:1px solid #ddd}
.matrix th{position:sticky;top:0;background:#f4f4f4;z-index:1;cursor:pointer;white-space:nowrap;
border-bottom:2px solid #bbb}.matrix th:hover{background:#e8e8e8}
.matrix th[data-dir=asc]::after{content:" ▲"}.matrix th[data-dir=desc]::after{content:" ▼"}
.matrix td.c{text-align:right;min-width:5.5em;font-variant-numeric:tabular-nums}
.matrix td.c small{display:block;font-size:.75em;opacity:.85}.matrix td.num{text-align:right}
.thin td.c{opacity:.35;background-image:repeating-linear-gradient(45deg,transparent 0 4px,#fff8 4px 6px)}
td.c.wide{opacity:.5}
.legend span{display:inline-block;margin:0 1em .3em 0}.chip{display:inline-block;width:1em;height:1em;
vertical-align:-.15em;margin-right:.3em;border-radius:2px}
.controls{position:sticky;top:0;background:#fff;padding:.5em 0;z-index:2}.controls input,.controls select{
margin-right:1em}.muted{color:#777}.bar{display:flex;height:14px;min-width:240px;background:#eee}
.bar span{display:block;height:100%}.profiles td{padding:1px 7px}.profiles .bar{height:11px}
.coalition{margin:1.2em 0 .2em;font-weight:600}.coalition .bar{display:inline-flex;width:320px;vertical-align:middle}
details{margin:.2em 0}summary{cursor:pointer}ul.quotes{list-style:none;padding:0 0 0 1em}
ul.quotes li{border-left:4px solid #ccc;padding:.2em .8em;margin:.4em 0}
blockquote{margin:.1em 0;font-style:italic}.evidence{color:#555;font-size:.92em}.stance{font-weight:600}
"""

_SCRIPT = """
(function(){
 var t=document.getElementById('matrix'),body=t.tBodies[0],rows=[].slice.call(body.rows);
 var q=document.getElementById('q'),minn=document.getElementById('minn'),dom=document.getElementById('dom'),
     shown=document.getElementById('shown');
 function filter(){var s=q.value.toLowerCase(),m=+minn.value||0,d=dom.value,k=0;
  rows.forEach(function(r){var ok=r.dataset.key.indexOf(s)>=0&&+r.dataset.n>=m&&(!d||r.dataset.dom===d);
   r.style.display=ok?'':'none';if(ok)k++});shown.textContent=k;}
 [q,minn,dom].forEach(function(el){el.addEventListener('input',filter)});
 [].forEach.call(t.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){
  var dir=th.dataset.dir==='desc'?'asc':'desc',num=th.dataset.type==='num';
  [].forEach.call(t.tHead.rows[0].cells,function(o){delete o.dataset.dir});th.dataset.dir=dir;
  rows.sort(function(a,b){var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;
   var c=num?(+x)-(+y):x.localeCompare(y);return dir==='asc'?c:-c});
  rows.forEach(function(r){body.appendChild(r)})})});
 filter();
})();
"""


def render_html(quotes: pd.DataFrame, matrix: pd.DataFrame, actors: pd.DataFrame, labels: tuple[str, ...],
                documents_df: pd.DataFrame | None = None, dedupe: bool = True, base: Path | None = None) -> str:
    """The page for a quotes frame in memory (see `render_page`)."""
    tally = Tally(labels, dedupe)
    tally.add(quotes)
    return render_page(tally, listed_quotes(matrix, [quotes]), matrix, actors, documents_df, base)


def render_page(tally: Tally, shown: Shown, matrix: pd.DataFrame, actors: pd.DataFrame,
                documents_df: pd.DataFrame | None = None, base: Path | None = None) -> str:
    """The page, from the quotes' `Tally` and the quotes it lists (`stance.tally.listed_quotes`).
    `matrix` is matrix.csv's frame (counts, n, and ``lo_``/``hi_`` intervals when present); `base`
    is the report's folder, for relative links to the articles."""
    labels, dedupe = tally.labels, tally.dedupe
    colours = {lab: PALETTE[i % len(PALETTE)] for i, lab in enumerate(labels)}
    names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str)))
    links = _doc_links(documents_df, base)
    unit = "statements" if dedupe else "quotes"
    units = tally.units()
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width'><title>Stance report</title>"
        f"<style>{_CSS}</style></head><body><h1>Who stands where</h1>",
        f"<p class='muted'>{tally.n_quotes} quotes in {len(tally.doc_ids)} documents; {len(matrix)} actors; "
        f"{_count(tally.n_unattributed, 'quote')} without a speaker (<a href='#unattributed'>listed below</a>). "
        f"Matrix cells count each actor's {unit}"
        f"{' (a statement repeated across articles counts once)' if dedupe else ''}.</p>",
        _legend(labels, colours, matrix),
        _matrix_table(matrix, labels, colours, names, actors),
        _coalitions(matrix, labels, colours, names),
        _over_time(units, labels, colours, documents_df, dedupe),
        _by_outlet(units, labels, colours, documents_df, dedupe),
        _quotes_by_actor(tally, shown, matrix, names, links, colours, dedupe),
        _unattributed(tally, links, colours),
        _documents(tally.doc_ids, links, documents_df, _listed_documents(tally, shown)),
        f"<script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts)


# -- matrix ---------------------------------------------------------------------

def _legend(labels, colours, matrix) -> str:
    chips = "".join(f"<span><i class='chip' style='background:{colours[lab]}'></i>{e(lab)}</span>" for lab in labels)
    interval = any(f"lo_{lab}" in matrix for lab in labels)
    return (f"<div class='legend'><h2>Stance matrix</h2>{chips}<p class='muted'>Each cell: the count, and the "
            f"share of the actor's row{' with its 95% interval' if interval else ''}; the deeper the colour, the "
            f"larger the share. Rows with fewer than {MIN_EVIDENCE} statements are faded and hatched"
            f"{f', and so are cells whose interval is wider than {WIDE_INTERVAL:.0%}' if interval else ''}: "
            "little evidence. Click a column to sort; type to filter.</p></div>")


def _matrix_table(matrix, labels, colours, names, actors) -> str:
    country = dict(zip(actors["actor_id"].astype(str), actors["country"].fillna("").astype(str)))
    kind = dict(zip(actors["actor_id"].astype(str), actors["type"].fillna("").astype(str)))
    options = "".join(f"<option value='{e(lab)}'>{e(lab)}</option>" for lab in labels)
    head = ("<tr><th data-type='text'>actor</th><th data-type='text'>country</th><th data-type='text'>type</th>"
            "<th data-type='num'>n</th>" + "".join(f"<th data-type='num'><i class='chip' style='background:"
                                                   f"{colours[lab]}'></i>{e(lab)}</th>" for lab in labels) + "</tr>")
    rows = []
    for actor_id, row in _rows(matrix.head(MAX_TABLE_ACTORS)).items():
        n = float(row["n"])
        shares = {lab: (float(row[lab]) / n if n else 0.0) for lab in labels}
        dominant = max(labels, key=lambda lab: shares[lab]) if n else ""
        name = names.get(actor_id, actor_id)
        key = " ".join([name, actor_id, country.get(actor_id, "")]).lower()
        cells = "".join(_cell(row, lab, shares[lab], colours[lab]) for lab in labels)
        rows.append(f"<tr class='{'thin' if n < MIN_EVIDENCE else ''}' data-key='{e(key)}' data-n='{_num(n)}' "
                    f"data-dom='{e(dominant)}'><td data-v='{e(name)}'><a href='#actor-{e(_anchor(actor_id))}'>"
                    f"{e(name)}</a></td><td data-v='{e(country.get(actor_id, ''))}'>{e(country.get(actor_id, ''))}</td>"
                    f"<td data-v='{e(kind.get(actor_id, ''))}'>{e(kind.get(actor_id, ''))}</td>"
                    f"<td class='num' data-v='{_num(n)}'>{_num(n)}</td>{cells}</tr>")
    more = "" if len(rows) == len(matrix) else f" (the {len(rows)} with most units; all in matrix.csv)"
    return ("<div class='controls'><input id='q' type='search' placeholder='filter actors, countries' size='28'>"
            "min n <input id='minn' type='number' min='0' value='0' style='width:4em'>"
            f"mostly <select id='dom'><option value=''>any stance</option>{options}</select>"
            f"<span class='muted'><span id='shown'>{len(rows)}</span> of {len(matrix)} actors shown{more}</span></div>"
            f"<div class='matrix-wrap'><table id='matrix' class='matrix'><thead>{head}</thead><tbody>"
            + "\n".join(rows) + "</tbody></table></div>")


def _rows(matrix: pd.DataFrame) -> dict[str, dict]:
    """Each row of `matrix` as a dict (column -> value), by str(actor_id): the values `iterrows` or
    `.loc` give (one common dtype), without a Series per row (most of the page's time on thousands)."""
    columns = list(matrix.columns)
    return {str(key): dict(zip(columns, values)) for key, values in zip(matrix.index, matrix.to_numpy())}


def _cell(row: dict, lab: str, share: float, colour: str) -> str:
    count = float(row[lab])
    lo, hi = row.get(f"lo_{lab}"), row.get(f"hi_{lab}")
    has_interval = lo is not None and hi is not None and not pd.isna(lo) and not pd.isna(hi)
    interval = f" ({float(lo):.0%}–{float(hi):.0%})" if has_interval else ""
    wide = " wide" if has_interval and float(hi) - float(lo) > WIDE_INTERVAL else ""
    text = "#fff" if share > 0.6 else "#222" if count else "#bbb"
    title = f"{lab}: {_num(count)} of {_num(row['n'])} ({share:.0%}){interval and ', 95% interval' + interval}"
    return (f"<td class='c{wide}' data-v='{share:.4f}' title='{e(title)}' style='background:"
            f"{_rgba(colour, share)};color:{text}'>{_num(count)}<small>{share:.0%}{e(interval)}</small></td>")


# -- coalitions, time, outlets ------------------------------------------------------

def coalition_order(matrix: pd.DataFrame, labels: tuple[str, ...], min_n: int = 2) -> list[list[str]]:
    """Actors with at least `min_n` statements in coalitions: average-linkage clustering of their
    stance shares (cosine distance), cut at COALITION_CUT; members in tree (leaf) order,
    coalitions largest first. Only the first `MAX_TABLE_ACTORS` (matrix order: most units):
    the clustering's time and memory grow with the square of the actors."""
    from scipy.cluster.hierarchy import fcluster, leaves_list, linkage

    kept = matrix[matrix["n"] >= min_n].head(MAX_TABLE_ACTORS)
    if len(kept) < 2:
        return [list(map(str, kept.index))] if len(kept) else []
    shares = kept[list(labels)].to_numpy(dtype=float)
    shares = shares / np.maximum(shares.sum(axis=1, keepdims=True), 1e-12)
    tree = linkage(shares, method="average", metric="cosine")
    groups = fcluster(tree, t=COALITION_CUT, criterion="distance")
    order = leaves_list(tree)
    coalitions: dict[int, list[str]] = {}
    for i in order:
        coalitions.setdefault(int(groups[i]), []).append(str(kept.index[i]))
    return sorted(coalitions.values(), key=len, reverse=True)


def _coalitions(matrix, labels, colours, names) -> str:
    groups = coalition_order(matrix, labels)
    left_out = int((matrix["n"] < 2).sum())
    beyond = int((matrix["n"] >= 2).sum()) - sum(map(len, groups))
    beyond_text = f", and {_count(beyond, 'more actor')} past the first {MAX_TABLE_ACTORS}" if beyond else ""
    parts = ["<h2 id='coalitions'>Coalitions</h2><p class='muted'>Actors with at least two statements, grouped by "
             "the similarity of their stance profiles (average-linkage clustering, cosine distance); within a "
             f"group, neighbours are most alike. {_count(left_out, 'actor')} with a single statement left out"
             f"{beyond_text}.</p>"]
    grouped = matrix.loc[[actor_id for members in groups for actor_id in members]]
    rows = _rows(grouped)
    integers = all(pd.api.types.is_integer_dtype(t) for t in grouped[list(labels)].dtypes)
    counts = grouped[list(labels)].to_numpy()
    position = {actor_id: k for k, actor_id in enumerate(rows)}
    for number, members in enumerate(groups, start=1):
        if integers:  # exact in any order; pandas' own sum kept for floats (its order of addition)
            pooled = pd.Series(counts[[position[m] for m in members]].sum(axis=0), index=list(labels))
        else:
            pooled = matrix.loc[members, list(labels)].sum()
        parts.append(f"<div class='coalition'>Coalition {number}: {e(_profile_name(pooled))} "
                     f"<span class='muted'>({_count(len(members), 'actor')}, {_count(pooled.sum(), 'statement')})"
                     f"</span> "
                     f"{_bar(pooled, labels, colours)}</div><table class='profiles'>")
        for actor_id in members:
            row = rows[actor_id]
            parts.append(f"<tr><td><a href='#actor-{e(_anchor(actor_id))}'>{e(names.get(actor_id, actor_id))}</a>"
                         f"</td><td class='num'>{_num(row['n'])}</td><td>{_bar(row, labels, colours)}"
                         "</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


def _crosstab(keys: pd.Series, units: pd.DataFrame, labels) -> pd.DataFrame:
    """Units (`Tally.units`: n of a stance each) per key and label, and their total."""
    table = units["n"].groupby([keys, units["stance"]]).sum().unstack(fill_value=0) if len(units) else pd.DataFrame()
    table = table.reindex(columns=list(labels), fill_value=0).astype("int64")
    table["n"] = table.sum(axis=1)
    return table


def _over_time(units, labels, colours, documents_df, dedupe) -> str:
    if documents_df is None or "date" not in documents_df:
        return ""
    dates = pd.to_datetime(documents_df["date"], errors="coerce", utc=True, format="mixed").dt.tz_localize(None)
    if dates.notna().sum() == 0:
        return ("<h2 id='time'>Stance over time</h2><p class='muted'>No document has a date "
                "(give dates in the input table or with --meta).</p>")
    span = (dates.max() - dates.min()).days
    period = "D" if span <= 31 else "W" if span <= 180 else "M"
    by_doc = dict(zip(documents_df["doc_id"].astype(str), dates.dt.to_period(period).astype(str).where(dates.notna())))
    keys = units["doc_id"].astype(str).map(by_doc)
    dated = keys.notna()
    return ("<h2 id='time'>Stance over time</h2>"
            f"<p class='muted'>All actors' {'statements' if dedupe else 'quotes'} per "
            f"{ {'D': 'day', 'W': 'week', 'M': 'month'}[period]}, by the (first) article's date; "
            f"{int(units.loc[~dated, 'n'].sum())} undated left out.</p>"
            + _profile_table(_crosstab(keys[dated].rename("period"), units[dated], labels), labels, colours))


def _by_outlet(units, labels, colours, documents_df, dedupe) -> str:
    if documents_df is None or "source" not in documents_df or documents_df["source"].fillna("").eq("").all():
        return ""
    outlet = dict(zip(documents_df["doc_id"].astype(str), documents_df["source"].fillna("").astype(str)))
    keys = units["doc_id"].astype(str).map(outlet).fillna("").replace("", "unknown").rename("outlet")
    table = _crosstab(keys, units, labels).sort_values("n", ascending=False, kind="stable")
    return ("<h2 id='outlets'>Stance by outlet</h2><p class='muted'>A statement reported by several outlets counts "
            "for the first one that reported it.</p>" + _profile_table(table, labels, colours))


def _profile_table(table: pd.DataFrame, labels, colours) -> str:
    rows = [f"<tr><td>{e(str(key))}</td><td class='num'>{_num(row['n'])}</td>"
            f"<td>{_bar(row, labels, colours)}</td></tr>" for key, row in _rows(table).items()]
    return "<table class='profiles'>" + "".join(rows) + "</table>"


def _bar(counts, labels, colours) -> str:
    """`counts` (a Series or a dict) holds a count per label."""
    total = float(sum(float(counts[lab]) for lab in labels)) or 1.0
    spans = "".join(f"<span style='width:{100 * float(counts[lab]) / total:.1f}%;background:{colours[lab]}' "
                    f"title='{e(lab)}: {_num(counts[lab])}'></span>" for lab in labels if float(counts[lab]) > 0)
    return f"<div class='bar'>{spans}</div>"


# -- quotes ---------------------------------------------------------------------------

def _quotes_by_actor(tally: Tally, shown: Shown, matrix, names, links, colours, dedupe) -> str:
    reports, statements = tally.reports(), tally.statements()
    parts = ["<h2 id='quotes'>Quotes by actor</h2><p class='muted'>Reports of one statement (the same words in "
             f"several articles) are listed together{'; the matrix counts each statement once' if dedupe else ''}."
             "</p>"]
    for actor_id in matrix.index.astype(str)[:MAX_ACTORS_LISTED]:
        n = int(reports.get(actor_id, 0))
        parts.append(f"<details id='actor-{e(_anchor(actor_id))}'><summary><b>{e(names.get(actor_id, actor_id))}</b> "
                     f"<span class='muted'>{e(actor_id)} · {_count(int(statements.get(actor_id, 0)), 'statement')} "
                     f"from {_count(n, 'report')}</span></summary><ul class='quotes'>")
        for q in shown(actor_id):
            parts.append(_quote_item(q, links, colours))
        if n > MAX_QUOTES_PER_ACTOR:
            parts.append(f"<li class='muted'>… and {n - MAX_QUOTES_PER_ACTOR} more in quotes.csv</li>")
        parts.append("</ul></details>")
    if len(matrix) > MAX_ACTORS_LISTED:
        parts.append(f"<p class='muted'>… and {_count(len(matrix) - MAX_ACTORS_LISTED, 'more actor')}, the ones "
                     "with fewest units: their quotes are in quotes.csv.</p>")
    return "\n".join(parts)


def _listed_documents(tally: Tally, shown: Shown) -> set[str] | None:
    """The documents the page's quotes link to, when there are too many to list them all (else None)."""
    if len(tally.doc_ids) <= MAX_DOCUMENTS_LISTED:
        return None
    rows = [q for actor_id in shown.actor_ids for q in shown(actor_id)] + \
        [q for frame in tally.unattributed for q in frame.to_dict("records")]
    return {str(q["doc_id"]) for q in rows}


def _unattributed(tally: Tally, links, colours) -> str:
    n = tally.n_unattributed
    parts = [f"<h2 id='unattributed'>Unattributed quotes</h2><p class='muted'>{_count(n, 'quote')} whose speaker was "
             "not found; they are not in the matrix. Correct them in quotes.csv or with `stance review`.</p>"
             "<ul class='quotes'>"]
    parts += [_quote_item(q, links, colours) for rows in tally.unattributed for q in rows.to_dict("records")]
    if n > MAX_UNATTRIBUTED:
        parts.append(f"<li class='muted'>… and {n - MAX_UNATTRIBUTED} more in quotes.csv</li>")
    return "\n".join(parts) + "</ul>"


def _quote_item(q: dict, links: dict[str, str], colours) -> str:
    stance = _text(q.get("stance"))
    prob = pd.to_numeric(q.get(f"p_{stance}"), errors="coerce")
    prob_text = f" {float(prob):.2f}" if not pd.isna(prob) else ""
    doc_id = str(q["doc_id"])
    href = links.get(doc_id, f"#doc-{_anchor(doc_id)}")
    sentence = _text(q.get("sentence"))
    evidence = f"<div class='evidence'>{e(sentence)}</div>" if sentence and sentence != q["text"] else ""
    colour = colours.get(stance, "#ccc")
    return (f"<li style='border-left-color:{colour}'><span class='stance'>{e(stance or 'unlabelled')}{e(prob_text)}"
            f"</span> <span class='muted'>{e(_text(q.get('speaker')) or 'no speaker')} · statement "
            f"{e(_text(q.get('statement_id')) or '–')} · <a href='{e(href)}'>{e(doc_id)}</a></span>"
            f"<blockquote>“{e(_text(q['text']))}”</blockquote>{evidence}</li>")


def _text(value) -> str:
    """A cell as text; empty for missing values (an all-empty CSV column reads as NaN)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _documents(doc_ids: set[str], links, documents_df, listed: set[str] | None = None) -> str:
    """Every document with quotes, or only the `listed` ones (those the page's quotes link to)."""
    titles = {} if documents_df is None or "title" not in documents_df else dict(
        zip(documents_df["doc_id"].astype(str), documents_df["title"].fillna("").astype(str)))
    parts = ["<h2>Documents</h2><ul>"]
    for doc_id in sorted(doc_ids if listed is None else listed):
        target = links.get(doc_id)
        label = e(doc_id) + (f" <span class='muted'>{e(titles[doc_id])}</span>" if titles.get(doc_id) else "")
        parts.append(f"<li id='doc-{e(_anchor(doc_id))}'>" + (f"<a href='{e(target)}'>{label}</a>" if target else label)
                     + "</li>")
    if listed is not None:
        parts.append(f"<li class='muted'>… and {_count(len(doc_ids) - len(listed), 'more document')} in "
                     "documents.csv</li>")
    return "\n".join(parts) + "</ul>"


# -- links ------------------------------------------------------------------------------

def safe_href(target: str, base: Path | None = None) -> str | None:
    """An href that is safe to put in the page, or None.

    http(s) URLs pass; any other scheme (javascript:, data:, file:, vbscript:...)
    gives no link, checked after removing the whitespace and control characters
    browsers ignore. A file path becomes a URL relative to `base`, the report's folder.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", target or "")
    if not cleaned:
        return None
    scheme = _SCHEME.match(cleaned)
    if scheme and len(scheme.group(1)) > 1:  # "C:" is a Windows drive, not a scheme
        return target.strip() if scheme.group(1).lower() in _SAFE_SCHEMES else None
    if cleaned.startswith("//"):
        return None  # protocol-relative: would follow the page's scheme (file: when opened locally)
    path = Path(target.strip())
    if base is not None:
        path = Path(os.path.relpath(path.resolve(), Path(base).resolve()))
    return url_quote(path.as_posix())


def _doc_links(documents_df: pd.DataFrame | None, base: Path | None) -> dict[str, str]:
    links: dict[str, str] = {}
    if documents_df is None:
        return links
    for row in documents_df.fillna("").to_dict("records"):
        href = safe_href(str(row.get("url") or "")) or safe_href(str(row.get("path") or ""), base)
        if href:
            links[str(row["doc_id"])] = href
    return links


def _anchor(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]", "_", value)


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{0.1 + 0.9 * alpha:.2f})" if alpha > 0 else "transparent"


def _profile_name(counts: pd.Series) -> str:
    """"mostly X" when one label holds more than half of a group's statements, else the top two."""
    shares = (counts / max(float(counts.sum()), 1.0)).sort_values(ascending=False, kind="stable")
    if shares.iloc[0] > 0.5 or len(shares) < 2:
        return f"mostly {shares.index[0]}"
    return f"mixed: {shares.index[0]} and {shares.index[1]}"


def _count(n, noun: str) -> str:
    return f"{_num(n)} {noun}{'' if float(n) == 1 else 's'}"


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"
