"""Synthetic news corpora for the benchmarks: distinct articles, many speakers, syndicated copies.

Nothing here comes from a gold set. Articles mix paragraphs written for this
generator (templates with name, role, place and quote slots, below) with the
seed articles' paragraphs, whose sentences are shuffled and whose names are
replaced by names from a list of about 2,000 (given names x surnames, with
transliteration variants). Quotes are built from a phrase bank, so nearly
every quote is new text; a story is published by one to four outlets
(syndicated copies: a different intro and dateline, paragraphs dropped, a quote
sometimes trimmed), which is what statement deduplication is for.

With ``growing=True`` (what `bench_scale.py` uses) the corpus grows as an
archive does: the pool of speakers grows with the articles written so far
(2,000 x (articles / 1,000)^0.75, names from given names x real and coined
surnames), and each story happens somewhere, a town drawn from a vocabulary that
grows with the corpus with Zipf frequencies (a few towns in many stories, most
in one or two), which its quotes name, and most quotes add a sentence of
content words, half the story's, half drawn with Zipf frequencies from a
vocabulary that also grows (the seed articles' words, then coined ones), so a
quote holds words that are rare in the archive, as real quotes do. Without it (the default, what
`bench_extract.py` reads) every corpus draws on the same 2,000 names and the
same ~300-word phrase bank, so at 50,000 articles each speaker, and "a senior
official" with 5% of all quotes, repeats the same words ever more often: a
superlinear load on statement grouping that a real archive does not have.

`articles()` gives texts for a full `stance score`; `quote_records()` gives
the quotes as the extractor would report them (speaker surfaces as written:
full names, surnames, "Role Name", roles, organisations), for timing the
cross-document steps on 50,000 articles' worth of quotes without parsing.
"""
from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

GIVEN = """Mohammed Ahmed Ali Omar Hassan Hussein Youssef Ibrahim Khalid Mahmoud Karim Tariq Samir Walid Nabil
Faisal Rami Ziad Adel Jamal Bassam Hamid Majid Nasser Salim Anwar Rashid Fadi Imad Ghassan Amira Leila Nadia
Rania Samira Huda Mona Fatima Zainab Maryam Reza Ali-Reza Mehdi Hamid Javad Farid Dariusz Mehmet Emre Murat
Ahmet Kemal Selim Burak Sergei Dmitri Andrei Mikhail Olga Irina Natalia Viktor Pavel Yuri John David Michael
Sarah Anna Peter Thomas James Maria Elena Carlos Luis Pierre Jean Hans Klaus Ingrid Kofi Amadou Ibrahima
Fatou Aisha Chinedu Wanjiru Ravi Priya Arjun Wei Li Hiroshi Kenji Min-jun""".split()
SURNAMES = """Haddad Khoury Nasser Saleh Hamdan Mansour Qasim Darwish Barakat Aziz Rahimi Karimi Hosseini Tehrani
Farahani Demir Yilmaz Kaya Aydin Celik Sahin Ivanov Petrov Volkov Sokolov Morozov Lebedev Novak Kowalski
Schmidt Weber Fischer Dubois Laurent Moreau Garcia Lopez Fernandez Rossi Bianchi Okafor Mensah Diallo Traore
Kamau Otieno Sharma Gupta Patel Chen Wang Tanaka Sato Kim Park al-Amiri al-Hashimi al-Rubaie al-Jabouri
al-Obeidi al-Tamimi al-Zubaidi al-Khatib al-Masri al-Sayegh al-Shammari al-Dulaimi al-Husseini al-Kubaisi
Abdullah Suleiman Hamadi Jaber Ayoub Mustafa Osman Yousef Bakr Idris Nouri Sadeghi Ghorbani Bayat""".split()
VARIANTS = {"Mohammed": ["Mohammad", "Muhammad"], "Hussein": ["Husayn", "Hussain"], "Youssef": ["Yusuf", "Yousef"],
            "Sergei": ["Sergey"], "Dmitri": ["Dmitry"], "Omar": ["Umar"], "Ahmed": ["Ahmad"], "Khalid": ["Khaled"]}
ROLES = ["Foreign Minister", "Defence Minister", "Prime Minister", "President", "Interior Minister", "spokesman",
         "army chief", "opposition leader", "lawmaker", "ambassador", "envoy", "commander", "cleric", "senator"]
