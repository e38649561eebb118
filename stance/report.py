"""actors.csv, matrix.csv, agreement.csv and report.html written next to quotes.csv.

The HTML is one self-contained file (inline CSS, no scripts, no external
resources) so it opens offline and can be mailed. Every text is escaped.
``rebuild_reports`` re-runs this from a hand-corrected quotes.csv.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .actors import actor_table, table_from_ids
from .errors import StanceError
from .io import read_quotes, write_csv, write_text
from .matrix import DEFAULT_LABELS, agreement, annotate, stance_matrix, with_shares
from .records import quotes_from_frame
from .registry import Registry

REPORT_FILES = ("actors.csv", "matrix.csv", "agreement.csv", "report.html")


def write_reports(out_dir: str | Path, quotes_df: pd.DataFrame, labels: tuple[str, ...] = DEFAULT_LABELS,
                  documents_df: pd.DataFrame | None = None, dedupe: bool = True,
                  registry: Registry | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Write the four report files; returns the quotes with actor_id and statement_id.

    Quotes without actor_ids are grouped into actors here, with `registry` if
    given; `actors` (an actors.csv frame already built) saves regrouping.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    labels = tuple(labels)
    quotes = annotate(quotes_df, registry)
    if actors is None:
        actors = actor_table(quotes_from_frame(quotes), registry)
    matrix = stance_matrix(quotes, labels, dedupe=dedupe, actors=actors)
    write_csv(actors, out / "actors.csv")
    write_csv(with_shares(matrix, labels), out / "matrix.csv", index=True)
    write_csv(agreement(matrix, labels), out / "agreement.csv", index=True)
    write_text(out / "report.html", render_html(quotes, matrix, actors, labels, documents_df, dedupe))
    return quotes


def read_outputs(out_dir: str | Path, required: tuple[str, ...] = ("doc_id", "text", "speaker", "stance")
                 ) -> tuple[pd.DataFrame, pd.DataFrame | None, tuple[str, ...]]:
    """quotes.csv, documents.csv (None when absent) and the labels (from the ``p_<label>`` columns) of a run."""
    out = Path(out_dir)
    if not out.is_dir():
        raise StanceError(f"{out}: not a folder")
    path = out / "quotes.csv"
    if not path.is_file():
        raise StanceError(f"{path}: no quotes.csv (run `stance score` first)")
    quotes = read_quotes(path, required)
    labels = tuple(c[2:] for c in quotes.columns if c.startswith("p_")) or DEFAULT_LABELS
    docs_path = out / "documents.csv"
    documents = pd.read_csv(docs_path, dtype=str, keep_default_na=False) if docs_path.is_file() else None
    return quotes, documents, labels


def rebuild_reports(out_dir: str | Path, labels: tuple[str, ...] | None = None, dedupe: bool = True,
                    registry: Registry | None = None) -> pd.DataFrame:
    """Rebuild the reports from ``out_dir/quotes.csv`` (e.g. after labels were corrected by hand).

    Labels come from the ``p_<label>`` columns, else the defaults; corrected
    actor_ids are kept, and actors.csv is built from them (names, types and
    countries of known actors kept from the last actors.csv), unless a `registry`
    is given (then speakers are regrouped); statements are recomputed.
    """
    out = Path(out_dir)
    quotes, documents, found = read_outputs(out)
    labels = labels or found
    settled = registry is None and "actor_id" in quotes and quotes["actor_id"].ne("").any()
    quotes = quotes.drop(columns=["statement_id", *([] if settled else ["actor_id"])], errors="ignore")
    actors = None
    if settled:  # hand-corrected actor_ids are the truth: build actors.csv from them, never regroup
        quotes = annotate(quotes)
        old = out / "actors.csv"
        actors = table_from_ids(quotes, pd.read_csv(old, dtype=str, keep_default_na=False) if old.is_file() else None)
    quotes = write_reports(out, quotes, labels, documents, dedupe, registry=registry, actors=actors)
    write_csv(quotes, out / "quotes.csv")
    return quotes


# -- HTML ----------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin:1.5em 0 .3em}
table{border-collapse:collapse}td,th{padding:4px 8px;border:1px solid #ddd;text-align:left;vertical-align:top}
table.heat td.cell{text-align:center;min-width:6em;font-variant-numeric:tabular-nums}
th{background:#f4f4f4}.muted{color:#777}.stance{font-weight:600;white-space:nowrap}
blockquote{margin:.2em 0;font-style:italic}.evidence{color:#555;font-size:.92em}
ul.quotes{list-style:none;padding:0}ul.quotes li{border-left:4px solid #ccc;padding:.3em .8em;margin:.5em 0}
"""


