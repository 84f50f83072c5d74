"""Names made of names, each one mention of the longest name and a body of its own (`new:` id;
docs/annotation.md, "Organizations"): a body's full name and, after a joiner, the name of its
unit or facility (`Stop TB Partnership/Global Drug Facility`); a body named by the States it
joins, their acronym in brackets (`Brazil, Russian Federation, India, China and South Africa
(BRICS) Tuberculosis Research Network`: the States inside it are no places, they yield to the
organization); a name in quotes that the word after it says is a body's (the “Opera Nomadi”
association). Rules: `compounds` in <lang>/organizations.yaml; a language without them has
no such names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.organizations.bodies import Bodies
from pipeline.extract.organizations.capitalized import state_names
from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import Hit


@dataclass(frozen=True)
class CompoundRules:
    joiner: str  # between a body's name and its unit's ("" : no such names)
    tail: re.Pattern[str] | None  # the unit's name, matched right after the joiner
    state_acronym: re.Pattern[str] | None  # searched for, ending where the body's name starts
    separators: tuple[str, ...]  # between the States of a list
    states: frozenset[str]
    longest_state: int
    quoted_body: re.Pattern[str] | None  # group `name`: a quoted name the next word calls a body


@cache
def compound_rules(lang: str) -> CompoundRules | None:
    rules = matcher(lang).rules.get("compounds")
    if not rules:
        return None
    states = state_names(lang)
    tail, acronym, quoted = rules.get("tail"), rules.get("state_acronym"), rules.get("quoted_body")
    return CompoundRules(
        joiner=rules.get("joiner", ""),
        tail=re.compile(tail) if tail else None,
        state_acronym=re.compile(acronym) if acronym else None,
        separators=tuple(rules.get("state_separators", [])),
        states=states,
        longest_state=max(map(len, states), default=0),
        quoted_body=re.compile(quoted) if quoted else None,
    )


ACRONYM_REACH = 16  # characters before a body's name its States' acronym may take


def compounds(norm: str, kept: list[Hit], m: LanguageMatcher, bodies: Bodies) -> list[Hit]:
    """The names made of a kept name and what is written around it (see the module)."""
    r = compound_rules(m.lang)
    if r is None:
        return []
    starts = {h.start for h in kept}
    out: list[Hit] = []
    for h in kept:
        if h.org is None:
            continue
        end = joined_unit(norm, h, r, starts)
        start = states_before(norm, h, r) if end is None else None
        if end is not None or start is not None:
            s, e = (h.start, end) if end is not None else (start, h.end)
            out.append(Hit(s, e, bodies.get(s, e), "discovered"))
    if r.quoted_body is not None:
        for q in r.quoted_body.finditer(norm):
            s, e = q.span("name")
            out.append(Hit(s, e, bodies.get(s, e), "discovered"))
    return out


def joined_unit(norm: str, h: Hit, r: CompoundRules, starts: set[int]) -> int | None:
    """The end of the unit's name written after the body's full name and the joiner; None
    where there is none, the body is named by an acronym (`WHO/UNICEF`: two bodies), or the
    name after the joiner is a name found (two bodies)."""
    if not r.joiner or r.tail is None or not norm.startswith(r.joiner, h.end):
        return None
    if " " not in norm[h.start : h.end]:
        return None
    at = h.end + len(r.joiner)
    t = r.tail.match(norm, at)
    if t is None or at in starts:
        return None
    return t.end()


def states_before(norm: str, h: Hit, r: CompoundRules) -> int | None:
    """Where the list of States that, with their acronym in brackets, begins the body's name
    starts; None where the text before the name is no such list (fewer than two States, or an
    acronym that does not spell their initials)."""
    if r.state_acronym is None or h.start < 2 or norm[h.start - 2] != ")":
        return None
    a = r.state_acronym.search(norm, max(0, h.start - ACRONYM_REACH), h.start)
    if a is None:
        return None
    items: list[int] = []
    pos = a.start()
    while (s := state_ending(norm, pos, r)) is not None:
        items.append(s)
        sep = next((x for x in r.separators if norm.startswith(x, s - len(x))), None)
        if sep is None or s < len(sep):
            break
        pos = s - len(sep)
    initials = "".join(norm[s] for s in reversed(items))
    if len(items) < 2 or initials != a.group(1):
        return None
    return items[-1]


def state_ending(norm: str, pos: int, r: CompoundRules) -> int | None:
    """The start of the longest State's name that ends at `pos`, as a whole word."""
    for size in range(min(r.longest_state, pos), 1, -1):
        s = pos - size
        if (s == 0 or not norm[s - 1].isalnum()) and norm[s:pos] in r.states:
            return s
    return None
