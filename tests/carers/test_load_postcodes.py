"""load_postcodes reads Ordnance Survey Code-Point Open CSV files: no header, ten columns."""

import pytest
from django.core.management import CommandError, call_command

from sharedlives import geo
from sharedlives.reference.models import Postcode

GOOD_AND_BAD = """\
"NS1 1AA",10,430500,521000,"E92000001","E19000001","E18000001","E10000001","E07000001","E05000001"
"NS12AB",10,430850,520730,"E92000001","E19000001","E18000001","E10000001","E07000001","E05000001"
"not a postcode",10,1,1,"E92000001","","","","",""
"NS1 3BD",10,east,521000,"E92000001","","","","",""
"NS1 4EF",90,0,0,"E92000001","","","","",""
"NS1  5GH",10,431900,519900,"E92000001","","","","",""
"NS1 6JL",10
"NS2 1AA",10,999999,520000,"E92000001","","","","",""
"NS2 2BB",20,436000,522500,"E92000001","","","","",""
"""


def _write(tmp_path, text, name="ns.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(capsys, *paths, **options):
    call_command("load_postcodes", *[str(p) for p in paths], **options)
    return capsys.readouterr()


def test_good_rows_are_loaded_and_normalised(db, tmp_path, capsys):
    _load(capsys, _write(tmp_path, GOOD_AND_BAD))
    rows = list(Postcode.objects.values_list("postcode", "district", "easting", "northing"))
    assert rows == [
        ("NS1 1AA", "NS1", 430500, 521000),
        ("NS1 2AB", "NS1", 430850, 520730),
        ("NS1 5GH", "NS1", 431900, 519900),
        ("NS2 2BB", "NS2", 436000, 522500),
    ]


def test_bad_rows_are_reported_with_their_line_number_and_skipped(db, tmp_path, capsys):
    out = _load(capsys, _write(tmp_path, GOOD_AND_BAD))
    errors = out.err.splitlines()
    assert errors == [
        "ns.csv line 3: 'not a postcode' is not a UK postcode; skipped.",
        "ns.csv line 4: eastings and northings must be whole numbers, found 'east' and '521000'; skipped.",
        "ns.csv line 5: NS1 4EF has no grid reference (positional quality 90); skipped.",
        "ns.csv line 7: expected at least 4 columns, found 2; skipped.",
        "ns.csv line 8: 999999, 520000 is outside the National Grid; skipped.",
    ]
    assert "Loaded 4 postcodes" in out.out and "skipped 5 bad rows" in out.out


def test_running_again_updates_rather_than_duplicates(db, tmp_path, capsys):
    path = _write(tmp_path, GOOD_AND_BAD)
    _load(capsys, path)
    _load(capsys, path)
    assert Postcode.objects.count() == 4
    moved = _write(tmp_path, '"NS1 1AA",10,430600,521100,"E92000001","","","","",""\n', name="moved.csv")
    _load(capsys, moved)
    assert Postcode.objects.count() == 4
    assert Postcode.objects.values_list("easting", "northing").get(postcode="NS1 1AA") == (430600, 521100)


def test_a_postcode_twice_in_one_batch_keeps_the_later_row(db, tmp_path, capsys):
    text = '"NS1 1AA",10,1000,2000\n"NS1 1AA",10,3000,4000\n'
    _load(capsys, _write(tmp_path, text), batch_size=10)
    assert Postcode.objects.values_list("easting", "northing").get() == (3000, 4000)


def test_big_files_are_written_in_batches_and_report_progress(db, tmp_path, capsys, monkeypatch):
    from sharedlives.reference.management.commands import load_postcodes

    monkeypatch.setattr(load_postcodes, "PROGRESS_EVERY", 100)
    # 250 different postcodes, NS1 0AA to NS1 9KC.
    postcodes = [f"NS1 {n % 10}{'ABCDEFGHJK'[n // 10 % 10]}{'ABCD'[n // 100]}" for n in range(250)]
    rows = "".join(f'"{pc}",10,{400000 + n},{500000 + n}\n' for n, pc in enumerate(postcodes))
    out = _load(capsys, _write(tmp_path, rows), batch_size=40)
    assert Postcode.objects.count() == 250
    assert "ns.csv: 100 lines read" in out.out and "ns.csv: 200 lines read" in out.out
    assert "Loaded 250 postcodes" in out.out


def test_several_files_at_once_and_a_missing_file_is_an_error(db, tmp_path, capsys):
    first = _write(tmp_path, '"NS1 1AA",10,1000,2000\n', name="ns.csv")
    second = _write(tmp_path, '"RV1 1AA",10,3000,4000\n', name="rv.csv")
    _load(capsys, first, second)
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"NS1 1AA", "RV1 1AA"}
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_postcodes", str(tmp_path / "nowhere.csv"))


def test_loaded_postcodes_give_coordinates_and_district_averages(db, tmp_path, capsys):
    _load(capsys, _write(tmp_path, GOOD_AND_BAD))
    assert geo.coordinates_for("ns1 1aa") == (430500, 521000)
    # An unknown postcode in a known district gets the district's average.
    assert geo.coordinates_for("NS1 9ZZ") == (
        round((430500 + 430850 + 431900) / 3),
        round((521000 + 520730 + 519900) / 3),
    )
    assert geo.coordinates_for("ZZ9 9ZZ") is None
