// Owns the draft routes: a record kept while it is written, under its id, whatever it breaks.
#include <Poco/NumberParser.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "record/record.hpp"

namespace http {

namespace {

// The ETag of a draft's version: "v3".
std::string version_tag(int version) { return "\"v" + std::to_string(version) + "\""; }

// The version an If-Match names ("v3", quoted), nothing without the header; false with a 412
// sent for a value that names no version.
bool read_if_match(request& req, response& res, std::optional<int>& expected) {
    if (!req.has("If-Match")) return true;
    const std::string value = req.get("If-Match");
    int version = 0;
    if (value.size() > 3 && value.compare(0, 2, "\"v") == 0 && value.back() == '"' &&
        Poco::NumberParser::tryParse(value.substr(2, value.size() - 3), version) && version > 0) {
        expected = version;
        return true;
    }
    send_problem(res, 412, "Precondition Failed", "If-Match must name a draft's version as its ETag does: \"v<version>\"");
    return false;
}

// The record's facts when it can be kept as the draft of this id: XML with a known root whose
// id is the draft's; else nothing, with a 422 sent naming the place.
std::optional<record::record_facts> read_draft(api_context& ctx, response& res, const std::string& body,
                                               const std::string& id) {
    record::record_facts facts = record::read_facts(body, ctx.config.render.limits);
    if (!facts.well_formed) {
        send_problem(res, 422, "Unprocessable Content", "the draft is not well-formed XML", &facts.problems);
        return std::nullopt;
    }
    vanthu::diagnostics why;
    if (!facts.kind)
        why.error(facts.root_at, "the root element is <" + facts.root + ">",
                  "a record's root is <meeting>, <ceremony> or <certification>");
    else if (!facts.id)
        why.error(facts.id_at, "missing attribute id", "a draft is kept under its record's id: id=\"" + id + "\"");
    else if (*facts.id != id)
        why.error(facts.id_at, "the record's id is '" + *facts.id + "', not the draft's '" + id + "'",
                  "save it as /v1/drafts/" + *facts.id + ", or set id=\"" + id + "\"");
    if (why.empty()) return facts;
    send_problem(res, 422, "Unprocessable Content", "the draft cannot be kept under " + id, &why);
    return std::nullopt;
}


// A 404 for an id that is no record id, or no draft of the caller's (another owner's neither).
void refuse_missing(response& res, const std::string& id) { send_problem(res, 404, "Not Found", "no draft " + id); }

}  // namespace

// The record is checked in full, and its problems answered, but kept whatever they are.
void save_draft(api_context& ctx, const caller& who, request& req, response& res, const std::string& id) {
    if (!record::is_record_id(id)) {
        send_problem(res, 422, "Unprocessable Content",
                     "'" + id + "' is not a record id (1-128 characters of A-Z a-z 0-9 . _ : -)");
        return;
    }
    std::optional<int> expected;
    if (!read_if_match(req, res, expected)) return;
    std::optional<std::string> body = read_body(req, res, ctx.config.max_body, ctx.config.pace());
    if (!body) return;
    const std::optional<record::record_facts> facts = read_draft(ctx, res, *body, id);
    if (!facts) return;
    const record::parse_result checked = record::parse_record(*body, ctx.config.render.limits);
    const worker::draft_row row{who.owner, id, record::kind_name(*facts->kind), facts->title, facts->number,
                                facts->date, *body, 0, 0, 0, actor_of(who)};
    const worker::draft_result saved = ctx.store.save_draft(row, expected);
    if (saved.status == worker::draft_status::store_error) return refuse_store(ctx, res, "draft store failed", saved.error);
    if (saved.status == worker::draft_status::conflict) {
        res.set("ETag", version_tag(saved.version));
        send_problem(res, 412, "Precondition Failed",
                     saved.version == 0 ? "there is no draft " + id + " to match"
                                        : "the draft is at version " + std::to_string(saved.version) +
                                              ", not the one If-Match names; fetch it again");
        return;
    }
    worker::audit_entry e;
    e.event = "draft.save";
    e.record_id = id;
    e.revision = saved.version;
    audit_entry_of(ctx, who, req, e);
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("id", id);
    out.set("kind", record::kind_name(*facts->kind));
    out.set("version", saved.version);
    out.set("updated", iso_time(saved.updated_ms));
    out.set("problems", problems_json(checked.problems));
    res.set("ETag", version_tag(saved.version));
    if (saved.status == worker::draft_status::created) res.set("Location", "/v1/drafts/" + id);
    send_json(res, saved.status == worker::draft_status::created ? 201 : 200, out);
}

// The bytes as they were saved.
void show_draft(api_context& ctx, const caller& who, request&, response& res, const std::string& id) {
    std::string error;
    const std::optional<worker::draft_row> d = ctx.store.find_draft(who.owner, id, error);
    if (!error.empty()) return refuse_store(ctx, res, "draft store failed", error);
    if (!d) return refuse_missing(res, id);
    res.set("ETag", version_tag(d->version));
    res.set("Cache-Control", "no-cache");
    send_bytes(res, 200, "application/xml; charset=utf-8", d->body);
}

// 204 once the draft is gone; its jobs, if any, stay.
void delete_draft(api_context& ctx, const caller& who, request& req, response& res, const std::string& id) {
    std::string error;
    const worker::client_status gone = ctx.store.delete_draft(who.owner, id, error);
    if (gone == worker::client_status::store_error) return refuse_store(ctx, res, "draft store failed", error);
    if (gone == worker::client_status::not_found) return refuse_missing(res, id);
    worker::audit_entry e;
    e.event = "draft.delete";
    e.record_id = id;
    audit_entry_of(ctx, who, req, e);
    res.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    res.setContentLength(0);
    res.send();
}

}  // namespace http
