"""Cutting campaign files into partitions: every cut at a record boundary, every partition's rows
numbered as a check of the whole file numbers them (``partitions``), without a cluster; and the
files a check is given (``files``)."""

from __future__ import annotations

import json
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from campaign_files import run, write

from nrs_codec.campaign import csv_cut
from nrs_codec.campaign.check import check_part, load_price_table, run_check, settings_of
from nrs_codec.campaign.errors import CheckError
from nrs_codec.campaign.files import expand, named_as_set
from nrs_codec.campaign.output import Writer
from nrs_codec.campaign.partitions import cut, parquet_partitions, row_groups, scan, splits

PIECES = ["x", ",", "\n", "\r\n", "\r", '"', '""', " ", "ç", "😀"]


def _field(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:  # quoted, with delimiters, line breaks and doubled quotes inside
        inner = rng.choices(["x", ",", "\n", '""', "\r\n", "é", " ", "\n\n"], k=rng.randint(0, 8))
        return '"' + "".join(inner) + '"'
    if r < 0.6:  # anything, quotes in the middle of a field among it
        return "".join(rng.choices(PIECES, k=rng.randint(0, 4)))
    return "".join(rng.choices("ab 1", k=rng.randint(0, 5)))


def random_csv(rng: random.Random, delimiter: str = ",") -> str:
    """Records of 1 to 3 fields (the header has 2), quoted or not; with another ``delimiter``,
    the commas are characters like any."""
    lines = [f"id{delimiter}message"]
    for _ in range(rng.randint(0, 30)):
        fields = [
            _field(rng).replace(",", rng.choice([",", delimiter])) for _ in range(rng.choice([2, 2, 2, 1, 3]))
        ]
        lines.append(delimiter.join(fields))
        if rng.random() < 0.1:
            lines.append("")
    sep = rng.choice(["\n", "\r\n"])
    return sep.join(lines) + (sep if rng.random() < 0.8 else "")


def partitioned(path, fmt, size: int, **options):
    """The report and output rows of a check partition by partition, and the partitions."""
    settings = settings_of([str(path)], **options)
    offsets = splits(str(path), None, None, size)
    if fmt == "parquet":
        partitions = parquet_partitions(0, row_groups(str(path), size))
    else:
        delimiter = options.get("delimiter", ",")
        partitions = cut(0, [scan(str(path), None, delimiter, *piece) for piece in offsets], csv=fmt == "csv")
    report = settings.report()
    out = path.parent / "parts.parquet"
    writer = Writer(str(out))
    for partition in partitions:
        check_part(settings, partition.file, partition.span, report, writer, lambda position: None)
    writer.commit(settings.schema())
    return report, pq.read_table(out), partitions


def whole(path, **options):
    out = path.parent / "whole.parquet"
    report = run_check(str(path), output=str(out), **options)
    return report, pq.read_table(out)


@pytest.mark.parametrize(("seed", "delimiter"), [(0, ","), (1, ","), (2, ","), (3, ";"), (4, "\t")])
@pytest.mark.parametrize("cut", [False, True])
def test_random_csv_cut_anywhere_reads_as_the_whole_file(tmp_path, monkeypatch, seed, delimiter, cut):
    # With ``cut``, each partition is read on in blocks cut by ``csv_cut`` from its first
    # malformed row (a third of the rows here), as a partition of many would be.
    rng = random.Random(seed)
    split = 0
    for _ in range(60):
        path = tmp_path / "f.csv"
        path.write_bytes(random_csv(rng, delimiter).encode())
        size = rng.randint(3, 40)
        try:
            want = whole(path, delimiter=delimiter)
        except CheckError as exc:  # a quote left open: the same error, the file read whole
            with pytest.raises(CheckError) as got:
                partitioned(path, "csv", size, delimiter=delimiter)
            assert str(got.value) == str(exc)
            continue
        monkeypatch.setattr(csv_cut, "CUT_AFTER", 0 if cut else csv_cut.CUT_AFTER)
        report, table, partitions = partitioned(path, "csv", size, delimiter=delimiter)
        monkeypatch.undo()
        split += len(partitions) > 1
        assert report.to_dict() == want[0].to_dict()
        assert table.equals(want[1])
    assert split > 30


def test_cuts_inside_quoted_line_breaks_move_to_the_record_end(tmp_path):
    path = tmp_path / "c.csv"
    rows = [f'{i},"line one\nline two, ""quoted""\r\n\nend {i}"' for i in range(200)]
    path.write_text("id,message\n" + "\n".join(rows) + "\n", newline="")
    report, table, partitions = partitioned(path, "csv", 100)
    data = path.read_bytes()
    assert len(partitions) > 60
    # Each partition starts a record: just after a line break that ends a row.
    assert all(data[p.span.start - 2 : p.span.start] == b'"\n' for p in partitions[1:])
    assert all(data[p.span.start : p.span.start + 1].isdigit() for p in partitions[1:])
    assert [p.span.first_row for p in partitions] == sorted({p.span.first_row for p in partitions})
    assert table.column("row").to_pylist() == list(range(1, 201))
    assert report.to_dict() == whole(path)[0].to_dict()


def test_json_lines_cut_at_line_breaks(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"message": f"olá {i}\n😀"}) for i in range(300)]
    lines[10:10] = ["", "   ", "{bad"]
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")  # a byte order mark, no final newline
    report, table, partitions = partitioned(path, "jsonl", 500)
    assert len(partitions) > 10
    want = whole(path)
    assert report.to_dict() == want[0].to_dict() and table.equals(want[1])


