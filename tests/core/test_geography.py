"""Municipality code lists: leading zeros kept, validation, import command."""

import pytest
from django.core.management import CommandError, call_command

from safecommunity.core.models import Municipality


@pytest.fixture
def classification_csv(tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text(
        '"code";"name"\n"0716";"Re"\n"301";"Oslo"\n"3803";"Tønsberg"\n',
        encoding="utf-8",
    )
    return path


def test_import_municipalities_keeps_leading_zeros(db, classification_csv, capsys):
    call_command("import_municipalities", str(classification_csv))
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert codes == {"0716", "0301", "3803"}
    assert Municipality.objects.get(code="0716").county.code == "07"
    assert "3 created" in capsys.readouterr().out


def test_import_municipalities_is_idempotent(db, classification_csv):
    call_command("import_municipalities", str(classification_csv))
    call_command("import_municipalities", str(classification_csv))
    assert Municipality.objects.count() == 3


def test_import_municipalities_refuses_bad_codes_and_saves_nothing(
    db, tmp_path, capsys
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code;name\n0716;Re\nABCD;Nowhere\n12345;Too long\n", encoding="cp1252"
    )
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path))
    err = capsys.readouterr().err
    assert "row 3" in err
    assert "row 4" in err
    assert Municipality.objects.count() == 0


def test_windows_1252_names_are_decoded(db, tmp_path):
    path = tmp_path / "cp.csv"
    path.write_bytes("code;name\n0704;Tønsberg\n".encode("cp1252"))
    call_command("import_municipalities", str(path))
    assert Municipality.objects.get(code="0704").name == "Tønsberg"


def test_successor_links(municipality, other_municipality):
    municipality.successors.add(other_municipality)
    assert list(other_municipality.predecessors.all()) == [municipality]
