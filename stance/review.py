"""Review in Label Studio and back: export quotes as tasks, apply the annotators' corrections.

`export_tasks` writes one Label Studio task per sampled quote: the whole article
as ``data.text``, and the machine's reading as a ``predictions`` entry (Label
Studio's pre-annotation format): a ``labels`` region over the quote span with
per-region ``choices`` (stance), and ``textarea`` results (speaker, actor_id) on
the same region id; the prediction's ``score`` is the stance probability.
`labeling_config` is the matching XML, its choices taken from the codebook.

`import_annotations` reads Label Studio's JSON export (a list of tasks, each with
``annotations[].result``) and applies the last non-cancelled annotation of each
task (one marked ground truth first, then one a Label Studio Enterprise reviewer accepted;
one a reviewer rejected never; annotators who read a task differently and no ground truth
or accepted annotation: the task is left as the machine read it, and named) to quotes.csv:
a changed stance, speaker or actor_id, a deleted region
(the quote is dropped) or a new region (a quote is added). Offsets are Python
character offsets; Label Studio counts UTF-16 code units in the browser, so
spans are converted both ways and checked against the region's ``text``.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

from .actors import speaker_kind
from .codebook import Codebook
from .describe import describe_speakers
from .errors import StanceError, os_reason
from .gold import paragraph_of
from .io import TABLE_SUFFIXES, Input, ReadOptions, check_readable, read_csv_text, read_inputs, write_csv, write_text
from .names import fold, slug
from .records import Document, Quote

STRATEGIES = ("uncertain", "random", "stratified")
REVIEW_MODEL = "review"  # the `model` of a row whose stance a person set
TRAIN_COLUMNS = ["text", "label", "cue", "sentence", "doc_id", "quote_id", "source"]
# The output set's record of the quotes a person has reviewed (one row per quote, the import round
# that first covered it, and `drawn_in`: for a quote read now by a region drawn over it in another
# quote's task, that task's quote_id): exports leave them out, and corrections.csv holds all of them.
REVIEWED_FILE = "reviewed.csv"
REVIEWED_COLUMNS = ["quote_id", "doc_id", "round", "export", "drawn_in"]
# The machine's reading of each quote an import changed or deleted (its quotes.csv row before the first
# import that did), so a reading withdrawn later (rejected by a reviewer, or now disputed) is undone.
MACHINE_FILE = "review-machine.csv"
# Names in the labelling config: the result's from_name / to_name.
TEXT, SPAN, STANCE, SPEAKER, ACTOR = "text", "quote", "stance", "speaker", "actor_id"
# What became of an exported annotation (`review_verdict`, `review_counts`).
ACCEPTED, REJECTED, UNREVIEWED, SKIPPED = "accepted", "rejected", "unreviewed", "skipped"


# -- export ---------------------------------------------------------------------

def labeling_config(codebook: Codebook, labels: tuple[str, ...] | None = None) -> str:
    """The Label Studio labelling config: the article, a quote span label, and per-quote fields."""
    hints = {label.name: label.definition for label in codebook.labels}
    choices = "\n".join(f"      <Choice value={quoteattr(lab)} hint={quoteattr(' '.join(hints.get(lab, '').split()))}/>"
                        for lab in labels or codebook.names)
    return f"""<View>
  <Header value="$title"/>
  <Text name="{TEXT}" value="$text" granularity="symbol"/>
  <Labels name="{SPAN}" toName="{TEXT}">
    <Label value="quote" background="#f5c542"/>
  </Labels>
  <View visibleWhen="region-selected">
    <Header value="Stance of the selected quote"/>
    <Choices name="{STANCE}" toName="{TEXT}" perRegion="true" choice="single" showInline="true">
{choices}
    </Choices>
    <Header value="Speaker (canonical name) and actor_id"/>
    <TextArea name="{SPEAKER}" toName="{TEXT}" perRegion="true" editable="true" maxSubmissions="1" rows="1"/>
    <TextArea name="{ACTOR}" toName="{TEXT}" perRegion="true" editable="true" maxSubmissions="1" rows="1"/>
  </View>