def test_parquet_row_groups(tmp_path):
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"message": [f"m{i} ç" for i in range(1000)]}), path, row_group_size=300)
    report, table, partitions = partitioned(path, "parquet", 1)
    assert [p.span.row_groups for p in partitions] == [(0,), (1,), (2,), (3,)]
    want = whole(path)
    assert report.to_dict() == want[0].to_dict() and table.equals(want[1])
    assert len(parquet_partitions(0, row_groups(str(path), 1 << 30))) == 1  # all groups in one


def test_compressed_and_transcoded_files_are_read_whole(tmp_path):
    assert splits(str(tmp_path / "a.csv.gz"), None, None, 1) == []
    plain = tmp_path / "a.csv"
    plain.write_text("message\n" + "hello\n" * 100)
    assert splits(str(plain), None, "cp1252", 1) == []
    assert splits(str(plain), None, None, 1 << 20) == []
    size = plain.stat().st_size
    pieces = splits(str(plain), None, None, 100)
    assert len(pieces) == -(-size // 100) and pieces[0][0] == 0 and pieces[-1][1] == size
    assert all(a[1] == b[0] for a, b in zip(pieces[:-1], pieces[1:], strict=True))  # end to end
    assert {stop - begin for begin, stop in pieces[:-1]} == {87}  # of one size: none left short


def test_expand_directories_globs_and_files(tmp_path):
    night = tmp_path / "night"
    night.mkdir()
    for name in ("b.csv", "a.jsonl.gz", "c.parquet", "notes.md", ".hidden.csv", "README.txt", "d.txt.gz"):
        (night / name).write_text("x")
    (night / "sub.csv").mkdir()
    assert expand([str(night)]) == [str(night / n) for n in ("a.jsonl.gz", "b.csv", "c.parquet")]
    assert expand([str(night / "README.txt")]) == [str(night / "README.txt")]  # named: read as CSV
    assert expand([str(night / "*.csv")]) == [str(night / "b.csv")]
    assert expand(["missing.csv"]) == ["missing.csv"]  # the check says it is missing
    with pytest.raises(CheckError, match="no file matches"):
        expand([str(night / "*.tsv")])
    with pytest.raises(CheckError, match="named twice"):
        expand([str(night), str(night / "b.csv")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CheckError, match="no campaign file"):
        expand([str(empty)])
    # A campaign file whose link is broken is said missing, not left out of the night; a file
    # reached twice, through a link to it or to its directory, is refused as a file named twice.
    (night / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    assert expand([str(night / "*.csv")]) == [str(night / "b.csv"), str(night / "gone.csv")]
    (tmp_path / "tonight").symlink_to(night)
    with pytest.raises(CheckError, match="is the file .* again"):
        expand([str(night / "b.csv"), str(tmp_path / "tonight" / "b.csv")])
    same = str(night / "b.csv")  # one name object twice, as a Python caller may pass it
    with pytest.raises(CheckError, match="named twice"):
        expand([same, same])
    # Two broken links to one missing file: each is said missing by the check, not a repeat. A
    # broken link whose name reads as a glob is a name, too: expanded again, the same names.
    (night / "gone2.csv").symlink_to(tmp_path / "nowhere.csv")
    (night / "gone[3].csv").symlink_to(tmp_path / "nowhere.csv")
    gone = [str(night / n) for n in ("gone.csv", "gone2.csv", "gone[3].csv")]
    assert expand([str(night / "gone*.csv")]) == gone and expand(gone) == gone
    assert not named_as_set([gone[2]])
    # A set of files, whatever it holds tonight: several names, a directory, a glob.
    assert not named_as_set([str(night / "b.csv")]) and not named_as_set(["missing.csv"])
    assert named_as_set([str(night)]) and named_as_set([str(night / "*.csv")])
    assert named_as_set([str(night / "b.csv"), str(night / "c.parquet")])


def test_a_night_directory_leaves_out_the_price_table_kept_in_it(tmp_path, capsys):
    # The night's campaigns and the price table in one directory: the table is not read as a
    # campaign (it has no message column), by a directory or a glob, on the command line and from
    # Python; named as a campaign file, it is one, as asked.
    night = tmp_path / "night"
    night.mkdir()
    write(night / "a.csv", "to,message\n351912345678,Olá\n")
    prices = write(night / "prices.csv", "destination,price,currency\nPT,0.005,EUR\n")
    assert (
        expand([str(night)], str(prices))
        == expand([str(night / "*.csv")], str(prices))
        == [str(night / "a.csv")]
    )
    assert expand([str(prices)], str(prices)) == [str(prices)]
    report = run_check(str(night), to_column="to", prices=load_price_table(str(prices)))
    assert report.rows == 1 and report.to_dict()["files"] == [str(night / "a.csv")]
    status, out, _ = run(capsys, night, "--to-column", "to", "--prices", prices, "--json")
    assert status == 0 and json.loads(out)["files"] == [str(night / "a.csv")]
    # Nor is it an output from Python, as the command refuses it.
    with pytest.raises(CheckError, match="is the --prices table itself"):
        run_check(str(night), to_column="to", prices=load_price_table(str(prices)), output=str(prices))
    assert prices.read_text().startswith("destination,price,currency")


@pytest.mark.parametrize("after", ["", "\n\n  \n", '\n{"message": "a"}\n'])
def test_a_first_line_too_long_of_lone_crs_is_judged_as_in_one_process(tmp_path, monkeypatch, after):
    # The file's error where nothing but blanks follows it, however the file is cut (a first
    # partition that ends with it reads on to see); else that row's error.
    monkeypatch.setattr(csv_cut.blocks, "MAX_ROW_BYTES", 1000)
    line = "\r".join(json.dumps({"message": f"m {i}"}) for i in range(100)) + "\r"
    path = write(tmp_path / "mac.jsonl", line + after)

    def read(size):  # the whole file, or partitions the first of which ends with that line
        if size is None:
            return whole(path)[0]
        report, _, partitions = partitioned(path, "jsonl", size)
        assert len(partitions) == (2 if after else 1)
        return report

    for size in (None, len(line) - 10):
        if after.strip():
            report = read(size)
            assert report.rows == 2 and report.to_dict()["errors"]["422"]["rows"] == 1
        else:
            with pytest.raises(CheckError, match="the lines end with a lone CR"):
                read(size)


def test_a_glob_that_matches_nothing_names_the_directory_it_lies_in(tmp_path):
    # A nightly job's glob over a directory not made yet: the directory is named, not only "no
    # file matches", wherever the first character of the glob lies after it.
    (tmp_path / "night").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    for pattern, said in [
        ("missing/*.csv", r"no such directory .*missing$"),
        ("missing/deeper/*/a.csv", r"no such directory .*missing$"),
        ("notes.txt/*.csv", r"notes.txt is not a directory$"),
        ("night/*.csv", r"night/\*.csv: no file matches$"),  # the directory is there
        ("night/[ab]/c.csv", r"no file matches$"),
    ]:
        with pytest.raises(CheckError, match=said):
            expand([str(tmp_path / pattern)])


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_a_bad_byte_in_a_later_partition_is_the_whole_files_error(tmp_path, fmt, mark):
    # With a UTF-8 byte order mark, the hint that the mark was put on text of another encoding
    # comes from a later partition too, which reads the file's first bytes for it.
    if fmt == "csv":
        rows = [b"id,message"] + [b'%d,"linha\n%d \xc3\xa7"' % (i, i) for i in range(300)]
    else:
        rows = [json.dumps({"message": f"linha {i} ç"}).encode() for i in range(300)]
    rows[250] = rows[250].replace(b"linha", b"caf\xe9")
    path = tmp_path / f"bad.{fmt}"
    path.write_bytes(mark + b"\n".join(rows) + b"\n")
    with pytest.raises(CheckError) as one:
        whole(path)
    with pytest.raises(CheckError) as parts:
        partitioned(path, fmt, 512)
    row = 250 if fmt == "csv" else 251  # CSV's first line is its header
    assert str(parts.value) == str(one.value) and f"row {row}: byte 0xe9" in str(one.value)
    assert ("which leaves the mark out" in str(one.value)) == bool(mark)
