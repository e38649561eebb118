"""Date, outlet and title from the head of an article; HTML pages; --meta, --text-column, --encoding."""
import pandas as pd
import pytest

from stance.cli import main
from stance.errors import StanceError
from stance.io import Input, ReadOptions, read_inputs, read_meta
from stance.metadata import parse_date, text_metadata

BODY = ("ERBIL, Kurdistan Region - Iraqi Prime Minister Mohammed Shia al-Sudani on Saturday talked with the "
        "Syrian president.\n\nSudani “emphasized that Syria’s security and stability are closely linked to "
        "Iraq’s national security,” read a statement from his office.\n")


@pytest.mark.parametrize("head, expected", [
    ("Syria’s security ‘closely linked’ to Iraq’s, Sudani tells Assad\n\n30-11-2024\nRudaw\nA+ A-\n\n",
     {"date": "2024-11-30", "source": "Rudaw", "title": "Syria’s security ‘closely linked’ to Iraq’s, Sudani tells Assad"}),
    ("Home > World > Middle East\n\nIraq hosts talks on Syria\n\nSaturday, 7 December 2024\nThe Baghdad Post\n",
     {"date": "2024-12-07", "source": "The Baghdad Post", "title": "Iraq hosts talks on Syria"}),
    ("Iraq hosts talks on Syria\n\nBy Jane Roe in Baghdad\nDec. 7, 2024\nKey points\n",
     {"date": "2024-12-07", "source": "", "title": "Iraq hosts talks on Syria"}),
    ("Iraq hosts talks on Syria\n\nBAGHDAD, Dec 7 (Gulf Wire) - Iraq's foreign minister said on Saturday...\n",
     {"date": "", "source": "Gulf Wire", "title": "Iraq hosts talks on Syria"}),
    ("Iraq hosts talks on Syria.’\n\nBAGHDAD, Dec. 7 (AP) — Iraq's foreign minister said on Saturday...\n",
     {"date": "", "source": "AP", "title": "Iraq hosts talks on Syria.’"}),
    ("Newsdesk- Iraq's foreign minister said on Saturday that talks would go on.\n",
     {"date": "", "source": "Newsdesk", "title": ""}),
    ("Jane Roe — a surgeon and television host — said on Saturday that the talks would go on.\n",
     {"date": "", "source": "", "title": ""}),  # a dash after a name is apposition, not an outlet
    ("Iraq's foreign minister said on 7 December 2024 that the talks held in Baghdad would continue next week.\n",
     {"date": "", "source": "", "title": ""}),  # a lede sentence: its date is the event's, not a date line
])
def test_metadata_from_the_head_of_the_text(head, expected):
    assert text_metadata(head + BODY) == expected


def test_metadata_dates():
    assert parse_date("30.11.2024") == "2024-11-30" == parse_date("11/30/2024") == parse_date("2024-11-30")
    assert parse_date("05-04-2024") == "2024-04-05"  # day first when both could be a month
    assert parse_date("November 30th, 2024") == "2024-11-30" == parse_date("Updated 30 Nov 2024, 10:05 GMT")
    assert parse_date("99-99-2024") == "" and parse_date("no date here") == ""


def test_txt_metadata_read_and_text_unchanged(seeds):
    path = seeds / "002_a6c427db5021f859.txt"
    [item] = list(read_inputs([path]))
    doc = item.document
    assert (doc.date, doc.source) == ("2024-11-30", "Rudaw") and doc.title.startswith("Syria’s security")
    assert doc.text == path.read_text(encoding="utf-8")


def test_meta_file_overrides_and_errors(tmp_path, article):
    (tmp_path / "a.txt").write_text("30-11-2024\nRudaw\n\n" + article, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    pd.DataFrame({"doc_id": ["a", "zz"], "source": ["Rudaw English", "x"], "date": ["", "2020-01-01"],
                  "url": ["https://rudaw.net/a", ""]}).to_csv(meta, index=False)
    [item] = list(read_inputs([tmp_path / "a.txt"], ReadOptions(meta=read_meta(meta))))
    doc = item.document
    assert (doc.source, doc.date, doc.url) == ("Rudaw English", "2024-11-30", "https://rudaw.net/a")
    (tmp_path / "bad.csv").write_text("id,source\n1,x\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.csv: missing column\(s\) doc_id"):
        read_meta(tmp_path / "bad.csv")


def test_text_column_and_encoding(tmp_path, article):
    table = tmp_path / "t.csv"
    pd.DataFrame({"id": ["x1"], "content": [article], "source": ["AFP"]}).to_csv(table, index=False)
    [item] = list(read_inputs([table], ReadOptions(text_column="content")))
    assert isinstance(item, Input) and item.document.text == article and item.document.source == "AFP"
    [skip] = list(read_inputs([table]))
    assert "no 'text' column (columns: id, content, source; try --text-column content)" in skip.reason
    latin = tmp_path / "fr.txt"
    latin.write_bytes("Le ministre a déclaré « nous restons vigilants ».".encode("cp1252"))
    [item] = list(read_inputs([latin], ReadOptions(encoding="cp1252")))
    assert item.document.text == "Le ministre a déclaré « nous restons vigilants »."
    [skip] = list(read_inputs([latin]))
    assert skip.reason == "not UTF-8 text (byte 0xe9 at offset 15; try --encoding cp1252)"


def test_bad_encoding_option_is_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["score", str(tmp_path), "--out", str(tmp_path / "out"), "--encoding", "klingon"])
    assert exit_.value.code == 2 and "unknown encoding 'klingon'" in capsys.readouterr().err