def _colour(share: float) -> str:
    """White to deep blue; text turns white on dark cells."""
    light = round(255 - share * 190)
    text = "#fff" if share > 0.55 else "#222"
    return f"background:rgb({light},{min(255, light + 25)},255);color:{text}"


def _doc_links(documents_df: pd.DataFrame | None) -> dict[str, str]:
    links: dict[str, str] = {}
    if documents_df is None:
        return links
    for row in documents_df.fillna("").to_dict("records"):
        target = str(row.get("url") or "") or str(row.get("path") or "")
        if target and "://" not in target and not target.startswith("#"):
            target = Path(target).resolve().as_uri()
        if target:
            links[str(row["doc_id"])] = target
    return links


def render_html(quotes: pd.DataFrame, matrix: pd.DataFrame, actors: pd.DataFrame, labels: tuple[str, ...],
                documents_df: pd.DataFrame | None = None, dedupe: bool = True) -> str:
    """The report page: heatmap of stance shares, then each actor's quotes with evidence."""
    e = html.escape
    names = dict(zip(actors["actor_id"], actors["name"]))
    country = dict(zip(actors["actor_id"], actors["country"].fillna("")))
    links = _doc_links(documents_df)
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Stance report</title>"
             f"<style>{_CSS}</style></head><body><h1>Who stands where</h1>",
             f"<p class='muted'>{len(quotes)} quotes, {quotes['doc_id'].nunique()} documents, {len(matrix)} actors. "
             f"Cells: share of the actor's {'statements (repeated reports counted once)' if dedupe else 'quotes'}"
             f" with each stance; the number is the count.</p>",
             "<h2>Stance matrix</h2><table class='heat'><tr><th>actor</th><th>country</th>",
             *[f"<th>{e(lab)}</th>" for lab in labels], "<th>n</th></tr>"]
    for actor_id, row in matrix.iterrows():
        n = row["n"] or 1
        cells = "".join(f"<td class='cell' style='{_colour(row[lab] / n)}'>{int(row[lab])}</td>" for lab in labels)
        parts.append(f"<tr><td><a href='#actor-{e(actor_id)}'>{e(names.get(actor_id, actor_id))}</a></td>"
                     f"<td>{e(country.get(actor_id, ''))}</td>{cells}<td>{int(row['n'])}</td></tr>")
    parts.append("</table><h2>Quotes by actor</h2>")
    exploded = quotes[quotes["actor_id"].ne("")].assign(actor_id=lambda f: f["actor_id"].str.split(";")).explode("actor_id")
    for actor_id in matrix.index:
        rows = exploded[exploded["actor_id"] == actor_id]
        parts.append(f"<h3 id='actor-{e(actor_id)}'>{e(names.get(actor_id, actor_id))} "
                     f"<span class='muted'>({e(actor_id)})</span></h3><ul class='quotes'>")
        for q in rows.to_dict("records"):
            parts.append(_quote_item(q, links))
        parts.append("</ul>")
    parts.append("<h2>Documents</h2><ul>")
    for doc_id in sorted(quotes["doc_id"].astype(str).unique()):
        target = links.get(doc_id)
        label = f"<a href='{e(target)}'>{e(doc_id)}</a>" if target else e(doc_id)
        parts.append(f"<li id='doc-{e(doc_id)}'>{label}</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def _quote_item(q: dict, links: dict[str, str]) -> str:
    e = html.escape
    stance = str(q.get("stance") or "")
    prob = q.get(f"p_{stance}")
    prob_text = f" {float(prob):.2f}" if prob not in (None, "") and not pd.isna(prob) else ""
    doc_id = str(q["doc_id"])
    href = links.get(doc_id, f"#doc-{doc_id}")
    sentence = str(q.get("sentence") or "")
    evidence = f"<div class='evidence'>{e(sentence)}</div>" if sentence and sentence != q["text"] else ""
    return (f"<li><span class='stance'>{e(stance or 'unlabelled')}{e(prob_text)}</span> "
            f"<span class='muted'>{e(str(q.get('speaker') or ''))} · statement {e(str(q.get('statement_id') or ''))} · "
            f"<a href='{e(href)}'>{e(doc_id)}</a></span><blockquote>“{e(str(q['text']))}”</blockquote>{evidence}</li>")
