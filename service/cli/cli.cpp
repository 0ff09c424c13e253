// Owns the command line: parsing arguments and running render and check.
#include "cli/cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <atomic>
#include <condition_variable>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <ostream>
#include <sstream>
#include <thread>

#include "core/data_dirs.hpp"
#include "core/read_file.hpp"
#include "cli/exec_serve.hpp"
#include "cli/help.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/sign_command.hpp"
#include "cli/signing.hpp"
#include "render/render.hpp"
#include "sheet/sheet.hpp"

namespace cli {

namespace fs = std::filesystem;

namespace {

// Set while run_registering runs: where --register hands each render's certificates.
const certificate_registrar* active_registrar = nullptr;

// The files the records of one command write into -o DIR, each with the input it came from:
// two records of one id would otherwise write one file, the later silently over the earlier
// (side by side, either of them).
class output_claims {
public:
    // Whether path is the input's to write: claimed now, or before by the same input; else
    // the input that has it, in owner.
    bool claim(const std::string& path, const std::string& input, std::string& owner) {
        std::lock_guard<std::mutex> hold(mutex_);
        const auto [at, added] = owners_.emplace(path, input);
        if (added || at->second == input) return true;
        owner = at->second;
        return false;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> owners_;
};

const char* const usage_text =
    "usage: vanthu render [--template NAME] [--templates DIR] [--fonts DIR] [--dump-layout]\n"
    "                     [--split] [--annex] [--jobs N] [--max-pages N] [--time-limit SECONDS]\n"
    "                     [--strict-text] [--sign SIGNING OPTIONS] [LIST OPTIONS] [-o OUT] RECORD.xml...\n"
    "       vanthu check [--template NAME] [--templates DIR] [--strict-text] [LIST OPTIONS] [RECORD.xml...]\n"
    "       vanthu import (--recipients LIST | --participants LIST) [--sheet NAME] [--map F=C,...]\n"
    "                     [--id-prefix P] [--encoding NAME] [-o OUT] SKELETON.xml\n"
    "       vanthu import --repair-text [--encoding NAME] [-o OUT] RECORD.xml\n"
    "       vanthu sign IN.pdf -o OUT.pdf --p12 KEY.p12 (--pass-file F | --pass-env VAR) [--as ROLE] ...\n"
    "       vanthu verify FILE.pdf [--ca FILE]\n"
    "       vanthu serve [--config=FILE] [-Dkey=value]...   (vanthu serve --help)\n"
    "       vanthu token add NAME [--scope LIST] | list | revoke NAME   (vanthu token --help)\n"
    "       vanthu user add NAME --role ROLE [--unit CODE] | list | passwd NAME | disable NAME\n"
    "       vanthu --help | vanthu help COMMAND | vanthu COMMAND --help\n"
    "\n"
    "render   turns each record into an official PDF. '-' reads a record from stdin;\n"
    "         -o - writes the PDF to stdout; with several records, -o DIR writes\n"
    "         DIR/<record id>.pdf. Without -o, <record id>.pdf in the current folder.\n"
    "check    validates records against the record format and checks the template each\n"
    "         would use (or, with --template NAME alone, that template); renders nothing.\n"
    "import   fills a record's recipients (or a meeting's attendees) from a spreadsheet\n"
    "         (.xlsx, or CSV/tab-separated text) and writes the whole record (-o, or stdout);\n"
    "         with --repair-text, the record with its mis-encoded texts (VNI or TCVN3 bytes\n"
    "         read as windows-1258, UTF-8 encoded twice) read as meant, each change on stderr.\n"
    "sign     signs a PDF (PAdES, a person's signature or the organisation's seal) as an\n"
    "         incremental update; earlier signatures stay valid (vanthu sign --help).\n"
    "verify   checks each signature of a PDF; exit 0 only when all are valid (vanthu verify --help).\n"
    "serve    runs the worker: HTTP API, spool folder, durable job queue (SQLite or\n"
    "         PostgreSQL); keys and defaults in samples/vanthu.properties. It is the\n"
    "         program vanthu-serve beside vanthu, run in its place (exit 69 if missing).\n"
    "token    creates, lists and revokes the API's client tokens, in serve's store\n"
    "         (same --config and -D settings); run by vanthu-serve too.\n"
    "user     adds, lists, re-keys and disables the web page's users (password on stdin),\n"
    "         in serve's store, like token (vanthu user --help).\n"
    "revoke   RECORD_ID RECIPIENT_ID [--reason TEXT]: the recipient's certificates are revoked\n"
    "         in serve's register; their verification page says so (vanthu revoke --help).\n"
    "\n"
    "  --template NAME   use templates/NAME.xml instead of the record's or its kind's default\n"
    "  --templates DIR   folder of templates searched first; the installed ones after it\n"
    "  --fonts DIR       folder of font files (default: the installed or built-in one)\n"
    "  --dump-layout     write the text dump of the laid-out pages instead of the PDF\n"
    "  --split           certificates: a ZIP with one PDF per recipient, <recipient id>.pdf\n"
    "                    (OUT, or <record id>.zip)\n"
    "  --annex           certificates: also the annex list of recipients (template annex),\n"
    "                    written beside OUT as <OUT without extension>-annex.pdf\n"
"  --verify-key FILE certificates: sign each recipient's verification code with the key in FILE\n"
    "                    (32 bytes or more; $VANTHU_VERIFY_KEY_FILE)\n"
    "  --public-url URL  certificates: the address of the verification page the QR code leads to,\n"
    "                    URL/verify/CODE ($VANTHU_PUBLIC_URL); needs --verify-key\n"
    "  --register        certificates: enter each one in the worker's register, so that its\n"
    "                    code's page (GET /verify/CODE) finds it; the store is serve's (--config\n"
    "                    FILE, -Dkey=value, the environment); run by vanthu-serve; exit 69 when\n"
    "                    the store cannot take them (nothing is written then)\n"
    "  --jobs N          threads (the cores available): a certificate batch's chunks of 500\n"
    "                    painted at once, or several records rendered side by side; the same\n"
    "                    PDF (or ZIP) for every N\n"
    "  --max-pages N     pages a document may have, plus 4 per certificate recipient (10000)\n"
    "  --time-limit SECONDS  longest render of one record; 0 for none (600)\n"
    "  --strict-text     text that looks like VNI, TCVN3 or UTF-8 encoded twice is an error\n"
    "                    (exit 65), not a warning\n"
    "  --sign            sign each PDF made (each one of a --split ZIP, the annex too) with the\n"
    "                    signing options of vanthu sign: --p12 KEY.p12 (--pass-file F | --pass-env\n"
    "                    VAR) [--as person|organization] [--image PNG] [--seal-size MM] [--reason\n"
    "                    TEXT] [--field NAME] [--name TEXT] [--tsa URL [--tsa-ca FILE]] (vanthu sign\n"
    "                    --help)\n"
    "list options (render, check and import of one SKELETON.xml):\n"
    "  --recipients LIST    fill the certification's recipients from LIST (.xlsx, .csv, .txt)\n"
    "  --participants LIST  fill the meeting's attendees from LIST\n"
    "  --sheet NAME         the workbook's sheet to read (default: the first)\n"
    "  --map F=C,...        columns by letter, over the header's names: id, rank, name,\n"
    "                       position, detail, unit, citation, register (name=C,detail=D)\n"
    "  --id-prefix P        ids of rows without one: P-<row> (default: the record's id)\n"
    "  --encoding NAME      the encoding of a record (or list) that names none: utf-8, windows-1258,\n"
    "                       tcvn3, tcvn3-h, vni, viqr (default: UTF-8, else guessed with a warning)\n"
    "\n"
    "exit codes: 0 done, 64 usage, 65 bad record, 66 missing input, 70 internal error,\n"
    "            73 cannot write, 75 time limit reached, 78 bad template (or page limit)\n";

struct command_line {
    std::string command;
    std::string template_name;
    std::string templates_dir;
    std::string fonts_dir;
    std::string output;  // empty: <id>.pdf in the current folder
    bool dump_layout = false;
    bool split = false;  // one PDF per recipient, in a ZIP
    bool annex = false;  // also the annex list
    bool strict_text = false;  // mis-encoded text refuses the record
    std::string public_url;    // --public-url (else $VANTHU_PUBLIC_URL): the verification page's address
    std::string verify_key;    // --verify-key FILE (else $VANTHU_VERIFY_KEY_FILE): the body's key
    bool register_certs = false;  // --register: certificates go into the worker's register
    std::size_t max_pages = render::options{}.max_pages;
    std::size_t jobs = 0;  // --jobs: threads painting a batch (0: render::available_cores())
    bool sign = false;     // --sign: each PDF signed (PAdES) with the key of the signing options
    signing_line signing;
    std::chrono::milliseconds time_limit = default_time_limit;
    std::vector<std::string> inputs;
    bool help = false;  // --help: print the command's help, do nothing else
    bool repair_text = false;  // import --repair-text
    std::string list;   // --recipients or --participants: the spreadsheet that fills the record
    sheet::import_options import;
};

// Reads a whole number of at least 1 (--max-pages); false when the text is anything else.
bool parse_page_limit(const std::string& text, std::size_t& into) {
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    into = static_cast<std::size_t>(std::stoul(text));
    return into > 0;
}

// Reads seconds, with an optional fraction, 0 to 86400 (--time-limit); false otherwise.
bool parse_seconds(const std::string& text, std::chrono::milliseconds& into) {
    const std::size_t dot = text.find('.');
    const std::string whole = text.substr(0, dot);
    const std::string fraction = dot == std::string::npos ? std::string() : text.substr(dot + 1);
    auto digits = [](const std::string& s) { return s.find_first_not_of("0123456789") == std::string::npos; };
    if (whole.empty() || whole.size() > 5 || !digits(whole) || !digits(fraction) ||
        (dot != std::string::npos && fraction.empty()))
        return false;
    long ms = std::stol(whole) * 1000;
    for (std::size_t i = 0, scale = 100; i < fraction.size() && scale > 0; ++i, scale /= 10)
        ms += static_cast<long>(fraction[i] - '0') * static_cast<long>(scale);
    if (ms > 86400L * 1000) return false;
    into = std::chrono::milliseconds(ms);
    return true;
}

// Reads the options after the command word; false with a message on a bad one.
bool parse_options(const std::vector<std::string>& args, command_line& cl, std::string& message) {
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) {
                message = "option " + a + " needs a value";
                return false;
            }
            into = args[++i];
            return true;
        };
        if (a == "--template") { if (!value(cl.template_name)) return false; }
        else if (a == "--templates") { if (!value(cl.templates_dir)) return false; }
        else if (a == "--fonts") { if (!value(cl.fonts_dir)) return false; }
        else if (a == "-o" || a == "--output") { if (!value(cl.output)) return false; }
        else if (a == "--help" || a == "-h") {
            cl.help = true;
            return true;
        }
        else if (a == "--recipients" || a == "--participants") {
            if (!cl.list.empty()) {
                message = "one list at a time: --recipients or --participants";
                return false;
            }
            if (!value(cl.list)) return false;
            cl.import.kind = a == "--recipients" ? sheet::list_of::recipients : sheet::list_of::participants;
        }
        else if (a == "--sheet") { if (!value(cl.import.read.sheet)) return false; }
        else if (a == "--map") { if (!value(cl.import.map)) return false; }
        else if (a == "--id-prefix") { if (!value(cl.import.id_prefix)) return false; }
        else if (a == "--encoding") { if (!value(cl.import.read.encoding)) return false; }
        else if (a == "--repair-text") cl.repair_text = true;
        else if (a == "--dump-layout") cl.dump_layout = true;
        else if (a == "--split") cl.split = true;
        else if (a == "--register") cl.register_certs = true;
        else if (a == "--sign") cl.sign = true;
        else if (take_signing_option(args, i, cl.signing, message)) {
            if (!message.empty()) return false;
        }
        else if (a == "--annex") cl.annex = true;
        else if (a == "--public-url") { if (!value(cl.public_url)) return false; }
        else if (a == "--verify-key") { if (!value(cl.verify_key)) return false; }
        else if (a == "--strict-text") cl.strict_text = true;
        else if (a == "--max-pages" || a == "--time-limit" || a == "--jobs") {
            std::string text;
            if (!value(text)) return false;
            const bool ok = a == "--max-pages" ? parse_page_limit(text, cl.max_pages)
                            : a == "--jobs"    ? parse_page_limit(text, cl.jobs) && cl.jobs <= 64
                                               : parse_seconds(text, cl.time_limit);
            if (!ok) {
                message = a == "--max-pages" ? "--max-pages takes a whole number of pages from 1, not '" + text + "'"
                          : a == "--jobs"    ? "--jobs takes a number of threads from 1 to 64, not '" + text + "'"
                                             : "--time-limit takes seconds from 0 to 86400, not '" + text + "'";
                return false;
            }
        }
        else if (a.size() > 1 && a[0] == '-') {
            message = "unknown option " + a;
            return false;
        } else cl.inputs.push_back(a);
    }
    if (cl.inputs.empty() && (cl.command != "check" || cl.template_name.empty())) {
        message = cl.command == "check" ? "no record given (or --template NAME to check a template alone)" : "no record given";
        return false;
    }
    if (cl.command == "import" && cl.list.empty() == !cl.repair_text) {
        message = cl.repair_text ? "--repair-text repairs a record; it takes no list"
                                 : "import needs --recipients LIST or --participants LIST (or --repair-text)";
        return false;
    }
    if (cl.repair_text && (cl.command != "import" || cl.inputs.size() != 1)) {
        message = "--repair-text goes with import and one RECORD.xml";
        return false;
    }
    if (!cl.list.empty() && cl.inputs.size() != 1) {
        message = "a list fills one record: give one SKELETON.xml";
        return false;
    }
    if (cl.list.empty() && (!cl.import.read.sheet.empty() || !cl.import.map.empty() || !cl.import.id_prefix.empty())) {
        message = "--sheet, --map and --id-prefix go with --recipients or --participants";
        return false;
    }
    if (cl.split && cl.dump_layout) {
        message = "--split and --dump-layout do not go together";
        return false;
    }
    if (cl.signing.any && !cl.sign) {
        message = "--p12, --pass-file, --as, --image ... are signing options: they go with --sign";
        return false;
    }
    if (cl.sign && (cl.command != "render" || cl.dump_layout)) {
        message = "--sign goes with render, and signs PDFs: not with --dump-layout";
        return false;
    }
    if (cl.sign && !check_signing_options(cl.signing, message)) return false;
    if ((cl.split || cl.annex) && cl.output == "-") {
        message = "--split and --annex write files; give -o a file or a folder";
        return false;
    }
    return true;
}

