"""Open-world names in a spaced language written with capitals (English): a body the gazetteer
lacks is found by the structure of its name, as the language's `discovery` rules describe it.

    [PRE ...] HEAD [connector [the] COMPLEMENT]    Inter-ministerial Committee on Human Rights,
                                                    Council of Europe Commissioner for Human Rights
    FOREIGN-HEAD [words ...]                        Associazione 21 Luglio, Senato della Republica

- HEAD is a word of `heads` (Committee, Court, Observatory...), singular and capitalized; a head
  of `titled_heads` (Commissioner, Representative) makes a body only after an organization's name.
- PRE: capitalized words right before the head (Constitutional Court, Prime Minister's Office),
  or the name of an organization the gazetteer knows (Council of Europe ..., OSCE ...). Words
  that never begin a name (The, Moreover, Recalling...) are dropped from its front.
- COMPLEMENT, after `of|for|on|against|to|between`: capitalized words and the small words inside
  names (and, of, the, for...), up to the last capitalized one; a comma list closed by `and`
  (Ministry of Labour, Health and Social Policies). It ends at a sentence end, at `and the`, at a
  head or an organization after `and`, at `of`/`in` + a State's name. Written in lower case (the
  style of translated national reports: Observatory on religious policies), it is taken only up
  to a clear end (punctuation, a word of `end_words`) and without `lowercase_stops`.
- A head alone, or one capitalized word with a head whose meaning is generic (Special Committee,
  Regional Office), is no name; `standalone` heads (Parliament, Senate) are names alone.

Every span found is a candidate: the caller gives it an id (bodies.py) and keeps the longest."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import ahocorasick

from pipeline.extract.organizations.matching import matcher
from pipeline.extract.organizations.spans import Hit
from pipeline.resources import load_yaml

TOKEN = re.compile(r"[^\W_](?:[\w&'-]*[^\W_])?")
STRONG_END = re.compile(r"\s*(?:[:;,.!?()\"“”‘’«»-]|$)")


@dataclass(frozen=True)
class NameRules:
    heads: frozenset[str]
    head_pairs: frozenset[tuple[str, str]]  # two-word heads (Red Cross)
    titled_heads: frozenset[str]
    standalone: frozenset[str]
    connectors: frozenset[str]
    inner: frozenset[str]
    not_first: frozenset[str]  # capitalized words that never begin a name
    generic: frozenset[str]  # modifiers that, alone with a head, name no particular body
    lowercase_connectors: frozenset[str]
    lowercase_stops: frozenset[str]
    lowercase_first_stops: frozenset[str]
    lowercase_objects: frozenset[str]  # a content word before one of these is a verb
    end_words: frozenset[str]
    process_nouns: frozenset[str]
    foreign_heads: frozenset[str]
    foreign_inner: frozenset[str]
    max_lowercase: int
    states: frozenset[str]  # the State names of the places data, as written
    un_prefixes: frozenset[str]


@cache
def name_rules(lang: str) -> NameRules:
    cfg = matcher(lang).rules["discovery"]
    heads = [h for h in cfg["heads"] if " " not in h]
    pairs = [tuple(h.split(" ")) for h in cfg["heads"] if h.count(" ") == 1]
    return NameRules(
        frozenset(heads),
        frozenset((a, b) for a, b in pairs),
        frozenset(cfg.get("titled_heads", [])),
        frozenset(cfg.get("standalone", [])),
        frozenset(cfg["connectors"]),
        frozenset(cfg["inner"]),
        frozenset(cfg["not_first"]),
        frozenset(cfg.get("generic_modifiers", [])),
        frozenset(cfg.get("lowercase_connectors", [])),
        frozenset(cfg.get("lowercase_stops", [])),
        frozenset(cfg.get("lowercase_first_stops", [])),
        frozenset(cfg.get("lowercase_objects", [])),
        frozenset(cfg.get("end_words", [])),
        frozenset(cfg.get("process_nouns", [])),
        frozenset(cfg.get("foreign_heads", [])),
        frozenset(cfg.get("foreign_inner", [])),
        int(cfg.get("max_lowercase", 10)),
        state_names(lang),
        frozenset(matcher(lang).rules.get("un_prefixes", [])),
    )


@cache
def state_names(lang: str) -> frozenset[str]:
    """The names of States and territories in the places data (short, formal, variant,
    informal and former names), as written: a name's complement stops before `of` + one."""
    return place_names(lang, ("state", "territory"))


