"""Write pipeline/resources/places/generated_cldr.yaml from CLDR and ISO 3166 data.

The base list of places: every ISO 3166-1 country or territory (pycountry), Kosovo, and every
region with an M49 code that CLDR names, with their English and Chinese CLDR names and the CLDR
region each belongs to. The UN's own names are kept by hand in un_names.yaml beside it; this file
is never edited by hand.

Sources (install them with `pip install -e '.[places-data]'`; PyICU needs the ICU headers,
e.g. Debian's libicu-dev):
- Babel: CLDR territory names in `en` and `zh` (main names; Babel keeps no alternative names).
- PyICU: the CLDR copy inside ICU, for the names CLDR marks `short` and `variant` (Bosnia,
  Ivory Coast, 刚果民主共和国) and for territory containment (which M49 region a country is in).
- pycountry: ISO 3166-1 alpha-2, alpha-3 and numeric codes.

Usage: python scripts/places/generate.py [--out PATH] [--check]
  --check  exit 1 (with a one-line message) if PATH differs from what the script would write.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "pipeline" / "resources" / "places" / "generated_cldr.yaml"

# Kosovo has no ISO 3166-1 code; the user-assigned XK / XKX is what ../shared/ANNOTATION.md asks
# for (CLDR's own alpha-3 for it is XKK, and M49 has no code for it).
EXTRA_TERRITORIES = {"XK": ("XKX", "")}
# CLDR groupings that are organizations or currency areas, not places: reported as membership
# of a place (`groupings`), never as places of their own.
NON_PLACE_GROUPINGS = {"EU", "EZ", "UN"}


def _load_sources() -> tuple[Any, Any, Any]:
    try:
        import babel
        import icu
        import pycountry
    except ImportError as err:
        sys.exit(f"generate.py: {err.name} is missing: pip install -e '.[places-data]'")
    return babel, icu, pycountry


def versions() -> dict[str, str]:
    """Versions of the sources, written in the header and compared by the reproducibility test."""
    import babel.core
    import icu

    return {
        "babel": importlib.metadata.version("babel"),
        "babel_cldr": str(babel.core.get_cldr_version()),
        "pycountry": importlib.metadata.version("pycountry"),
        "pyicu": importlib.metadata.version("PyICU"),
        "icu": str(icu.ICU_VERSION),
    }


def _icu_alternatives(icu: Any, locale: str) -> dict[str, dict[str, str]]:
    """CLDR's `short` and `variant` names (alt="short", alt="variant") from ICU's region data."""
    major = str(icu.ICU_VERSION).split(".")[0]
    bundle = icu.ResourceBundle(f"icudt{major}l-region", icu.Locale(locale))
    out: dict[str, dict[str, str]] = {}
    for alt in ("short", "variant"):
        table = bundle.get(f"Countries%{alt}")
        out[alt] = {table.get(i).getKey(): table.get(i).getString() for i in range(table.getSize())}
    return out


def _containment(icu: Any, code: str) -> tuple[str, str, list[str]]:
    """(continent, direct container, groupings containing it or its container) from CLDR."""
    region = icu.Region.getInstance(code)
    parent = region.getContainingRegion()
    # Only M49 (numeric) containers: CLDR puts Antarctica in QO "Outlying Oceania", M49 in none.
    direct = str(parent) if parent is not None and str(parent).isdigit() else ""
    continent_region = region.getContainingRegion(icu.URegionType.CONTINENT)
    continent = str(continent_region) if continent_region is not None else ""
    groupings = []
    for group in icu.Region.getAvailable(icu.URegionType.GROUPING):
        members = {str(m) for m in icu.Region.getInstance(str(group)).getContainedRegions()}
        if code in members or direct in members:
            groupings.append(str(group))
    return continent, direct, sorted(groupings)


def _names(babel: Any, alts: dict[str, dict[str, dict[str, str]]], key: str) -> dict[str, Any]:
    names = {lang: babel.Locale(lang).territories.get(key, "") for lang in ("en", "zh")}
    fields: dict[str, Any] = {f"name_{lang}": name for lang, name in names.items()}
    for alt in ("short", "variant"):
        for lang, name in names.items():
            other = alts[lang][alt].get(key, "")
            # ICU's CLDR may be older than Babel's: an old alternative can be today's main name.
            if other and other != name:
                fields[f"{alt}_{lang}"] = other
    return fields


def build() -> tuple[dict[str, str], list[dict[str, Any]]]:
    babel, icu, pycountry = _load_sources()
    alts = {lang: _icu_alternatives(icu, lang) for lang in ("en", "zh")}
    un_members = {str(m) for m in icu.Region.getInstance("UN").getContainedRegions()}
    records: list[dict[str, Any]] = []

    regions = sorted(key for key in babel.Locale("en").territories if key.isdigit())
    for code in regions:
        continent, parent, groupings = _containment(icu, code)
        rec: dict[str, Any] = {"code": code, "m49": code, "alpha2": "", "kind": "region"}
        rec.update(_names(babel, alts, code))
        rec["parent"] = parent
        rec["groupings"] = [g for g in groupings if g not in NON_PLACE_GROUPINGS]
        records.append(rec)

    territories = {c.alpha_2: (c.alpha_3, c.numeric) for c in pycountry.countries}
    territories.update(EXTRA_TERRITORIES)
    for alpha2, (alpha3, numeric) in sorted(territories.items(), key=lambda kv: kv[1][0]):
        continent, subregion, groupings = _containment(icu, alpha2)
        kind = "state" if alpha2 in un_members else "territory"
        rec = {"code": alpha3, "m49": numeric, "alpha2": alpha2, "kind": kind}
        rec.update(_names(babel, alts, alpha2))
        rec["region"] = continent
        rec["subregion"] = subregion
        rec["groupings"] = groupings
        records.append(rec)
    return versions(), records


HEADER = """\
# GENERATED by scripts/places/generate.py -- never edit by hand; regenerate instead:
#   pip install -e '.[places-data]' && python scripts/places/generate.py
# Sources: {sources}
#
# The CLDR/ISO base list of places. The UN's own names (formal and short, former names, former
# States, regions without an M49 code) are in un_names.yaml beside this file, which wins where
# both name the same code. Records: regions by M49 code, then countries/territories by alpha-3.
#   code       alpha-3 for a country or territory (XKX for Kosovo), the M49 code for a region
#   m49        M49 / ISO 3166-1 numeric code as a 3-digit string ('' for Kosovo: M49 has none)
#   alpha2     ISO 3166-1 alpha-2 ('' for regions)
#   kind       state (in CLDR's grouping of UN Member States), territory or region
#   name_en, name_zh        CLDR's main name (Babel)
#   short_*, variant_*      CLDR's alt="short" / alt="variant" names, where CLDR has them (ICU)
#   region, subregion       territories: CLDR's continent and direct container (an M49 sub-region
#                           or intermediate region, e.g. 011 Western Africa)
#   parent                  regions: the region containing it ('' for the world, groupings)
#   groupings               CLDR groupings containing it or its container: M49's 202
#                           (Sub-Saharan Africa) and 419 (Latin America and the Caribbean), CLDR's
#                           003 (North America); for territories also EU, EZ and UN (membership)
"""


class _Dumper(yaml.SafeDumper):
    """Quotes digit strings: an unquoted 019 is a string to PyYAML but a number to YAML 1.2."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if value.isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = all(isinstance(v, str) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def render(meta: dict[str, str], records: list[dict[str, Any]]) -> str:
    sources = ", ".join(f"{k} {v}" for k, v in meta.items())
    body = yaml.dump(
        {"versions": meta, "places": records},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return HEADER.format(sources=sources) + body


def read_versions(path: Path) -> dict[str, str]:
    """The source versions a generated file was made with (for the reproducibility test)."""
    with path.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh)["versions"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render(*build())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is not what generate.py writes: regenerate it")
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Written atomically: a failed run never leaves half a file.
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, args.out)
    print(f"wrote {args.out} ({sum(1 for _ in text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
