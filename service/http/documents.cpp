// Owns GET /v1/documents: the caller's drafts and submitted records in one list, the latest first.
#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <Poco/JSON/Array.h>

#include "http/handlers.hpp"
#include "http/respond.hpp"
#include "record/record.hpp"
#include "text/vietnamese.hpp"

namespace http {

namespace {

constexpr std::size_t max_documents = 1000;

// One document of the list: a draft, its record's latest job, or both.
struct document {
    std::string id, kind, title, number, date, updated_by;
    std::int64_t updated_ms = 0;
    std::optional<int> draft_version;
    std::optional<worker::job> job;
};

// The latest job as the list shows it: its state and progress, where to fetch it.
Poco::JSON::Object::Ptr job_summary(const worker::job& j) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", j.id);
    o->set("state", worker::state_name(j.state));
    o->set("revision", j.revision);
    o->set("pages", j.state == worker::job_state::done ? j.pages_total : 0);
    o->set("pages_done", j.pages_done);
    o->set("pages_total", j.pages_total);
    o->set("split", j.split);
    o->set("created", iso_time(j.created_ms));
    o->set("updated", iso_time(j.updated_ms));
    o->set("location", "/v1/jobs/" + j.id);
    const bool awaiting = j.state == worker::job_state::awaiting_signature;
    if ((j.state == worker::job_state::done || awaiting) && j.purged_ms == 0)
        o->set("result", "/v1/jobs/" + j.id + "/result");
    if (awaiting && j.purged_ms == 0) o->set("signed", "/v1/jobs/" + j.id + "/signed");
    if (!j.sign.empty()) o->set("sign", j.sign);
    o->set("errors", error_lines(j.last_error));
    return o;
}

// A document as {id, kind, title, number, date, updated, updated_by, draft, job}.
Poco::JSON::Object::Ptr document_json(const document& d) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", d.id);
    o->set("kind", d.kind.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.kind));
    o->set("title", d.title);
    o->set("number", d.number);
    o->set("date", d.date);
    o->set("updated", iso_time(d.updated_ms));
    o->set("updated_by", d.updated_by.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.updated_by));
    Poco::JSON::Object::Ptr draft;
    if (d.draft_version) {
        draft = new Poco::JSON::Object;
        draft->set("version", *d.draft_version);
    }
    o->set("draft", draft ? Poco::Dynamic::Var(draft) : Poco::Dynamic::Var());
    o->set("job", d.job ? Poco::Dynamic::Var(job_summary(*d.job)) : Poco::Dynamic::Var());
    return o;
}

// What the list shows of a job's record: kind, title, number, date.
struct job_facts {
    std::string kind, title, number, date;
};

// The facts of the records of jobs, by job id: a job's record never changes, and the page asks
// for the list every few seconds, so each record is read and parsed once, not at every poll.
class facts_cache {
public:
    std::optional<job_facts> find(const std::string& job_id) {
        std::lock_guard<std::mutex> hold(lock_);
        const auto found = facts_.find(job_id);
        if (found == facts_.end()) return std::nullopt;
        return found->second;
    }
    void keep(const std::string& job_id, job_facts f) {
        std::lock_guard<std::mutex> hold(lock_);
        if (facts_.size() >= max_entries) facts_.clear();  // rare: start again rather than track age
        facts_.emplace(job_id, std::move(f));
    }

private:
    static constexpr std::size_t max_entries = 20000;
    std::mutex lock_;
    std::unordered_map<std::string, job_facts> facts_;
};

// A document of a record known only from its job: what its stored record says (nothing once
// purged, and not remembered then, so a read that failed is tried again).
document from_job(api_context& ctx, const worker::job& j) {
    static facts_cache cache;
    document d;
    d.id = j.record_id;
    d.updated_ms = j.updated_ms;
    d.job = j;
    std::optional<job_facts> facts = cache.find(j.id);
    if (!facts) {
        std::string error;
        const std::optional<std::string> bytes = ctx.store.read_record(j.id, error);
        if (!bytes) return d;
        const record::record_facts read = record::read_facts(*bytes, ctx.config.render.limits);
        facts = job_facts{read.kind ? record::kind_name(*read.kind) : "", read.title, read.number, read.date};
        cache.keep(j.id, *facts);
    }
    d.kind = facts->kind;
    d.title = facts->title;
    d.number = facts->number;
    d.date = facts->date;
    return d;
}

// Whether a document is of the kind asked (any when empty) and holds the folded query in its
// title, number or id (any when empty).
bool matches(const document& d, const std::string& kind, const std::string& folded_query) {
    if (!kind.empty() && d.kind != kind) return false;
    if (folded_query.empty()) return true;
    for (const std::string* field : {&d.title, &d.number, &d.id})
        if (text::fold_case(*field).find(folded_query) != std::string::npos) return true;
    return false;
}

}  // namespace

// Drafts first joined with their record's latest job, then the records with jobs and no draft;
// filtered, the latest updated first, at most max_documents.
void list_documents(api_context& ctx, const caller& who, request& req, response& res, const std::string&) {
    const std::string kind = query_value(req, "kind"), query = text::fold_case(query_value(req, "q"));
    if (!kind.empty() && kind != "meeting" && kind != "ceremony" && kind != "certification") {
        send_problem(res, 400, "Bad Request", "bad value for kind: '" + kind + "' (meeting, ceremony or certification)");
        return;
    }
    std::string error;
    const std::vector<worker::draft_row> drafts = ctx.store.list_drafts(who.owner, error);
    const worker::list_result jobs = ctx.store.latest_jobs(who.sees, max_documents + drafts.size());
    if (!error.empty() || !jobs.error.empty()) {
        refuse_store(ctx, res, "cannot list documents", error + jobs.error);
        return;
    }
    std::map<std::string, const worker::job*> job_of;
    for (const worker::job& j : jobs.items) job_of.emplace(j.record_id, &j);  // the latest updated wins
    std::vector<document> all;
    for (const worker::draft_row& r : drafts) {
        document d{r.id, r.kind, r.title, r.number, r.doc_date, r.updated_by, r.updated_ms, r.version, std::nullopt};
        if (auto found = job_of.find(r.id); found != job_of.end()) {
            d.job = *found->second;
            d.updated_ms = std::max(d.updated_ms, found->second->updated_ms);
            job_of.erase(found);
        }
        if (matches(d, kind, query)) all.push_back(std::move(d));
    }
    for (const worker::job& j : jobs.items) {
        if (all.size() >= max_documents + drafts.size()) break;
        if (!job_of.count(j.record_id) || job_of[j.record_id] != &j) continue;  // drafted, or an older owner's
        document d = from_job(ctx, j);
        if (matches(d, kind, query)) all.push_back(std::move(d));
    }
    std::stable_sort(all.begin(), all.end(), [](const document& a, const document& b) { return a.updated_ms > b.updated_ms; });
    if (all.size() > max_documents) all.resize(max_documents);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const document& d : all) items->add(document_json(d));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("items", items);
    res.set("Cache-Control", "no-store");
    send_json(res, 200, body);
}

}  // namespace http
