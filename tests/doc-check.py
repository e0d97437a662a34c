#!/usr/bin/env python3
"""Checks of the report document writers (include/spotcheck/doc.h).

  doc-check.py html BUILD SVG      the sample report (zh and en, with the chart
                                   SVG) is well-formed XML and self-contained
  doc-check.py hostile BUILD       hostile texts read back unchanged from the
                                   HTML (a strict XML parser), and the file is
                                   self-contained
  doc-check.py pandoc BUILD        the same texts read back from the Markdown
                                   through pandoc (markdown and gfm readers);
                                   exit 77 without pandoc
  doc-check.py file FILE.html      one file: well-formed and self-contained

The expected text comes from contract 2, implemented here again on its own:
control characters become a space, each byte of invalid UTF-8 U+FFFD.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HOSTILE = [
    b'say "hi" & \'bye\'',
    b"<script>alert(1)</script>",
    b"</table></td></tr><tr><td>x",
    b"`code` ``x`` ```",
    b"a | b || c",
    b"line1\nline2\r\nline3",
    b"bad \xff\xfe \xe4\xb8 end \xef\xbf\xbe",
    b"ctl \x01\x07\x1b[31m\x7f\xc2\x85 x",
    b"&amp; &lt;b&gt; &#x41;",
    b"<!-- c --> <![CDATA[ x ]]>",
    b"*em* **strong** _u_ ~~s~~ ^sup^ ~sub~",
    b"1. not a list",
    b"- not a list",
    b"+ not a list",
    b"# not a heading",
    b"[link](http://evil.example/x.js) ![i](x.png) <http://evil.example/>",
    b"$x^2$ \\(y\\) \\\\ \\",
    b"title {#id .class} {-}",
    b"a -- b --- c ... d",
    b":smile: 10:30 Term: def",
    b"Table: caption",
    b"table: caption ../x",
    b"(a) b",
    b"iv. roman",
    b"   leading and trailing   ",
    "合格率“95%”（p<0.05）".encode(),
    b"",
]


def clean(data):
    """Contract 2: controls -> ' ', invalid bytes and U+FFFE/U+FFFF -> U+FFFD."""
    out, i = [], 0
    while i < len(data):
        for n in (1, 2, 3, 4):
            try:
                char = data[i:i + n].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                break
        else:
            char, n = "\ufffd", 1
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            char = " "
        elif code in (0xFFFE, 0xFFFF):
            char = "\ufffd"
        out.append(char)
        i += n
    return "".join(out)


def fail(message):
    print("doc-check: " + message, file=sys.stderr)
    sys.exit(1)


CSS_URL = re.compile(r"url\(\s*(?!['\"]?(#|data:))", re.I)
BAD_ELEMENTS = {"script", "iframe", "object", "embed", "link", "img", "base", "frame",
                "audio", "video", "source", "image", "foreignobject", "meta-refresh"}


def self_contained(path, raw_checks):
    """Well-formed XML, no script, no reference outside the file."""
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")  # strict: the file is UTF-8
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        fail(f"{path}: not well-formed: {error}")
    if root.tag != "html" or root.find("head/style") is None:
        fail(f"{path}: no <html> with <head><style>")
    if not text.startswith("<!DOCTYPE html>\n") or '<meta charset="utf-8"/>' not in text:
        fail(f"{path}: no DOCTYPE or charset")
    for element in root.iter():
        tag = element.tag.lower()
        if tag in BAD_ELEMENTS:
            fail(f"{path}: a <{tag}> element")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name in ("src", "srcset", "data", "action", "poster"):
                fail(f"{path}: attribute {name}={value!r}")
            if name.endswith("href") and not value.startswith("#"):
                fail(f"{path}: {name}={value!r} points outside the file")
            if CSS_URL.search(value):
                fail(f"{path}: url() to outside in {name}={value!r}")
    for style in root.iter("style"):
        if "@import" in style.text or CSS_URL.search(style.text):
            fail(f"{path}: @import or url() in <style>")
    if raw_checks:  # the brief's plain-text rules: for files whose texts hold no URL
        for needle in ("http", "src=", "@import", "<script"):
            if needle in text.lower():
                fail(f"{path}: contains {needle!r}")
        for match in re.finditer(r"href=(['\"])(.)", text):
            if match.group(2) != "#":
                fail(f"{path}: href to outside at offset {match.start()}")
        if CSS_URL.search(text):
            fail(f"{path}: url() to outside")


def run(build, *args):
    result = subprocess.run([os.path.join(build, "doc_sample"), *args])
    if result.returncode != 0:
        fail("doc_sample " + " ".join(args) + " failed")


def write_hostile(tmp, texts):
    hex_path = os.path.join(tmp, "hostile.hex")
    with open(hex_path, "w") as out:
        for data in texts:
            out.write(data.hex() + "\n")
    return hex_path


def expected_texts(label, hostile):
    """The texts in document order: title, then per text its eight places."""
    texts = [label(clean(hostile[0]))]
    for number, data in enumerate(hostile, 1):
        t = label(clean(data))
        caption = lambda word: label(f"{word} {number} {clean(data)}" if t else f"{word} {number}")
        texts += [t, t, t, t, caption("Table"), t, t, caption("Figure")]
    return texts


def check_hostile_html(build, tmp):
    html_path = os.path.join(tmp, "hostile.html")
    run(build, "hostile", write_hostile(tmp, HOSTILE), html_path, os.path.join(tmp, "hostile.md"))
    self_contained(html_path, raw_checks=False)
    root = ET.parse(html_path).getroot()
    body = root.find("body")
    got = ["".join(body.find("h1").itertext())]
    for section in body.findall("section"):
        for path in ("h2", "h3", "p", "ul/li", "table/caption", "table/thead/tr/th",
                     "table/tbody/tr/td", "figure/figcaption"):
            element = section.find(path)
            if element is None:
                fail(f"no {path} in a section")
            got.append("".join(element.itertext()))
    want = expected_texts(lambda s: s, HOSTILE)
    for index, (g, w) in enumerate(zip(got, want)):
        if g != w:
            fail(f"html text {index}: got {g!r}, want {w!r}")
    if len(got) != len(want):
        fail(f"html: {len(got)} texts, want {len(want)}")


class TextCollector(html.parser.HTMLParser):
    """The text of each h1-h3, p, li, th and td, in document order."""
    BLOCKS = {"h1", "h2", "h3", "p", "li", "th", "td"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.open = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.texts.append("")
            self.open += 1

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.open -= 1

    def handle_data(self, data):
        if self.open:
            self.texts[-1] += data


def check_hostile_pandoc(build, tmp):
    if not shutil.which("pandoc"):
        print("doc-check: pandoc is not installed (apt-get install pandoc): skipped")
        sys.exit(77)
    md_path = os.path.join(tmp, "hostile.md")
    # an empty paragraph or list item is no block at all in Markdown
    hostile = [data for data in HOSTILE if data]
    run(build, "hostile", write_hostile(tmp, hostile), os.path.join(tmp, "hostile.html"), md_path)
    # Markdown drops blanks at the ends and HTML collapses them: compare words
    normal = lambda s: " ".join(s.split())
    for reader in ("markdown", "gfm"):
        out = subprocess.run(["pandoc", "-f", reader, "-t", "html5", md_path],
                             capture_output=True, check=True).stdout.decode("utf-8")
        collector = TextCollector()
        collector.feed(out)
        got = [normal(t) for t in collector.texts]
        want = []
        for text in expected_texts(normal, hostile):
            want.append(text)
            if text.startswith("Figure "):
                want.append("")  # the paragraph of the image
        for index, (g, w) in enumerate(zip(got, want)):
            if g != w:
                fail(f"pandoc -f {reader}: text {index}: got {g!r}, want {w!r}")
        if len(got) != len(want):
            fail(f"pandoc -f {reader}: {len(got)} texts, want {len(want)}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "file":
        self_contained(sys.argv[2], raw_checks=True)
        return
    if len(sys.argv) < 3:
        fail(__doc__)
    mode, build = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        if mode == "html" and len(sys.argv) == 4:
            for lang in ("zh", "en"):
                html_path = os.path.join(tmp, f"sample-{lang}.html")
                run(build, "sample", lang, sys.argv[3], html_path, os.path.join(tmp, "s.md"))
                self_contained(html_path, raw_checks=True)
        elif mode == "hostile":
            check_hostile_html(build, tmp)
        elif mode == "pandoc":
            check_hostile_pandoc(build, tmp)
        else:
            fail(__doc__)
    print(f"doc-check {mode}: ok")


if __name__ == "__main__":
    main()
