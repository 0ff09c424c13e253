"""Owns the request bodies of the load run: good records with generated ids, batches, bad records."""
import os
import re
import subprocess
import sys

# Small records for POST /v1/render (each under 6 kB, one to three pages).
RENDER_SAMPLES = [
    "meeting-minimal.xml",
    "meeting-2022-08-01-pccc-models.xml",
    "meeting-2023-11-23-model-ward-inspection.xml",
    "ceremony-2020-commemoration-national-security-day.xml",
    "certification-2022-01-10-merit-pccc.xml",
    "certification-2023-standard-long-names.xml",
]

# Certification records for POST /v1/jobs (three recipients each; a generated one is added).
JOB_SAMPLES = [
    "certification-2022-01-10-merit-pccc.xml",
    "certification-2023-standard-long-names.xml",
]

# Recipients in the generated batch record.
GENERATED_RECIPIENTS = 20

ROOT_TAG = re.compile(rb"<(meeting|ceremony|certification)\b[^>]*>")
ID_ATTR = re.compile(rb'\bid="[^"]*"')


def with_id(xml, new_id):
    """The record with the id attribute of its root element replaced."""
    root = ROOT_TAG.search(xml)
    if not root:
        raise ValueError("no root element in a sample")
    tag = ID_ATTR.sub(b'id="' + new_id.encode("ascii") + b'"', root.group(0), count=1)
    return xml[: root.start()] + tag + xml[root.end():]


def read_sample(source, name):
    """The bytes of one file of samples/."""
    with open(os.path.join(source, "samples", name), "rb") as f:
        return f.read()


def make_batch_record(source, folder):
    """A certification of GENERATED_RECIPIENTS recipients from samples/tools, written into folder."""
    out = os.path.join(folder, "batch-%d.xml" % GENERATED_RECIPIENTS)
    tool = os.path.join(source, "samples", "tools", "make_certifications.py")
    subprocess.run([sys.executable, tool, "--count", str(GENERATED_RECIPIENTS), "-o", out], check=True,
                   stdout=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return f.read()


def bad_records(source):
    """(name, bytes) of records that must each be refused with a 4xx: syntax, schema, encoding."""
    d = read_sample(source, "meeting-minimal.xml")
    c = read_sample(source, "certification-2022-01-10-merit-pccc.xml")
    out = [
        ("malformed: no end tag", d.replace(b"</meeting>", b"")),
        ("malformed: mismatched tags", d.replace(b"</title>", b"</place>")),
        ("malformed: cut in half", d[: len(d) // 2]),
        ("malformed: empty body", b""),
        ("malformed: JSON, not XML", b'{"id": "x", "schema": 1}'),
        ("unknown element", d.replace(b"<place>", b"<foo>x</foo><place>")),
        ("unknown attribute", d.replace(b"<place>", b'<place lang="vi">')),
        ("unknown root", d.replace(b"<meeting", b"<minutes").replace(b"</meeting", b"</minutes")),
        ("namespace", d.replace(b"<meeting ", b'<meeting xmlns="urn:x" ')),
        ("missing <title>", re.sub(rb"\s*<title>.*?</title>", b"", d, flags=re.S)),
        ("missing <chair>", re.sub(rb"\s*<chair>.*?</chair>", b"", d, flags=re.S)),
        ("missing <recipients>", re.sub(rb"\s*<recipients>.*?</recipients>", b"", c, flags=re.S)),
        ("missing id", d.replace(b' id="meeting-minimal"', b"")),
        ("bad id", d.replace(b'id="meeting-minimal"', 'id="biên bản"'.encode())),
        ("schema 2", d.replace(b'schema="1"', b'schema="2"')),
        ("bad date", d.replace(b"2022-08-01<", b"2022-02-30<")),
        ("bad time", d.replace(b"2022-08-01T08:00", "08:00 sáng".encode())),
        ("encoding: Latin-1 bytes declared UTF-8", d.replace("Hải".encode(), b"H\xe1i")),
        ("encoding: unsupported KOI8-R", d.replace(b"UTF-8", b"KOI8-R")),
        ("encoding: UTF-8 bytes declared windows-1258", d.replace(b"UTF-8", b"windows-1258")),
        ("encoding: UTF-16 BOM on UTF-8 bytes", b"\xff\xfe" + d),
        ("NUL byte", d.replace("tuần</title>".encode(), b"tu\x00n</title>")),
        ("DOCTYPE with external entity",
         d.replace(b"<meeting", b'<!DOCTYPE meeting [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<meeting', 1)),
    ]
    for name, body in out:
        if body == d or body == c:
            raise ValueError("bad record '%s' did not change its sample" % name)
    return out


class bodies:
    """Every body the run sends, read once."""

    def __init__(self, source, folder):
        self.render = [(n, read_sample(source, n)) for n in RENDER_SAMPLES]
        self.jobs = [(n, read_sample(source, n)) for n in JOB_SAMPLES]
        self.jobs.append(("generated-%d-recipients" % GENERATED_RECIPIENTS, make_batch_record(source, folder)))
        self.bad = bad_records(source)
