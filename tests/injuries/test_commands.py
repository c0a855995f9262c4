"""The command-line contracts of CONTRACTS 5."""

import pytest
from django.core.management import call_command
from django.utils import translation

from injuries.models import ImportJob, Population, Registration
from safecommunity.core.models import AuditEntry, County, Municipality
from tests.factories.core import MunicipalityFactory


@pytest.fixture
def write(tmp_path):
    def make(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return make


def test_import_injuries_succeeds_with_a_one_line_summary(
    municipality, files, write, capsys
):
    path = write("skader.csv", files.csv([files.row("1"), files.row("2")]))
    call_command("import_injuries", path)
    out = capsys.readouterr()
    assert out.out.strip().count("\n") == 0
    assert "2 rows" in out.out
    assert out.err == ""
    assert Registration.objects.count() == 2
    job = ImportJob.objects.get()
    assert job.status == "done"
    assert Registration.objects.filter(import_job=job).count() == 2
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_import_injuries_dry_run_saves_nothing(municipality, files, write, capsys):
    path = write("skader.csv", files.csv([files.row("1")]))
    call_command("import_injuries", path, "--dry-run")
    assert "dry run" in capsys.readouterr().out
    assert Registration.objects.count() == 0
    assert ImportJob.objects.count() == 0


def test_import_injuries_fails_with_one_english_line_per_problem(
    municipality, files, write, capsys
):
    rows = [files.row("1"), files.row("2", age="abc"), files.row("3", sex="Q")]
    path = write("skader.csv", files.csv(rows))
    with translation.override("nb"), pytest.raises(SystemExit) as exit_info:
        call_command("import_injuries", path)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "row 3, column age: value abc: not a whole number of years from 0 to 120",
        "row 4, column sex: value Q: use M, F (or K) or U",
    ]
    assert Registration.objects.count() == 0
    assert ImportJob.objects.count() == 0


def test_import_injuries_refuses_identity_numbers(municipality, files, write, capsys):
    data = files.csv([[*files.row("1"), "12345678901"]], header=[*files.header, "fnr"])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_injuries", write("x.csv", data))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "row 1, column fnr" in err
    assert "12345678901" not in err


SSB_07459 = """"region";"kjønn";"alder";"år";"07459: Alders- og kjønnsfordeling for kommuner, fylker og hele landets befolkning (K) 1986 - 2024"
"0716 Re";"1 Menn";"000 0 år";"2019";51
"0716 Re";"2 Kvinner";"000 0 år";"2019";48
"0716 Re";"1 Menn";"025 25 år";"2019";61
"0716 Re";"2 Kvinner";"105 105 år eller eldre";"2019";1
"0716 Re";"1 Menn";"025 25 år";"2020";".."
"""

SCB_BE0101N1 = """"region","ålder","kön","2019","2020"
"0780 Växjö","25 år","män",812,830
"0780 Växjö","25 år","kvinnor",799,801
"0780 Växjö","100+ år","kvinnor",14,15
"""


def test_import_population_reads_statistics_norway_07459(db, write, capsys):
    re = Municipality.objects.get(country__code="NO", code="0716")  # the national map
    call_command("import_population", write("07459.csv", SSB_07459.encode("utf-8")))
    assert "4 population figures" in capsys.readouterr().out
    figures = {
        (p.year, p.sex, p.age): p.count
        for p in Population.objects.filter(municipality=re)
    }
    assert figures == {
        (2019, "M", 0): 51,
        (2019, "F", 0): 48,
        (2019, "M", 25): 61,
        (2019, "F", 105): 1,
    }
    call_command("import_population", write("07459.csv", SSB_07459.encode("utf-8")))
    assert Population.objects.count() == 4  # loading twice replaces


def test_import_population_reads_scb_be0101n1_in_windows_1252(db, write, capsys):
    vaxjo = Municipality.objects.get(country__code="SE", code="0780")
    MunicipalityFactory(
        code="0780", county=County.objects.get(country__code="NO", code="07")
    )  # a Norwegian twin
    call_command("import_population", write("be.csv", SCB_BE0101N1.encode("cp1252")))
    assert Population.objects.filter(municipality=vaxjo).count() == 6
    assert (
        Population.objects.get(municipality=vaxjo, year=2020, sex="M", age=25).count
        == 830
    )
    assert (
        Population.objects.get(municipality=vaxjo, year=2019, sex="F", age=100).count
        == 14
    )


def test_import_population_fails_for_an_unknown_municipality(db, write, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_population",
            write("07459.csv", SSB_07459.replace("0716 Re", "3998 Ukjent").encode()),
        )
    assert exit_info.value.code == 1
    assert "3998" in capsys.readouterr().err
    assert Population.objects.count() == 0


def test_generate_injuries_is_realistic_and_reproducible(municipality, capsys):
    call_command("generate_injuries", "--rows", "3000", "--seed", "7")
    assert "3000 synthetic registrations" in capsys.readouterr().out
    rows = list(Registration.objects.values_list("age", "mechanism", "activity"))
    assert len(rows) == 3000
    old = [r for r in rows if r[0] >= 65]
    young = [r for r in rows if 5 <= r[0] <= 24]
    old_falls = sum(r[1] in {"F1", "F2"} for r in old) / len(old)
    young_falls = sum(r[1] in {"F1", "F2"} for r in young) / len(young)
    young_sport = sum(r[2].startswith("sport") for r in young) / len(young)
    old_sport = sum(r[2].startswith("sport") for r in old) / len(old)
    assert old_falls > 0.5 > young_falls
    assert young_sport > 0.3 > old_sport
    first = sorted(Registration.objects.values_list("injury_date", "age", "place"))
    Registration.objects.all().delete()
    call_command("generate_injuries", "--rows", "3000", "--seed", "7")
    again = sorted(Registration.objects.values_list("injury_date", "age", "place"))
    assert first == again
