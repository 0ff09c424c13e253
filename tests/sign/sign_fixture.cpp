// Owns the signing tests' fixture: the test PKI, the rendered document with its fields, the
// checkers run as programs.
#include "sign_fixture.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

#include "pdf/pages.hpp"
#include "sign/cos.hpp"
#include "sign/form.hpp"
#include "sign/update.hpp"
#include "support/test_paths.hpp"

namespace sign_test {

namespace {

// Runs a program that must succeed.
void must_run(const std::vector<std::string>& argv) {
    test_paths::command_output r = test_paths::run_command(argv);
    INFO(argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << ": " << r.err);
    REQUIRE(r.exit_code == 0);
}

// A certificate signed by the issuer, with the extensions of the section of ext.cnf.
void issue(const std::string& dir, const std::string& name, const std::string& key_spec, const std::string& subject,
           const std::string& issuer, const std::string& section) {
    const std::string key = dir + "/" + name + ".key";
    if (key_spec == "rsa")
        must_run({"openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key});
    else
        must_run({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key});
    must_run({"openssl", "req", "-new", "-utf8", "-key", key, "-subj", subject, "-out", dir + "/" + name + ".csr"});
    must_run({"openssl", "x509", "-req", "-in", dir + "/" + name + ".csr", "-CA", dir + "/" + issuer + ".pem", "-CAkey",
              dir + "/" + issuer + ".key", "-CAcreateserial", "-days", "30", "-extfile", dir + "/ext.cnf",
              "-extensions", section, "-out", dir + "/" + name + ".pem"});
}

// The PKCS#12 of a signer with its chain, under OpenSSL 3's defaults (AES, PBKDF2).
std::string export_p12(const std::string& dir, const std::string& name) {
    const std::string p12 = dir + "/" + name + ".p12";
    must_run({"openssl", "pkcs12", "-export", "-inkey", dir + "/" + name + ".key", "-in", dir + "/" + name + ".pem",
              "-certfile", dir + "/chain.pem", "-passout", "file:" + dir + "/pass.txt", "-out", p12});
    return p12;
}

pki make_pki() {
    pki p;
    // One per test process: CTest runs the sign tests side by side, and a folder they shared
    // would be wiped and remade under another's feet (certutil then prompts for ever).
    p.dir = test_paths::scratch_dir("sign-pki-" + std::to_string(::getpid()));
    const std::string& d = p.dir;
    write_file(d + "/ext.cnf",
               "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
               "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
               "[signer]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
               "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    write_file(d + "/pass.txt", "thử mật khẩu 123\n");
    must_run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/root.key", "-out",
              d + "/root.pem", "-days", "30", "-subj", "/CN=vanthu test root CA", "-addext",
              "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
    issue(d, "intermediate", "rsa", "/CN=vanthu test intermediate CA", "root", "ca");
    issue(d, "person", "rsa", "/CN=Nguyễn Văn An/O=Công an thành phố Hải Phòng", "intermediate", "signer");
    issue(d, "org", "ec", "/CN=Công an thành phố Hải Phòng/O=Công an thành phố Hải Phòng", "intermediate", "signer");
    write_file(d + "/chain.pem", test_paths::read_file(d + "/intermediate.pem") + test_paths::read_file(d + "/root.pem"));
    p.ca_pem = d + "/root.pem";
    p.pass_file = d + "/pass.txt";
    p.person_p12 = export_p12(d, "person");
    p.org_p12 = export_p12(d, "org");
    p.nss_dir = d + "/nss";
    must_run({"mkdir", "-p", p.nss_dir});
    must_run({"certutil", "-N", "--empty-password", "-d", "sql:" + p.nss_dir});
    must_run({"certutil", "-A", "-n", "vanthu test root", "-t", "CT,C,C", "-i", p.ca_pem, "-d", "sql:" + p.nss_dir});
    return p;
}

}  // namespace

const pki& test_pki() {
    static const pki made = make_pki();
    return made;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string add_unsigned_fields(const std::string& pdf, const std::vector<unsigned_field>& fields) {
    vanthu::diagnostics problems;
    auto file = pdf::pdf_file::read(pdf, problems);
    REQUIRE(file);
    sign::document_form form;
    REQUIRE(sign::read_form(*file, form, "test", problems));
    sign::pdf_update update(*file);
    pdf::value list = form.fields;
    std::vector<pdf::value> pages(file->page_count());
    for (const unsigned_field& f : fields) {
        const std::uint32_t number = update.new_object();
        const std::uint32_t page = file->page_object(f.page);
        pdf::value widget = sign::make_dictionary();
        widget.entries = {{"Type", sign::make_name("Annot")}, {"Subtype", sign::make_name("Widget")},
                          {"FT", sign::make_name("Sig")},     {"T", sign::make_text(f.name)},
                          {"Rect", sign::make_rect({f.x0, f.y0, f.x1, f.y1})},
                          {"P", sign::make_reference(page)},  {"F", sign::make_number(4)}};
        update.put(number, widget);
        list.items.push_back(sign::make_reference(number));
        pdf::value& dict = pages[f.page];
        if (dict.kind != pdf::value_kind::dictionary) dict = file->object(page, problems)->dict;
        if (!dict.find("Annots")) sign::set_entry(dict, "Annots", sign::make_array());
        dict.find("Annots")->items.push_back(sign::make_reference(number));
    }
    for (std::size_t i = 0; i < pages.size(); ++i)
        if (pages[i].kind == pdf::value_kind::dictionary) update.put(file->page_object(i), pages[i]);
    pdf::value acroform = form.acroform;
    sign::set_entry(acroform, "Fields", list);
    pdf::value catalog = form.catalog_dict;
    sign::set_entry(catalog, "AcroForm", acroform);
    update.put(form.catalog, catalog);
    return update.finish();
}

std::string certificate_with_fields() {
    static const std::string made = [] {
        const std::string dir = test_paths::scratch_dir("sign-document-" + std::to_string(::getpid()));
        test_paths::command_output r =
            vanthu({"render", test_paths::source("samples/certification-2022-01-10-merit-pccc.xml"), "-o", dir + "/doc.pdf"});
        REQUIRE(r.exit_code == 0);
        // The blank between "PHÓ GIÁM ĐỐC" and the name, measured with pdftotext -bbox.
        return add_unsigned_fields(test_paths::read_file(dir + "/doc.pdf"),
                                   {{"sign-1", 0, 500, 82, 720, 172}, {"attachment-1", 1, 60, 440, 320, 470}});
    }();
    return made;
}

test_paths::command_output vanthu(const std::vector<std::string>& args) {
    std::vector<std::string> argv{test_paths::vanthu_program()};
    argv.insert(argv.end(), args.begin(), args.end());
    return test_paths::run_command(argv);
}

std::string pdfsig(const std::string& pdf) {
    return test_paths::run_command({"pdfsig", "-nssdir", "sql:" + test_pki().nss_dir, pdf}).out;
}

signed_parts extract_signature(const std::string& bytes, std::size_t index) {
    std::size_t at = 0;
    for (std::size_t i = 0; i <= index; ++i) {
        at = bytes.find("/ByteRange [", at + 1);
        REQUIRE(at != std::string::npos);
    }
    std::size_t range[4];
    const char* p = bytes.c_str() + at + 12;
    for (std::size_t& n : range) {
        char* end = nullptr;
        n = std::strtoul(p, &end, 10);
        p = end;
    }
    signed_parts parts;
    parts.content = bytes.substr(range[0], range[1]) + bytes.substr(range[2], range[3]);
    std::string hex = bytes.substr(range[1] + 1, range[2] - range[1] - 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        parts.der += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    // The DER ends where its outer SEQUENCE says (30 82 hh ll), before the zeros of the room.
    REQUIRE(parts.der.size() > 4);
    REQUIRE(static_cast<unsigned char>(parts.der[1]) == 0x82);
    parts.der.resize(4 + (static_cast<unsigned char>(parts.der[2]) << 8) + static_cast<unsigned char>(parts.der[3]));
    return parts;
}

}  // namespace sign_test