</View>
"""


def export_tasks(out_dir: str | Path, sample: int | None = None, strategy: str = "uncertain", seed: int = 0,
                 reading: ReadOptions = ReadOptions()) -> tuple[list[dict], tuple[str, ...], int]:
    """Label Studio tasks for a sample of ``out_dir/quotes.csv``; returns (tasks, labels, quotes left out).

    ``uncertain`` takes the quotes whose two most probable labels are closest,
    ``random`` a seeded random sample, ``stratified`` the same number per
    predicted stance. Quotes reviewed in an earlier round (``reviewed.csv``, written by
    `import_annotations`) are never exported again. A quote whose article cannot be read again
    (moved, or changed so the span no longer matches) is left out and counted. `reading` must
    match the options the articles were scored with (text column, encoding).
    """
    if strategy not in STRATEGIES:
        raise StanceError(f"unknown strategy {strategy!r}: expected {', '.join(STRATEGIES)}")
    out = Path(out_dir)
    quotes, labels = _quotes(out)
    quotes = quotes[~quotes["quote_id"].isin(_reviewed(out)["quote_id"])]
    chosen = _sample(quotes, labels, sample, strategy, seed)
    texts = _article_texts(out, set(chosen["doc_id"]), reading)
    documents = _documents(out)
    tasks, missing = [], 0
    for q in chosen.to_dict("records"):
        text = texts.get(q["doc_id"])
        if text is None or text[int(q["start"]):int(q["end"])] != q["text"]:
            missing += 1
            continue
        meta = documents.get(q["doc_id"], {})
        tasks.append({"data": {TEXT: text, "title": meta.get("title") or q["doc_id"], "doc_id": q["doc_id"],
                               "quote_id": q["quote_id"], "source": meta.get("source", ""),
                               "date": meta.get("date", ""), "url": meta.get("url", ""),
                               SPEAKER: q.get("speaker", ""), ACTOR: q.get("actor_id", "")},
                      "predictions": [_prediction(q, text, labels)]})
    return tasks, labels, missing


def write_export(out_dir: str | Path, tasks_path: str | Path, codebook: Codebook, sample: int | None = None,
                 strategy: str = "uncertain", seed: int = 0, reading: ReadOptions = ReadOptions()
                 ) -> tuple[int, int, Path, int]:
    """Write the tasks JSON and, beside it, the labelling config XML; returns (tasks, left out,
    config path, quotes reviewed in earlier rounds and so not exported)."""
    tasks, labels, missing = export_tasks(out_dir, sample, strategy, seed, reading)
    earlier = len(_reviewed(Path(out_dir)))
    if not tasks and not missing and earlier:
        raise StanceError(f"{out_dir}: nothing to export: all {earlier} quotes were reviewed in earlier rounds "
                          f"({Path(out_dir) / REVIEWED_FILE})")
    if not tasks:
        lost = next((raw for raw in (meta.get("path") for meta in _documents(Path(out_dir)).values())
                     if raw and not Path(raw).exists() and not (Path(out_dir) / raw).exists()), None)
        where = f"; {lost!r} (documents.csv's path) is not here: run where `stance score` ran" if lost else ""
        raise StanceError(f"{out_dir}: no quote could be exported ({missing} without a readable article{where})")
    tasks_path = Path(tasks_path)
    config = tasks_path.with_name(tasks_path.stem + ".config.xml")
    _check_replaceable(tasks_path, config)
    try:  # `--out review/tasks.json` in a fresh folder, as the README's loop shows
        tasks_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StanceError(f"cannot write {tasks_path}: {os_reason(exc, tasks_path)}") from None
    write_text(tasks_path, json.dumps(tasks, ensure_ascii=False, indent=1))
    write_text(config, labeling_config(codebook, labels))
    return len(tasks), missing, config, earlier


def _check_replaceable(tasks_path: Path, config: Path) -> None:
    """Only an earlier export's own files are replaced: `--out run/quotes.csv` (a slip for the set's
    folder) wrote the tasks over quotes.csv and the output set could no longer be read."""
    def ours(path: Path, looks) -> bool:
        try:
            with path.open(encoding="utf-8") as fh:
                return looks(fh.read(_MAX_TASKS_BYTES))
        except (OSError, UnicodeDecodeError, ValueError):
            return False

    def tasks_file(text: str) -> bool:
        tasks = json.loads(text)
        return isinstance(tasks, list) and all(isinstance(t, dict) and "data" in t for t in tasks)

    for path, looks, what in ((tasks_path, tasks_file, "Label Studio tasks"),
                              (config, lambda text: text.lstrip().startswith("<View"), "labelling config")):
        if path.is_dir():
            raise StanceError(f"cannot write {path}: it is a folder (give --out a file name, e.g. {path / 'tasks.json'})")
        if path.exists() and not ours(path, looks):
            raise StanceError(f"{path} exists and is not a {what} file a review export wrote: it is left as it is; "
                              "give --out another name")


_MAX_TASKS_BYTES = 1 << 30  # an earlier tasks file is read whole to recognise it


def _prediction(q: dict, text: str, labels: tuple[str, ...]) -> dict:
    region = _region_id(q["quote_id"])
    start, end = _utf16(text, int(q["start"])), _utf16(text, int(q["end"]))
    span = {"start": start, "end": end, "text": q["text"]}

    def item(name: str, kind: str, value: dict) -> dict:
        return {"id": region, "from_name": name, "to_name": TEXT, "type": kind, "origin": "prediction",
                "value": {**span, **value}}

    result = [item(SPAN, "labels", {"labels": ["quote"]})]
    if q.get("stance") in labels:
        result.append(item(STANCE, "choices", {"choices": [q["stance"]]}))
    if q.get("speaker"):
        result.append(item(SPEAKER, "textarea", {"text": [q["speaker"]]}))
    if q.get("actor_id"):
        result.append(item(ACTOR, "textarea", {"text": [q["actor_id"]]}))
    score = pd.to_numeric(q.get("stance_score"), errors="coerce")
    return {"model_version": q.get("model") or "stance", "score": 0.0 if pd.isna(score) else round(float(score), 4),
            "result": result}


def _sample(quotes: pd.DataFrame, labels: tuple[str, ...], n: int | None, strategy: str, seed: int) -> pd.DataFrame:
    if n is None or n >= len(quotes):
        return quotes
    if strategy == "random":
        return quotes.sample(n=n, random_state=seed).sort_index()
    if strategy == "uncertain":
        probs = quotes[[f"p_{lab}" for lab in labels if f"p_{lab}" in quotes]].apply(pd.to_numeric, errors="coerce")
        ranked = np.sort(probs.fillna(0).to_numpy(), axis=1)
        margin = pd.Series(ranked[:, -1] - (ranked[:, -2] if ranked.shape[1] > 1 else 0), index=quotes.index)
        return quotes.loc[sorted(margin.sort_values(kind="stable").index[:n])]
    rng = random.Random(seed)  # stratified: round robin over the predicted labels
    pools = {lab: rng.sample(list(group.index), len(group)) for lab, group in quotes.groupby("stance", sort=True)}
    picked: list[int] = []
    while len(picked) < n:
        for pool in pools.values():
            if pool and len(picked) < n:
                picked.append(pool.pop())
    return quotes.loc[sorted(picked)]


def _article_texts(out: Path, doc_ids: set[str], reading: ReadOptions) -> dict[str, str]:
    """The articles' texts, read again from the paths in documents.csv (as given, or relative to `out`)."""
    texts: dict[str, str] = {}
    paths = {}
    for doc_id, meta in _documents(out).items():
        if doc_id in doc_ids and meta.get("path"):
            paths.setdefault(meta["path"], set()).add(doc_id)
    for raw, wanted in paths.items():
        path = Path(raw) if Path(raw).exists() else out / raw
        single = path.suffix.lower() not in TABLE_SUFFIXES
        # a table whose row ids another file took was read with its folder in front ('2025/articles:3'):
        # read alone it gives 'articles:3' again
        known = {doc_id: doc_id for doc_id in wanted}
        for doc_id in wanted:
            parts = doc_id.split("/")
            for k in range(1, len(parts)):
                known.setdefault("/".join(parts[k:]), doc_id)
        for item in read_inputs([path], reading):
            if isinstance(item, Input) and (single or item.document.doc_id in known):
                texts[next(iter(wanted)) if single else known[item.document.doc_id]] = item.document.text
    return texts


