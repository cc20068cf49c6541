#!/usr/bin/env python3
"""fill-workbook.py IN OUT CELL=VALUE... -- type values into empty cells of the
first sheet of a workbook cloudrisk wrote, as a person would in a
spreadsheet (inline strings), for the command-line tests."""
import re
import sys
import zipfile

src, dst, assignments = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            text = data.decode()
            for a in assignments:
                ref, value = a.split("=", 1)
                value = value.replace("&", "&amp;").replace("<", "&lt;")
                pattern = r'<c r="%s"( s="\d+")?/>' % ref
                if not re.search(pattern, text):
                    sys.exit("fill-workbook.py: no empty cell " + ref)
                text = re.sub(pattern, lambda m: '<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>'
                              % (ref, m.group(1) or "", value), text)
            data = text.encode()
        zout.writestr(item, data)
