// Owns the public side of the certificate register: GET /verify/{code}, the page a QR code on a
// certificate leads to (in Vietnamese, for whoever holds the paper), and DELETE
// /v1/certificates/{record id}/{recipient id}, an admin's revocation.
#include <Poco/JSON/Object.h>

#include <array>
#include <ctime>

#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

// Text as HTML: the five characters that could open markup or end an attribute escaped, and a
// line break of the record (<br/>) as a space.
std::string html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\n': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

// "2022-12-20" as "ngày 20 tháng 12 năm 2022"; anything else as written.
std::string vietnamese_date(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    const std::string day = iso.substr(8, 2), month = iso.substr(5, 2);
    return "ngày " + day + " tháng " + month + " năm " + iso.substr(0, 4);
}

// Milliseconds since the epoch as "dd/mm/yyyy" in Vietnam's time (UTC+7, no daylight saving).
std::string vietnamese_day(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000 + 7 * 3600);
    std::tm parts{};
    gmtime_r(&t, &parts);
    std::array<char, 16> text{};
    std::strftime(text.data(), text.size(), "%d/%m/%Y", &parts);
    return text.data();
}

// Whether a path segment can be a code at all: 16 characters of base64url.
bool looks_like_code(const std::string& code) {
    if (code.size() != 16) return false;
    for (char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

const char* const page_style =
    "body{font-family:'Liberation Serif','Times New Roman',serif;margin:0;background:#f4f1ea;color:#1d1d1d}"
    "main{max-width:40rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border:1px solid #c9c2b3}"
    "h1{font-size:1.5rem;text-align:center;margin:.2rem 0 1rem}"
    ".body{text-align:center;font-weight:bold;text-transform:uppercase;font-size:.95rem}"
    ".state{padding:.8rem 1rem;margin:1rem 0;border-left:.4rem solid;font-size:1.05rem}"
    ".valid{background:#e8f4ea;border-color:#2e7d32}.revoked,.unknown{background:#fbe9e7;border-color:#b3261e}"
    "dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.5rem 1rem;margin:0}"
    "dt{color:#555}dd{margin:0}.name{font-size:1.2rem;font-weight:bold}"
    "footer{font-size:.85rem;color:#555;margin-top:1.5rem}code{font-size:1rem}"
    "@media(max-width:30rem){dl{grid-template-columns:1fr}dt{margin-top:.4rem}}";

// A whole page: a title and its body, with the headers of a page nobody may frame, cache or index.
void send_page(response& res, int status, const std::string& title, const std::string& body) {
    res.set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Cache-Control", "no-store");
    res.set("X-Robots-Tag", "noindex");
    const std::string page = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                             "<title>" + html(title) + "</title><style>" + page_style + "</style></head>"
                             "<body><main>" + body + "</main></body></html>\n";
    send_bytes(res, status, "text/html; charset=utf-8", page);
}

// One line of the certificate's facts, left out when it has no value.
std::string fact(const char* label, const std::string& value, const char* css = nullptr) {
    if (value.empty()) return {};
    return std::string("<dt>") + label + "</dt><dd" + (css ? std::string(" class=\"") + css + "\"" : "") + ">" +
           html(value) + "</dd>";
}

// The page of a registered certificate: what the paper should say, and whether it stands.
std::string certificate_body(const worker::certificate_row& row) {
    const record::issued_certificate& c = row.facts;
    std::string out;
    if (!c.issuer_parent.empty()) out += "<p class=\"body\">" + html(c.issuer_parent) + "</p>";
    out += "<p class=\"body\">" + html(c.issuer) + "</p>";
    out += "<h1>" + html(c.heading.empty() ? "Giấy chứng nhận" : c.heading) + "</h1>";
    if (row.revoked_ms) {
        out += "<p class=\"state revoked\" role=\"status\"><strong>Đã bị thu hồi</strong> ngày " +
               vietnamese_day(row.revoked_ms) + ". Giấy này không còn giá trị.</p>";
    } else {
        out += "<p class=\"state valid\" role=\"status\"><strong>Có trong sổ đăng ký</strong> của " + html(c.issuer) +
               " và còn giá trị. Hãy đối chiếu các thông tin dưới đây với giấy bạn đang cầm.</p>";
    }
    std::string decision;
    if (!c.decision_number.empty()) {
        decision = "Quyết định số " + c.decision_number;
        if (!c.decision_date.empty()) decision += " " + vietnamese_date(c.decision_date);
    }
    std::string signer = c.signer;
    if (!c.signer_title.empty()) signer += signer.empty() ? c.signer_title : " (" + c.signer_title + ")";
    out += "<dl>" + fact("Cấp cho", c.name, "name") + fact("Địa chỉ, đơn vị", c.detail) + fact("Nội dung", c.citation) +
           fact("Căn cứ", decision) + fact("Người ký", signer) + fact("Ngày cấp", vietnamese_date(c.issued_date)) +
           fact("Số vào sổ", c.register_number) + "<dt>Mã tra cứu</dt><dd><code>" + html(c.code) + "</code></dd></dl>";
    out += "<footer>Trang này do " + html(c.issuer) +
           " công bố để mọi người kiểm tra giấy mình nhận được. Nó không chứa thông tin nào ngoài những gì in trên giấy.</footer>";
    return out;
}

// The page of a code the register does not know: forged, misread or mistyped.
std::string unknown_body(const std::string& code) {
    return "<h1>Không tìm thấy giấy này</h1><p class=\"state unknown\" role=\"status\"><strong>Không có giấy khen, "
           "giấy chứng nhận nào mang mã <code>" + html(code) + "</code></strong> trong sổ đăng ký.</p>"
           "<p>Giấy mang mã này có thể là giả, hoặc mã đã bị đọc hay gõ sai. Hãy quét lại mã QR, hoặc đối chiếu "
           "từng ký tự với mã in cạnh mã QR (phân biệt chữ hoa, chữ thường).</p>";
}

}  // namespace

// Every request counts against the address's minute, found or not: guessing codes is as slow
// as the limit, and a code is 96 bits.
void show_certificate(api_context& ctx, const caller&, request& req, response& res, const std::string& code) {
    const std::string address = req.clientAddress().host().toString();
    const auto now = auth::failure_limiter::clock::now();
    if (!ctx.lookups.allows(address, now)) {
        const long wait = ctx.lookups.retry_after(address, now);
        res.set("Retry-After", std::to_string(wait));
        ctx.log.warn("429 for " + address + ": too many verification pages");
        send_page(res, 429, "Quá nhiều lượt tra cứu",
                  "<h1>Quá nhiều lượt tra cứu</h1><p class=\"state unknown\" role=\"status\">Địa chỉ của bạn đã tra cứu "
                  "quá nhiều lần trong một phút. Vui lòng thử lại sau " + std::to_string(wait) + " giây.</p>");
        return;
    }
    ctx.lookups.record_failure(address, now);
    if (!looks_like_code(code)) {
        send_page(res, 404, "Không tìm thấy giấy này", unknown_body(code.substr(0, 64)));
        return;
    }
    std::string error;
    const std::optional<worker::certificate_row> row = ctx.store.find_certificate(code, error);
    if (!error.empty()) {
        ctx.log.error("cannot look up a certificate: " + error);
        res.set("Retry-After", std::to_string(ctx.config.retry_after_s));
        send_page(res, 503, "Tạm thời không tra cứu được",
                  "<h1>Tạm thời không tra cứu được</h1><p class=\"state unknown\" role=\"status\">Hệ thống tra cứu đang "
                  "bận hoặc đang bảo trì. Vui lòng thử lại sau ít phút.</p>");
        return;
    }
    if (!row) {
        send_page(res, 404, "Không tìm thấy giấy này", unknown_body(code));
        return;
    }
    send_page(res, 200, row->facts.heading + " – " + row->facts.name, certificate_body(*row));
}

// The arg is "{record id}/{recipient id}"; an optional ?reason= is kept in the register (never
// shown on the public page).
void revoke_certificate(api_context& ctx, const caller& who, request& req, response& res, const std::string& arg) {
    const std::size_t slash = arg.find('/');
    const std::string record_id = arg.substr(0, slash), recipient_id = arg.substr(slash + 1);
    const std::string reason = query_value(req, "reason").substr(0, 500);
    const worker::revoke_result r = ctx.store.revoke_certificates(record_id, recipient_id, std::nullopt,
                                                                 actor_of(who), reason);
    if (r.status == worker::revoke_status::store_error) {
        refuse_store(ctx, res, "cannot revoke a certificate", r.error, {"", record_id});
        return;
    }
    if (r.status == worker::revoke_status::not_found) {
        send_problem(res, 404, "Not Found", "no registered certificate of recipient " + recipient_id + " in record " + record_id);
        return;
    }
    worker::audit_entry e;
    e.event = "certificate.revoke";
    e.record_id = record_id;
    audit_entry_of(ctx, who, req, std::move(e));
    ctx.log.info("revoked " + std::to_string(r.count) + " certificate(s) of " + recipient_id, {"", record_id});
    Poco::JSON::Object body;
    body.set("record_id", record_id);
    body.set("recipient_id", recipient_id);
    body.set("revoked", static_cast<Poco::UInt64>(r.count));
    body.set("already_revoked", r.status == worker::revoke_status::unchanged);
    send_json(res, 200, body);
}

}  // namespace http
