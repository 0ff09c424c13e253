// A certificate a certification issues, as a register of them keeps it: what a verification
// page says of it, found by its code.
#pragma once

#include <string>

namespace record {

// One certificate of one recipient, in plain text (NFC, whitespace collapsed).
struct issued_certificate {
    std::string code;             // verify_code of record id, recipient id and register number
    std::string record_id;
    std::string recipient_id;
    std::string register_number;  // "001/SV-2022", or empty
    std::string name;             // the recipient as printed
    std::string detail;           // where it is, e.g. "phường Bắc Sơn, quận Kiến An"
    std::string heading;          // GIẤY KHEN, GIẤY CHỨNG NHẬN
    std::string citation;         // what for: the recipient's own, else the record's
    std::string decision_number;  // 2106/QĐ-CAHP
    std::string decision_date;    // YYYY-MM-DD
    std::string issuer;           // the issuing body's name
    std::string issuer_parent;    // its superior body, or empty
    std::string grantor;          // who grants it, e.g. GIÁM ĐỐC CÔNG AN THÀNH PHỐ HẢI PHÒNG
    std::string signer;           // rank and name of who signed it
    std::string signer_title;     // the signer's authority and title, e.g. KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC
    std::string issued_date;      // the certification's date, YYYY-MM-DD
};

}  // namespace record
