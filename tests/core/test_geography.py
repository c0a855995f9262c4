"""Municipality code lists: leading zeros kept, validation, import command."""

import pytest
from django.core.management import CommandError, call_command

from safecommunity.core.models import Municipality


def _get(country, code):
    return Municipality.objects.get(country__code=country, code=code)


@pytest.fixture
def classification_csv(tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text(
        '"code";"name"\n"0716";"Re"\n"301";"Oslo"\n"3912";"Nykommune"\n'
        '"9999";"Uoppgitt"\n',
        encoding="utf-8",
    )
    return path


def test_import_municipalities_keeps_leading_zeros(db, classification_csv, capsys):
    count = Municipality.objects.count()
    call_command("import_municipalities", str(classification_csv))
    assert "1 created, 2 updated" in capsys.readouterr().out
    assert Municipality.objects.count() == count + 1
    assert _get("NO", "0301").name == "Oslo"
    new = _get("NO", "3912")
    assert new.name == "Nykommune"
    assert new.county.code == "39"
    assert new.county.name == "Vestfold"  # today's county 39, not a new one
    assert not Municipality.objects.filter(code="9999").exists()


def test_import_municipalities_is_idempotent(db, classification_csv):
    call_command("import_municipalities", str(classification_csv))
    count = Municipality.objects.count()
    call_command("import_municipalities", str(classification_csv))
    assert Municipality.objects.count() == count


def test_import_municipalities_refuses_bad_codes_and_saves_nothing(
    db, tmp_path, capsys
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code;name\n3912;Nykommune\nABCD;Nowhere\n12345;Too long\n", encoding="cp1252"
    )
    count = Municipality.objects.count()
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path))
    err = capsys.readouterr().err
    assert "row 3" in err
    assert "row 4" in err
    assert Municipality.objects.count() == count


def test_windows_1252_names_are_decoded(db, tmp_path):
    path = tmp_path / "cp.csv"
    path.write_bytes("code;name\n3912;Nøtterøy\n".encode("cp1252"))
    call_command("import_municipalities", str(path))
    assert _get("NO", "3912").name == "Nøtterøy"


def test_a_swedish_list_changes_only_swedish_municipalities(db, tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text("code,name\n0127,Botkyrka kommun\n", encoding="utf-8")
    call_command("import_municipalities", str(path), "--country", "SE")
    assert _get("SE", "0127").name == "Botkyrka kommun"
    assert _get("NO", "0127").name == "Skiptvet"


def test_successor_links(municipality, other_municipality):
    municipality.successors.add(other_municipality)
    assert list(other_municipality.predecessors.all()) == [municipality]