# -- import ---------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    reviewed: int      # tasks with an annotation
    changed: int       # quotes whose stance, speaker, actor_id or span changed
    deleted: int
    added: int
    train_rows: int
    train_path: Path
    unlabelled: tuple[tuple[int, str], ...] = ()  # (task, text) of reviewed quotes with no stance picked
    unseen: int = 0  # tasks annotated without the machine's reading shown (prelabelling off): quote kept
    disputed: tuple[tuple[int, str, str], ...] = ()  # (task, text, readings) annotators read apart: not applied
    drafts: tuple[int, ...] = ()  # tasks with a draft saved and nothing submitted: not applied
    verdicts: dict[str, int] | None = None  # annotations accepted, rejected, unreviewed, skipped (`review_counts`)
    rejected: tuple[int, ...] = ()  # tasks whose every submitted annotation a reviewer rejected: not applied
    withdrawn: tuple[str, ...] = ()  # quotes an earlier import took from an annotation now rejected, disputed
                                     # or replaced
    unrestored: tuple[str, ...] = ()  # of those, quotes imported before review-machine.csv: reading kept


def import_annotations(export_path: str | Path, into: str | Path, train_path: str | Path | None = None,
                       dedupe: bool = True) -> ImportSummary:
    """Apply a Label Studio JSON export to ``into/quotes.csv``, rebuild the reports as one change of
    the output set (a failure leaves the earlier set as it was), write training rows.

    Importing the same export again (or a later export of the same project, holding the tasks
    imported before) changes nothing twice: a region over a quote's exact span updates that
    quote, and a task whose quote an earlier import deleted is taken as done. The reviewed quotes
    join ``into/reviewed.csv`` (in the same change of the set), and the training rows are those
    of every quote reviewed so far, this round's and earlier ones', as they stand now."""
    from .report import REBUILD_COLUMNS, read_outputs, rebuild_set

    into = Path(into)
    quotes, documents, labels = read_outputs(into, REBUILD_COLUMNS)
    tasks = _one_task_per_quote(_read_export(Path(export_path)))
    known_docs = set(quotes["doc_id"]) | (set(documents["doc_id"]) if documents is not None and
                                          "doc_id" in documents else set())
    work = _Working.of(quotes, _machine_readings(into, quotes.columns))
    before_import = {r["quote_id"]: dict(r) for r in work.rows}
    earlier = _reviewed(into)
    targets, edited = _restore_all(tasks, work, earlier, export_path)
    applied = _apply_all(tasks, targets, work, labels, _actor_names(into), known_docs, export_path, into)
    train_path = Path(train_path) if train_path else into / "corrections.csv"
    _check_corrections_file(train_path)
    try:  # a --train-out that cannot be written fails here, before the output set changes
        train_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StanceError(f"cannot write {train_path}: {os_reason(exc, train_path)}") from None
    outcome = _outcome(work, applied, list(targets.values()), edited, before_import, earlier, quotes.columns,
                       labels, Path(export_path).name)

    def write_record(staging: Path, _: pd.DataFrame) -> list[str]:
        write_csv(outcome.record, staging / REVIEWED_FILE)
        if outcome.readings.empty:
            return [REVIEWED_FILE]
        write_csv(outcome.readings, staging / MACHINE_FILE)
        return [REVIEWED_FILE, MACHINE_FILE]

    rebuilt, _ = rebuild_set(into, (outcome.frame, documents, labels), dedupe=dedupe, also=write_record)
    train = _training_rows(rebuilt[rebuilt["quote_id"].isin(outcome.record["quote_id"])], labels)
    write_csv(train, train_path)
    return ImportSummary(applied.annotated, outcome.changed, outcome.gone, len(applied.added), len(train), train_path,
                         outcome.unlabelled, applied.unseen, tuple(applied.disputed), tuple(applied.drafts),
                         review_counts(tasks), tuple(n for n, _ in applied.rejected), outcome.withdrawn,
                         outcome.unrestored)


@dataclass(frozen=True)
class _Working:
    """The set's quotes.csv rows as an import changes them, found by quote_id and by span, and the
    machine's readings (review-machine.csv) to put back. Its containers change in place."""
    rows: list[dict]
    by_id: dict[str, int]
    by_span: dict[tuple, dict]
    template: dict           # an empty row of quotes.csv's columns (a quote a region adds)
    machine: dict[str, dict]
    machine_at: dict[tuple, str]
    redone: set[str]         # quotes of this export's tasks: what an earlier import made of them is redone

    @classmethod
    def of(cls, quotes: pd.DataFrame, machine: dict[str, dict]) -> _Working:
        rows = quotes.to_dict("records")
        return cls(rows, {qid: i for i, qid in enumerate(quotes["quote_id"])},
                   {(r["doc_id"], int(r["start"]), int(r["end"])): r for r in rows},
                   {c: ("" if not pd.api.types.is_numeric_dtype(quotes[c]) else None) for c in quotes.columns},
                   machine, {(r["doc_id"], int(r["start"]), int(r["end"])): q for q, r in machine.items()}, set())

    def restore(self, task: dict, number: int, export_path) -> str:
        """Put the machine's reading of a task's quote back before the task's annotation is applied again
        (or not at all: rejected, disputed), so a reading an earlier import took from another annotation
        leaves no trace. Returns the id of the set's quote the task is for: in a set scored again (numbered
        otherwise) the quote with the span the task was exported with, else the task's own quote_id."""
        data = task.get("data") or {}
        quote_id, text = str(data.get("quote_id", "")), data.get(TEXT)
        self.redone.add(quote_id)

        def span(q: str) -> tuple | None:
            row = self.machine.get(q) or (self.rows[self.by_id[q]] if q in self.by_id else None)
            return None if row is None else (row["doc_id"], int(row["start"]), int(row["end"]))

        target = quote_id
        shown = _predicted_span(task, quote_id, text, export_path, number) if isinstance(text, str) else None
        if shown is not None:
            doc = (span(quote_id) or (str(data.get("doc_id") or quote_id.rsplit(":", 1)[0]),))[0]
            if span(quote_id) != (doc, *shown):
                target = self.machine_at.get((doc, *shown)) or \
                    (self.by_span.get((doc, *shown)) or {}).get("quote_id") or quote_id
        self.put_back(target)
        return target

    def put_back(self, target: str) -> None:
        """The machine's reading of one quote in place of the set's row (back in the set if an earlier
        import deleted it); nothing for a quote no import changed."""
        record = self.machine.get(target)
        if record is None:
            return
        if target in self.by_id:
            row = self.rows[self.by_id[target]]
            key = (row["doc_id"], int(row["start"]), int(row["end"]))
            if self.by_span.get(key) is row:
                del self.by_span[key]
            row.clear()
            row.update(record)
        else:  # deleted by an earlier import
            row = dict(record)
            self.by_id[target] = len(self.rows)
            self.rows.append(row)
        self.by_span[(row["doc_id"], int(row["start"]), int(row["end"]))] = row


