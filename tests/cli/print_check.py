#!/usr/bin/env python3
"""print_check.py -- checks on a report printed to PDF by headless Chromium.

  print_check.py headings FILE.pdf FILE.html
      No page ends with a heading: for every page but the last, the last line
      of text (page numbers and the running document number left out) must
      not be one of the HTML's <h1>/<h2>/<h3> headings.
  print_check.py coverage FILE.pdf
      Every character of the PDF's text is in the character set of a font
      installed on this machine (fc-list), so none was drawn as a box.

Text comes from pdftotext (poppler-utils).  Exit 0 when the check holds, 1
with the offending lines on standard error otherwise.
"""
import html
import re
import subprocess
import sys


def pdf_pages(pdf):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def norm(s):
    return re.sub(r"\s+", "", s)


def headings(pdf, page):
    src = open(page, encoding="utf-8").read()
    heads = set()
    for m in re.finditer(r"<h[123][^>]*>(.*?)</h[123]>", src, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        if norm(text):
            heads.add(norm(text))
    pages = pdf_pages(pdf)
    running = re.compile(r"^(\d+ / \d+|(Document No\.|文書番号) .*)$")
    bad = []
    for n, p in enumerate(pages[:-1], 1):
        lines = [l.strip() for l in p.splitlines() if l.strip()]
        lines = [l for l in lines if not running.match(l)]
        if not lines:
            continue
        last = norm(lines[-1])
        # A heading may wrap over two lines: try the last two together.
        last2 = norm("".join(lines[-2:])) if len(lines) > 1 else last
        if last in heads or last2 in heads:
            bad.append("page %d of %d ends with the heading '%s'" % (n, len(pages), lines[-1]))
    for b in bad:
        print(b, file=sys.stderr)
    return 1 if bad else 0


def parse_charset(spec, cover):
    for part in spec.split():
        if "-" in part:
            a, b = part.split("-")
            cover.append((int(a, 16), int(b, 16)))
        else:
            cover.append((int(part, 16), int(part, 16)))


def coverage(pdf):
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    ranges = []
    for line in out.splitlines():
        parse_charset(line, ranges)
    ranges.sort()
    merged = []
    for a, b in ranges:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    import bisect
    starts = [a for a, _ in merged]

    def covered(cp):
        i = bisect.bisect_right(starts, cp) - 1
        return i >= 0 and merged[i][0] <= cp <= merged[i][1]

    missing = sorted({c for p in pdf_pages(pdf) for c in p
                      if not c.isspace() and ord(c) > 0x20 and not covered(ord(c))})
    if missing:
        print("no installed font has: " + " ".join("%s (U+%04X)" % (c, ord(c)) for c in missing),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "headings":
        sys.exit(headings(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 3 and sys.argv[1] == "coverage":
        sys.exit(coverage(sys.argv[2]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
