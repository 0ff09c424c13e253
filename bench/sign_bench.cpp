// vanthu_sign_bench: what signing adds to a certificate batch (issue 16). Renders 500
// certificates as one PDF each (render_split), then signs each PDF in this process with an
// RSA-2048 and a P-256 key (made by the openssl command in a temporary folder): invisibly
// (no picture), and as the organisation with the seal and its text in the place the
// template marked. Prints the best of --repeat runs of each, per PDF and for the batch, with
// one sign::signer per batch and with sign_pdf per PDF (everything made again each time),
// the render time beside them; then the pipeline: rendering on this thread, each PDF handed
// through a bounded queue to a signing thread, its wall time against rendering alone.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "render/render.hpp"
#include "sign/sign.hpp"

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

// The CPU seconds this thread has used.
double thread_cpu() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// The best wall and the best CPU time (of this thread) of repeat runs of f: under a loaded
// machine the CPU time says what the work costs, the wall time what a user waits.
struct timing {
    double wall = 1e9, cpu = 1e9;
};
timing best_of(int repeat, const std::function<void()>& f) {
    timing best;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const double cpu = thread_cpu();
        f();
        best.cpu = std::min(best.cpu, thread_cpu() - cpu);
        best.wall = std::min(best.wall, seconds(std::chrono::steady_clock::now() - start).count());
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

// Fails the bench with the first diagnostic when signing did not succeed.
void must_sign(sign::sign_status status, const vanthu::diagnostics& problems) {
    if (status == sign::sign_status::done) return;
    std::fprintf(stderr, "vanthu_sign_bench: %s\n", problems.items.front().message.c_str());
    std::exit(1);
}

// Signs every PDF with one signer, or with sign_pdf each (each_alone); the total bytes out.
std::size_t sign_all(const std::vector<std::string>& pdfs, const sign::credentials& who, const sign::sign_options& o,
                     bool each_alone) {
    std::size_t bytes = 0;
    sign::signer batch(who, o);
    for (const std::string& pdf : pdfs) {
        std::string out;
        vanthu::diagnostics problems;
        must_sign(each_alone ? sign::sign_pdf(pdf, who, o, out, problems) : batch.sign(pdf, out, problems), problems);
        bytes += out.size();
    }
    return bytes;
}

// A queue of PDFs between the rendering thread and the signing thread: a put waits while it
// holds capacity PDFs (so a slow signer holds back the renderer, not memory), a take waits
// for one; an empty string after close means no more.
class pdf_queue {
public:
    explicit pdf_queue(std::size_t capacity) : capacity_(capacity) {}
    void put(std::string pdf) {
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait(lock, [&] { return items_.size() < capacity_; });
        items_.push_back(std::move(pdf));
        ready_.notify_one();
    }
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        ready_.notify_one();
    }
    bool take(std::string& pdf) {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return false;
        pdf = std::move(items_.front());
        items_.pop_front();
        room_.notify_one();
        return true;
    }

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable room_, ready_;
    std::deque<std::string> items_;
    bool closed_ = false;
};