// Where the output of one record goes: a file path, or "-" for stdout.
std::string output_path(const command_line& cl, const std::string& record_id, bool many) {
    const std::string name = record_id + (cl.dump_layout ? ".layout.txt" : cl.split ? ".zip" : ".pdf");
    if (cl.output.empty()) return name;
    if (cl.output == "-") return "-";
    std::error_code ec;
    if (many || fs::is_directory(cl.output, ec) || cl.output.back() == '/')
        return (fs::path(cl.output) / name).string();
    return cl.output;
}

// Keeps the most telling exit code of several records: the first failure wins.
void note_exit(int& overall, int code) {
    if (overall == exit_ok) overall = code;
}

// The exit code of a failed render.
int exit_for(render::failure f) {
    switch (f) {
        case render::failure::none: return exit_ok;
        case render::failure::bad_record: return exit_bad_record;
        case render::failure::bad_template: return exit_bad_template;
        case render::failure::time_limit: return exit_time_limit;
        case render::failure::internal: return exit_internal;
    }
    return exit_internal;
}

// The file name printed in front of a record's diagnostics.
std::string shown_name(const std::string& input) { return input == "-" ? "<stdin>" : input; }

// Prints diagnostics, naming the record file where a diagnostic names no file.
void print_problems(const vanthu::diagnostics& problems, const std::string& input, std::ostream& err) {
    for (vanthu::diagnostic d : problems.items) {
        if (d.where.file.empty() && d.where.line > 0) d.where.file = shown_name(input);
        err << vanthu::format_diagnostic(d) << '\n';
    }
}

