// Owns lists over HTTP: a multipart/form-data body holding a record skeleton ("record") and a
// spreadsheet ("recipients" or "participants"), filled into the whole record, answered as it is
// (POST /v1/import) or rendered like a record sent alone (POST /v1/render, POST /v1/jobs).
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "sheet/sheet.hpp"

namespace http {

namespace {

// The file parts of a form, by field name, with their file names.
class file_parts : public Poco::Net::PartHandler {
public:
    struct part {
        std::string file_name;
        std::string bytes;
    };
    std::map<std::string, part> parts;

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
        part& p = parts[params.get("name", "")];
        p.file_name = params.get("filename", "");
        p.bytes.clear();
        Poco::StreamCopier::copyToString(stream, p.bytes);
    }
};

// A form field's bytes: its file part, else its plain value.
bool field(const Poco::Net::HTMLForm& form, file_parts& files, const std::string& name, std::string& bytes,
           std::string& file_name) {
    if (const auto found = files.parts.find(name); found != files.parts.end()) {
        bytes = std::move(found->second.bytes);
        file_name = found->second.file_name;
        return true;
    }
    if (!form.has(name)) return false;
    bytes = form.get(name);
    file_name.clear();
    return true;
}

// A file name from a client, fit to name a list in messages: its last path segment, at most 80
// bytes of printable ASCII and UTF-8 (anything else is '_'), else the field's name.
std::string shown_file_name(const std::string& given, const std::string& fallback) {
    std::string name = given.substr(given.find_last_of("/\\") == std::string::npos ? 0 : given.find_last_of("/\\") + 1);
    for (char& c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
    if (name.size() > 80) name.resize(80);
    while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
    if (!name.empty() && static_cast<unsigned char>(name.back()) >= 0xC0) name.pop_back();
    return name.empty() ? fallback : name;
}

// The skeleton filled from the list of a multipart body; false once a refusal is sent.
bool fill_from_form(api_context& ctx, request& req, response& res, const std::string& body, std::string& record,
                    vanthu::diagnostics& problems, sheet::list_layout* layout = nullptr) {
    Poco::Net::HTMLForm form;
    form.setFieldLimit(16);
    form.setValueLengthLimit(static_cast<int>(std::min<std::size_t>(ctx.config.max_body, 0x7FFFFFFF)));
    file_parts files;
    try {
        std::istringstream in(body);
        form.load(req, in, files);
    } catch (const Poco::Exception& e) {
        res.setKeepAlive(false);
        send_problem(res, 400, "Bad Request", "the multipart body cannot be read: " + e.message());
        return false;
    }
    std::string skeleton, skeleton_name, list, list_name;
    sheet::import_options o;
    const bool has_record = field(form, files, "record", skeleton, skeleton_name);
    const bool recipients = field(form, files, "recipients", list, list_name);
    const bool participants = !recipients && field(form, files, "participants", list, list_name);
    if (!has_record || recipients == participants) {
        send_problem(res, 400, "Bad Request",
                     "a multipart body holds the fields 'record' (the skeleton) and 'recipients' or 'participants' (the list)");
        return false;
    }
    o.kind = recipients ? sheet::list_of::recipients : sheet::list_of::participants;
    o.list_name = shown_file_name(list_name, recipients ? "recipients" : "participants");
    o.read.sheet = form.get("sheet", "");
    o.read.encoding = form.get("encoding", "");
    o.map = form.get("map", "");
    o.id_prefix = form.get("id_prefix", "");
    o.layout = layout;
    if (!sheet::import_list(skeleton, list, o, record, problems)) {
        send_problem(res, 422, "Unprocessable Content", "the list cannot fill the record", &problems);
        return false;
    }
    return true;
}

// {sheet, header_row, rows, columns: [{column, header, field}]}: how the list was read.
Poco::JSON::Object::Ptr layout_json(const sheet::list_layout& layout) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("sheet", layout.sheet);
    o->set("header_row", layout.header_row);
    o->set("rows", layout.rows);
    Poco::JSON::Array::Ptr columns = new Poco::JSON::Array;
    for (const sheet::list_layout::column& c : layout.columns) {
        Poco::JSON::Object::Ptr col = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        col->set("column", c.letters);
        col->set("header", c.header);
        col->set("field", c.field);
        columns->add(col);
    }
    o->set("columns", columns);
    return o;
}

bool is_multipart(const request& req) {
    return Poco::icompare(req.getContentType().substr(0, 19), "multipart/form-data") == 0;
}

}  // namespace

bool take_list(api_context& ctx, request& req, response& res, std::string& body) {
    if (!is_multipart(req)) return true;
    vanthu::diagnostics problems;
    std::string record;
    if (!fill_from_form(ctx, req, res, body, record, problems)) return false;
    body = std::move(record);
    return true;
}

void import_list(api_context& ctx, const caller&, request& req, response& res, const std::string&) {
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body, ctx.config.pace());
    if (!body) return;
    if (!is_multipart(req)) {
        send_problem(res, 415, "Unsupported Media Type", "send multipart/form-data with 'record' and 'recipients' or 'participants'");
        return;
    }
    vanthu::diagnostics problems;
    std::string record;
    sheet::list_layout layout;
    if (!fill_from_form(ctx, req, res, *body, record, problems, &layout)) return;
    if (req.get("Accept", "").find("application/json") != std::string::npos) {
        Poco::JSON::Object answer(Poco::JSON_PRESERVE_KEY_ORDER);
        answer.set("record", record);
        answer.set("problems", problems_json(problems));
        answer.set("layout", layout_json(layout));
        send_json(res, 200, answer);
        return;
    }
    send_bytes(res, 200, "application/xml; charset=utf-8", record);
}

}  // namespace http
