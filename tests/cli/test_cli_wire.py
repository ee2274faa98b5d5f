"""The ``nrs-codec encode`` and ``nrs-codec decode`` sub-commands."""

from __future__ import annotations

import io
import json

from nrs_codec.cli import main


def test_encode_prints_each_part_with_its_pdu(capsys):
    assert main(["encode", "x" * 200, "--reference", "42", "--pdu", "351912345678", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["part"], r["parts"], r["udh"]) for r in rows] == [
        (1, 2, "0500032a0201"),
        (2, 2, "0500032a0202"),
    ]
    assert rows[0]["pdu"].startswith("0041000c915391214365870000a00500032a0201")
    assert rows[0]["cmgsLength"] == 13 + 140  # first octet, MR, 8 DA octets, PID, DCS, UDL; TP-UD
    assert rows[1]["shortMessage"] == "0500032a0202" + "78" * 47
    assert capsys.readouterr().err == ""


def test_a_pdu_to_a_number_without_its_country_prefix_is_warned_of(capsys):
    # 912345678 is a Portuguese mobile written the national way: as a PDU's destination it is
    # +91 (India), no valid number there. The PDU is printed as asked, and the warning says so.
    assert main(["encode", "hi", "--pdu", "912345678", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["pdu"].startswith("000100099119325476f8")
    assert err == (
        "nrs-codec encode: warning: --pdu 912345678: not a valid IN number; numbers need their country "
        "prefix (e.g. 351912345678); the PDU is addressed to +912345678 all the same\n"
    )
    # An alphanumeric destination is written as such: no number to judge.
    assert main(["encode", "hi", "--pdu", "Shop"]) == 0 and capsys.readouterr().err == ""


def test_encode_human_output_and_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("hellohello\n"))
    assert main(["encode", "-"]) == 0
    out = capsys.readouterr().out
    assert "user data      e8329bfd4697d9ec37" in out  # lower case, as the service writes hex
    assert "udh            -" in out


def test_encode_errors_are_one_line_not_a_traceback(capsys):
    assert main(["encode", "中", "--encoding", "gsm"]) == 1
    assert capsys.readouterr().err == "nrs-codec encode: cannot encode as gsm: '中' (U+4E2D) at 0\n"
    # Options out of range are usage errors (2), as argparse's own are.
    assert main(["encode", "x" * 200, "--reference", "300"]) == 2
    assert (
        "--reference must be 0 to 255 (a 8-bit concatenation reference), not 300" in capsys.readouterr().err
    )
    assert main(["encode", "hi", "--pdu", "+351 91"]) == 2
    assert "destination must be" in capsys.readouterr().err
    # An empty --pdu printed no PDU without a word; --smsc without --pdu was ignored.
    assert main(["encode", "hi", "--pdu", ""]) == 2
    assert "--pdu needs the destination number" in capsys.readouterr().err
    assert main(["encode", "hi", "--smsc", "351911000000"]) == 2
    assert "give --pdu DEST too" in capsys.readouterr().err


def test_decode(capsys):
    assert (
        main(["decode", "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", "--json"])
        == 0
    )
    row = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["address"], row["text"], row["concatenation"]) == (
        "SMS-DELIVER",
        "27838890001",
        "hellohello",
        None,
    )
    assert main(["decode", "0001000C9153912143658700000AE8329BFD4697D9EC37"]) == 0
    assert 'text               "hellohello"' in capsys.readouterr().out
    assert main(["decode", "0700"]) == 1
    assert capsys.readouterr().err.startswith("nrs-codec decode: PDU truncated: SMSC address needs 6 octets")
    # Text that is no hex at all is not a PDU with errors: what the command takes (2, as usage).
    assert main(["decode", "ZZ"]) == 2
    assert capsys.readouterr().err.startswith("nrs-codec decode: PDU is not hexadecimal text")


def test_decode_writes_half_a_surrogate_pair_escaped(capsys):
    # A UCS-2 part holding only the high half of 😀, as a sender splitting mid-pair produces.
    assert main(["decode", "000100029153000802D83D", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "\ud83d"
    assert main(["decode", "000100029153000802D83D"]) == 0
    assert 'text               "\\ud83d"' in capsys.readouterr().out


def test_decode_reads_every_tpdu_type_with_camel_case_json(capsys):
    status_report = "0006D60B911326880736F4111011719551401110117195714000"  # python-gsmmodem's tests
    assert main(["decode", status_report, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["messageReference"], row["recipient"], row["recipientType"]) == (
        "SMS-STATUS-REPORT", 214, "31628870634", "0x91",
    )  # fmt: skip
    assert row["status"] == {
        "value": 0,
        "description": "short message received by the SME",
        "category": "delivered",
    }
    assert (row["serviceCentreTime"], row["delivered"], row["final"]) == (
        "2011-01-11T17:59:15+01:00",
        True,
        True,
    )
    command = "0242AB8934049136190961" + b" command".hex()  # warthog618/sms's command vector
    assert main(["decode", command, "--no-smsc", "--direction", "ms-to-sc", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["commandType"], row["messageNumber"], row["destination"]) == (
        "SMS-COMMAND", 0x89, 0x34, "6391",
    )  # fmt: skip
    assert row["commandData"] == b"a command".hex()
    assert (
        main(["decode", "01120051507132200523", "--no-smsc", "--direction", "sc-to-ms", "--report", "error"])
        == 0
    )
    out = capsys.readouterr().out
    assert "  kind               SMS-SUBMIT-REPORT\n" in out
    assert "  failureCause       value 18, description reserved value 0x12\n" in out
    assert main(["decode", "000000", "--direction", "ms-to-sc", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["error"], row["failureCause"]) == ("SMS-DELIVER-REPORT", False, None)


def test_decode_shows_ports_and_payload_of_8bit_data(capsys):
    pdu = "0591721891F101000B917228214365F700040C48656C6C6F20776F726C6421"  # python-gsmmodem's tests
    assert main(["decode", pdu, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["alphabet"], row["text"], row["payload"]) == ("8bit", None, b"Hello world!".hex())
    assert main(["decode", "0003", "--direction", "ms-to-sc"]) == 1
    assert (
        capsys.readouterr().err == "nrs-codec decode: TP-MTI 3 is reserved: no TPDU from a handset has it\n"
    )


def test_decode_shows_a_receipt_whose_time_zone_is_odd_with_its_octets(capsys):
    receipt = "0006D60B911326880736F4" + "11101171955140" + "111011719571C2" + "00"
    assert main(["decode", receipt, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["messageReference"], row["delivered"]) == (214, True)
    assert (row["dischargeTime"], row["dischargeTimeOctets"]) == ("2011-01-11T17:59:17", "111011719571C2")
    assert "serviceCentreTimeOctets" not in row