// Where the annex of an output goes: beside it, "-annex.pdf" in place of its extension.
std::string annex_path(const std::string& output) {
    const fs::path p(output);
    return (p.parent_path() / (p.stem().string() + "-annex.pdf")).string();
}

// Several records' files all go into the -o folder, which run_render syncs once at the end.
folder_sync folder_sync_for(bool many) { return many ? folder_sync::by_caller : folder_sync::each_file; }

// Renders the annex list of a record beside its output; returns its exit code.
int render_annex(const render::options& opts, const std::string& input, const std::string& bytes,
                 const std::string& output, folder_sync when, std::ostream& err) {
    render::options annex = opts;
    annex.template_name = "annex";
    annex.progress = nullptr;
    annex.keep_pages = false;
    render::result r = render::render_record(bytes, annex);
    print_problems(r.problems, input, err);
    if (!r) {
        err << "vanthu: " << shown_name(input) << ": annex not rendered\n";
        return exit_for(r.status);
    }
    std::string message;
    if (!write_file_atomically(annex_path(output), r.pdf, message, when)) {
        err << "vanthu: " << message << '\n';
        return exit_cannot_write;
    }
    return exit_ok;
}

// Whether the input may write path (always, with one record); else false with why.
bool claimed(output_claims* many, const std::string& path, const std::string& id, const std::string& input,
             std::string& why) {
    std::string owner;
    if (!many || many->claim(path, input, owner)) return true;
    why = shown_name(input) + " has the record id '" + id + "' of " + shown_name(owner) + " too; " + path + " is " +
          shown_name(owner) + "'s, so " + shown_name(input) + " is not written (give the records different ids)";
    return false;
}