COUNTRIES = [("Iraq", "Iraqi"), ("Syria", "Syrian"), ("Iran", "Iranian"), ("Turkey", "Turkish"), ("Jordan", "Jordanian"),
             ("Lebanon", "Lebanese"), ("Egypt", "Egyptian"), ("Russia", "Russian"), ("France", "French"),
             ("Germany", "German"), ("Kenya", "Kenyan"), ("Nigeria", "Nigerian"), ("India", "Indian"),
             ("Japan", "Japanese"), ("Brazil", "Brazilian"), ("Qatar", "Qatari"), ("Yemen", "Yemeni"),
             ("Sudan", "Sudanese"), ("Ukraine", "Ukrainian"), ("Poland", "Polish")]
PLACES = ["the north", "the border region", "the capital", "the eastern provinces", "the coastal strip", "the south",
          "the disputed valley", "the refugee camps", "the river delta", "the mountain districts"]
CITIES = ["Aleppo", "Homs", "Mosul", "Basra", "Tripoli", "Sanaa", "Goma", "Khartoum", "Kharkiv", "Gao", "Marib",
          "Idlib", "Raqqa", "Kirkuk", "Erbil", "Tyre", "Aden", "Juba", "Mekelle", "Odesa"]
OUTLETS = ["Meridian Wire", "The Daily Courier", "Gulf Observer", "Levant Herald", "Continental Press",
           "Eastern Bulletin", "Harbour Times", "Capital Report", "Northern Star", "The Evening Ledger",
           "Atlas News", "Crescent Radio", "Plains Gazette", "Delta Tribune", "Summit Post"]
ORGS = ["the Foreign Ministry", "the Defence Ministry", "the National Security Council", "the Red Crescent",
        "the United Nations", "the Arab League", "the European Union", "the World Food Programme",
        "the Interior Ministry", "the presidency", "the opposition coalition", "the Refugee Council"]
THINK = ["the Centre for Regional Studies", "the Institute for Peace Policy", "Harbour University",
         "the Strategic Affairs Forum"]

OPENERS = ["My government", "Our government", "This country", "The region", "My office", "The coalition",
           "Nobody here", "The army", "The international community", "Our party", "The ministry"]
VERBS = ["will not accept", "strongly condemns", "is deeply worried about", "fully supports", "calls for an end to",
         "will stand with the victims of", "rejects", "is following with great concern", "welcomes",
         "will not take part in", "demands an inquiry into", "is ready to mediate in", "warns against",
         "has nothing to do with", "is alarmed by"]
OBJECTS = ["any foreign interference in {place}", "the attacks on civilians in {city}", "the talks in {city}",
           "the ceasefire agreed in {city}", "the deployment of troops to {place}", "the blockade of {city}",
           "the humanitarian corridor to {city}", "the decision to close the crossings near {city}",
           "the shelling of {place}", "the arrests in {city}", "the new offensive in {place}",
           "the sanctions on {country}", "the armed groups operating in {place}", "the agreement with {country}"]
TAILS = ["", " and we will say so at the Security Council", ", whatever the cost", " in the coming days",
         ", as we have said from the start", " until the fighting stops", ", and this is not negotiable",
         " because our security depends on it", " and we urge restraint", " for the sake of the families there"]
SECONDS = ["This is a red line.", "We have a duty to our brothers.", "It is not our war.",
           "History will judge everyone.", "Dialogue is the only way.", "We are watching closely.",
           "The crossings must reopen now.", "Nobody wants another war.", "Our patience has limits.",
           "We will not stand idly by.", "It is a matter of principle.", "Civilians are paying the price."]
FILLER = ["{city} has seen {n} days of fighting, according to local monitors.",
          "Aid convoys waited for a {n}th day at the crossing outside {city}.",
          "The talks in {city} are expected to resume next week, diplomats said.",
          "Prices of bread and fuel in {city} have risen by {n} percent since the start of the month.",
          "Schools in {place} remained closed, and thousands of families have left their homes.",
          "The offensive began {n} days ago and has changed the map of {place}."]


@dataclass
class Person:
    name: str
    role: str
    country: tuple[str, str]

    @property
    def surname(self) -> str:
        return self.name.split()[-1].removeprefix("al-").capitalize() if self.name.split()[-1].startswith("al-") \
            else self.name.split()[-1]


