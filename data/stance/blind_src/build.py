"""Build data/stance/blind.jsonl from the marked-up sources in this folder
(or, given `SRC_DIR OUT.jsonl`, another set written in the same markup: blind2).

Markup: an article starts with a line "=== DOC_ID", then speaker lines
"@CODE Canonical name | key one, key two", then the text. Quoted content is
wrapped as ⟦content⟧{CODE STANCE[/ALT...] KIND [o]} inside its quote marks;
CODE "-" means no speaker; KIND is d(irect), p(artial), h(eadline), s(care);
"o" marks the quote optional. Offsets are computed here, never typed.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
STANCES = {"int": "interventionist", "non": "non-interference", "con": "concern",
           "sup": "support", "neu": "neutral"}
KINDS = {"d": "direct", "p": "partial", "h": "headline", "s": "scare"}
SPAN = re.compile(r"⟦(.*?)⟧\{([^}]*)\}", re.S)


def parse(block: str) -> dict:
    lines = block.strip("\n").split("\n")
    doc_id = lines[0].strip()
    speakers = {}
    i = 1
    while i < len(lines) and lines[i].startswith("@"):
        code, rest = lines[i][1:].split(" ", 1)
        name, keys = rest.split("|")
        speakers[code] = (name.strip(), [k.strip() for k in keys.split(",") if k.strip()])
        i += 1
    src = "\n".join(lines[i:]).strip() + "\n"
    text, quotes, pos = [], [], 0
    out_len = 0
    for m in SPAN.finditer(src):
        before = src[pos:m.start()]
        text.append(before)
        out_len += len(before)
        content = m.group(1)
        fields = m.group(2).split()
        code, stance, kind = fields[0], fields[1], fields[2]
        optional = len(fields) > 3 and fields[3] == "o"
        stance_ok = [STANCES[s] for s in stance.split("/")]
        if code == "-":
            speaker, keys = None, []
        else:
            speaker, keys = speakers[code]
        quotes.append({"start": out_len, "end": out_len + len(content), "text": content,
                       "speaker": speaker, "speaker_keys": keys, "stance": stance_ok[0],
                       "stance_ok": stance_ok, "kind": KINDS[kind], "optional": optional})
        text.append(content)
        out_len += len(content)
        pos = m.end()
    text.append(src[pos:])
    full = "".join(text)
    assert "⟦" not in full and "⟧" not in full and "{" not in full, doc_id
    for q in quotes:
        assert full[q["start"]:q["end"]] == q["text"], (doc_id, q)
        assert q["text"] == q["text"].strip() and q["text"], (doc_id, q)
        if q["optional"]:
            assert q["stance"] == "neutral", (doc_id, q)
        assert all(k == k.lower() for k in q["speaker_keys"]), (doc_id, q)
    return {"doc_id": doc_id, "text": full, "quotes": quotes}


def main() -> None:
    src, out = (Path(sys.argv[1]), Path(sys.argv[2])) if len(sys.argv) == 3 else (HERE, HERE.parent / "blind.jsonl")
    docs = []
    for path in sorted(src.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("=== ")[1:]:
            docs.append(parse(block))
    ids = [d["doc_id"] for d in docs]
    assert len(ids) == len(set(ids)), ids
    with out.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    for d in docs:
        words = len(d["text"].split())
        print(d["doc_id"], words, len(d["quotes"]), file=sys.stderr)
    print(f"{len(docs)} docs, {sum(len(d['quotes']) for d in docs)} quotes -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