// Renders a record straight into its output as the PDF (or, with --split, the ZIP of one PDF
// per recipient) is made: stdout, or a temporary file beside the output that is renamed over
// it only once the render is good (a failed render removes it); returns the exit code. Memory
// never holds the whole PDF of a batch.
// The bytes are handed over to the render (and freed once parsed) unless the annex needs them.
int render_streamed(const command_line& cl, const render::options& opts, const std::string& input,
                    std::string& bytes, output_claims* many, progress_line& shown, std::ostream& out,
                    std::ostream& err) {
    const bool to_stdout = cl.output == "-";
    std::unique_ptr<atomic_file> file;  // opened with the first bytes, once the record id is known
    bool write_failed = false;
    auto send = [&](const std::string& id, std::string_view pdf, std::string& why) {
        if (to_stdout) {
            if (out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()))) return true;
            why = "cannot write to stdout";
        } else {
            bool opened = true;
            if (!file) {
                const std::string path = output_path(cl, id, many != nullptr);
                if (!claimed(many, path, id, input, why)) {
                    write_failed = true;
                    return false;
                }
                file = std::make_unique<atomic_file>(path);
                opened = file->open(why);
            }
            if (opened && file->write(pdf, why)) return true;
        }
        write_failed = true;
        return false;
    };
    render::result r = cl.split ? render::render_zip(bytes, opts, send)
                       : cl.annex ? render::render_to(bytes, opts, send)
                                  : render::render_to(std::move(bytes), opts, send);
    shown.finish();
    print_problems(r.problems, input, err);
    if (!r) {
        err << "vanthu: " << shown_name(input) << ": not rendered\n";
        return write_failed ? exit_cannot_write : exit_for(r.status);
    }
    std::string message;
    if (cl.register_certs && active_registrar) {
        if (!(*active_registrar)(r.certificates, message)) {
            err << "vanthu: " << shown_name(input) << ": cannot register its certificates, so it is not written: "
                << message << '\n';
            return exit_unavailable;
        }
        err << "vanthu: " << shown_name(input) << ": " << r.certificates.size() << " certificate(s) registered\n";
    }
    if (to_stdout) return out.flush() ? exit_ok : exit_cannot_write;
    const folder_sync when = folder_sync_for(many != nullptr);
    if (!file || !file->commit(message, when)) {
        err << "vanthu: " << (file ? message : "nothing to write for " + shown_name(input)) << '\n';
        return exit_cannot_write;
    }
    return cl.annex ? render_annex(opts, input, bytes, file->path(), when, err) : exit_ok;
}

