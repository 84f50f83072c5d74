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


SUMMARY = """United Nations A/HRC/WG.6/20/ITA/3

General Assembly Distr.: General
11 August 2014

Human Rights Council
Working Group on the Universal Periodic Review

Italy

1. AI recommended that Italy establish a national human rights institution. ASSO21 and JS4 \
noted that Roma were segregated in camps.

2. Lawyers for Justice in Libya (LFJL) reported that migrants were returned. LFJL recommended \
that Italy suspend the agreements.

Annex

Individual submissions: ADF International ADF International, Geneva (Switzerland); AI Amnesty \
International, London (United Kingdom of Great Britain and Northern Ireland); ASSO21 \
Associazione 21 Luglio, Rome (Italy);

Joint submissions: JS4 Joint submission 4 submitted by: Associazione Carta di Roma, Rome \
(Italy); European Roma Rights Centre, Budapest (Hungary);
"""


def test_a_list_of_stakeholders_defines_the_short_forms_used_before_it(tmp_path):
    """A summary of stakeholders' submissions cites its sources by short forms its annex
    defines: they are mentions of those bodies from the first paragraph on; a joint submission
    (JS4) is no body, the bodies that made it are."""
    path = tmp_path / "summary.txt"
    path.write_text(SUMMARY, encoding="utf-8")
    rows = extract_file(path, "en").tables["organizations"]
    got = [(r["para"], r["text"].replace("\n", " "), r["org_id"]) for r in rows]
    assert [g for g in got if g[0] in ("1", "2")] == [
        ("1", "AI", "amnesty"),
        ("1", "ASSO21", "new:associazione-21-luglio"),
        ("2", "Lawyers for Justice in Libya", "new:lawyers-for-justice-in-libya"),
        ("2", "LFJL", "new:lawyers-for-justice-in-libya"),
        ("2", "LFJL", "new:lawyers-for-justice-in-libya"),
    ]
    assert [(t, o) for p, t, o in got if p not in ("1", "2", "front")] == [
        ("ADF International", "new:adf-international"),
        ("ADF International", "new:adf-international"),
        ("AI", "amnesty"),
        ("Amnesty International", "amnesty"),
        ("ASSO21", "new:associazione-21-luglio"),
        ("Associazione 21 Luglio", "new:associazione-21-luglio"),
        ("Associazione Carta di Roma", "new:associazione-carta-di-roma"),
        ("European Roma Rights Centre", "new:european-roma-rights-centre"),
    ]


def test_a_joint_submission_lists_its_bodies_without_seats():
    state = DocumentState()
    text = "JS4: Associazione 21 Luglio, Amnesty International Italia and Human Rights Watch."
    from pipeline.extract.organizations.lists import prescan
    from pipeline.segment.words import read_words

    words = read_words(text, "en")
    prescan([(words.norm, lambda s, e: text[s:e])], text, state, "en")
    found = find_mentions(text, "en", state, words=words)
    assert [(text[s:e], o.org_id) for s, e, o, _ in found] == [
        ("Associazione 21 Luglio", "new:associazione-21-luglio"),
        ("Amnesty International Italia", "new:amnesty-international-italia"),
        ("Human Rights Watch", "hrw"),
    ]


def test_a_list_of_abbreviations_defines_its_bodies(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "United Nations\nGeneral Assembly\n\nAbbreviations\n\n"
        "CIDU\tInter-ministerial Committee on Human Rights\n"
        "NAP\tNational Action Plan\n"
        "UNAR\tNational Office against Racial Discrimination\n\n"
        "1. The UNAR and the CIDU met. The NAP was adopted.\n",
        encoding="utf-8",
    )
    rows = extract_file(path, "en").tables["organizations"]
    # a list of abbreviations defines acronyms of names in another language too; a plan is no body
    assert [(r["text"], r["org_id"]) for r in rows if r["para"] == "1"] == [
        ("UNAR", "new:national-office-against-racial-discrimination"),
        ("CIDU", "new:inter-ministerial-committee-on-human-rights"),
    ]


