// Owns the web page's files: GET / and /web/{name} from the folder vanthu.web names.
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include "core/read_file.hpp"
#include "http/handlers.hpp"
#include "http/respond.hpp"

namespace http {

namespace {

constexpr std::size_t max_web_file = 4u << 20;  // the page's files are small; a bigger one is not one of them

// The media type of a file name's extension, or nullptr for a kind the page does not use.
const char* media_type_of(const std::string& name) {
    static const std::pair<const char*, const char*> types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".json", "application/json"},
        {".woff2", "font/woff2"}};
    for (const auto& [extension, type] : types) {
        const std::string ext = extension;
        if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) return type;
    }
    return nullptr;
}

// Whether a name may be a file of the folder: [A-Za-z0-9][A-Za-z0-9._-]{0,99}, so no folder,
// no '..' step and no hidden file is ever named.
bool is_web_name(const std::string& name) {
    if (name.empty() || name.size() > 100) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
    }
    return true;
}

// The headers of every answer of these routes: what the page may load and run, and no more.
void set_page_headers(response& res) {
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
            "frame-src 'self' blob:; object-src 'self' blob:; connect-src 'self'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Cache-Control", "no-cache");
}

// Whether If-None-Match names the ETag (or is *); weak tags compare by their value.
bool none_match_hits(const request& req, const std::string& etag) {
    const std::string header = req.get("If-None-Match", "");
    if (header.empty()) return false;
    for (std::string tag : Poco::StringTokenizer(header, ",", Poco::StringTokenizer::TOK_TRIM)) {
        if (tag == "*") return true;
        if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
        if (tag == etag) return true;
    }
    return false;
}

}  // namespace

// The ETag is the file's size and modification time: a file replaced on disk is fetched anew.
// pdf.js (the preview's PDF reader, Debian's libjs-pdf) is served from its own folder at
// /web/pdfjs/pdf.js and /web/pdfjs/pdf.worker.js, and nothing else of that folder.
void send_web_file(api_context& ctx, const caller&, request& req, response& res, const std::string& name) {
    set_page_headers(res);
    const bool pdfjs = name == "pdfjs/pdf.js" || name == "pdfjs/pdf.worker.js";
    const std::string file_name = pdfjs ? name.substr(6) : name;
    const char* type = is_web_name(file_name) ? media_type_of(file_name) : nullptr;
    vanthu::file_read file;
    if (type) {
        const std::string& folder = pdfjs ? ctx.config.pdfjs_dir : ctx.config.web_dir;
        file = vanthu::read_regular_file(folder + "/" + file_name, pdfjs ? 4 * max_web_file : max_web_file);
    }
    if (!file.bytes) {
        if (!file.refused.empty()) ctx.log.warn("web file " + name + " not served: " + file.refused);
        send_problem(res, 404, "Not Found", "no file " + req.getURI());
        return;
    }
    const std::string etag = "\"" + std::to_string(file.size) + "-" + std::to_string(file.modified_ns) + "\"";
    res.set("ETag", etag);
    if (none_match_hits(req, etag)) {
        res.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
        res.send();
        return;
    }
    send_bytes(res, 200, type, *file.bytes);
}

}  // namespace http