// With --recipients or --participants, or a skeleton naming its list (<recipients
// from="ds.xlsx"/>, read from beside it), the record's bytes become the skeleton filled from
// the list; exit_ok, or the exit code once the problems are printed.
int fill_from_list(const command_line& cl, const std::string& input, std::string& bytes, std::ostream& err) {
    sheet::import_options o = cl.import;
    std::string path = cl.list;
    if (path.empty()) {
        const std::optional<sheet::list_reference> named = sheet::named_list(bytes);
        if (!named) return exit_ok;
        if (!named->problem.empty()) {
            err << "vanthu: " << shown_name(input) << ": " << named->problem << '\n';
            return exit_bad_record;
        }
        o.kind = named->kind;
        path = (input == "-" ? fs::path(named->file) : fs::path(input).parent_path() / named->file).string();
    }
    std::string list, message;
    if (!read_input(path, list, message)) {
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    o.list_name = shown_name(path);
    vanthu::diagnostics problems;
    std::string record;
    const bool ok = sheet::import_list(bytes, list, o, record, problems);
    print_problems(problems, input, err);
    if (!ok) {
        err << "vanthu: " << shown_name(input) << ": not filled from " << o.list_name << '\n';
        return exit_bad_record;
    }
    bytes = std::move(record);
    return exit_ok;
}

// vanthu import --repair-text: the record's mis-encoded texts read as meant, each change on
// stderr; false (with the exit code) when the record is not XML.
bool repair_record(const std::string& input, std::string& bytes, std::ostream& err, int& code) {
    std::vector<sheet::text_repair> repairs;
    vanthu::diagnostics problems;
    std::string repaired;
    if (!sheet::repair_text(bytes, repaired, repairs, problems)) {
        print_problems(problems, input, err);
        code = exit_bad_record;
        return false;
    }
    for (sheet::text_repair& r : repairs) {
        r.where.file = shown_name(input);
        err << vanthu::format_diagnostic({vanthu::severity::warning, r.where, "'" + r.was + "' -> '" + r.now + "'", ""}) << '\n';
    }
    err << "vanthu: " << repairs.size() << (repairs.size() == 1 ? " text" : " texts")
        << " repaired; read each before the record is used\n";
    bytes = std::move(repaired);
    return true;
}

// vanthu import: the skeleton filled from the list (or, with --repair-text, the record
// repaired), written whole to -o (or stdout).
int run_import(const command_line& cl, std::ostream& out, std::ostream& err) {
    const std::string& input = cl.inputs.front();
    std::string bytes, message;
    if (!read_input(input, bytes, message)) {
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    int code = exit_ok;
    if (cl.repair_text ? !repair_record(input, bytes, err, code) : (code = fill_from_list(cl, input, bytes, err)) != exit_ok)
        return code;
    if (cl.output.empty() || cl.output == "-") {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        return out ? exit_ok : exit_cannot_write;
    }
    if (!write_file_atomically(cl.output, bytes, message)) {
        err << "vanthu: " << message << '\n';
        return exit_cannot_write;
    }
    return exit_ok;
}

// Renders one record file; returns its exit code. A progress line is shown on a terminal
// unless `quiet` (records rendered side by side).
int render_one(const command_line& cl, const render::options& base, const std::string& input,
               output_claims* many, std::ostream& out, std::ostream& err, bool quiet = false) {
    std::string bytes, message;
    if (!read_input(input, bytes, message)) {
        err << "vanthu: " << message << '\n';
        return exit_no_input;
    }
    if (const int code = fill_from_list(cl, input, bytes, err); code != exit_ok) return code;
    progress_line shown(err, !quiet && stderr_is_terminal());
    render::options opts = base;
    opts.progress = [&](std::size_t done, std::size_t total) { shown.update(done, total); };
    if (!cl.dump_layout) return render_streamed(cl, opts, input, bytes, many, shown, out, err);
    render::result r = render::render_record(bytes, opts);
    shown.finish();
    print_problems(r.problems, input, err);
    if (!r) {
        err << "vanthu: " << shown_name(input) << ": not rendered\n";
        return exit_for(r.status);
    }
    const std::string dump = layout::dump_pages(r.pages);
    const std::string path = output_path(cl, r.record_id, many != nullptr);
    if (!claimed(many, path, r.record_id, input, message)) {
        err << "vanthu: " << message << '\n';
        return exit_cannot_write;
    }
    if (path == "-") {
        out.write(dump.data(), static_cast<std::streamsize>(dump.size()));
        out.flush();
        return out ? exit_ok : exit_cannot_write;
    }
    if (!write_file_atomically(path, dump, message, folder_sync_for(many != nullptr))) {
        err << "vanthu: " << message << '\n';
        return exit_cannot_write;
    }
    return cl.annex ? render_annex(opts, input, bytes, path, folder_sync_for(many != nullptr), err) : exit_ok;
}

// Tunes glibc's allocator for big batches: no mmap and no trimming for the many mid-sized
// blocks of a long document (DESIGN.md: 500 pages from about 0.5 s to about 0.1 s).
void tune_allocator() {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
}

// The template folders: --templates DIR (else $VANTHU_TEMPLATES) first, the installed ones after.
void set_template_folders(const command_line& cl, render::options& opts) {
    opts.templates_dir = cl.templates_dir.empty() ? vanthu::find_data_dir("templates") : cl.templates_dir;
    opts.more_templates_dirs = vanthu::templates_after(opts.templates_dir);
}

// The key and address of verification codes: the options, else the environment. False (after
// saying why) for a key file that cannot be read or is too short, or an address without a key.
bool set_verification(const command_line& cl, render::options& opts, std::ostream& err) {
    const char* env_key = std::getenv("VANTHU_VERIFY_KEY_FILE");
    const char* env_url = std::getenv("VANTHU_PUBLIC_URL");
    const std::string key_file = !cl.verify_key.empty() ? cl.verify_key : env_key ? env_key : "";
    opts.public_url = !cl.public_url.empty() ? cl.public_url : env_url ? env_url : "";
    if (key_file.empty()) {
        if (opts.public_url.empty()) return true;
        err << "vanthu: a public URL for verification needs the key that signs the codes (--verify-key FILE)\n";
        return false;
    }
    const vanthu::file_read key = vanthu::read_regular_file(key_file, 4096);
    if (!key.bytes) {
        err << "vanthu: cannot read the verification key " << key_file << ": " << key.refused << '\n';
        return false;
    }
    if (key.bytes->size() < 32) {
        err << "vanthu: the verification key " << key_file << " has " << key.bytes->size()
            << " bytes; it needs 32 or more (head -c 32 /dev/urandom > FILE)\n";
        return false;
    }
    opts.verify_key = *key.bytes;
    return true;
}

// --sign: every PDF the render makes (each of a split batch, an annex too) is signed by one
// signer, at one signing time for the whole run; each different warning is said once.
class render_signing {
public:
    // Loads the key and hooks the signer into the options; the exit code.
    int start(const command_line& cl, render::options& opts, std::ostream& err) {
        signing_line line = cl.signing;
        if (const int code = load_signing_key(line, opts.fonts_dir, who_, err); code != exit_ok) return code;
        signer_ = std::make_unique<sign::signer>(who_, line.options);
        opts.finish_pdf = [this](std::string& pdf, std::string& message) { return sign(pdf, message); };
        return exit_ok;
    }
    // What was signed, and the warnings, once each.
    void report(std::ostream& err) {
        if (!signer_) return;
        std::lock_guard<std::mutex> hold(lock_);
        for (const std::string& w : warnings_) err << "vanthu: warning: " << w << '\n';
        err << "vanthu: " << signed_ << " PDF(s) signed as " << who_.common_name() << '\n';
    }

private:
    bool sign(std::string& pdf, std::string& message) {
        vanthu::diagnostics problems;
        std::string signed_pdf;
        std::lock_guard<std::mutex> hold(lock_);  // one signer, whose look is drawn once, for every thread
        const bool done = signer_->sign(pdf, signed_pdf, problems) == sign::sign_status::done;
        for (const vanthu::diagnostic& d : problems.items) {
            if (d.level == vanthu::severity::warning) warnings_.insert(d.message);
            else if (message.empty()) message = d.message;
        }
        if (!done) {
            if (message.empty()) message = "cannot sign";
            return false;
        }
        pdf = std::move(signed_pdf);
        ++signed_;
        return true;
    }

    sign::credentials who_;
    std::unique_ptr<sign::signer> signer_;
    std::mutex lock_;  // the hook runs on a split batch's finishing thread, or records' threads
    std::set<std::string> warnings_;
    std::size_t signed_ = 0;
};

// Several records into files on `threads` threads, each record rendered as it is alone but on
// one thread (the same bytes as one by one); each one's messages are held and printed in the
// order of the inputs once it is done, so the output reads as with one thread.
int render_side_by_side(const command_line& cl, const render::options& opts, std::size_t threads,
                        output_claims& claims, std::ostream& out, std::ostream& err) {
    render::options one = opts;
    one.jobs = 1;
    const std::size_t n = cl.inputs.size();
    std::vector<std::ostringstream> said(n);
    std::vector<int> codes(n, exit_ok);
    std::vector<char> done(n, 0);
    std::mutex lock;
    std::condition_variable finished;
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            int code = exit_internal;
            try {
                code = render_one(cl, one, cl.inputs[i], &claims, out, said[i], true);
            } catch (const std::exception& e) {
                said[i] << "vanthu: " << shown_name(cl.inputs[i]) << ": not rendered: " << e.what() << '\n';
            }
            {
                std::lock_guard<std::mutex> hold(lock);
                codes[i] = code;
                done[i] = 1;
            }
            finished.notify_all();
        }
    };
    std::vector<std::thread> running;
    for (std::size_t t = 0; t < std::min(threads, n); ++t) running.emplace_back(work);
    int overall = exit_ok;
    for (std::size_t i = 0; i < n; ++i) {
        {
            std::unique_lock<std::mutex> hold(lock);
            finished.wait(hold, [&] { return done[i] != 0; });
        }
        err << said[i].str();
        if (codes[i] != exit_ok) note_exit(overall, codes[i]);
    }
    for (std::thread& t : running) t.join();
    return overall;
}