// One run of the pipeline: render_split on this thread, each PDF handed through the queue to
// a second thread, signed there by one signer (or only dropped, without who: the pipeline's
// own cost). Its wall time.
double pipeline(const std::string& record, const render::options& opts, const sign::credentials* who,
                const sign::sign_options& o) {
    pdf_queue queue(16);
    const auto start = std::chrono::steady_clock::now();
    std::thread signing([&] {
        std::unique_ptr<sign::signer> batch = who ? std::make_unique<sign::signer>(*who, o) : nullptr;
        std::string pdf, out;
        while (queue.take(pdf)) {
            vanthu::diagnostics problems;
            if (batch) must_sign(batch->sign(pdf, out, problems), problems);
        }
    });
    render::render_split(record, opts, [&](const std::string&, const std::string& pdf, std::string&) {
        queue.put(pdf);
        return true;
    });
    queue.close();
    signing.join();
    return seconds(std::chrono::steady_clock::now() - start).count();
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

    // Rendering alone, each PDF dropped as it comes (keeping 500 would time the allocator);
    // then once more, untimed, to keep them for signing.
    const timing render_t = best_of(repeat, [&] {
        render::render_split(record, opts, [&](const std::string&, const std::string&, std::string&) { return true; });
    });
    std::vector<std::string> pdfs;
    render::render_split(record, opts, [&](const std::string&, const std::string& pdf, std::string&) {
        pdfs.push_back(pdf);
        return true;
    });
    std::size_t rendered = 0;
    for (const std::string& pdf : pdfs) rendered += pdf.size();
    const double n = static_cast<double>(pdfs.size());

    std::printf("%zu certificates, render_split: %.3f s wall, %.3f s CPU (%.2f ms CPU per PDF, %.1f kB each)\n\n",
                pdfs.size(), render_t.wall, render_t.cpu, 1000 * render_t.cpu / n,
                static_cast<double>(rendered) / 1024.0 / n);
    std::printf("One thread, best of %d: signing after rendering, one sign::signer per batch (CPU overhead = its CPU "
                "time / render_split's), and sign_pdf per PDF\n\n", repeat);
    std::printf("| key | signature | signer: batch CPU s | ms CPU per PDF | CPU overhead | sign_pdf each: batch CPU s | "
                "kB added per PDF |\n|---|---|---|---|---|---|---|\n");
    struct pipelined {
        std::string what;
        double wall = 1e9, bare = 1e9;  // with signing; with the queue only
    };
    std::vector<pipelined> pipelines;
    for (const auto& [name, key] : {std::pair<std::string, std::string>{"RSA-2048", "rsa:2048"},
                                    {"P-256", "ec -pkeyopt ec_paramgen_curve:P-256"}}) {
        const sign::credentials who = make_signer(dir, name, key);
        sign::sign_options invisible;
        invisible.as = sign::signer_role::organization;
        invisible.now = 1'800'000'000;
        invisible.font_path = opts.fonts_dir + "/LiberationSerif-Regular.ttf";
        sign::sign_options seal = invisible;
        seal.image = read_file(source + "/tests/sign/data/seal.png");
        for (const auto& [look, options] : {std::pair<const char*, const sign::sign_options*>{"invisible", &invisible},
                                            {"seal + text (marked place)", &seal}}) {
            std::size_t bytes = 0;
            const timing batch = best_of(repeat, [&] { bytes = sign_all(pdfs, who, *options, false); });
            const timing alone = best_of(repeat, [&] { sign_all(pdfs, who, *options, true); });
            std::printf("| %s | %s | %.3f | %.2f | %.1f %% | %.3f | %.1f |\n", name.c_str(), look, batch.cpu,
                        1000 * batch.cpu / n, 100 * batch.cpu / render_t.cpu, alone.cpu,
                        static_cast<double>(bytes - rendered) / 1024.0 / n);
            // Each run with signing beside one without, so a change of the machine's load shows in both.
            pipelined p{name + " | " + look};
            for (int i = 0; i < repeat; ++i) {
                p.bare = std::min(p.bare, pipeline(record, opts, nullptr, *options));
                p.wall = std::min(p.wall, pipeline(record, opts, &who, *options));
            }
            pipelines.push_back(p);
        }
    }
    std::printf("\nTwo threads, best of %d: rendering on one, each PDF handed through a queue of 16 to the other,\n"
                "which signs it (one signer) or only drops it (the pipeline without signing)\n\n", repeat);
    std::printf("| key | signature | without signing: wall s | with signing: wall s | wall overhead |\n"
                "|---|---|---|---|---|\n");
    for (const pipelined& p : pipelines)
        std::printf("| %s | %.3f | %.3f | %+.1f %% |\n", p.what.c_str(), p.bare, p.wall, 100 * (p.wall / p.bare - 1));
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) == 3) std::printf("\nload average: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    must("rm -rf " + dir);
    return 0;
}