def test_a_chinese_list_of_stakeholders():
    from pipeline.extract.organizations.lists import prescan
    from pipeline.segment.words import read_words

    text = (
        "个人提交材料：大赦国际 大赦国际，伦敦（大不列颠及北爱尔兰联合王国）；"
        "ASSO21 七月二十一日协会，罗马（意大利）；"
    )
    state, words = DocumentState(), read_words(text, "zh")
    index = words.index
    prescan([(words.norm, lambda s, e: text[index[s] : index[e - 1] + 1])], text, state, "zh")
    found = find_mentions(text, "zh", state, words=words)
    assert [(text[s:e], o.org_id) for s, e, o, _ in found] == [
        ("大赦国际", "amnesty"),
        ("大赦国际", "amnesty"),
        ("ASSO21", "new:七月二十一日协会"),
        ("七月二十一日协会", "new:七月二十一日协会"),
    ]
    later = "2. ASSO21指出，罗姆人被隔离在营地中。"
    assert [o.org_id for _, _, o, _ in find_mentions(later, "zh", state)] == [
        "new:七月二十一日协会"
    ]


def test_a_corpus_run_gives_a_body_one_id_across_documents(tmp_path):
    """Two documents define the same acronym for one body under two names: the second takes
    the first one's id, in the corpus table and in its own folder; a third names the body as
    the first did, without the acronym, and gets it."""
    import csv

    from pipeline.corpus import run_corpus

    head = "United Nations\nGeneral Assembly\n\n"
    texts = {
        "a.txt": "1. The National Office against Racial Discrimination (UNAR) met.\n",
        "b.txt": "1. The National Office Against Racial Discriminations (UNAR) met again.\n",
        "c.txt": "1. The National Office against Racial Discrimination reported.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(head + text, encoding="utf-8")
    out = tmp_path / "out"
    files = [tmp_path / name for name in texts]
    run_corpus(files, out, lang="en", parquet=False, duckdb=False)
    with open(out / "corpus_organizations.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["org_id"].startswith("new:")]
    expected = "new:national-office-against-racial-discrimination"
    assert [(r["doc_id"], r["org_id"], r["acronym"]) for r in rows] == [
        ("a", expected, "UNAR"),
        ("a", expected, "UNAR"),
        ("b", expected, "UNAR"),
        ("b", expected, "UNAR"),
        ("c", expected, "UNAR"),
    ]
    with open(out / "b" / "organizations.csv", encoding="utf-8", newline="") as f:
        assert {r["org_id"] for r in csv.DictReader(f)} >= {expected}


def test_gazetteer_candidates_lists_the_new_bodies_of_a_run(tmp_path, capsys):
    import yaml

    from pipeline.cli import main
    from pipeline.corpus import run_corpus

    head = "United Nations\nGeneral Assembly\n\n"
    (tmp_path / "a.txt").write_text(
        head + "1. The Italian Red Cross and the Ministry of the Interior (MOI) met.\n\n"
        "2. The Ministry of the Interior reported.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(head + "1. The MOI and UNDP met.\n", encoding="utf-8")
    out = tmp_path / "out"
    run_corpus([tmp_path / "a.txt", tmp_path / "b.txt"], out, parquet=False, duckdb=False)
    assert main(["gazetteer", "candidates", str(out), "-o", str(tmp_path / "c.yaml")]) == 0
    text = (tmp_path / "c.yaml").read_text(encoding="utf-8")
    records = yaml.safe_load(text)["organizations"]
    assert records[0] == {
        "org_id": "moi",
        "type": "national_body",
        "name_en": "Ministry of the Interior",
        "name_zh": "",
        "acronym": "MOI",
    }
    assert records[1]["org_id"] == "italian_red_cross"
    # (b's bare MOI is no mention: no definition in b)
    assert "# new:ministry-of-the-interior: 3 mentions in 1 document (a)" in text
    assert main(["gazetteer", "candidates", str(tmp_path / "absent")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_tables_rows_look_back_to_the_headings_above_them():
    """A/80/590 VII.B: the heading names the ACABQ in full, a subheading and a paragraph
    follow, then the table whose rows say `The Advisory Committee ...`: they refer to it (the
    section is their paragraph); the same words in running text three paragraphs on do not."""
    heading = "B. Advisory Committee on Administrative and Budgetary Questions"
    between = [
        "Proposed budget for the period from 1 July 2024 to 30 June 2025",
        "(A/78/744/Add.11)",
    ]
    row = "The Advisory Committee trusts that updated information will be provided."

    def read(in_table: bool) -> list[str]:
        state = DocumentState()
        find_mentions(heading, "en", state)
        state.headings.add(state.para_no)  # (what extract does after a heading)
        for text in between:
            find_mentions(text, "en", state)
        state.in_table = in_table
        return [o.org_id for _, _, o, _ in find_mentions(row, "en", state)]

    assert read(in_table=True) == ["acabq"]
    assert read(in_table=False) == []


def test_a_new_chinese_body_is_named_in_simplified_characters():
    """Its id and its name_zh are the normalized name (the gazetteer's simplified characters),
    whatever characters the text writes it in; an English name keeps its own apostrophe."""
    from pipeline.extract.organizations import find_organizations

    text = "促請它們與薩赫勒五國集團秘書處協作。"
    (m,) = [m for m in find_organizations(text, "zh") if m.org.org_id.startswith("new:")]
    assert (text[m.start : m.end], m.org.org_id, m.org.name_zh) == (
        "薩赫勒五國集團秘書處",
        "new:萨赫勒五国集团秘书处",
        "萨赫勒五国集团秘书处",
    )


def test_a_list_of_mandates_titles_its_acts():
    """A table row whose first cell numbers acts (428 (V), 50/152; 53/125, 第319 A (IV)号决议)
    lists them: its second cell is their title, where no mention is; a row numbered 1 is no
    list of acts, and the cells after the title are read."""
    from pipeline.api import extract_text
    from pipeline.extract.organizations import title_cell
    from pipeline.extract.organizations.matching import matcher

    text = (
        "1. The mandate of the Office of the United Nations High Commissioner for Refugees "
        "derives from the following resolutions.\n\n"
        "General Assembly resolutions\n\n"
        "428 (V)\tStatute of the Office of the United Nations High Commissioner for Refugees\n"
        "50/152; 53/125\tOffice of the United Nations High Commissioner for Refugees\n"
        "1\tUnited Nations Development Programme\t12\n"
    )
    orgs = extract_text(text, "en").tables["organizations"]
    table = orgs[orgs["para"] == "table"]
    assert table["org_id"].tolist() == ["undp"]
    assert "unhcr" in orgs[orgs["para"] == "1"]["org_id"].tolist()

    en, zh = matcher("en").act_cell, matcher("zh").act_cell
    assert title_cell("S/RES/1325 (2000)\tWomen and peace and security\t3", en) == (18, 46)
    assert title_cell("319 A (IV)\tRefugees and stateless persons", en) == (11, 41)
    assert title_cell("2024\tUnited Nations Development Programme", en) is None
    assert title_cell("Section 25\tUnited Nations", en) is None
    assert title_cell("第319 A (IV)号决议\t难民和无国籍人", zh) == (15, 22)
    assert title_cell("50/152；53/125\t联合国难民事务高级专员办事处", zh) == (14, 28)
    assert title_cell("2024年\t联合国开发计划署", zh) is None


def test_a_document_short_form_beats_an_alias_of_another_body_only():
    """The lexicon knows the keys only an alias gives (OHCHR's `Office of the High
    Commissioner`), not those a record names (UNGA's `General Assembly`); the short form a
    document derives from UNHCR's full name overrides the first, never the second."""
    from pipeline.extract.organizations.context import short_forms_of
    from pipeline.extract.organizations.matching import matcher
    from pipeline.segment.lexicon import lexicon

    lex = lexicon("en")
    office = "Office of the High Commissioner"
    assert lex.key(office) in lex.alias_only
    assert lex.entries[lex.key(office)].org.org_id == "ohchr"
    assert lex.key("General Assembly") not in lex.alias_only
    assert lex.key("Office of the High Commissioner for Refugees") in lex.alias_only
    assert lex.key("OHCHR") not in lex.alias_only
    full = "Office of the United Nations High Commissioner for Refugees"
    assert office in short_forms_of(full, matcher("en"))
    state = DocumentState()
    ids = [o.org_id for _, _, o, _ in find_mentions(f"Commends the {full}.", "en", state)]
    assert ids == ["unhcr"] and state.overrides == {office}
    later = find_mentions(f"Calls upon the {office} to continue.", "en", state)
    assert [(o.org_id, how) for _, _, o, how in later] == [("unhcr", "short")]
    # the body named in full later wins the form back (the latest body wins a form)
    find_mentions(
        "the Office of the United Nations High Commissioner for Human Rights", "en", state
    )
    assert office not in state.overrides
    assert [o.org_id for _, _, o, _ in find_mentions(f"the {office}", "en", state)] == ["ohchr"]
