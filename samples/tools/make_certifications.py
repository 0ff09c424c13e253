#!/usr/bin/env python3
"""Writes the certification samples from the seed articles: 507 residential groups (tổ dân phố) of
Hải Phòng certified fire-safe (kind standard), and certificates of merit for 150 advanced units
(kind merit). Names of wards and districts are real; the groups, units and people are made up.
Deterministic: the same run writes the same bytes.

    python3 samples/tools/make_certifications.py            # writes into samples/
    python3 samples/tools/make_certifications.py --count 10000 -o /tmp/big.xml   # a bench record
"""
import argparse
import os
import random
from xml.sax.saxutils import escape

# Wards (phường) of the urban districts, towns (thị trấn) of the rural ones.
DISTRICTS = [
    ("quận Hồng Bàng", "phường", ["Hoàng Văn Thụ", "Minh Khai", "Phan Bội Châu", "Quang Trung", "Hạ Lý",
                                  "Sở Dầu", "Thượng Lý", "Hùng Vương", "Quán Toan"]),
    ("quận Lê Chân", "phường", ["An Biên", "An Dương", "Cát Dài", "Dư Hàng", "Dư Hàng Kênh", "Hàng Kênh",
                                "Hồ Nam", "Kênh Dương", "Lam Sơn", "Nghĩa Xá", "Niệm Nghĩa", "Trại Cau",
                                "Trần Nguyên Hãn", "Vĩnh Niệm"]),
    ("quận Ngô Quyền", "phường", ["Cầu Đất", "Cầu Tre", "Đằng Giang", "Đông Khê", "Gia Viên", "Lạc Viên",
                                  "Lạch Tray", "Lê Lợi", "Máy Chai", "Vạn Mỹ"]),
    ("quận Hải An", "phường", ["Cát Bi", "Đằng Hải", "Đằng Lâm", "Đông Hải 1", "Đông Hải 2", "Nam Hải",
                               "Thành Tô", "Tràng Cát"]),
    ("quận Kiến An", "phường", ["Bắc Sơn", "Đồng Hòa", "Lãm Hà", "Nam Sơn", "Ngọc Sơn", "Quán Trữ",
                                "Trần Thành Ngọ", "Tràng Minh", "Văn Đẩu"]),
    ("quận Đồ Sơn", "phường", ["Bàng La", "Hợp Đức", "Minh Đức", "Ngọc Xuyên", "Hải Sơn", "Vạn Hương"]),
    ("quận Dương Kinh", "phường", ["Anh Dũng", "Đa Phúc", "Hải Thành", "Hòa Nghĩa", "Hưng Đạo", "Tân Thành"]),
    ("huyện Thủy Nguyên", "thị trấn", ["Núi Đèo", "Minh Đức"]),
    ("huyện An Dương", "thị trấn", ["An Dương"]),
    ("huyện Vĩnh Bảo", "thị trấn", ["Vĩnh Bảo"]),
    ("huyện Tiên Lãng", "thị trấn", ["Tiên Lãng"]),
    ("huyện Kiến Thụy", "thị trấn", ["Núi Đối"]),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Xuân", "Thu"]
GIVEN = ["Hùng", "Hà", "Thành", "Tuấn", "Hương", "Dũng", "Lan", "Cường", "Thủy", "Phúc", "Nghĩa", "Hằng",
         "Quyết", "Toàn", "Khánh", "Yến"]
RANKS = ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá"]


def wards():
    """Every (ward text, district) pair, in the order of the list."""
    for district, level, names in DISTRICTS:
        for name in names:
            yield f"{level} {name}", district


def header(kind, rid, number, date, title, heading, grantor, citation, valid_until, signer_name):
    """The envelope and the certificate fields common to every recipient."""
    valid = f"  <valid-until>{valid_until}</valid-until>\n" if valid_until else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<certification schema="1" id="{rid}" kind="{kind}">
  <issuer>
    <parent>BỘ CÔNG AN</parent>
    <name>CÔNG AN THÀNH PHỐ HẢI PHÒNG</name>
    <code>CAHP</code>
  </issuer>
  <number>{number}</number>
  <place>Hải Phòng</place>
  <date>{date}</date>
  <title>{title}</title>
  <decision number="{number}" date="{date}"/>
  <heading>{heading}</heading>
  <grantor>{grantor}</grantor>
  <citation>{citation}</citation>
{valid}  <signer>
    <rank>Đại tá</rank>
    <name>{signer_name}</name>
    <authority>KT. GIÁM ĐỐC</authority>
    <title>PHÓ GIÁM ĐỐC</title>
  </signer>
  <recipients>
"""


def recipient(rid, name, detail, register, citation=None):
    """One <recipient>."""
    own = f"      <citation>{escape(citation)}</citation>\n" if citation else ""
    return (f'    <recipient id="{rid}">\n      <name>{escape(name)}</name>\n'
            f"      <detail>{escape(detail)}</detail>\n{own}      <register>{register}</register>\n    </recipient>\n")


def fire_safe(count):
    """Residential groups certified as meeting the fire-safety standard."""
    rng = random.Random(507)
    places = list(wards())
    groups_per_ward = [0] * len(places)
    out = [header("standard", f"gcn-khu-dan-cu-an-toan-pccc-2022" + ("" if count == 507 else f"-{count}"),
                  "1852/QĐ-CAHP", "2022-11-15",
                  "Công nhận tổ dân phố đạt chuẩn \"An toàn về phòng cháy và chữa cháy\" năm 2022",
                  "GIẤY CHỨNG NHẬN", "GIÁM ĐỐC CÔNG AN THÀNH PHỐ HẢI PHÒNG",
                  "Đạt chuẩn \"Tổ dân phố an toàn về phòng cháy và chữa cháy\" năm 2022",
                  "2025-11-15", "Vũ Thanh Sơn")]
    for i in range(1, count + 1):
        w = rng.randrange(len(places))
        groups_per_ward[w] += 1
        ward, district = places[w]
        number = groups_per_ward[w] + rng.randrange(0, 3)
        name = f"Tổ dân phố số {number}" if rng.random() < 0.8 else f"Tổ dân phố {rng.choice(['Đông', 'Tây', 'Nam', 'Bắc', 'Trung'])} {number}"
        out.append(recipient(f"tdp-{i:05d}", name, f"{ward}, {district}, thành phố Hải Phòng",
                             f"{i:03d}/GCN-PC07"))
    out.append("  </recipients>\n</certification>\n")
    return "".join(out)


def person(rng):
    """A made-up full name."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def advanced_units(count):
    """Units and people with a certificate of merit in the all-people fire-fighting movement."""
    rng = random.Random(150)
    places = list(wards())
    out = [header("merit", "gk-dien-hinh-tien-tien-pccc-2022", "2106/QĐ-CAHP", "2022-12-20",
                  "Khen thưởng tập thể, cá nhân điển hình tiên tiến trong phong trào \"Toàn dân phòng cháy, chữa cháy\" năm 2022",
                  "GIẤY KHEN", "GIÁM ĐỐC CÔNG AN THÀNH PHỐ HẢI PHÒNG",
                  "Đã có thành tích xuất sắc trong phong trào \"Toàn dân phòng cháy, chữa cháy\" năm 2022",
                  None, "Vũ Thanh Sơn")]
    kinds = ["Công an {ward}", "Đội phòng cháy, chữa cháy cơ sở {ward}", "Tổ liên gia an toàn phòng cháy, chữa cháy số {n}",
             "Trường Trung học cơ sở {ward2}", "Chợ {ward2}", "Ban Bảo vệ dân phố {ward}"]
    for i in range(1, count + 1):
        ward, district = rng.choice(places)
        ward2 = ward.split(" ", 1)[1] if ward.startswith("phường") else ward.split(" ", 2)[2]
        own = None
        if i % 10 == 0:
            name = f"{rng.choice(RANKS)} {person(rng)}"
            detail = f"Công an {ward}, {district}"
            own = "Đã có thành tích xuất sắc trong công tác cứu nạn, cứu hộ tại đám cháy nhà dân, cứu được 05 người mắc kẹt an toàn"
        else:
            name = rng.choice(kinds).format(ward=ward, ward2=ward2, n=rng.randrange(1, 30))
            detail = f"{ward}, {district}" if not name.endswith(ward) else district
        out.append(recipient(f"gk-{i:04d}", name, detail, f"{i:03d}/SV-2022", own))
    out.append("  </recipients>\n</certification>\n")
    return "".join(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    samples = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, help="write one fire-safety record with this many recipients")
    ap.add_argument("-o", "--output", help="where --count writes")
    args = ap.parse_args()
    if args.count:
        with open(args.output or f"fire-safe-{args.count}.xml", "w", encoding="utf-8") as f:
            f.write(fire_safe(args.count))
        return
    with open(os.path.join(samples, "certification-2022-11-15-fire-safe-groups.xml"), "w", encoding="utf-8") as f:
        f.write(fire_safe(507))
    with open(os.path.join(samples, "certification-2022-12-20-merit-advanced-units.xml"), "w", encoding="utf-8") as f:
        f.write(advanced_units(150))


if __name__ == "__main__":
    main()