// vanthu render: every record, each into its own output.
int run_render(const command_line& cl, std::ostream& out, std::ostream& err) {
    tune_allocator();
    render::options opts;
    if (!set_verification(cl, opts, err)) return exit_usage;
    if (cl.register_certs && opts.verify_key.empty()) {
        err << "vanthu: --register enters certificates by their verification codes: it needs --verify-key FILE\n";
        return exit_usage;
    }
    opts.template_name = cl.template_name;
    set_template_folders(cl, opts);
    opts.fonts_dir = cl.fonts_dir.empty() ? vanthu::find_data_dir("fonts") : cl.fonts_dir;
    opts.keep_pages = cl.dump_layout;
    opts.max_pages = cl.max_pages;
    opts.jobs = cl.jobs ? cl.jobs : std::min<std::size_t>(render::available_cores(), 64);
    opts.time_limit = cl.time_limit;
    opts.limits.strict_text = cl.strict_text;
    opts.limits.encoding = cl.import.read.encoding;
    tmpl::template_memo templates;  // the records of one command share their templates
    opts.templates = &templates;
    const bool many = cl.inputs.size() > 1;
    if (many && cl.output == "-") {
        err << "vanthu: several records cannot all go to stdout; use -o DIR\n" << usage_text;
        return exit_usage;
    }
    if (many && !cl.output.empty()) {
        std::error_code ec;
        fs::create_directories(cl.output, ec);
        if (ec) {
            err << "vanthu: cannot create " << cl.output << ": " << ec.message() << '\n';
            return exit_cannot_write;
        }
    }
    render_signing signing;
    if (cl.sign) {
        if (const int code = signing.start(cl, opts, err); code != exit_ok) return code;
    }
    // Several records share the threads a record by itself: their certificates registered one
    // record at a time, as the store wants them.
    int overall = exit_ok;
    output_claims claims;
    if (many && opts.jobs > 1 && !cl.register_certs) {
        overall = render_side_by_side(cl, opts, opts.jobs, claims, out, err);
    } else {
        for (const std::string& input : cl.inputs) {
            const int code = render_one(cl, opts, input, many ? &claims : nullptr, out, err);
            if (code != exit_ok) note_exit(overall, code);
        }
    }
    signing.report(err);
    std::string message;
    if (many && !cl.output.empty() && !sync_folder(cl.output, message)) {  // the renames of every record's files
        err << "vanthu: " << message << '\n';
        note_exit(overall, exit_cannot_write);
    }
    return overall;
}

