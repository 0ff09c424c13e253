#!/usr/bin/python3
"""Makes the spreadsheet fixtures of tests/sheet once; the tests read the committed files and
need neither producer. Run from this folder with Debian's python3-openpyxl, LibreOffice
(soffice) and glibc's iconv:  /usr/bin/python3 make_lists.py

  openpyxl.xlsx    openpyxl: sheets "Danh sách" (merged title, header in row 3, numbers, a date,
                   a boolean, a blank row, a totals row) and "Khác"
  libreoffice.xlsx LibreOffice Calc, converted from the UTF-8 CSV below
  handmade.xlsx    OOXML written here by hand: inline strings, rich text runs (and a phonetic
                   run that is not text), prefixed element names, the 1904 date system
  *.csv, *.txt     the same list as UTF-8, UTF-8 with BOM and ';', UTF-16LE with BOM and tabs,
                   windows-1258 and TCVN3 (ABC)
"""
import datetime
import os
import subprocess
import zipfile

import openpyxl

ROWS = [
    ("gk-001", "Nguyễn Văn An", "Đại úy", "Phòng Cảnh sát PCCC và CNCH, Công an thành phố Hải Phòng", 125),
    ("gk-002", "Trần Thị Bình", "Thượng úy", "Công an quận Ngô Quyền", 126),
    ("gk-003", "Tổ dân phố số 5", "", "phường Dư Hàng Kênh, quận Lê Chân", 127),
    ("gk-004", "Chợ Tam Bạc", "", "phường Phan Bội Châu, quận Hồng Bàng", 128),
]
HEADER = ["STT", "Mã", "Tập thể, cá nhân", "Cấp bậc", "Đơn vị", "Số sổ vàng"]


def openpyxl_book():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet["A1"] = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(HEADER + ["Ngày quyết định", "Đã trao"])
    for i, (rid, name, rank, unit, register) in enumerate(ROWS, start=1):
        sheet.append([i, rid, name, rank or None, unit, register, datetime.date(2022, 1, 10), i % 2 == 1])
        if i == 2:
            sheet.append([])  # a blank row inside the list
    sheet.append([None, None, "Tổng cộng: 4", None, None, None])
    for cell in sheet["G"][3:]:
        cell.number_format = "dd/mm/yyyy"
    other = book.create_sheet("Khác")
    other.append(["Họ và tên", "Chức vụ", "Đơn vị"])
    other.append(["Lê Quốc Đạt", "Phó Trưởng phòng", "Phòng PC07"])
    book.save("openpyxl.xlsx")


def csv_text(separator):
    quote = lambda cells: separator.join('"%s"' % c if separator in c else c for c in cells)  # noqa: E731
    lines = [quote(HEADER)]
    for i, (rid, name, rank, unit, register) in enumerate(ROWS, start=1):
        lines.append(quote([str(i), rid, name, rank, unit, str(register)]))
    return "\r\n".join(lines) + "\r\n"


def encoded(text, encoding):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode(), check=True,
                          stdout=subprocess.PIPE).stdout


def csv_files():
    with open("utf8.csv", "w", encoding="utf-8", newline="") as f:
        f.write(csv_text(","))
    with open("utf8-bom-semicolon.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write(csv_text(";"))
    with open("utf16-tabs.txt", "wb") as f:
        f.write(b"\xff\xfe" + csv_text("\t").encode("utf-16-le"))
    with open("windows-1258.csv", "wb") as f:
        f.write(encoded(csv_text(","), "WINDOWS-1258"))
    with open("tcvn3.csv", "wb") as f:
        f.write(encoded(csv_text(","), "TCVN5712-1"))


def libreoffice_book():
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--infilter=CSV:44,34,76,1", "--outdir", "lo",
                    "utf8.csv"], check=True, stdout=subprocess.DEVNULL)
    os.replace("lo/utf8.xlsx", "libreoffice.xlsx")
    os.rmdir("lo")


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def handmade_book():
    rows = ['<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Họ và tên</x:t></x:is></x:c>'
            '<x:c r="B1" t="inlineStr"><x:is><x:t>Cấp bậc</x:t></x:is></x:c>'
            '<x:c r="C1" t="inlineStr"><x:is><x:t>Đơn vị</x:t></x:is></x:c>'
            '<x:c r="D1" t="inlineStr"><x:is><x:t>Ngày</x:t></x:is></x:c></x:row>',
            '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:r><x:t>Đại </x:t></x:r>'
            '<x:r><x:rPr><x:b/></x:rPr><x:t>úy</x:t></x:r></x:is></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c>'
            '<x:c r="D2" s="1"><x:v>43839</x:v></x:c></x:row>']
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet xmlns:x="%s"><x:sheetData>%s'
             '</x:sheetData></x:worksheet>' % (MAIN, "".join(rows)))
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="2" uniqueCount="2">'
               '<si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t xml:space="preserve">Văn  An</t></r>'
               '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>'
               '<si><t>Công an quận Lê Chân</t></si></sst>' % MAIN)
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="%s"><numFmts count="1">'
              '<numFmt numFmtId="164" formatCode="d/m/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
              '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>' % MAIN)
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="%s" xmlns:r="%s">'
                '<workbookPr date1904="1"/><sheets><sheet name="Người dự" sheetId="1" r:id="rId7"/></sheets></workbook>'
                % (MAIN, REL))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Type="%s/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>' % REL)
    with zipfile.ZipFile("handmade.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/data.xml", sheet)
        z.writestr("xl/sharedStrings.xml", strings)
        z.writestr("xl/styles.xml", styles)


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    openpyxl_book()
    csv_files()
    handmade_book()
    libreoffice_book()
