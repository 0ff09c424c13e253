// Owns the help text of each command the vanthu program runs itself (serve prints its own).
#include "cli/help.hpp"

namespace cli {

namespace {

// The list options render and check share (import's help says each in full).
#define VANTHU_LIST_OPTIONS                                                                              \
    "  --recipients LIST    one SKELETON.xml: its recipients from LIST (.xlsx, .csv, .txt);\n"          \
    "                       a skeleton with <recipients from=\"ds.xlsx\"/> reads ds.xlsx beside it\n"  \
    "  --participants LIST  one SKELETON.xml: a meeting's attendees from LIST\n"                        \
    "  --sheet NAME, --map F=C,..., --id-prefix P   as vanthu import --help says\n"                     \
    "  --encoding NAME   the encoding of a record (or list) that names none: utf-8,\n"                  \
    "                    windows-1258, tcvn3, tcvn3-h, vni, viqr (default: UTF-8, else guessed)\n"

const char* const render_help =
    "usage: vanthu render [--template NAME] [--templates DIR] [--fonts DIR] [--dump-layout]\n"
    "                     [--split] [--annex] [--jobs N] [--max-pages N] [--time-limit SECONDS]\n"
    "                     [--strict-text] [--sign SIGNING OPTIONS] [-o OUT] RECORD.xml...\n"
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
    "  --verify-key FILE certificates: each carries its verification code, a MAC under the key\n"
    "                    in FILE (32 bytes or more; $VANTHU_VERIFY_KEY_FILE)\n"
    "  --public-url URL  certificates: the QR code leads to URL/verify/CODE ($VANTHU_PUBLIC_URL)\n"
    "  --register        certificates: enter each in the worker's register (its store, as serve\n"
    "                    opens it: --config FILE, -Dkey=value, the environment), so that its\n"
    "                    page finds it; nothing is written when the store refuses them (exit 69)\n"
    "  --jobs N          threads (the cores available): a certificate batch's chunks of 500\n"
    "                    painted at once, or several records rendered side by side; the same\n"
    "                    PDF (or ZIP) for every N\n"
    "  --max-pages N     pages a document may have, plus 4 per certificate recipient (10000)\n"
    "  --time-limit SECONDS  longest render of one record; 0 for none (600)\n"
    "  --strict-text     text that looks mis-encoded (VNI or TCVN3 bytes, UTF-8 read twice)\n"
    "                    is an error (exit 65), not a warning\n"
    "  --sign            sign every PDF made (PAdES, as vanthu sign does): the merged PDF once,\n"
    "                    each PDF of a --split ZIP (signed on a second thread while the next are\n"
    "                    painted), the annex too; all at one signing time. Signing options:\n"
    "    --p12 KEY.p12 (--pass-file FILE | --pass-env VAR)   the key, its passphrase never on\n"
    "                    the command line\n"
    "    --as person|organization, --image PNG, --seal-size MM, --reason TEXT, --field NAME,\n"
    "    --name TEXT, --tsa URL, --tsa-ca FILE   as vanthu sign --help says\n"
    VANTHU_LIST_OPTIONS
    "  -h, --help        print this help\n"
    "\n"
    "exit codes: 0 done, 64 usage, 65 bad record (or a key that cannot be opened), 66 missing\n"
    "            input, 70 internal error (or signing failed), 73 cannot write, 75 time limit\n"
    "            reached, 78 bad template (or page limit)\n";

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
    VANTHU_LIST_OPTIONS
    "  -h, --help        print this help\n"
    "\n"
    "exit codes: 0 valid, 64 usage, 65 bad record, 66 missing input, 78 bad or missing template\n";

const char* const import_help =
    "usage: vanthu import (--recipients LIST | --participants LIST) [--sheet NAME] [--map F=C,...]\n"
    "                     [--id-prefix P] [--encoding NAME] [-o OUT] SKELETON.xml\n"
    "       vanthu import --repair-text [--encoding NAME] [-o OUT] RECORD.xml\n"
    "\n"
    "Fills a certification's recipients (or a meeting's attendees) from a spreadsheet and\n"
    "writes the whole record to OUT (or stdout), to be checked, kept and sent anywhere. LIST is\n"
    ".xlsx (Excel, LibreOffice) or CSV / tab-separated text in UTF-8, UTF-16 with a BOM,\n"
    "windows-1258 or TCVN3. Its header row is found by name (STT, Mã, Họ và tên, Tên đơn vị,\n"
    "Tập thể, cá nhân, Cấp bậc, Chức vụ, Đơn vị, Địa chỉ, Thành tích, Số sổ vàng ..., with or\n"
    "without diacritics); every bad row is named by its cell (ds.xlsx:Danh sách!C17: empty\n"
    "name) and nothing is written (exit 65).\n"
    "\n"
    "  --recipients LIST    the certification's recipients\n"
    "  --participants LIST  the meeting's attendees\n"
    "  --sheet NAME         the workbook's sheet (default: the first)\n"
    "  --map F=C,...        columns by letter, over the header's names: id, rank, name,\n"
    "                       position, detail, unit, citation, register (name=C,detail=D);\n"
    "                       C:upper (or upper alone) reads a TCVN3 column typed with the\n"
    "                       .VnTimeH fonts in capitals\n"
    "  --id-prefix P        ids of rows without one: P-<row> (default: the record's id)\n"
    "  --encoding NAME      a text list's (or record's) encoding when it names none\n"
    "  --repair-text        no list: the record's mis-encoded texts (VNI or TCVN3 bytes read as\n"
    "                       windows-1258, UTF-8 encoded twice) read as meant; each change is\n"
    "                       printed on stderr for a person to confirm\n"
    "  -o OUT               the record's file (default: stdout)\n"
    "  -h, --help           print this help\n"
    "\n"
    "exit codes: 0 written, 64 usage, 65 bad list or record, 66 missing input, 73 cannot write\n";

const char* const sign_help =
    "usage: vanthu sign IN.pdf -o OUT.pdf --p12 KEY.p12 (--pass-file FILE | --pass-env VAR)\n"
    "                   [--as person|organization] [--image PNG] [--seal-size 36mm] [--reason TEXT]\n"
    "                   [--field NAME] [--name TEXT] [--tsa URL [--tsa-ca FILE]] [--fonts DIR]\n"
    "\n"
    "Signs IN.pdf with the key and certificate of KEY.p12 (PAdES B-B; B-T with --tsa) and writes\n"
    "OUT.pdf whole or not at all. The signature is appended as an incremental update: the bytes\n"
    "of IN.pdf and any signature already in it stay valid, so a document is signed by the person,\n"
    "then by the organisation. The passphrase is never taken from the command line.\n"
    "\n"
    "  --p12 KEY.p12     the signer's private key, certificate and chain (PKCS#12)\n"
    "  --pass-file FILE  the key's passphrase: the file's first line\n"
    "  --pass-env VAR    the key's passphrase: the environment variable VAR (unset once read)\n"
    "  --as ROLE         person (default): fills the last unsigned sign-N field the renderer left\n"
    "                    in the signature block, showing --image centred in it; organization:\n"
    "                    the seal (--image) at its real size over the left third of the last\n"
    "                    sign-N field, with the body's name and the signing time, and the same\n"
    "                    text on each annex's first page (attachment-N fields). Without such\n"
    "                    fields (a PDF from elsewhere) the signature is invisible, on page 1.\n"
    "  --image PNG       the signature picture (person) or the seal (organization), PNG with\n"
    "                    transparency\n"
    "  --seal-size MM    the seal's width on paper, the aspect kept (default 36mm)\n"
    "  --reason TEXT     the signature's reason (/Reason)\n"
    "  --field NAME      person: sign this unsigned signature field instead\n"
    "  --name TEXT       organization: the body's name shown (default: the certificate's O, or CN)\n"
    "  --tsa URL         an RFC 3161 time-stamping service (http:// or https://): the signature\n"
    "                    gets a trusted time (PAdES B-T)\n"
    "  --tsa-ca FILE     PEM certificates an https:// service's certificate must chain to\n"
    "                    (default: the system's CAs)\n"
    "  --fonts DIR       folder of the font of the appearance's text (LiberationSerif-Regular.ttf)\n"
    "  -h, --help        print this help\n"
    "\n"
    "exit codes: 0 signed, 64 usage, 65 bad PDF (xref streams, encryption ...) or key file or\n"
    "            passphrase, 66 missing input, 70 signing failed (time-stamp, appearance), 73 cannot write\n";

const char* const verify_help =
    "usage: vanthu verify FILE.pdf [--ca FILE]\n"
    "\n"
    "Prints each signature of FILE.pdf: the field, the signer (certificate CN), the signing time\n"
    "the signer claims and a time-stamp's time, whether the signature verifies over the bytes it\n"
    "signs, and what those bytes are: \"revision 1 of 2\" when later updates (a second signature)\n"
    "were appended after it, \"the whole file\" for the last one.\n"
    "\n"
    "  --ca FILE         PEM certificates to trust: the signer's chain must lead to one of them\n"
    "                    (without it, only the signature itself is checked, not who made it)\n"
    "  -h, --help        print this help\n"
    "\n"
    "exit codes: 0 at least one signature and all valid, 1 no signature or one not valid,\n"
    "            64 usage, 65 not a PDF vanthu reads, 66 missing input\n";

#undef VANTHU_LIST_OPTIONS

}  // namespace

std::string command_help(const std::string& command) {
    if (command == "render") return render_help;
    if (command == "check") return check_help;
    if (command == "import") return import_help;
    if (command == "sign") return sign_help;
    if (command == "verify") return verify_help;
    return {};
}

}  // namespace cli
