"""Bodies the gazetteer does not list (issue 22): their ids, what a document's definitions teach
about them, short references in tables. The examples of each rule are in
tests/corpus/organizations.{en,zh}.yaml (test_organizations.py)."""

from __future__ import annotations

from pipeline.extract.organizations import DocumentState, find_mentions
from pipeline.extract.organizations.bodies import slug
from pipeline.extract.organizations.definitions import acronym_like, initials_fit
from pipeline.runner import extract_file


def test_slug_of_a_name():
    assert slug("The Prime Minister’s Office") == "prime-minister-s-office"
    assert slug("Défenseur des droits") == "defenseur-des-droits"
    assert slug("Ministry of Labour, Health and Social Policies") == (
        "ministry-of-labour-health-and-social-policies"
    )
    assert slug("萨赫勒五国集团 秘书处") == "萨赫勒五国集团秘书处"
    # a name mixing scripts is slugged as Latin text (its ideographs kept)
    assert slug("Brazil, Russian Federation (BRICS) Network") == (
        "brazil-russian-federation-brics-network"
    )


def test_acronyms_and_their_letters():
    assert acronym_like("ASSO21") and acronym_like("EU-FRA") and acronym_like("CoE-ECRI")
    assert not acronym_like("XIV") and not acronym_like("Rome") and not acronym_like("G")

    def fit(short: str, name: str) -> bool:
        return initials_fit(short, name.split(" "))

    assert fit("LFJL", "Lawyers for Justice in Libya") and fit("ASSO21", "Associazione 21 Luglio")
    assert fit("MFA", "Ministry of Foreign Affairs")
    assert not fit("MFA", "Minister Mario Rossi of the Ministry of Foreign Affairs")
    assert not fit("CIDU", "Inter-ministerial Committee on Human Rights")


def test_rows_of_a_body_take_what_a_later_definition_teaches(tmp_path):
    """An acronym defined in paragraph 2 is the acronym of the body's rows in paragraph 1 too,
    and a name that a later definition makes another body's takes that body's id."""
    path = tmp_path / "doc.txt"
    path.write_text(
        "United Nations\nGeneral Assembly\n\n"
        "1. The Peruvian National Firearms Control Directorate attended the meeting.\n\n"
        "2. The Peruvian National Firearms Control Directorate (PNFCD) hosted the next one.\n\n"
        "3. PNFCD reported on its work.\n",
        encoding="utf-8",
    )
    rows = extract_file(path, "en").tables["organizations"]
    body = [r for r in rows if r["org_id"].startswith("new:")]
    assert [(r["para"], r["text"]) for r in body] == [
        ("1", "Peruvian National Firearms Control Directorate"),
        ("2", "Peruvian National Firearms Control Directorate"),
        ("2", "PNFCD"),
        ("3", "PNFCD"),
    ]
    assert {(r["org_id"], r["name_en"], r["name_zh"], r["acronym"]) for r in body} == {
        (
            "new:peruvian-national-firearms-control-directorate",
            "Peruvian National Firearms Control Directorate",
            "",
            "PNFCD",
        )
    }


def test_the_rows_of_one_table_are_one_paragraph_for_short_references():
    """`Advisory Committee` in the rows of a table under a heading that names the ACABQ in full
    refers to it, however many rows come between (the window counts paragraphs)."""
    state = DocumentState()
    heading = "B. Advisory Committee on Administrative and Budgetary Questions"
    rows = [
        "The Advisory Committee trusts that updated information will be provided.",
        "Provisions amounting to $67 million were included.",
        "Resources approved for surge capacity amounted to $8.9 million.",
        "The Advisory Committee notes the outposted positions.",
    ]
    got = [[o.org_id for _, _, o, _ in find_mentions(heading, "en", state)]]
    for k, row in enumerate(rows):
        found = find_mentions(row, "en", state, same_block=k > 0)
        got.append([o.org_id for _, _, o, _ in found])
    assert got == [["acabq"], ["acabq"], [], [], ["acabq"]]
    # read as paragraphs of running text, the last row is too far from the heading
    state = DocumentState()
    find_mentions(heading, "en", state)
    last = [find_mentions(row, "en", state) for row in rows][-1]
    assert last == []