def _restore_all(tasks: list[dict], work: _Working, earlier: pd.DataFrame,
                 export_path) -> tuple[dict[int, str], list[str]]:
    """The machine's reading back for every task whose annotation applies, is rejected or is disputed,
    all before any is applied (a task's region over another task's quote is not undone by that task's
    restore), and for every quote a region drawn in those tasks by an earlier import edited (a quote that
    may never have been a task: reviewed.csv's `drawn_in`). Returns task -> the set's quote it is for,
    and those other quotes."""
    targets: dict[int, str] = {}
    for number, task in enumerate(tasks, start=1):
        with _task_errors(export_path, number):
            if _chosen_annotation(task)[0] is not None or _all_rejected(task):
                targets[number] = work.restore(task, number, export_path)
    edited = [q for q, task in zip(earlier["quote_id"], earlier["drawn_in"])  # "": a quote's own task, or a
              if task and task in work.redone and q in work.machine]             # record older than the column
    for quote_id in edited:
        work.put_back(quote_id)
    return targets, edited


@dataclass(frozen=True)
class _Applied:
    """What the applying pass made of an export's tasks."""
    annotated: int
    unseen: int
    deleted: set[str]
    added: list[dict]
    reviewed_in: list[tuple[int, str]]  # (task, quote_id)
    reviewed: dict[str, str]  # quote_id -> the task's quote_id where a region over it was drawn in another
                              # quote's task (reviewed.csv's drawn_in), else ""
    disputed: list[tuple[int, str, str]]
    drafts: list[int]
    rejected: list[tuple[int, str]]  # (task, quote_id) whose every submitted annotation a reviewer rejected
    unsettled: list[str]  # quote_ids of disputed tasks


def _apply_all(tasks: list[dict], targets: dict[int, str], work: _Working, labels: tuple[str, ...],
               actor_names: dict[str, str], known_docs: set[str], export_path, into: Path) -> _Applied:
    """Each task's chosen annotation applied to the rows (a changed reading, a deleted quote, an added one);
    drafts, rejected and disputed tasks noted and left."""
    rows, by_id, by_span = work.rows, work.by_id, work.by_span
    deleted: set[str] = set()
    added: list[dict] = []
    reviewed_in: list[tuple[int, str]] = []
    disputed: list[tuple[int, str, str]] = []
    annotated = unseen = 0
    drafts: list[int] = []
    rejected: list[tuple[int, str]] = []
    unsettled: list[str] = []
    reviewed: dict[str, str] = {}
    for number, task in enumerate(tasks, start=1):
        with _task_errors(export_path, number):
            annotation, others = _chosen_annotation(task)
            data = task.get("data") or {}
            if annotation is None:
                if any(isinstance(d, dict) and d.get("result") for d in task.get("drafts") or []):
                    drafts.append(number)
                if _all_rejected(task):
                    rejected.append((number, targets[number]))
                continue
            quote_id, text = str(data.get("quote_id", "")), data.get(TEXT)
            target = targets[number]
            doc_id = rows[by_id[quote_id]]["doc_id"] if quote_id in by_id else \
                str(data.get("doc_id") or quote_id.rsplit(":", 1)[0])
            if not isinstance(text, str) or (quote_id not in by_id and doc_id not in known_docs):
                raise StanceError(f"{export_path}: task {number}: quote_id {quote_id!r} "
                                  f"is not in {into / 'quotes.csv'}")
            regions = _regions(reviewed_result(annotation), text, export_path, number)
            original = rows[by_id[quote_id]] if quote_id in by_id else None  # None: deleted by an earlier import
            shown = _predicted_span(task, quote_id, text, export_path, number)
            if original is not None and shown is not None and shown != (int(original["start"]), int(original["end"])):
                # the set's quote of that number is another one (a set scored again, numbered otherwise, or
                # this quote moved by an earlier import): the task's quote is the one with its span, if any
                original = by_span.get((doc_id, *shown))
            if others and (apart := _read_apart(annotation, others, regions, text, export_path, number, quote_id,
                                                original)):
                disputed.append((number, str(data.get("quote") or (original or {}).get("text", "")), apart))
                unsettled.append(target)
                continue  # neither reading is applied or trains a model until one is chosen
            annotated += 1
            predicted = {SPEAKER: data.get(SPEAKER), ACTOR: data.get(ACTOR)}
            if original is not None:
                predicted = {name: original.get(name, "") if value is None else value
                             for name, value in predicted.items()}
                mine = _matching_region(regions, _region_id(quote_id), int(original["start"]), int(original["end"]))
                if mine is None and not _shown_prediction(annotation):
                    unseen += 1  # the annotator never saw the machine's region: no judgement on it
                elif mine is None:
                    deleted.add(original["quote_id"])
                else:
                    region = regions.pop(mine)
                    if mine == _region_id(quote_id):  # the prediction's own region, carried into the annotation:
                        for name in (SPEAKER, ACTOR):  # a box it filled and the annotation lacks was emptied (its x)
                            region.setdefault(name, "" if data.get(name) else None)
                        region = {k: v for k, v in region.items() if v is not None}
                    _apply(original, region, labels, actor_names, text, predicted)
                    reviewed_in.append((number, original["quote_id"]))
                    reviewed[original["quote_id"]] = ""
            for k, region in enumerate(regions.values(), start=1):
                same = by_span.get((doc_id, *region["span"]))
                if same is not None:  # a span already a quote (imported before, or the machine's): update it
                    _apply(same, region, labels, actor_names, text, {})
                    reviewed_in.append((number, same["quote_id"]))
                    reviewed[same["quote_id"]] = quote_id if same["quote_id"] != target else ""
                    continue
                row = {**work.template, "doc_id": doc_id, "quote_id": f"{quote_id}+r{number}.{k}",
                       "kind": "direct", "sieve": "review", "confidence": 1.0,
                       "sentence": paragraph_of(text, region["span"][0])}
                _apply(row, region, labels, actor_names, text, {})
                added.append(row)
                by_span[(doc_id, *region["span"])] = row
                reviewed_in.append((number, row["quote_id"]))
                reviewed[row["quote_id"]] = ""
    return _Applied(annotated, unseen, deleted, added, reviewed_in, reviewed, disputed, drafts, rejected,
                    unsettled)


@dataclass(frozen=True)
class _Outcome:
    """The set after an import: quotes.csv, reviewed.csv and review-machine.csv, and what the summary counts."""
    frame: pd.DataFrame
    record: pd.DataFrame
    readings: pd.DataFrame
    changed: int
    gone: int
    unlabelled: tuple[tuple[int, str], ...]
    withdrawn: tuple[str, ...]
    unrestored: tuple[str, ...]