@dataclass
class Article:
    doc_id: str
    outlet: str
    date: str
    text: str
    quotes: list[dict] = field(default_factory=list)   # {text, speaker, speaker_type, sentence}


def people(n: int = 2000, seed: int = 0) -> list[Person]:
    """`n` distinct speakers: given name x surname, each with a role and a country."""
    rng = random.Random(seed)
    names = sorted({f"{g} {s}" for g in GIVEN for s in SURNAMES})
    rng.shuffle(names)
    return [Person(name, rng.choice(ROLES), rng.choice(COUNTRIES)) for name in names[:n]]


def _coined(k: int, capital: bool = True) -> str:
    """The k-th made-up word (three or more syllables), for towns and surnames no list holds."""
    k += len(_SYLLABLES) ** 2
    parts = []
    while k:
        k, r = divmod(k, len(_SYLLABLES))
        parts.append(_SYLLABLES[r])
    word = "".join(parts)
    return word.capitalize() if capital else word


_SYLLABLES = "ba ka ra mi to zu le no sha dar vel kor an is um et ga hu lo fi ne ta ri vo".split()
_GROWTH = 0.75          # speakers ~ articles^0.75 (Heaps-like: most new articles bring some new people)


class _GrowingCast:
    """Speakers of an archive: the pool grows with the articles written so far; person i is
    always the same (name from a scrambled index over given names x surnames, real then coined)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.surnames = SURNAMES + [_coined(k + 5000) for k in range(9000)]
        self.space = len(GIVEN) * len(self.surnames)
        self.step = next(a for a in range(7919, self.space) if math.gcd(a, self.space) == 1)
        self.made: dict[int, Person] = {}

    def size(self, articles: int) -> int:
        return int(2000 * max(1.0, articles / 1000) ** _GROWTH)

    def person(self, i: int) -> Person:
        if i not in self.made:
            j = (i * self.step + self.seed) % self.space
            rng = random.Random(f"{self.seed}-{i}")
            self.made[i] = Person(f"{GIVEN[j % len(GIVEN)]} {self.surnames[j // len(GIVEN)]}", rng.choice(ROLES),
                                  rng.choice(COUNTRIES))
        return self.made[i]

    def sample(self, rng: random.Random, k: int, articles: int) -> list[Person]:
        return [self.person(i) for i in rng.sample(range(self.size(articles)), k)]


@lru_cache(maxsize=1)
def _seed_words() -> tuple[str, ...]:
    """Words of the seed articles (4+ letters), most frequent first: the head of the quotes' vocabulary."""
    counts: dict[str, int] = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for w in re.findall(r"(?<![’'\w])[a-z]{4,}(?![’'\w])", path.read_text(encoding="utf-8")):
            counts[w] = counts.get(w, 0) + 1
    return tuple(sorted(counts, key=lambda w: (-counts[w], w)))


def _content_word(rng: random.Random, articles: int) -> str:
    """A word drawn with Zipf frequencies (log-uniform rank) from a vocabulary that grows with the
    corpus (Heaps' law): the seed articles' words, then coined ones."""
    words = _seed_words()
    rank = int((len(words) + 20 * articles ** 0.7) ** rng.random()) - 1
    return words[rank] if rank < len(words) else _coined(rank, capital=False)


def _detail(rng: random.Random, topic: list[str], articles: int) -> str:
    """A sentence of content words, half the story's own, half fresh: real quotes carry words
    that are rare in the archive, which the phrase bank alone does not have."""
    words = [rng.choice(topic) if rng.random() < 0.5 else _content_word(rng, articles) for _ in range(rng.randint(4, 7))]
    return f"We spoke about {' '.join(words[:-2])}, {words[-2]} and {words[-1]}."


def _town(rng: random.Random, articles: int) -> str:
    """A story's town: Zipf-distributed (log-uniform rank) over a vocabulary growing with the corpus."""
    rank = int((200 + articles) ** rng.random()) - 1
    return CITIES[rank] if rank < len(CITIES) else _coined(rank)


def _spelling(name: str, rng: random.Random) -> str:
    first, rest = name.split(" ", 1)
    return f"{rng.choice(VARIANTS[first])} {rest}" if first in VARIANTS and rng.random() < 0.2 else name