PAGE = """<!DOCTYPE html><html><head><title>Iraq presses diplomacy on Syria | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-12-06T09:30:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Subscribe now</li></ul></nav>
<article><h1>Iraq presses diplomacy on Syria</h1>
<p>Iraqi Prime Minister Mohammed Shia al-Sudani on Friday said his country was pressing diplomatic efforts aimed at
“containing the crisis in Syria due to its clear impact on Iraqi security”.</p>
<p>“Iraq’s official, fixed stance is in support of Syria’s unity, security and stability,” he said, adding that
Baghdad “will not stand idly by” as rebels advanced on the city of Homs.</p>
<p>His remarks came ahead of a meeting between the top diplomats of Baghdad, Damascus and Tehran to discuss the
developments in Syria, where a rebel offensive has seen key cities fall in little more than a week.</p>
</article><footer>© Example News. Cookie settings. Share on social media.</footer></body></html>"""


def test_html_page_main_text_and_metadata(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "iraq.html").write_text(PAGE, encoding="utf-8")
    (folder / "empty.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    items = list(read_inputs([folder]))
    docs = [i.document for i in items if isinstance(i, Input)]
    skips = [i for i in items if not isinstance(i, Input)]
    assert [d.doc_id for d in docs] == ["iraq"] and skips[0].reason == "no main text found in the HTML page"
    doc = docs[0]
    assert "will not stand idly by" in doc.text and "Subscribe now" not in doc.text and "Cookie" not in doc.text
    assert (doc.date, doc.source) == ("2024-12-06", "Example News") and doc.title.startswith("Iraq presses")


# Invented: a --meta table and an actor registry saved by Excel or Notepad in the Western code page.
META_CP1252 = "doc_id,source,title\nnote,Le Courrier,Réunion à Genève\n"
REGISTRY_CP1252 = "actor_id,name,aliases\nalice,Amélie Dufresne-Côté,la porte-parole\n"


def test_meta_follows_the_encoding_as_documents_do(tmp_path):
    latin = tmp_path / "meta.csv"
    latin.write_bytes(META_CP1252.encode("cp1252"))
    assert read_meta(latin, "cp1252") == {"note": {"source": "Le Courrier", "title": "Réunion à Genève"}}
    with pytest.raises(StanceError, match=r"not UTF-8: byte 0xe9.*--encoding cp1252"):
        read_meta(latin)
    utf8 = tmp_path / "utf8.csv"  # a UTF-8 table stays UTF-8 under a code page
    utf8.write_text("doc_id,title\nnote,\u00abVive la paix\u00bb dit-elle\n", encoding="utf-8")
    assert read_meta(utf8, "cp1252")["note"]["title"] == "\u00abVive la paix\u00bb dit-elle"
    wide = tmp_path / "wide.csv"  # Windows' "Unicode" text: its byte-order mark says so
    wide.write_text(META_CP1252, encoding="utf-16")
    assert read_meta(wide, "cp1252")["note"]["title"] == "Réunion à Genève"


@pytest.mark.parametrize("suffix, text", [
    (".csv", REGISTRY_CP1252),
    (".yaml", "- actor_id: alice\n  name: Amélie Dufresne-Côté\n  aliases: [la porte-parole]\n"),
])
def test_registry_follows_the_encoding_as_documents_do(tmp_path, suffix, text):
    from stance.registry import load_registry

    path = tmp_path / f"actors{suffix}"
    path.write_bytes(text.encode("cp1252"))
    [entry] = load_registry(path, "cp1252")
    assert entry.name == "Amélie Dufresne-Côté"
    with pytest.raises(StanceError, match=r"not UTF-8 \(byte 0xe9.*--encoding cp1252"):
        load_registry(path)
    path.write_text(text.replace("la porte", "\u00abla porte\u00bb"), encoding="utf-8")  # UTF-8 stays UTF-8
    [entry] = load_registry(path, "cp1252")
    assert entry.aliases == ("\u00abla porte\u00bb-parole",)


def test_score_and_report_read_meta_and_registry_in_the_encoding(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_bytes("La porte-parole Amélie Dufresne-Côté a déclaré : « Nous restons "
                                    "vigilants. »\n".encode("cp1252"))
    (tmp_path / "meta.csv").write_bytes(META_CP1252.encode("cp1252"))
    (tmp_path / "actors.csv").write_bytes(REGISTRY_CP1252.encode("cp1252"))
    out = tmp_path / "out"
    assert main(["score", str(docs), "--out", str(out), "--quiet", "--model", "fast", "--encoding", "cp1252",
                 "--meta", str(tmp_path / "meta.csv"), "--actors", str(tmp_path / "actors.csv")]) == 0
    assert pd.read_csv(out / "documents.csv")["title"].tolist() == ["Réunion à Genève"]
    assert "Amélie Dufresne-Côté" in pd.read_csv(out / "actors.csv")["name"].tolist()
    assert main(["report", str(out), "--actors", str(tmp_path / "actors.csv")]) == 2
    assert "--encoding cp1252" in capsys.readouterr().err
    assert main(["report", str(out), "--encoding", "cp1252", "--actors", str(tmp_path / "actors.csv")]) == 0
    assert "Amélie Dufresne-Côté" in pd.read_csv(out / "actors.csv")["name"].tolist()