def _outcome(work: _Working, applied: _Applied, targets: list[str], edited: list[str], before_import: dict[str, dict],
             earlier: pd.DataFrame, columns, labels: tuple[str, ...], export: str) -> _Outcome:
    """The quotes left, the counts (the set's own difference before and after), the review record
    with withdrawn readings out of it, and the machine's readings of every quote changed so far. `targets`:
    the quotes of the tasks put back to the machine's reading; `edited`: the others put back (`_restore_all`)."""
    touched = set(applied.reviewed)
    deleted = set(applied.deleted)
    for qid in list(work.by_id):  # quotes an earlier import added from a task this export redoes, not drawn again
        if "+r" in qid and qid.split("+r", 1)[0] in work.redone and qid not in touched:
            deleted.add(qid)
    kept = [r for r in work.rows if r["quote_id"] not in deleted] + applied.added
    now = {r["quote_id"]: r for r in kept}
    new_ids = {r["quote_id"] for r in applied.added}
    # every other row is as it was; in an order that is the same on every run (review-machine.csv's rows)
    moved = list(dict.fromkeys([*applied.reviewed, *sorted(deleted), *targets, *edited]))
    changed = sum(q not in now or not _same_row(before_import[q], now[q]) for q in moved if q in before_import) + \
        sum(q not in before_import and q not in new_ids for q in moved if q in now)  # + a deleted one back
    gone = sum(q not in now for q in deleted if q in before_import)
    tasks_of = {}  # quote_id -> the task that reviewed it
    for number, qid in applied.reviewed_in:
        tasks_of.setdefault(qid, number)
    unlabelled = tuple((tasks_of[r["quote_id"]], str(r["text"])) for r in kept
                       if r["quote_id"] in tasks_of and r.get("stance") not in labels)
    frame = pd.DataFrame(kept, columns=columns)
    for column in ("start", "end", "speaker_start", "speaker_end"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    withdrawn, unrestored = _withdrawn(work, applied, earlier, before_import, now, touched, edited)
    record = _record(earlier[~earlier["quote_id"].isin(withdrawn)], frame, applied.reviewed, export)
    # the machine's reading of each quote this import changed first (a quote reviewed before this file existed
    # counts as the machine's only where no stance or speaker of it came from a review)
    before = set(earlier["quote_id"])
    firsts = [row for q in moved if (row := before_import.get(q)) is not None and q not in work.machine
              and "+r" not in q and (q not in now or not _same_row(row, now[q]))
              and (q not in before or REVIEW_MODEL not in (row.get("model"), row.get("sieve")))]
    readings = pd.DataFrame([*work.machine.values(), *firsts], columns=columns)
    return _Outcome(frame, record, readings, changed, gone, unlabelled, withdrawn, unrestored)


def _withdrawn(work: _Working, applied: _Applied, earlier: pd.DataFrame, before_import: dict[str, dict],
               now: dict[str, dict], touched: set[str], edited: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The quotes whose reading an earlier import took from an annotation now rejected, disputed or
    replaced, and of those the ones imported before review-machine.csv (their reading cannot be undone).

    An annotation an earlier import applied and a reviewer rejected since (the project exported before the
    verdict), one now disputed, or the quotes an earlier annotation added and the one applied now lacks: the
    reading leaves quotes.csv (the machine's is back), the review record and so corrections.csv, and the quote
    can be exported again."""
    refused = {qid for _, qid in applied.rejected if qid} | set(applied.unsettled)
    withdrawn = list(dict.fromkeys(
        [q for q in earlier["quote_id"]
         if (q in refused or q.split("+r", 1)[0] in work.redone or q in edited) and q not in touched]
        + [q for q in sorted(refused) if q in work.machine and not _same_row(work.machine[q], before_import.get(q))]))
    # imported before review-machine.csv: a reading that cannot be undone (a quote still read as the review
    # read it, or one the review deleted: absent, as the import takes a task whose quote is gone)
    unrestored = [q for q in withdrawn if q in now and q not in work.machine
                  and REVIEW_MODEL in (now[q].get("model"), now[q].get("sieve"))] + \
        [q for q in sorted(refused) if q not in now and q not in work.machine]
    return tuple(withdrawn), tuple(unrestored)


def _machine_readings(out: Path, columns) -> dict[str, dict]:
    """The set's review-machine.csv as rows of its quotes.csv (empty before an import changed a quote)."""
    from .io import read_quotes

    path = out / MACHINE_FILE
    if not path.is_file():
        return {}
    frame = read_quotes(path, ("quote_id", "doc_id", "start", "end")).reindex(columns=columns)
    return {str(row["quote_id"]): row for row in frame.to_dict("records")}


def _same_row(a: dict | None, b: dict | None) -> bool:
    """Two quotes.csv rows hold the same reading (empty cells alike however they were read; statement ids,
    which the reports number again, aside)."""
    if a is None or b is None:
        return a is b

    def value(v):
        return None if v is None or v == "" or (not isinstance(v, str) and pd.isna(v)) else v
    return a.keys() == b.keys() and all(value(a[k]) == value(b[k]) for k in a if k != "statement_id")


@contextmanager
def _task_errors(export_path, number: int) -> Iterator[None]:
    """A problem with one task as one line naming the file and the task, never a traceback."""
    try:
        yield
    except StanceError as exc:  # a label not in the codebook: which file and task
        message = str(exc)
        raise StanceError(message if message.startswith(f"{export_path}: ")
                          else f"{export_path}: task {number}: {message}") from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # a hand-edited or other-format file
        raise StanceError(f"{export_path}: task {number}: not in Label Studio's JSON export format "
                          f"({type(exc).__name__}: {' '.join(str(exc).split())})") from None


def _all_rejected(task: dict) -> bool:
    """Whether a reviewer rejected a submitted annotation of a task none of whose annotations can apply."""
    return _chosen_annotation(task)[0] is None and any(
        isinstance(a, dict) and not a.get("was_cancelled") and review_verdict(a) == REJECTED
        for a in task.get("annotations") or [])


def _check_corrections_file(path: Path) -> None:
    """--train-out replaces only an earlier import's corrections (its columns, every row from review):
    `--train-out train.csv` (meaning to add to the training data) wrote the corrections over it."""
    if path.is_dir():
        raise StanceError(f"cannot write {path}: it is a folder (give --train-out a file name)")
    if not path.exists():
        return
    try:
        rows = read_csv_text(path, "corrections", ())
        ours = list(rows.columns) == TRAIN_COLUMNS and rows["source"].eq("review").all()
    except StanceError:
        ours = False
    if not ours:
        raise StanceError(f"{path} exists and is not a corrections file a review import wrote: it is left as it is "
                          "(to train on both, list the two files' rows in one CSV); give --train-out another name")


def _record(earlier: pd.DataFrame, quotes: pd.DataFrame, reviewed: dict[str, str], export: str) -> pd.DataFrame:
    """reviewed.csv after this import: the earlier rounds' quotes still in the set, then this
    round's new ones (a quote reviewed again keeps its first round; its drawn_in is this round's)."""
    present = dict(zip(quotes["quote_id"], quotes["doc_id"]))
    earlier = earlier[earlier["quote_id"].isin(present)].copy()
    earlier["drawn_in"] = [reviewed.get(q, task) for q, task in zip(earlier["quote_id"], earlier["drawn_in"])]
    rounds = pd.to_numeric(earlier["round"], errors="coerce")
    number = int(rounds.max()) + 1 if rounds.notna().any() else 1
    new = [q for q in reviewed if q in present and q not in set(earlier["quote_id"])]
    now = pd.DataFrame({"quote_id": new, "doc_id": [present[q] for q in new], "round": str(number), "export": export,
                        "drawn_in": [reviewed[q] for q in new]}, columns=REVIEWED_COLUMNS)
    return pd.concat([earlier, now], ignore_index=True) if new else earlier.reset_index(drop=True)


def _read_export(path: Path) -> list[dict]:
    check_readable(path, "Label Studio export")
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        kind = " (Label Studio's CSV or TSV export: export with its \"JSON\" format)" \
            if path.suffix.lower() in (".csv", ".tsv") else f" ({exc})"
        raise StanceError(f"{path}: not a Label Studio JSON export{kind}") from None
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise StanceError(f"{path}: not a Label Studio JSON export (expected a list of tasks)")
    if not tasks:
        raise StanceError(f"{path}: holds no tasks (the export of an empty project, or of another one?)")
    if not any("annotations" in t for t in tasks):
        raise StanceError(f"{path}: no task has annotations (export with Label Studio's \"JSON\" format, "
                          "not JSON-MIN or CSV)")
    return tasks


def _shown_prediction(annotation: dict) -> bool:
    """Whether the annotator started from the machine's reading: Label Studio records the prediction
    an annotation was made from (`parent_prediction`) and marks the items it kept (`origin`). With
    'Use predictions to prelabel tasks' off the annotation starts empty and its parent is null; an
    export without the field at all (older or hand-made) is taken as shown."""
    if "parent_prediction" not in annotation or annotation["parent_prediction"] is not None:
        return True
    return any(str(item.get("origin", "")).startswith("prediction") for item in reviewed_result(annotation)
               if isinstance(item, dict))


def _one_task_per_quote(tasks: list[dict]) -> list[dict]:
    """Tasks of one exported quote taken together (tasks.json imported twice into a project, each copy
    annotated by someone): their annotations are compared as one task's (`_chosen_annotation`), so the
    later copy does not silently override the earlier. The first copy holds them all; the others stay
    in place, without annotations (so tasks keep their numbers)."""
    merged: list[dict] = []
    first: dict[str, int] = {}
    for task in tasks:
        data = task.get("data")
        quote_id = data.get("quote_id") if isinstance(data, dict) else None
        if isinstance(quote_id, str) and quote_id in first and isinstance(task.get("annotations"), list):
            k = first[quote_id]
            merged[k] = {**merged[k], "annotations": [*(merged[k].get("annotations") or []), *task["annotations"]]}
            task = {**task, "annotations": []}
        elif isinstance(quote_id, str) and quote_id:
            first[quote_id] = len(merged)
        merged.append(task)
    return merged


def _predicted_span(task: dict, quote_id: str, text: str, source, number: int) -> tuple[int, int] | None:
    """The span of the quote the task was exported for (its prediction's region), or None when the export
    holds no prediction."""
    for prediction in task.get("predictions") or []:
        for item in (prediction.get("result") or []) if isinstance(prediction, dict) else []:
            if isinstance(item, dict) and item.get("from_name") == SPAN and item.get("id") == _region_id(quote_id) \
                    and isinstance(item.get("value"), dict) and "start" in item["value"] and "end" in item["value"]:
                return _locate(text, item["value"], source, number)
    return None


def _chosen_annotation(task: dict) -> tuple[dict | None, list[dict]]:
    """The submitted (not skipped) annotation to apply, never one a reviewer rejected: the latest one
    marked ground truth (Label Studio's star: a reviewer's pick among several annotators'), else the latest
    one a reviewer accepted (Label Studio Enterprise's Accept or Fix & Accept), else the latest; and, without a
    ground truth, the latest annotation of each other annotator (a project with overlap: several people per
    task), to compare with it: only the other accepted ones where one was accepted (an unreviewed reading does
    not dispute an accepted one; two accepted readings that differ do). One annotator's earlier annotations
    are replaced by their later one."""
    done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")
            and review_verdict(a) != REJECTED]
    if not done:
        return None, []
    truth = [a for a in done if a.get("ground_truth") is True]
    if truth:
        return max(truth, key=_when), []
    accepted = [a for a in done if review_verdict(a) == ACCEPTED]
    if accepted:  # compared only among themselves: two accepted readings that differ settle nothing
        done = accepted
    latest: dict[str, dict] = {}
    for annotation in sorted(done, key=_when):
        latest[_annotator(annotation)] = annotation
    chosen = max(done, key=_when)
    return chosen, [a for a in latest.values() if a is not chosen]


def review_verdict(annotation: dict) -> str | None:
    """What a Label Studio Enterprise reviewer decided of an annotation: ACCEPTED (Accept, or Fix & Accept,
    whose fix `reviewed_result` reads), REJECTED, or None (not reviewed, or the
    annotator changed it after the review, so the verdict no longer holds).

    The JSON export lists an annotation's reviews as `reviews: [{id, created_by, accepted}]` (the latest
    decides: by `created_at` where given, else by id, else the last listed); the API's `last_action` names the
    annotation's latest history item (`accepted`, `rejected`, `fixed_and_accepted`, or an annotator's
    `updated` / `submitted` after them) and, where present, says which came last. Community Edition exports
    hold neither: every annotation is unreviewed."""
    last = annotation.get("last_action")
    if last in ("accepted", "fixed_and_accepted"):
        return ACCEPTED
    if last == "rejected":
        return REJECTED
    latest = _latest_review(annotation)
    if latest is None or last in ("updated", "submitted", "deleted_review"):
        return None
    return ACCEPTED if latest["accepted"] else REJECTED


def _latest_review(annotation: dict) -> dict | None:
    """The annotation's latest review with a verdict (by `created_at` where given, else by id, else the last
    listed), or None."""
    listed = annotation.get("reviews")
    reviews = [r for r in listed if isinstance(r, dict) and isinstance(r.get("accepted"), bool)] \
        if isinstance(listed, list) else []
    if not reviews:
        return None

    def order(pair: tuple[int, dict]) -> tuple:
        k, review = pair
        number = review.get("id")
        return str(review.get("created_at") or review.get("updated_at") or ""), \
            number if isinstance(number, int) else -1, k

    return max(enumerate(reviews), key=order)[1]


def reviewed_result(annotation: dict) -> list:
    """The result to read from an annotation: a Label Studio Enterprise reviewer's Fix & Accept where the
    export carries it, else the annotation's own result.

    Fix & Accept saves the reviewer's correction as a new history item of the annotation, and the review
    names it (`fixed_annotation_history`, "Fixed annotation history item by the reviewer", beside
    `previous_annotation_history`, the annotator's: the SDK's AnnotationReview model); exports list it on the
    review as `fixed_annotation_history_result` (and the annotator's reading as
    `previous_annotation_history_result`). Whether the annotation's own `result` is then the fixed one is not
    documented, so the review's fixed result is taken where the latest review accepted with one and the
    annotator has not changed the annotation since."""
    result = annotation.get("result") or []
    if review_verdict(annotation) != ACCEPTED:
        return result
    fixed = (_latest_review(annotation) or {}).get("fixed_annotation_history_result")
    return fixed if isinstance(fixed, list) and fixed else result


def review_counts(tasks: list[dict]) -> dict[str, int]:
    """The export's annotations by what became of them: accepted and rejected by a reviewer, submitted
    and not reviewed, skipped by the annotator (drafts are not annotations)."""
    counts = dict.fromkeys((ACCEPTED, REJECTED, UNREVIEWED, SKIPPED), 0)
    for task in tasks:
        for annotation in task.get("annotations") or []:
            if isinstance(annotation, dict):
                counts[SKIPPED if annotation.get("was_cancelled") else review_verdict(annotation) or UNREVIEWED] += 1
    return counts


def _when(annotation: dict) -> str:
    return str(annotation.get("updated_at") or annotation.get("created_at") or "")


def _annotator(annotation: dict) -> str:
    """Who made an annotation, as a note names them: Label Studio's `completed_by` (a user id, or a
    user object with an email in some versions)."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return "someone" if who is None else str(who) if isinstance(who, str) and "@" in who else f"annotator {who}"


def _read_apart(chosen: dict, others: list[dict], regions: dict[str, dict], text: str, source, number: int,
                quote_id: str, original: dict | None) -> str:
    """How the task's annotators read it, when they differ in any region's span, stance, speaker or
    actor_id ("annotator 3: concern; annotator 5: neutral"); "" when they agree."""
    def reading(found: dict[str, dict]) -> frozenset:
        return frozenset((r["span"], r.get("stance"), r.get(SPEAKER), r.get(ACTOR)) for r in found.values())

    read = [(chosen, regions)] + [(a, _regions(reviewed_result(a), text, source, number)) for a in others]
    if len({reading(found) for _, found in read}) == 1:
        return ""

    def said(found: dict[str, dict]) -> tuple[str, str]:  # what this annotator made of the exported quote
        if original is None:
            return ", ".join(sorted(str(r.get("stance") or "no stance") for r in found.values())) or "nothing", ""
        mine = _matching_region(found, _region_id(quote_id), int(original["start"]), int(original["end"]))
        if mine is None:
            return "deleted", ""
        return found[mine].get("stance") or "no stance", found[mine].get(SPEAKER) or ""

    readings = [said(found) for _, found in read]
    speakers = len({speaker for _, speaker in readings}) > 1  # named only where they differ
    return "; ".join(f"{_annotator(a)}: {stance}" + (f" (speaker {speaker!r})" if speakers and speaker else "")
                     for (a, _), (stance, speaker) in zip(read, readings))


def _regions(result: list, text: str, source, number: int) -> dict[str, dict]:
    """Result items grouped by region id: span, stance, speaker, actor_id. A result from a control the
    exported labelling config does not name (the project's config edited: `stance` renamed, or the text
    tag) is refused: its stances were dropped and its quotes, found under no region, read as deleted."""
    regions: dict[str, dict] = {}
    for item in result:
        named = isinstance(item, dict) and "from_name" in item  # a relation between regions has no names
        if named and (item.get("from_name") not in (SPAN, STANCE, SPEAKER, ACTOR) or item.get("to_name") != TEXT):
            raise StanceError(f"{source}: task {number}: a result from {item.get('from_name')!r} on "
                              f"{item.get('to_name')!r}, which the exported labelling config does not name "
                              f"({SPAN}, {STANCE}, {SPEAKER}, {ACTOR} on {TEXT}): its stances would be lost and its "
                              "quotes read as deleted; give the project's config the names of the .config.xml "
                              "written with the tasks, then export again")
        if not isinstance(item, dict) or item.get("to_name") != TEXT or not isinstance(item.get("value"), dict):
            continue
        value, name = item["value"], item.get("from_name")
        region = regions.setdefault(str(item.get("id")), {})
        if "start" in value and "end" in value and (name == SPAN or "span" not in region and
                                                    isinstance(value.get("text"), str)):
            # a per-region textarea's value.text is the typed answer, so the span comes from the label
            region["span"] = _locate(text, value, source, number)
            region["quoted"] = text[region["span"][0]:region["span"][1]]
        if name == STANCE and value.get("choices"):
            region["stance"] = str(value["choices"][0])
        elif name in (SPEAKER, ACTOR) and "text" in value:
            entered = value["text"] if isinstance(value["text"], list) else [value["text"]]
            region[name] = " ".join(str(t) for t in entered).strip()
        elif name == SPAN:
            region["is_quote"] = True
    return {rid: r for rid, r in regions.items() if r.get("is_quote") and "span" in r}


def _locate(text: str, value: dict, source, number: int) -> tuple[int, int]:
    """Python offsets of a region: Label Studio's UTF-16 offsets, checked against its text."""
    start, end = int(value["start"]), int(value["end"])
    said = value.get("text")
    for s, e in ((_from_utf16(text, start), _from_utf16(text, end)), (start, end)):
        if said is None or text[s:e] == said:
            return s, e
    found = text.find(said) if isinstance(said, str) and said else -1
    if found < 0:
        raise StanceError(f"{source}: task {number}: region text {str(said)[:40]!r} is not in the article")
    return found, found + len(said)


def _matching_region(regions: dict[str, dict], region_id: str, start: int, end: int) -> str | None:
    """The annotation's region for the exported quote: same id, else the same or an overlapping span."""
    if region_id in regions:
        return region_id
    overlapping = [rid for rid, r in regions.items() if r["span"][0] < end and start < r["span"][1]]
    return min(overlapping, key=lambda rid: abs(regions[rid]["span"][0] - start), default=None)


def _apply(row: dict, region: dict, labels: tuple[str, ...], actor_names: dict[str, str], article: str,
           predicted: dict[str, str]) -> None:
    """Write a region's span, stance, speaker and actor_id into a quotes.csv row; a new speaker
    gets the role and country the article gives them. `predicted` holds the speaker and actor_id
    the task showed: Label Studio keeps a prediction's actor_id box as it was when only the speaker
    is corrected, and such an untouched actor_id must not tie the new speaker to the old actor."""
    row["start"], row["end"] = region["span"]
    row["text"] = region["quoted"]
    stance = region.get("stance")
    if stance and stance not in labels:
        raise StanceError(f"stance {stance!r} is not one of the labels {', '.join(labels)}")
    if stance and stance != row.get("stance"):
        row.update({"stance": stance, "stance_score": 1.0, "model": REVIEW_MODEL,
                    **{f"p_{lab}": float(lab == stance) for lab in labels if f"p_{lab}" in row}})
    speaker, actor = region.get(SPEAKER), region.get(ACTOR)
    if actor is not None and actor == predicted.get(ACTOR) and speaker != predicted.get(SPEAKER):
        actor = None  # the box was left as predicted while the speaker was corrected
    if speaker is not None and speaker != row.get("speaker"):
        row["speaker"], row["sieve"], row["resolution"] = speaker, "review", ""
        if "speaker_country" in row:
            row["speaker_role"], row["speaker_country"] = _described(article, speaker)
        if actor is None:
            row["actor_id"] = ";".join(_actor_for(name, actor_names) for name in speaker.split(";") if name.strip())
    if actor is not None:
        row["actor_id"] = ";".join(filter(None, (a.strip() for a in actor.split(";"))))


def _described(article: str, speaker: str) -> tuple[str, str]:
    kind = speaker_kind(speaker) if ";" not in speaker else "person"
    quote = describe_speakers(Document("", article), [Quote("", "", 0, 0, "", "direct", speaker=speaker, speaker_type=kind)])[0]
    return quote.speaker_role, quote.speaker_country


def _actor_for(name: str, actor_names: dict[str, str]) -> str:
    """The actor whose name or alias is this speaker, else a new id from the name."""
    return actor_names.get(fold(name.strip())) or slug(name.strip())


def _actor_names(out: Path) -> dict[str, str]:
    path = out / "actors.csv"
    if not path.is_file():
        return {}
    actors = read_csv_text(path, "actors", ("actor_id", "name"))
    names = {}
    for row in actors.to_dict("records"):
        for name in [row.get("name", ""), *str(row.get("aliases", "")).split("|")]:
            if name:
                names.setdefault(fold(name), row["actor_id"])
    return names


def _training_rows(quotes: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """The reviewed quotes in `stance train`'s format (text, label, cue, sentence) with provenance."""
    labelled = quotes[quotes["stance"].isin(labels)]
    return pd.DataFrame({"text": labelled["text"], "label": labelled["stance"], "cue": labelled.get("cue", ""),
                         "sentence": labelled.get("sentence", ""), "doc_id": labelled["doc_id"],
                         "quote_id": labelled["quote_id"], "source": "review"}, columns=TRAIN_COLUMNS)


# -- shared ----------------------------------------------------------------------

def _quotes(out: Path) -> tuple[pd.DataFrame, tuple[str, ...]]:
    from .report import read_outputs

    quotes, _, labels = read_outputs(out, ("doc_id", "quote_id", "start", "end", "text", "speaker", "stance"))
    return quotes, labels


def review_held(out: str | Path) -> tuple[str, list[str]] | None:
    """What a person's review of the complete set in `out` amounts to, in words ("20 quotes
    reviewed in 1 round"), and the Label Studio exports it came from; None when no import has
    reviewed the set."""
    from .outputs import check_not_incomplete

    out = Path(out)
    try:
        if not (out / REVIEWED_FILE).is_file() or check_not_incomplete(out) is None:
            return None
        record = _reviewed(out)
    except StanceError:  # an unreadable record or an incomplete set: `stance score` says why
        return None
    if record.empty:
        return None
    rounds = record["round"].nunique()
    exports = list(dict.fromkeys(name for name in record["export"] if name))
    return f"{len(record)} quote{'s' * (len(record) != 1)} reviewed in {rounds} round{'s' * (rounds != 1)}", exports


def _reviewed(out: Path) -> pd.DataFrame:
    """The set's reviewed.csv (empty before the first import), every cell a string."""
    path = out / REVIEWED_FILE
    if not path.is_file():
        return pd.DataFrame(columns=REVIEWED_COLUMNS, dtype=str)
    return read_csv_text(path, "review record", ("quote_id",)).reindex(columns=REVIEWED_COLUMNS, fill_value="")


def _documents(out: Path) -> dict[str, dict]:
    path = out / "documents.csv"
    if not path.is_file():
        return {}
    docs = read_csv_text(path, "documents", ("doc_id",))
    return {row["doc_id"]: row for row in docs.to_dict("records")}


def _region_id(quote_id: str) -> str:
    return "q" + "".join(ch if ch.isalnum() else "_" for ch in quote_id)


def _utf16(text: str, offset: int) -> int:
    """A Python offset as the browser counts it (UTF-16 code units)."""
    return offset + sum(ord(ch) > 0xFFFF for ch in text[:offset])


def _from_utf16(text: str, units: int) -> int:
    position = count = 0
    while position < len(text) and count < units:
        count += 2 if ord(text[position]) > 0xFFFF else 1
        position += 1
    return position
