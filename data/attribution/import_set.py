"""Usage: import_set.py RAW.jsonl OUT.jsonl. Copy a writer's general-news set into the repo's format: drop stance placeholders, and keep
only quotes that sit inside quote marks (the gold convention); a transcript made of unmarked
speaker turns is dropped whole."""
import json, sys
OPENING = "\"“‘'«„‹"


def _opened(text, start):
    """A span opens right after a quote mark, or after a guillemet and a space (French style)."""
    return text[start - 1:start] in OPENING or text[start - 2:start] in ("« ", "‹ ")


src, out = sys.argv[1], sys.argv[2]
kept = []
for line in open(src, encoding="utf-8"):
    d = json.loads(line); t = d["text"]
    marked = [q for q in d["quotes"] if _opened(t, q["start"])]
    if len(marked) < 0.7 * len(d["quotes"]):
        print("dropped transcript", d["doc_id"], file=sys.stderr); continue
    if len(marked) < len(d["quotes"]):
        print("dropped", len(d["quotes"]) - len(marked), "unmarked turns in", d["doc_id"], file=sys.stderr)
    for q in marked:
        q.pop("stance", None); q.pop("stance_ok", None)
    d["quotes"] = marked; kept.append(d)
with open(out, "w", encoding="utf-8") as f:
    for d in kept: f.write(json.dumps(d, ensure_ascii=False) + "\n")
print(len(kept), "docs", sum(len(d["quotes"]) for d in kept), "quotes ->", out, file=sys.stderr)