def _quote(rng: random.Random, story: _Story | None = None) -> str:
    """A quote from the phrase bank; in a growing corpus most name the story's town and add a
    sentence of its content words (`_detail`)."""
    town = story.town if story is not None else ""
    place, city = rng.choice(PLACES), town if town and rng.random() < 0.8 else rng.choice(CITIES)
    obj = rng.choice(OBJECTS).format(place=place, city=city, country=rng.choice(COUNTRIES)[0])
    text = f"{rng.choice(OPENERS)} {rng.choice(VERBS)} {obj}{rng.choice(TAILS)}."
    if story is not None and story.topic and rng.random() < 0.85:
        text = f"{text} {_detail(rng, story.topic, story.made)}"
    return f"{text} {rng.choice(SECONDS)}" if rng.random() < 0.35 else text


def _seed_paragraphs() -> list[str]:
    paras = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 12]
    return paras


_NAME_SPAN = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b([A-Z][a-z]+(?:[ -](?:al-|bin |ibn )?[A-Z][a-z’']+){1,2})\b")


class _Story:
    """One news event: its speakers, quotes and paragraphs; copies of it are syndicated articles."""

    def __init__(self, rng: random.Random, cast: list[Person] | _GrowingCast, seed_paras: list[str],
                 stopwords: set[str], made: int = 0) -> None:
        self.rng = rng
        growing = isinstance(cast, _GrowingCast)
        self.speakers = cast.sample(rng, rng.randint(2, 4), made) if growing else rng.sample(cast, rng.randint(2, 4))
        self.city, self.place = _town(rng, made) if growing else rng.choice(CITIES), rng.choice(PLACES)
        self.town = self.city if growing else ""
        self.made = made
        self.topic = [_content_word(rng, made) for _ in range(6)] if growing else []
        self.paras: list[tuple[str, list[dict]]] = []
        for k, person in enumerate(self.speakers):
            self.paras.append(self._introduce(person))
            if rng.random() < 0.6:
                self.paras.append(self._follow_up(person))
            if rng.random() < 0.5:
                self.paras.append((rng.choice(FILLER).format(city=self.city, place=self.place, n=rng.randint(2, 40)), []))
            if rng.random() < 0.7 and seed_paras:
                self.paras.append((self._borrowed(rng.choice(seed_paras), stopwords), []))
        if rng.random() < 0.5:
            self.paras.append(self._organisation())
        if rng.random() < 0.3:
            self.paras.append(self._anonymous())
        self.headline = f"{self.speakers[0].surname} speaks out as crisis in {self.city} deepens ({rng.randint(1, 10**6)})"

    def _quote_row(self, text: str, speaker: str, kind: str, sentence: str) -> dict:
        return {"text": text, "speaker": speaker, "speaker_type": kind, "sentence": sentence}

    def _introduce(self, p: Person) -> tuple[str, list[dict]]:
        q, name, (country, adjective) = _quote(self.rng, self), _spelling(p.name, self.rng), p.country
        form = self.rng.randrange(3)
        if form == 0:
            s = f"{adjective} {p.role} {name} said on {self.rng.choice(['Monday', 'Tuesday', 'Friday'])} that “{q}”"
            speaker = f"{adjective} {p.role} {name}"
        elif form == 1:
            s = f"“{q}” {name}, {country}’s {p.role.lower()}, told reporters in {self.city}."
            speaker = name
        else:
            s = f"Speaking in {self.city}, {adjective} {p.role} {name} warned: “{q}”"
            speaker = name
        return s, [self._quote_row(q, speaker, "person", s)]

    def _follow_up(self, p: Person) -> tuple[str, list[dict]]:
        q = _quote(self.rng, self)
        if self.rng.random() < 0.5:
            s = f"“{q}” {p.surname} added."
            return s, [self._quote_row(q, p.surname, "person", s)]
        s = f"The {p.country[1]} {p.role.lower()} said that “{q.rstrip('.')}”."
        return s, [self._quote_row(q.rstrip('.'), f"the {p.country[1]} {p.role.lower()}", "person", s)]

    def _organisation(self) -> tuple[str, list[dict]]:
        q, org = _quote(self.rng, self), self.rng.choice(ORGS)
        s = f"In a statement, {org} said: “{q}”"
        return s, [self._quote_row(q, org[4:] if org.startswith("the ") else org, "organisation", s)]

    def _anonymous(self) -> tuple[str, list[dict]]:
        q = _quote(self.rng, self)
        s = f"“{q}” a senior official said, speaking on condition of anonymity."
        return s, [self._quote_row(q, "a senior official", "anonymous", s)]

    def _borrowed(self, para: str, stopwords: set[str]) -> str:
        """A seed paragraph with its sentences shuffled and its names replaced from the cast."""
        sentences = re.split(r"(?<=[.!?”])\s+", para)
        self.rng.shuffle(sentences)
        text = " ".join(sentences)
        mapping: dict[str, str] = {}

        def swap(match: re.Match) -> str:
            span = match.group(1)
            if any(w.lower() in stopwords for w in re.split(r"[ -]", span)):
                return span
            if span not in mapping:
                mapping[span] = self.rng.choice(self.speakers).name
            return mapping[span]
        return _NAME_SPAN.sub(swap, text)

    def copy(self, n: int, outlet: str, date: str) -> Article:
        """The story as one outlet publishes it: its own intro and dateline, some paragraphs dropped."""
        rng = self.rng
        keep = [p for k, p in enumerate(self.paras) if k < 2 or rng.random() < (1.0 if n == 0 else 0.8)]
        quotes = []
        body = []
        for text, rows in keep:
            if n and rows and rng.random() < 0.15:          # a syndicated copy trims a quote
                row = rows[0]
                words = row["text"].split()
                short = " ".join(words[:-2]) if len(words) > 8 else row["text"]
                text, rows = text.replace(row["text"], short), [{**row, "text": short, "sentence": text.replace(row["text"], short)}]
            body.append(text)
            quotes += rows
        dateline = f"{self.city.upper()}, {date} ({outlet}) - "
        text = f"{self.headline}\n\n{dateline}{body[0]}\n\n" + "\n\n".join(body[1:]) + "\n"
        return Article("", outlet, date, text, quotes)


def articles(n: int, seed: int = 0, speakers: int = 2000, growing: bool = False) -> Iterator[Article]:
    """`n` distinct articles; about a third of the stories are also published by other outlets.
    `growing`: speakers and towns grow with the corpus (module docstring), `speakers` unused."""
    from stance.lexicon import load_lexicon

    lex = load_lexicon()
    stopwords = {w for w in lex.titles} | {w.lower() for w, _ in COUNTRIES} | {a.lower() for _, a in COUNTRIES} \
        | set(lex.places) | {"the", "and", "in", "on", "of", "with", "but", "for"}
    rng = random.Random(seed)
    cast = _GrowingCast(seed) if growing else people(speakers, seed)
    seed_paras = _seed_paragraphs()
    made = 0
    while made < n:
        story = _Story(rng, cast, seed_paras, stopwords, made)
        outlets = rng.sample(OUTLETS, min(len(OUTLETS), 1 + int(rng.expovariate(1.3))))
        date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for k, outlet in enumerate(outlets):
            if made >= n:
                return
            article = story.copy(k, outlet, date)
            article.doc_id = f"a{made:07d}"
            yield article
            made += 1


def quote_records(n_articles: int, seed: int = 0, speakers: int = 2000, growing: bool = False) -> list[dict]:
    """The quotes of `articles(n_articles)` as quotes.csv rows, with stance labels and probabilities."""
    return [row for _, rows in article_quotes(n_articles, seed, speakers, growing) for row in rows]


def article_quotes(n_articles: int, seed: int = 0, speakers: int = 2000,
                   growing: bool = False) -> Iterator[tuple[Article, list[dict]]]:
    """Each article of `articles(n_articles)` with its quotes as quotes.csv rows (one at a time)."""
    rng = random.Random(seed + 1)
    labels = ("interventionist", "non-interference", "concern", "support", "neutral")
    for article in articles(n_articles, seed, speakers, growing):
        rows = []
        for k, q in enumerate(article.quotes):
            weights = [rng.gammavariate(0.6, 1.0) for _ in labels]
            total = sum(weights)
            probs = {f"p_{lab}": w / total for lab, w in zip(labels, weights)}
            stance = max(labels, key=lambda lab: probs[f"p_{lab}"])
            rows.append({"doc_id": article.doc_id, "quote_id": f"{article.doc_id}:{k}", "start": 0, "end": len(q["text"]),
                         "kind": "direct", **q, "stance": stance, "stance_score": probs[f"p_{stance}"], **probs})
        yield article, rows