@cache
def place_names(
    lang: str, kinds: tuple[str, ...] = ("state", "territory", "region")
) -> frozenset[str]:
    """The names of the places of `kinds` in the places data, in `lang`, as written."""
    out: set[str] = set()
    for r in load_yaml("places/un_names.yaml")["places"]:
        if r.get("kind") not in kinds:
            continue
        for k in ("short", "formal", "variants", "informal", "former"):
            v = r.get(f"{k}_{lang}")
            out.update([v] if isinstance(v, str) else v or [])
    return frozenset(n for n in out if n)


class Tokens:
    """The words of a normalized paragraph between `lo` and `hi`: their spans, and what
    separates them."""

    def __init__(self, norm: str, lo: int = 0, hi: int | None = None) -> None:
        self.norm = norm
        spans = [m.span() for m in TOKEN.finditer(norm, lo, len(norm) if hi is None else hi)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.words = [norm[s:e] for s, e in spans]

    def __len__(self) -> int:
        return len(self.words)

    def joined(self, a: int, b: int) -> bool:
        """Words a and b (= a + 1) are separated by one space only."""
        return self.norm[self.ends[a] : self.starts[b]] == " "

    def gap(self, a: int) -> str:
        """What follows word a up to the next word (or the text's end)."""
        end = self.starts[a + 1] if a + 1 < len(self.words) else len(self.norm)
        return self.norm[self.ends[a] : end]

    def index_at(self, pos: int) -> int | None:
        """The word starting at `pos`."""
        k = bisect_left(self.starts, pos)
        return k if k < len(self.starts) and self.starts[k] == pos else None


def capital(w: str) -> bool:
    """A capitalized word or an acronym (CoE, OSCE, EU-FRA, ASSO21)."""
    return w[0].isupper()


@cache
def head_automaton(lang: str) -> ahocorasick.Automaton:
    """Every head word of the rules (Aho-Corasick: one scan of a paragraph finds them all)."""
    r = name_rules(lang)
    auto = ahocorasick.Automaton()
    for w in {*r.heads, *r.titled_heads, *r.foreign_heads, *(b for _, b in r.head_pairs)}:
        auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def heads_in(norm: str, lang: str) -> list[tuple[int, int]]:
    """The spans of the head words written as whole words in `norm`."""
    out = []
    for end, size in head_automaton(lang).iter(norm):
        start, stop = end + 1 - size, end + 1
        if (start == 0 or not is_word(norm[start - 1])) and (
            stop == len(norm) or not is_word(norm[stop])
        ):
            out.append((start, stop))
    return out


def is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'-_"


# a name is looked for in the words around its head: this many characters before and after
BEFORE_HEAD, AFTER_HEAD = 140, 260


def discover_capitalized(norm: str, kept: list[Hit], lang: str) -> list[tuple[int, int]]:
    """The spans of the names found (see the module docstring), in no particular order. Only
    the words around head words are read (most of a paragraph holds none)."""
    windows: list[list[int]] = []
    for start, end in heads_in(norm, lang):
        lo, hi = max(0, start - BEFORE_HEAD), end + AFTER_HEAD
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    out: list[tuple[int, int]] = []
    for lo, hi in windows:
        lo = norm.rfind(" ", 0, lo) + 1 if lo else 0  # whole words only
        far = norm.find(" ", hi)
        out += names_between(norm, lo, len(norm) if far < 0 else far, kept, lang)
    return out


def names_between(norm: str, lo: int, hi: int, kept: list[Hit], lang: str) -> list[tuple[int, int]]:
    r = name_rules(lang)
    tk = Tokens(norm, lo, hi)
    if not tk.words:
        return []
    # organizations already found, by the index of their last and first word: a name's PRE may
    # hold one (Council of Europe Commissioner ...), a complement may not begin after `and` one
    org_ending: dict[int, int] = {}
    org_starting: set[int] = set()
    inside: set[int] = set()  # words of a name found, or of a phrase that is no organization
    for h in kept:
        if h.end <= lo or h.start >= hi:
            continue
        first = tk.index_at(h.start)
        last = bisect_left(tk.ends, h.end)
        if first is None or last >= len(tk):
            continue
        if h.how not in ("short", "alias"):  # a short form: the full name may be written
            inside.update(range(first, last + 1))
        if h.org is not None and tk.ends[last] == h.end:
            org_ending[last] = first
            org_starting.add(first)
    out: list[tuple[int, int]] = []
    for k, w in enumerate(tk.words):
        if k in inside:
            continue  # a head of a name found (the Council of Security Council)
        if (
            w in r.heads
            or w in r.titled_heads
            or (k > 0 and (tk.words[k - 1], w) in r.head_pairs and tk.joined(k - 1, k))
        ):
            span = head_name(tk, k, r, org_ending, org_starting)
            if span:
                out.append(span)
        elif w in r.foreign_heads:
            span = foreign_name(tk, k, r)
            if span:
                out.append(span)
    return out


def head_name(
    tk: Tokens, k: int, r: NameRules, org_ending: dict[int, int], org_starting: set[int]
) -> tuple[int, int] | None:
    words = tk.words
    head_first = k - 1 if (k > 0 and (words[k - 1], words[k]) in r.head_pairs) else k
    # PRE: capitalized words and organizations' names, right before the head
    i = head_first
    org_written = ""  # the organization's name in PRE, as written
    while i > 0 and tk.joined(i - 1, i):
        prev = words[i - 1]
        if i - 1 in org_ending:
            org_written = tk.norm[tk.starts[org_ending[i - 1]] : tk.ends[i - 1]]
            i = org_ending[i - 1]
        elif capital(prev) and prev not in r.not_first and prev.lower() not in r.inner:
            i -= 1
        elif prev in ("and", "&") and i < head_first and pre_and(tk, i - 1, r, org_ending):
            i -= 2  # Business Transformation and Accountability Division
        else:
            break
    while i < head_first and words[i] in r.not_first:
        i += 1
    has_org = bool(org_written)
    if words[k] in r.titled_heads and (not has_org or org_written in r.un_prefixes):
        return None  # the United Nations High Commissioner for Refugees is a person
    nxt = k + 1
    if (
        nxt < len(words)
        and tk.joined(k, nxt)
        and capital(words[nxt])
        and words[nxt].lower() not in r.connectors
        and words[nxt] not in r.not_first
    ):
        return None  # the head of a longer name is further on (Council Advisory Committee)
    # COMPLEMENT
    j = complement(tk, k, r, org_starting)
    pre = head_first - i
    caps_after = sum(1 for x in range(k + 1, j + 1) if capital(words[x]))
    if j == k:
        j = lowercase_complement(tk, k, r, named=pre > 0)
    elif j + 1 < len(words) and tk.joined(j, j + 1) and words[j + 1] in r.lowercase_connectors:
        j = lowercase_complement(tk, j, r, named=True, start=j)
    if pre == 0 and j == k:
        return (tk.starts[head_first], tk.ends[k]) if words[k] in r.standalone else None
    named = tk.norm[tk.starts[i] : tk.ends[k]] in r.standalone  # National Assembly
    if pre == 1 and j == k and not has_org and words[i] in r.generic and not named:
        return None
    if j == k and has_org and org_ending.get(head_first - 1) == i:
        return None  # an organization and a head alone (the UNAR Office): the organization
    if pre == 0 and caps_after == 0 and j > k and not lowercase_ok(tk, k, j, r):
        return None
    if tk.norm[tk.starts[i] : tk.ends[j]] in r.states:
        return None  # Russian Federation
    return (tk.starts[i], tk.ends[j])


def pre_and(tk: Tokens, a: int, r: NameRules, org_ending: dict[int, int]) -> bool:
    """Word a (and, &) joins two capitalized words of one name before its head: neither side
    is an organization's name or a State's."""
    if a == 0 or not tk.joined(a - 1, a):
        return False
    left = tk.words[a - 1]
    return (
        capital(left)
        and left not in r.not_first
        and left not in r.heads
        and a - 1 not in org_ending
        and left not in r.states
        and not starts_state(tk, a + 1, r)
    )


def complement(tk: Tokens, k: int, r: NameRules, org_starting: set[int]) -> int:
    """The index of the last word of the capitalized complement after head k (k if none)."""
    words, n = tk.words, len(tk.words)
    if not (k + 1 < n and tk.joined(k, k + 1) and words[k + 1].lower() in r.connectors):
        return k
    if words[k + 1] == "to" and k + 2 < n and words[k + 2] == "the":
        return k  # reported to the General Assembly: no complement
    j = k
    t = k + 2
    while t < n:
        if not tk.joined(t - 1, t):
            gap = tk.gap(t - 1)
            if gap.strip() == "," and j == t - 1 and closed_list(tk, t, r, org_starting):
                t += 1  # Ministry of Labour, Health and Social Policies
                continue
            break
        w = words[t]
        if w.lower() in r.inner:
            nxt = words[t + 1] if t + 1 < n and tk.joined(t, t + 1) else ""
            if nxt in r.heads or (w.lower() == "and" and nxt.lower() in r.inner):
                break  # and the ..., and of the ...: another name, another complement
            if t + 1 in org_starting and not continues(tk, t + 1, org_starting):
                break  # ... and UNDP: another body
        elif capital(w) and not w.rsplit("-", 1)[-1].islower():  # not United Nations-owned
            if words[t - 1] in ("of", "in") and starts_state(tk, t, r):
                break  # Ministry of Foreign Affairs of Italy: the name ends before `of Italy`
            j = t
        else:
            break
        t += 1
    return j


def continues(tk: Tokens, t: int, org_starting: set[int]) -> bool:
    """The organization's name starting at word t is a modifier inside a longer name: a
    capitalized word follows it (Commission for Foreign and EU Affairs)."""
    x = t
    while x + 1 < len(tk) and tk.joined(x, x + 1) and capital(tk.words[x + 1]):
        x += 1
        if x + 1 >= len(tk) or not tk.joined(x, x + 1):
            break
    return x > t and capital(tk.words[x]) and tk.words[x] not in ("The",)


def closed_list(tk: Tokens, t: int, r: NameRules, org_starting: set[int]) -> bool:
    """From word t, capitalized words (no head, no organization) up to `and` + a capitalized
    word, all joined by spaces: a list that ends inside the name."""
    words = tk.words
    seen_and = False
    x = t
    while x < len(words):
        w = words[x]
        if x > t and not tk.joined(x - 1, x):
            return False
        if w in r.heads or x in org_starting:
            return False
        if w in ("and", "&"):
            seen_and = True
        elif not capital(w):
            return False
        elif seen_and:
            return True
        x += 1
    return False


def starts_state(tk: Tokens, t: int, r: NameRules) -> bool:
    """A State's name begins at word t (Italy, Republic of Korea)."""
    for size in (1, 2, 3, 4, 5):
        if t + size > len(tk):
            break
        if tk.norm[tk.starts[t] : tk.ends[t + size - 1]] in r.states:
            return True
    return False


def lowercase_complement(
    tk: Tokens, k: int, r: NameRules, *, named: bool, start: int | None = None
) -> int:
    """A complement in lower case after word k (a head, or the end of a capitalized
    complement): taken only up to a clear end of the name. Returns the last word's index (k if
    none)."""
    words, n = tk.words, len(tk.words)
    t = k + 1
    if not (t < n and tk.joined(k, t) and words[t] in r.lowercase_connectors):
        return k
    if start is None and not named and words[t] == "of":
        return k
    t += 1
    if t < n and words[t] == "the":
        t += 1
    if t >= n or not tk.joined(t - 1, t) or words[t] in r.lowercase_first_stops:
        return k
    last = k
    count = 0
    verb = False
    while t < n and count < r.max_lowercase:
        w = words[t]
        if w in r.lowercase_stops or w in r.end_words or capital(w) and w not in r.inner:
            break
        if not w.isalpha() and not w.replace("-", "").isalpha():
            break
        if w not in r.inner and t + 1 < n and tk.joined(t, t + 1):
            # a word of content with an object after it (and defines the requirements) is the
            # sentence's verb: the name ended before it, and before the `and` joining it
            verb = words[t + 1] in r.lowercase_objects
            if verb:
                break
        if w not in r.inner:
            last = t
        count += 1
        if t + 1 >= n or not tk.joined(t, t + 1):
            t += 1
            break
        t += 1
    if last == k:
        return k
    # a clear end right after the last content word: punctuation, the text's end, an end word
    after = last + 1
    if verb and all(words[x] in r.inner for x in range(after, t)):
        pass  # ended by the verb after it
    elif after < n and tk.joined(last, after):
        if words[after] not in r.end_words:
            return k
    elif not STRONG_END.match(tk.norm, tk.ends[last]):
        return k
    if any(words[x] in r.process_nouns for x in range(k + 1, last + 1)):
        return k
    return last


def lowercase_ok(tk: Tokens, k: int, j: int, r: NameRules) -> bool:
    """A head alone with a lower-case complement (Observatory on religious policies): at least
    two words of content after the connector."""
    content = [x for x in range(k + 2, j + 1) if tk.words[x] not in r.inner]
    return len(content) >= 2


def foreign_name(tk: Tokens, k: int, r: NameRules) -> tuple[int, int] | None:
    """A name in another language inside the text: its head first (Associazione 21 Luglio,
    Senato della Republica), then capitalized words, numbers and the language's small words,
    up to the last capitalized word or number; at least one of them."""
    words, n = tk.words, len(tk.words)
    if k > 0 and tk.joined(k - 1, k) and capital(words[k - 1]) and words[k - 1] not in r.not_first:
        return None  # inside a longer capitalized name
    j = k
    t = k + 1
    while t < n and tk.joined(t - 1, t):
        w = words[t]
        if capital(w) or w.isdigit():
            j = t
        elif w not in r.foreign_inner:
            break
        t += 1
    return (tk.starts[k], tk.ends[j]) if j > k else None
