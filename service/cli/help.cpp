// Owns the help text of each command the vanthu program runs itself (serve prints its own).
#include "cli/help.hpp"

namespace cli {

namespace {

const char* const render_help =
    "usage: vanthu render [--template NAME] [--templates DIR] [--fonts DIR] [--dump-layout]\n"
    "                     [--split] [--annex] [--max-pages N] [--time-limit SECONDS]\n"
    "                     [--strict-text] [-o OUT] RECORD.xml...\n"
    "\n"
    "Turns each record into an official PDF through its template. '-' reads a record from\n"
    "stdin; -o - writes the PDF to stdout; with several records, -o DIR writes\n"
    "DIR/<record id>.pdf. Without -o, <record id>.pdf in the current folder.\n"
    "\n"
    "  --template NAME   use NAME.xml instead of the record's template or its kind's default\n"
    "  --templates DIR   a folder of templates searched first (also $VANTHU_TEMPLATES); the\n"
    "                    installed templates are searched after it, so DIR holds only the\n"
    "                    templates it changes\n"
    "  --fonts DIR       folder of font files (default: $VANTHU_FONTS, else the installed one)\n"
    "  --dump-layout     write the text dump of the laid-out pages instead of the PDF\n"
    "  --split           certificates: a ZIP with one PDF per recipient, <recipient id>.pdf\n"
    "                    (OUT, or <record id>.zip)\n"
    "  --annex           certificates: also the annex list of recipients (template annex),\n"
    "                    written beside OUT as <OUT without extension>-annex.pdf\n"
    "  --max-pages N     pages a document may have, plus 4 per certificate recipient (10000)\n"
    "  --time-limit SECONDS  longest render of one record; 0 for none (600)\n"
    "  --strict-text     text that looks mis-encoded (VNI or TCVN3 bytes, UTF-8 read twice)\n"
    "                    is an error (exit 65), not a warning\n"
    "  -h, --help        print this help\n"
    "\n"
    "exit codes: 0 done, 64 usage, 65 bad record, 66 missing input, 70 internal error,\n"
    "            73 cannot write, 75 time limit reached, 78 bad template (or page limit)\n";

const char* const check_help =
    "usage: vanthu check [--template NAME] [--templates DIR] [--strict-text] RECORD.xml...\n"
    "       vanthu check --template NAME [--templates DIR]\n"
    "\n"
    "Validates each record against the record format (docs/records.md) and loads and checks\n"
    "the template it would be rendered with; renders nothing. With --template NAME and no\n"
    "record, checks that template alone. Problems are printed as file:line:column: message.\n"
    "\n"
    "  --template NAME   check NAME.xml instead of the record's template or its kind's default\n"
    "  --templates DIR   a folder of templates searched first (also $VANTHU_TEMPLATES), then\n"
    "                    the installed templates\n"
    "  --strict-text     text that looks mis-encoded (VNI or TCVN3 bytes, UTF-8 read twice)\n"
    "                    is an error (exit 65), not a warning\n"
    "  -h, --help        print this help\n"
    "\n"
    "exit codes: 0 valid, 64 usage, 65 bad record, 66 missing input, 78 bad or missing template\n";

}  // namespace

std::string command_help(const std::string& command) {
    if (command == "render") return render_help;
    if (command == "check") return check_help;
    return {};
}

}  // namespace cli