// Loads and checks the template a record would use (or --template NAME alone), printing its
// problems; on success, `described` says which template and which file it came from.
int check_template_of(const record::record* r, const render::options& opts, const std::string& shown,
                      std::string& described, std::ostream& err) {
    tmpl::load_result loaded = render::check_template(r, opts);
    for (const vanthu::diagnostic& d : loaded.problems.items) err << vanthu::format_diagnostic(d) << '\n';
    if (!loaded) {
        err << "vanthu: " << shown << ": the template cannot be used\n";
        return exit_bad_template;
    }
    const tmpl::template_def& t = *loaded.value;
    described = "template '" + tmpl::template_name(t) + "' (" +
                (fs::path(tmpl::template_folder(t)) / tmpl::template_file(t)).string() + ")";
    return exit_ok;
}

// vanthu check: validate every record and the template it would use, print their problems;
// with --template NAME and no record, the template alone.
int run_check(const command_line& cl, std::ostream& out, std::ostream& err) {
    render::options opts;
    opts.limits.strict_text = cl.strict_text;
    opts.limits.encoding = cl.import.read.encoding;
    opts.template_name = cl.template_name;
    set_template_folders(cl, opts);
    std::string described;
    if (cl.inputs.empty()) {
        const int code = check_template_of(nullptr, opts, cl.template_name + ".xml", described, err);
        if (code == exit_ok) out << "valid " << described << '\n';
        return code;
    }
    int overall = exit_ok;
    for (const std::string& input : cl.inputs) {
        std::string bytes, message;
        if (!read_input(input, bytes, message)) {
            err << "vanthu: " << message << '\n';
            note_exit(overall, exit_no_input);
            continue;
        }
        if (const int code = fill_from_list(cl, input, bytes, err); code != exit_ok) {
            note_exit(overall, code);
            continue;
        }
        record::parse_result parsed = render::check_record(bytes, opts);
        print_problems(parsed.problems, input, err);
        if (!parsed) {
            note_exit(overall, exit_bad_record);
            continue;
        }
        const int code = check_template_of(&parsed.value, opts, shown_name(input), described, err);
        if (code != exit_ok) {
            note_exit(overall, code);
            continue;
        }
        out << shown_name(input) << ": valid " << record::kind_name(parsed.value.kind) << " record '"
            << parsed.value.id << "', " << described << '\n';
    }
    return overall;
}

