// vanthu_sign_bench: what signing adds to a certificate batch (issue 16). Renders 500
// certificates as one PDF each (render_split), then signs each PDF in this process with an
// RSA-2048 and a P-256 key (made by the openssl command in a temporary folder): invisibly
// (a PDF without fields), and as the organisation with the seal and its text in a sign-1
// field. Prints the best of --repeat runs of each, per PDF and for the batch, with the
// render time beside them so the overhead ratio shows.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "pdf/pages.hpp"
#include "render/render.hpp"
#include "sign/cos.hpp"
#include "sign/form.hpp"
#include "sign/sign.hpp"
#include "sign/update.hpp"

namespace {

using seconds = std::chrono::duration<double>;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

// Runs a shell command that must succeed.
void must(const std::string& command) {
    if (std::system(command.c_str()) != 0) {
        std::fprintf(stderr, "vanthu_sign_bench: failed: %s\n", command.c_str());
        std::exit(1);
    }
}

// The best wall time of repeat runs of f.
double best_of(int repeat, const std::function<void()>& f) {
    double best = 1e9;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        best = std::min(best, seconds(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

// A self-signed signer of the key type in a PKCS#12 (passphrase "bench"), loaded.
sign::credentials make_signer(const std::string& dir, const std::string& name, const std::string& key_options) {
    const std::string base = dir + "/" + name;
    must("openssl req -x509 -nodes -newkey " + key_options + " -keyout " + base + ".key -out " + base +
         ".pem -days 2 -subj '/CN=Bench " + name + "/O=Công an thành phố Hải Phòng' -utf8 2>/dev/null");
    must("openssl pkcs12 -export -inkey " + base + ".key -in " + base + ".pem -passout pass:bench -out " + base + ".p12");
    std::string pass = "bench";
    sign::credentials who;
    vanthu::diagnostics problems;
    if (!sign::load_credentials(read_file(base + ".p12"), pass, who, problems)) std::exit(1);
    return who;
}

// The PDF with an unsigned sign-1 field in the blank of the certificate's signature block.
std::string with_sign_field(const std::string& pdf) {
    vanthu::diagnostics problems;
    auto file = pdf::pdf_file::read(pdf, problems);
    sign::document_form form;
    if (!file || !sign::read_form(*file, form, "bench", problems)) std::exit(1);
    sign::pdf_update update(*file);
    const std::uint32_t field = update.new_object(), page = file->page_object(0);
    pdf::value widget = sign::make_dictionary();
    widget.entries = {{"Type", sign::make_name("Annot")}, {"Subtype", sign::make_name("Widget")},
                      {"FT", sign::make_name("Sig")},     {"T", sign::make_text("sign-1")},
                      {"Rect", sign::make_rect({500, 82, 720, 172})}, {"P", sign::make_reference(page)}};
    update.put(field, widget);
    pdf::value page_dict = file->object(page, problems)->dict;
    pdf::value annots = sign::make_array();
    annots.items.push_back(sign::make_reference(field));
    sign::set_entry(page_dict, "Annots", annots);
    update.put(page, page_dict);
    pdf::value acroform = sign::make_dictionary(), fields = sign::make_array();
    fields.items.push_back(sign::make_reference(field));
    acroform.entries.emplace_back("Fields", fields);
    pdf::value catalog = form.catalog_dict;
    sign::set_entry(catalog, "AcroForm", acroform);
    update.put(form.catalog, catalog);
    return update.finish();
}

// Signs every PDF; the total bytes out.
std::size_t sign_all(const std::vector<std::string>& pdfs, const sign::credentials& who, const sign::sign_options& o) {
    std::size_t bytes = 0;
    for (const std::string& pdf : pdfs) {
        std::string out;
        vanthu::diagnostics problems;
        if (sign::sign_pdf(pdf, who, o, out, problems) != sign::sign_status::done) {
            std::fprintf(stderr, "vanthu_sign_bench: %s\n", problems.items.front().message.c_str());
            std::exit(1);
        }
        bytes += out.size();
    }
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 3;
    std::size_t count = 500;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--repeat") repeat = std::atoi(argv[i + 1]);
        if (std::string(argv[i]) == "--certificates") count = static_cast<std::size_t>(std::atol(argv[i + 1]));
    }
    const std::string source = VANTHU_SOURCE_DATA_DIR;
    char dir_template[] = "/tmp/vanthu-sign-bench-XXXXXX";
    const std::string dir = ::mkdtemp(dir_template);
    must("python3 " + source + "/samples/tools/make_certifications.py --count " + std::to_string(count) + " -o " + dir +
         "/batch.xml");
    const std::string record = read_file(dir + "/batch.xml");
    render::options opts;
    opts.templates_dir = source + "/templates";
    opts.fonts_dir = source + "/fonts";

    std::vector<std::string> pdfs;
    const double render_s = best_of(repeat, [&] {
        pdfs.clear();
        render::render_split(record, opts, [&](const std::string&, const std::string& pdf, std::string&) {
            pdfs.push_back(pdf);
            return true;
        });
    });
    std::vector<std::string> with_fields;
    for (const std::string& pdf : pdfs) with_fields.push_back(with_sign_field(pdf));
    std::size_t rendered = 0;
    for (const std::string& pdf : pdfs) rendered += pdf.size();

    std::printf("%zu certificates, render_split: %.3f s (%.2f ms per PDF, %.1f kB each)\n\n", pdfs.size(), render_s,
                1000 * render_s / static_cast<double>(pdfs.size()), static_cast<double>(rendered) / 1024.0 / static_cast<double>(pdfs.size()));
    std::printf("| key | signature | batch s | ms per PDF | sign/render | kB added per PDF |\n|---|---|---|---|---|---|\n");
    for (const auto& [name, key] : {std::pair<std::string, std::string>{"RSA-2048", "rsa:2048"},
                                    {"P-256", "ec -pkeyopt ec_paramgen_curve:P-256"}}) {
        const sign::credentials who = make_signer(dir, name, key);
        sign::sign_options invisible;
        invisible.as = sign::signer_role::organization;
        invisible.now = 1'800'000'000;
        invisible.font_path = opts.fonts_dir + "/LiberationSerif-Regular.ttf";
        sign::sign_options seal = invisible;
        seal.image = read_file(source + "/tests/sign/data/seal.png");
        for (const auto& [look, options, inputs] :
             {std::tuple<const char*, const sign::sign_options*, const std::vector<std::string>*>{"invisible", &invisible, &pdfs},
              {"seal + text (sign-1)", &seal, &with_fields}}) {
            std::size_t bytes = 0;
            const double s = best_of(repeat, [&] { bytes = sign_all(*inputs, who, *options); });
            std::size_t before = 0;
            for (const std::string& pdf : *inputs) before += pdf.size();
            const double n = static_cast<double>(inputs->size());
            std::printf("| %s | %s | %.3f | %.2f | %.2fx | %.1f |\n", name.c_str(), look, s, 1000 * s / n, s / render_s,
                        static_cast<double>(bytes - before) / 1024.0 / n);
        }
    }
    must("rm -rf " + dir);
    return 0;
}
