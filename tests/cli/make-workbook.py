#!/usr/bin/env python3
"""make-workbook.py KIND OUT -- write a small XLSX checklist that is broken in
one way, for the command-line tests of the workbook reader.

KIND: good, formula, merged, missing-sheet, bomb, doctype, entity, dropdown,
decisions-dates.  The workbook is made of the few parts a reader needs (package
relationships, workbook, its relationships, one sheet), with inline strings.
"""
import sys
import zipfile

HEADER = ["id", "level", "basic", "risks", "title_en", "text_ja", "status",
          "effectiveness", "evidence", "owner", "cost_one_off", "cost_annual"]
ROW = ["1.1.1", "control", "yes", "CR03", "Policy", "x", "implemented", "0.5",
       "doc", "CISO", "1500000", "0"]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def col(i):
    return chr(ord("A") + i)


def cell(ref, value):
    if value.startswith("="):
        return '<c r="%s"><f>%s</f><v>0.5</v></c>' % (ref, value[1:])
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, value)


def sheet_xml(rows, extra="", prolog=""):
    body = []
    for r, row in enumerate(rows, 1):
        cells = "".join(cell("%s%d" % (col(i), r), v) for i, v in enumerate(row) if v != "")
        body.append('<row r="%d">%s</row>' % (r, cells))
    return ('<?xml version="1.0" encoding="UTF-8"?>%s<worksheet xmlns="%s">'
            "<sheetData>%s</sheetData>%s</worksheet>" % (prolog, NS, "".join(body), extra))


STYLES = ('<?xml version="1.0"?><styleSheet xmlns="%s"><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3">'
          '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>' % NS)


def write(out, sheet, name="Checklist", styles=None):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType='
                   '"application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="%ssheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                   '"%sworksheet+xml"/></Types>' % (ct, ct))
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                   '.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>' % RNS)
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="%s" xmlns:r="%s"><sheets>'
                   '<sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
                   % (NS, RNS, name))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                   '.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/'
                   'worksheet" Target="worksheets/sheet1.xml"/>%s</Relationships>'
                   % (RNS, '<Relationship Id="rId2" Type="%s/styles" Target="styles.xml"/>' % RNS
                      if styles else ""))
        if styles:
            z.writestr("xl/styles.xml", styles)
        if isinstance(sheet, bytes):
            info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, sheet, compresslevel=9)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    rows = [HEADER, list(ROW)]
    if kind == "good":
        write(out, sheet_xml(rows))
    elif kind == "formula":
        rows[1][7] = "=1/2"
        write(out, sheet_xml(rows))
    elif kind == "merged":
        write(out, sheet_xml(rows, '<mergeCells count="1"><mergeCell ref="I2:J2"/></mergeCells>'))
    elif kind == "missing-sheet":
        write(out, sheet_xml(rows), name="Sheet1")
    elif kind == "bomb":
        # 80 MiB of blanks inside the sheet: deflates to about 80 KB.
        text = sheet_xml(rows).encode()
        cut = text.index(b"</worksheet>")
        write(out, text[:cut] + b" " * (80 << 20) + text[cut:])
    elif kind == "doctype":
        lol = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        rows[1][8] = "&b;"
        write(out, sheet_xml(rows, prolog=lol))
    elif kind == "entity":
        ext = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        rows[1][8] = "&x;"
        write(out, sheet_xml(rows, prolog=ext))
    elif kind == "decisions-dates":
        # Dates typed as dates: serial 45757 is 2025-04-10, in a built-in
        # date format (14) and in a Japanese custom one (164).
        head = ["id", "decision", "by", "date", "note"]
        rows = [head, ["plan", "承認", "CISO", "", ""], ["CR01", "approved", "CISO", "", ""]]
        text = sheet_xml(rows)
        text = text.replace('<c r="C2"', '<c r="D2" s="1"><v>45757</v></c><c r="C2"')
        text = text.replace('<c r="C3"', '<c r="D3" s="2"><v>45757</v></c><c r="C3"')
        # cells in column order
        text = text.replace('<c r="D2" s="1"><v>45757</v></c><c r="C2" t="inlineStr"><is><t>CISO</t></is></c>',
                            '<c r="C2" t="inlineStr"><is><t>CISO</t></is></c><c r="D2" s="1"><v>45757</v></c>')
        text = text.replace('<c r="D3" s="2"><v>45757</v></c><c r="C3" t="inlineStr"><is><t>CISO</t></is></c>',
                            '<c r="C3" t="inlineStr"><is><t>CISO</t></is></c><c r="D3" s="2"><v>45757</v></c>')
        write(out, text, name="Decisions", styles=STYLES)
    elif kind == "dropdown":
        rows[1][6] = "maybe"
        write(out, sheet_xml(rows))
    else:
        sys.exit("make-workbook.py: unknown kind " + kind)


main()