// vanthu help COMMAND, vanthu COMMAND --help: the command's help on stdout, exit 0.
int print_help(const std::string& command, std::ostream& out, std::ostream& err) {
    if (command == "serve") return exec_serve({"--help"}, err);
    if (command == "revoke") return exec_serve({"revoke", "--help"}, err);
    const std::string help = command_help(command);
    if (help.empty()) {
        err << "vanthu: no command '" << command << "'\n" << usage_text;
        return exit_usage;
    }
    out << help;
    return exit_ok;
}

}  // namespace

int run_registering(const std::vector<std::string>& args, const certificate_registrar& registrar, std::istream& in,
                    std::ostream& out, std::ostream& err) {
    active_registrar = &registrar;
    const int code = run(args, in, out, err);
    active_registrar = nullptr;
    return code;
}

int run(const std::vector<std::string>& args, std::istream&, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << usage_text;
        return exit_usage;
    }
    if (args[0] == "--help" || args[0] == "-h" || (args[0] == "help" && args.size() == 1)) {
        out << usage_text;
        return exit_ok;
    }
    if (args[0] == "help" && args.size() > 1) return print_help(args[1], out, err);
    if (args[0] == "serve") return exec_serve({args.begin() + 1, args.end()}, err);
    if (args[0] == "sign") return run_sign({args.begin() + 1, args.end()}, out, err);
    if (args[0] == "verify") return run_verify({args.begin() + 1, args.end()}, out, err);
    if (args[0] == "token" || args[0] == "user" || args[0] == "revoke") return exec_serve(args, err);
    // The register is in the worker's store, which only vanthu-serve links.
    if (args[0] == "render" && !active_registrar && std::find(args.begin(), args.end(), "--register") != args.end())
        return exec_serve(args, err);
    command_line cl;
    cl.command = args[0];
    if (cl.command != "render" && cl.command != "check" && cl.command != "import") {
        err << "vanthu: unknown command '" << cl.command << "'\n" << usage_text;
        return exit_usage;
    }
    std::string message;
    if (!parse_options(args, cl, message)) {
        err << "vanthu: " << message << "\n" << usage_text;
        return exit_usage;
    }
    if (cl.help) return print_help(cl.command, out, err);
    if (cl.command == "import") return run_import(cl, out, err);
    return cl.command == "render" ? run_render(cl, out, err) : run_check(cl, out, err);
}

}  // namespace cli
