# The register's SHA-256 of include/spotcheck/draw.h D8, computed apart from the code
# under test: header and rows (sorted by id) as 8-byte big-endian lengths and UTF-8 bytes.
import csv, hashlib, struct, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
header, body = rows[0], rows[1:]
key = header.index(sys.argv[2])
body.sort(key=lambda r: r[key].encode())
h = hashlib.sha256(b"spotcheck-register-1\n")
def text(t):
    b = t.encode()
    h.update(struct.pack(">Q", len(b)) + b)
h.update(struct.pack(">Q", len(header)))
for c in header:
    text(c)
h.update(struct.pack(">Q", len(body)))
for r in body:
    for c in r:
        text(c)
print("python sha256", h.hexdigest())
